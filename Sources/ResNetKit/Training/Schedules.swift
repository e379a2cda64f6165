// Learning-rate schedules: seed 003's `lr_schedule(epoch)`, step decay, and cosine decay,
// each a function of the epoch (applied by the `LearningRateScheduler` callback, as in
// the seeds) or of the step (`CosineDecay`, as keras.optimizers.schedules computes it;
// a step schedule is given to the optimizer, which evaluates it at its own `iterations`).

import Foundation

/// Seed 003's schedule: 1e-3, then ×0.1 after epoch 80, ×0.01 after 120, ×1e-3 after 160,
/// ×0.5e-3 after 180.
///
/// ```swift
/// lrSchedule(epoch: 100)   // 1e-4
/// ```
public func lrSchedule(epoch: Int) -> Float {
    // In Double, then rounded once, as Python computes it before Keras stores a float32.
    var lr = 1e-3
    if epoch > 180 { lr *= 0.5e-3 } else if epoch > 160 { lr *= 1e-3 } else if epoch > 120 { lr *= 1e-2 } else if epoch > 80 { lr *= 1e-1 }
    return Float(lr)
}

/// A step schedule: `initial` multiplied by `factor` once every `every` epochs.
///
/// ```swift
/// let schedule = try StepDecay(initial: 0.1, factor: 0.1, every: 30)
/// schedule(epoch: 65)   // 0.001
/// ```
public struct StepDecay: Sendable {
    public let initial: Float, factor: Float, every: Int
    public init(initial: Float, factor: Float = 0.1, every: Int) throws {
        guard every > 0, factor > 0, initial > 0 else {
            throw ResNetError(.invalidArgument, "StepDecay: initial, factor and every must be positive; received initial=\(initial), factor=\(factor), every=\(every)")
        }
        (self.initial, self.factor, self.every) = (initial, factor, every)
    }
    public func callAsFunction(epoch: Int) -> Float {
        initial * Float(pow(Double(factor), Double(epoch / every)))
    }
}

/// Keras's `CosineDecay`: from `initial` to `initial·alpha` over `decaySteps` steps along
/// half a cosine, then flat. With a `warmupTarget`, the first `warmupSteps` steps rise
/// linearly from `initial` to `warmupTarget`, and the cosine then decays from `warmupTarget`.
///
/// lr(step) = initial · ((1 − α)·½(1 + cos(π·min(step, decaySteps)/decaySteps)) + α)
/// with warm-up: step < W: initial + (target − initial)·step/W;
///               else target · ((1 − α)·½(1 + cos(π·(min(step, W + D) − W)/D)) + α)
///
/// ```swift
/// let cosine = try CosineDecay(initial: 0.1, decaySteps: 1000)
/// cosine(step: 500)   // 0.05
/// let warm = try CosineDecay(initial: 0, decaySteps: 900, warmupTarget: 0.2, warmupSteps: 100)
/// warm(step: 50)      // 0.1
/// ```
public struct CosineDecay: LearningRateSchedule {
    public let initial: Float, decaySteps: Int, alpha: Float
    /// Keras's `warmup_target` (nil: no warm-up) and `warmup_steps`.
    public let warmupTarget: Float?, warmupSteps: Int
    public init(initial: Float, decaySteps: Int, alpha: Float = 0, warmupTarget: Float? = nil, warmupSteps: Int = 0) throws {
        guard decaySteps > 0, initial >= 0, alpha >= 0, alpha <= 1, warmupSteps >= 0, (warmupTarget ?? 1) > 0,
            warmupTarget != nil || initial > 0, warmupTarget == nil || warmupSteps > 0
        else {
            throw ResNetError(
                .invalidArgument,
                "CosineDecay: needs decaySteps > 0, 0 ≤ alpha ≤ 1, initial > 0 (≥ 0 with a warm-up), warmupTarget > 0 with warmupSteps > 0; received initial=\(initial), decaySteps=\(decaySteps), alpha=\(alpha), warmupTarget=\(warmupTarget.map { "\($0)" } ?? "nil"), warmupSteps=\(warmupSteps)"
            )
        }
        (self.initial, self.decaySteps, self.alpha, self.warmupTarget, self.warmupSteps) = (initial, decaySteps, alpha, warmupTarget, warmupSteps)
    }
    public func callAsFunction(step: Int) -> Float {
        let s = Swift.max(step, 0)
        guard let target = warmupTarget else { return decayed(from: initial, Swift.min(s, decaySteps)) }
        let clamped = Swift.min(s, decaySteps + warmupSteps)
        if clamped < warmupSteps {
            return Float((Double(target) - Double(initial)) * Double(clamped) / Double(warmupSteps) + Double(initial))
        }
        return decayed(from: target, clamped - warmupSteps)
    }
    func decayed(from lr: Float, _ step: Int) -> Float {
        let cosine = 0.5 * (1 + cos(Double.pi * Double(step) / Double(decaySteps)))
        return lr * Float((1 - Double(alpha)) * cosine + Double(alpha))
    }
}
