// Reductions over all elements or along one axis. Sums accumulate in Double: a float32
// running sum over a 128×32×32 activation loses digits that the lessons print.

extension Tensor {
    /// The sum of all elements. `x.sum()`
    public func sum() -> Float {
        var s = 0.0
        for v in scalars { s += Double(v) }
        return Float(s)
    }

    /// The mean of all elements (nan for an empty tensor). `x.mean()`
    public func mean() -> Float { count == 0 ? .nan : Float(Double(sum()) / Double(count)) }

    /// The largest element. `x.max()`
    public func max() -> Float { scalars.max() ?? -.infinity }

    /// The smallest element. `x.min()`
    public func min() -> Float { scalars.min() ?? .infinity }

    /// The L2 (Frobenius) norm, √Σx². `grad.norm()`
    public func norm() -> Float {
        var s = 0.0
        for v in scalars { s += Double(v) * Double(v) }
        return Float(s.squareRoot())
    }

    /// Resolves a possibly negative axis (-1 is the last) or throws.
    func resolveAxis(_ axis: Int, _ what: String) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0, a < rank else {
            throw ResNetError(.invalidArgument, "\(what): axis \(axis) is out of range for a tensor of shape \(describe(shape))")
        }
        return a
    }

    /// Reduces along `axis` with `body(outerIndex, innerIndex, values along the axis)`.
    private func reduce(
        axis: Int, keepDims: Bool, _ what: String,
        _ body: (UnsafeBufferPointer<Float>, Int, Int) -> Float
    ) throws -> Tensor {
        let a = try resolveAxis(axis, what)
        let outer = shape[..<a].reduce(1, *), len = shape[a], inner = shape[(a + 1)...].reduce(1, *)
        var out = [Float](repeating: 0, count: outer * inner)
        scalars.withUnsafeBufferPointer { p in
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = UnsafeBufferPointer(rebasing: p[(o * len * inner)..<((o + 1) * len * inner)])
                    out[o * inner + i] = body(base, i, inner)
                }
            }
        }
        var newShape = shape
        if keepDims { newShape[a] = 1 } else { newShape.remove(at: a) }
        return Tensor(unchecked: newShape, scalars: out)
    }

    /// Sum along one axis. `try x.sum(axis: 0)`
    public func sum(axis: Int, keepDims: Bool = false) throws -> Tensor {
        let len = shape[try resolveAxis(axis, "sum")]
        return try reduce(axis: axis, keepDims: keepDims, "sum") { p, i, inner in
            var s = 0.0
            for k in 0..<len { s += Double(p[k * inner + i]) }
            return Float(s)
        }
    }

    /// Mean along one axis. `try x.mean(axis: -1)`
    public func mean(axis: Int, keepDims: Bool = false) throws -> Tensor {
        let len = shape[try resolveAxis(axis, "mean")]
        return try sum(axis: axis, keepDims: keepDims).map { $0 / Float(len) }
    }

    /// Largest element along one axis. `try probs.max(axis: -1)`
    public func max(axis: Int, keepDims: Bool = false) throws -> Tensor {
        let len = shape[try resolveAxis(axis, "max")]
        return try reduce(axis: axis, keepDims: keepDims, "max") { p, i, inner in
            var m = -Float.infinity
            for k in 0..<len { m = Swift.max(m, p[k * inner + i]) }
            return m
        }
    }

    /// Index of the largest element along `axis` (first on ties), as numbers.
    ///
    /// ```swift
    /// let predicted = try probs.argmax(axis: -1)   // shape [N]
    /// ```
    public func argmax(axis: Int = -1) throws -> Tensor {
        let len = shape[try resolveAxis(axis, "argmax")]
        return try reduce(axis: axis, keepDims: false, "argmax") { p, i, inner in
            var best = 0
            for k in 1..<Swift.max(len, 1) where p[k * inner + i] > p[best * inner + i] { best = k }
            return Float(best)
        }
    }
}
