// Conv2D's default forward and backward: the reference's arithmetic run in cache-sized passes
// on both cores (ConvPasses.swift), the bias added while each pass's output is in cache;
// 3×3 stride-1 convolutions by Winograd (Winograd.swift), forward and dx.
//
// Tested against: Conv2D's reference path (FastKernelTests, random shapes).

extension Conv2D {
    /// Inference uses Winograd F(4×4, 3×3); training F(2×2, 3×3), whose smaller rounding error
    /// BatchNormalization's batch statistics and the backward pass do not amplify (Winograd.swift).
    func forwardInPasses(_ x: Tensor, _ g: ConvGeometry, training: Bool) -> Tensor {
        let f = filters, b = bias?.value.scalars ?? [], w = kernel!.value.scalars
        let u = winogradKernel(w, g, f: f, flipped: false, m: training ? 2 : 4)
        let y = withBases([x.scalars, w, b, u?.u ?? []]) { p in
            uninitializedFloats(g.n * g.rowsPerImage * f) { py in
                convolveInPasses(g, x: p[0], w: p[1], f: f, y: py, parts: Parallel.parts(g.n), winograd: u.map { (p[3], $0.m) }) { _, out, _, rows in
                    if useBias { addBias(p[2], to: out, rows: rows, width: f) }
                }
            }
        }
        return Tensor(unchecked: [g.n, g.oh, g.ow, f], scalars: y)
    }

    func backwardInPasses(_ x: Tensor, _ dy: Tensor, _ g: ConvGeometry) -> Tensor {
        let f = filters
        let (dx, dw, db) = convolutionGradients(x, dy.scalars, g, parts: Parallel.parts(g.n), imagesPerPass: g.imagesPerPass) { dy, _, firstRow, _ in dy + firstRow * f }
        kernel!.accumulate(dw)
        bias?.accumulate(db)
        return Tensor(unchecked: x.shape, scalars: dx)
    }

    /// dx, dW, db for x and dy, in passes. `gradient(dy, part, firstRow, rows)` returns the
    /// pass's rows of the output gradient: `dy`'s own (above), or rows a fused kernel computes
    /// from `dy` into its scratch (`dy` may then be any array it needs, or empty).
    /// `parts` and `imagesPerPass` are fixed once by the caller, which may size scratch by them.
    func convolutionGradients(
        _ x: Tensor, _ dy: [Float], _ g: ConvGeometry, parts: Int, imagesPerPass: Int,
        gradient: (_ dy: UnsafePointer<Float>, _ part: Int, _ firstRow: Int, _ rows: Int) -> UnsafePointer<Float>
    )
        -> (dx: [Float], dw: [Float], db: [Float])
    {
        let f = filters, k = g.k
        var dw = [Float](repeating: 0, count: parts * k * f), db = [Float](repeating: 0, count: parts * f)
        let w = kernel!.value.scalars, u = winogradKernel(w, g, f: f, flipped: true, m: 2)
        let dx = withBases([x.scalars, w, dy, u?.u ?? []]) { p in
            uninitializedFloats(x.count) { pdx in
                dw.withUnsafeMutableBufferPointer { pdw in
                    db.withUnsafeMutableBufferPointer { pdb in
                        convolveBackwardInPasses(
                            g, x: p[0], w: p[1], f: f, dx: pdx, dw: pdw.baseAddress!,
                            db: useBias ? pdb.baseAddress! : nil, parts: parts, imagesPerPass: imagesPerPass,
                            winograd: u.map { (p[3], $0.m) }
                        ) { part, images in
                            gradient(p[2], part, images.lowerBound * g.rowsPerImage, images.count * g.rowsPerImage)
                        }
                    }
                }
            }
        }
        return (dx, sumParts(dw, parts: parts, size: k * f), sumParts(db, parts: parts, size: f))
    }
}
