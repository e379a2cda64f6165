// Exercise 3 · BatchNormalization forward in training mode (lesson 3, batch norm & ReLU)
import ResNetKit

/// Keras's `BatchNormalization` called with `training=True`: normalise with the batch's own
/// statistics, and update the moving ones.
///
/// **Task.** Per channel (the last axis), over all other axes (m = N·H·W values):
///
///     mean = Σx / m,   var = Σ(x − mean)² / m
///     y    = gamma · (x − mean) / √(var + epsilon) + beta
///     movingMean'     = movingMean · momentum + mean · (1 − momentum)
///     movingVariance' = movingVariance · momentum + var · (1 − momentum)
///
/// Keras uses this *biased* variance (÷ m, not m − 1) for y and for the update alike.
/// In training mode the moving statistics are only *updated*, never used for y.
///
/// **Shapes.** x: (N, H, W, C) or (N, C) · gamma, beta, movingMean, movingVariance: (C)
/// → y: the shape of x; movingMean', movingVariance': (C).
///
/// **Where to look.** Lesson 3. `x.reshaped([-1, C])` makes the channel the only other axis;
/// `sum(axis: 0)`, `mean(axis: 0)`, `squared()`, `sqrt()` and broadcasting `+ − * /` do the rest.
///
/// ```swift
/// let c = 3
/// let (y, mm, mv) = try batchNormForwardTraining(x, gamma: .ones([c]), beta: .zeros([c]),
///                                                movingMean: .zeros([c]), movingVariance: .ones([c]))
/// ```
///
/// Check it: `resnet-lab check 3` (or `swift test --filter Exercise03`).
public func batchNormForwardTraining(
    _ x: Tensor, gamma: Tensor, beta: Tensor,
    movingMean: Tensor, movingVariance: Tensor,
    momentum: Float = 0.99, epsilon: Float = 1e-3
)
    throws -> (y: Tensor, movingMean: Tensor, movingVariance: Tensor)
{
    throw ExerciseError.notAttempted(file: #fileID)
}
