// Reference solution of exercise 9b. A drop-in for Sources/Exercises/Exercise09b_Accuracy.swift;
// `resnet-lab solution 9b` shows it once your own version passes.
import ResNetKit

public func top1Accuracy(predictions: Tensor, labels: Tensor) throws -> Float {
    guard predictions.rank == 2, labels.rank == 1, labels.shape[0] == predictions.shape[0] else {
        throw ResNetError(.shapeMismatch, "top1Accuracy: expected predictions (N, classes) and labels (N); received \(predictions.shape) and \(labels.shape)")
    }
    let predicted = try predictions.argmax(axis: -1).scalars  // the first largest on a tie
    let correct = zip(predicted, labels.scalars).filter { $0 == $1 }.count
    return predicted.isEmpty ? 0 : Float(correct) / Float(predicted.count)
}
