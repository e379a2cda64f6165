// The engine's own GEMM micro-kernel (Sources/ResNetKit/Kernels/MicroGEMM.swift) against
// OpenBLAS's cblas_sgemm, on random shapes: rows not a multiple of any tile (16, 8, 6, 4),
// any k, n up to 160 columns (16-column multiples: what the kernel takes), A plain or
// transposed, with row strides wider than the matrices, C overwritten or accumulated into.
//
// Largest relative error seen (max |micro − BLAS| / max |BLAS| per product), Swift 6.3.1 on
// x86-64 (AVX-512), OpenBLAS 0.3.21: 1.1e-6 over 300 products (bound asserted: 1e-5). The two
// sum the same products in different orders; k reaches 600 here.

import Testing
@testable import ResNetKit

struct MicroGEMMTests {
    @Test func microGEMMMatchesBLAS() {
        var rng = SeededGenerator(seed: 23)
        var worst: Float = 0
        for trial in 0..<300 {
            let transA = trial % 2 == 1, accumulate = trial % 3 == 2
            let m = Int.random(in: 1...(trial < 100 ? 40 : 300), using: &rng)
            let n = 16 * Int.random(in: 1...10, using: &rng), k = Int.random(in: 1...(trial < 150 ? 70 : 600), using: &rng)
            let (rowsA, columnsA) = transA ? (k, m) : (m, k)
            let lda = columnsA + Int.random(in: 0...3, using: &rng), ldb = n + 16 * Int.random(in: 0...1, using: &rng), ldc = n + Int.random(in: 0...5, using: &rng)
            let a = (0..<(rowsA * lda)).map { _ in Float.random(in: -1...1, using: &rng) }
            let b = (0..<(k * ldb)).map { _ in Float.random(in: -1...1, using: &rng) }
            let c0 = (0..<(m * ldc)).map { _ in Float.random(in: -1...1, using: &rng) }
            var micro = c0, blas = c0
            withBases([a, b]) { p in
                micro.withUnsafeMutableBufferPointer { c in
                    microGEMM(transA: transA, m: m, n: n, k: k, a: p[0], lda: lda, b: p[1], ldb: ldb, accumulate: accumulate, c: c.baseAddress!, ldc: ldc)
                }
                blas.withUnsafeMutableBufferPointer { c in
                    sgemm(transA: transA, m: m, n: n, k: k, a: p[0], lda: lda, b: p[1], ldb: ldb, beta: accumulate ? 1 : 0, c: c.baseAddress!, ldc: ldc)
                }
            }
            // Only the m × n block may change: the padding of each C row keeps its values.
            for i in 0..<m {
                for j in n..<ldc where micro[i * ldc + j] != c0[i * ldc + j] {
                    Issue.record("trial \(trial): C[\(i), \(j)] beyond n was written")
                }
            }
            let e = relativeError(micro, blas)
            worst = max(worst, e)
            let label = "trial \(trial): \(transA ? "Aᵀ" : "A") m \(m) n \(n) k \(k) accumulate \(accumulate)"
            #expect(e <= 1e-5, "\(label): relative error \(e)")
        }
        print("micro-kernel vs cblas_sgemm, largest relative error: \(worst)")
    }

    /// The convolution's products fall back to OpenBLAS where the micro-kernel does not take
    /// them (n not a multiple of 16, B transposed, beta other than 0 or 1).
    @Test func engineFallsBackToBLAS() {
        #expect(!GEMMEngine.micro.takes(n: 27))
        #expect(GEMMEngine.micro.takes(n: 144))
        #expect(!GEMMEngine.blas.takes(n: 16))
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [1, 0, 0, 1, 1, 1]  // A 2×3, B 3×2 stored as Bᵀ (2×3)
        var c = [Float](repeating: 9, count: 4)
        withBases([a, b]) { p in
            c.withUnsafeMutableBufferPointer { pc in
                GEMMEngine.micro(transB: true, m: 2, n: 2, k: 3, a: p[0], lda: 3, b: p[1], ldb: 3, c: pc.baseAddress!, ldc: 2)
            }
        }
        let expected: [Float] = [1, 6, 4, 15]  // row i of A times each row of the stored Bᵀ
        #expect(c == expected)
    }
}
