// Exercise 9a · seed 003's learning-rate schedule (lesson 9, training on Fashion-MNIST)
import ResNetKit

/// Seed 003's `lr_schedule(epoch)`, which its `LearningRateScheduler` calls at the start of
/// every epoch (epochs count from 0).
///
/// **Task.** Port the seed's Python exactly:
///
///     lr = 1e-3
///     if epoch > 180:   lr *= 0.5e-3
///     elif epoch > 160: lr *= 1e-3
///     elif epoch > 120: lr *= 1e-2
///     elif epoch > 80:  lr *= 1e-1
///
/// Mind the boundaries: which learning rate does epoch 80 itself get?
///
/// **Shapes.** epoch ≥ 0 → the learning rate as a Float.
///
/// **Where to look.** Lesson 9; ResNetKit's `StepDecay` for how a schedule looks in Swift.
/// Python computes in Double before Keras stores a float32; do the same to match to the last bit.
///
/// ```swift
/// try learningRate(epoch: 0)     // 0.001
/// try learningRate(epoch: 100)   // 0.0001
/// ```
///
/// Check it: `resnet-lab check 9a` (or `swift test --filter Exercise09a`).
public func learningRate(epoch: Int) throws -> Float {
    throw ExerciseError.notAttempted(file: #fileID)
}
