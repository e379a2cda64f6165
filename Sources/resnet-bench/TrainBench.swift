// resnet-bench train — ResNet-20 v1 (seed 003) on the full Fashion-MNIST, 28×28 padded to
// 32×32, per-pixel mean subtracted: test accuracy and wall time after every epoch, then the
// same recipe in Keras/TensorFlow (Tools/bench_keras_fashion.py) for a side-by-
// side table. The figure that matters to a learner: accuracy per minute.

import ArgumentParser
import Foundation
import ResNetKit

struct TrainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train ResNet-20 on full Fashion-MNIST; accuracy and wall time per epoch, next to Keras.")

    @Option(help: "Epochs.") var epochs = 3
    @Option(help: "Images per batch.") var batch = 128
    @Option(help: "adam (seed 003, lr 1e-3) or sgd (seed 004: 0.1, momentum 0.9, Nesterov).") var optimizer = "adam"
    @Flag(help: "Seed 004's augmentation: shifts of 4/32 and horizontal flips.") var augment = false
    @Option(help: "Use only the first N training images (a quick run).") var limit: Int?
    @Option(help: "Folder with the Fashion-MNIST files (default: Debian's /usr/share/datasets/fashion-mnist).") var data: String?
    @Option(help: "Python with TensorFlow for the Keras side.") var python: String?
    @Flag(help: "Skip the Keras side.") var noKeras = false

    func validate() throws {
        guard epochs > 0, batch > 0 else { throw ValidationError("--epochs and --batch must be positive") }
        guard ["adam", "sgd"].contains(optimizer) else { throw ValidationError("--optimizer must be adam or sgd") }
    }

    func run() throws {
        printHeader("resnet-bench train — ResNet-20 v1 on Fashion-MNIST (32×32×1), batch \(batch), \(optimizer)\(augment ? ", augmented" : "")")
        var train = try FashionMNIST.load(split: .train, directory: data).zeroPadded(2)
        let test = try FashionMNIST.load(split: .test, directory: data).zeroPadded(2)
        if let limit { train = try train.slice(0..<Swift.min(limit, train.count)) }
        let normalize = try Normalizer.subtractPixelMean(fitOn: train.images)
        let (x, xTest) = (try normalize(train.images), try normalize(test.images))
        RandomSeeds.reset(to: 0)
        let model = try ResNetV1(depth: 20, inputShape: [32, 32, 1])
        let opt: Optimizer = optimizer == "adam" ? Adam(learningRate: 1e-3) : SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
        var options = FitOptions(seed: 0, reporter: nil)
        if augment {
            let generator = try ImageDataGenerator(widthShiftRange: 4.0 / 32, heightShiftRange: 4.0 / 32, horizontalFlip: true)
            options.augment = { b, rng in try generator.augment(&b, using: &rng) }
        }
        print("  \(train.count) training images, \(test.count) test images, \(grouped(model.parameterCounts.total)) parameters\n")
        var ours: [(seconds: Double, accuracy: Double)] = []
        let start = monotonicSeconds()
        for epoch in 0..<epochs {
            let h = try fit(model, x: x, y: train.labels, epochs: 1, batchSize: batch, optimizer: opt, options: options)
            let (_, acc) = try evaluate(model, x: xTest, y: test.labels, batchSize: 256)
            ours.append((monotonicSeconds() - start, Double(acc)))
            print(String(format: "  ResNet Lab  epoch %d  loss %.4f  test accuracy %.4f  %.0f s", epoch + 1, h.figures["loss"]![0], acc, ours.last!.seconds))
            if h.stop != .completed { break }
        }
        var keras: [(seconds: Double, accuracy: Double)] = []
        if !noKeras {
            var args = ["--epochs", "\(epochs)", "--batch", "\(batch)", "--optimizer", optimizer]
            if optimizer == "sgd" { args += ["--lr", "0.1", "--momentum", "0.9", "--nesterov"] }
            if augment { args.append("--augment") }
            if let limit { args += ["--limit", "\(limit)"] }
            KerasRunner.run(python: KerasRunner.python(python), script: "bench_keras_fashion.py", arguments: args) { line in
                guard let j = KerasRunner.json(line), let s = (j["seconds_total"] as? NSNumber)?.doubleValue,
                    let a = (j["test_accuracy"] as? NSNumber)?.doubleValue
                else { return }
                keras.append((s, a))
                print(String(format: "  Keras/TF    epoch %d  test accuracy %.4f  %.0f s", keras.count, a, s))
            }
        }
        var table = Table(["epoch", "ours: accuracy", "ours: seconds", "Keras: accuracy", "Keras: seconds", "time ratio (Keras / ours)"])
        for e in 0..<Swift.max(ours.count, keras.count) {
            let o = e < ours.count ? ours[e] : nil, k = e < keras.count ? keras[e] : nil
            table.add([
                "\(e + 1)", o.map { String(format: "%.4f", $0.accuracy) } ?? "–", o.map { sig3($0.seconds) } ?? "–",
                k.map { String(format: "%.4f", $0.accuracy) } ?? "–", k.map { sig3($0.seconds) } ?? "–",
                (o != nil && k != nil) ? sig3(k!.seconds / o!.seconds) + "×" : "–",
            ])
        }
        print("")
        print(table.render())
        if let o = ours.last, let k = keras.last {
            print(String(format: "  accuracy per minute at the end: ours %.3f, Keras %.3f", o.accuracy / (o.seconds / 60), k.accuracy / (k.seconds / 60)))
        }
        print("  peak memory (ours): \(sizeString(peakResidentBytes()))")
    }
}
