// Exercise 10b · the paper's parameter-free shortcut, option A (lesson 10, the degradation problem)
import ResNetKit

/// The shortcut the paper's CIFAR experiments use when a unit halves the size and doubles
/// the filters (§3.3, option A): subsample, then pad the new channels with zeros. It adds no
/// parameters, so a ResNet and its plain twin have exactly the same count.
///
/// **Task.** Keep every `strides`-th row and column, starting with the first (rows 0, s, 2s, …),
/// then widen the channels from C to `filters` with zeros: ⌊(filters − C) / 2⌋ zero channels
/// before the input's channels and the rest after (TensorFlow: `tf.pad(x[:, ::s, ::s, :], …)`).
///
/// **Shapes.** x: (N, H, W, C) → (N, ⌈H/s⌉, ⌈W/s⌉, filters), filters ≥ C.
///
/// **Where to look.** Lesson 10; `x.scalars`, `Tensor(shape:scalars:)`. ResNetKit's
/// `ZeroPaddingShortcut` layer is the answer — don't call it.
///
/// ```swift
/// let y = try zeroPaddingShortcut(x, strides: 2, filters: 32)   // [N, 32, 32, 16] → [N, 16, 16, 32]
/// ```
///
/// Check it: `resnet-lab check 10b` (or `swift test --filter Exercise10b`).
public func zeroPaddingShortcut(_ x: Tensor, strides: Int, filters: Int) throws -> Tensor {
    throw ExerciseError.notAttempted(file: #fileID)
}
