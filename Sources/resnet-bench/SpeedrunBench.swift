// resnet-bench speedrun — the fastest way this engine knows to a good Fashion-MNIST
// accuracy on two cores: SpeedrunNet at 28×28 trained with SpeedrunRecipe.final (see
// Sources/ResNetKit/Training/SpeedrunRecipe.swift) on all 60,000 training images, then
// evaluated once on the 10,000 test images. Ends with one line:
//
//   speedrun: test accuracy 0.9xxx in NNN.N s (seed S)
//
// the seconds being wall time from loading the data to the end of the final evaluation.
// --validate tunes honestly: trains on 55,000 images and evaluates on the other 5,000 of
// the training set (every 12th, index 11 mod 12; the test set untouched). --ladder runs the baseline
// then one trick more per row; --keras runs the same recipe in Keras (bench_keras_speedrun.py).

import ArgumentParser
import Foundation
import ResNetKit

struct SpeedrunBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speedrun",
        abstract: "Train SpeedrunNet on full Fashion-MNIST as fast as possible; one line with test accuracy and seconds.")

    @Option(help: "Seed of weights, shuffling and augmentation.") var seed: UInt64 = 0
    @Flag(help: "The 93 % / 300 s recipe (more epochs, wider).") var long = false
    @Flag(help: "Baseline, then one trick more per row: accuracy and seconds.") var ladder = false
    @Flag(help: "Also run the same recipe in Keras/TensorFlow and print the ratio.") var keras = false
    @Flag(help: "Evaluate on the validation split (the 5,000 training images with index 11 mod 12; training on the other 55,000) instead of the test set.") var validate = false
    @Option(help: "Train on the first N training images only (exploring).") var limit: Int?
    @Option(help: "Override: epochs.") var epochs: Int?
    @Option(help: "Override: widths, e.g. 24,48,96 (stem, then one per stage).") var widths: String?
    @Option(help: "Override: residual units per stage, e.g. 0,1,1.") var units: String?
    @Option(help: "Override: batch size.") var batch: Int?
    @Option(help: "Override: peak learning rate.") var lr: Float?
    @Option(help: "Override: warm-up fraction (0 = constant rate).") var warmup: Double?
    @Option(help: "Override: weight decay (0 = none).") var wd: Float?
    @Option(help: "Override: label smoothing.") var ls: Float?
    @Option(help: "Override: EMA momentum (0 = none).") var ema: Float?
    @Option(help: "Override: random shift in pixels.") var shift: Double?
    @Option(help: "Override: flips on/off (1/0).") var flips: Int?
    @Option(help: "Override: flip TTA on/off (1/0).") var tta: Int?
    @Option(help: "Override: adam or sgd.") var optimizer: String?
    @Option(help: "Override: BatchNormalization momentum.") var bn: Float?
    @Option(help: "Folder with the Fashion-MNIST files (default: Debian's).") var data: String?
    @Option(help: "Python with TensorFlow for the Keras side.") var python: String?
    @Flag(help: "Show training progress.") var progress = false

    func recipe() throws -> SpeedrunRecipe {
        var r = long ? SpeedrunRecipe.long : SpeedrunRecipe.final
        func ints(_ s: String) throws -> [Int] {
            let v = s.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !v.isEmpty else { throw ValidationError("expected comma-separated integers, received \(s)") }
            return v
        }
        if let epochs { r.epochs = epochs }
        if let widths { r.widths = try ints(widths) }
        if let units { r.units = try ints(units) }
        if let batch { r.batchSize = batch }
        if let lr { r.learningRate = lr }
        if let warmup { r.warmupFraction = warmup > 0 ? warmup : nil }
        if let wd { r.weightDecay = wd > 0 ? wd : nil }
        if let ls { r.labelSmoothing = ls }
        if let ema { r.emaMomentum = ema > 0 ? ema : nil }
        if let shift { r.shift = shift }
        if let flips { r.flips = flips != 0 }
        if let tta { r.tta = tta != 0 }
        if let optimizer { r.optimizer = optimizer }
        if let bn { r.batchNormMomentum = bn }
        return r
    }

    func run() throws {
        let r = try recipe()
        let cpu = CPUTime.now()
        let start = Date()
        var train = try FashionMNIST.load(split: .train, directory: data)
        var eval = try FashionMNIST.load(split: .test, directory: data)
        let what = validate ? "validation" : "test"
        if validate {
            // Every 12th image (index 11 mod 12) is held out: 5,000 images, the same split in Keras.
            let all = Array(0..<train.count)
            (train, eval) = (try train.subset(all.filter { $0 % 12 != 11 }), try train.subset(all.filter { $0 % 12 == 11 }))
        }
        if let limit { train = try train.slice(0..<Swift.min(limit, train.count)) }
        let loading = Date().timeIntervalSince(start)
        printHeader("resnet-bench speedrun — SpeedrunNet on Fashion-MNIST (28×28×1), \(train.count) training images, \(eval.count) \(what) images")
        print("  load average \(loadAverage()); data loaded in \(String(format: "%.1f", loading)) s (counted in every figure)\n")
        if ladder { return try runLadder(r, train, eval, what, loading) }
        print("  recipe: \(r.summary)")
        let ours = try runSpeedrun(r, train: train, evaluateOn: eval, seed: seed, reporter: progress ? ConsoleReporter() : nil)
        let seconds = ours.seconds + loading
        if r.tta { print(String(format: "  without flip TTA: %.4f", ours.plainAccuracy)) }
        print(busyLine(since: cpu))
        let line = String(format: "speedrun: \(what) accuracy %.4f in %.1f s (seed \(seed))", ours.accuracy, seconds)
        guard keras else { print(line); return }
        print("  ResNet Lab  " + line)
        let k = try runKeras(r, what: what)
        if let k {
            print("  Keras/TF    " + String(format: "speedrun: \(what) accuracy %.4f in %.1f s (seed \(seed))", k.accuracy, k.seconds))
            print(String(format: "  time ratio (Keras / ours): %.2f×; accuracy difference (ours − Keras): %+.4f", k.seconds / seconds, Double(ours.accuracy) - k.accuracy))
        }
        print(line)
    }

    func runKeras(_ r: SpeedrunRecipe, what: String) throws -> (accuracy: Double, seconds: Double)? {
        var args = [
            "--seed", "\(seed)", "--epochs", "\(r.epochs)", "--batch", "\(r.batchSize)",
            "--widths", r.widths.map(String.init).joined(separator: ","), "--units", r.units.map(String.init).joined(separator: ","),
            "--optimizer", r.optimizer, "--lr", "\(r.learningRate)", "--warmup", "\(r.warmupFraction ?? 0)",
            "--wd", "\(r.weightDecay ?? 0)", "--ls", "\(r.labelSmoothing)", "--ema", "\(r.emaMomentum ?? 0)",
            "--shift", "\(r.shift)", "--flips", r.flips ? "1" : "0", "--tta", r.tta ? "1" : "0", "--bn", "\(r.batchNormMomentum)",
        ]
        if validate { args.append("--validate") }
        if let limit { args += ["--limit", "\(limit)"] }
        if let data { args += ["--data", data] }
        var result: (Double, Double)?
        KerasRunner.run(python: KerasRunner.python(python), script: "bench_keras_speedrun.py", arguments: args) { line in
            guard let j = KerasRunner.json(line), let a = (j["accuracy"] as? NSNumber)?.doubleValue,
                let s = (j["seconds"] as? NSNumber)?.doubleValue
            else { return }
            result = (a, s)
        }
        return result
    }

    func runLadder(_ final: SpeedrunRecipe, _ train: Dataset, _ eval: Dataset, _ what: String, _ loading: Double) throws {
        var table = Table(["rung", "\(what) accuracy", "seconds", "Δ accuracy"])
        var previous: Float?
        var points: [(String, Float, Double)] = []
        for (name, recipe) in SpeedrunRecipe.ladder(final) {
            let cpu = CPUTime.now()
            let result = try runSpeedrun(recipe, train: train, evaluateOn: eval, seed: seed)
            let seconds = result.seconds + loading
            table.add([
                name, String(format: "%.4f", result.accuracy), String(format: "%.1f", seconds),
                previous.map { String(format: "%+.4f", result.accuracy - $0) } ?? "–",
            ])
            print(
                "  \(name.padding(toLength: 38, withPad: " ", startingAt: 0)) \(String(format: "%.4f  %6.1f s", result.accuracy, seconds))   (load \(loadAverage()); \(busyLine(since: cpu).trimmingCharacters(in: .whitespaces)))"
            )
            previous = result.accuracy
            points.append((name, result.accuracy, seconds))
        }
        print("")
        print(table.render())
        if let last = points.last {
            print(String(format: "speedrun: \(what) accuracy %.4f in %.1f s (seed \(seed))", last.1, last.2))
        }
    }
}

/// How much CPU this process used, and what share of the cores others took meanwhile.
func busyLine(since start: CPUTime) -> String {
    let now = CPUTime.now()
    return String(
        format: "  CPU: %.1f s used by this run in %.1f s of wall time; other processes took %.0f %% of the two cores",
        now.own - start.own, now.wall - start.wall, 100 * now.othersShare(since: start))
}

/// The 1-minute load average, to print next to every figure on a shared machine.
func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}
