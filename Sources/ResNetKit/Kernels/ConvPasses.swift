// Convolution in cache-sized passes — the engine's default convolution kernel.
//
// Computes exactly what Conv2D's reference does (y = im2col(x)·W, dW = im2col(x)ᵀ·dy,
// dx = col2im(dy·Wᵀ)), but the batch is cut into one chunk per core (`Parallel`, each chunk's
// GEMM on one BLAS thread) and each chunk into passes of a few images whose column buffer
// (~1 MB) is still in L2 when the GEMM reads it back. A pass's output rows are also still in
// cache right after its GEMM, which is when `epilogue` runs: the fused kernels add the bias,
// gather BatchNormalization's statistics or apply ReLU there instead of in a later sweep.
// A 1×1 stride-1 convolution needs no im2col at all: the input is already the matrix.
// The GEMMs run on the engine's own micro-kernel (MicroGEMM.swift; `FastPaths.microGEMM`
// off: OpenBLAS), dx's with a transposed copy of the kernel made once per call.
//
// Tested against: Conv2D's reference (whole-batch im2col + one GEMM) in FastKernelTests.
// Gained: 1.9× forward and 3.2× backward over one whole-batch GEMM (`resnet-bench conv`,
// measured when it was introduced), mostly from the column buffer staying in L2.

/// Forward: y (rows × f) = im2col(x) · w for every image. After each pass's GEMM,
/// `epilogue(part, out, firstRow, rows)` may rewrite the pass's `rows` output rows at `out`.
/// With `winograd` (the kernel transformed by `winogradKernel`, and its tile size), a 3×3
/// stride-1 convolution runs as Winograd instead of im2col + GEMM.
func convolveInPasses(
    _ g: ConvGeometry, x: UnsafePointer<Float>, w: UnsafePointer<Float>, f: Int,
    y: UnsafeMutablePointer<Float>, parts: Int, winograd: (u: UnsafePointer<Float>, m: Int)? = nil,
    epilogue: (_ part: Int, _ out: UnsafeMutablePointer<Float>, _ firstRow: Int, _ rows: Int) -> Void
) {
    let k = g.k, gemm = GEMMEngine.current
    Parallel.run(g.n, parts: parts) { part, images in
        let per = g.imagesPerPass
        let shape = g.winogradForward(f: f, m: winograd?.m ?? 2)
        let tiles = winograd == nil ? nil : WinogradScratch(shape, images: Swift.min(per, images.count))
        let cols = g.isPointwise || winograd != nil ? nil : UnsafeMutablePointer<Float>.allocate(capacity: Swift.min(per, images.count) * g.rowsPerImage * k)
        defer { cols?.deallocate(); tiles?.deallocate() }
        for start in stride(from: images.lowerBound, to: images.upperBound, by: per) {
            let pass = start..<Swift.min(start + per, images.upperBound)
            let rows = pass.count * g.rowsPerImage
            let out = y + start * g.rowsPerImage * f
            if let winograd, let tiles {
                winogradConvolve(shape, x: x + start * g.h * g.w * g.c, images: pass.count, u: winograd.u, y: out, scratch: tiles, gemm: gemm)
            } else {
                let a: UnsafePointer<Float>
                if let cols { g.im2col(x, images: pass, into: cols); a = UnsafePointer(cols) } else { a = x + start * g.h * g.w * g.c }
                gemm(m: rows, n: f, k: k, a: a, lda: k, b: w, ldb: f, c: out, ldc: f)  // beta 0: writes all of `out`
            }
            epilogue(part, out, start * g.rowsPerImage, rows)
        }
    }
}

/// Backward: dx = col2im(dy · wᵀ) (written in full), dw[part] += im2col(x)ᵀ · dy and, when
/// `db` is given, db[part] += Σ_rows dy — one partial sum per part, added up by the caller.
/// `gradient(part, images)` returns the pass's dy rows: by default a slice of `dy`, but a
/// fused kernel computes them there, into its own scratch (sized from the same `parts` and
/// `imagesPerPass`, fixed by the caller once), while they are needed.
/// With `winograd` (the flipped kernel transformed by `winogradKernel`, and its tile size), dx
/// of a 3×3 stride-1 convolution is computed by Winograd instead of a GEMM and col2im.
func convolveBackwardInPasses(
    _ g: ConvGeometry, x: UnsafePointer<Float>, w: UnsafePointer<Float>, f: Int,
    dx: UnsafeMutablePointer<Float>, dw: UnsafeMutablePointer<Float>,
    db: UnsafeMutablePointer<Float>?, parts: Int, imagesPerPass per: Int,
    winograd: (u: UnsafePointer<Float>, m: Int)? = nil,
    gradient: (_ part: Int, _ images: Range<Int>) -> UnsafePointer<Float>
) {
    let k = g.k, gemm = GEMMEngine.current
    // dx = dy·wᵀ: with wᵀ copied once (k × f is small), the micro-kernel takes it untransposed.
    let wT: UnsafeMutablePointer<Float>? = winograd == nil && gemm.takes(n: k) ? .allocate(capacity: k * f) : nil
    defer { wT?.deallocate() }
    if let wT { for i in 0..<k { for j in 0..<f { wT[j * k + i] = w[i * f + j] } } }
    // With Winograd, dW is taken in the transformed domain: each part accumulates its dU over
    // its passes, the parts' dU are summed, and Gᵀ dU G makes dW once (no im2col at all).
    let duSize = 16 * g.c * f
    let dus: UnsafeMutablePointer<Float>? = winograd == nil ? nil : .allocate(capacity: parts * duSize)
    dus?.initialize(repeating: 0, count: parts * duSize)
    defer { dus?.deallocate() }
    Parallel.run(g.n, parts: parts) { part, images in
        let capacity = Swift.min(per, images.count) * g.rowsPerImage * k
        let shape = g.winogradInputGradient(f: f, m: winograd?.m ?? 2), forward = g.winogradForward(f: f, m: 2)
        let tiles = winograd == nil ? nil : WinogradScratch(shape, images: Swift.min(per, images.count))
        let kernelTiles = winograd == nil ? nil : WinogradScratch(forward, images: Swift.min(per, images.count))
        let du = dus.map { $0 + part * duSize }
        let cols = g.isPointwise || winograd != nil ? nil : UnsafeMutablePointer<Float>.allocate(capacity: capacity)
        let dcols = g.isPointwise || winograd != nil ? nil : UnsafeMutablePointer<Float>.allocate(capacity: capacity)
        defer { cols?.deallocate(); dcols?.deallocate(); tiles?.deallocate(); kernelTiles?.deallocate() }
        /// out (rows × k) = dy · wᵀ
        func product(_ dy: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
            if let wT {
                gemm(m: rows, n: k, k: f, a: dy, lda: f, b: wT, ldb: k, c: out, ldc: k)
            } else {
                gemm(transB: true, m: rows, n: k, k: f, a: dy, lda: f, b: w, ldb: f, c: out, ldc: k)
            }
        }
        for start in stride(from: images.lowerBound, to: images.upperBound, by: per) {
            let pass = start..<Swift.min(start + per, images.upperBound)
            let rows = pass.count * g.rowsPerImage
            let dyPass = gradient(part, pass)
            let dxPass = dx + start * g.h * g.w * g.c
            if let du, let kernelTiles {
                accumulateKernelGradient(forward, x: x + start * g.h * g.w * g.c, dy: dyPass, images: pass.count, du: du, scratch: kernelTiles, gemm: gemm)
            } else {
                let a: UnsafePointer<Float>
                if let cols { g.im2col(x, images: pass, into: cols); a = UnsafePointer(cols) } else { a = x + start * g.h * g.w * g.c }
                gemm(
                    transA: true, m: k, n: f, k: rows, a: a, lda: k, b: dyPass, ldb: f,
                    beta: 1, c: dw + part * k * f, ldc: f)
            }
            if let winograd, let tiles {
                winogradConvolve(shape, x: dyPass, images: pass.count, u: winograd.u, y: dxPass, scratch: tiles, gemm: gemm)
            } else if let dcols {
                product(dyPass, rows: rows, into: dcols)
                dxPass.update(repeating: 0, count: pass.count * g.h * g.w * g.c)  // zeroed in cache, then summed into
                g.col2im(dcols, images: pass, into: dx)
            } else {
                product(dyPass, rows: rows, into: dxPass)
            }
            if let db { sumRows(dyPass, rows: rows, width: f, into: db + part * f) }
        }
    }
    if let dus {
        for q in 1..<Swift.max(1, parts) { for i in 0..<duSize { dus[i] += dus[q * duSize + i] } }
        winogradKernelGradient(dus, c: g.c, f: f, into: dw)  // into part 0's dW; the others stay zero
    }
}
