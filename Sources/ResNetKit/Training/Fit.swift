// fit / evaluate / predict, as Keras's Model methods do them, for models ending in softmax:
//
//   for each epoch: callbacks.onEpochBegin → shuffle → for each batch:
//       z = forwardLogits(x_b) ; (loss, dz) = softmaxCrossEntropy(z, y_b)
//       zero grads → backward(dz) → + regulariser gradients → optimizer.update
//   at the end: optimizer.finalizeVariableValues (the weight EMA replaces the weights)
//   then validation (inference mode), logs, callbacks.onEpochEnd.
// The reported loss includes the regularisation penalty, as Keras reports it. Ctrl-C stops
// at the next batch boundary; a NaN loss stops with a diagnosis. Either way the model and
// the history so far are kept.

import Foundation

/// Options of `fit` beyond Keras's positional ones.
public struct FitOptions {
    public var shuffle = true
    /// Seeds shuffling and augmentation.
    public var seed: UInt64 = 0
    /// Limits each epoch to this many batches (a quick lesson run).
    public var stepsPerEpoch: Int?
    /// Transforms each training batch in place (augmentation), with the fit's generator.
    public var augment: ((inout Tensor, inout SeededGenerator) throws -> Void)?
    /// Saves a checkpoint here when training stops early (Ctrl-C, divergence).
    public var checkpointPath: String?
    /// Where progress goes; nil for silence.
    public var reporter: TrainingReporter? = ConsoleReporter()
    /// Keras's `label_smoothing` of the crossentropy: targets t·(1 − ε) + ε/K.
    public var labelSmoothing: Float = 0

    public init(
        shuffle: Bool = true, seed: UInt64 = 0, stepsPerEpoch: Int? = nil,
        augment: ((inout Tensor, inout SeededGenerator) throws -> Void)? = nil,
        checkpointPath: String? = nil, reporter: TrainingReporter? = ConsoleReporter()
    ) {
        (self.shuffle, self.seed, self.stepsPerEpoch, self.augment, self.checkpointPath, self.reporter) = (shuffle, seed, stepsPerEpoch, augment, checkpointPath, reporter)
    }
}

/// How `fit` and `ModelCheckpoint` write checkpoints: an atomic safetensors file.
func writeCheckpoint(_ model: Model, _ path: String, _ metadata: [String: String]) throws {
    try Checkpoint.save(model, to: path, metadata: metadata)
}

/// Trains `model` on images `x` (N, H, W, C) and labels `y` (class indices or one-hot).
///
/// ```swift
/// let history = try fit(model, x: train.images, y: train.labels, validationData: (test.images, test.labels),
///                       epochs: 3, batchSize: 128, optimizer: Adam())
/// ```
@discardableResult
public func fit(
    _ model: Model, x: Tensor, y: Tensor, validationData: (x: Tensor, y: Tensor)? = nil,
    epochs: Int = 1, batchSize: Int = 32, optimizer: Optimizer, callbacks: [Callback] = [],
    options: FitOptions = FitOptions()
) throws -> History {
    guard epochs >= 1, batchSize >= 1 else {
        throw ResNetError(.invalidArgument, "fit: epochs and batchSize must be at least 1; received epochs=\(epochs), batchSize=\(batchSize)")
    }
    let classes = try model.outputShape(for: [1] + model.inputShape).last ?? 0
    let labels = try classIndices(y, classes: classes)
    guard x.rank >= 1, x.shape[0] == labels.count, x.shape[0] > 0 else {
        throw ResNetError(.shapeMismatch, "fit: x has \(x.shape.first ?? 0) samples but y has \(labels.count) labels (x \(describe(x.shape)), y \(describe(y.shape)))")
    }
    try model.checkInput([1] + Array(x.shape.dropFirst()))
    let validation = try validationData.map { v -> (Tensor, [Int]) in (v.x, try classIndices(v.y, classes: classes)) }

    let context = TrainingContext(model: model, optimizer: optimizer)
    for c in callbacks {
        if let mc = c as? ModelCheckpoint, mc.save == nil { mc.save = writeCheckpoint }
        try c.onTrainBegin(context)
    }
    var history = History()
    var rng = SeededGenerator(seed: options.seed)
    let n = labels.count
    let steps = Swift.min(options.stepsPerEpoch ?? Int.max, (n + batchSize - 1) / batchSize)
    // Where an unfinished epoch stopped (Ctrl-C, divergence): its steps and running figures.
    var reached = (epoch: 0, step: 0, logs: [String: Float]())

    try Interrupt.catchingCtrlC {
        epochLoop: for epoch in 0..<epochs {
            for c in callbacks { try c.onEpochBegin(epoch, context) }
            let start = Date()
            var order = Array(0..<n)
            if options.shuffle { order.shuffle(using: &rng) }
            var lossSum = 0.0, correct = 0, seen = 0
            for step in 0..<steps {
                if Interrupt.requested {
                    history.stop = .interrupted
                    reached = (epoch, step, seen > 0 ? ["loss": Float(lossSum / Double(seen)), "accuracy": Float(correct) / Float(seen)] : [:])
                    break epochLoop
                }
                let rows = Array(order[(step * batchSize)..<Swift.min((step + 1) * batchSize, n)])
                var xb = try gatherRows(x, rows)
                if let augment = options.augment { try augment(&xb, &rng) }
                let yb = rows.map { labels[$0] }
                let z = try model.forwardLogits(xb, training: true)
                let (dataLoss, dz) = try softmaxCrossEntropy(
                    logits: z, labels: oneHot(Tensor(yb.map(Float.init)), classes: classes),
                    labelSmoothing: options.labelSmoothing)
                let loss = dataLoss + model.regularizationLoss()
                guard loss.isFinite else {
                    history.stop = .diverged(divergenceAdvice(loss, epoch: epoch, step: step, optimizer: optimizer))
                    reached = (epoch, step, [:])
                    break epochLoop
                }
                model.zeroGradients()
                _ = try model.backward(logitsGradient: dz)
                model.addRegularizationGradients()
                optimizer.update(model.parameters)

                lossSum += Double(loss) * Double(rows.count)
                correct += zip(try z.argmax(axis: -1).scalars, yb).filter { Int($0) == $1 }.count
                seen += rows.count
                let elapsed = Date().timeIntervalSince(start)
                options.reporter?.batchEnded(
                    epoch: epoch, epochs: epochs, step: step + 1, steps: steps,
                    loss: Float(lossSum / Double(seen)), accuracy: Float(correct) / Float(seen),
                    imagesPerSecond: Double(seen) / elapsed, eta: elapsed / Double(step + 1) * Double(steps - step - 1))
            }
            let seconds = Date().timeIntervalSince(start)
            var logs: [String: Float] = [
                "loss": Float(lossSum / Double(seen)), "accuracy": Float(correct) / Float(seen),
                "learning_rate": optimizer.learningRate, "seconds": Float(seconds),
                "images_per_second": Float(Double(seen) / seconds),
            ]
            if let (vx, vy) = validation {
                let (vl, va) = try evaluateIndices(model, vx, vy, batchSize: Swift.max(batchSize, 128), classes: classes)
                logs["val_loss"] = vl
                logs["val_accuracy"] = va
            }
            context.messages = []
            for c in callbacks { try c.onEpochEnd(epoch, logs: logs, context) }
            history.record(logs)
            options.reporter?.epochEnded(epoch: epoch, epochs: epochs, step: steps, steps: steps, logs: logs, messages: context.messages)
            if context.stopTraining { history.stop = .callback; break }
        }
    }
    // Keras's fit ends with finalize_variable_values: EMA weights replace the weights.
    optimizer.finalizeVariableValues(model.parameters)
    if history.stop != .completed, history.stop != .callback {
        var note: String
        switch history.stop {
        case .interrupted:
            note =
                "Interrupted with Ctrl-C after \(history.epochs) complete epoch(s)"
                + (reached.step > 0 ? " and \(reached.step) of \(steps) steps of epoch \(reached.epoch + 1)" : "")
                + "; the model keeps its weights."
        case .diverged(let why): note = why
        default: note = ""
        }
        if let path = options.checkpointPath {
            try writeCheckpoint(model, path, ["epoch": String(history.epochs), "stop": "\(history.stop)"])
            note += " Checkpoint saved to \(path)."
        }
        // The unfinished epoch's line shows the steps it reached (a Ctrl-C mid-epoch), not 0/0.
        options.reporter?.epochEnded(
            epoch: reached.epoch, epochs: epochs, step: reached.step, steps: steps,
            logs: reached.logs, messages: [note])
    }
    return history
}

/// What probably made the loss NaN or infinite, for the message that stops training.
func divergenceAdvice(_ loss: Float, epoch: Int, step: Int, optimizer: Optimizer) -> String {
    "the loss became \(formatScalar(loss)) at epoch \(epoch + 1), step \(step + 1). The learning rate (\(formatScalar(optimizer.learningRate)) with \(optimizer.name)) is probably too high — try 10× smaller"
        + (optimizer.name == "Adam" ? "" : ", or Adam at 1e-3") + "; also check the inputs are scaled (÷255, mean subtracted) and contain no NaN."
}

/// Rows `rows` of `x` (along the first axis) as a batch.
func gatherRows(_ x: Tensor, _ rows: [Int]) throws -> Tensor {
    let width = x.count / Swift.max(x.shape[0], 1)
    var out = [Float](repeating: 0, count: rows.count * width)
    x.scalars.withUnsafeBufferPointer { px in
        out.withUnsafeMutableBufferPointer { po in
            for (i, r) in rows.enumerated() { (po.baseAddress! + i * width).update(from: px.baseAddress! + r * width, count: width) }
        }
    }
    return Tensor(unchecked: [rows.count] + x.shape.dropFirst(), scalars: out)
}

/// Loss (with the regularisation penalty, as Keras reports it) and accuracy in inference mode.
///
/// ```swift
/// let (loss, acc) = try evaluate(model, x: test.images, y: test.labels)
/// ```
public func evaluate(_ model: Model, x: Tensor, y: Tensor, batchSize: Int = 128) throws -> (loss: Float, accuracy: Float) {
    let classes = try model.outputShape(for: [1] + model.inputShape).last ?? 0
    return try evaluateIndices(model, x, classIndices(y, classes: classes), batchSize: batchSize, classes: classes)
}

func evaluateIndices(_ model: Model, _ x: Tensor, _ labels: [Int], batchSize: Int, classes: Int) throws -> (Float, Float) {
    guard x.rank >= 1, x.shape[0] == labels.count, !labels.isEmpty else {
        throw ResNetError(.shapeMismatch, "evaluate: x has \(x.shape.first ?? 0) samples but there are \(labels.count) labels")
    }
    var lossSum = 0.0, correct = 0
    for start in stride(from: 0, to: labels.count, by: batchSize) {
        let rows = Array(start..<Swift.min(start + batchSize, labels.count))
        let z = try model.forwardLogits(gatherRows(x, rows), training: false)
        let yb = rows.map { labels[$0] }
        let (loss, _) = try softmaxCrossEntropy(logits: z, labels: oneHot(Tensor(yb.map(Float.init)), classes: classes))
        lossSum += Double(loss) * Double(rows.count)
        correct += zip(try z.argmax(axis: -1).scalars, yb).filter { Int($0) == $1 }.count
    }
    return (Float(lossSum / Double(labels.count)) + model.regularizationLoss(), Float(correct) / Float(labels.count))
}

/// The model's outputs (probabilities) for `x`, in batches, in inference mode.
///
/// ```swift
/// let probs = try predict(model, x: images)
/// ```
public func predict(_ model: Model, x: Tensor, batchSize: Int = 128) throws -> Tensor {
    guard x.rank >= 1, x.shape[0] > 0 else { throw ResNetError(.shapeMismatch, "predict: expected a batch of inputs, received shape \(describe(x.shape))") }
    var parts: [Tensor] = []
    for start in stride(from: 0, to: x.shape[0], by: Swift.max(1, batchSize)) {
        parts.append(try model.forward(x.slice(start..<Swift.min(start + batchSize, x.shape[0])), training: false))
    }
    return try Tensor.concatenate(parts)
}
