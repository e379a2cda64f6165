// Winograd convolution for 3×3 stride-1 layers: the driver shared by F(2×2, 3×3)
// (WinogradF2.swift, training: forward, input gradient and kernel gradient) and F(4×4, 3×3)
// (WinogradF4.swift, inference). For tiles of m×m outputs, from (m+2)×(m+2) input patches:
//   V = Bᵀ d B          input transform, per channel
//   U = G g Gᵀ          kernel transform, once per call
//   M[e] = V[e] · U[e]  one GEMM [tiles, C] × [C, F] per element e of the transformed
//                       domain, batched over a pass of images (V and M stored tile-major:
//                       the GEMM of element e reads rows `elements` apart)
//   Y = Aᵀ M A          output transform, m×m outputs per tile
// Channels are innermost (NHWC), so the transforms run on 16 contiguous channels at a time
// (SIMD16, one AVX-512 register). The input gradient of a 3×3 stride-1 convolution is itself
// one (of dy with the kernel rotated 180° and its channel axes swapped): backward uses the
// same code.
//
// Tested against: Conv2D's reference (FastKernelTests: random shapes, "same" and "valid",
// 1–70 channels, forward and input gradient, both tile sizes; errors bounded there).
// Gained (`resnet-bench model --compare im2col`, CPU time per step, on a loaded machine):
// F(2×2, 3×3) everywhere: forward 1.39×, training step 1.15× over im2col + GEMM in passes;
// then F(4×4, 3×3) for inference: forward 1.52×; then the kernel gradient in the transformed
// domain too (dU = Σ Vᵀ·A dY Aᵀ, dW = Gᵀ dU G, no im2col left): training step 1.20×.
// Then, with the GEMMs on the engine's micro-kernel (MicroGEMM.swift): scratch tile-major
// (V[tile][e][ch], M[tile][e][f]) instead of element-major, forward CPU time 52.6 → 38.8 ms
// and training step 236 → 205 ms; transforms specialised for 16/32/64 channels, 38.8 → 35.6
// and 198 → 181 ms (`resnet-bench model`, the builds alternating, medians of 3, load ≈ 3).

/// Where a Winograd convolution reads and writes: input h×w×c, output oh×ow×f, padding.
/// `m`: outputs per tile side, 2 (F(2×2, 3×3)) or 4 (F(4×4, 3×3)).
struct WinogradShape {
    let h: Int, w: Int, c: Int, oh: Int, ow: Int, f: Int, padTop: Int, padLeft: Int, m: Int
    var tilesH: Int { (oh + m - 1) / m }
    var tilesW: Int { (ow + m - 1) / m }
    var tilesPerImage: Int { tilesH * tilesW }
    /// Elements of the transformed domain: (m + 2)².
    var elements: Int { (m + 2) * (m + 2) }
    /// One image with its zero border, covering every tile's patch: no tile then needs a
    /// bounds check (they cost more than the transform itself at 16 channels).
    var paddedH: Int { m * tilesH + 2 }
    var paddedW: Int { m * tilesW + 2 }
}

extension ConvGeometry {
    /// The forward pass (x → y) as a Winograd convolution, for `f` filters.
    func winogradForward(f: Int, m: Int) -> WinogradShape {
        WinogradShape(h: h, w: w, c: c, oh: oh, ow: ow, f: f, padTop: padTop, padLeft: padLeft, m: m)
    }
    /// The input gradient (dy → dx): dy padded by 2 − pad, convolved with the flipped kernel.
    func winogradInputGradient(f: Int, m: Int) -> WinogradShape {
        WinogradShape(h: oh, w: ow, c: f, oh: h, ow: w, f: c, padTop: 2 - padTop, padLeft: 2 - padLeft, m: m)
    }
}

/// V[tile][e][ch] for `images` images of x (c channels), from each image copied into its
/// zero border: the input transform, shared by the convolution and its kernel gradient.
/// Tile-major: one tile's elements are one contiguous block (the GEMM of element e reads
/// V[·][e][·] as a matrix with row stride elements·c), so the transform writes near one
/// pointer instead of to `elements` streams a whole pass apart.
func transformInputs(_ s: WinogradShape, x: UnsafePointer<Float>, images: Int, scratch: WinogradScratch) {
    let c = s.c, t = images * s.tilesPerImage, m = s.m, e = s.elements
    precondition(t <= scratch.tiles)
    var tile = 0
    let pw = s.paddedW, rowStride = pw * c, inside = Swift.min(s.w, pw - s.padLeft)
    for img in 0..<images {
        let xi = x + img * s.h * s.w * c
        for ph in 0..<s.paddedH {
            let row = scratch.padded + ph * rowStride, ih = ph - s.padTop
            guard ih >= 0 && ih < s.h else { row.update(repeating: 0, count: rowStride); continue }
            row.update(repeating: 0, count: s.padLeft * c)
            copyFloats(xi + ih * s.w * c, to: row + s.padLeft * c, count: inside * c)
            (row + (s.padLeft + inside) * c).update(repeating: 0, count: (pw - s.padLeft - inside) * c)
        }
        specialized(c) { c in
            let rowStride = pw * c
            for th in 0..<s.tilesH {
                for tw in 0..<s.tilesW {
                    let d = scratch.padded + (m * th * pw + m * tw) * c, v = scratch.v + tile * e * c
                    if m == 4 {
                        lanes(
                            c, { inputTransformF4(d + $0, rowStride, c, v + $0, c, SIMD16<Float>.self) },
                            { inputTransformF4(d + $0, rowStride, c, v + $0, c, Float.self) })
                    } else {
                        lanes(
                            c, { inputTransformF2(d + $0, rowStride, c, v + $0, c, SIMD16<Float>.self) },
                            { inputTransformF2(d + $0, rowStride, c, v + $0, c, Float.self) })
                    }
                    tile += 1
                }
            }
        }
    }
}

/// dU[e] += V[e]ᵀ · dM[e] for `images` images: the kernel gradient of an F(2×2, 3×3)
/// convolution x → y in the transformed domain, with V the input transform of x and
/// dM = A dY Aᵀ (the adjoint of the output transform) of dy. `winogradKernelGradient`
/// brings the sum back to (3, 3, C, F) at the end.
func accumulateKernelGradient(
    _ s: WinogradShape, x: UnsafePointer<Float>, dy: UnsafePointer<Float>, images: Int,
    du: UnsafeMutablePointer<Float>, scratch: WinogradScratch, gemm: GEMMEngine
) {
    precondition(s.m == 2)
    let c = s.c, f = s.f, t = images * s.tilesPerImage
    transformInputs(s, x: x, images: images, scratch: scratch)
    var tile = 0
    for img in 0..<images {
        let dyi = dy + img * s.oh * s.ow * f
        specialized(f) { f in
            for th in 0..<s.tilesH {
                for tw in 0..<s.tilesW {
                    let oh = 2 * th, ow = 2 * tw, d = dyi + (oh * s.ow + ow) * f, out = scratch.m + tile * 16 * f
                    let rows = Swift.min(2, s.oh - oh), columns = Swift.min(2, s.ow - ow)
                    lanes(
                        f, { outputAdjointF2(d + $0, s.ow * f, f, rows, columns, out + $0, f, SIMD16<Float>.self) },
                        { outputAdjointF2(d + $0, s.ow * f, f, rows, columns, out + $0, f, Float.self) })
                    tile += 1
                }
            }
        }
    }
    for e in 0..<16 {
        gemm(
            transA: true, m: c, n: f, k: t, a: scratch.v + e * c, lda: 16 * c, b: scratch.m + e * f, ldb: 16 * f,
            beta: 1, c: du + e * c * f, ldc: f)
    }
}

/// dW (3, 3, C, F) += Gᵀ dU G: the kernel gradient from its F(2×2, 3×3) transform dU [16, C, F].
func winogradKernelGradient(_ du: UnsafePointer<Float>, c: Int, f: Int, into dw: UnsafeMutablePointer<Float>) {
    let cf = c * f
    for i in 0..<cf {
        @inline(__always) func u(_ a: Int, _ b: Int) -> Float { du[(a * 4 + b) * cf + i] }
        // t = dU G (4×3), then dW = Gᵀ t; G's rows: (1 0 0), (½ ½ ½), (½ −½ ½), (0 0 1).
        var t = (Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0))
        func row(_ a: Int) -> (Float, Float, Float) {
            let (u0, u1, u2, u3) = (u(a, 0), u(a, 1), u(a, 2), u(a, 3))
            return (u0 + (u1 + u2) * 0.5, (u1 - u2) * 0.5, (u1 + u2) * 0.5 + u3)
        }
        let r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3)
        t = (r0.0, r0.1, r0.2, r1.0, r1.1, r1.2, r2.0, r2.1, r2.2, r3.0, r3.1, r3.2)
        // dW[r][s] for r = 0, 1, 2: Gᵀ's rows are (1 ½ ½ 0), (0 ½ −½ 0), (0 ½ ½ 1).
        let w0 = (t.0 + (t.3 + t.6) * 0.5, t.1 + (t.4 + t.7) * 0.5, t.2 + (t.5 + t.8) * 0.5)
        let w1 = ((t.3 - t.6) * 0.5, (t.4 - t.7) * 0.5, (t.5 - t.8) * 0.5)
        let w2 = ((t.3 + t.6) * 0.5 + t.9, (t.4 + t.7) * 0.5 + t.10, (t.5 + t.8) * 0.5 + t.11)
        dw[0 * cf + i] += w0.0; dw[1 * cf + i] += w0.1; dw[2 * cf + i] += w0.2
        dw[3 * cf + i] += w1.0; dw[4 * cf + i] += w1.1; dw[5 * cf + i] += w1.2
        dw[6 * cf + i] += w2.0; dw[7 * cf + i] += w2.1; dw[8 * cf + i] += w2.2
    }
}

/// A kernel transformed for Winograd: U (elements × C × F) and the tile size it is for.
struct WinogradKernel {
    let u: [Float]
    let m: Int
}

/// U for kernel `w` (3, 3, C, F) when `g` is a Winograd convolution (tile size `m`), else nil.
/// `flipped`: the input-gradient kernel, g'[i][j][f][c] = g[2−i][2−j][c][f] (its C is F).
func winogradKernel(_ w: [Float], _ g: ConvGeometry, f: Int, flipped: Bool, m: Int) -> WinogradKernel? {
    guard g.isWinograd else { return nil }
    let u = withBases([w]) { p in
        m == 4 ? winogradKernelF4(p[0], c: g.c, f: f, flipped: flipped) : winogradKernelF2(p[0], c: g.c, f: f, flipped: flipped)
    }
    return WinogradKernel(u: u, m: m)
}

/// Scratch for one worker: transformed inputs V [T, elements, C], products M [T, elements, F],
/// and one padded image.
struct WinogradScratch {
    let v: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>, padded: UnsafeMutablePointer<Float>
    let tiles: Int
    init(_ s: WinogradShape, images: Int) {
        tiles = images * s.tilesPerImage
        v = .allocate(capacity: s.elements * tiles * s.c)
        m = .allocate(capacity: s.elements * tiles * s.f)
        padded = .allocate(capacity: s.paddedH * s.paddedW * s.c)
    }
    func deallocate() { v.deallocate(); m.deallocate(); padded.deallocate() }
}

/// y (images × oh × ow × f) = conv3×3(x (images × h × w × c)) for `images` images, via U.
func winogradConvolve(
    _ s: WinogradShape, x: UnsafePointer<Float>, images: Int, u: UnsafePointer<Float>,
    y: UnsafeMutablePointer<Float>, scratch: WinogradScratch, gemm: GEMMEngine
) {
    let c = s.c, f = s.f, t = images * s.tilesPerImage, m = s.m
    precondition(t <= scratch.tiles)
    transformInputs(s, x: x, images: images, scratch: scratch)
    for e in 0..<s.elements {
        gemm(m: t, n: f, k: c, a: scratch.v + e * c, lda: s.elements * c, b: u + e * c * f, ldb: f, c: scratch.m + e * f, ldc: s.elements * f)
    }
    // Output transform: m×m outputs per tile, clipped at the bottom/right edge.
    var tile = 0
    for img in 0..<images {
        let yi = y + img * s.oh * s.ow * f
        specialized(f) { f in
            for th in 0..<s.tilesH {
                for tw in 0..<s.tilesW {
                    let oh = m * th, ow = m * tw, mt = scratch.m + tile * s.elements * f
                    let out = yi + (oh * s.ow + ow) * f, rows = Swift.min(m, s.oh - oh), columns = Swift.min(m, s.ow - ow)
                    if m == 4 {
                        lanes(
                            f, { outputTransformF4(mt + $0, f, out + $0, s.ow * f, f, rows, columns, SIMD16<Float>.self) },
                            { outputTransformF4(mt + $0, f, out + $0, s.ow * f, f, rows, columns, Float.self) })
                    } else {
                        lanes(
                            f, { outputTransformF2(mt + $0, f, out + $0, s.ow * f, f, rows, columns, SIMD16<Float>.self) },
                            { outputTransformF2(mt + $0, f, out + $0, s.ow * f, f, rows, columns, Float.self) })
                    }
                    tile += 1
                }
            }
        }
    }
}

/// A value the transforms work on: one channel (Float) or 16 channels at once (SIMD16, one
/// AVX-512 register). Written once, generically, the transforms vectorise without relying on
/// LLVM proving that the pointers never overlap.
protocol WinogradLane {
    static var zero: Self { get }
    static func load(_ p: UnsafePointer<Float>) -> Self
    func store(_ p: UnsafeMutablePointer<Float>)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Float) -> Self
}

extension Float: WinogradLane {
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Float { p.pointee }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) { p.pointee = self }
}

extension SIMD16: WinogradLane where Scalar == Float {
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Self { UnsafeRawPointer(p).loadUnaligned(as: Self.self) }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self) }
}

/// to[0..<count] = from[0..<count], 16 floats a step. For these 2 KB image rows glibc's memmove
/// (`rep movsb` on this CPU) showed as 10 % of a training step's CPU time; with this loop the
/// copy is ≈ 5 % (in transformInputs' profile): forward 37.1 → 35.5 ms, step 181 → 178 ms of
/// CPU time (5 alternating pairs, load ≈ 4). It is the first read of x: mostly memory time.
@inline(__always)
func copyFloats(_ from: UnsafePointer<Float>, to: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + 16 <= count { SIMD16<Float>.load(from + i).store(to + i); i += 16 }
    while i < count { to[i] = from[i]; i += 1 }
}

/// Calls `body(n)` with `n` a compile-time constant when it is 16, 32 or 64 (ResNet-20's
/// widths): the transforms' channel strides then fold into the instructions' addresses
/// instead of each taking a register (with 16 loads and 16 stores a tile they ran out of
/// registers and spilled their pointers to the stack).
@inline(__always)
func specialized(_ n: Int, _ body: (Int) -> Void) {
    switch n {
    case 16: body(16)
    case 32: body(32)
    case 64: body(64)
    default: body(n)
    }
}

/// Calls `wide(offset)` for each 16 channels of `count`, then `narrow(offset)` for the rest.
@inline(__always)
func lanes(_ count: Int, _ wide: (Int) -> Void, _ narrow: (Int) -> Void) {
    var j = 0
    while j + 16 <= count { wide(j); j += 16 }
    while j < count { narrow(j); j += 1 }
}
