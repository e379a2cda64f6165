// The switch between the engine's fast kernels and the plain reference paths.

/// Whether layers run their fast kernels (Kernels/: convolution in cache-sized passes,
/// BatchNormalization folded into the convolution for inference, fused Conv→BN→ReLU(+Add)
/// in training) or the short reference code a learner reads in Layers/. On by default;
/// tests turn it off to compare the two. It is a task-local value, like the session's other
/// settings, so turning it off in one task never changes another.
///
/// ```swift
/// let reference = try FastPaths.$enabled.withValue(false) { try model(x) }
/// ```
public enum FastPaths {
    @TaskLocal public static var enabled = true
    /// Only the fused Conv→BN→ReLU(+Add) units and folded inference; with it off (and
    /// `enabled` on) every layer runs alone on its own fast kernel, so the two measure what
    /// fusion gains (`resnet-bench model --compare unfused`).
    @TaskLocal public static var fusion = true

    /// Winograd F(2×2, 3×3) for 3×3 stride-1 convolutions (forward and input gradient);
    /// off, they run as im2col + GEMM in passes (`resnet-bench model --compare im2col`).
    @TaskLocal public static var winograd = true

    /// The engine's own AVX-512 micro-kernel (MicroGEMM.swift) for the convolutions' matrix
    /// products; off, they run on OpenBLAS's `cblas_sgemm` (`resnet-bench model --compare blas`).
    @TaskLocal public static var microGEMM = true

    /// Whether fused units run now.
    static var fusing: Bool { enabled && fusion }
}
