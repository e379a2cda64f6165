// The paper's shortcut "option A" (He et al. 2015, §3.3 and §4.2): when a unit halves the
// size and doubles the filters, the shortcut takes every stride-th pixel and pads the new
// channels with zeros — no parameters, unlike seed 003's 1×1 projection.
//
//   x: (N, H, W, C) → y: (N, ⌈H/s⌉, ⌈W/s⌉, F),  y[n, i, j, p + c] = x[n, i·s, j·s, c]
//   with p = ⌊(F − C) / 2⌋ zero channels before and the rest after
//   backward: dx[n, i·s, j·s, c] = dy[n, i, j, p + c], zero elsewhere

/// A parameter-free shortcut: subsample by `strides`, zero-pad channels up to `filters`.
///
/// ```swift
/// let shortcut = try ZeroPaddingShortcut(strides: 2, filters: 32)   // 32×32×16 → 16×16×32
/// ```
public final class ZeroPaddingShortcut: Layer {
    public let name: String
    public let kind = "ZeroPaddingShortcut"
    public let strides: Int
    public let filters: Int
    private var inputShape: [Int]?

    public init(strides: Int, filters: Int, name: String? = nil) throws {
        guard strides >= 1, filters >= 1 else {
            throw ResNetError.argument("ZeroPaddingShortcut", "strides and filters must be positive; received strides=\(strides), filters=\(filters)")
        }
        self.strides = strides
        self.filters = filters
        self.name = name ?? LayerNames.unique("zero_padding_shortcut")
    }

    public func outputShape(for s: [Int]) throws -> [Int] {
        guard s.count == 4 else { throw ResNetError.shape(label, "expected 4-D input (N, H, W, C), received shape \(describe(s))") }
        guard s[3] <= filters else { throw ResNetError.shape(label, "cannot pad \(s[3]) channels down to \(filters)") }
        return [s[0], (s[1] + strides - 1) / strides, (s[2] + strides - 1) / strides, filters]
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        let o = try outputShape(for: x.shape)
        inputShape = x.shape
        var y = [Float](repeating: 0, count: o.reduce(1, *))
        mapPixels(x.shape, o) { src, dst, c in for k in 0..<c { y[dst + k] = x.scalars[src + k] } }
        return Tensor(unchecked: o, scalars: y)
    }

    public func backward(_ dy: Tensor) throws -> Tensor {
        guard let s = inputShape else { throw noForwardError() }
        let o = try outputShape(for: s)
        try expectGradient(dy, shape: o)
        var dx = [Float](repeating: 0, count: s.reduce(1, *))
        mapPixels(s, o) { src, dst, c in for k in 0..<c { dx[src + k] = dy.scalars[dst + k] } }
        return Tensor(unchecked: s, scalars: dx)
    }

    /// Calls `body(inputOffset, outputOffset, channels)` for each kept pixel.
    private func mapPixels(_ s: [Int], _ o: [Int], _ body: (Int, Int, Int) -> Void) {
        let pad = (filters - s[3]) / 2
        for n in 0..<s[0] {
            for i in 0..<o[1] {
                for j in 0..<o[2] {
                    body(((n * s[1] + i * strides) * s[2] + j * strides) * s[3], ((n * o[1] + i) * o[2] + j) * filters + pad, s[3])
                }
            }
        }
    }
}
