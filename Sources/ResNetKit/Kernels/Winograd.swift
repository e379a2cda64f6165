// Winograd F(2×2, 3×3): a 3×3 stride-1 convolution with 2.25× fewer multiplications.
//
// Each 2×2 block of outputs ("tile") is computed from the 4×4 input patch under it:
//   V = Bᵀ d B          (input transform, per channel: adds and subtracts only)
//   U = G g Gᵀ          (kernel transform, once per call)
//   M[e] = V[e] · U[e]  for the 16 elements e of the 4×4 transformed domain: 16 GEMMs
//                       [tiles, C] × [C, F], batched over a pass of images
//   Y = Aᵀ M A          (output transform: 2×2 outputs per tile)
// with  Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],  G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
//       Aᵀ = [1 1 1 0; 0 1 −1 −1]   (Lavin & Gray 2015, "Fast Algorithms for CNNs").
// Channels are innermost (NHWC), so every transform is a loop over contiguous channels that
// LLVM vectorises. The input gradient of a 3×3 stride-1 convolution is itself one (of dy with
// the kernel rotated 180° and its channel axes swapped), so backward uses the same code.
//
// Tested against: Conv2D's reference (FastKernelTests: random shapes, "same" and "valid",
// 1–70 channels, forward and input gradient). Its rounding error is larger than im2col's
// (the transforms add and subtract up to 16 products before the GEMM): measured and bounded
// there. What it gained: see the header of ConvPasses.swift and `resnet-bench conv`.

/// Where a Winograd convolution reads and writes: input h×w×c, output oh×ow×f, padding.
struct WinogradShape {
    let h: Int, w: Int, c: Int, oh: Int, ow: Int, f: Int, padTop: Int, padLeft: Int
    var tilesH: Int { (oh + 1) / 2 }
    var tilesW: Int { (ow + 1) / 2 }
    var tilesPerImage: Int { tilesH * tilesW }
    /// One image with its zero border, covering every tile's 4×4 patch: no tile then needs
    /// a bounds check (they cost more than the transform itself at 16 channels).
    var paddedH: Int { 2 * tilesH + 2 }
    var paddedW: Int { 2 * tilesW + 2 }
}

extension ConvGeometry {
    /// The forward pass (x → y) as a Winograd convolution, for `f` filters.
    func winogradForward(f: Int) -> WinogradShape {
        WinogradShape(h: h, w: w, c: c, oh: oh, ow: ow, f: f, padTop: padTop, padLeft: padLeft)
    }
    /// The input gradient (dy → dx): dy padded by 2 − pad, convolved with the flipped kernel.
    func winogradInputGradient(f: Int) -> WinogradShape {
        WinogradShape(h: oh, w: ow, c: f, oh: h, ow: w, f: c, padTop: 2 - padTop, padLeft: 2 - padLeft)
    }
}

/// U for kernel `w` (3, 3, C, F) when `g` is a Winograd convolution, else empty.
func winogradKernel(_ w: [Float], _ g: ConvGeometry, f: Int, flipped: Bool) -> [Float] {
    guard g.isWinograd else { return [] }
    return withBases([w]) { winogradKernel($0[0], c: g.c, f: f, flipped: flipped) }
}

/// The 16 transformed kernels U[e] = (G g Gᵀ)[e], each [C, F], for a (3, 3, C, F) kernel.
/// `flipped`: the input-gradient kernel, g'[i][j][f][c] = g[2−i][2−j][c][f] (its C is F).
func winogradKernel(_ w: UnsafePointer<Float>, c: Int, f: Int, flipped: Bool) -> [Float] {
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

/// Scratch for one worker: the transformed inputs V [16, T, C] and products M [16, T, F].
struct WinogradScratch {
    let v: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>, padded: UnsafeMutablePointer<Float>
    let tiles: Int
    init(_ s: WinogradShape, images: Int) {
        tiles = images * s.tilesPerImage
        v = .allocate(capacity: 16 * tiles * s.c)
        m = .allocate(capacity: 16 * tiles * s.f)
        padded = .allocate(capacity: s.paddedH * s.paddedW * s.c)
    }
    func deallocate() { v.deallocate(); m.deallocate(); padded.deallocate() }
}

/// y (images × oh × ow × f) = conv3×3(x (images × h × w × c)) for `images` images, via U.
func winogradConvolve(_ s: WinogradShape, x: UnsafePointer<Float>, images: Int, u: UnsafePointer<Float>,
                      y: UnsafeMutablePointer<Float>, scratch: WinogradScratch) {
    let c = s.c, f = s.f, t = images * s.tilesPerImage
    precondition(t <= scratch.tiles)
    // Input transform: V[e][tile][ch], from each image copied into its zero border.
    var tile = 0
    let pw = s.paddedW, rowStride = pw * c, inside = Swift.min(s.w, pw - s.padLeft)
    for img in 0..<images {
        let xi = x + img * s.h * s.w * c
        for ph in 0..<s.paddedH {
            let row = scratch.padded + ph * rowStride, ih = ph - s.padTop
            guard ih >= 0 && ih < s.h else { row.update(repeating: 0, count: rowStride); continue }
            row.update(repeating: 0, count: s.padLeft * c)
            (row + s.padLeft * c).update(from: xi + ih * s.w * c, count: inside * c)
            (row + (s.padLeft + inside) * c).update(repeating: 0, count: (pw - s.padLeft - inside) * c)
        }
        for th in 0..<s.tilesH {
            for tw in 0..<s.tilesW {
                inputTransform(scratch.padded + (2 * th * pw + 2 * tw) * c, rowStride: rowStride,
                               into: scratch.v + tile * c, stride: t * c, channels: c)
                tile += 1
            }
        }
    }
    for e in 0..<16 {
        sgemm(m: t, n: f, k: c, a: scratch.v + e * t * c, lda: c, b: u + e * c * f, ldb: f, c: scratch.m + e * t * f, ldc: f)
    }
    // Output transform: 2×2 outputs per tile, clipped at the bottom/right edge.
    tile = 0
    for img in 0..<images {
        let yi = y + img * s.oh * s.ow * f
        for th in 0..<s.tilesH {
            for tw in 0..<s.tilesW {
                let oh = 2 * th, ow = 2 * tw
                outputTransform(scratch.m + tile * f, stride: t * f, width: f, y: yi + (oh * s.ow + ow) * f,
                                rowStride: s.ow * f, rows: Swift.min(2, s.oh - oh), columns: Swift.min(2, s.ow - ow))
                tile += 1
            }
        }
    }
}

/// A value the transforms work on: one channel (Float) or 16 channels at once (SIMD16, one
/// AVX-512 register). Written once, generically, the transforms vectorise without relying on
/// LLVM proving that 32 pointers never overlap.
protocol WinogradLane {
    static var width: Int { get }
    static func load(_ p: UnsafePointer<Float>) -> Self
    func store(_ p: UnsafeMutablePointer<Float>)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
}

extension Float: WinogradLane {
    static var width: Int { 1 }
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Float { p.pointee }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) { p.pointee = self }
}

extension SIMD16: WinogradLane where Scalar == Float {
    static var width: Int { 16 }
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Self { UnsafeRawPointer(p).loadUnaligned(as: Self.self) }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self) }
}

/// Calls `body(lane type, offset)` over `count` channels: 16 at a time, then one by one.
@inline(__always)
private func lanes(_ count: Int, _ wide: (Int) -> Void, _ narrow: (Int) -> Void) {
    var j = 0
    while j + 16 <= count { wide(j); j += 16 }
    while j < count { narrow(j); j += 1 }
}

/// V = Bᵀ d B for one tile, over `channels` contiguous channels; the patch's pixel (r, q) is
/// at d + r·rowStride + q·channels. Element e of V goes to out + e·stride.
@inline(__always)
private func inputTransform(_ d: UnsafePointer<Float>, rowStride: Int, into out: UnsafeMutablePointer<Float>, stride: Int, channels: Int) {
    lanes(channels, { inputTransform(d, rowStride, channels, out, stride, $0, SIMD16<Float>.self) },
          { inputTransform(d, rowStride, channels, out, stride, $0, Float.self) })
}

@inline(__always)
private func inputTransform<L: WinogradLane>(_ d: UnsafePointer<Float>, _ rowStride: Int, _ c: Int, _ out: UnsafeMutablePointer<Float>,
                                             _ stride: Int, _ ch: Int, _: L.Type) {
    @inline(__always) func x(_ i: Int) -> L { L.load(d + (i / 4) * rowStride + (i % 4) * c + ch) }
    // Bᵀ d: combine rows (row r of the patch is x(4r ..< 4r + 4))
    let a0 = x(0) - x(8), a1 = x(1) - x(9), a2 = x(2) - x(10), a3 = x(3) - x(11)
    let b0 = x(4) + x(8), b1 = x(5) + x(9), b2 = x(6) + x(10), b3 = x(7) + x(11)
    let c0 = x(8) - x(4), c1 = x(9) - x(5), c2 = x(10) - x(6), c3 = x(11) - x(7)
    let e0 = x(4) - x(12), e1 = x(5) - x(13), e2 = x(6) - x(14), e3 = x(7) - x(15)
    // (Bᵀ d) B: combine columns
    let o = out + ch
    (a0 - a2).store(o); (a1 + a2).store(o + stride); (a2 - a1).store(o + 2 * stride); (a1 - a3).store(o + 3 * stride)
    (b0 - b2).store(o + 4 * stride); (b1 + b2).store(o + 5 * stride); (b2 - b1).store(o + 6 * stride); (b1 - b3).store(o + 7 * stride)
    (c0 - c2).store(o + 8 * stride); (c1 + c2).store(o + 9 * stride); (c2 - c1).store(o + 10 * stride); (c1 - c3).store(o + 11 * stride)
    (e0 - e2).store(o + 12 * stride); (e1 + e2).store(o + 13 * stride); (e2 - e1).store(o + 14 * stride); (e1 - e3).store(o + 15 * stride)
}

/// Y = Aᵀ M A for one tile over `width` contiguous channels; element e of M at m + e·stride.
/// Writes the `rows` × `columns` outputs that exist (2 × 2 but at the bottom/right edge).
@inline(__always)
private func outputTransform(_ m: UnsafePointer<Float>, stride: Int, width: Int, y: UnsafeMutablePointer<Float>,
                             rowStride: Int, rows: Int, columns: Int) {
    lanes(width, { outputTransform(m, stride, width, y, rowStride, rows, columns, $0, SIMD16<Float>.self) },
          { outputTransform(m, stride, width, y, rowStride, rows, columns, $0, Float.self) })
}

@inline(__always)
private func outputTransform<L: WinogradLane>(_ m: UnsafePointer<Float>, _ stride: Int, _ width: Int, _ y: UnsafeMutablePointer<Float>,
                                              _ rowStride: Int, _ rows: Int, _ columns: Int, _ j: Int, _: L.Type) {
    @inline(__always) func v(_ e: Int) -> L { L.load(m + e * stride + j) }
    // Aᵀ M: rows 0..3 of the 4×4 element grid → 2 rows
    let r00 = v(0) + v(4) + v(8), r01 = v(1) + v(5) + v(9), r02 = v(2) + v(6) + v(10), r03 = v(3) + v(7) + v(11)
    let r10 = v(4) - v(8) - v(12), r11 = v(5) - v(9) - v(13), r12 = v(6) - v(10) - v(14), r13 = v(7) - v(11) - v(15)
    // (Aᵀ M) A: columns → 2 columns
    let o = y + j
    (r00 + r01 + r02).store(o)
    if columns > 1 { (r01 - r02 - r03).store(o + width) }
    if rows > 1 {
        (r10 + r11 + r12).store(o + rowStride)
        if columns > 1 { (r11 - r12 - r13).store(o + rowStride + width) }
    }
}
