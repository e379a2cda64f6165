// The classic demonstration behind lesson 7: at initialisation, how much gradient reaches
// the first layer of a deep plain net, compared with a residual net of the same depth.
// Plain nets here have no BatchNormalization and the sigmoid, which saturates (tanh with
// he_normal weights does not vanish at these depths: its derivative is near 1 at 0);
// the residual nets are the same layers with seed 003's shortcuts.

import Foundation
import Testing
@testable import ResNetKit

/// ‖∇ first kernel‖ / ‖∇ last kernel‖ after one forward/backward pass on a fixed batch.
func firstToLastRatio(_ model: Model) throws -> Float {
    let x = try Tensor.randomNormal([8, 32, 32, 3], seed: 11)
    let labels = try oneHot(Tensor((0..<8).map { Float($0 % 10) }), classes: 10)
    let z = try model.forwardLogits(x, training: true)
    let (_, dz) = try softmaxCrossEntropy(logits: z, labels: labels)
    model.zeroGradients()
    _ = try model.backward(logitsGradient: dz)
    return try model.gradientNormRatio()
}

@Suite("Vanishing gradients: plain vs residual at depth 20 and 56")
struct VanishingGradientTests {
    @Test(arguments: [ActivationFunction.sigmoid])
    func ratios(_ activation: ActivationFunction) throws {
        RandomSeeds.reset(to: 1)
        var ratio: [String: Float] = [:]
        for depth in [20, 56] {
            ratio["plain\(depth)"] = try firstToLastRatio(PlainNet(depth: depth, batchNormalization: false, activation: activation))
            ratio["resnet\(depth)"] = try firstToLastRatio(ResNetV1(depth: depth, batchNormalization: false, activation: activation))
        }
        print(
            String(
                format: "[%@] ‖∇first‖/‖∇last‖  plain-20 %.3g  plain-56 %.3g  resnet-20 %.3g  resnet-56 %.3g  (resnet-56 / plain-56 = %.3g)",
                activation.rawValue, ratio["plain20"]!, ratio["plain56"]!, ratio["resnet20"]!, ratio["resnet56"]!,
                ratio["resnet56"]! / ratio["plain56"]!))
        #expect(ratio["plain56"]! * 100 <= ratio["resnet56"]!, "the 56-layer plain ratio is at least 100× smaller than the residual one")
        #expect(ratio["plain56"]! < ratio["plain20"]!, "the plain ratio shrinks with depth")
    }
}
