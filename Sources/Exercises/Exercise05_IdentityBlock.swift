// Exercise 5 · the identity block (lesson 5)
import ResNetKit

/// Seed 002's identity block (`index_block`), built from ResNetKit's layers.
///
/// **Task.** A 1×1 → f×f → 1×1 bottleneck whose output is added to the block's unchanged
/// input, then a ReLU:
///
///     x ─ Conv2D 1×1 valid ─ BN ─ ReLU ─ Conv2D f×f same ─ BN ─ ReLU ─ Conv2D 1×1 valid ─ BN ─(+)─ ReLU
///     └──────────────────────────────── identity shortcut ─────────────────────────────────┘
///
/// Filters [F1, F2, F3] for the three convolutions (each with a bias, strides 1);
/// BatchNormalization with Keras's defaults.
///
/// **Names.** The check loads Keras's weights by layer name, as the seed names them:
/// convolutions `res{stage}{block}_branch2a`, `…2b`, `…2c`; their BNs `bn{stage}{block}_branch2a`, …
/// (stage 2, block "b" → `res2b_branch2a`, `bn2b_branch2a`, …).
///
/// **Shapes.** (N, H, W, F3) → (N, H, W, F3): the input must already have F3 channels.
///
/// **Where to look.** Lesson 5; `ResidualBlock(main:shortcut:post:name:)` in
/// Sources/ResNetKit/Blocks/ResidualBlock.swift (an empty shortcut is the identity), `Conv2D`,
/// `BatchNormalization`, `Activation`. ResNetKit's own `identityBlock` is the answer — don't call it.
///
/// ```swift
/// let block = try makeIdentityBlock(kernelSize: 3, filters: [4, 4, 8], stage: 2, block: "b")
/// let y = try block.forward(x, training: true)   // x: [2, 6, 6, 8] → y: [2, 6, 6, 8]
/// ```
///
/// Check it: `resnet-lab check 5` (or `swift test --filter Exercise05`).
public func makeIdentityBlock(kernelSize f: Int, filters: [Int], stage: Int, block: String) throws -> Layer {
    throw ExerciseError.notAttempted(file: #fileID)
}
