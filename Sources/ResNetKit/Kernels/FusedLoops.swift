// The element-wise loops of the fused kernels (FusedConvBN.swift), each one sweep over a
// (rows × width) block, width = channels innermost. Branch-free selects and unconditional
// loads, so LLVM vectorises them (see DESIGN.md: a branchy ReLU backward was 20× slower).
// The optional pointers are tested once per call, outside the loops.

/// out = relu?(out + bias [+ residual]): the inference epilogue, on a pass still in cache.
@inline(__always)
func biasResidualReLU(
    _ out: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, residual: UnsafePointer<Float>?,
    relu: Bool, rows: Int, width f: Int
) {
    for r in 0..<rows {
        let o = out + r * f
        if let residual {
            let res = residual + r * f
            if relu { for j in 0..<f { o[j] = Swift.max(o[j] + bias[j] + res[j], 0) } } else { for j in 0..<f { o[j] = o[j] + bias[j] + res[j] } }
        } else if relu {
            for j in 0..<f { o[j] = Swift.max(o[j] + bias[j], 0) }
        } else {
            for j in 0..<f { o[j] += bias[j] }
        }
    }
}

/// sums[j] += Σ_r z[r, j], sums[f + j] += Σ_r z[r, j]²: BatchNormalization's moments, in Double.
@inline(__always)
func accumulateMoments(_ z: UnsafePointer<Float>, rows: Int, width f: Int, into sums: UnsafeMutablePointer<Double>) {
    let squares = sums + f
    for r in 0..<rows {
        let zr = z + r * f
        for j in 0..<f { let v = Double(zr[j]); sums[j] += v; squares[j] += v * v }
    }
}

/// y = relu?(z·scale + shift [+ residual]): BN-apply, the residual Add and ReLU in one sweep.
@inline(__always)
func scaleShiftResidualReLU(
    _ z: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, scale: UnsafePointer<Float>,
    shift: UnsafePointer<Float>, residual: UnsafePointer<Float>?, relu: Bool, rows: Int, width f: Int
) {
    let floor: Float = relu ? 0 : -.infinity
    for r in 0..<rows {
        let zr = z + r * f, yr = y + r * f
        if let residual {
            let res = residual + r * f
            for j in 0..<f { yr[j] = Swift.max(zr[j] * scale[j] + shift[j] + res[j], floor) }
        } else {
            for j in 0..<f { yr[j] = Swift.max(zr[j] * scale[j] + shift[j], floor) }
        }
    }
}

/// With d = dy·[y > 0] (or dy when `y` is nil): sums[j] += Σd, sums[f + j] += Σd·z, and d
/// written out when `d` is given (the residual's gradient). Blocks of 32 rows are summed in
/// Float registers (vectorised), then added into the Double totals: the blocks keep the
/// Float rounding as small as the reference's all-Double sum within the tests' 1e-4.
@inline(__always)
func maskedGradientSums(
    dy: UnsafePointer<Float>, y: UnsafePointer<Float>?, z: UnsafePointer<Float>,
    d: UnsafeMutablePointer<Float>?, rows: Int, width f: Int, into sums: UnsafeMutablePointer<Double>
) {
    let block = UnsafeMutablePointer<Float>.allocate(capacity: 2 * f)
    defer { block.deallocate() }
    let bs = block, bq = block + f
    var r0 = 0
    while r0 < rows {
        let r1 = Swift.min(r0 + 32, rows)
        bs.update(repeating: 0, count: 2 * f)
        for r in r0..<r1 {
            let o = r * f
            var j = 0
            while j + 16 <= f {  // 16-channel SIMD lanes: the scalar loop did not vectorise
                typealias V = SIMD16<Float>
                var v = V.load(dy + o + j)
                if let y { v.replace(with: 0, where: V.load(y + o + j) .<= 0) }
                if let d { v.store(d + o + j) }
                (V.load(bs + j) + v).store(bs + j)
                (V.load(bq + j) + v * V.load(z + o + j)).store(bq + j)
                j += 16
            }
            while j < f {
                let g = dy[o + j], v = y.map { $0[o + j] > 0 ? g : 0 } ?? g
                d?[o + j] = v
                bs[j] += v; bq[j] += v * z[o + j]
                j += 1
            }
        }
        for j in 0..<f { sums[j] += Double(bs[j]); sums[f + j] += Double(bq[j]) }
        r0 = r1
    }
}

/// out = a·d + c + k·z per channel, with d = g·[y > 0] (or g when `y` is nil): BN's backward.
/// Written on 16-channel SIMD lanes: LLVM left the plain loop scalar (it cannot prove `out`
/// does not overlap the five inputs), and it was 7 % of a training step.
@inline(__always)
func batchNormGradient(
    d g: UnsafePointer<Float>, y: UnsafePointer<Float>?, z: UnsafePointer<Float>,
    a: UnsafePointer<Float>, c: UnsafePointer<Float>, k: UnsafePointer<Float>,
    into out: UnsafeMutablePointer<Float>, rows: Int, width f: Int
) {
    typealias V = SIMD16<Float>
    for r in 0..<rows {
        let o = r * f
        var j = 0
        while j + 16 <= f {
            var d = V.load(g + o + j)
            if let y { d.replace(with: 0, where: V.load(y + o + j) .<= 0) }
            let v = V.load(a + j) * d + V.load(c + j) + V.load(k + j) * V.load(z + o + j)
            v.store(out + o + j)
            j += 16
        }
        while j < f {
            let gj = g[o + j], d = y.map { $0[o + j] > 0 ? gj : 0 } ?? gj
            out[o + j] = a[j] * d + c[j] + k[j] * z[o + j]
            j += 1
        }
    }
}
