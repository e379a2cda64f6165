// The fast kernels (Sources/ResNetKit/Kernels/) against the plain reference paths, on the same
// weights and inputs: `FastPaths.$enabled.withValue(false)` runs the reference.
//
// Largest relative errors seen (max |fast − reference| / max |reference| per tensor), Swift
// 6.3.1 on x86-64 with OpenBLAS:
//   Conv2D's fast kernels vs whole-batch im2col, 40 random shapes: 7e-7 (bound: 1e-5)
//   24 random 3×3 stride-1 shapes: Winograd F(2×2, 3×3) (training: forward, dx, dW)
//     6.9e-7 and F(4×4, 3×3) (inference forward) 4.9e-6, vs 6.1e-7 for im2col in passes
//     (bounds: 1e-5, and 5e-5 for F(4×4, 3×3)). F(2×2)'s transforms only add and subtract
//     (and halve, exactly); F(4×4)'s weigh by up to 25 and 8, hence its ~8× larger error,
//     which a whole training step amplified to 6e-3 in dx (through BN's batch statistics):
//     so training uses F(2×2, 3×3).
//   fused Conv→BN→ReLU(+Add) with Winograd, whole networks, training (outputs, every
//     gradient, moving statistics) and folded inference: 4e-6 (BN's statistics are summed
//     in another order; bound asserted: 1e-4)

import Testing
@testable import ResNetKit

/// max |a − b| / max |b|: one figure per tensor.
func relativeError(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count)
    var diff: Float = 0, scale: Float = 1e-20
    for i in a.indices { diff = max(diff, abs(a[i] - b[i])); scale = max(scale, abs(b[i])) }
    return diff / scale
}

struct FastKernelTests {
    /// Random convolutions: odd sizes, strides 1 and 2, "same" and "valid", 1–70 channels, batch 1–3.
    @Test func convolutionInPassesMatchesReference() throws {
        var rng = SeededGenerator(seed: 11)
        var worst: Float = 0
        for trial in 0..<40 {
            let n = trial < 10 ? 1 : Int.random(in: 1...3, using: &rng)
            let k = [1, 3, 3, 5][Int.random(in: 0..<4, using: &rng)]
            let stride = Int.random(in: 1...2, using: &rng)
            let padding: Padding = Bool.random(using: &rng) ? .same : .valid
            let h = Int.random(in: k...13, using: &rng) | 1, w = Int.random(in: k...12, using: &rng)
            let cin = Int.random(in: 1...70, using: &rng), cout = Int.random(in: 1...70, using: &rng)
            let conv = try Conv2D(
                filters: cout, kernelSize: Size2(k, k), strides: Size2(stride, stride), padding: padding,
                useBias: trial % 3 != 0, kernelInitializer: .glorotUniform(seed: UInt64(trial)),
                biasInitializer: .randomNormal(stddev: 0.1, seed: 5))
            let x = try Tensor.randomNormal([n, h, w, cin], seed: UInt64(trial))
            let label = "\(n)×\(h)×\(w)×\(cin) → \(cout), \(k)×\(k) /\(stride) \(padding)"
            func run() throws -> [[Float]] {
                conv.zeroGradients()
                let y = try conv.forward(x, training: true)
                let dy = try Tensor.randomNormal(y.shape, seed: 99)
                let dx = try conv.backward(dy)
                return [y.scalars, dx.scalars] + conv.parameters.map(\.gradient.scalars)
            }
            let reference = try FastPaths.$enabled.withValue(false) { try run() }
            let fast = try run()
            for (a, b) in zip(fast, reference) {
                let e = relativeError(a, b)
                worst = max(worst, e)
                #expect(e <= 1e-5, "\(label): relative error \(e)")
            }
        }
        print("Conv2D in passes vs reference: largest relative error \(worst)")
    }

    /// Winograd (3×3 stride 1) and im2col in passes, each against the reference: F(2×2, 3×3)
    /// in training (forward, input and kernel gradients), F(4×4, 3×3) in inference (forward). Winograd's
    /// results must differ from im2col's in the last bits (proof that it ran) and stay within
    /// its bound.
    @Test func winogradAndIm2colMatchReference() throws {
        var rng = SeededGenerator(seed: 12)
        var worst: (f2: Float, f4: Float, im2col: Float) = (0, 0, 0)
        for trial in 0..<24 {
            let n = trial < 8 ? 1 : Int.random(in: 1...3, using: &rng)
            let padding: Padding = trial % 2 == 0 ? .same : .valid
            let h = Int.random(in: 3...17, using: &rng), w = Int.random(in: 3...16, using: &rng)
            let cin = trial < 20 ? Int.random(in: 8...70, using: &rng) : Int.random(in: 1...7, using: &rng)
            let cout = Int.random(in: 1...70, using: &rng)
            let conv = try Conv2D(filters: cout, kernelSize: 3, padding: padding, kernelInitializer: .glorotUniform(seed: UInt64(trial)))
            let x = try Tensor.randomNormal([n, h, w, cin], seed: UInt64(100 + trial))
            func run() throws -> [[Float]] {
                conv.zeroGradients()
                let inference = try conv.forward(x, training: false)
                let y = try conv.forward(x, training: true)
                let dx = try conv.backward(try Tensor.randomNormal(y.shape, seed: 7))
                return [y.scalars, dx.scalars, conv.parameters[0].gradient.scalars, inference.scalars]
            }
            let reference = try FastPaths.$enabled.withValue(false) { try run() }
            let im2col = try FastPaths.$winograd.withValue(false) { try run() }
            let winograd = try run()
            let label = "\(n)×\(h)×\(w)×\(cin)→\(cout) \(padding)"
            for i in 0..<4 {
                let (ew, ei) = (relativeError(winograd[i], reference[i]), relativeError(im2col[i], reference[i]))
                if i == 3 { worst.f4 = max(worst.f4, ew) } else { worst.f2 = max(worst.f2, ew) }
                worst.im2col = max(worst.im2col, ei)
                #expect(ei <= 1e-5, "\(label), tensor \(i): im2col \(ei)")
                #expect(ew <= (i == 3 ? 5e-5 : 1e-5), "\(label), tensor \(i): Winograd \(ew)")
            }
            if cin >= 8 {  // fewer input channels run as im2col (ConvGeometry.isWinograd)
                #expect(winograd[0] != im2col[0], "F(2×2, 3×3) did not run for \(label)")
                #expect(winograd[2] != im2col[2], "F(2×2, 3×3)'s kernel gradient did not run for \(label)")
                #expect(winograd[3] != im2col[3], "F(4×4, 3×3) did not run for \(label)")
            }
        }
        print("3×3 stride 1, largest relative error: F(2×2, 3×3) \(worst.f2), F(4×4, 3×3) \(worst.f4), im2col in passes \(worst.im2col)")
    }

    /// A whole network, both ways: logits, dx, every parameter's gradient and the moving
    /// statistics after a training step; then the outputs in inference (BN folded).
    @Test(arguments: ["resnet_v1_8", "resnet20_seed004", "plain_8", "resnet_v2_11", "resnet_v1_8_channels1"])
    func fusedNetworkMatchesLayers(_ name: String) throws {
        RandomSeeds.reset(to: 3)
        let model: Model
        switch name {
        case "resnet20_seed004": model = try ResNet20()
        case "plain_8": model = try PlainNet(depth: 8)
        case "resnet_v2_11": model = try ResNetV2(depth: 11)
        case "resnet_v1_8_channels1": model = try ResNetV1(depth: 8, inputShape: [32, 32, 1])
        default: model = try ResNetV1(depth: 8)
        }
        let x = try Tensor.randomNormal([3] + model.inputShape, seed: 4)
        let labels = try oneHot(Tensor([1, 7, 3]), classes: 10)
        let start = model.parameters.map(\.value)
        func step() throws -> [[Float]] {
            for (p, v) in zip(model.parameters, start) { p.value = v }
            model.zeroGradients()
            let z = try model.forwardLogits(x, training: true)
            let (_, dz) = try softmaxCrossEntropy(logits: z, labels: labels)
            let dx = try model.backward(logitsGradient: dz)
            let inference = try model.forward(x, training: false)
            return [z.scalars, dx.scalars, inference.scalars] + model.parameters.flatMap { [$0.gradient.scalars, $0.value.scalars] }
        }
        let reference = try FastPaths.$enabled.withValue(false) { try step() }
        let fast = try step()
        var worst: Float = 0
        for (i, (a, b)) in zip(fast, reference).enumerated() {
            // The gradient of a convolution bias right before a BatchNormalization is zero in
            // exact arithmetic (BN subtracts the batch mean, so the bias cannot change the
            // loss): both paths give rounding noise below 1e-6, summed in different orders.
            if b.allSatisfy({ abs($0) < 1e-6 }) {
                #expect(a.allSatisfy { abs($0) < 1e-5 }, "\(name): tensor \(i) should be ≈ 0")
                continue
            }
            let e = relativeError(a, b)
            worst = max(worst, e)
            #expect(e <= 1e-4, "\(name): tensor \(i) relative error \(e)")
        }
        print("\(name) fused vs layers: largest relative error \(worst)")
    }

    /// The folded inference kernel is kept between calls, and rebuilt when any parameter changes.
    @Test func foldedKernelFollowsParameterChanges() throws {
        RandomSeeds.reset(to: 8)
        let model = try ResNetV1(depth: 8)
        let x = try Tensor.randomNormal([2, 32, 32, 3], seed: 9)
        let before = try model.forward(x, training: false)
        #expect(try model.forward(x, training: false) == before, "the kept kernel gives the same output")
        let gamma = try model.leaves[1].parameter("gamma")
        gamma.value = gamma.value * 1.5
        let reference = try FastPaths.$enabled.withValue(false) { try model.forward(x, training: false) }
        let after = try model.forward(x, training: false)
        #expect(relativeError(after.scalars, reference.scalars) <= 1e-4)
        #expect(relativeError(after.scalars, before.scalars) > 1e-3, "γ changed, so the output must")
    }

    /// A backward after a fused *inference* forward reruns the reference and gives its gradients.
    @Test func backwardAfterInferenceForward() throws {
        RandomSeeds.reset(to: 5)
        let model = try ResNetV1(depth: 8)
        let x = try Tensor.randomNormal([2, 32, 32, 3], seed: 6)
        let dy = try Tensor.randomNormal([2, 10], seed: 7)
        func run() throws -> [Float] {
            model.zeroGradients()
            _ = try model.forward(x, training: false)
            return try model.backward(dy).scalars + model.parameters[0].gradient.scalars
        }
        let reference = try FastPaths.$enabled.withValue(false) { try run() }
        #expect(relativeError(try run(), reference) <= 1e-4)
    }
}
