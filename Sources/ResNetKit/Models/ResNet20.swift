// Seed 004's ResNet-20 (91 % on CIFAR-10 in the seed): a 3×3 stem (no bias, l2 1e-4),
// nine residual units [16, 16, 16, 32↓, 32, 32, 64↓, 64, 64] whose down-sampling shortcut
// is average pooling + 1×1 conv + BN, then AvgPool2D(8) → Flatten → Dense(softmax).

/// Seed 004's ResNet-20 with average-pool projection shortcuts.
///
/// ```swift
/// let model = try ResNet20()
/// print(try model.summary())
/// ```
public func ResNet20(inputShape: [Int] = [32, 32, 3], classes: Int = 10) throws -> Model {
    guard classes > 0 else { throw ResNetError(.invalidArgument, "ResNet20: classes must be positive; received classes=\(classes)") }
    var layers: [Layer] = [
        try Conv2D(filters: 16, kernelSize: 3, padding: .same, useBias: false, kernelRegularizer: .l2(1e-4)),
        try BatchNormalization(), Activation(.relu),
    ]
    for (filters, stride) in [(16, 1), (16, 1), (16, 1), (32, 2), (32, 1), (32, 1), (64, 2), (64, 1), (64, 1)] {
        layers.append(try residualUnit(filters: filters, stride: stride))
    }
    layers += [try AveragePooling2D(poolSize: 8), Flatten(), try Dense(units: classes, activation: .softmax)]
    return try Model(name: "resnet20", inputShape: inputShape, layers: layers)
}
