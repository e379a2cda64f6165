// Exercise 6 · the convolutional block (lesson 6)
import ResNetKit

/// Seed 002's convolutional block (`con_block`): the bottleneck of exercise 5 for when the
/// shape changes, so the shortcut needs a projection.
///
/// **Task.**
///
///     x ─ Conv2D 1×1 valid, stride s ─ BN ─ ReLU ─ Conv2D f×f same ─ BN ─ ReLU ─ Conv2D 1×1 valid ─ BN ─(+)─ ReLU
///     └──────────────── Conv2D F3 1×1 valid, stride s ─ BN ────────────────────────────────────────┘
///
/// Which convolution of the main path carries the stride matters: the seed puts it on the
/// first 1×1. Every convolution has a bias; BatchNormalization with Keras's defaults.
///
/// **Names.** As in exercise 5, plus the shortcut: `res{stage}{block}_branch1` and
/// `bn{stage}{block}_branch1` (stage 3, block "a" → `res3a_branch1`, `bn3a_branch1`).
///
/// **Shapes.** (N, H, W, C) → (N, ⌈H/s⌉, ⌈W/s⌉, F3), any C.
///
/// **Where to look.** Lesson 6; `ResidualBlock(main:shortcut:post:name:)`, `Conv2D(…, strides:)`.
/// ResNetKit's own `convolutionalBlock` is the answer — don't call it.
///
/// ```swift
/// let block = try makeConvolutionalBlock(kernelSize: 3, filters: [4, 4, 8], stage: 3, block: "a", strides: 2)
/// let y = try block.forward(x, training: true)   // x: [2, 8, 8, 6] → y: [2, 4, 4, 8]
/// ```
///
/// Check it: `resnet-lab check 6` (or `swift test --filter Exercise06`).
public func makeConvolutionalBlock(
    kernelSize f: Int, filters: [Int], stage: Int, block: String,
    strides s: Int = 2
) throws -> Layer {
    throw ExerciseError.notAttempted(file: #fileID)
}
