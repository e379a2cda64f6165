// Exercise 8a · seed 004's residual unit (lesson 8, ResNets for CIFAR)
import ResNetKit

/// Seed 004's `residual_unit`: two 3×3 convolutions, and when the unit down-samples, a
/// shortcut of average pooling, a 1×1 convolution and BatchNormalization.
///
/// **Task.**
///
///     x ─ Conv2D 3×3 same, stride s ─ BN ─ ReLU ─ Conv2D 3×3 same ─ BN ─(+)─ ReLU
///     └── stride 1: identity;  stride s > 1: AvgPool2D(s) ─ Conv2D 1×1 ─ BN ──┘
///
/// Every Conv2D is `useBias: false` with `kernelRegularizer: .l2(1e-4)` (the shortcut's too);
/// the pooling is `AveragePooling2D(poolSize: s)` with Keras's defaults (strides = pool size,
/// padding valid). BatchNormalization with Keras's defaults.
///
/// **Names.** The check loads weights by name: `conv_a`, `bn_a`, `conv_b`, `bn_b`, and for
/// stride > 1 `shortcut_conv`, `shortcut_bn`.
///
/// **Shapes.** (N, H, W, C) → (N, H/s, W/s, filters); for stride 1, C must equal filters.
///
/// **Where to look.** Lesson 8; `ResidualBlock`, `AveragePooling2D`, `Regularizer.l2`.
/// ResNetKit's own `residualUnit` is the answer — don't call it.
///
/// ```swift
/// let unit = try makeResidualUnit(filters: 32, stride: 2)   // [N, 32, 32, 16] → [N, 16, 16, 32]
/// ```
///
/// Check it: `resnet-lab check 8a` (or `swift test --filter Exercise08a`).
public func makeResidualUnit(filters: Int, stride: Int = 1) throws -> Layer {
    throw ExerciseError.notAttempted(file: #fileID)
}
