// Layers that only move numbers: Flatten, ZeroPadding2D, GlobalAveragePooling2D.
//
//   Flatten                 (N, H, W, C) → (N, H·W·C)            dx = reshape(dy)
//   ZeroPadding2D           (N, H, W, C) → (N, t+H+b, l+W+r, C)  dx = the interior of dy
//   GlobalAveragePooling2D  (N, H, W, C) → (N, C)                dx = dy / (H·W) everywhere

/// Keras's Flatten: keeps the batch axis, joins the rest in C order.
///
/// ```swift
/// let flat = try Flatten()(x)   // (2, 3, 3, 4) → (2, 36)
/// ```
public final class Flatten: Layer {
    public let name: String
    public let kind = "Flatten"
    private var inputShape: [Int]?

    public init(name: String? = nil) { self.name = name ?? LayerNames.unique("flatten") }

    public func outputShape(for s: [Int]) throws -> [Int] {
        guard s.count >= 1 else { throw ResNetError.shape(label, "expected input with a batch axis, received a 0-D tensor") }
        return [s[0], s.dropFirst().reduce(1, *)]
    }
    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        inputShape = x.shape
        return try x.reshaped(outputShape(for: x.shape))
    }
    public func backward(_ dy: Tensor) throws -> Tensor {
        guard let s = inputShape else { throw noForwardError() }
        try expectGradient(dy, shape: outputShape(for: s))
        return try dy.reshaped(s)
    }
}

/// Keras's ZeroPadding2D: zeros around the image.
///
/// ```swift
/// let pad = try ZeroPadding2D(padding: 3)   // seed 002: 64×64 → 70×70
/// let asym = try ZeroPadding2D(top: 1, bottom: 2, left: 3, right: 0)
/// ```
public final class ZeroPadding2D: Layer {
    public let name: String
    public let kind = "ZeroPadding2D"
    public let top: Int, bottom: Int, left: Int, right: Int
    private var inputShape: [Int]?

    /// The same padding on both sides of each axis: `padding: 3` or `padding: [1, 2]` (rows, columns).
    public convenience init(padding: Size2 = 1, name: String? = nil) throws {
        try self.init(top: padding.height, bottom: padding.height, left: padding.width, right: padding.width, name: name)
    }

    public init(top: Int, bottom: Int, left: Int, right: Int, name: String? = nil) throws {
        let n = name ?? "zero_padding2d"
        guard [top, bottom, left, right].allSatisfy({ $0 >= 0 }) else {
            throw ResNetError.argument("ZeroPadding2D '\(n)'", "padding must be non-negative; received padding=((\(top), \(bottom)), (\(left), \(right)))")
        }
        (self.top, self.bottom, self.left, self.right) = (top, bottom, left, right)
        self.name = name ?? LayerNames.unique("zero_padding2d")
    }

    public func outputShape(for s: [Int]) throws -> [Int] {
        guard s.count == 4 else { throw ResNetError.shape(label, "expected 4-D input (N, H, W, C), received shape \(describe(s))") }
        return [s[0], s[1] + top + bottom, s[2] + left + right, s[3]]
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        let o = try outputShape(for: x.shape)
        try expectNonEmpty(x)
        inputShape = x.shape
        var y = [Float](repeating: 0, count: o.reduce(1, *))
        copyInterior(x.shape, o) { src, dst, len in
            x.scalars.withUnsafeBufferPointer { p in
                y.withUnsafeMutableBufferPointer { q in (q.baseAddress! + dst).update(from: p.baseAddress! + src, count: len) }
            }
        }
        return Tensor(unchecked: o, scalars: y)
    }

    public func backward(_ dy: Tensor) throws -> Tensor {
        guard let s = inputShape else { throw noForwardError() }
        let o = try outputShape(for: s)
        try expectGradient(dy, shape: o)
        var dx = [Float](repeating: 0, count: s.reduce(1, *))
        copyInterior(s, o) { src, dst, len in
            dy.scalars.withUnsafeBufferPointer { p in
                dx.withUnsafeMutableBufferPointer { q in (q.baseAddress! + src).update(from: p.baseAddress! + dst, count: len) }
            }
        }
        return Tensor(unchecked: s, scalars: dx)
    }

    /// Calls `copy(inputOffset, outputOffset, count)` for each image row of the interior.
    private func copyInterior(_ s: [Int], _ o: [Int], _ copy: (Int, Int, Int) -> Void) {
        let (n, h, w, c) = (s[0], s[1], s[2], s[3])
        for img in 0..<n {
            for r in 0..<h {
                copy(((img * h + r) * w) * c, ((img * o[1] + r + top) * o[2] + left) * c, w * c)
            }
        }
    }
}

/// Keras's GlobalAveragePooling2D: the mean over height and width of each channel.
///
/// ```swift
/// let gap = GlobalAveragePooling2D()
/// let features = try gap(x)   // (N, 8, 8, 64) → (N, 64)
/// ```
public final class GlobalAveragePooling2D: Layer {
    public let name: String
    public let kind = "GlobalAveragePooling2D"
    private var inputShape: [Int]?

    public init(name: String? = nil) { self.name = name ?? LayerNames.unique("global_average_pooling2d") }

    public func outputShape(for s: [Int]) throws -> [Int] {
        guard s.count == 4 else { throw ResNetError.shape(label, "expected 4-D input (N, H, W, C), received shape \(describe(s))") }
        return [s[0], s[3]]
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        let o = try outputShape(for: x.shape)
        inputShape = x.shape
        let (n, hw, c) = (x.shape[0], x.shape[1] * x.shape[2], x.shape[3])
        var y = [Float](repeating: 0, count: n * c)
        for img in 0..<n {
            for ch in 0..<c {
                var s = 0.0
                for p in 0..<hw { s += Double(x.scalars[(img * hw + p) * c + ch]) }
                y[img * c + ch] = Float(s / Double(Swift.max(hw, 1)))
            }
        }
        return Tensor(unchecked: o, scalars: y)
    }

    public func backward(_ dy: Tensor) throws -> Tensor {
        guard let s = inputShape else { throw noForwardError() }
        try expectGradient(dy, shape: try outputShape(for: s))
        let (n, hw, c) = (s[0], s[1] * s[2], s[3])
        let inv = 1 / Float(Swift.max(hw, 1))
        var dx = [Float](repeating: 0, count: n * hw * c)
        for img in 0..<n { for p in 0..<hw { for ch in 0..<c { dx[(img * hw + p) * c + ch] = dy.scalars[img * c + ch] * inv } } }
        return Tensor(unchecked: s, scalars: dx)
    }
}
