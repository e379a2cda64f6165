// Losses, with Keras's formulas and its default reduction (mean over the batch).
//
//   categorical crossentropy on probabilities p (Keras, from_logits=False):
//       p̂ = clip(p / Σp, 1e-7, 1 − 1e-7),   L = −mean_n Σ_k t·log p̂
//   the same on logits z — what Keras computes when p comes from its own softmax, and what
//   training uses here: L = −mean_n Σ_k t·(z − logsumexp z),  dL/dz = (softmax z − t) / N.
//   No exp overflows and no probability is clipped, so the gradient never silently dies.
//   mean squared error: L = mean((p − t)²)
//   label smoothing ε (Keras's `label_smoothing`): t ← t·(1 − ε) + ε/K before either formula.

import Foundation

/// A loss on a batch: a number, and its gradient with respect to the predictions.
///
/// ```swift
/// let loss = CategoricalCrossentropy()
/// let value = try loss(yTrue: labels, yPred: probs)
/// let dp = try loss.gradient(yTrue: labels, yPred: probs)
/// ```
public protocol Loss: Sendable {
    /// Keras's name (`categorical_crossentropy`).
    var name: String { get }
    /// The mean loss over the batch.
    func callAsFunction(yTrue: Tensor, yPred: Tensor) throws -> Float
    /// dL/dyPred.
    func gradient(yTrue: Tensor, yPred: Tensor) throws -> Tensor
}

/// Keras's clipping constant, `keras.backend.epsilon()`.
let kerasEpsilon: Float = 1e-7

func expectSameShape(_ loss: String, _ t: Tensor, _ p: Tensor) throws {
    guard t.shape == p.shape, p.rank >= 1 else {
        throw ResNetError(
            .shapeMismatch,
            "\(loss): y_true and y_pred must have the same shape (batch, classes), received \(describe(t.shape)) and \(describe(p.shape)). For integer labels use SparseCategoricalCrossentropy"
        )
    }
}

/// Crossentropy against one-hot targets, on probabilities (after a softmax).
///
/// ```swift
/// let loss = try CategoricalCrossentropy()(yTrue: targets, yPred: probs)
/// ```
public struct CategoricalCrossentropy: Loss {
    public let name = "categorical_crossentropy"
    /// Keras's `label_smoothing`: targets become t·(1 − ε) + ε/K.
    public let labelSmoothing: Float
    public init() { labelSmoothing = 0 }

    /// With label smoothing, as `keras.losses.CategoricalCrossentropy(label_smoothing=0.1)`.
    ///
    /// ```swift
    /// let loss = try CategoricalCrossentropy(labelSmoothing: 0.1)(yTrue: targets, yPred: probs)
    /// ```
    public init(labelSmoothing: Float) throws {
        guard labelSmoothing >= 0, labelSmoothing <= 1 else {
            throw ResNetError(.invalidArgument, "CategoricalCrossentropy: label_smoothing must be in [0, 1], received label_smoothing=\(labelSmoothing)")
        }
        self.labelSmoothing = labelSmoothing
    }

    public func callAsFunction(yTrue: Tensor, yPred: Tensor) throws -> Float {
        try expectSameShape("CategoricalCrossentropy", yTrue, yPred)
        let yTrue = smoothLabels(yTrue, labelSmoothing)
        let k = yPred.shape.last!, rows = yPred.count / Swift.max(k, 1)
        var total = 0.0
        for r in 0..<rows {
            let base = r * k
            let s = (0..<k).reduce(Float(0)) { $0 + yPred.scalars[base + $1] }
            for j in 0..<k {
                let p = Swift.min(Swift.max(yPred.scalars[base + j] / s, kerasEpsilon), 1 - kerasEpsilon)
                total -= Double(yTrue.scalars[base + j]) * Double(Foundation.log(p))
            }
        }
        return Float(total / Double(Swift.max(rows, 1)))
    }

    public func gradient(yTrue: Tensor, yPred: Tensor) throws -> Tensor {
        try expectSameShape("CategoricalCrossentropy", yTrue, yPred)
        let yTrue = smoothLabels(yTrue, labelSmoothing)
        let k = yPred.shape.last!, rows = yPred.count / Swift.max(k, 1)
        var d = [Float](repeating: 0, count: yPred.count)
        for r in 0..<rows {
            let base = r * k
            let s = (0..<k).reduce(Float(0)) { $0 + yPred.scalars[base + $1] }
            // g_j = dL/dp̂_j (zero where clipped); p̂ = p/s ⇒ dL/dp_i = g_i/s − Σ_j g_j p_j / s².
            var g = [Float](repeating: 0, count: k)
            var dot: Float = 0
            for j in 0..<k {
                let q = yPred.scalars[base + j] / s
                if q > kerasEpsilon, q < 1 - kerasEpsilon { g[j] = -yTrue.scalars[base + j] / q }
                dot += g[j] * yPred.scalars[base + j]
            }
            for i in 0..<k { d[base + i] = (g[i] / s - dot / (s * s)) / Float(rows) }
        }
        return Tensor(unchecked: yPred.shape, scalars: d)
    }
}

/// Crossentropy against integer class labels (shape (N)), on probabilities.
///
/// ```swift
/// let loss = try SparseCategoricalCrossentropy()(yTrue: Tensor([3, 0]), yPred: probs)
/// ```
public struct SparseCategoricalCrossentropy: Loss {
    public let name = "sparse_categorical_crossentropy"
    public init() {}

    /// Converts labels to one-hot rows, checking each is a class index.
    func oneHot(_ labels: Tensor, _ p: Tensor) throws -> Tensor {
        guard p.rank >= 1, labels.count * (p.shape.last ?? 0) == p.count else {
            throw ResNetError(
                .shapeMismatch,
                "SparseCategoricalCrossentropy: expected one integer label per row of y_pred \(describe(p.shape)), received labels of shape \(describe(labels.shape))")
        }
        return try ResNetKit.oneHot(labels, classes: p.shape.last!).reshaped(p.shape)
    }

    public func callAsFunction(yTrue: Tensor, yPred: Tensor) throws -> Float {
        let t = try oneHot(yTrue, yPred)
        // Keras clips p without renormalising first, then normalises the clipped row.
        let k = yPred.shape.last!, rows = yPred.count / k
        var total = 0.0
        for r in 0..<rows {
            let c = (0..<k).map { Swift.min(Swift.max(yPred.scalars[r * k + $0], kerasEpsilon), 1 - kerasEpsilon) }
            let s = c.reduce(0, +)
            for j in 0..<k where t.scalars[r * k + j] != 0 { total -= Double(Foundation.log(c[j] / s)) }
        }
        return Float(total / Double(Swift.max(rows, 1)))
    }

    public func gradient(yTrue: Tensor, yPred: Tensor) throws -> Tensor {
        let t = try oneHot(yTrue, yPred)
        let k = yPred.shape.last!, rows = yPred.count / k
        var d = [Float](repeating: 0, count: yPred.count)
        for r in 0..<rows {
            let raw = (0..<k).map { yPred.scalars[r * k + $0] }
            let c = raw.map { Swift.min(Swift.max($0, kerasEpsilon), 1 - kerasEpsilon) }
            let s = c.reduce(0, +)
            // L = −log c_y + log Σc  ⇒  dL/dc_j = −t_j/c_j + 1/s, passed through where unclipped.
            for j in 0..<k where raw[j] > kerasEpsilon && raw[j] < 1 - kerasEpsilon {
                d[r * k + j] = (-t.scalars[r * k + j] / c[j] + 1 / s) / Float(rows)
            }
        }
        return Tensor(unchecked: yPred.shape, scalars: d)
    }
}

/// Mean squared error: the mean of (p − t)² over every element.
///
/// ```swift
/// let loss = try MeanSquaredError()(yTrue: target, yPred: output)
/// ```
public struct MeanSquaredError: Loss {
    public let name = "mean_squared_error"
    public init() {}

    public func callAsFunction(yTrue: Tensor, yPred: Tensor) throws -> Float {
        try expectSameShape("MeanSquaredError", yTrue, yPred)
        var s = 0.0
        for i in 0..<yPred.count { let d = Double(yPred.scalars[i] - yTrue.scalars[i]); s += d * d }
        return Float(s / Double(Swift.max(yPred.count, 1)))
    }

    public func gradient(yTrue: Tensor, yPred: Tensor) throws -> Tensor {
        try expectSameShape("MeanSquaredError", yTrue, yPred)
        let scale = 2 / Float(Swift.max(yPred.count, 1))
        return Tensor(unchecked: yPred.shape, scalars: (0..<yPred.count).map { scale * (yPred.scalars[$0] - yTrue.scalars[$0]) })
    }
}

/// Crossentropy of softmax(logits) against one-hot targets, computed stably from the logits:
/// the loss Keras's `fit` minimises when the model ends in a softmax.
///
/// ```swift
/// let (loss, dLogits) = try softmaxCrossEntropy(logits: z, labels: targets)
/// let (smoothed, _) = try softmaxCrossEntropy(logits: z, labels: targets, labelSmoothing: 0.1)
/// ```
public func softmaxCrossEntropy(logits: Tensor, labels: Tensor, labelSmoothing: Float = 0) throws -> (loss: Float, gradient: Tensor) {
    try expectSameShape("softmaxCrossEntropy", labels, logits)
    guard labelSmoothing >= 0, labelSmoothing <= 1 else {
        throw ResNetError(.invalidArgument, "softmaxCrossEntropy: label_smoothing must be in [0, 1], received label_smoothing=\(labelSmoothing)")
    }
    let labels = smoothLabels(labels, labelSmoothing)
    let k = logits.shape.last!, rows = logits.count / Swift.max(k, 1)
    var total = 0.0
    var d = [Float](repeating: 0, count: logits.count)
    for r in 0..<rows {
        let base = r * k
        var m = -Float.infinity
        for j in 0..<k { m = Swift.max(m, logits.scalars[base + j]) }
        var s = 0.0
        for j in 0..<k { s += Foundation.exp(Double(logits.scalars[base + j] - m)) }
        let logSum = Double(m) + Foundation.log(s)
        for j in 0..<k {
            let z = Double(logits.scalars[base + j]), t = Double(labels.scalars[base + j])
            total -= t * (z - logSum)
            d[base + j] = Float((Foundation.exp(z - logSum) - t) / Double(rows))
        }
    }
    return (Float(total / Double(Swift.max(rows, 1))), Tensor(unchecked: logits.shape, scalars: d))
}

/// Keras's label smoothing: t·(1 − ε) + ε/K, K the number of classes (last axis).
func smoothLabels(_ t: Tensor, _ epsilon: Float) -> Tensor {
    guard epsilon > 0, let k = t.shape.last, k > 0 else { return t }
    let keep = 1 - epsilon, spread = epsilon / Float(k)
    return Tensor(unchecked: t.shape, scalars: t.scalars.map { $0 * keep + spread })
}

/// One-hot rows from integer labels: `[2, 0]` with 3 classes → `[[0, 0, 1], [1, 0, 0]]`.
///
/// ```swift
/// let targets = try oneHot(Tensor([2, 0]), classes: 3)
/// ```
public func oneHot(_ labels: Tensor, classes: Int) throws -> Tensor {
    guard classes > 0 else { throw ResNetError(.invalidArgument, "oneHot: classes must be positive, received classes=\(classes)") }
    var out = [Float](repeating: 0, count: labels.count * classes)
    for (i, v) in labels.scalars.enumerated() {
        guard v == v.rounded(), v >= 0, Int(v) < classes else {
            throw ResNetError(.invalidArgument, "oneHot: label \(formatScalar(v)) at position \(i) is not a class index in 0..<\(classes)")
        }
        out[i * classes + Int(v)] = 1
    }
    return Tensor(unchecked: [labels.count, classes], scalars: out)
}
