// The per-layer profile (Models/Profile.swift): one row per layer and residual Add, sorted,
// FLOPs by the textbook formula for a direct convolution, shares that add up.

import Testing
@testable import ResNetKit

struct ProfileTests {
    @Test func rowsFlopsAndShares() throws {
        RandomSeeds.reset(to: 1)
        let model = try ResNetV1(depth: 8)
        let p = try profile(model, batch: 2, repeats: 1)
        // ResNet-8 v1 (seed 003): 7 convolutions with BN (the stem and 3 units × 2), 2 projection
        // convolutions (first units of stacks 2 and 3), 7 ReLU, 3 Add, pooling, Flatten, Dense.
        let kinds = Dictionary(grouping: p.rows, by: \.kind).mapValues(\.count)
        #expect(kinds["Conv2D"] == 9 && kinds["BatchNormalization"] == 7 && kinds["Add"] == 3 && kinds["Dense"] == 1)
        #expect(p.rows.count == model.leaves.count + 3)
        #expect(zip(p.rows, p.rows.dropFirst()).allSatisfy { $0.totalMs >= $1.totalMs }, "sorted by time")
        // The stem: 3×3, 3 → 16 channels, 32×32 output, batch 2: forward 2·N·OH·OW·KH·KW·C·F, ×3 with backward.
        let stem = try #require(p.rows.first { $0.name == model.leaves[0].name })
        #expect(stem.flops == 3 * 2 * Double(2 * 32 * 32 * 3 * 3 * 3 * 16))
        #expect(p.rows.filter { $0.kind == "BatchNormalization" }.allSatisfy { $0.flops == 0 })
        #expect(p.stepMs > 0 && p.peakGflops > 0)
        let text = p.render(top: 5)
        #expect(text.contains("(\(p.rows.count - 5) more)") && text.contains("█"))
    }
}
