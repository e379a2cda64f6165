// ResNet v1 for CIFAR (He et al. 2015, §4.2; seed 003's `resnet_v1`): depth = 6n + 2.
//
//   resnet_layer(16)                                   32×32×16
//   3 stacks × n units: [16, 32, 64] filters,          32×32 → 16×16 → 8×8
//     each unit: resnet_layer(f, stride) → resnet_layer(f, no activation)
//                (+ a 1×1 projection of x, no BN, on the first unit of stacks 2 and 3)
//                → add → relu
//   AveragePooling2D(8) → Flatten → Dense(classes, softmax, he_normal)
// The plain twin is the same network with every shortcut removed. `shortcut: .zeroPadding`
// with `useBias: false` is the paper's own CIFAR network (option A, no conv biases), whose
// parameter counts are the paper's Table 6.

/// The shortcut of a down-sampling unit.
public enum Shortcut: String, Sendable, CaseIterable {
    /// Seed 003: a 1×1 convolution with stride 2 (the paper's option B).
    case projection
    /// The paper's CIFAR option A: subsample and pad channels with zeros, no parameters.
    case zeroPadding
}

/// Seed 003's ResNet v1 of depth 6n + 2 (20, 32, 44, 56, 110, …).
///
/// `batchNormalization` and `activation` exist for the vanishing-gradient lesson (a net
/// without BN, with sigmoid or tanh); the defaults are the seed's. `kernelRegularizer` is the
/// seed's l2(1e-4) on every convolution kernel; nil leaves it out, as when the optimizer's
/// decoupled weight decay takes its place (lesson 10's long experiment).
///
/// ```swift
/// let model = try ResNetV1(depth: 20)
/// model.parameterCounts.total   // 274,442 — the paper's "0.27M"
/// ```
public func ResNetV1(
    depth: Int, inputShape: [Int] = [32, 32, 3], classes: Int = 10,
    batchNormalization: Bool = true, activation: ActivationFunction = .relu,
    shortcut: Shortcut = .projection, useBias: Bool = true, kernelRegularizer: Regularizer? = .l2(1e-4)
) throws -> Model {
    try cifarV1(
        depth: depth, inputShape: inputShape, classes: classes, shortcuts: true,
        batchNormalization: batchNormalization, activation: activation,
        shortcut: shortcut, useBias: useBias, regularizer: kernelRegularizer, name: "resnet_v1_\(depth)")
}

/// The plain twin of `ResNetV1`: the same layers, no shortcuts (the paper's "plain-20/56").
///
/// ```swift
/// let plain = try PlainNet(depth: 56, batchNormalization: false, activation: .tanh)
/// ```
public func PlainNet(
    depth: Int, inputShape: [Int] = [32, 32, 3], classes: Int = 10,
    batchNormalization: Bool = true, activation: ActivationFunction = .relu,
    kernelRegularizer: Regularizer? = .l2(1e-4)
) throws -> Model {
    try cifarV1(
        depth: depth, inputShape: inputShape, classes: classes, shortcuts: false,
        batchNormalization: batchNormalization, activation: activation, regularizer: kernelRegularizer, name: "plain_\(depth)")
}

/// n from a depth, with the seed's own message when the depth is not 6n + 2.
func unitsPerStack(depth: Int, per: Int, message: String) throws -> Int {
    guard depth > 2, (depth - 2) % per == 0 else { throw ResNetError(.invalidArgument, message + "; received depth=\(depth)") }
    return (depth - 2) / per
}

func cifarV1(
    depth: Int, inputShape: [Int], classes: Int, shortcuts: Bool,
    batchNormalization bn: Bool, activation: ActivationFunction,
    shortcut: Shortcut = .projection, useBias: Bool = true, regularizer: Regularizer? = .l2(1e-4), name: String
) throws -> Model {
    let n = try unitsPerStack(depth: depth, per: 6, message: "depth should be 6n + 2 (eg 20, 32, 44 in [a])")
    guard classes > 0 else { throw ResNetError(.invalidArgument, "\(name): classes must be positive; received classes=\(classes)") }
    var layers: [Layer] = try resnetLayer(activation: activation, batchNormalization: bn, regularizer: regularizer, useBias: useBias)
    var filters = 16
    for stack in 0..<3 {
        for unit in 0..<n {
            let strides = stack > 0 && unit == 0 ? 2 : 1  // first unit of stacks 2 and 3 down-samples
            let main =
                try resnetLayer(numFilters: filters, strides: strides, activation: activation, batchNormalization: bn, regularizer: regularizer, useBias: useBias)
                + resnetLayer(numFilters: filters, activation: nil, batchNormalization: bn, regularizer: regularizer, useBias: useBias)
            if shortcuts {
                let projection: [Layer] =
                    strides == 1
                    ? []
                    : shortcut == .projection
                        ? try resnetLayer(
                            numFilters: filters, kernelSize: 1, strides: strides, activation: nil, batchNormalization: false,
                            regularizer: regularizer, useBias: useBias)
                        : [try ZeroPaddingShortcut(strides: strides, filters: filters)]
                layers.append(
                    ResidualBlock(
                        main: main, shortcut: projection, post: Activation(activation),
                        name: "stack\(stack + 1)_unit\(unit + 1)", kind: "ResidualUnit"))
            } else {
                layers.append(Sequential(main + [Activation(activation)], name: "stack\(stack + 1)_unit\(unit + 1)", kind: "PlainUnit"))
            }
        }
        filters *= 2
    }
    layers += [
        try AveragePooling2D(poolSize: 8), Flatten(),
        try Dense(units: classes, activation: .softmax, kernelInitializer: .heNormal()),
    ]
    return try Model(name: name, inputShape: inputShape, layers: layers)
}
