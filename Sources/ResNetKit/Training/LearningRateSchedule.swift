// Per-step learning-rate schedules, as keras.optimizers.schedules: a function of the
// optimizer's step count. Give one to an optimizer (`SGD(learningRateSchedule:)`) and it
// sets its learning rate to `schedule(step: iterations)` before every update — what Keras
// does when `learning_rate` is a `LearningRateSchedule`. (Keras's `LearningRateScheduler`
// callback, epoch by epoch, is in Callbacks.swift.)

import Foundation

/// A learning rate as a function of the optimizer step (from 0).
///
/// ```swift
/// let schedule: LearningRateSchedule = try CosineDecay(initial: 0, decaySteps: 900, warmupTarget: 0.2, warmupSteps: 100)
/// let opt = SGD(momentum: 0.9, nesterov: true, extras: try OptimizerExtras(learningRateSchedule: schedule))
/// ```
public protocol LearningRateSchedule: Sendable {
    func callAsFunction(step: Int) -> Float
}

/// Straight lines between (step, learning rate) knots, flat outside them: the
/// "one-cycle" / triangular schedule of speed runs (linear warm-up, then linear decay).
/// Keras has no twin; tests check it against NumPy's `np.interp`.
///
/// ```swift
/// let oneCycle = try PiecewiseLinearDecay(steps: [0, 200, 1000], values: [0.02, 0.2, 0])
/// oneCycle(step: 100)   // 0.11
/// ```
public struct PiecewiseLinearDecay: LearningRateSchedule {
    public let steps: [Int], values: [Float]
    public init(steps: [Int], values: [Float]) throws {
        guard steps.count == values.count, !steps.isEmpty, zip(steps, steps.dropFirst()).allSatisfy({ $0 < $1 }),
            values.allSatisfy({ $0 >= 0 && $0.isFinite })
        else {
            throw ResNetError(
                .invalidArgument, "PiecewiseLinearDecay: needs as many values as steps, steps strictly increasing, values ≥ 0; received steps=\(steps), values=\(values)")
        }
        (self.steps, self.values) = (steps, values)
    }
    public func callAsFunction(step: Int) -> Float {
        if step <= steps[0] { return values[0] }
        for k in 1..<steps.count where step <= steps[k] {
            let f = Double(step - steps[k - 1]) / Double(steps[k] - steps[k - 1])
            return Float(Double(values[k - 1]) + (Double(values[k]) - Double(values[k - 1])) * f)
        }
        return values.last!
    }
}
