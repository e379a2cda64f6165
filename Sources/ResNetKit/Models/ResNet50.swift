// Seed 002's ResNet-50: ZeroPadding2D(3) → conv1 7×7/2 → bn_conv1 → ReLU → MaxPool 3×3/2,
// then bottleneck stages of [3, 4, 6, 3] blocks (a convolutional block first, identity
// blocks after) with filters [64,64,256], [128,128,512], [256,256,1024], [512,512,2048],
// then AveragePooling2D(2) 'avg_pool' → Flatten → Dense 'fc{classes}' (softmax).

/// Seed 002's ResNet-50 for any input size and number of classes.
///
/// The seed's head is a 2×2 average pool, so the last stage must be at least 2×2: inputs
/// of at least 33×33 pixels (64×64 in the seed).
///
/// ```swift
/// let model = try ResNet50(inputShape: [64, 64, 3], classes: 6)
/// print(try model.summary())
/// ```
public func ResNet50(inputShape: [Int] = [64, 64, 3], classes: Int = 6) throws -> Model {
    guard classes > 0 else { throw ResNetError(.invalidArgument, "ResNet50: classes must be positive; received classes=\(classes)") }
    let glorot = Initializer.glorotUniform(seed: 0)
    var layers: [Layer] = [
        try ZeroPadding2D(padding: 3),
        try Conv2D(filters: 64, kernelSize: 7, strides: 2, kernelInitializer: glorot, name: "conv1"),
        try BatchNormalization(axis: 3, name: "bn_conv1"), Activation(.relu),
        try MaxPooling2D(poolSize: 3, strides: 2),
    ]
    let stages: [(stage: Int, filters: [Int], blocks: Int, stride: Int)] = [
        (2, [64, 64, 256], 3, 1), (3, [128, 128, 512], 4, 2), (4, [256, 256, 1024], 6, 2), (5, [512, 512, 2048], 3, 2),
    ]
    for s in stages {
        let letters = "abcdefghijklmnopqrstuvwxyz".map(String.init)
        layers.append(try convolutionalBlock(kernelSize: 3, filters: s.filters, stage: s.stage, block: "a", strides: s.stride))
        for b in 1..<s.blocks {
            layers.append(try identityBlock(kernelSize: 3, filters: s.filters, stage: s.stage, block: letters[b]))
        }
    }
    layers += [
        try AveragePooling2D(poolSize: 2, name: "avg_pool"), Flatten(),
        try Dense(units: classes, activation: .softmax, kernelInitializer: glorot, name: "fc\(classes)"),
    ]
    do {
        return try Model(name: "ResNet50", inputShape: inputShape, layers: layers)
    } catch let e as ResNetError where e.kind == .shapeMismatch {
        throw ResNetError(
            .shapeMismatch,
            "ResNet50: input \(describe(inputShape)) is too small for the seed's network (it down-samples 32× and ends in a 2×2 average pool; use at least 33×33, e.g. [64, 64, 3]). Underlying error: \(e.message)"
        )
    }
}
