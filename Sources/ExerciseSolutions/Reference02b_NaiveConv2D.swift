// Reference solution of exercise 2b. A drop-in for Sources/Exercises/Exercise02b_NaiveConv2D.swift;
// `resnet-lab solution 2b` shows it once your own version passes. Self-contained: it repeats
// exercise 2a's rule rather than calling it.
import ResNetKit

public func naiveConv2D(
    _ x: Tensor, kernel: Tensor, bias: Tensor, strides s: Int,
    padding: Padding
) throws -> Tensor {
    guard x.rank == 4, kernel.rank == 4, kernel.shape[2] == x.shape[3], bias.shape == [kernel.shape[3]], s >= 1 else {
        throw ResNetError(.shapeMismatch, "naiveConv2D: expected x (N, H, W, C), kernel (KH, KW, C, F), bias (F); received \(x.shape), \(kernel.shape), \(bias.shape)")
    }
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (kh, kw, f) = (kernel.shape[0], kernel.shape[1], kernel.shape[3])
    // Output length and padding before the input, per axis (exercise 2a).
    func axis(_ size: Int, _ k: Int) -> (output: Int, padBefore: Int) {
        if padding == .valid { return (size >= k ? (size - k) / s + 1 : 0, 0) }
        let output = (size + s - 1) / s
        return (output, max((output - 1) * s + k - size, 0) / 2)
    }
    let (oh, top) = axis(h, kh), (ow, left) = axis(w, kw)
    let xs = x.scalars, ks = kernel.scalars
    var y = [Float](repeating: 0, count: n * oh * ow * f)
    for b in 0..<n {
        for i in 0..<oh {
            for j in 0..<ow {
                for o in 0..<f {
                    var sum = bias.scalars[o]
                    for a in 0..<kh {
                        let row = i * s + a - top
                        guard row >= 0, row < h else { continue }  // zero padding
                        for d in 0..<kw {
                            let col = j * s + d - left
                            guard col >= 0, col < w else { continue }
                            for ch in 0..<c {
                                sum += xs[((b * h + row) * w + col) * c + ch] * ks[((a * kw + d) * c + ch) * f + o]
                            }
                        }
                    }
                    y[((b * oh + i) * ow + j) * f + o] = sum
                }
            }
        }
    }
    return try Tensor(shape: [n, oh, ow, f], scalars: y)
}
