// Reference solution of exercise 7. A drop-in for Sources/Exercises/Exercise07_GradientNormRatio.swift;
// `resnet-lab solution 7` shows it once your own version passes.
import ResNetKit

public func gradientNormRatio(model: Model, images: Tensor, labels: Tensor) throws -> Float {
    let classes = try model.outputShape(for: [1] + model.inputShape).last ?? 0
    let logits = try model.forwardLogits(images, training: true)
    // Crossentropy of softmax(logits), mean over the batch; its gradient is (p − onehot) / N.
    let (_, dLogits) = try softmaxCrossEntropy(logits: logits, labels: try oneHot(labels, classes: classes))
    model.zeroGradients()  // backward adds into the gradients
    _ = try model.backward(logitsGradient: dLogits)
    let kernels = model.gradientRows(kernelsOnly: true)  // from the input to the output
    guard let first = kernels.first, let last = kernels.last, last.gradientNorm > 0 else {
        throw ResNetError(.invalidState, "gradientNormRatio: the model has no kernel gradients")
    }
    return first.gradientNorm / last.gradientNorm
}
