// Nothing a caller passes can trap: every mistake is a ResNetError whose message names the
// layer, what it received and what it expected.

import Testing
@testable import ResNetKit

struct Misuse: CustomTestStringConvertible, Sendable {
    let what: String
    let expected: [String]  // fragments the message must contain
    let run: @Sendable () throws -> Void
    var testDescription: String { what }
}

let misuses: [Misuse] = [
    .init(what: "3-D input to Conv2D", expected: ["Conv2D 'res2a_branch2a'", "expected 4-D input (N, H, W, C)", "received shape [32, 32, 3]"]) {
        _ = try Conv2D(filters: 8, kernelSize: 3, name: "res2a_branch2a")(Tensor.zeros([32, 32, 3]))
    },
    .init(what: "filters=0", expected: ["Conv2D", "filters=0"]) { _ = try Conv2D(filters: 0, kernelSize: 3) },
    .init(what: "kernel size 0", expected: ["kernel_size", "(0, 0)"]) { _ = try Conv2D(filters: 1, kernelSize: 0) },
    .init(what: "kernel size of three numbers", expected: ["kernel_size", "[height, width]"]) { _ = try Conv2D(filters: 1, kernelSize: [1, 2, 3]) },
    .init(what: "negative stride", expected: ["strides"]) { _ = try Conv2D(filters: 1, kernelSize: 3, strides: -1) },
    .init(what: "window larger than the input", expected: ["smaller than the window 7×7", "padding: .same"]) {
        _ = try Conv2D(filters: 1, kernelSize: 7)(Tensor.zeros([1, 5, 5, 1]))
    },
    .init(what: "channels differ from the built kernel", expected: ["built for 3 input channels", "4 channels"]) {
        let c = try Conv2D(filters: 2, kernelSize: 1)
        _ = try c(Tensor.zeros([1, 2, 2, 3]))
        _ = try c(Tensor.zeros([1, 2, 2, 4]))
    },
    .init(what: "backward before forward", expected: ["backward called before forward"]) {
        _ = try Conv2D(filters: 2, kernelSize: 1).backward(Tensor.zeros([1, 1, 1, 2]))
    },
    .init(what: "dy of the wrong shape", expected: ["expected dy of shape [1, 2, 2, 2]", "received [1, 2, 2, 3]"]) {
        let c = try Conv2D(filters: 2, kernelSize: 1)
        _ = try c.forward(Tensor.zeros([1, 2, 2, 1]), training: true)
        _ = try c.backward(Tensor.zeros([1, 2, 2, 3]))
    },
    .init(what: "BatchNormalization on another axis", expected: ["axis=1"]) { _ = try BatchNormalization(axis: 1) },
    .init(what: "BatchNormalization momentum 2", expected: ["momentum=2"]) { _ = try BatchNormalization(momentum: 2) },
    .init(what: "Dense on 1-D input", expected: ["Dense", "rank ≥ 2", "Flatten"]) { _ = try Dense(units: 3)(Tensor([1, 2])) },
    .init(what: "Dense units=-1", expected: ["units=-1"]) { _ = try Dense(units: -1) },
    .init(what: "Add of different shapes", expected: ["Add", "[1, 4, 4, 8] and [1, 2, 2, 16]", "projection shortcut"]) {
        _ = try Add()([Tensor.zeros([1, 4, 4, 8]), Tensor.zeros([1, 2, 2, 16])])
    },
    .init(what: "Add of one input", expected: ["at least 2 inputs"]) { _ = try Add()([Tensor.zeros([1])]) },
    .init(what: "pooling a 2-D tensor", expected: ["MaxPooling2D", "4-D"]) { _ = try MaxPooling2D()(Tensor.zeros([4, 4])) },
    .init(what: "negative padding", expected: ["padding must be non-negative"]) { _ = try ZeroPadding2D(top: -1, bottom: 0, left: 0, right: 0) },
    .init(what: "broadcast mismatch", expected: ["[2, 3] and [4]", "cannot be broadcast"]) { _ = try Tensor.zeros([2, 3]) + Tensor.zeros([4]) },
    .init(what: "wrong scalar count", expected: ["holds 6 elements, received 5"]) { _ = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5]) },
    .init(what: "negative shape", expected: ["non-negative"]) { _ = try Tensor.zeros([-1, 3]) },
    .init(what: "absurd shape", expected: ["too large"]) { _ = try Tensor.zeros([1 << 20, 1 << 20, 1 << 20]) },
    .init(what: "reshape to the wrong size", expected: ["cannot reshape [2, 3]"]) { _ = try Tensor.zeros([2, 3]).reshaped([4, 2]) },
    .init(what: "matmul inner dimensions", expected: ["inner dimensions differ"]) { _ = try matmul(Tensor.zeros([2, 3]), Tensor.zeros([2, 3])) },
    .init(what: "index out of range", expected: ["index 5 is out of range"]) { _ = try Tensor.zeros([3, 2])[5] },
    .init(what: "axis out of range", expected: ["axis 2 is out of range"]) { _ = try Tensor.zeros([3, 2]).sum(axis: 2) },
    .init(what: "label not a class", expected: ["label 7", "0..<3"]) { _ = try oneHot(Tensor([7]), classes: 3) },
    .init(what: "loss shapes differ", expected: ["y_true and y_pred must have the same shape"]) {
        _ = try CategoricalCrossentropy()(yTrue: Tensor.zeros([2, 3]), yPred: Tensor.zeros([2, 4]))
    },
    .init(what: "assigning a weight of the wrong shape", expected: ["kernel expects shape [1, 1, 1, 2]"]) {
        let c = try Conv2D(filters: 2, kernelSize: 1)
        try c.build(inputShape: [1, 2, 2, 1])
        try c.parameter("kernel").assign(Tensor.zeros([3]))
    },
    .init(what: "unknown parameter", expected: ["has no parameter 'weights'", "kernel, bias"]) {
        let c = try Conv2D(filters: 2, kernelSize: 1)
        try c.build(inputShape: [1, 2, 2, 1])
        _ = try c.parameter("weights")
    },
    .init(what: "a file that is not .npy", expected: ["not a valid .npy file"]) { _ = try Tensor.parseNpy(Array("hello world".utf8)) },
    .init(what: "a truncated .npy", expected: ["truncated"]) { _ = try Tensor.parseNpy(Array(Tensor.ones([10]).npyData().dropLast(8))) },
    .init(what: "a missing file", expected: ["cannot read"]) { _ = try Tensor.readNpy(path: "/nonexistent/x.npy") },
]

@Suite("Errors, not traps")
struct ErrorTests {
    @Test(arguments: misuses)
    func misuse(_ m: Misuse) {
        do {
            try m.run()
            Issue.record("\(m.what): no error was thrown")
        } catch let error as ResNetError {
            for fragment in m.expected {
                #expect(error.message.contains(fragment), "message was: \(error.message)")
            }
        } catch {
            Issue.record("\(m.what): threw a \(type(of: error)), not a ResNetError")
        }
    }
}

@Suite("Empty and degenerate tensors never crash")
struct DegenerateInputTests {
    @Test func emptyBatches() throws {
        let empty = try Tensor.zeros([0, 4, 4, 2])
        let layers: [Layer] = [
            try Conv2D(filters: 2, kernelSize: 3), try BatchNormalization(), try MaxPooling2D(),
            try AveragePooling2D(), try ZeroPadding2D(padding: 1), try Dense(units: 2),
        ]
        for layer in layers {
            #expect(throws: ResNetError.self, "\(layer.kind)") { try layer.forward(empty, training: true) }
        }
        #expect(try matmul(Tensor.zeros([0, 3]), Tensor.zeros([3, 2])).shape == [0, 2])
        #expect(Activation(.relu).function.apply(try Tensor.zeros([0, 3])).count == 0)
        #expect(try (Tensor.zeros([0]) + Tensor.zeros([0])).count == 0)
    }
}
