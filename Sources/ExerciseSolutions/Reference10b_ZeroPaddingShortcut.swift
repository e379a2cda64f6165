// Reference solution of exercise 10b. A drop-in for Sources/Exercises/Exercise10b_ZeroPaddingShortcut.swift;
// `resnet-lab solution 10b` shows it once your own version passes.
import ResNetKit

public func zeroPaddingShortcut(_ x: Tensor, strides s: Int, filters: Int) throws -> Tensor {
    guard x.rank == 4, s >= 1, filters >= x.shape[3] else {
        throw ResNetError(.invalidArgument, "zeroPaddingShortcut: expected x (N, H, W, C), strides ≥ 1, filters ≥ C; received \(x.shape), \(s), \(filters)")
    }
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (oh, ow) = ((h + s - 1) / s, (w + s - 1) / s)  // rows 0, s, 2s, … < h
    let before = (filters - c) / 2  // zero channels before the input's
    var y = [Float](repeating: 0, count: n * oh * ow * filters)
    for b in 0..<n {
        for i in 0..<oh {
            for j in 0..<ow {
                for ch in 0..<c {
                    y[((b * oh + i) * ow + j) * filters + before + ch] = x.scalars[((b * h + i * s) * w + j * s) * c + ch]
                }
            }
        }
    }
    return try Tensor(shape: [n, oh, ow, filters], scalars: y)
}
