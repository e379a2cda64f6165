// resnet-bench degradation — the paper's Figures 1 and 6 in miniature: plain-20, plain-56,
// ResNet-20 and ResNet-56 (seed 003's resnet_v1 and its plain twin; Fashion-MNIST padded to 32×32) trained on the
// same Fashion-MNIST batches with the speed run's way of training (SGD Nesterov, warm-up +
// cosine per step, decoupled weight decay; Sources/ResNetKit/Training/SpeedrunRecipe.swift),
// then the two orderings of the paper in training loss (mean of the last three "epochs"):
//
//   plain-56 above plain-20   (Figure 1: the degradation problem)
//   ResNet-56 below ResNet-20 (Figure 6: with shortcuts, depth helps)
//
// Lesson 10's long experiment (`resnet-lab run 10 --long`) runs the same recipe; --keras
// trains the same four in Keras/TensorFlow (Tools/bench_keras_degradation.py) in the same run.

import ArgumentParser
import Foundation
import ResNetKit

struct DegradationBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "degradation",
        abstract: "Train plain-20/56 and ResNet-20/56 alike; print both orderings of the paper's Figures 1 and 6.")

    @Option(help: "Seed of weights and batches.") var seed: UInt64 = 0
    @Option(help: "Training steps per network.") var steps = 240
    @Option(help: "Steps per point of the loss curve (fit's stepsPerEpoch).") var stepsPerPoint = 20
    @Option(help: "Batch size.") var batch = 128
    @Option(help: "Peak learning rate (SGD Nesterov) or Adam's rate.") var lr: Float = 0.2
    @Option(help: "Warm-up fraction of the steps (0: constant rate).") var warmup: Double = 0.1
    @Option(help: "Decoupled weight decay (0: none).") var wd: Float = 5e-4
    @Option(help: "Label smoothing.") var ls: Float = 0
    @Option(help: "The seed's l2 kernel regularizer (0: none, the decoupled weight decay takes its place).") var l2: Float = 0
    @Option(help: "adam or sgd.") var optimizer = "sgd"
    @Option(help: "Depths, e.g. 20,56.") var depths = "20,56"
    @Option(help: "Which networks: both, plain or resnet (exploring).") var nets = "both"
    @Option(help: "Folder with the Fashion-MNIST files (default: Debian's).") var data: String?
    @Option(help: "Python with TensorFlow for the Keras side.") var python: String?
    @Flag(help: "Start each residual branch's last BatchNormalization at gamma = 0 (Goyal et al. 2017).") var zeroGamma = false
    @Flag(help: "Also train the same four in Keras/TensorFlow.") var keras = false
    @Flag(help: "Show training progress.") var progress = false

    func recipe() -> SpeedrunRecipe {
        var r = SpeedrunRecipe()
        r.epochs = steps / stepsPerPoint
        r.batchSize = batch
        r.optimizer = optimizer
        r.learningRate = lr
        r.warmupFraction = warmup > 0 ? warmup : nil
        r.weightDecay = wd > 0 ? wd : nil
        r.labelSmoothing = ls
        (r.flips, r.tta) = (false, false)
        return r
    }

    func run() throws {
        guard steps >= 3 * stepsPerPoint, steps % stepsPerPoint == 0 else {
            throw ValidationError("--steps must be a multiple of --steps-per-point and at least 3 points")
        }
        let depthList = depths.split(separator: ",").compactMap { Int($0) }
        let r = recipe()
        let train = try FashionMNIST.load(split: .train, directory: data)
        // As lesson 10: padded to 32×32 (seed 003's network ends in an 8×8 average pooling),
        // then seed 003's x/255 minus the mean image.
        let padded = try train.images.zeroPadded(2)
        let x = try Normalizer.subtractPixelMean(fitOn: padded)(padded)
        printHeader("resnet-bench degradation — plain and residual networks of two depths, Fashion-MNIST padded to 32×32×1")
        print("  load average \(loadAverage()); \(steps) steps of \(batch) per network, a point every \(stepsPerPoint) steps; seed \(seed)")
        print("  recipe: \(r.summary), " + (l2 > 0 ? "kernels l2(\(l2))" : "no l2 regularizer") + "\n")
        var tails: [String: Double] = [:]
        var table = Table(["network", "parameters", "loss, last 3 points", "seconds"])
        let cpu = CPUTime.now()
        let start = Date()
        for depth in depthList {
            for shortcuts in [false, true] where nets == "both" || (nets == "resnet") == shortcuts {
                let name = (shortcuts ? "ResNet-" : "plain-") + "\(depth)"
                RandomSeeds.reset(to: seed)
                let regularizer = l2 > 0 ? Regularizer.l2(l2) : nil
                let model =
                    try shortcuts
                    ? ResNetV1(depth: depth, inputShape: [32, 32, 1], kernelRegularizer: regularizer)
                    : PlainNet(depth: depth, inputShape: [32, 32, 1], kernelRegularizer: regularizer)
                if zeroGamma {
                    for case let block as ResidualBlock in model.layers {
                        if let bn = block.main.layers.last as? BatchNormalization, let gamma = bn.gamma { gamma.value = try Tensor.zeros(gamma.value.shape) }
                    }
                }
                var options = FitOptions(seed: seed, stepsPerEpoch: stepsPerPoint, reporter: progress ? ConsoleReporter() : nil)
                options.labelSmoothing = ls
                let t0 = Date()
                let history = try fit(
                    model, x: x, y: train.labels, epochs: r.epochs, batchSize: batch,
                    optimizer: try speedrunOptimizer(r, stepsPerEpoch: stepsPerPoint), options: options)
                let losses = history.figures["loss"] ?? []
                let tail = losses.suffix(3).reduce(0) { $0 + Double($1) } / 3
                tails[name] = tail
                let seconds = Date().timeIntervalSince(t0)
                table.add([name, "\(model.parameterCount)", String(format: "%.4f", tail), String(format: "%.1f", seconds)])
                let accuracy = (history.figures["accuracy"] ?? []).suffix(3).reduce(0) { $0 + Double($1) } / 3
                print(
                    "  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) " + losses.map { String(format: "%.3f", $0) }.joined(separator: " ")
                        + String(format: "   %.1f s; l2 term at the end %.3f; accuracy, last 3 points %.4f", seconds, model.regularizationLoss(), accuracy))
                fflush(nil)  // each network's line as it finishes, also into a pipe
            }
        }
        print("")
        print(table.render())
        print(busyLine(since: cpu))
        print(String(format: "  all four: %.1f s", Date().timeIntervalSince(start)))
        if depthList.count == 2 {
            let (a, b) = (depthList[0], depthList[1])
            func above(_ kind: String) -> String {
                guard let deep = tails["\(kind)-\(b)"], let shallow = tails["\(kind)-\(a)"] else { return "not run" }
                return "\(deep > shallow)"
            }
            print("degradation: plain-\(b) above plain-\(a): \(above("plain")); ResNet-\(b) above ResNet-\(a): \(above("ResNet")) (seed \(seed))")
        }
        if keras { runKeras(r) }
    }

    func runKeras(_ r: SpeedrunRecipe) {
        let args =
            [
                "--seed", "\(seed)", "--steps", "\(steps)", "--steps-per-point", "\(stepsPerPoint)", "--batch", "\(batch)",
                "--optimizer", optimizer, "--lr", "\(lr)", "--l2", "\(l2)", "--zero-gamma", zeroGamma ? "1" : "0", "--warmup", "\(warmup)", "--wd", "\(wd)", "--ls", "\(ls)",
                "--depths", depths,
            ] + (data.map { ["--data", $0] } ?? [])
        print("\n  Keras/TensorFlow, the same recipe:")
        KerasRunner.run(python: KerasRunner.python(python), script: "bench_keras_degradation.py", arguments: args) { print("  " + $0) }
    }
}
