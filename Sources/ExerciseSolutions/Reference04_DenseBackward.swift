// Reference solution of exercise 4. A drop-in for Sources/Exercises/Exercise04_DenseBackward.swift;
// `resnet-lab solution 4` shows it once your own version passes.
import ResNetKit

public func denseBackward(x: Tensor, kernel: Tensor, dy: Tensor) throws
    -> (dx: Tensor, dKernel: Tensor, dBias: Tensor)
{
    // y[n, u] = Σ_d x[n, d]·kernel[d, u] + bias[u]
    let dx = try matmul(dy, kernel, transposeB: true)  // (N, U)·(U, D) → (N, D)
    let dKernel = try matmul(x, dy, transposeA: true)  // (D, N)·(N, U) → (D, U), summed over the batch
    let dBias = try dy.sum(axis: 0)  // every row added the same bias
    return (dx, dKernel, dBias)
}
