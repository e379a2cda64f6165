// Exercise 9c · the training loop by hand (lesson 9, training on Fashion-MNIST)
import ResNetKit

/// The loop `fit` runs, written by you: epochs of shuffled mini-batches, each going forward,
/// through the loss, backward and into the optimiser's update.
///
/// **Task.** For each of `epochs` epochs take the order `shuffler.nextEpoch()` gives, and cut it
/// into batches of `batchSize` rows (the last batch may be smaller); stop the epoch after
/// `stepsPerEpoch` batches when it is given. For each batch:
/// 1. `model.forwardLogits(x.rows(rows), training: true)`;
/// 2. `softmaxCrossEntropy(logits:labels:)` against the batch's labels, one-hot (`oneHot`);
/// 3. `model.zeroGradients()`, then `model.backward(logitsGradient:)` with the loss's gradient;
/// 4. `model.addRegularizationGradients()` — the seed's l2 penalty has a gradient too;
/// 5. `optimizer.update(model.parameters)`.
/// Return each epoch's mean loss (the crossentropy plus `model.regularizationLoss()`, averaged
/// over the batches) — what `fit` reports as `loss` when every batch is full.
///
/// **Shapes.** x: (N, H, W, C) · labels: (N) class indices → one Float per epoch.
///
/// **Where to look.** Lesson 9, "The training loop, by hand". `fit` is the answer — don't call it.
///
/// ```swift
/// let model = try ResNetV1(depth: 8, inputShape: [32, 32, 1])
/// let losses = try trainByHand(model, x: Tensor.zeros([64, 32, 32, 1]), labels: Tensor.zeros([64]),
///                              epochs: 2, batchSize: 32, optimizer: Adam(), shuffler: EpochShuffler(count: 64, seed: 1))
/// ```
///
/// Check it: `resnet-lab check 9c` (or `swift test --filter Exercise09c`).
public func trainByHand(
    _ model: Model, x: Tensor, labels: Tensor, epochs: Int, batchSize: Int, optimizer: Optimizer,
    shuffler: EpochShuffler, stepsPerEpoch: Int? = nil
) throws -> [Float] {
    throw ExerciseError.notAttempted(file: #fileID)
}
