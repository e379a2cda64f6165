// Test-time augmentation: predict each image and its mirror image, average the two
// softmax outputs, take the class with the highest mean. A network trained with random
// horizontal flips has learnt both views; averaging them cancels part of each view's
// error. Keras has no twin; the test checks it against a NumPy reference
// (Tests/References/make_speedrun_fixtures.py: (model(x) + model(x[:, :, ::-1])) / 2).
//
//   p̄ = ½ (softmax f(x) + softmax f(flip x)),   prediction = argmax p̄

import Foundation

/// Images (N, H, W, C) mirrored left–right (the width axis reversed).
///
/// ```swift
/// let mirrored = try flipHorizontally(test.images)
/// ```
public func flipHorizontally(_ x: Tensor) throws -> Tensor {
    guard x.rank == 4 else {
        throw ResNetError(.shapeMismatch, "flipHorizontally expected images (N, H, W, C), received shape \(describe(x.shape))")
    }
    let (rows, w, c) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
    var out = [Float](repeating: 0, count: x.count)
    x.scalars.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            for r in 0..<rows {
                for j in 0..<w {
                    let from = (r * w + j) * c, to = (r * w + (w - 1 - j)) * c
                    for k in 0..<c { dst[to + k] = src[from + k] }
                }
            }
        }
    }
    return Tensor(unchecked: x.shape, scalars: out)
}

/// The model's outputs (probabilities), averaged over each image and its mirror image.
///
/// ```swift
/// let probs = try predictWithFlips(model, x: test.images)
/// ```
public func predictWithFlips(_ model: Model, x: Tensor, batchSize: Int = 256) throws -> Tensor {
    let a = try predict(model, x: x, batchSize: batchSize)
    let b = try predict(model, x: flipHorizontally(x), batchSize: batchSize)
    return Tensor(unchecked: a.shape, scalars: zip(a.scalars, b.scalars).map { ($0 + $1) / 2 })
}

/// Accuracy with test-time flips: the fraction of images whose flip-averaged prediction is
/// their label (integer labels or one-hot).
///
/// ```swift
/// let accuracy = try evaluateWithFlips(model, x: test.images, y: test.labels)
/// ```
public func evaluateWithFlips(_ model: Model, x: Tensor, y: Tensor, batchSize: Int = 256) throws -> Float {
    let probs = try predictWithFlips(model, x: x, batchSize: batchSize)
    let labels = try classIndices(y, classes: probs.shape.last ?? 0)
    guard labels.count == probs.shape[0] else {
        throw ResNetError(.shapeMismatch, "evaluateWithFlips: \(probs.shape[0]) images but \(labels.count) labels")
    }
    let predicted = try probs.argmax(axis: -1).scalars
    return Float(zip(predicted, labels).filter { Int($0) == $1 }.count) / Float(Swift.max(labels.count, 1))
}
