// Exercise 2a · the convolution output-size formula (lesson 2, convolution)
import ResNetKit

/// How long is a convolution's output along one axis, and how much padding do its windows use?
///
/// **Task.** For an axis of `n` input rows, a kernel of `k` rows and stride `s`, return the
/// output length and the rows of zero padding Keras (TensorFlow) puts before and after:
///
/// - `.valid`: no padding; windows that would run off the end are dropped.
/// - `.same`: the output length is n / s rounded *up*; pad just enough for the last window,
///   and split the padding TensorFlow's way (with an odd total, where does the extra row go?).
///
/// **Shapes.** Plain integers: `n ≥ 1`, `k ≥ 1`, `s ≥ 1` (and `k ≤ n` for `.valid`).
/// `padAfter` counts only the padding the last window actually reaches (0 for `.valid`).
///
/// **Where to look.** Lesson 2; the comment at the top of Sources/ResNetKit/Layers/Geometry.swift
/// states the rule (the code below it is internal, so write your own).
///
/// ```swift
/// try convOutputSize(inputSize: 32, kernelSize: 3, stride: 1, padding: .same)   // (32, 1, 1)
/// try convOutputSize(inputSize: 8, kernelSize: 3, stride: 2, padding: .valid)   // (3, 0, 0)
/// ```
///
/// Check it: `resnet-lab check 2a` (or `swift test --filter Exercise02a`).
public func convOutputSize(
    inputSize n: Int, kernelSize k: Int, stride s: Int,
    padding: Padding
) throws -> (output: Int, padBefore: Int, padAfter: Int) {
    throw ExerciseError.notAttempted(file: #fileID)
}
