// Exercise 8b · a ResNet v1 of any depth (lesson 8, ResNets for CIFAR)
import ResNetKit

/// Seed 003's `resnet_v1`: the paper's CIFAR network of depth 6n + 2.
///
/// **Task.** Build, in this order:
///
/// 1. `resnet_layer` with 16 filters: Conv2D 3×3 same → BN → ReLU.
/// 2. Three stacks with 16, 32, 64 filters, each of n residual units. A unit is
///    `resnet_layer(filters, strides)` → `resnet_layer(filters, no activation)` added to the
///    shortcut, then ReLU. The first unit of stacks 2 and 3 has strides 2, and its shortcut is a
///    1×1 Conv2D with strides 2 (no BN, no activation); every other shortcut is the identity.
/// 3. `AveragePooling2D(poolSize: 8)` → `Flatten()` → `Dense(classes, activation: .softmax)`.
///
/// Every Conv2D: padding same, a bias, `.heNormal()`, `kernelRegularizer: .l2(1e-4)` —
/// `resnetLayer(numFilters:kernelSize:strides:activation:batchNormalization:)` builds exactly
/// this. A depth that is not 6n + 2 must throw (the seed raises a ValueError).
///
/// **Order.** The check copies Keras's weights layer by layer in order, so list each unit's
/// main path before its shortcut (as `ResidualBlock(main:shortcut:)` does).
///
/// **Shapes.** input (N, 32, 32, C) → (N, classes). ResNet-20 on CIFAR-10 has 274,442 parameters.
///
/// **Where to look.** Lesson 8; `resnetLayer`, `ResidualBlock`, `Model(name:inputShape:layers:)`,
/// `model.parameterCounts`. ResNetKit's `ResNetV1` is the answer — don't call it.
///
/// ```swift
/// let model = try makeResNetV1(depth: 20)
/// model.parameterCounts.total   // 274442
/// ```
///
/// Check it: `resnet-lab check 8b` (or `swift test --filter Exercise08b`).
public func makeResNetV1(depth: Int, inputShape: [Int] = [32, 32, 3], classes: Int = 10) throws -> Model {
    throw ExerciseError.notAttempted(file: #fileID)
}
