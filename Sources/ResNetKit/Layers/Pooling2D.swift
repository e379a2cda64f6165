// MaxPooling2D / AveragePooling2D — x: (N, H, W, C) → y: (N, OH, OW, C), channels independent
//
// max:     y = max over the window (padding counts as −∞); backward routes dy to the argmax
// average: y = mean over the window's cells inside the input — with "same" padding the
//          padded cells are left out of the count, as TensorFlow does; backward spreads
//          dy / count over those cells
// strides default to the pool size, padding to "valid" (Keras's defaults).

/// What a pooling window computes.
enum PoolingMode { case max, average }

/// The shared machinery of the two pooling layers.
final class PoolingCore {
    let mode: PoolingMode, poolSize: Size2, strides: Size2, padding: Padding
    private var cache: (shape: [Int], window: Window2D, argmax: [Int32])?

    init(_ mode: PoolingMode, _ layer: String, poolSize: Size2, strides: Size2?, padding: Padding) throws {
        try poolSize.validate(layer, "pool_size")
        try (strides ?? poolSize).validate(layer, "strides")
        (self.mode, self.poolSize, self.strides, self.padding) = (mode, poolSize, strides ?? poolSize, padding)
    }

    func window(_ layer: String, _ s: [Int]) throws -> Window2D {
        try Window2D(layer: layer, inputShape: s, kernel: poolSize, strides: strides, padding: padding)
    }

    func forward(_ layer: String, _ x: Tensor) throws -> Tensor {
        let win = try window(layer, x.shape)
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = (win.h.output, win.w.output)
        var y = [Float](repeating: 0, count: n * oh * ow * c)
        var argmax = [Int32](repeating: 0, count: mode == .max ? y.count : 0)
        withBases([x.scalars]) { p in
            withMutableBases(&y, &argmax) { py, pa in
                let px = p[0], py = py!
                // An empty array may still have a base address: decide by the mode, not by nil.
                let pa = self.mode == .max ? pa : nil
                Parallel.chunks(n) { images in
                    // Channels innermost, as they lie in memory (NHWC): each window pixel's
                    // c values are read in one contiguous sweep (channel by channel, ResNet-20's
                    // 8×8 average pool read at a stride of c floats: 1.5 % of a training step).
                    var at = [Int](repeating: -1, count: c)
                    for img in images {
                        for i in 0..<oh {
                            let (h0, h1) = Self.span(i, win.h)
                            for j in 0..<ow {
                                let (w0, w1) = Self.span(j, win.w)
                                let o = ((img * oh + i) * ow + j) * c
                                for ch in 0..<c { at[ch] = -1; py[o + ch] = pa == nil ? 0 : -Float.infinity }
                                for a in h0..<h1 {
                                    for b in w0..<w1 {
                                        let base = ((img * h + a) * w + b) * c
                                        if pa != nil {
                                            for ch in 0..<c where px[base + ch] > py[o + ch] || at[ch] < 0 { py[o + ch] = px[base + ch]; at[ch] = base + ch }
                                        } else {
                                            for ch in 0..<c { py[o + ch] += px[base + ch] }
                                        }
                                    }
                                }
                                if let pa {
                                    for ch in 0..<c { pa[o + ch] = Int32(at[ch]) }
                                } else {
                                    let count = Float((h1 - h0) * (w1 - w0))
                                    for ch in 0..<c { py[o + ch] /= count }
                                }
                            }
                        }
                    }
                }
            }
        }
        cache = (x.shape, win, argmax)
        return Tensor(unchecked: [n, oh, ow, c], scalars: y)
    }

    func backward(_ layer: String, _ dy: Tensor) throws -> Tensor? {
        guard let (shape, win, argmax) = cache else { return nil }
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let (oh, ow) = (win.h.output, win.w.output)
        guard dy.shape == [n, oh, ow, c] else {
            throw ResNetError.shape(layer, "backward expected dy of shape \(describe([n, oh, ow, c])) (the output shape), received \(describe(dy.shape))")
        }
        var dx = [Float](repeating: 0, count: shape.reduce(1, *))
        dy.scalars.withUnsafeBufferPointer { pd in
            dx.withUnsafeMutableBufferPointer { pdx in
                let pd = pd.baseAddress!, pdx = pdx.baseAddress!
                // Each image's windows write only into that image, so images split safely.
                Parallel.chunks(n) { images in
                    for img in images {
                        for i in 0..<oh {
                            let (h0, h1) = Self.span(i, win.h)
                            for j in 0..<ow {
                                let (w0, w1) = Self.span(j, win.w)
                                let o = ((img * oh + i) * ow + j) * c
                                if mode == .max {
                                    for ch in 0..<c { pdx[Int(argmax[o + ch])] += pd[o + ch] }
                                } else {
                                    let inv = 1 / Float((h1 - h0) * (w1 - w0))
                                    for a in h0..<h1 {
                                        for b in w0..<w1 {
                                            let base = ((img * h + a) * w + b) * c
                                            for ch in 0..<c { pdx[base + ch] += pd[o + ch] * inv }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(unchecked: shape, scalars: dx)
    }

    /// The input rows (or columns) window `i` covers, clipped to the input.
    @inline(__always)
    static func span(_ i: Int, _ axis: WindowAxis) -> (Int, Int) {
        let start = i * axis.stride - axis.padBefore
        return (Swift.max(start, 0), Swift.min(start + axis.kernel, axis.input))
    }
}

/// Keras's MaxPooling2D: the largest value in each window.
///
/// ```swift
/// let pool = try MaxPooling2D(poolSize: 3, strides: 2)   // seed 002, after conv1
/// ```
public final class MaxPooling2D: Layer {
    public let name: String
    public let kind = "MaxPooling2D"
    let core: PoolingCore
    public var poolSize: Size2 { core.poolSize }
    public var strides: Size2 { core.strides }
    public var padding: Padding { core.padding }

    /// `strides` defaults to `poolSize`, padding to "valid".
    public init(poolSize: Size2 = 2, strides: Size2? = nil, padding: Padding = .valid, name: String? = nil) throws {
        self.name = name ?? LayerNames.unique("max_pooling2d")
        core = try PoolingCore(.max, "MaxPooling2D '\(self.name)'", poolSize: poolSize, strides: strides, padding: padding)
    }

    public func outputShape(for s: [Int]) throws -> [Int] {
        let win = try core.window(label, s)
        return [s[0], win.h.output, win.w.output, s[3]]
    }
    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        try expectNonEmpty(x)
        return try core.forward(label, x)
    }
    public func backward(_ dy: Tensor) throws -> Tensor {
        guard let dx = try core.backward(label, dy) else { throw noForwardError() }
        return dx
    }
}

/// Keras's AveragePooling2D (`AvgPool2D` in the seeds): the mean of each window.
///
/// ```swift
/// let pool = try AveragePooling2D(poolSize: 8)   // seeds 003/004: 8×8×64 → 1×1×64
/// ```
public final class AveragePooling2D: Layer {
    public let name: String
    public let kind = "AveragePooling2D"
    let core: PoolingCore
    public var poolSize: Size2 { core.poolSize }
    public var strides: Size2 { core.strides }
    public var padding: Padding { core.padding }

    /// `strides` defaults to `poolSize`, padding to "valid".
    public init(poolSize: Size2 = 2, strides: Size2? = nil, padding: Padding = .valid, name: String? = nil) throws {
        self.name = name ?? LayerNames.unique("average_pooling2d")
        core = try PoolingCore(.average, "AveragePooling2D '\(self.name)'", poolSize: poolSize, strides: strides, padding: padding)
    }

    public func outputShape(for s: [Int]) throws -> [Int] {
        let win = try core.window(label, s)
        return [s[0], win.h.output, win.w.output, s[3]]
    }
    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        try expectNonEmpty(x)
        return try core.forward(label, x)
    }
    public func backward(_ dy: Tensor) throws -> Tensor {
        guard let dx = try core.backward(label, dy) else { throw noForwardError() }
        return dx
    }
}
