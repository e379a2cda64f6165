// Reference solution of exercise 2a. A drop-in for Sources/Exercises/Exercise02a_OutputSize.swift;
// `resnet-lab solution 2a` shows it once your own version passes.
import ResNetKit

public func convOutputSize(
    inputSize n: Int, kernelSize k: Int, stride s: Int,
    padding: Padding
) throws -> (output: Int, padBefore: Int, padAfter: Int) {
    guard n >= 1, k >= 1, s >= 1 else {
        throw ResNetError(.invalidArgument, "convOutputSize: sizes must be positive; received n=\(n), k=\(k), s=\(s)")
    }
    switch padding {
    case .valid:
        // Windows start at 0, s, 2s, … and must end inside the input; leftovers are dropped.
        guard k <= n else { throw ResNetError(.invalidArgument, "convOutputSize: kernel \(k) is larger than the input \(n) with padding valid") }
        return ((n - k) / s + 1, 0, 0)
    case .same:
        let output = (n + s - 1) / s  // ⌈n / s⌉
        let total = max((output - 1) * s + k - n, 0)  // rows the last window needs beyond the input
        return (output, total / 2, total - total / 2)  // TensorFlow: an odd extra row goes after
    }
}
