// Exercise 10a · the plain twin of a ResNet (lesson 10, the degradation problem)
import ResNetKit

/// The paper's "plain" network: seed 003's ResNet v1 with every shortcut removed — the
/// network whose training error *rises* with depth (the degradation problem).
///
/// **Task.** Exercise 8b without shortcuts: the stem `resnet_layer(16)`; three stacks (16, 32,
/// 64 filters) of n units `resnet_layer(filters, strides)` → `resnet_layer(filters, no
/// activation)` → ReLU, strides 2 in the first unit of stacks 2 and 3; then AveragePooling2D(8)
/// → Flatten → Dense(classes, softmax). No addition means no 1×1 projections either.
/// Depth 6n + 2; any other depth throws.
///
/// **Order.** Weights are copied from Keras layer by layer, in order.
///
/// **Shapes.** input (N, 32, 32, C) → (N, classes).
///
/// **Where to look.** Lesson 10; your exercise 8b, `resnetLayer`, `Sequential`. ResNetKit's
/// `PlainNet` is the answer — don't call it.
///
/// ```swift
/// let plain = try makePlainNet(depth: 20)   // the same layers as ResNet-20, fewer parameters
/// ```
///
/// Check it: `resnet-lab check 10a` (or `swift test --filter Exercise10a`).
public func makePlainNet(depth: Int, inputShape: [Int] = [32, 32, 3], classes: Int = 10) throws -> Model {
    throw ExerciseError.notAttempted(file: #fileID)
}
