// Winograd F(2×2, 3×3): each 2×2 block of outputs from the 4×4 input patch under it, 16
// GEMMs in the transformed domain (driver and lanes: Winograd.swift).
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],  G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
//   Aᵀ = [1 1 1 0; 0 1 −1 −1]   (Lavin & Gray 2015, "Fast Algorithms for CNNs")
// The transforms only add and subtract (and halve, exactly): its rounding error is close to
// im2col's, so training uses it — BatchNormalization's batch statistics and deep backward
// passes amplify a convolution's error, and F(4×4, 3×3)'s was too much for them.

/// The 16 transformed kernels U[e] = (G g Gᵀ)[e], each [C, F], for a (3, 3, C, F) kernel
/// (`flipped`: the input-gradient kernel, see `winogradKernel`).
func winogradKernelF2(_ w: UnsafePointer<Float>, c: Int, f: Int, flipped: Bool) -> [Float] {
    let (cin, cout) = flipped ? (f, c) : (c, f)
    return uninitializedFloats(16 * cin * cout) { u in
        for i in 0..<cin {
            for o in 0..<cout {
                /// g[r][s] for this (input channel i, output channel o)
                func g(_ r: Int, _ s: Int) -> Float {
                    flipped ? w[((2 - r) * 3 + (2 - s)) * c * f + o * f + i] : w[(r * 3 + s) * c * f + i * f + o]
                }
                // t = G g (4×3), row by row; then each row of U = t Gᵀ.
                for r in 0..<4 {
                    func t(_ s: Int) -> Float {
                        switch r {
                        case 0: return g(0, s)
                        case 1: return (g(0, s) + g(1, s) + g(2, s)) * 0.5
                        case 2: return (g(0, s) - g(1, s) + g(2, s)) * 0.5
                        default: return g(2, s)
                        }
                    }
                    let (t0, t1, t2) = (t(0), t(1), t(2))
                    let base = u + r * 4 * cin * cout + i * cout + o, step = cin * cout
                    base[0] = t0; base[step] = (t0 + t1 + t2) * 0.5; base[2 * step] = (t0 - t1 + t2) * 0.5; base[3 * step] = t2
                }
            }
        }
    }
}

/// V = Bᵀ d B for one tile on one lane: the patch's pixel (r, q) at d + r·rowStride + q·c;
/// element e of V goes to out + e·stride.
@inline(__always)
func inputTransformF2<L: WinogradLane>(
    _ d: UnsafePointer<Float>, _ rowStride: Int, _ c: Int, _ out: UnsafeMutablePointer<Float>,
    _ stride: Int, _: L.Type
) {
    @inline(__always) func x(_ i: Int) -> L { L.load(d + (i / 4) * rowStride + (i % 4) * c) }
    // Bᵀ d: combine rows (row r of the patch is x(4r ..< 4r + 4))
    let a0 = x(0) - x(8), a1 = x(1) - x(9), a2 = x(2) - x(10), a3 = x(3) - x(11)
    let b0 = x(4) + x(8), b1 = x(5) + x(9), b2 = x(6) + x(10), b3 = x(7) + x(11)
    let c0 = x(8) - x(4), c1 = x(9) - x(5), c2 = x(10) - x(6), c3 = x(11) - x(7)
    let e0 = x(4) - x(12), e1 = x(5) - x(13), e2 = x(6) - x(14), e3 = x(7) - x(15)
    // (Bᵀ d) B: combine columns
    let o = out
    (a0 - a2).store(o); (a1 + a2).store(o + stride); (a2 - a1).store(o + 2 * stride); (a1 - a3).store(o + 3 * stride)
    (b0 - b2).store(o + 4 * stride); (b1 + b2).store(o + 5 * stride); (b2 - b1).store(o + 6 * stride); (b1 - b3).store(o + 7 * stride)
    (c0 - c2).store(o + 8 * stride); (c1 + c2).store(o + 9 * stride); (c2 - c1).store(o + 10 * stride); (c1 - c3).store(o + 11 * stride)
    (e0 - e2).store(o + 12 * stride); (e1 + e2).store(o + 13 * stride); (e2 - e1).store(o + 14 * stride); (e1 - e3).store(o + 15 * stride)
}

/// Y = Aᵀ M A for one tile on one lane; element e of M at m + e·stride. Writes the `rows` ×
/// `columns` outputs that exist (2 × 2 but at the bottom/right edge), row `i` at y + i·rowStride.
@inline(__always)
func outputTransformF2<L: WinogradLane>(
    _ m: UnsafePointer<Float>, _ stride: Int, _ y: UnsafeMutablePointer<Float>,
    _ rowStride: Int, _ width: Int, _ rows: Int, _ columns: Int, _: L.Type
) {
    @inline(__always) func v(_ e: Int) -> L { L.load(m + e * stride) }
    // Aᵀ M: rows 0..3 of the 4×4 element grid → 2 rows
    let r00 = v(0) + v(4) + v(8), r01 = v(1) + v(5) + v(9), r02 = v(2) + v(6) + v(10), r03 = v(3) + v(7) + v(11)
    let r10 = v(4) - v(8) - v(12), r11 = v(5) - v(9) - v(13), r12 = v(6) - v(10) - v(14), r13 = v(7) - v(11) - v(15)
    // (Aᵀ M) A: columns → 2 columns
    let o = y
    (r00 + r01 + r02).store(o)
    if columns > 1 { (r01 - r02 - r03).store(o + width) }
    if rows > 1 {
        (r10 + r11 + r12).store(o + rowStride)
        if columns > 1 { (r11 - r12 - r13).store(o + rowStride + width) }
    }
}

/// dM = A dY Aᵀ for one tile on one lane (the adjoint of the output transform): dY's 2×2
/// outputs at y + a·rowStride + b·width (zero where clipped: `rows` × `columns` exist);
/// element e of dM goes to out + e·stride.
@inline(__always)
func outputAdjointF2<L: WinogradLane>(
    _ y: UnsafePointer<Float>, _ rowStride: Int, _ width: Int, _ rows: Int, _ columns: Int,
    _ out: UnsafeMutablePointer<Float>, _ stride: Int, _: L.Type
) {
    let y00 = L.load(y), y01 = columns > 1 ? L.load(y + width) : .zero
    let y10 = rows > 1 ? L.load(y + rowStride) : .zero, y11 = rows > 1 && columns > 1 ? L.load(y + rowStride + width) : .zero
    // Aᵀ's columns are (1, 0), (1, 1), (1, −1), (0, −1): p(v0, v1) = (v0, v0 + v1, v0 − v1, −v1)
    let q0 = (y00, y00 + y01, y00 - y01, L.zero - y01)  // row a = 0, over b
    let q1 = (y10, y10 + y11, y10 - y11, L.zero - y11)  // row a = 1
    @inline(__always) func put(_ i: Int, _ v: (L, L, L, L)) {
        let o = out + i * 4 * stride
        v.0.store(o); v.1.store(o + stride); v.2.store(o + 2 * stride); v.3.store(o + 3 * stride)
    }
    put(0, q0)
    put(1, (q0.0 + q1.0, q0.1 + q1.1, q0.2 + q1.2, q0.3 + q1.3))
    put(2, (q0.0 - q1.0, q0.1 - q1.1, q0.2 - q1.2, q0.3 - q1.3))
    put(3, (L.zero - q1.0, L.zero - q1.1, L.zero - q1.2, L.zero - q1.3))
}
