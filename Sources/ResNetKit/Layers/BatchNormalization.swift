// BatchNormalization over the last axis (channels) — x: (…, C), gamma/beta/moving_*: (C)
//
// training:  μ, σ² = batch mean and (biased) variance per channel over the M = N·H·W rows
//            x̂ = (x − μ) / √(σ² + ε),  y = γ·x̂ + β
//            moving_mean ← moving_mean·momentum + μ·(1 − momentum)   (and likewise σ²)
// inference: the same with the moving statistics in place of μ, σ²
// backward (training): dx = γ/(M·√(σ²+ε)) · (M·dy − Σdy − x̂·Σ(dy·x̂))
//                      dγ = Σ dy·x̂,  dβ = Σ dy
// Per-channel sums are Double partials, one per core, added at the end.

/// Keras's BatchNormalization on channels-last input: momentum 0.99, epsilon 1e-3.
///
/// ```swift
/// let bn = try BatchNormalization(name: "bn_conv1")
/// let y = try bn.forward(x, training: true)   // batch statistics; moving ones updated
/// ```
public final class BatchNormalization: Layer {
    public let name: String
    public let kind = "BatchNormalization"
    public let momentum: Float
    public let epsilon: Float
    public private(set) var gamma: Parameter?
    public private(set) var beta: Parameter?
    public private(set) var movingMean: Parameter?
    public private(set) var movingVariance: Parameter?
    private var cache: (x: Tensor, mean: [Float], invStd: [Float], training: Bool)?

    /// `axis` must name the last axis (-1, or 3 for NHWC): the engine is channels-last.
    public init(axis: Int = -1, momentum: Float = 0.99, epsilon: Float = 1e-3, name: String? = nil) throws {
        let label = "BatchNormalization '\(name ?? "batch_normalization")'"
        guard axis == -1 || axis == 3 else {
            throw ResNetError.argument(label, "only the channels axis is supported (axis=-1, or 3 for NHWC input); received axis=\(axis)")
        }
        guard momentum >= 0, momentum <= 1 else { throw ResNetError.argument(label, "momentum must be in [0, 1]; received momentum=\(momentum)") }
        guard epsilon > 0 else { throw ResNetError.argument(label, "epsilon must be positive; received epsilon=\(epsilon)") }
        self.momentum = momentum
        self.epsilon = epsilon
        self.name = name ?? LayerNames.unique("batch_normalization")
    }

    /// gamma, beta (trainable), then moving_mean, moving_variance (non-trainable), as Keras lists them.
    public var parameters: [Parameter] { [gamma, beta, movingMean, movingVariance].compactMap { $0 } }

    public func outputShape(for s: [Int]) throws -> [Int] {
        guard s.count >= 2, let c = s.last, c > 0 else {
            throw ResNetError.shape(label, "expected input of rank ≥ 2 with channels last, received shape \(describe(s))")
        }
        if let g = gamma, g.value.count != c {
            throw ResNetError.shape(label, "was built for \(g.value.count) channels, received input of shape \(describe(s)) with \(c) channels")
        }
        return s
    }

    public func build(inputShape: [Int]) throws {
        _ = try outputShape(for: inputShape)
        guard gamma == nil else { return }
        let c = inputShape.last!
        gamma = Parameter(name: "gamma", value: try .ones([c]))
        beta = Parameter(name: "beta", value: try .zeros([c]))
        movingMean = Parameter(name: "moving_mean", value: try .zeros([c]), trainable: false)
        movingVariance = Parameter(name: "moving_variance", value: try .ones([c]), trainable: false)
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        try build(inputShape: x.shape)
        try expectNonEmpty(x)
        let c = x.shape.last!, m = x.count / c
        let (mean, invStd) =
            training
            ? useBatchStatistics(channelMoments(x.scalars, rows: m, channels: c))
            : movingStatistics()
        cache = (x, mean, invStd, training)
        // y = x·scale + shift, with scale = γ/σ and shift = β − μ·γ/σ folded per channel.
        let g = gamma!.value.scalars, bt = beta!.value.scalars
        let scale = (0..<c).map { g[$0] * invStd[$0] }
        let shift = (0..<c).map { bt[$0] - mean[$0] * scale[$0] }
        let y: [Float] = withBases([x.scalars, scale, shift]) { p in
            let (px, ps, pt) = (p[0], p[1], p[2])
            return filled(m * c, items: m, minChunk: 2048) { rows, out in
                for r in rows {
                    let xi = px + r * c, yi = out + r * c
                    for j in 0..<c { yi[j] = xi[j] * ps[j] + pt[j] }
                }
            }
        }
        return Tensor(unchecked: x.shape, scalars: y)
    }

    /// μ and 1/√(σ² + ε) from a batch's moments, updating the moving statistics with them.
    func useBatchStatistics(_ moments: (mean: [Double], variance: [Double])) -> (mean: [Float], invStd: [Float]) {
        let (mu, variance) = moments, c = mu.count
        // Keras updates the moving variance with the same (biased) batch variance.
        let a = momentum, b = 1 - momentum
        movingMean!.value = Tensor(unchecked: [c], scalars: zip(movingMean!.value.scalars, mu).map { $0 * a + Float($1) * b })
        movingVariance!.value = Tensor(unchecked: [c], scalars: zip(movingVariance!.value.scalars, variance).map { $0 * a + Float($1) * b })
        return (mu.map(Float.init), variance.map { Float(1 / ($0 + Double(epsilon)).squareRoot()) })
    }

    /// The moving μ and 1/√(σ² + ε): what inference normalises with.
    func movingStatistics() -> (mean: [Float], invStd: [Float]) {
        (movingMean!.value.scalars, movingVariance!.value.scalars.map { 1 / ($0 + epsilon).squareRoot() })
    }

    public func backward(_ dy: Tensor) throws -> Tensor {
        guard let (x, mean, invStd, training) = cache else { throw noForwardError() }
        try expectGradient(dy, shape: x.shape)
        let c = x.shape.last!, m = x.count / c
        // Σdy and Σdy·x per channel; Σdy·x̂ = (Σdy·x − μ·Σdy)/σ follows without a pass.
        let parts = Parallel.parts(m, minChunk: 2048)
        var partial = [Double](repeating: 0, count: parts * 2 * c)
        withBases([x.scalars, dy.scalars]) { p in
            let (px, pd) = (p[0], p[1])
            partial.withUnsafeMutableBufferPointer { pp in
                let pp = pp.baseAddress!
                Parallel.run(m, parts: parts) { part, rows in
                    let sumDy = pp + part * 2 * c, sumDyX = sumDy + c
                    for r in rows {
                        let xi = px + r * c, di = pd + r * c
                        for j in 0..<c {
                            let d = Double(di[j])
                            sumDy[j] += d
                            sumDyX[j] += d * Double(xi[j])
                        }
                    }
                }
            }
        }
        var dBeta = [Double](repeating: 0, count: c), dGamma = [Double](repeating: 0, count: c)
        for p in 0..<parts { for j in 0..<c { dBeta[j] += partial[p * 2 * c + j]; dGamma[j] += partial[p * 2 * c + c + j] } }
        for j in 0..<c { dGamma[j] = (dGamma[j] - Double(mean[j]) * dBeta[j]) * Double(invStd[j]) }
        gamma!.accumulate(dGamma.map(Float.init))
        beta!.accumulate(dBeta.map(Float.init))

        let g = gamma!.value.scalars
        let dx: [Float]
        // training: dx = a·dy + b + k·x   with per-channel a, b, k from the formula above;
        // inference: the statistics are constants, so dx = γ/σ · dy.
        let fm = Double(m)
        let a = (0..<c).map { g[$0] * invStd[$0] }
        let k = (0..<c).map { training ? Float(-Double(g[$0]) * Double(invStd[$0]) * Double(invStd[$0]) * dGamma[$0] / fm) : 0 }
        let b = (0..<c).map { training ? Float(-Double(a[$0]) * dBeta[$0] / fm) - k[$0] * mean[$0] : 0 }
        dx = withBases([x.scalars, dy.scalars, a, b, k]) { p in
            let (px, pd, pa, pb, pk) = (p[0], p[1], p[2], p[3], p[4])
            return filled(m * c, items: m, minChunk: 2048) { rows, out in
                for r in rows {
                    let xi = px + r * c, di = pd + r * c, oi = out + r * c
                    for j in 0..<c { oi[j] = pa[j] * di[j] + pb[j] + pk[j] * xi[j] }
                }
            }
        }
        return Tensor(unchecked: x.shape, scalars: dx)
    }
}

/// Per-channel mean and biased variance of a (rows, channels) matrix in one pass:
/// Σx and Σx² accumulated in Double (one partial per core), var = E[x²] − E[x]². Double
/// keeps the subtraction exact enough for activations; it is one read of the data, not two.
func channelMoments(_ x: [Float], rows m: Int, channels c: Int) -> (mean: [Double], variance: [Double]) {
    let parts = Parallel.parts(m, minChunk: 2048)
    var partial = [Double](repeating: 0, count: parts * 2 * c)
    x.withUnsafeBufferPointer { px in
        partial.withUnsafeMutableBufferPointer { pp in
            guard let px = px.baseAddress, let pp = pp.baseAddress else { return }
            Parallel.run(m, parts: parts) { part, rows in
                let sum = pp + part * 2 * c, squares = sum + c
                for r in rows {
                    let xi = px + r * c
                    for j in 0..<c { let v = Double(xi[j]); sum[j] += v; squares[j] += v * v }
                }
            }
        }
    }
    var mean = [Double](repeating: 0, count: c), variance = [Double](repeating: 0, count: c)
    let n = Double(Swift.max(m, 1))
    for j in 0..<c {
        var s = 0.0, q = 0.0
        for p in 0..<parts { s += partial[p * 2 * c + j]; q += partial[p * 2 * c + c + j] }
        mean[j] = s / n
        variance[j] = Swift.max(q / n - mean[j] * mean[j], 0)
    }
    return (mean, variance)
}
