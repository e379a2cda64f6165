// Reference solution of exercise 9c. A drop-in for Sources/Exercises/Exercise09c_TrainingLoop.swift;
// `resnet-lab solution 9c` shows it once your own version passes.
import ResNetKit

public func trainByHand(
    _ model: Model, x: Tensor, labels: Tensor, epochs: Int, batchSize: Int, optimizer: Optimizer,
    shuffler: EpochShuffler, stepsPerEpoch: Int? = nil
) throws -> [Float] {
    let n = labels.count
    let classes = try model.outputShape(for: [1] + model.inputShape).last ?? 0
    let steps = min(stepsPerEpoch ?? Int.max, (n + batchSize - 1) / batchSize)
    var losses: [Float] = []
    for _ in 0..<epochs {
        let order = shuffler.nextEpoch()
        var sum: Float = 0
        for step in 0..<steps {
            let rows = Array(order[(step * batchSize)..<min((step + 1) * batchSize, n)])
            let logits = try model.forwardLogits(try x.rows(rows), training: true)
            let (loss, dLogits) = try softmaxCrossEntropy(logits: logits, labels: oneHot(labels.rows(rows), classes: classes))
            sum += loss + model.regularizationLoss()
            model.zeroGradients()
            _ = try model.backward(logitsGradient: dLogits)
            model.addRegularizationGradients()
            optimizer.update(model.parameters)
        }
        losses.append(sum / Float(steps))
    }
    return losses
}
