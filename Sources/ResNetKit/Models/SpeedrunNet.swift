// SpeedrunNet — a small residual network for 28×28 images, built to train fast on a CPU
// (lesson 13). Where ResNet-20 spends 41 M multiply-adds per 32×32 image at full
// resolution, this one halves the resolution after every stage's first convolution, as
// the speed-run networks for CIFAR-10 do (airbench: conv → pool → BN → ReLU):
//
//   stem:     Conv2D(w₀, 3×3) → BN → ReLU                        28×28×w₀
//   stage k:  Conv2D(w_k, 3×3) → MaxPool 2×2 → BN → ReLU          28/2ᵏ
//             + `units[k]` residual units: x + BN(Conv(ReLU(BN(Conv(x))))) → ReLU
//   GlobalAveragePooling2D → Dense(classes, softmax)
//
// Convolutions have no bias (the BN after each one has its own β). Widths and units are
// the knobs the speed run tunes on a validation split. `batchNormMomentum` (Keras's BN
// `momentum`, 0.99) may be lowered for very short runs, whose moving statistics would
// otherwise still lag the weights when training stops.

/// The speed run's network: a stem, then stages that each down-sample by 2 and may add
/// residual units at the new resolution.
///
/// ```swift
/// let model = try SpeedrunNet(widths: [16, 32, 64], units: [0, 1])
/// model.parameterCounts.total   // 98,522
/// ```
public func SpeedrunNet(
    widths: [Int] = [16, 32, 64], units: [Int] = [0, 1], inputShape: [Int] = [28, 28, 1],
    classes: Int = 10, batchNormMomentum: Float = 0.99, name: String = "speedrun_net"
) throws -> Model {
    guard widths.count >= 2, widths.allSatisfy({ $0 > 0 }), units.count == widths.count - 1, units.allSatisfy({ $0 >= 0 }), classes > 0 else {
        throw ResNetError(
            .invalidArgument,
            "SpeedrunNet: needs a stem width and one width per stage (all positive), one unit count (≥ 0) per stage, classes > 0; received widths=\(widths), units=\(units), classes=\(classes)"
        )
    }
    func convBN(_ filters: Int, relu: Bool = true) throws -> [Layer] {
        [
            try Conv2D(filters: filters, kernelSize: 3, padding: .same, useBias: false, kernelInitializer: .heNormal()),
            try BatchNormalization(momentum: batchNormMomentum),
        ] + (relu ? [Activation(.relu)] : [])
    }
    var layers: [Layer] = try convBN(widths[0])
    for (k, w) in widths.dropFirst().enumerated() {
        layers += [
            try Conv2D(filters: w, kernelSize: 3, padding: .same, useBias: false, kernelInitializer: .heNormal()),
            try MaxPooling2D(poolSize: 2), try BatchNormalization(momentum: batchNormMomentum), Activation(.relu),
        ]
        for _ in 0..<units[k] {
            layers.append(ResidualBlock(main: try convBN(w) + convBN(w, relu: false), kind: "ResidualUnit"))
        }
    }
    layers += [GlobalAveragePooling2D(), try Dense(units: classes, activation: .softmax)]
    return try Model(name: name, inputShape: inputShape, layers: layers)
}
