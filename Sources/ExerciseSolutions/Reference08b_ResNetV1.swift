// Reference solution of exercise 8b. A drop-in for Sources/Exercises/Exercise08b_ResNetV1.swift;
// `resnet-lab solution 8b` shows it once your own version passes.
import ResNetKit

public func makeResNetV1(depth: Int, inputShape: [Int] = [32, 32, 3], classes: Int = 10) throws -> Model {
    guard depth > 2, (depth - 2) % 6 == 0 else {
        throw ResNetError(.invalidArgument, "depth should be 6n + 2 (eg 20, 32, 44 in [a]); received depth=\(depth)")
    }
    let n = (depth - 2) / 6
    var layers: [Layer] = try resnetLayer(numFilters: 16)
    var filters = 16
    for stack in 0..<3 {
        for unit in 0..<n {
            let strides = stack > 0 && unit == 0 ? 2 : 1  // the first unit of stacks 2 and 3 down-samples
            let main =
                try resnetLayer(numFilters: filters, strides: strides)
                + resnetLayer(numFilters: filters, activation: nil)
            let shortcut: [Layer] =
                try strides == 1
                ? []
                : resnetLayer(
                    numFilters: filters, kernelSize: 1, strides: strides, activation: nil, batchNormalization: false)
            layers.append(ResidualBlock(main: main, shortcut: shortcut, post: Activation(.relu)))
        }
        filters *= 2
    }
    layers += [
        try AveragePooling2D(poolSize: 8), Flatten(),
        try Dense(units: classes, activation: .softmax, kernelInitializer: .heNormal()),
    ]
    return try Model(name: "resnet_v1_\(depth)", inputShape: inputShape, layers: layers)
}
