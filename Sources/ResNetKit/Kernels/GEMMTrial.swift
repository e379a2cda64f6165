// One matrix product with its operands in place, run by OpenBLAS or by the engine's
// micro-kernel (MicroGEMM.swift): what `resnet-bench gemm` times, call by call, on the shapes
// ResNet-20's convolutions multiply.

/// A row-major product C[m×n] = op(A)·B (+ C), its operands filled with fixed values, to be
/// run again and again by either GEMM the engine has.
///
/// ```swift
/// let trial = GEMMTrial(m: 256, n: 16, k: 16)
/// trial.run(micro: true)
/// print(trial.difference())   // largest |micro − OpenBLAS| / largest |OpenBLAS|
/// ```
public final class GEMMTrial {
    public let transA: Bool, m: Int, n: Int, k: Int, accumulate: Bool
    // Allocated once: a call of a few hundred nanoseconds is timed, not an array's pinning.
    private let a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>

    /// `transA`: A is stored k × m; `accumulate`: C += op(A)·B instead of C = op(A)·B.
    public init(transA: Bool = false, m: Int, n: Int, k: Int, accumulate: Bool = false) {
        (self.transA, self.m, self.n, self.k, self.accumulate) = (transA, m, n, k, accumulate)
        (a, b, c) = (.allocate(capacity: m * k), .allocate(capacity: k * n), .allocate(capacity: m * n))
        for i in 0..<(m * k) { a[i] = Float((i * 7) % 13) * 0.1 - 0.6 }
        for i in 0..<(k * n) { b[i] = Float((i * 5) % 11) * 0.1 - 0.5 }
        c.initialize(repeating: 0, count: m * n)
    }

    deinit { a.deallocate(); b.deallocate(); c.deallocate() }

    /// Floating-point operations of one product: 2·m·n·k.
    public var flops: Double { 2 * Double(m) * Double(n) * Double(k) }

    /// Whether the micro-kernel runs this shape itself (else it hands it to OpenBLAS).
    public var microKernelTakesIt: Bool { GEMMEngine.micro.takes(n: n) }

    /// One product, by the micro-kernel (`micro`) or by OpenBLAS.
    public func run(micro: Bool) {
        let (m, n, k, lda) = (m, n, k, transA ? m : k)
        let engine: GEMMEngine = micro ? .micro : .blas, beta: Float = accumulate ? 1 : 0, transA = transA
        if !accumulate { c[0] = 1 }  // a product that ignored beta = 0 would show in `difference`
        engine(transA: transA, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: n, beta: beta, c: c, ldc: n)
    }

    /// The largest |micro − OpenBLAS| over the largest |OpenBLAS| for one product from zero.
    public func difference() -> Float {
        c.update(repeating: 0, count: m * n)
        run(micro: false)
        let reference = Array(UnsafeBufferPointer(start: c, count: m * n))
        c.update(repeating: 0, count: m * n)
        run(micro: true)
        var diff: Float = 0, scale: Float = 1e-30
        for i in reference.indices { diff = Swift.max(diff, abs(c[i] - reference[i])); scale = Swift.max(scale, abs(reference[i])) }
        return diff / scale
    }
}
