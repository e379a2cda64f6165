// Plausible wrong solutions of exercises 3 (BatchNormalization, training) and 4 (Dense backward).
import ExerciseSolutions
import ResNetKit

enum Wrong03 {
    typealias Result = (y: Tensor, movingMean: Tensor, movingVariance: Tensor)

    /// Normalises with the moving statistics, as inference mode does.
    @Sendable static func usesMovingStatistics(_ x: Tensor, gamma: Tensor, beta: Tensor, movingMean: Tensor, movingVariance: Tensor, momentum: Float, epsilon: Float) throws
        -> Result
    {
        let right = try batchNormForwardTraining(x, gamma: gamma, beta: beta, movingMean: movingMean, movingVariance: movingVariance, momentum: momentum, epsilon: epsilon)
        let c = x.shape.last!
        let y = try ((x.reshaped([-1, c]) - movingMean) / (movingVariance + epsilon).sqrt() * gamma + beta).reshaped(x.shape)
        return (y, right.movingMean, right.movingVariance)
    }

    /// The unbiased (m − 1) variance, in y and in the update.
    @Sendable static func unbiasedVariance(_ x: Tensor, gamma: Tensor, beta: Tensor, movingMean: Tensor, movingVariance: Tensor, momentum: Float, epsilon: Float) throws -> Result {
        let c = x.shape.last!
        let rows = try x.reshaped([-1, c]), m = Float(rows.shape[0])
        let mean = try rows.mean(axis: 0), centred = try rows - mean
        let variance = try centred.squared().sum(axis: 0) / (m - 1)
        let y = try (centred / (variance + epsilon).sqrt() * gamma + beta).reshaped(x.shape)
        return (y, try movingMean * momentum + mean * (1 - momentum), try movingVariance * momentum + variance * (1 - momentum))
    }

    /// y = γ·(x − μ)/(σ + ε) + β.
    @Sendable static func epsilonOutsideRoot(_ x: Tensor, gamma: Tensor, beta: Tensor, movingMean: Tensor, movingVariance: Tensor, momentum: Float, epsilon: Float) throws -> Result
    {
        let right = try batchNormForwardTraining(x, gamma: gamma, beta: beta, movingMean: movingMean, movingVariance: movingVariance, momentum: momentum, epsilon: epsilon)
        let c = x.shape.last!
        let rows = try x.reshaped([-1, c]), mean = try rows.mean(axis: 0), centred = try rows - mean
        let y = try (centred / (centred.squared().mean(axis: 0).sqrt() + epsilon) * gamma + beta).reshaped(x.shape)
        return (y, right.movingMean, right.movingVariance)
    }

    /// moving = moving·(1 − momentum) + batch·momentum.
    @Sendable static func momentumSwapped(_ x: Tensor, gamma: Tensor, beta: Tensor, movingMean: Tensor, movingVariance: Tensor, momentum: Float, epsilon: Float) throws -> Result {
        try batchNormForwardTraining(x, gamma: gamma, beta: beta, movingMean: movingMean, movingVariance: movingVariance, momentum: 1 - momentum, epsilon: epsilon)
    }
}

enum Wrong04 {
    typealias Result = (dx: Tensor, dKernel: Tensor, dBias: Tensor)

    @Sendable static func biasGradientIsMean(x: Tensor, kernel: Tensor, dy: Tensor) throws -> Result {
        let r = try denseBackward(x: x, kernel: kernel, dy: dy)
        return (r.dx, r.dKernel, try dy.mean(axis: 0))
    }

    /// dyᵀ · x: the right numbers in the kernel's transpose.
    @Sendable static func kernelGradientTransposed(x: Tensor, kernel: Tensor, dy: Tensor) throws -> Result {
        let r = try denseBackward(x: x, kernel: kernel, dy: dy)
        return (r.dx, try matmul(dy, x, transposeA: true), r.dBias)
    }

    /// dy · kernel, forgetting the transpose (throws: the shapes do not chain).
    @Sendable static func inputGradientUntransposed(x: Tensor, kernel: Tensor, dy: Tensor) throws -> Result {
        let r = try denseBackward(x: x, kernel: kernel, dy: dy)
        return (try matmul(dy, kernel), r.dKernel, r.dBias)
    }
}
