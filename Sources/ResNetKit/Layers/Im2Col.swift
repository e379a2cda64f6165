// im2col / col2im on NHWC, the layout that makes a convolution one GEMM:
//
//   cols[(n·OH + oh)·OW + ow, (kh·KW + kw)·C + c] = x[n, oh·sh − pad_top + kh, ow·sw − pad_left + kw, c]
//
// (zero where the window hangs over the padding). With C innermost in both, a window row
// inside the image is KW·C contiguous floats, copied in one go.

/// The geometry of one convolution, fixed for a forward/backward pair.
struct ConvGeometry {
    let n: Int, h: Int, w: Int, c: Int
    let kh: Int, kw: Int, sh: Int, sw: Int
    let oh: Int, ow: Int, padTop: Int, padLeft: Int

    /// Columns per output pixel: KH·KW·C.
    var k: Int { kh * kw * c }
    /// Output pixels per image.
    var rowsPerImage: Int { oh * ow }
    /// A 3×3 stride-1 convolution of at least 8 input channels, which Winograd computes
    /// (Kernels/Winograd.swift). With fewer (an RGB or grey stem), its GEMMs are [tiles, C]
    /// with C = 1–3 and im2col's K = 9·C does better (`resnet-bench profile`: the stem's
    /// backward 8.3 → 6.2 ms at batch 128).
    var isWinograd: Bool { kh == 3 && kw == 3 && sh == 1 && sw == 1 && c >= 8 && FastPaths.enabled && FastPaths.winograd }
    /// A 1×1 stride-1 convolution is a GEMM on the input itself: no im2col needed.
    var isPointwise: Bool { kh == 1 && kw == 1 && sh == 1 && sw == 1 }

    init(input s: [Int], window: Window2D) {
        (n, h, w, c) = (s[0], s[1], s[2], s[3])
        (kh, kw, sh, sw) = (window.h.kernel, window.w.kernel, window.h.stride, window.w.stride)
        (oh, ow, padTop, padLeft) = (window.h.output, window.w.output, window.h.padBefore, window.w.padBefore)
    }

    /// The whole batch's column matrix [N·OH·OW, K] (the reference path; big, but plain).
    func columns(_ x: [Float]) -> [Float] {
        if isPointwise { return x }
        return withBases([x]) { p in uninitializedFloats(n * rowsPerImage * k) { im2col(p[0], images: 0..<n, into: $0) } }
    }

    /// Fills `cols` (rows × K) for images `images` of `x`.
    func im2col(_ x: UnsafePointer<Float>, images: Range<Int>, into cols: UnsafeMutablePointer<Float>) {
        let k = self.k, rowBytes = kw * c
        var dst = cols
        for img in images {
            let xi = x + img * h * w * c
            for y in 0..<oh {
                for xo in 0..<ow {
                    let iw0 = xo * sw - padLeft
                    let inside = iw0 >= 0 && iw0 + kw <= w
                    for dy in 0..<kh {
                        let ih = y * sh - padTop + dy
                        let d = dst + dy * rowBytes
                        if ih < 0 || ih >= h {
                            d.update(repeating: 0, count: rowBytes)
                        } else if inside {
                            d.update(from: xi + (ih * w + iw0) * c, count: rowBytes)
                        } else {
                            for dx in 0..<kw {
                                let iw = iw0 + dx
                                if iw < 0 || iw >= w { (d + dx * c).update(repeating: 0, count: c) } else { (d + dx * c).update(from: xi + (ih * w + iw) * c, count: c) }
                            }
                        }
                    }
                    dst += k
                }
            }
        }
    }

    /// Scatter-adds `cols` (rows × K) into `dx` for images `images`: the adjoint of im2col.
    /// Overlapping windows add into the same pixel, so `dx` must hold zeros (or a sum) first.
    func col2im(_ cols: UnsafePointer<Float>, images: Range<Int>, into dx: UnsafeMutablePointer<Float>) {
        let k = self.k, rowLength = kw * c
        var src = cols
        for img in images {
            let xi = dx + img * h * w * c
            for y in 0..<oh {
                for xo in 0..<ow {
                    let iw0 = xo * sw - padLeft
                    let inside = iw0 >= 0 && iw0 + kw <= w
                    for dy in 0..<kh {
                        let ih = y * sh - padTop + dy
                        if ih < 0 || ih >= h { continue }
                        let s = src + dy * rowLength
                        if inside {  // as in im2col: one run of KW·C floats, a loop LLVM vectorises
                            addInto(xi + (ih * w + iw0) * c, s, count: rowLength)
                        } else {
                            for dx in 0..<kw {
                                let iw = iw0 + dx
                                if iw < 0 || iw >= w { continue }
                                addInto(xi + (ih * w + iw) * c, s + dx * c, count: c)
                            }
                        }
                    }
                    src += k
                }
            }
        }
    }

    /// Images per GEMM pass: as many as keep the column buffer near 1 MB per BLAS thread.
    ///
    /// im2col writes the buffer and the GEMM reads it straight back: when it fits in a core's
    /// L2 cache (1–2 MB on current x86) that second read never goes to memory. With one BLAS
    /// thread per chunk (the default) this made ResNet-20's 3×3 convolutions about twice as
    /// fast as 16 MB buffers did, forward and backward (`resnet-bench conv`). A GEMM that
    /// OpenBLAS threads itself (`Parallel.workers = 1`) pays to wake its threads on every
    /// call, so it gets a pass as large again per thread.
    var imagesPerPass: Int {
        let budget = ConvGeometry.columnFloatsPerThread * BLAS.threads
        return Swift.max(1, budget / Swift.max(1, rowsPerImage * k))
    }

    /// 2¹⁸ floats = 1 MB of column buffer per BLAS thread.
    static let columnFloatsPerThread = 1 << 18
}

/// t[i] += s[i] for i in 0..<count: the inner loop of col2im. The buffers never overlap
/// (column buffer vs. gradient), which the pointers can't tell LLVM; it vectorises the loop
/// anyway, behind a run-time overlap check.
@inline(__always)
private func addInto(_ t: UnsafeMutablePointer<Float>, _ s: UnsafePointer<Float>, count: Int) {
    for i in 0..<count { t[i] += s[i] }
}
