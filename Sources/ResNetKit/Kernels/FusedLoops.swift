// The element-wise loops of the fused kernels (FusedConvBN.swift), each one sweep over a
// (rows × width) block, width = channels innermost. Branch-free selects and unconditional
// loads, so LLVM vectorises them (see DESIGN.md: a branchy ReLU backward was 20× slower).
// The optional pointers are tested once per call, outside the loops.

/// out = relu?(out + bias [+ residual]): the inference epilogue, on a pass still in cache.
@inline(__always)
func biasResidualReLU(_ out: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, residual: UnsafePointer<Float>?,
                      relu: Bool, rows: Int, width f: Int) {
    for r in 0..<rows {
        let o = out + r * f
        if let residual {
            let res = residual + r * f
            if relu { for j in 0..<f { o[j] = Swift.max(o[j] + bias[j] + res[j], 0) } }
            else { for j in 0..<f { o[j] = o[j] + bias[j] + res[j] } }
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
func scaleShiftResidualReLU(_ z: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, scale: UnsafePointer<Float>,
                            shift: UnsafePointer<Float>, residual: UnsafePointer<Float>?, relu: Bool, rows: Int, width f: Int) {
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
/// written out when `d` is given (the residual's gradient).
@inline(__always)
func maskedGradientSums(dy: UnsafePointer<Float>, y: UnsafePointer<Float>?, z: UnsafePointer<Float>,
                        d: UnsafeMutablePointer<Float>?, rows: Int, width f: Int, into sums: UnsafeMutablePointer<Double>) {
    let sumDZ = sums + f
    for r in 0..<rows {
        let o = r * f
        if let y {
            for j in 0..<f {
                let g = dy[o + j], v = y[o + j] > 0 ? g : 0
                sums[j] += Double(v); sumDZ[j] += Double(v) * Double(z[o + j])
                d?[o + j] = v
            }
        } else {
            for j in 0..<f {
                let v = dy[o + j]
                sums[j] += Double(v); sumDZ[j] += Double(v) * Double(z[o + j])
                d?[o + j] = v
            }
        }
    }
}

/// out = a·d + c + k·z per channel, with d = g·[y > 0] (or g when `y` is nil): BN's backward.
@inline(__always)
func batchNormGradient(d g: UnsafePointer<Float>, y: UnsafePointer<Float>?, z: UnsafePointer<Float>,
                       a: UnsafePointer<Float>, c: UnsafePointer<Float>, k: UnsafePointer<Float>,
                       into out: UnsafeMutablePointer<Float>, rows: Int, width f: Int) {
    for r in 0..<rows {
        let o = r * f
        if let y {
            for j in 0..<f { let gj = g[o + j], d = y[o + j] > 0 ? gj : 0; out[o + j] = a[j] * d + c[j] + k[j] * z[o + j] }
        } else {
            for j in 0..<f { out[o + j] = a[j] * g[o + j] + c[j] + k[j] * z[o + j] }
        }
    }
}
