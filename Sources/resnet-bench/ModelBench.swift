// resnet-bench model — forward and training-step throughput of ResNet-20 (32×32×3 or
// 32×32×1, batch 128 or any), here and in Keras/TensorFlow on the same machine in the same
// run, and the ratio. `--compare reference` also times the engine with its fast kernels off
// (`FastPaths.enabled = false`), `--compare unfused` with only the fusion off, `--compare blas`
// with OpenBLAS instead of the engine's micro-kernel for the convolutions' GEMMs, the two
// alternating step by step. Peak memory is the process's: leave --compare off to read ours.
//
// A training step is what `fit` does per batch: forward to the logits, softmax
// crossentropy, backward, the l2 gradients, an Adam update — Keras's `train_on_batch`.

import ArgumentParser
import Foundation
import ResNetKit

struct ModelBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "ResNet-20 forward and training-step images/s, next to Keras/TensorFlow's.")

    @Option(help: "resnet20_v1 (seed 003) or resnet20_seed004.")
    var model = "resnet20_v1"
    @Option(help: "Images per batch.")
    var batch = 128
    @Option(help: "Input channels: 3 (32×32×3, CIFAR-10) or 1 (32×32×1).")
    var channels = 3
    @Option(
        help:
            "Also time the engine, in the same run, with `reference` paths only (every fast kernel off), `unfused` (per-layer fast kernels, no Conv→BN→ReLU fusion) or `im2col` (no Winograd)."
    )
    var compare: String?
    @Option(help: "Timed steps (the median is reported), after 2 warm-up steps.")
    var steps = 10
    @Option(help: "Python with TensorFlow for the Keras side (default: $RESNETLAB_PYTHON, ./.venv/bin/python, python3).")
    var python: String?
    @Flag(help: "Skip the Keras side.")
    var noKeras = false

    func validate() throws {
        guard ["resnet20_v1", "resnet20_seed004"].contains(model) else { throw ValidationError("--model must be resnet20_v1 or resnet20_seed004") }
        guard batch > 0, steps > 0 else { throw ValidationError("--batch and --steps must be positive") }
        guard compare == nil || ["reference", "unfused", "im2col", "blas"].contains(compare!) else { throw ValidationError("--compare must be reference, unfused, im2col or blas") }
        guard channels == 1 || channels == 3 else { throw ValidationError("--channels must be 1 or 3; received \(channels)") }
    }

    func run() throws {
        printHeader("resnet-bench model — \(model), 32×32×\(channels), batch \(batch), median of \(steps) steps after 2 warm-up steps")
        let started = CPUTime.now()
        RandomSeeds.reset(to: 0)
        let shape = [32, 32, channels]
        let net = model == "resnet20_v1" ? try ResNetV1(depth: 20, inputShape: shape) : try ResNet20(inputShape: shape)
        let x = try Tensor.randomNormal([batch] + shape, seed: 1)
        let labels = try oneHot(Tensor((0..<batch).map { Float($0 % 10) }), classes: 10)
        let optimizer = Adam()

        func forwardPass() throws { _ = try net.forward(x, training: false) }
        func trainingStep() throws {
            let z = try net.forwardLogits(x, training: true)
            let (_, dz) = try softmaxCrossEntropy(logits: z, labels: labels)
            net.zeroGradients()
            _ = try net.backward(logitsGradient: dz)
            net.addRegularizationGradients()
            optimizer.update(net.parameters)
        }
        /// `body` under the --compare setting.
        func compared(_ body: () throws -> Void) throws {
            switch compare {
            case "reference": try FastPaths.$enabled.withValue(false) { try body() }
            case "im2col": try FastPaths.$winograd.withValue(false) { try body() }
            case "blas": try FastPaths.$microGEMM.withValue(false) { try body() }
            default: try FastPaths.$fusion.withValue(false) { try body() }
            }
        }
        /// Median seconds of `body` and, with --compare, of the compared paths, the two
        /// alternating step by step so that a change in the machine's load hits both alike.
        func time(_ body: () throws -> Void) throws -> (fast: Double, other: Double?, fastCPU: Double, otherCPU: Double?) {
            for _ in 0..<2 { try body() }
            if compare != nil { for _ in 0..<2 { try compared(body) } }
            var fast: [Double] = [], other: [Double] = [], fastCPU: [Double] = [], otherCPU: [Double] = []
            for _ in 0..<steps {
                var (t, c) = (monotonicSeconds(), processCPUSeconds())
                try body()
                fast.append(monotonicSeconds() - t); fastCPU.append(processCPUSeconds() - c)
                guard compare != nil else { continue }
                (t, c) = (monotonicSeconds(), processCPUSeconds())
                try compared(body)
                other.append(monotonicSeconds() - t); otherCPU.append(processCPUSeconds() - c)
            }
            return (median(fast), compare == nil ? nil : median(other), median(fastCPU), compare == nil ? nil : median(otherCPU))
        }
        let f = try time(forwardPass), t = try time(trainingStep)
        let (forward, train) = (f.fast, t.fast)
        let ours = (forward: Double(batch) / forward, train: Double(batch) / train)
        let peak = peakResidentBytes()  // the reference's whole-batch im2col would count too: see the header
        let slow = compare == nil ? nil : (forward: f.other!, train: t.other!)
        let slowCPU = compare == nil ? nil : (forward: f.otherCPU!, train: t.otherCPU!)
        let busy = started.othersShare(since: CPUTime.now())  // before Keras runs as a child

        var keras: [String: Any]?
        if !noKeras {
            FileHandle.standardError.write(Data("… running the Keras side (Tools/bench_keras.py)\n".utf8))
            KerasRunner.run(
                python: KerasRunner.python(python), script: "bench_keras.py",
                arguments: ["--model", model, "--batch", "\(batch)", "--channels", "\(channels)", "--steps", "\(steps)", "--warmup", "2", "--threads", "\(Parallel.cores)"]
            ) { line in
                if let j = KerasRunner.json(line) { keras = j }
            }
        }
        var table = Table(["", "ResNet Lab", "Keras/TF", "ratio (ours / Keras)"] + (slow == nil ? [] : ["\(compare ?? "") paths", "fast / \(compare ?? "")"]))
        func k(_ key: String) -> Double? { (keras?[key] as? NSNumber)?.doubleValue }
        func row(_ name: String, _ mine: Double, _ theirs: Double?, _ plain: Double?, perSecond: Bool) {
            let gain = plain.map { sig3(perSecond ? mine / $0 : $0 / mine) + "×" }
            table.add(
                [name, sig3(mine), theirs.map(sig3) ?? "–", theirs.map { sig3(mine / $0) + "×" } ?? "–"]
                    + (slow == nil ? [] : [plain.map(sig3) ?? "–", gain ?? "–"]))
        }
        row("forward, images/s", ours.forward, k("forward_images_per_s"), slow.map { Double(batch) / $0.forward }, perSecond: true)
        row("training step, images/s", ours.train, k("train_images_per_s"), slow.map { Double(batch) / $0.train }, perSecond: true)
        row("forward ms (median)", forward * 1e3, k("forward_ms_median"), slow.map { $0.forward * 1e3 }, perSecond: false)
        row("training step ms (median)", train * 1e3, k("train_ms_median"), slow.map { $0.train * 1e3 }, perSecond: false)
        row("forward CPU ms (both cores)", f.fastCPU * 1e3, nil, slowCPU.map { $0.forward * 1e3 }, perSecond: false)
        row("training step CPU ms", t.fastCPU * 1e3, nil, slowCPU.map { $0.train * 1e3 }, perSecond: false)
        table.add(["peak memory", sizeString(peak), k("peak_rss_mb").map { sizeString(Int($0 * 1_048_576)) } ?? "–", ""])
        print(table.render())
        if let keras {
            print("  Keras \(keras["keras"] ?? "?") / TensorFlow \(keras["tensorflow"] ?? "?"), \(keras["params"] ?? "?") parameters (ours \(grouped(net.parameterCounts.total)))")
        }
        print(
            String(
                format: "  other processes used %.1f%% of the cores while ours was timed; Keras's run records the load average (%@).", busy * 100,
                "\(keras?["loadavg_1min_before"] ?? "–")"))
    }
}
