// Exercise 7 · how much gradient reaches the first layer (lesson 7, vanishing gradients)
import ResNetKit

/// ‖∂L/∂W_first‖ / ‖∂L/∂W_last‖ for one batch: the number that shows vanishing gradients.
///
/// **Task.** Run `model` on `images` in training mode, take Keras's categorical crossentropy
/// of its softmax output against the one-hot `labels` (mean over the batch), backpropagate,
/// and return the L2 norm of the gradient of the *first* layer's kernel divided by that of
/// the *last* layer's kernel (the final Dense). Kernels only, no biases.
///
/// The model may still hold gradients from an earlier pass: `backward` *adds* into them.
///
/// **Shapes.** images: (N, H, W, C) matching `model.inputShape` · labels: (N) class indices
/// → a positive number (tiny for a deep plain network of sigmoids).
///
/// **Where to look.** Lesson 7; in Sources/ResNetKit/Models: `forwardLogits(_:training:)`,
/// `backward(logitsGradient:)`, `zeroGradients()`, `gradientRows(kernelsOnly:)`; in Training:
/// `softmaxCrossEntropy(logits:labels:)`, `oneHot(_:classes:)`. (`Model.gradientNormRatio()`
/// does the last step for you; the rest is yours.)
///
/// ```swift
/// let ratio = try gradientNormRatio(model: try PlainNet(depth: 20), images: x, labels: y)
/// ```
///
/// Check it: `resnet-lab check 7` (or `swift test --filter Exercise07`).
public func gradientNormRatio(model: Model, images: Tensor, labels: Tensor) throws -> Float {
    throw ExerciseError.notAttempted(file: #fileID)
}
