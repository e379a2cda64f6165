// Exercise 9b · top-1 accuracy (lesson 9, training on Fashion-MNIST)
import ResNetKit

/// Keras's `accuracy` metric for integer labels (`SparseCategoricalAccuracy`): the fraction of
/// rows whose largest score is at the labelled class.
///
/// **Task.** For each row take the index of its largest value — on a tie, the *first* largest,
/// as `argmax` does — and compare it with the label. Return correct / N.
///
/// **Shapes.** predictions: (N, classes), probabilities or any scores · labels: (N) class
/// indices stored as Floats (0, 1, …) → a Float in [0, 1].
///
/// **Where to look.** Lesson 9; `Tensor.argmax(axis:)` and `scalars`. ResNetKit's own
/// `accuracy(predictions:labels:)` is the answer — don't call it.
///
/// ```swift
/// let p = try Tensor([[0.1, 0.9], [0.8, 0.2]])
/// try top1Accuracy(predictions: p, labels: Tensor([1, 1]))   // 0.5
/// ```
///
/// Check it: `resnet-lab check 9b` (or `swift test --filter Exercise09b`).
public func top1Accuracy(predictions: Tensor, labels: Tensor) throws -> Float {
    throw ExerciseError.notAttempted(file: #fileID)
}
