// Plausible wrong solutions of exercises 9a (seed 003's schedule), 9b (accuracy), 10b (option A).
import Foundation
import ExerciseSolutions
import ResNetKit

enum Wrong09a {
    /// epoch >= 80: the boundary epochs get the next rate one epoch early.
    @Sendable static func inclusiveBoundaries(epoch: Int) throws -> Float {
        var lr = 1e-3
        if epoch >= 180 { lr *= 0.5e-3 } else if epoch >= 160 { lr *= 1e-3 } else if epoch >= 120 { lr *= 1e-2 } else if epoch >= 80 { lr *= 1e-1 }
        return Float(lr)
    }

    /// `lr = 0.5e-3` instead of `lr *= 0.5e-3` after epoch 180.
    @Sendable static func assignsInsteadOfMultiplies(epoch: Int) throws -> Float {
        epoch > 180 ? 0.5e-3 : try learningRate(epoch: epoch)
    }

    /// A ×0.1 step every 40 epochs: a plausible schedule, not the seed's.
    @Sendable static func stepEvery40(epoch: Int) throws -> Float {
        Float(1e-3 * pow(0.1, Double(epoch / 40)))
    }
}

enum Wrong09b {
    /// The label's score equal to the row's maximum counts as correct, ties included.
    @Sendable static func tiesCountAsCorrect(predictions: Tensor, labels: Tensor) throws -> Float {
        let k = predictions.shape[1], best = try predictions.max(axis: -1).scalars
        let hits = labels.scalars.enumerated().filter { i, l in predictions.scalars[i * k + Int(l)] == best[i] }.count
        return Float(hits) / Float(labels.count)
    }

    /// The last of several equal maxima (`>=` while scanning).
    @Sendable static func lastOfTies(predictions: Tensor, labels: Tensor) throws -> Float {
        let k = predictions.shape[1]
        var hits = 0
        for (i, l) in labels.scalars.enumerated() {
            var best = 0
            for j in 0..<k where predictions.scalars[i * k + j] >= predictions.scalars[i * k + best] { best = j }
            if best == Int(l) { hits += 1 }
        }
        return Float(hits) / Float(labels.count)
    }

    /// Correct rows divided by the number of classes.
    @Sendable static func dividesByClasses(predictions: Tensor, labels: Tensor) throws -> Float {
        try top1Accuracy(predictions: predictions, labels: labels) * Float(labels.count) / Float(predictions.shape[1])
    }
}

enum Wrong10b {
    /// The input's channels first, all the zeros after them.
    @Sendable static func zerosAfter(_ x: Tensor, strides: Int, filters: Int) throws -> Tensor {
        let y = try zeroPaddingShortcut(x, strides: strides, filters: filters)
        let c = x.shape[3], before = (filters - c) / 2
        var out = [Float](repeating: 0, count: y.count)
        for p in 0..<(y.count / filters) { for ch in 0..<c { out[p * filters + ch] = y.scalars[p * filters + before + ch] } }
        return try Tensor(shape: y.shape, scalars: out)
    }

    /// Rows s/2, s/2 + s, … (the centre of each window) instead of 0, s, 2s, ….
    @Sendable static func centreSamples(_ x: Tensor, strides s: Int, filters: Int) throws -> Tensor {
        guard s > 1 else { return try zeroPaddingShortcut(x, strides: s, filters: filters) }
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = ((h - s / 2 + s - 1) / s, (w - s / 2 + s - 1) / s), before = (filters - c) / 2
        var y = [Float](repeating: 0, count: n * oh * ow * filters)
        for b in 0..<n {
            for i in 0..<oh {
                for j in 0..<ow {
                    for ch in 0..<c {
                        y[((b * oh + i) * ow + j) * filters + before + ch] = x.scalars[((b * h + i * s + s / 2) * w + j * s + s / 2) * c + ch]
                    }
                }
            }
        }
        return try Tensor(shape: [n, oh, ow, filters], scalars: y)
    }

    /// ⌊H/s⌋ rows: drops the last row of an odd-sized input.
    @Sendable static func roundsDown(_ x: Tensor, strides s: Int, filters: Int) throws -> Tensor {
        let y = try zeroPaddingShortcut(x, strides: s, filters: filters)
        let (oh, ow) = (x.shape[1] / s, x.shape[2] / s)
        guard oh != y.shape[1] || ow != y.shape[2] else { return y }
        var out: [Float] = []
        for b in 0..<y.shape[0] {
            for i in 0..<oh {
                for j in 0..<ow {
                    let p = ((b * y.shape[1] + i) * y.shape[2] + j) * filters
                    out += y.scalars[p..<(p + filters)]
                }
            }
        }
        return try Tensor(shape: [y.shape[0], oh, ow, filters], scalars: out)
    }
}

/// Plausible wrong training loops for exercise 9c: each leaves out one step of `fit`'s loop.
enum Wrong09c {
    /// One loop with a switch per mistake, so each wrong solution differs from the reference
    /// in exactly one place.
    static func loop(zeroGradients: Bool = true, l2: Bool = true, training: Bool = true, shuffle: Bool = true)
        -> @Sendable (Model, Tensor, Tensor, Int, Int, Optimizer, EpochShuffler, Int?) throws -> [Float]
    {
        { model, x, labels, epochs, batchSize, optimizer, shuffler, stepsPerEpoch in
            let n = labels.count
            let classes = try model.outputShape(for: [1] + model.inputShape).last ?? 0
            let steps = min(stepsPerEpoch ?? Int.max, (n + batchSize - 1) / batchSize)
            var losses: [Float] = []
            for _ in 0..<epochs {
                let order = shuffle ? shuffler.nextEpoch() : Array(0..<n)
                var sum: Float = 0
                for step in 0..<steps {
                    let rows = Array(order[(step * batchSize)..<min((step + 1) * batchSize, n)])
                    let logits = try model.forwardLogits(try x.rows(rows), training: training)
                    let (loss, dLogits) = try softmaxCrossEntropy(logits: logits, labels: oneHot(labels.rows(rows), classes: classes))
                    sum += loss + model.regularizationLoss()
                    if zeroGradients { model.zeroGradients() }
                    _ = try model.backward(logitsGradient: dLogits)
                    if l2 { model.addRegularizationGradients() }
                    optimizer.update(model.parameters)
                }
                losses.append(sum / Float(steps))
            }
            return losses
        }
    }
    static let keepsGradients = loop(zeroGradients: false)
    static let forgetsL2 = loop(l2: false)
    static let inferenceMode = loop(training: false)
    static let noShuffle = loop(shuffle: false)
}
