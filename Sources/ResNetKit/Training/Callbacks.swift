// Callbacks with Keras 3's rules: they see each epoch's logs and may change the learning
// rate, stop training or save the model.
//
//   ReduceLROnPlateau  improvement: current < best − min_delta (max mode: > best + min_delta);
//                      after `patience` epochs without one (and outside cooldown) lr ← max(lr·factor, min_lr)
//   EarlyStopping      improvement: current − min_delta beats best; stop when `patience`
//                      epochs pass without one
//   ModelCheckpoint    save_best_only: save when current beats best (no min_delta)

import Foundation

/// What callbacks can see and change during `fit`.
public final class TrainingContext {
    public let model: Model
    public let optimizer: Optimizer
    /// Set to true to stop after the current epoch (EarlyStopping does).
    public var stopTraining = false
    /// Lines a callback wants shown under the epoch's progress line.
    public var messages: [String] = []
    init(model: Model, optimizer: Optimizer) { (self.model, self.optimizer) = (model, optimizer) }
}

/// A hook into `fit`.
///
/// ```swift
/// let callbacks: [Callback] = [LearningRateScheduler { epoch, _ in lrSchedule(epoch: epoch) }]
/// ```
public protocol Callback: AnyObject {
    func onTrainBegin(_ context: TrainingContext) throws
    func onEpochBegin(_ epoch: Int, _ context: TrainingContext) throws
    func onEpochEnd(_ epoch: Int, logs: [String: Float], _ context: TrainingContext) throws
}

extension Callback {
    public func onTrainBegin(_ context: TrainingContext) throws {}
    public func onEpochBegin(_ epoch: Int, _ context: TrainingContext) throws {}
    public func onEpochEnd(_ epoch: Int, logs: [String: Float], _ context: TrainingContext) throws {}
}

/// Whether a smaller or a larger monitored value is better. `.auto` follows Keras: larger
/// when the name contains "acc", smaller otherwise.
public enum MonitorMode: String, Sendable { case auto, min, max }

func isMaximised(_ monitor: String, _ mode: MonitorMode) -> Bool {
    mode == .max || (mode == .auto && monitor.contains("acc"))
}

/// The value a callback monitors, accepting Keras 2's "acc"/"val_acc" for "accuracy": the
/// seeds monitor 'val_acc', which Keras 3 no longer logs (it raises); the lab accepts both.
func monitored(_ logs: [String: Float], _ monitor: String) -> Float? {
    logs[monitor] ?? logs[monitor.replacingOccurrences(of: "acc", with: "accuracy")]
}

/// Sets the learning rate at the start of each epoch: Keras's `LearningRateScheduler`.
///
/// ```swift
/// let scheduler = LearningRateScheduler { epoch, _ in lrSchedule(epoch: epoch) }
/// ```
public final class LearningRateScheduler: Callback {
    let schedule: (Int, Float) -> Float
    public init(_ schedule: @escaping (_ epoch: Int, _ lr: Float) -> Float) { self.schedule = schedule }
    public func onEpochBegin(_ epoch: Int, _ context: TrainingContext) throws {
        let lr = schedule(epoch, context.optimizer.learningRate)
        guard lr.isFinite, lr >= 0 else {
            throw ResNetError(.invalidArgument, "LearningRateScheduler: the schedule returned learning rate \(lr) at epoch \(epoch)")
        }
        context.optimizer.learningRate = lr
    }
}

/// Lowers the learning rate when the monitored figure stops improving (Keras's defaults).
///
/// ```swift
/// let reduce = ReduceLROnPlateau(monitor: "loss", factor: 0.1.squareRoot(), patience: 5, minDelta: 0.01, minLR: 1e-6)
/// ```
public final class ReduceLROnPlateau: Callback {
    public let monitor: String, patience: Int, minDelta: Float, cooldown: Int, minLR: Float
    /// In Double, as Keras multiplies: lr·factor is computed in Python, then stored as float32.
    public let factor: Double
    let maximise: Bool
    private(set) var best: Float = 0
    private var wait = 0, cooldownCounter = 0

    public init(
        monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, mode: MonitorMode = .auto,
        minDelta: Float = 1e-4, cooldown: Int = 0, minLR: Float = 0
    ) {
        (self.monitor, self.factor, self.patience, self.minDelta, self.cooldown, self.minLR) = (monitor, factor, patience, minDelta, cooldown, minLR)
        maximise = isMaximised(monitor, mode)
    }

    public func onTrainBegin(_ context: TrainingContext) throws {
        guard factor < 1 else { throw ResNetError(.invalidArgument, "ReduceLROnPlateau does not support a factor ≥ 1; received factor=\(factor)") }
        best = maximise ? -.infinity : .infinity
        wait = 0
        cooldownCounter = 0
    }

    public func onEpochEnd(_ epoch: Int, logs: [String: Float], _ context: TrainingContext) throws {
        guard let current = monitored(logs, monitor) else {
            context.messages.append("ReduceLROnPlateau: '\(monitor)' is not among the logged figures (\(logs.keys.sorted().joined(separator: ", "))); nothing done")
            return
        }
        if cooldownCounter > 0 { cooldownCounter -= 1; wait = 0 }
        let improved = maximise ? current > best + minDelta : current < best - minDelta
        if improved {
            best = current
            wait = 0
        } else if cooldownCounter == 0 {
            wait += 1
            if wait >= patience, context.optimizer.learningRate > minLR {
                let lr = Float(Swift.max(Double(context.optimizer.learningRate) * factor, Double(minLR)))
                context.optimizer.learningRate = lr
                context.messages.append("ReduceLROnPlateau reducing learning rate to \(formatScalar(lr)).")
                cooldownCounter = cooldown
                wait = 0
            }
        }
    }
}

/// Stops training when the monitored figure has not improved for `patience` epochs.
///
/// ```swift
/// let early = EarlyStopping(monitor: "val_accuracy", patience: 20)   // seed 004
/// ```
public final class EarlyStopping: Callback {
    public let monitor: String, minDelta: Float, patience: Int
    /// A value the figure must beat before waiting starts over (Keras's `baseline`).
    public let baseline: Float?
    let maximise: Bool
    public private(set) var best: Float = 0
    public private(set) var stoppedEpoch = 0
    private var wait = 0

    public init(monitor: String = "val_loss", minDelta: Float = 0, patience: Int = 0, mode: MonitorMode = .auto, baseline: Float? = nil) {
        (self.monitor, self.minDelta, self.patience, self.baseline) = (monitor, Swift.abs(minDelta), patience, baseline)
        maximise = isMaximised(monitor, mode)
    }

    public func onTrainBegin(_ context: TrainingContext) throws {
        best = maximise ? -.infinity : .infinity
        wait = 0
        stoppedEpoch = 0
    }

    func improves(_ current: Float, on reference: Float) -> Bool {
        maximise ? current - minDelta > reference : current + minDelta < reference
    }

    public func onEpochEnd(_ epoch: Int, logs: [String: Float], _ context: TrainingContext) throws {
        guard let current = monitored(logs, monitor) else { return }
        wait += 1
        if improves(current, on: best) {
            best = current
            if baseline == nil || improves(current, on: baseline!) { wait = 0 }
            return
        }
        if wait >= patience, epoch > 0 {
            stoppedEpoch = epoch
            context.stopTraining = true
            context.messages.append("EarlyStopping: no improvement of \(monitor) for \(patience) epochs; stopping (best \(formatScalar(best))).")
        }
    }
}

/// Saves the model (atomically, as a safetensors checkpoint) when the monitored figure
/// improves — Keras's `ModelCheckpoint(save_best_only=True)` — or after every epoch.
///
/// ```swift
/// let best = ModelCheckpoint(path: "best.safetensors", monitor: "val_accuracy")
/// ```
public final class ModelCheckpoint: Callback {
    public let path: String, monitor: String, saveBestOnly: Bool
    let maximise: Bool
    public private(set) var best: Float
    /// Epochs (from 0) after which the file was written.
    public private(set) var savedEpochs: [Int] = []
    /// How to write the file; `fit` supplies the checkpoint writer.
    var save: ((Model, String, [String: String]) throws -> Void)?

    /// `initialValueThreshold`: a value the figure must beat for the first save (Keras's name).
    public init(
        path: String, monitor: String = "val_loss", saveBestOnly: Bool = true, mode: MonitorMode = .auto,
        initialValueThreshold: Float? = nil
    ) {
        (self.path, self.monitor, self.saveBestOnly) = (path, monitor, saveBestOnly)
        maximise = isMaximised(monitor, mode)
        best = initialValueThreshold ?? (maximise ? -.infinity : .infinity)
    }

    // Like Keras, `best` is not reset by a new fit: a second fit saves only on a new best.
    public func onTrainBegin(_ context: TrainingContext) throws { savedEpochs = [] }

    public func onEpochEnd(_ epoch: Int, logs: [String: Float], _ context: TrainingContext) throws {
        if saveBestOnly {
            if let current = monitored(logs, monitor) {
                guard maximise ? current > best : current < best else { return }
                context.messages.append("\(monitor) improved from \(formatScalar(best)) to \(formatScalar(current)), saving model to \(path)")
                best = current
            } else {
                // Keras warns and saves every epoch when the figure is missing.
                context.messages.append("ModelCheckpoint: '\(monitor)' is not among the logged figures; saving anyway")
            }
        }
        try save?(context.model, path, ["epoch": String(epoch + 1), monitor: logs[monitor].map { formatScalar($0) } ?? ""])
        savedEpochs.append(epoch)
    }
}
