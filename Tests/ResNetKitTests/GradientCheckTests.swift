// Every layer's backward pass against central differences (see Layers/GradientCheck.swift).
//
// Bound: max relative error |a − n| / max(|a|, |n|, 1e-2) ≤ 1e-2 over up to 40 sampled
// entries of the input and of each trainable parameter, with step h = 1e-2 in float32 and
// the loss summed in Double. Correct layers land near 1e-4; a wrong backward lands far above.

import Testing
@testable import ResNetKit

/// Inputs at ±0.015, ±0.045, … (a shuffled ramp with spacing 0.03): no perturbation of
/// ±h = 0.01 crosses a ReLU kink at 0 or changes which element a max-pool window picks.
func kinkFreeInput(_ shape: [Int], seed: UInt64) throws -> Tensor {
    let n = shape.reduce(1, *)
    var values = (0..<n).map { Float($0 - n / 2) * 0.03 + 0.015 }
    var rng = SeededGenerator(seed: seed)
    values.shuffle(using: &rng)
    return try Tensor(shape: shape, scalars: values)
}

struct GradientCase: CustomTestStringConvertible, Sendable {
    let name: String
    let inputShape: [Int]
    let training: Bool
    let make: @Sendable () throws -> Layer
    var testDescription: String { name }
}

let gradientCases: [GradientCase] = [
    .init(name: "Conv2D 3×3 same s1", inputShape: [2, 5, 5, 3], training: true) {
        try Conv2D(filters: 4, kernelSize: 3, padding: .same, kernelInitializer: .glorotUniform(seed: 1))
    },
    .init(name: "Conv2D 3×3 same s2 (even)", inputShape: [2, 6, 6, 2], training: true) {
        try Conv2D(filters: 3, kernelSize: 3, strides: 2, padding: .same, kernelInitializer: .glorotUniform(seed: 1))
    },
    .init(name: "Conv2D 1×1 s1 (no im2col)", inputShape: [2, 4, 4, 3], training: true) { try Conv2D(filters: 5, kernelSize: 1, kernelInitializer: .glorotUniform(seed: 1)) },
    .init(name: "Conv2D 1×1 s2 no bias", inputShape: [2, 5, 5, 3], training: true) {
        try Conv2D(filters: 2, kernelSize: 1, strides: 2, useBias: false, kernelInitializer: .glorotUniform(seed: 1))
    },
    .init(name: "Conv2D 7×7 s2 valid", inputShape: [1, 11, 11, 2], training: true) {
        try Conv2D(filters: 2, kernelSize: 7, strides: 2, kernelInitializer: .glorotUniform(seed: 1))
    },
    .init(name: "Conv2D [1, 3] s[2, 1]", inputShape: [2, 5, 6, 2], training: true) {
        try Conv2D(filters: 2, kernelSize: [1, 3], strides: [2, 1], padding: .same, kernelInitializer: .glorotUniform(seed: 1))
    },
    .init(name: "BatchNormalization training", inputShape: [3, 3, 3, 4], training: true) { try BatchNormalization() },
    .init(name: "BatchNormalization inference", inputShape: [3, 3, 3, 4], training: false) { try BatchNormalization() },
    .init(name: "BatchNormalization 2-D", inputShape: [16, 5], training: true) { try BatchNormalization(epsilon: 1e-5) },
    .init(name: "Dense linear", inputShape: [3, 7], training: true) { try Dense(units: 4, kernelInitializer: .glorotUniform(seed: 1)) },
    .init(name: "Dense softmax", inputShape: [3, 7], training: true) { try Dense(units: 5, activation: .softmax, kernelInitializer: .glorotUniform(seed: 1)) },
    .init(name: "Dense no bias, rank 3", inputShape: [2, 3, 4], training: true) { try Dense(units: 2, useBias: false, kernelInitializer: .glorotUniform(seed: 1)) },
    .init(name: "Activation relu", inputShape: [2, 3, 3, 2], training: true) { Activation(.relu) },
    .init(name: "Activation sigmoid", inputShape: [2, 3, 3, 2], training: true) { Activation(.sigmoid) },
    .init(name: "Activation tanh", inputShape: [2, 3, 3, 2], training: true) { Activation(.tanh) },
    .init(name: "Activation softmax", inputShape: [2, 3, 3, 4], training: true) { Activation(.softmax) },
    .init(name: "MaxPooling2D 3×3 s2 valid", inputShape: [2, 7, 7, 2], training: true) { try MaxPooling2D(poolSize: 3, strides: 2) },
    .init(name: "MaxPooling2D 3×3 s2 same", inputShape: [2, 6, 6, 2], training: true) { try MaxPooling2D(poolSize: 3, strides: 2, padding: .same) },
    .init(name: "AveragePooling2D 2×2", inputShape: [2, 6, 6, 2], training: true) { try AveragePooling2D(poolSize: 2) },
    .init(name: "AveragePooling2D 3×3 s2 same", inputShape: [2, 6, 6, 2], training: true) { try AveragePooling2D(poolSize: 3, strides: 2, padding: .same) },
    .init(name: "GlobalAveragePooling2D", inputShape: [2, 3, 4, 3], training: true) { GlobalAveragePooling2D() },
    .init(name: "Flatten", inputShape: [2, 3, 2, 2], training: true) { Flatten() },
    .init(name: "ZeroPaddingShortcut (option A)", inputShape: [2, 5, 5, 2], training: true) { try ZeroPaddingShortcut(strides: 2, filters: 5) },
    // Residual blocks: ResidualBlock's backward (dx = dx_main + dx_shortcut) through a main
    // path and an identity or projection shortcut. The activations are smooth here: with
    // ReLUs inside, a step of ±h crosses some hidden unit's corner for many entries and
    // central differences stop meaning anything; the seeds' ReLU blocks are checked against
    // Keras's gradients instead (KerasBlockTests).
    .init(name: "residual block, identity shortcut (BN training, tanh)", inputShape: [2, 4, 4, 3], training: true) {
        ResidualBlock(
            main: [
                try Conv2D(filters: 3, kernelSize: 3, padding: .same, kernelInitializer: .glorotUniform(seed: 1)),
                try BatchNormalization(), Activation(.tanh),
                try Conv2D(filters: 3, kernelSize: 1, kernelInitializer: .glorotUniform(seed: 2)), try BatchNormalization(),
            ],
            post: Activation(.tanh))
    },
    .init(name: "residual block, projection shortcut stride 2 (pool + 1×1 conv + BN)", inputShape: [2, 4, 4, 2], training: true) {
        ResidualBlock(
            main: [
                try Conv2D(filters: 3, kernelSize: 3, strides: 2, padding: .same, useBias: false, kernelInitializer: .glorotUniform(seed: 3)),
                try BatchNormalization(), Activation(.sigmoid),
            ],
            shortcut: [
                try AveragePooling2D(poolSize: 2), try Conv2D(filters: 3, kernelSize: 1, useBias: false, kernelInitializer: .glorotUniform(seed: 4)),
                try BatchNormalization(),
            ],
            post: Activation(.sigmoid))
    },
    .init(name: "pre-activation unit, no post activation (v2 style)", inputShape: [2, 3, 3, 2], training: true) {
        ResidualBlock(
            main: [try BatchNormalization(), Activation(.tanh), try Conv2D(filters: 2, kernelSize: 3, padding: .same, kernelInitializer: .glorotUniform(seed: 5))],
            post: nil)
    },
    .init(name: "ZeroPadding2D asymmetric", inputShape: [2, 3, 4, 2], training: true) { try ZeroPadding2D(top: 1, bottom: 2, left: 0, right: 3) },
]

@Suite("Numerical gradient checks")
struct GradientCheckTests {
    static let tolerance = 1e-2

    @Test(arguments: gradientCases)
    func layer(_ c: GradientCase) throws {
        let layer = try c.make()
        let report = try gradientCheck(layer, input: kinkFreeInput(c.inputShape, seed: 7), training: c.training)
        #expect(report.passes(tolerance: Self.tolerance), "\(report)")
        #expect(report.entries.count == 1 + layer.parameters.filter(\.trainable).count)
    }

    @Test("the check rejects a backward pass with a deliberate mistake")
    func rejectsWrongBackward() throws {
        // Each wrong layer is a plausible slip: a forgotten term, a wrong scale.
        for mistake in WrongDense.Mistake.allCases {
            let layer = try WrongDense(mistake)
            let report = try gradientCheck(layer, input: kinkFreeInput([3, 6], seed: 3))
            #expect(!report.passes(tolerance: Self.tolerance), "\(mistake) should fail but: \(report)")
        }
        let good = try WrongDense(nil)
        #expect(try gradientCheck(good, input: kinkFreeInput([3, 6], seed: 3)).passes(tolerance: Self.tolerance))
    }
}

/// A Dense layer whose backward can be broken on purpose.
final class WrongDense: Layer {
    enum Mistake: CaseIterable { case dxNotTransposedScale, biasGradientMissing, kernelGradientHalved }
    let inner: Dense
    let mistake: Mistake?
    var name: String { "wrong_dense" }
    var kind: String { "Dense" }
    var parameters: [Parameter] { inner.parameters }

    init(_ mistake: Mistake?) throws {
        inner = try Dense(units: 4, biasInitializer: .constant(0.1))
        self.mistake = mistake
    }
    func outputShape(for s: [Int]) throws -> [Int] { try inner.outputShape(for: s) }
    func forward(_ x: Tensor, training: Bool) throws -> Tensor { try inner.forward(x, training: training) }
    func backward(_ dy: Tensor) throws -> Tensor {
        let dx = try inner.backward(dy)
        switch mistake {
        case .none: return dx
        case .dxNotTransposedScale: return dx * 1.1
        case .biasGradientMissing: inner.bias!.zeroGradient(); return dx
        case .kernelGradientHalved: inner.kernel!.gradient = inner.kernel!.gradient * 0.5; return dx
        }
    }
}
