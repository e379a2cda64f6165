// Plausible wrong solutions of exercises 2a and 2b. The self-check proves each one fails,
// with a message that names the mistake.
import ExerciseSolutions
import ResNetKit

enum Wrong02a {
    /// PyTorch-style split: the odd extra row of padding before the input.
    @Sendable static func extraRowBefore(inputSize n: Int, kernelSize k: Int, stride s: Int, padding: Padding) throws -> (output: Int, padBefore: Int, padAfter: Int) {
        let r = try convOutputSize(inputSize: n, kernelSize: k, stride: s, padding: padding)
        let total = r.padBefore + r.padAfter
        return (r.output, total - total / 2, total / 2)
    }

    /// "same" with the output rounded down.
    @Sendable static func sameRoundsDown(inputSize n: Int, kernelSize k: Int, stride s: Int, padding: Padding) throws -> (output: Int, padBefore: Int, padAfter: Int) {
        let r = try convOutputSize(inputSize: n, kernelSize: k, stride: s, padding: padding)
        return padding == .same ? (n / s, r.padBefore, r.padAfter) : r
    }

    /// "valid" without the + 1 for the first window.
    @Sendable static func validWithoutPlusOne(inputSize n: Int, kernelSize k: Int, stride s: Int, padding: Padding) throws -> (output: Int, padBefore: Int, padAfter: Int) {
        try padding == .valid ? (max((n - k) / s, 1), 0, 0) : convOutputSize(inputSize: n, kernelSize: k, stride: s, padding: padding)
    }
}

enum Wrong02b {
    /// A true convolution: the kernel reversed in both spatial axes.
    @Sendable static func flippedKernel(_ x: Tensor, kernel: Tensor, bias: Tensor, strides: Int, padding: Padding) throws -> Tensor {
        let (kh, kw, c, f) = (kernel.shape[0], kernel.shape[1], kernel.shape[2], kernel.shape[3])
        var flipped = [Float](repeating: 0, count: kernel.count)
        for a in 0..<kh {
            for b in 0..<kw {
                for i in 0..<(c * f) {
                    flipped[((kh - 1 - a) * kw + (kw - 1 - b)) * c * f + i] = kernel.scalars[(a * kw + b) * c * f + i]
                }
            }
        }
        return try naiveConv2D(x, kernel: try Tensor(shape: kernel.shape, scalars: flipped), bias: bias, strides: strides, padding: padding)
    }

    @Sendable static func noBias(_ x: Tensor, kernel: Tensor, bias: Tensor, strides: Int, padding: Padding) throws -> Tensor {
        try naiveConv2D(x, kernel: kernel, bias: try Tensor.zeros(bias.shape), strides: strides, padding: padding)
    }

    /// Off-by-one padding: an odd total split with the extra row before (top/left).
    @Sendable static func extraPaddingBefore(_ x: Tensor, kernel: Tensor, bias: Tensor, strides s: Int, padding: Padding) throws -> Tensor {
        guard padding == .same else { return try naiveConv2D(x, kernel: kernel, bias: bias, strides: s, padding: padding) }
        // Pad explicitly one row/column more before where the total is odd, then convolve "valid".
        let (h, w) = (x.shape[1], x.shape[2])
        func pads(_ size: Int, _ k: Int) -> (Int, Int) {
            let out = (size + s - 1) / s, total = max((out - 1) * s + k - size, 0)
            return (total - total / 2, total / 2)
        }
        let (top, bottom) = pads(h, kernel.shape[0]), (left, right) = pads(w, kernel.shape[1])
        let padded = try ZeroPadding2D(top: top, bottom: bottom, left: left, right: right).forward(x, training: false)
        return try naiveConv2D(padded, kernel: kernel, bias: bias, strides: s, padding: .valid)
    }
}
