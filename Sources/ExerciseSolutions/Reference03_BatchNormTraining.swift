// Reference solution of exercise 3. A drop-in for Sources/Exercises/Exercise03_BatchNormTraining.swift;
// `resnet-lab solution 3` shows it once your own version passes.
import ResNetKit

public func batchNormForwardTraining(
    _ x: Tensor, gamma: Tensor, beta: Tensor,
    movingMean: Tensor, movingVariance: Tensor,
    momentum: Float = 0.99, epsilon: Float = 1e-3
)
    throws -> (y: Tensor, movingMean: Tensor, movingVariance: Tensor)
{
    guard let c = x.shape.last, x.rank >= 2,
        [gamma, beta, movingMean, movingVariance].allSatisfy({ $0.shape == [c] })
    else {
        throw ResNetError(.shapeMismatch, "batchNormForwardTraining: expected x (…, C) and four (C) vectors; received x \(x.shape)")
    }
    let rows = try x.reshaped([-1, c])  // (m, C): one row per position
    let mean = try rows.mean(axis: 0)  // batch statistics, per channel
    let centred = try rows - mean
    let variance = try centred.squared().mean(axis: 0)  // biased: ÷ m, as Keras
    let y = try (centred / (variance + epsilon).sqrt() * gamma + beta).reshaped(x.shape)
    // The moving statistics are updated, never used, in training mode.
    let newMean = try movingMean * momentum + mean * (1 - momentum)
    let newVariance = try movingVariance * momentum + variance * (1 - momentum)
    return (y, newMean, newVariance)
}
