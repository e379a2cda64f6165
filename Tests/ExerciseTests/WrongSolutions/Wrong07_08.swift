// Plausible wrong solutions of exercises 7 (gradient-norm ratio), 8a (residual unit), 8b (ResNet v1).
import ExerciseSolutions
import ResNetKit

enum Wrong07 {
    private static func gradients(_ model: Model, _ images: Tensor, _ labels: Tensor, zero: Bool = true) throws -> [GradientRow] {
        let classes = try model.outputShape(for: [1] + model.inputShape).last!
        let (_, dz) = try softmaxCrossEntropy(
            logits: try model.forwardLogits(images, training: true),
            labels: try oneHot(labels, classes: classes))
        if zero { model.zeroGradients() }
        _ = try model.backward(logitsGradient: dz)
        return model.gradientRows()
    }

    /// Forgets that backward adds into gradients left by an earlier pass.
    @Sendable static func gradientsNotZeroed(model: Model, images: Tensor, labels: Tensor) throws -> Float {
        let k = try gradients(model, images, labels, zero: false).filter { $0.parameter == "kernel" }
        return k.first!.gradientNorm / k.last!.gradientNorm
    }

    @Sendable static func lastOverFirst(model: Model, images: Tensor, labels: Tensor) throws -> Float {
        let k = try gradients(model, images, labels).filter { $0.parameter == "kernel" }
        return k.last!.gradientNorm / k.first!.gradientNorm
    }

    /// "The last layer" taken as the last convolution rather than the Dense classifier.
    @Sendable static func lastConvolution(model: Model, images: Tensor, labels: Tensor) throws -> Float {
        let k = try gradients(model, images, labels).filter { $0.parameter == "kernel" && $0.kind == "Conv2D" }
        return k.first!.gradientNorm / k.last!.gradientNorm
    }

    /// Kernel and bias of the first layer together.
    @Sendable static func withBias(model: Model, images: Tensor, labels: Tensor) throws -> Float {
        let rows = try gradients(model, images, labels)
        let first = rows.filter { $0.depth == 1 }.map { $0.gradientNorm * $0.gradientNorm }.reduce(0, +).squareRoot()
        return first / rows.last { $0.parameter == "kernel" }!.gradientNorm
    }
}

private func unit(
    filters: Int, stride: Int, regularizer: Regularizer? = .l2(1e-4), useBias: Bool = false,
    shortcut: String = "pool"
) throws -> Layer {
    let main: [Layer] = [
        try Conv2D(filters: filters, kernelSize: 3, strides: Size2(stride, stride), padding: .same, useBias: useBias, kernelRegularizer: regularizer, name: "conv_a"),
        try BatchNormalization(name: "bn_a"), Activation(.relu),
        try Conv2D(filters: filters, kernelSize: 3, padding: .same, useBias: useBias, kernelRegularizer: regularizer, name: "conv_b"),
        try BatchNormalization(name: "bn_b"),
    ]
    switch (stride, shortcut) {
    case (_, "none"): return Sequential(main + [Activation(.relu)])
    case (1, _): return ResidualBlock(main: main)
    case (_, "strided"):
        return ResidualBlock(
            main: main,
            shortcut: [
                try Conv2D(filters: filters, kernelSize: 1, strides: Size2(stride, stride), useBias: useBias, kernelRegularizer: regularizer, name: "shortcut_conv"),
                try BatchNormalization(name: "shortcut_bn"),
            ])
    default:
        return ResidualBlock(
            main: main,
            shortcut: [
                try AveragePooling2D(poolSize: Size2(stride, stride)),
                try Conv2D(filters: filters, kernelSize: 1, useBias: useBias, kernelRegularizer: regularizer, name: "shortcut_conv"),
                try BatchNormalization(name: "shortcut_bn"),
            ])
    }
}

enum Wrong08a {
    /// A strided 1×1 convolution as the shortcut, without the average pooling.
    @Sendable static func stridedShortcut(filters: Int, stride: Int) throws -> Layer { try unit(filters: filters, stride: stride, shortcut: "strided") }
    @Sendable static func noShortcut(filters: Int, stride: Int) throws -> Layer { try unit(filters: filters, stride: stride, shortcut: "none") }
    @Sendable static func noRegularizer(filters: Int, stride: Int) throws -> Layer { try unit(filters: filters, stride: stride, regularizer: nil) }
    @Sendable static func convolutionsWithBias(filters: Int, stride: Int) throws -> Layer { try unit(filters: filters, stride: stride, useBias: true) }
}

/// Seed 003's network (or its plain twin) with switches for the mistakes.
private func v1(
    depth: Int, inputShape: [Int], classes: Int, shortcuts: Bool = true, reluBeforeAdd: Bool = false,
    projectionBN: Bool = false, downsample: (_ stack: Int, _ unit: Int) -> Bool = { s, u in s > 0 && u == 0 },
    checkDepth: Bool = true, unitRelu: Bool = true
) throws -> Model {
    if checkDepth { guard depth > 2, (depth - 2) % 6 == 0 else { throw ResNetError(.invalidArgument, "depth should be 6n + 2") } }
    let n = max((depth - 2) / 6, 1)
    var layers: [Layer] = try resnetLayer(numFilters: 16)
    var filters = 16
    for stack in 0..<3 {
        for u in 0..<n {
            let strides = downsample(stack, u) ? 2 : 1
            let main =
                try resnetLayer(numFilters: filters, strides: strides)
                + resnetLayer(numFilters: filters, activation: reluBeforeAdd ? .relu : nil)
            if shortcuts {
                let projection: [Layer] =
                    try strides == 1 && stack == 0
                    ? []
                    : resnetLayer(
                        numFilters: filters, kernelSize: 1, strides: strides, activation: nil, batchNormalization: projectionBN)
                layers.append(ResidualBlock(main: main, shortcut: strides == 1 ? [] : projection))
            } else {
                layers += main + (unitRelu ? [Activation(.relu)] : [])
            }
        }
        filters *= 2
    }
    layers += [try AveragePooling2D(poolSize: 8), Flatten(), try Dense(units: classes, activation: .softmax)]
    return try Model(name: "wrong", inputShape: inputShape, layers: layers)
}

enum Wrong08b {
    @Sendable static func reluBeforeAdd(depth: Int, inputShape: [Int], classes: Int) throws -> Model {
        try v1(depth: depth, inputShape: inputShape, classes: classes, reluBeforeAdd: true)
    }
    @Sendable static func projectionWithBN(depth: Int, inputShape: [Int], classes: Int) throws -> Model {
        try v1(depth: depth, inputShape: inputShape, classes: classes, projectionBN: true)
    }
    /// Strides 2 already in the first stack: 32 → 16 → 8 → 4, too small for AveragePooling2D(8).
    @Sendable static func downsamplesFirstStack(depth: Int, inputShape: [Int], classes: Int) throws -> Model {
        try v1(depth: depth, inputShape: inputShape, classes: classes, downsample: { _, u in u == 0 })
    }
    /// Builds something for any depth instead of refusing depths that are not 6n + 2.
    @Sendable static func acceptsAnyDepth(depth: Int, inputShape: [Int], classes: Int) throws -> Model {
        try v1(depth: depth, inputShape: inputShape, classes: classes, checkDepth: false)
    }
}

enum Wrong10a {
    /// The units without the ReLU that followed the addition.
    @Sendable static func noReluAfterUnit(depth: Int, inputShape: [Int], classes: Int) throws -> Model {
        try v1(depth: depth, inputShape: inputShape, classes: classes, shortcuts: false, unitRelu: false)
    }
    /// Strides 2 in every unit of stacks 2 and 3, not only the first: right for depth 8, too
    /// small for the pooling from depth 14 on.
    @Sendable static func downsamplesEveryUnit(depth: Int, inputShape: [Int], classes: Int) throws -> Model {
        try v1(depth: depth, inputShape: inputShape, classes: classes, shortcuts: false, downsample: { s, _ in s > 0 })
    }
}
