// Taking parts of a tensor along its first axis: one image of a batch, a range of samples.

extension Tensor {
    /// The `i`-th entry along the first axis: one image of a batch.
    ///
    /// ```swift
    /// let first = try images[0]   // [28, 28, 1] from [N, 28, 28, 1]
    /// ```
    public subscript(_ i: Int) -> Tensor {
        get throws {
            guard rank >= 1 else {
                throw ResNetError(.shapeMismatch, "subscript: cannot index a 0-D tensor")
            }
            guard i >= 0, i < shape[0] else {
                throw ResNetError(.invalidArgument, "subscript: index \(i) is out of range for axis 0 of size \(shape[0]) (shape \(describe(shape)))")
            }
            return try slice(i..<(i + 1)).reshaped(Array(shape.dropFirst()))
        }
    }

    /// Entries `range` along the first axis: a mini-batch.
    ///
    /// ```swift
    /// let batch = try images[0..<128]
    /// ```
    public subscript(_ range: Range<Int>) -> Tensor {
        get throws { try slice(range) }
    }

    /// Entries `range` along the first axis, keeping the axis.
    public func slice(_ range: Range<Int>) throws -> Tensor {
        guard rank >= 1 else {
            throw ResNetError(.shapeMismatch, "slice: cannot slice a 0-D tensor")
        }
        guard range.lowerBound >= 0, range.upperBound <= shape[0] else {
            throw ResNetError(.invalidArgument, "slice: range \(range.lowerBound)..<\(range.upperBound) is out of bounds for axis 0 of size \(shape[0])")
        }
        let row = count / Swift.max(shape[0], 1)
        var newShape = shape
        newShape[0] = range.count
        return Tensor(unchecked: newShape, scalars: Array(scalars[(range.lowerBound * row)..<(range.upperBound * row)]))
    }

    /// Joins tensors along the first axis (all other axes must agree).
    ///
    /// ```swift
    /// let both = try Tensor.concatenate([batchA, batchB])
    /// ```
    public static func concatenate(_ parts: [Tensor]) throws -> Tensor {
        guard let first = parts.first, first.rank >= 1 else {
            throw ResNetError(.invalidArgument, "concatenate: expected at least one tensor of rank ≥ 1")
        }
        let tail = Array(first.shape.dropFirst())
        var scalars: [Float] = []
        var rows = 0
        for p in parts {
            guard p.rank == first.rank, Array(p.shape.dropFirst()) == tail else {
                throw ResNetError(.shapeMismatch, "concatenate: shapes \(describe(first.shape)) and \(describe(p.shape)) differ beyond axis 0")
            }
            scalars += p.scalars
            rows += p.shape[0]
        }
        return Tensor(unchecked: [rows] + tail, scalars: scalars)
    }
}
