// Exercise 2b · a naive Conv2D forward pass (lesson 2, convolution)
import ResNetKit

/// Keras's `Conv2D` forward pass, written as plain loops: no im2col, no GEMM.
///
/// **Task.** `y[n, i, j, f] = bias[f] + Σ_{a, b, c} xpad[n, i·s + a, j·s + b, c] · kernel[a, b, c, f]`,
/// where `xpad` is `x` with the zero padding of `padding` around its height and width
/// (your `convOutputSize` from exercise 2a tells you how much, per axis). Keras's Conv2D
/// is a cross-correlation: the kernel is *not* flipped.
///
/// **Shapes.** x: (N, H, W, C) · kernel: (KH, KW, C, F) · bias: (F) → y: (N, OH, OW, F).
/// The kernel may be rectangular (KH ≠ KW); the same stride applies to both axes.
///
/// **Where to look.** Lesson 2. Read values with `x.scalars[((n·H + h)·W + w)·C + c]` (NHWC,
/// row-major); build the result with `Tensor(shape:scalars:)`. Check your answer against
/// `Conv2D(filters:kernelSize:strides:padding:)` in the lab — after writing your own.
///
/// ```swift
/// let x = try Tensor.linspace(-1, 1, count: 50, shape: [1, 5, 5, 2])
/// let w = try Tensor.linspace(-0.5, 0.5, count: 72, shape: [3, 3, 2, 4])
/// let y = try naiveConv2D(x, kernel: w, bias: try .zeros([4]), strides: 2, padding: .same)   // [1, 3, 3, 4]
/// ```
///
/// Check it: `resnet-lab check 2b` (or `swift test --filter Exercise02b`).
public func naiveConv2D(
    _ x: Tensor, kernel: Tensor, bias: Tensor, strides s: Int,
    padding: Padding
) throws -> Tensor {
    throw ExerciseError.notAttempted(file: #fileID)
}
