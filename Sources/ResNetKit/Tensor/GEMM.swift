// Matrix multiply through OpenBLAS's cblas_sgemm: the one place the engine spends most of
// its time. Layers call `sgemm` on raw pointers (row-major, no copies); users call `matmul`.

import COpenBLAS

/// C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, all row-major.
/// `lda`, `ldb`, `ldc` are the row strides of A, B and C as stored.
@inline(__always)
func sgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    guard m > 0, n > 0 else { return }
    if k == 0 {  // BLAS leaves C untouched when k = 0 only if beta = 1; make it explicit.
        for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : c[i * ldc + j] * beta } }
        return
    }
    cblas_sgemm(
        CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// The number of threads OpenBLAS uses for one GEMM.
///
/// The engine splits batches across both cores itself (see `Parallel`), so by default each
/// of those chunks calls a single-threaded GEMM; the benchmark measures both arrangements.
///
/// ```swift
/// BLAS.threads = 2
/// ```
public enum BLAS {
    /// OpenBLAS's kernel family for our GEMMs ("Cooperlake" on this AVX-512 CPU; see BLASKernels).
    public static var kernels: String { BLASKernels.corename }
    /// Whether OPENBLAS_CORETYPE keeps OpenBLAS on AVX2 kernels although the CPU has AVX-512.
    public static var kernelsHeldBack: Bool { BLASKernels.heldBack }

    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(Swift.max(1, newValue))) }
    }
}

extension Tensor {
    /// Matrix product of two rank-2 tensors, optionally transposing either: `[m, k] × [k, n]`.
    ///
    /// ```swift
    /// let y = try matmul(x, w)                       // [N, D] × [D, units]
    /// let dw = try matmul(x, dy, transposeA: true)   // [D, N] × [N, units]
    /// ```
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) throws -> Tensor {
        guard a.rank == 2, b.rank == 2 else {
            throw ResNetError(.shapeMismatch, "matmul: expected two 2-D tensors, received shapes \(describe(a.shape)) and \(describe(b.shape))")
        }
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == k2 else {
            throw ResNetError(
                .shapeMismatch,
                "matmul: inner dimensions differ: \(describe(a.shape))\(transposeA ? "ᵀ" : "") × \(describe(b.shape))\(transposeB ? "ᵀ" : "") (\(k) vs \(k2))")
        }
        var out = [Float](repeating: 0, count: m * n)
        if m == 0 || n == 0 || k == 0 { return Tensor(unchecked: [m, n], scalars: out) }
        withBases([a.scalars, b.scalars]) { p in
            out.withUnsafeMutableBufferPointer { po in
                sgemm(
                    transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                    a: p[0], lda: a.shape[1], b: p[1], ldb: b.shape[1], c: po.baseAddress!, ldc: n)
            }
        }
        return Tensor(unchecked: [m, n], scalars: out)
    }

    /// The transpose of a rank-2 tensor. `try w.transposed()`
    public func transposed() throws -> Tensor {
        guard rank == 2 else {
            throw ResNetError(.shapeMismatch, "transposed: expected a 2-D tensor, received shape \(describe(shape))")
        }
        let (r, c) = (shape[0], shape[1])
        var out = [Float](repeating: 0, count: count)
        for i in 0..<r { for j in 0..<c { out[j * r + i] = scalars[i * c + j] } }
        return Tensor(unchecked: [c, r], scalars: out)
    }
}

/// `matmul(a, b)` as a free function, as in the exercises and the REPL.
///
/// ```swift
/// let logits = try matmul(features, kernel)
/// ```
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) throws -> Tensor {
    try Tensor.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
}
