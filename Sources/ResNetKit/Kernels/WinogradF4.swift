// Winograd F(4×4, 3×3): each 4×4 block of outputs from the 6×6 input patch under it, 36
// GEMMs in the transformed domain (driver and lanes: Winograd.swift); 4× fewer
// multiplications than a direct convolution, against F(2×2, 3×3)'s 2.25×.
// Matrices of Lavin & Gray 2015 ("Fast Algorithms for CNNs"), points 0, ±1, ±2, ∞:
//   Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1]
//   G  = [¼ 0 0; −⅙ −⅙ −⅙; −⅙ ⅙ −⅙; 1⁄24 1⁄12 ⅙; 1⁄24 −1⁄12 ⅙; 0 0 1]
//   Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]
// (each applied as the six or four 1-D formulas its rows spell out). The transforms weigh
// inputs by up to 25 and outputs by up to 8: one convolution's error is ~10× im2col's
// (FastKernelTests), harmless in inference, where it runs, but amplified in a training step
// through BatchNormalization's batch statistics (whole-network gradients 1e-3 off), so
// training uses F(2×2, 3×3).

/// The 36 transformed kernels U[e] = (G g Gᵀ)[e], each [C, F], for a (3, 3, C, F) kernel
/// (`flipped`: the input-gradient kernel, see `winogradKernel`).
func winogradKernelF4(_ w: UnsafePointer<Float>, c: Int, f: Int, flipped: Bool) -> [Float] {
    let (cin, cout) = flipped ? (f, c) : (c, f)
    /// G·(g0, g1, g2): the six rows of G applied to one column (or row) of the kernel.
    func gTimes(_ g0: Float, _ g1: Float, _ g2: Float) -> (Float, Float, Float, Float, Float, Float) {
        (g0 / 4, -(g0 + g1 + g2) / 6, -(g0 - g1 + g2) / 6, g0 / 24 + g1 / 12 + g2 / 6, g0 / 24 - g1 / 12 + g2 / 6, g2)
    }
    return uninitializedFloats(36 * cin * cout) { u in
        for i in 0..<cin {
            for o in 0..<cout {
                func g(_ r: Int, _ s: Int) -> Float {
                    flipped ? w[((2 - r) * 3 + (2 - s)) * c * f + o * f + i] : w[(r * 3 + s) * c * f + i * f + o]
                }
                // t = G g (6×3), column by column; then each row of t times Gᵀ.
                let c0 = gTimes(g(0, 0), g(1, 0), g(2, 0)), c1 = gTimes(g(0, 1), g(1, 1), g(2, 1)), c2 = gTimes(g(0, 2), g(1, 2), g(2, 2))
                func row(_ r: Int, _ t0: Float, _ t1: Float, _ t2: Float) {
                    let v = gTimes(t0, t1, t2)
                    let base = u + r * 6 * cin * cout + i * cout + o, step = cin * cout
                    base[0] = v.0; base[step] = v.1; base[2 * step] = v.2; base[3 * step] = v.3; base[4 * step] = v.4; base[5 * step] = v.5
                }
                row(0, c0.0, c1.0, c2.0); row(1, c0.1, c1.1, c2.1); row(2, c0.2, c1.2, c2.2)
                row(3, c0.3, c1.3, c2.3); row(4, c0.4, c1.4, c2.4); row(5, c0.5, c1.5, c2.5)
            }
        }
    }
}

/// Bᵀ·(d0 … d5): the six rows of Bᵀ applied to one column (or row) of a patch.
@inline(__always)
private func bTransposeTimes<L: WinogradLane>(_ d: (L, L, L, L, L, L)) -> (L, L, L, L, L, L) {
    let (d0, d1, d2, d3, d4, d5) = d
    return (
        d0 * 4 - d2 * 5 + d4,
        d3 + d4 - (d1 + d2) * 4,
        d4 - d3 + (d1 - d2) * 4,
        d4 - d2 + (d3 - d1) * 2,
        d4 - d2 + (d1 - d3) * 2,
        d1 * 4 - d3 * 5 + d5
    )
}

/// V = Bᵀ d B for one tile on one lane: the patch's pixel (r, q) at d + r·rowStride + q·c;
/// element e of V goes to out + e·stride.
@inline(__always)
func inputTransformF4<L: WinogradLane>(
    _ d: UnsafePointer<Float>, _ rowStride: Int, _ c: Int,
    _ out: UnsafeMutablePointer<Float>, _ stride: Int, _: L.Type
) {
    @inline(__always) func x(_ r: Int, _ q: Int) -> L { L.load(d + r * rowStride + q * c) }
    // Bᵀ d, one column q at a time: t[r][q]
    let t0 = bTransposeTimes((x(0, 0), x(1, 0), x(2, 0), x(3, 0), x(4, 0), x(5, 0)))
    let t1 = bTransposeTimes((x(0, 1), x(1, 1), x(2, 1), x(3, 1), x(4, 1), x(5, 1)))
    let t2 = bTransposeTimes((x(0, 2), x(1, 2), x(2, 2), x(3, 2), x(4, 2), x(5, 2)))
    let t3 = bTransposeTimes((x(0, 3), x(1, 3), x(2, 3), x(3, 3), x(4, 3), x(5, 3)))
    let t4 = bTransposeTimes((x(0, 4), x(1, 4), x(2, 4), x(3, 4), x(4, 4), x(5, 4)))
    let t5 = bTransposeTimes((x(0, 5), x(1, 5), x(2, 5), x(3, 5), x(4, 5), x(5, 5)))
    // (Bᵀ d) B: each row r of t times B, i.e. Bᵀ applied to (t[r][0] … t[r][5])
    @inline(__always) func row(_ r: Int, _ v: (L, L, L, L, L, L)) {
        let o = out + r * 6 * stride
        v.0.store(o); v.1.store(o + stride); v.2.store(o + 2 * stride); v.3.store(o + 3 * stride); v.4.store(o + 4 * stride); v.5.store(o + 5 * stride)
    }
    row(0, bTransposeTimes((t0.0, t1.0, t2.0, t3.0, t4.0, t5.0)))
    row(1, bTransposeTimes((t0.1, t1.1, t2.1, t3.1, t4.1, t5.1)))
    row(2, bTransposeTimes((t0.2, t1.2, t2.2, t3.2, t4.2, t5.2)))
    row(3, bTransposeTimes((t0.3, t1.3, t2.3, t3.3, t4.3, t5.3)))
    row(4, bTransposeTimes((t0.4, t1.4, t2.4, t3.4, t4.4, t5.4)))
    row(5, bTransposeTimes((t0.5, t1.5, t2.5, t3.5, t4.5, t5.5)))
}

/// Aᵀ·(m0 … m5): the four rows of Aᵀ.
@inline(__always)
private func aTransposeTimes<L: WinogradLane>(_ m: (L, L, L, L, L, L)) -> (L, L, L, L) {
    let (m0, m1, m2, m3, m4, m5) = m
    let p12 = m1 + m2, d12 = m1 - m2, p34 = m3 + m4, d34 = m3 - m4
    return (m0 + p12 + p34, d12 + d34 * 2, p12 + p34 * 4, d12 + d34 * 8 + m5)
}

/// Y = Aᵀ M A for one tile on one lane; element e of M at m + e·stride. Writes the `rows` ×
/// `columns` outputs that exist (4 × 4 but at the bottom/right edge), row `i` at y + i·rowStride.
@inline(__always)
func outputTransformF4<L: WinogradLane>(
    _ m: UnsafePointer<Float>, _ stride: Int, _ y: UnsafeMutablePointer<Float>,
    _ rowStride: Int, _ width: Int, _ rows: Int, _ columns: Int, _: L.Type
) {
    @inline(__always) func v(_ r: Int, _ q: Int) -> L { L.load(m + (r * 6 + q) * stride) }
    // Aᵀ M, one column q at a time: a[i][q]
    let a0 = aTransposeTimes((v(0, 0), v(1, 0), v(2, 0), v(3, 0), v(4, 0), v(5, 0)))
    let a1 = aTransposeTimes((v(0, 1), v(1, 1), v(2, 1), v(3, 1), v(4, 1), v(5, 1)))
    let a2 = aTransposeTimes((v(0, 2), v(1, 2), v(2, 2), v(3, 2), v(4, 2), v(5, 2)))
    let a3 = aTransposeTimes((v(0, 3), v(1, 3), v(2, 3), v(3, 3), v(4, 3), v(5, 3)))
    let a4 = aTransposeTimes((v(0, 4), v(1, 4), v(2, 4), v(3, 4), v(4, 4), v(5, 4)))
    let a5 = aTransposeTimes((v(0, 5), v(1, 5), v(2, 5), v(3, 5), v(4, 5), v(5, 5)))
    // (Aᵀ M) A: row i of the output is Aᵀ applied to (a0.i … a5.i)
    @inline(__always) func row(_ i: Int, _ r: (L, L, L, L)) {
        guard i < rows else { return }
        let o = y + i * rowStride
        r.0.store(o)
        if columns > 1 { r.1.store(o + width) }
        if columns > 2 { r.2.store(o + 2 * width) }
        if columns > 3 { r.3.store(o + 3 * width) }
    }
    row(0, aTransposeTimes((a0.0, a1.0, a2.0, a3.0, a4.0, a5.0)))
    row(1, aTransposeTimes((a0.1, a1.1, a2.1, a3.1, a4.1, a5.1)))
    row(2, aTransposeTimes((a0.2, a1.2, a2.2, a3.2, a4.2, a5.2)))
    row(3, aTransposeTimes((a0.3, a1.3, a2.3, a3.3, a4.3, a5.3)))
}
