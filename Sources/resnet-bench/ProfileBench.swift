// resnet-bench profile — where ResNet-20's training step goes, layer by layer (the engine's
// `profile`, Models/Profile.swift): forward and backward ms, FLOPs, GFLOP/s, % of the GEMM
// peak measured in the same run, share, sorted, with a bar chart.

import ArgumentParser
import Foundation
import ResNetKit

struct ProfileBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Per-layer forward/backward time of ResNet-20, with FLOPs, GFLOP/s and a bar chart.")

    @Option(help: "resnet20_v1 (seed 003) or resnet20_seed004.")
    var model = "resnet20_v1"
    @Option(help: "Images per batch.")
    var batch = 128
    @Option(help: "Input channels: 3 or 1.")
    var channels = 3
    @Option(help: "Timed runs per layer (the median is reported), after a warm-up.")
    var repeats = 5
    @Option(help: "Show only the N slowest layers (0: all).")
    var top = 0

    func validate() throws {
        guard ["resnet20_v1", "resnet20_seed004"].contains(model) else { throw ValidationError("--model must be resnet20_v1 or resnet20_seed004") }
        guard batch > 0, repeats > 0, top >= 0 else { throw ValidationError("--batch and --repeats must be positive, --top not negative") }
        guard channels == 1 || channels == 3 else { throw ValidationError("--channels must be 1 or 3") }
    }

    func run() throws {
        printHeader("resnet-bench profile — \(model), 32×32×\(channels), batch \(batch), median of \(repeats) runs per layer")
        let started = CPUTime.now()
        RandomSeeds.reset(to: 0)
        let shape = [32, 32, channels]
        let net = model == "resnet20_v1" ? try ResNetV1(depth: 20, inputShape: shape) : try ResNet20(inputShape: shape)
        let p = try profile(net, batch: batch, repeats: repeats)
        print(p.render(top: top == 0 ? nil : top))
        print("")
        print("  Layers are timed one by one in training mode with the engine's per-layer kernels; the")
        print("  step is timed as it runs (Conv2D → BatchNormalization → ReLU fused), hence the difference.")
        let others = CPUTime.now().othersShare(since: started)
        if others.isFinite { print("  other processes used \(sig3(100 * others))% of the cores during the run.") }
    }
}
