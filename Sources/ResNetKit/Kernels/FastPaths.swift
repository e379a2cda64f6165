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
}
