// The blocks of the three seed notebooks, layer for layer, with their arguments.

/// Seed 002's identity block (`index_block`): a 1×1 → f×f → 1×1 bottleneck whose output is
/// added to the unchanged input. The input must already have `filters[2]` channels.
///
///     x ─ res{s}{b}_branch2a 1×1 ─ bn ─ relu ─ _branch2b f×f same ─ bn ─ relu ─ _branch2c 1×1 ─ bn ─ (+) ─ relu
///     └──────────────────────────────────────────── identity ───────────────────────────────────────┘
///
/// ```swift
/// let block = try identityBlock(kernelSize: 3, filters: [64, 64, 256], stage: 2, block: "b")
/// block.main.layers.map(\.name)   // res2b_branch2a, bn2b_branch2a, …
/// ```
public func identityBlock(kernelSize f: Int, filters: [Int], stage: Int, block: String) throws -> ResidualBlock {
    let (f1, f2, f3) = try bottleneckFilters(filters, "identityBlock")
    let conv = "res\(stage)\(block)_branch", bn = "bn\(stage)\(block)_branch"
    let glorot = Initializer.glorotUniform(seed: 0)
    return ResidualBlock(
        main: [
            try Conv2D(filters: f1, kernelSize: 1, padding: .valid, kernelInitializer: glorot, name: conv + "2a"),
            try BatchNormalization(axis: 3, name: bn + "2a"), Activation(.relu),
            try Conv2D(filters: f2, kernelSize: Size2(f, f), padding: .same, kernelInitializer: glorot, name: conv + "2b"),
            try BatchNormalization(axis: 3, name: bn + "2b"), Activation(.relu),
            try Conv2D(filters: f3, kernelSize: 1, padding: .valid, kernelInitializer: glorot, name: conv + "2c"),
            try BatchNormalization(axis: 3, name: bn + "2c"),
        ], name: "res\(stage)\(block)", kind: "IdentityBlock")
}

/// Seed 002's convolutional block (`con_block`): the bottleneck with stride `strides` on its
/// first 1×1 convolution, and a projection shortcut (1×1 convolution with the same stride,
/// then BatchNormalization) so the two paths match in shape.
///
/// ```swift
/// let block = try convolutionalBlock(kernelSize: 3, filters: [128, 128, 512], stage: 3, block: "a", strides: 2)
/// ```
public func convolutionalBlock(kernelSize f: Int, filters: [Int], stage: Int, block: String, strides s: Int = 2) throws -> ResidualBlock {
    let (f1, f2, f3) = try bottleneckFilters(filters, "convolutionalBlock")
    let conv = "res\(stage)\(block)_branch", bn = "bn\(stage)\(block)_branch"
    let glorot = Initializer.glorotUniform(seed: 0)
    return ResidualBlock(
        main: [
            try Conv2D(filters: f1, kernelSize: 1, strides: Size2(s, s), kernelInitializer: glorot, name: conv + "2a"),
            try BatchNormalization(axis: 3, name: bn + "2a"), Activation(.relu),
            try Conv2D(filters: f2, kernelSize: Size2(f, f), padding: .same, kernelInitializer: glorot, name: conv + "2b"),
            try BatchNormalization(axis: 3, name: bn + "2b"), Activation(.relu),
            try Conv2D(filters: f3, kernelSize: 1, padding: .valid, kernelInitializer: glorot, name: conv + "2c"),
            try BatchNormalization(axis: 3, name: bn + "2c"),
        ],
        shortcut: [
            try Conv2D(filters: f3, kernelSize: 1, strides: Size2(s, s), padding: .valid, kernelInitializer: glorot, name: conv + "1"),
            try BatchNormalization(axis: 3, name: bn + "1"),
        ], name: "res\(stage)\(block)", kind: "ConvolutionalBlock")
}

func bottleneckFilters(_ filters: [Int], _ what: String) throws -> (Int, Int, Int) {
    guard filters.count == 3, filters.allSatisfy({ $0 > 0 }) else {
        throw ResNetError(.invalidArgument, "\(what): filters must be three positive numbers [F1, F2, F3]; received filters=\(filters)")
    }
    return (filters[0], filters[1], filters[2])
}

/// Seed 004's residual unit: two 3×3 convolutions (no bias, l2 1e-4) with BatchNormalization,
/// and when `stride` is 2 a shortcut of average pooling, a 1×1 convolution and
/// BatchNormalization; ReLU after the sum.
///
/// ```swift
/// let unit = try residualUnit(filters: 32, stride: 2)   // 32×32×16 → 16×16×32
/// ```
public func residualUnit(filters: Int, stride: Int = 1, regularizer: Regularizer? = .l2(1e-4), name: String? = nil) throws -> ResidualBlock {
    guard stride >= 1 else { throw ResNetError(.invalidArgument, "residualUnit: stride must be positive; received stride=\(stride)") }
    let main: [Layer] = [
        try Conv2D(filters: filters, kernelSize: 3, strides: Size2(stride, stride), padding: .same, useBias: false, kernelRegularizer: regularizer),
        try BatchNormalization(), Activation(.relu),
        try Conv2D(filters: filters, kernelSize: 3, padding: .same, useBias: false, kernelRegularizer: regularizer),
        try BatchNormalization(),
    ]
    let shortcut: [Layer] =
        stride == 1
        ? []
        : [
            try AveragePooling2D(poolSize: Size2(stride, stride)),
            try Conv2D(filters: filters, kernelSize: 1, useBias: false, kernelRegularizer: regularizer),
            try BatchNormalization(),
        ]
    return ResidualBlock(main: main, shortcut: shortcut, name: name, kind: "ResidualUnit")
}

/// Seed 003's `resnet_layer`: Conv2D (same padding, he_normal, l2 1e-4) with optional
/// BatchNormalization and activation, conv first (v1) or last (v2's pre-activation).
///
/// ```swift
/// let layer = try resnetLayer(numFilters: 16)                      // conv → BN → ReLU
/// let pre = try resnetLayer(numFilters: 16, convFirst: false)     // BN → ReLU → conv
/// ```
public func resnetLayer(
    numFilters: Int = 16, kernelSize: Int = 3, strides: Int = 1,
    activation: ActivationFunction? = .relu, batchNormalization: Bool = true,
    convFirst: Bool = true, regularizer: Regularizer? = .l2(1e-4), useBias: Bool = true
) throws -> [Layer] {
    let conv = try Conv2D(
        filters: numFilters, kernelSize: Size2(kernelSize, kernelSize), strides: Size2(strides, strides),
        padding: .same, useBias: useBias, kernelInitializer: .heNormal(), kernelRegularizer: regularizer)
    var rest: [Layer] = []
    if batchNormalization { rest.append(try BatchNormalization()) }
    if let activation { rest.append(Activation(activation)) }
    return convFirst ? [conv] + rest : rest + [conv]
}
