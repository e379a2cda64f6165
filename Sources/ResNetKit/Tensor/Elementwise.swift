// Elementwise arithmetic with NumPy broadcasting: shapes are aligned at their trailing
// axes, and an axis of size 1 (or a missing one) stretches to match. The common layer
// cases — same shape, a scalar, a per-channel vector against NHWC — take fast paths.

import Foundation

extension Tensor {
    /// The shape two operands broadcast to, or an error naming both shapes.
    ///
    /// ```swift
    /// try Tensor.broadcastShape([8, 32, 32, 16], [16])   // [8, 32, 32, 16]
    /// ```
    public static func broadcastShape(_ a: [Int], _ b: [Int], op: String = "broadcast") throws -> [Int] {
        let rank = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard da == db || da == 1 || db == 1 else {
                throw ResNetError(
                    .shapeMismatch,
                    "\(op): shapes \(describe(a)) and \(describe(b)) cannot be broadcast together (axis \(i): \(da) vs \(db))")
            }
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Applies `f` elementwise to two broadcast operands.
    static func broadcasting(_ a: Tensor, _ b: Tensor, op: String, _ f: (Float, Float) -> Float) throws -> Tensor {
        if a.shape == b.shape {
            if a.count == 0 { return a }
            // Same shapes (a residual sum, a gradient update): a plain loop per operator, so
            // each is vectorised rather than calling `f` per element.
            let out: [Float] = a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    let pa = pa.baseAddress!, pb = pb.baseAddress!
                    switch op {
                    case "+": return filled(a.count) { r, o in for i in r { o[i] = pa[i] + pb[i] } }
                    case "-": return filled(a.count) { r, o in for i in r { o[i] = pa[i] - pb[i] } }
                    case "*": return filled(a.count) { r, o in for i in r { o[i] = pa[i] * pb[i] } }
                    default: return filled(a.count) { r, o in for i in r { o[i] = f(pa[i], pb[i]) } }
                    }
                }
            }
            return Tensor(unchecked: a.shape, scalars: out)
        }
        let shape = try broadcastShape(a.shape, b.shape, op: op)
        let n = shape.reduce(1, *)
        if b.count == 1 { let s = b.scalars[0]; return Tensor(unchecked: shape, scalars: a.scalars.map { f($0, s) }) }
        if a.count == 1 { let s = a.scalars[0]; return Tensor(unchecked: shape, scalars: b.scalars.map { f(s, $0) }) }
        // General case: walk the output with per-operand strides (0 on stretched axes).
        let sa = broadcastStrides(a.shape, to: shape), sb = broadcastStrides(b.shape, to: shape)
        var out = [Float](repeating: 0, count: n)
        var index = [Int](repeating: 0, count: shape.count)
        var ia = 0, ib = 0
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                for o in 0..<n {
                    out[o] = f(pa[ia], pb[ib])
                    var axis = shape.count - 1
                    while axis >= 0 {
                        index[axis] += 1; ia += sa[axis]; ib += sb[axis]
                        if index[axis] < shape[axis] { break }
                        ia -= sa[axis] * shape[axis]; ib -= sb[axis] * shape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return Tensor(unchecked: shape, scalars: out)
    }

    /// Row-major strides of `shape` aligned to `target`, with 0 where the axis stretches.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: target.count)
        var step = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            let t = i + target.count - shape.count
            strides[t] = shape[i] == 1 ? 0 : step
            step *= shape[i]
        }
        return strides
    }

    /// Applies `f` to every element.
    ///
    /// ```swift
    /// let doubled = x.map { $0 * 2 }
    /// ```
    public func map(_ f: (Float) -> Float) -> Tensor {
        Tensor(unchecked: shape, scalars: scalars.map(f))
    }

    /// `map` split across cores for large tensors: the activations of a training batch.
    func parallelMap(_ f: (Float) -> Float) -> Tensor {
        if scalars.isEmpty { return self }
        var out = scalars
        out.withUnsafeMutableBufferPointer { p in
            let base = p.baseAddress!
            Parallel.chunks(p.count, minChunk: 1 << 16) { r in for i in r { base[i] = f(base[i]) } }
        }
        return Tensor(unchecked: shape, scalars: out)
    }

    /// Elementwise sum, broadcasting. `try x + bias`
    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try broadcasting(a, b, op: "+", +) }
    /// Elementwise difference, broadcasting. `try x - mean`
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try broadcasting(a, b, op: "-", -) }
    /// Elementwise product, broadcasting. `try x * gamma`
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try broadcasting(a, b, op: "*", *) }
    /// Elementwise quotient, broadcasting. `try x / std`
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try broadcasting(a, b, op: "/", /) }

    /// `x + 1`
    public static func + (a: Tensor, s: Float) -> Tensor { a.map { $0 + s } }
    /// `x - 1`
    public static func - (a: Tensor, s: Float) -> Tensor { a.map { $0 - s } }
    /// `x * 2`
    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } }
    /// `x / 255`
    public static func / (a: Tensor, s: Float) -> Tensor { a.map { $0 / s } }
    /// `1 + x`
    public static func + (s: Float, a: Tensor) -> Tensor { a.map { s + $0 } }
    /// `1 - x`
    public static func - (s: Float, a: Tensor) -> Tensor { a.map { s - $0 } }
    /// `2 * x`
    public static func * (s: Float, a: Tensor) -> Tensor { a.map { s * $0 } }
    /// `1 / x`
    public static func / (s: Float, a: Tensor) -> Tensor { a.map { s / $0 } }
    /// `-x`
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    /// e^x elementwise. `x.exp()`
    public func exp() -> Tensor { map { Foundation.exp($0) } }
    /// Natural logarithm elementwise. `p.log()`
    public func log() -> Tensor { map { Foundation.log($0) } }
    /// Square root elementwise. `variance.sqrt()`
    public func sqrt() -> Tensor { map { $0.squareRoot() } }
    /// Absolute value elementwise. `(a - b).abs().max()`
    public func abs() -> Tensor { map { Swift.abs($0) } }
    /// Each element squared. `w.squared().sum()`
    public func squared() -> Tensor { map { $0 * $0 } }
    /// Each element clipped to `[lower, upper]`. `p.clipped(1e-7, 1 - 1e-7)`
    public func clipped(_ lower: Float, _ upper: Float) -> Tensor { map { Swift.min(Swift.max($0, lower), upper) } }
}
