// Conv2D → BatchNormalization → ReLU (optionally with a residual added before the ReLU), as
// one unit: the `resnet_layer` of the seeds and the end of every residual unit.
//
// inference (BN folded):  y = relu( conv(x, W·s) + t  [+ r] )   (Winograd F(4×4, 3×3) or im2col)
//                         s = γ/√(σ²_moving + ε),  t = β + (b − μ_moving)·s
//                         one GEMM per pass, then bias, residual and ReLU while it is in cache
// training forward:       z = im2col(x)·W + b, with Σz and Σz² per channel gathered right
//                         after each pass's GEMM; then one sweep y = relu(z·s + t [+ r])
//                         with s, t from the batch statistics (moving ones updated as BN does)
// training backward:      d = dy·[y > 0]; one sweep for Σd and Σd·z (and d itself when the
//                         residual needs it); then dz = a·d + c + k·z (BN's backward, as in
//                         BatchNormalization.swift) is computed pass by pass inside the
//                         convolution's backward, in cache, never stored whole
//
// Tested against: the same layers run one by one through their reference paths
// (FastKernelTests: values, every parameter gradient, moving statistics; inference and
// training; with and without the residual).
// Gained (`resnet-bench model --compare unfused`, CPU time per step, ResNet-20 batch 128, on
// a loaded machine): inference 1.13–1.15× (BN folded, bias + residual + ReLU in the GEMM's
// epilogue); the training step 0.99–1.04×, i.e. nothing measurable: once the element-wise
// passes ran vectorised (AVX-512), BN, ReLU and Add were a few percent of the step, and the
// fused sweeps were only worth having after being written on SIMD lanes (FusedLoops.swift).

/// A Conv2D, the BatchNormalization after it, and whether a ReLU follows.
final class ConvBNUnit {
    let conv: Conv2D
    let bn: BatchNormalization
    let relu: Bool
    private var cache: (x: Tensor, z: [Float], y: [Float], mean: [Float], invStd: [Float], g: ConvGeometry)?
    /// The folded inference kernel (W·s, t, and its Winograd transform), kept until a
    /// parameter changes: at batch 32 recomputing it was a visible share of a forward pass.
    private var folded: (key: [Int], w: [Float], t: [Float], u: WinogradKernel?)?

    init(conv: Conv2D, bn: BatchNormalization, relu: Bool) {
        (self.conv, self.bn, self.relu) = (conv, bn, relu)
    }

    /// y = relu(bn(conv(x)) + residual). Inference folds BN into the convolution.
    func forward(_ x: Tensor, residual: Tensor?, training: Bool) throws -> Tensor {
        try conv.build(inputShape: x.shape)
        try conv.expectNonEmpty(x)
        let g = try conv.geometry(x.shape)
        let outShape = [g.n, g.oh, g.ow, conv.filters]
        try bn.build(inputShape: outShape)
        if let residual, residual.shape != outShape {
            throw ResNetError.shape("Add", "expected inputs of the same shape, received \(describe(outShape)) and \(describe(residual.shape))")
        }
        return training ? trainingForward(x, residual, g, outShape) : inferenceForward(x, residual, g, outShape)
    }

    private func inferenceForward(_ x: Tensor, _ residual: Tensor?, _ g: ConvGeometry, _ shape: [Int]) -> Tensor {
        cache = nil
        let f = conv.filters
        let key = (conv.parameters + bn.parameters).map(\.version) + [g.isWinograd ? 1 : 0]
        if folded?.key != key {
            let (mean, invStd) = bn.movingStatistics()
            let gamma = bn.gamma!.value.scalars, beta = bn.beta!.value.scalars, b = conv.bias?.value.scalars
            let s = (0..<f).map { gamma[$0] * invStd[$0] }
            let t = (0..<f).map { beta[$0] + ((b?[$0] ?? 0) - mean[$0]) * s[$0] }
            var w = conv.kernel!.value.scalars  // W·s: scale each output column
            for i in 0..<(w.count / f) { for j in 0..<f { w[i * f + j] *= s[j] } }
            folded = (key, w, t, winogradKernel(w, g, f: f, flipped: false, m: 4))
        }
        let (w, t, u) = (folded!.w, folded!.t, folded!.u)
        let relu = self.relu, hasResidual = residual != nil
        let y = withBases([x.scalars, w, t, residual?.scalars ?? [], u?.u ?? []]) { p in
            uninitializedFloats(g.n * g.rowsPerImage * f) { py in
                convolveInPasses(g, x: p[0], w: p[1], f: f, y: py, parts: Parallel.parts(g.n), winograd: u.map { (p[4], $0.m) }) { _, out, first, rows in
                    biasResidualReLU(out, bias: p[2], residual: hasResidual ? p[3] + first * f : nil, relu: relu, rows: rows, width: f)
                }
            }
        }
        return Tensor(unchecked: shape, scalars: y)
    }

    private func trainingForward(_ x: Tensor, _ residual: Tensor?, _ g: ConvGeometry, _ shape: [Int]) -> Tensor {
        let f = conv.filters, parts = Parallel.parts(g.n), useBias = conv.useBias
        var partial = [Double](repeating: 0, count: parts * 2 * f)  // Σz, Σz² per part
        let w = conv.kernel!.value.scalars, u = winogradKernel(w, g, f: f, flipped: false, m: 2)
        let z = withBases([x.scalars, w, conv.bias?.value.scalars ?? [], u?.u ?? []]) { p in
            uninitializedFloats(g.n * g.rowsPerImage * f) { pz in
                partial.withUnsafeMutableBufferPointer { pp in
                    let pp = pp.baseAddress!
                    convolveInPasses(g, x: p[0], w: p[1], f: f, y: pz, parts: parts, winograd: u.map { (p[3], $0.m) }) { part, out, _, rows in
                        if useBias { addBias(p[2], to: out, rows: rows, width: f) }
                        accumulateMoments(out, rows: rows, width: f, into: pp + part * 2 * f)
                    }
                }
            }
        }
        let (mean, invStd) = bn.useBatchStatistics(moments(partial, parts: parts, channels: f, rows: g.n * g.rowsPerImage))
        let gamma = bn.gamma!.value.scalars, beta = bn.beta!.value.scalars
        let s = (0..<f).map { gamma[$0] * invStd[$0] }
        let t = (0..<f).map { beta[$0] - mean[$0] * s[$0] }
        let relu = self.relu, hasResidual = residual != nil, m = g.n * g.rowsPerImage
        let y = withBases([z, s, t, residual?.scalars ?? []]) { p in
            filled(m * f, items: m, minChunk: 2048) { rows, out in
                let o = out + rows.lowerBound * f, zr = p[0] + rows.lowerBound * f
                scaleShiftResidualReLU(
                    zr, into: o, scale: p[1], shift: p[2],
                    residual: hasResidual ? p[3] + rows.lowerBound * f : nil, relu: relu, rows: rows.count, width: f)
            }
        }
        cache = (x, z, y, mean, invStd, g)
        return Tensor(unchecked: shape, scalars: y)
    }

    /// dL/dx for the last training forward; accumulates W, b, γ, β gradients. With
    /// `residualGradient`, also returns dL/d(residual) = dy·[y > 0].
    func backward(_ dy: Tensor, residualGradient: Bool) throws -> (dx: Tensor, dResidual: Tensor?) {
        guard let (x, z, y, mean, invStd, g) = cache else { throw conv.noForwardError() }
        let f = conv.filters, m = g.n * g.rowsPerImage
        try bn.expectGradient(dy, shape: [g.n, g.oh, g.ow, f])
        let relu = self.relu
        // Sweep 1: Σd and Σd·z per channel (Double partials), and d itself if the shortcut needs it.
        let parts = Parallel.parts(m, minChunk: 2048)
        var partial = [Double](repeating: 0, count: parts * 2 * f)
        var d: [Float] = []
        withBases([dy.scalars, y, z]) { p in
            partial.withUnsafeMutableBufferPointer { pp in
                let pp = pp.baseAddress!
                let sweep = { (part: Int, rows: Range<Int>, dOut: UnsafeMutablePointer<Float>?) in
                    let o = rows.lowerBound * f
                    maskedGradientSums(
                        dy: p[0] + o, y: relu ? p[1] + o : nil, z: p[2] + o, d: dOut.map { $0 + o },
                        rows: rows.count, width: f, into: pp + part * 2 * f)
                }
                if residualGradient {
                    d = uninitializedFloats(m * f) { pd in Parallel.run(m, parts: parts) { sweep($0, $1, pd) } }
                } else {
                    Parallel.run(m, parts: parts) { sweep($0, $1, nil) }
                }
            }
        }
        var sumD = [Double](repeating: 0, count: f), sumDZ = sumD
        for q in 0..<parts { for j in 0..<f { sumD[j] += partial[q * 2 * f + j]; sumDZ[j] += partial[q * 2 * f + f + j] } }
        let dGamma = (0..<f).map { (sumDZ[$0] - Double(mean[$0]) * sumD[$0]) * Double(invStd[$0]) }
        bn.gamma!.accumulate(dGamma.map(Float.init))
        bn.beta!.accumulate(sumD.map(Float.init))
        // dz = a·d + c + k·z per channel: BatchNormalization's backward, coefficients as there.
        let gamma = bn.gamma!.value.scalars, fm = Double(m)
        let a = (0..<f).map { gamma[$0] * invStd[$0] }
        let k = (0..<f).map { Float(-Double(gamma[$0]) * Double(invStd[$0]) * Double(invStd[$0]) * dGamma[$0] / fm) }
        let c = (0..<f).map { Float(-Double(a[$0]) * sumD[$0] / fm) - k[$0] * mean[$0] }
        // Sweep 2 happens inside the convolution's backward, one pass at a time, into scratch.
        let (passes, per) = (Parallel.parts(g.n), g.imagesPerPass)  // fixed once, for the scratch and the passes
        let perPass = Swift.min(per, g.n) * g.rowsPerImage * f
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: passes * perPass)
        defer { scratch.deallocate() }
        let source = residualGradient ? d : dy.scalars
        let (dx, dw, db) = withBases([source, y, z, a, c, k]) { p in
            conv.convolutionGradients(x, [], g, parts: passes, imagesPerPass: per) { _, part, first, rows in
                let o = first * f, out = scratch + part * perPass
                batchNormGradient(
                    d: p[0] + o, y: relu && !residualGradient ? p[1] + o : nil, z: p[2] + o,
                    a: p[3], c: p[4], k: p[5], into: out, rows: rows, width: f)
                return UnsafePointer(out)
            }
        }
        conv.kernel!.accumulate(dw)
        conv.bias?.accumulate(db)
        return (Tensor(unchecked: x.shape, scalars: dx), residualGradient ? Tensor(unchecked: dy.shape, scalars: d) : nil)
    }
}

/// Mean and biased variance per channel from per-part (Σz, Σz²) partials.
private func moments(_ partial: [Double], parts: Int, channels c: Int, rows m: Int) -> (mean: [Double], variance: [Double]) {
    var mean = [Double](repeating: 0, count: c), variance = mean
    for j in 0..<c {
        var s = 0.0, q = 0.0
        for p in 0..<parts { s += partial[p * 2 * c + j]; q += partial[p * 2 * c + c + j] }
        mean[j] = s / Double(m)
        variance[j] = Swift.max(q / Double(m) - mean[j] * mean[j], 0)
    }
    return (mean, variance)
}
