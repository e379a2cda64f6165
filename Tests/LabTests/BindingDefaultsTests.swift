// The lab's builtins are the Swift API, defaults included. Swift cannot read a default at run
// time, so each builtin is called twice with its defaulted arguments left out — once at the
// lab's prompt (the lab's binding fills them in), once in Swift (compiled here, so swiftc fills
// them in from the declaration) — in sessions seeded alike, and the results must agree to the
// last bit: a layer's output on the same input, a model's prediction, an optimiser's step.

import Foundation
import Testing
import ResNetKit
@testable import Lab

/// A result as text, exactly: tensors by shape and every scalar.
func fingerprint(_ v: Any) -> String {
    switch v {
    case let t as Tensor: return "\(t.shape) \(t.scalars)"
    case let ts as [Tensor]: return ts.map(fingerprint).joined(separator: " | ")
    case let value as Value:
        switch value {
        case .tensor(let t): return fingerprint(t)
        case .array(let items):
            return items.map { fingerprint($0) }.joined(separator: items.allSatisfy { if case .tensor = $0 { return true } else { return false } } ? " | " : ", ")
        case .int(let i): return "\(i)"
        case .float(let f): return "\(f)"
        case .double(let d): return "\(d)"
        case .bool(let b): return "\(b)"
        case .string(let s): return s
        case .native(let o): return fingerprint(o)
        default: return swiftFormat(value, debug: false)
        }
    case let p as Picture: return p.rendered(.plain)
    case let i as [Int]: return i.map(String.init).joined(separator: ", ")
    default: return "\(v)"
    }
}

/// A lab program (its last line's value is the result) and the same calls in Swift.
struct DefaultsCase: CustomTestStringConvertible, Sendable {
    let name: String
    let lab: String
    let swift: @Sendable () throws -> Any
    var testDescription: String { name }
}

let input = "let x = try Tensor.randomNormal([2, 8, 8, 3], seed: 5)\n"
@Sendable func x() throws -> Tensor { try Tensor.randomNormal([2, 8, 8, 3], seed: 5) }

let defaultsCases: [DefaultsCase] = [
    .init(name: "Conv2D", lab: input + "try Conv2D(filters: 4, kernelSize: 3)(x)", swift: { try Conv2D(filters: 4, kernelSize: 3)(try x()) }),
    .init(name: "Dense", lab: "try Dense(units: 3)(Tensor.randomNormal([2, 5], seed: 5))", swift: { try Dense(units: 3)(try Tensor.randomNormal([2, 5], seed: 5)) }),
    .init(
        name: "BatchNormalization", lab: input + "let bn = try BatchNormalization()\n_ = try bn.forward(x, training: true)\ngetWeights(bn)",
        swift: {
            let bn = try BatchNormalization(); _ = try bn.forward(try x(), training: true); return getWeights(bn)
        }),
    .init(name: "MaxPooling2D", lab: input + "try MaxPooling2D()(x)", swift: { try MaxPooling2D()(try x()) }),
    .init(name: "AveragePooling2D", lab: input + "try AveragePooling2D()(x)", swift: { try AveragePooling2D()(try x()) }),
    .init(name: "ZeroPadding2D", lab: input + "try ZeroPadding2D()(x)", swift: { try ZeroPadding2D()(try x()) }),
    .init(name: "GlobalAveragePooling2D", lab: input + "try GlobalAveragePooling2D()(x)", swift: { try GlobalAveragePooling2D()(try x()) }),
    .init(name: "Flatten", lab: input + "try Flatten()(x)", swift: { try Flatten()(try x()) }),
    .init(name: "residualUnit", lab: input + "try residualUnit(filters: 3)(x)", swift: { try residualUnit(filters: 3)(try x()) }),
    .init(
        name: "ResNetV1", lab: "try ResNetV1(depth: 8)(Tensor.randomNormal([1, 32, 32, 3], seed: 5))",
        swift: { try ResNetV1(depth: 8)(try Tensor.randomNormal([1, 32, 32, 3], seed: 5)) }),
    .init(
        name: "PlainNet", lab: "try PlainNet(depth: 8)(Tensor.randomNormal([1, 32, 32, 3], seed: 5))",
        swift: { try PlainNet(depth: 8)(try Tensor.randomNormal([1, 32, 32, 3], seed: 5)) }),
    .init(
        name: "ResNetV2", lab: "try ResNetV2(depth: 11)(Tensor.randomNormal([1, 32, 32, 3], seed: 5))",
        swift: { try ResNetV2(depth: 11)(try Tensor.randomNormal([1, 32, 32, 3], seed: 5)) }),
    .init(
        name: "ResNet20", lab: "try ResNet20()(Tensor.randomNormal([1, 32, 32, 3], seed: 5))",
        swift: { try ResNet20()(try Tensor.randomNormal([1, 32, 32, 3], seed: 5)) }),
    .init(name: "matmul", lab: "try matmul(Tensor([[1, 2], [3, 4]]), Tensor([[5], [6]]))", swift: { try matmul(try Tensor([[1, 2], [3, 4]]), try Tensor([[5], [6]])) }),
    .init(name: "im2col", lab: input + "try im2col(x, kernelSize: 3)", swift: { try im2col(try x(), kernelSize: 3) }),
    .init(
        name: "augment", lab: input + "try augment(x, with: ImageDataGenerator(widthShiftRange: 0.25, horizontalFlip: true))",
        swift: { try augment(try x(), with: ImageDataGenerator(widthShiftRange: 0.25, horizontalFlip: true)) }),
    .init(name: "EpochShuffler", lab: "EpochShuffler(count: 12).nextEpoch()", swift: { EpochShuffler(count: 12).nextEpoch() }),
    .init(
        name: "SGD", lab: input + "let d = try Dense(units: 2)\n_ = try d(Tensor.ones([2, 3]))\n_ = try d.backward(Tensor.ones([2, 2]))\nSGD().update(d.parameters)\ngetWeights(d)",
        swift: {
            let d = try Dense(units: 2); _ = try d(Tensor.ones([2, 3])); _ = try d.backward(Tensor.ones([2, 2])); SGD().update(d.parameters); return getWeights(d)
        }),
    .init(
        name: "Adam", lab: "let d = try Dense(units: 2)\n_ = try d(Tensor.ones([2, 3]))\n_ = try d.backward(Tensor.ones([2, 2]))\nAdam().update(d.parameters)\ngetWeights(d)",
        swift: {
            let d = try Dense(units: 2); _ = try d(Tensor.ones([2, 3])); _ = try d.backward(Tensor.ones([2, 2])); Adam().update(d.parameters); return getWeights(d)
        }),
    .init(
        name: "OptimizerExtras",
        lab:
            "let d = try Dense(units: 2)\n_ = try d(Tensor.ones([2, 3]))\n_ = try d.backward(Tensor.ones([2, 2]))\nSGD(learningRate: 0.5, extras: try OptimizerExtras(weightDecay: 0.1)).update(d.parameters)\ngetWeights(d)",
        swift: {
            let d = try Dense(units: 2); _ = try d(Tensor.ones([2, 3])); _ = try d.backward(Tensor.ones([2, 2]))
            SGD(learningRate: 0.5, extras: try OptimizerExtras(weightDecay: 0.1)).update(d.parameters); return getWeights(d)
        }),
    .init(
        name: "predict", lab: "let m = try ResNetV1(depth: 8)\ntry predict(m, x: Tensor.randomNormal([3, 32, 32, 3], seed: 2))",
        swift: { try predict(try ResNetV1(depth: 8), x: try Tensor.randomNormal([3, 32, 32, 3], seed: 2)) }),
    .init(
        name: "fit and FitOptions",
        lab:
            "let m = try ResNetV1(depth: 8)\n_ = try fit(m, x: Tensor.randomNormal([8, 32, 32, 3], seed: 3), y: Tensor([0, 1, 2, 3, 4, 5, 6, 7]), optimizer: SGD(), options: FitOptions(reporter: nil))\ngetWeights(m)",
        swift: {
            let m = try ResNetV1(depth: 8)
            _ = try fit(m, x: try Tensor.randomNormal([8, 32, 32, 3], seed: 3), y: try Tensor([0, 1, 2, 3, 4, 5, 6, 7]), optimizer: SGD(), options: FitOptions(reporter: nil))
            return getWeights(m)
        }),
    .init(
        name: "gradientCheck", lab: "try gradientCheck(Dense(units: 2), input: Tensor.randomNormal([2, 3], seed: 1)).maxRelativeError",
        swift: { try gradientCheck(try Dense(units: 2), input: try Tensor.randomNormal([2, 3], seed: 1)).maxRelativeError }),
    .init(name: "show", lab: "try show(Tensor.linspace(0, 1, count: 16, shape: [4, 4]))", swift: { try show(try Tensor.linspace(0, 1, count: 16, shape: [4, 4])) }),
    .init(name: "plotSeries", lab: "try plotSeries([3, 2, 1.5])", swift: { try plotSeries([3, 2, 1.5]) }),
]

@Suite("The lab's bindings fill in Swift's defaults")
struct BindingDefaultsTests {
    @Test(arguments: defaultsCases)
    func sameResult(_ c: DefaultsCase) throws {
        let lab = Interpreter(output: { _ in })
        let labResult = try #require(try lab.run(c.lab).last, "\(c.name): the lab program gives no value")
        let swiftResult = try Session(seed: 0).run { try c.swift() }
        #expect(fingerprint(labResult) == fingerprint(swiftResult), "\(c.name): the lab's defaults differ from Swift's")
    }

    @Test("the comparison fails when a default differs: Conv2D's strides, SGD's learning rate")
    func comparisonCanFail() throws {
        let lab = Interpreter(output: { _ in })
        let labResult = try #require(try lab.run(input + "try Conv2D(filters: 4, kernelSize: 3)(x)").last)
        let other = try Session(seed: 0).run { try Conv2D(filters: 4, kernelSize: 3, strides: 2)(try x()) }
        #expect(fingerprint(labResult) != fingerprint(other))
        let sgd = try #require(
            try Interpreter(output: { _ in }).run(
                "let d = try Dense(units: 2)\n_ = try d(Tensor.ones([2, 3]))\n_ = try d.backward(Tensor.ones([2, 2]))\nSGD().update(d.parameters)\ngetWeights(d)"
            ).last)
        let faster = try Session(seed: 0).run { () throws -> [Tensor] in
            let d = try Dense(units: 2); _ = try d(Tensor.ones([2, 3])); _ = try d.backward(Tensor.ones([2, 2])); SGD(learningRate: 0.02).update(d.parameters); return getWeights(d)
        }
        #expect(fingerprint(sgd) != fingerprint(faster))
    }
}
