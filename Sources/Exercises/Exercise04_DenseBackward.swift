// Exercise 4 · a Dense layer's backward pass (lesson 4, backprop & gradient checking)
import ResNetKit

/// The backward pass of `Dense` without activation, y = x · kernel + bias.
///
/// **Task.** Given the upstream gradient dy = ∂L/∂y, return ∂L/∂x, ∂L/∂kernel and ∂L/∂bias.
/// Every row of the batch used the same kernel and bias: what does that mean for their
/// gradients? (The bias value itself does not appear in any of the three.)
///
/// **Shapes.** x: (N, D) · kernel: (D, U) · dy: (N, U)
/// → dx: (N, D) · dKernel: (D, U) · dBias: (U). Each gradient has its variable's shape.
///
/// **Where to look.** Lesson 4. `matmul(_:_:transposeA:transposeB:)` and `sum(axis:)`;
/// then check yourself numerically with `gradientCheck` on a `Dense` layer.
///
/// ```swift
/// let (dx, dKernel, dBias) = try denseBackward(x: x, kernel: w, dy: dy)   // [4, 5], [5, 3], [3]
/// ```
///
/// Check it: `resnet-lab check 4` (or `swift test --filter Exercise04`).
public func denseBackward(x: Tensor, kernel: Tensor, dy: Tensor) throws
    -> (dx: Tensor, dKernel: Tensor, dBias: Tensor)
{
    throw ExerciseError.notAttempted(file: #fileID)
}
