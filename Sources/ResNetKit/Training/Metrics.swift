// Metrics computed from predictions and labels.

/// Top-1 accuracy: the fraction of rows whose largest output is the labelled class.
/// Labels are class indices (N) or one-hot rows (N, classes).
///
/// ```swift
/// let acc = try accuracy(predictions: probs, labels: Tensor([3, 1]))
/// ```
public func accuracy(predictions: Tensor, labels: Tensor) throws -> Float {
    let indices = try classIndices(labels, classes: predictions.shape.last ?? 0)
    guard predictions.rank == 2, predictions.shape[0] == indices.count else {
        throw ResNetError(.shapeMismatch, "accuracy: expected predictions (N, classes) and N labels, received \(describe(predictions.shape)) and \(describe(labels.shape))")
    }
    let predicted = try predictions.argmax(axis: -1).scalars
    let correct = zip(predicted, indices).filter { Int($0) == $1 }.count
    return indices.isEmpty ? 0 : Float(correct) / Float(indices.count)
}

/// Class indices from labels given as indices (N) or one-hot rows (N, classes).
func classIndices(_ labels: Tensor, classes: Int) throws -> [Int] {
    if labels.rank == 2, labels.shape[1] == classes, classes > 1 {
        return try labels.argmax(axis: -1).scalars.map { Int($0) }
    }
    guard labels.rank == 1 || (labels.rank == 2 && labels.shape[1] == 1) else {
        throw ResNetError(.shapeMismatch, "labels must be class indices (N) or one-hot rows (N, \(classes)); received shape \(describe(labels.shape))")
    }
    return try labels.scalars.enumerated().map { i, v in
        guard v == v.rounded(), v >= 0, Int(v) < classes else {
            throw ResNetError(.invalidArgument, "label \(formatScalar(v)) at position \(i) is not a class index in 0..<\(classes)")
        }
        return Int(v)
    }
}
