// What every Keras 3 optimizer adds around its own update rule (keras/src/optimizers/
// base_optimizer.py, `apply`), in the same order:
//
//   lr ← schedule(iterations)                  if the learning rate is a schedule
//   w  ← w − w·wd·lr                           decoupled weight decay (`weight_decay`)
//   w  ← update rule (SGD, Adam) with lr
//   ā  ← m·ā + (1 − m)·w,  m = 0 at step 0     weight EMA (`use_ema`, `ema_momentum`)
//   iterations += 1
//
// and at the end of `fit`, `finalize_variable_values`: with EMA the weights are replaced
// by their averages. Keras decays every trainable variable unless excluded by name
// (`exclude_from_weight_decay(var_names=...)`, a substring match); so does this.

import Foundation

/// Decoupled weight decay, the weight EMA and a per-step learning-rate schedule: the
/// options Keras gives every optimizer.
///
/// ```swift
/// let extras = try OptimizerExtras(weightDecay: 5e-4, useEMA: true, emaMomentum: 0.99)
/// let opt = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true, extras: extras)
/// ```
public final class OptimizerExtras {
    /// Keras's `weight_decay`: each step w ← w − w·wd·lr before the update (nil: none).
    public let weightDecay: Float?
    /// Parameter names (substrings, as Keras's `var_names`) left undecayed, e.g. ["gamma", "beta", "bias"].
    public let excludeFromWeightDecay: [String]
    /// Keras's `use_ema` and `ema_momentum`.
    public let useEMA: Bool, emaMomentum: Float
    /// A per-step schedule for the learning rate (Keras: `learning_rate=schedule`).
    public let learningRateSchedule: LearningRateSchedule?
    private let averages = Slots()

    public init(
        weightDecay: Float? = nil, excludeFromWeightDecay: [String] = [], useEMA: Bool = false,
        emaMomentum: Float = 0.99, learningRateSchedule: LearningRateSchedule? = nil
    ) throws {
        guard (weightDecay ?? 0) >= 0, (weightDecay ?? 0).isFinite else {
            throw ResNetError(.invalidArgument, "weight_decay must be a non-negative number, received weight_decay=\(weightDecay!)")
        }
        guard emaMomentum >= 0, emaMomentum <= 1 else {
            throw ResNetError(.invalidArgument, "`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=\(emaMomentum)")
        }
        (self.weightDecay, self.excludeFromWeightDecay, self.useEMA, self.emaMomentum, self.learningRateSchedule) =
            (weightDecay, excludeFromWeightDecay, useEMA, emaMomentum, learningRateSchedule)
    }

    /// The learning rate for the step about to be taken.
    func learningRate(iterations: Int, current: Float) -> Float {
        learningRateSchedule.map { $0(step: iterations) } ?? current
    }

    /// w ← w − w·wd·lr for every decayed trainable parameter.
    func applyWeightDecay(_ parameters: [Parameter], learningRate lr: Float) {
        guard let wd = weightDecay, wd > 0 else { return }
        for p in parameters where p.trainable && !excludeFromWeightDecay.contains(where: { p.name.contains($0) }) {
            p.value.scalars.withUnsafeMutableBufferPointer { w in for i in w.indices { w[i] -= w[i] * wd * lr } }
        }
    }

    /// ā ← m·ā + (1 − m)·w; at step 0 the average starts as the weights themselves.
    func updateAverages(_ parameters: [Parameter], iterations: Int) {
        guard useEMA else { return }
        let m: Float = iterations == 0 ? 0 : emaMomentum
        for p in parameters where p.trainable {
            var a = averages.has(p) ? averages.buffer(p) : p.value.scalars
            p.value.scalars.withUnsafeBufferPointer { w in for i in a.indices { a[i] = m * a[i] + (1 - m) * w[i] } }
            averages.set(p, a)
        }
    }

    /// With EMA, replaces each trainable parameter by its average (Keras's `finalize_variable_values`).
    func finalize(_ parameters: [Parameter]) {
        guard useEMA else { return }
        for p in parameters where p.trainable && averages.has(p) {
            p.value = Tensor(unchecked: p.value.shape, scalars: averages.buffer(p))
        }
    }

    /// The averages, for checkpoints ("ema/i").
    func state(for parameters: [Parameter]) -> [String: Tensor] {
        var s: [String: Tensor] = [:]
        for (i, p) in parameters.enumerated() where p.trainable && averages.has(p) {
            s["ema/\(i)"] = Tensor(unchecked: p.value.shape, scalars: averages.buffer(p))
        }
        return s
    }

    func restore(_ state: [String: Tensor], for parameters: [Parameter]) throws {
        for (i, p) in parameters.enumerated() {
            if let a = state["ema/\(i)"] {
                guard a.shape == p.value.shape else { throw stateMismatch("EMA average", i, a.shape, p.value.shape) }
                averages.set(p, a.scalars)
            }
        }
    }
}
