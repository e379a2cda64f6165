// Reference solution of exercise 10a. A drop-in for Sources/Exercises/Exercise10a_PlainNet.swift;
// `resnet-lab solution 10a` shows it once your own version passes.
import ResNetKit

public func makePlainNet(depth: Int, inputShape: [Int] = [32, 32, 3], classes: Int = 10) throws -> Model {
    guard depth > 2, (depth - 2) % 6 == 0 else {
        throw ResNetError(.invalidArgument, "depth should be 6n + 2 (eg 20, 32, 44); received depth=\(depth)")
    }
    let n = (depth - 2) / 6
    var layers: [Layer] = try resnetLayer(numFilters: 16)
    var filters = 16
    for stack in 0..<3 {
        for unit in 0..<n {
            let strides = stack > 0 && unit == 0 ? 2 : 1
            // The ResNet unit without its addition: the ReLU that followed the sum stays.
            layers +=
                try resnetLayer(numFilters: filters, strides: strides)
                + resnetLayer(numFilters: filters, activation: nil) + [Activation(.relu)]
        }
        filters *= 2
    }
    layers += [
        try AveragePooling2D(poolSize: 8), Flatten(),
        try Dense(units: classes, activation: .softmax, kernelInitializer: .heNormal()),
    ]
    return try Model(name: "plain_\(depth)", inputShape: inputShape, layers: layers)
}
