// Tensor: 32-bit floats, row-major (C order), channels last.
//   image batches: (N, H, W, C)    conv kernels: (KH, KW, Cin, Cout)    dense: (N, D)
// Storage is a Swift array, so a tensor is a value: copies are cheap until written (CoW),
// and hot loops reach the memory through `withUnsafe…BufferPointer`.

import Foundation

/// An n-dimensional array of `Float` in NHWC order, the engine's only data type.
///
/// ```swift
/// let x = try Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
/// x.shape          // [1, 2, 2, 1]
/// x.sum()          // 10.0
/// ```
public struct Tensor: Sendable, Equatable {
    /// The size of each axis, outermost first: `[N, H, W, C]` for an image batch.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.product`.
    public internal(set) var scalars: [Float]

    /// A tensor of the given shape holding `scalars` in row-major order.
    ///
    /// ```swift
    /// let w = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    /// ```
    public init(shape: [Int], scalars: [Float]) throws {
        try Tensor.validate(shape)
        let expected = shape.reduce(1, *)
        guard expected == scalars.count else {
            throw ResNetError(
                .shapeMismatch,
                "Tensor: shape \(describe(shape)) holds \(expected) elements, received \(scalars.count) scalars")
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// For the engine's own results, whose shapes are right by construction.
    init(unchecked shape: [Int], scalars: [Float]) {
        assert(shape.reduce(1, *) == scalars.count, "internal shape error \(shape) vs \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A rank-1 tensor from an array literal.
    ///
    /// ```swift
    /// let v = Tensor([1, 2, 3])   // shape [3]
    /// ```
    public init(_ scalars: [Float]) {
        self.init(unchecked: [scalars.count], scalars: scalars)
    }

    /// A rank-2 tensor from rows of equal length.
    ///
    /// ```swift
    /// let m = try Tensor([[1, 2], [3, 4]])   // shape [2, 2]
    /// ```
    public init(_ rows: [[Float]]) throws {
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else {
            throw ResNetError(.shapeMismatch, "Tensor: rows have different lengths \(rows.map(\.count))")
        }
        self.init(unchecked: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// A rank-0 tensor holding one number.
    public init(scalar: Float) {
        self.init(unchecked: [], scalars: [scalar])
    }

    /// The number of axes: 4 for an image batch.
    public var rank: Int { shape.count }
    /// The number of elements.
    public var count: Int { scalars.count }

    /// The single value of a one-element tensor (a loss, a norm).
    ///
    /// ```swift
    /// let loss = try Tensor(shape: [], scalars: [0.25]).item()   // 0.25
    /// ```
    public func item() throws -> Float {
        guard scalars.count == 1 else {
            throw ResNetError(.shapeMismatch, "item(): expected a tensor with one element, received shape \(describe(shape))")
        }
        return scalars[0]
    }

    static func validate(_ shape: [Int]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw ResNetError(.invalidArgument, "Tensor: shape dimensions must be non-negative, received \(describe(shape))")
        }
        var total = 1
        for d in shape {
            let (p, overflow) = total.multipliedReportingOverflow(by: d)
            // 2³⁰ floats (4 GiB) per tensor: far beyond any lesson, well within a laptop.
            guard !overflow, p <= 1 << 30 else {
                throw ResNetError(.invalidArgument, "Tensor: shape \(describe(shape)) is too large to allocate (more than 2^30 = 1,073,741,824 elements)")
            }
            total = p
        }
    }

    /// The same elements under a new shape; one dimension may be -1 and is inferred.
    ///
    /// ```swift
    /// let flat = try x.reshaped([2, -1])
    /// ```
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var resolved = newShape
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        guard unknown.count <= 1, newShape.allSatisfy({ $0 >= -1 }) else {
            throw ResNetError(.invalidArgument, "reshaped: at most one -1 allowed, received \(describe(newShape))")
        }
        let known = newShape.filter { $0 != -1 }.reduce(1, *)
        if let u = unknown.first {
            guard known > 0, count % known == 0 else {
                throw ResNetError(.shapeMismatch, "reshaped: cannot reshape \(describe(shape)) (\(count) elements) into \(describe(newShape))")
            }
            resolved[u] = count / known
        }
        guard resolved.reduce(1, *) == count else {
            throw ResNetError(.shapeMismatch, "reshaped: cannot reshape \(describe(shape)) (\(count) elements) into \(describe(newShape))")
        }
        return Tensor(unchecked: resolved, scalars: scalars)
    }

    /// Throws unless the tensor has `rank` axes; `what` names the caller in the message.
    func expectRank(_ rank: Int, _ what: String, layout: String) throws {
        guard shape.count == rank else {
            throw ResNetError(.shapeMismatch, "\(what) expected \(rank)-D input \(layout), received shape \(describe(shape))")
        }
    }
}

extension Tensor: CustomStringConvertible {
    /// A short summary: shape and the first few values.
    public var description: String {
        let head = scalars.prefix(6).map { formatScalar($0) }.joined(separator: ", ")
        let more = scalars.count > 6 ? ", …" : ""
        return "Tensor(shape: \(describe(shape)), [\(head)\(more)])"
    }
}

/// Numbers as the lab prints them: up to 6 significant digits, no trailing zeros.
func formatScalar(_ x: Float) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if x == x.rounded(), abs(x) < 1e7 { return String(Int(x)) }
    var s = String(format: "%.6g", Double(x))
    if s.contains("e") { return s }
    while s.hasSuffix("0") { s.removeLast() }
    return s
}
