// The bridge to Keras, proven both ways with Tools/to_keras.py and real TensorFlow:
//   here → Keras: a ResNet v1 trained here on the committed Fashion-MNIST subset, saved with
//     Checkpoint.save (what saveCheckpoint calls), loaded by the tool into seed 003's own
//     resnet_v1 in Keras; Keras's probabilities on 100 test images (inference mode) equal ours.
//   Keras → here: the same architecture trained a little in Keras, its weights written by the
//     tool as a checkpoint; Checkpoint.restore (loadCheckpoint) loads it and we predict what
//     Keras predicted.
// Runs where $RESNETLAB_PYTHON (or python3) has TensorFlow, Keras and safetensors; skipped with
// the reason elsewhere, as the test that Python reads our files is.

import Foundation
import Testing
import ResNetKit

/// A Python with keras, tensorflow, numpy and safetensors, if there is one.
private let pythonWithKeras: String? = {
    for python in [ProcessInfo.processInfo.environment["RESNETLAB_PYTHON"], "python3"].compactMap({ $0 }) {
        if let run = try? python3(python, ["-c", "import keras, tensorflow, numpy, safetensors.numpy"]), run.status == 0 { return python }
    }
    return nil
}()

private func python3(_ python: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python] + arguments
    var env = ProcessInfo.processInfo.environment
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    env["CUDA_VISIBLE_DEVICES"] = ""
    process.environment = env
    let out = Pipe(), err = Pipe()
    (process.standardOutput, process.standardError) = (out, err)
    try process.run()
    let errData = LockedBuffer()
    err.fileHandleForReading.readabilityHandler = { errData.append($0.availableData) }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    err.fileHandleForReading.readabilityHandler = nil
    return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: errData.value, as: UTF8.self))
}

private final class LockedBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ d: Data) { lock.lock(); data += d; lock.unlock() }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// The checkout (tests may find it from their own path).
private let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The largest |a − b| over two tensors of the same shape.
private func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
    zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? .infinity
}

/// Trains the Keras model a little on (x, y) in Keras itself, saves its weights and its
/// inference-mode probabilities on x.
private let kerasTraining = """
    import sys, numpy as np
    sys.path.insert(0, sys.argv[1])
    import keras, to_keras
    x, y = np.load(sys.argv[2]), np.load(sys.argv[3]).astype("int64")
    model = to_keras.build("v1", 8, x.shape[1:], 10)
    keras.utils.set_random_seed(3)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=20, epochs=2, verbose=0)
    model.save_weights(sys.argv[4])
    np.save(sys.argv[5], model.predict(x, verbose=0).astype(np.float32))
    """

@Suite("Keras bridge (Tools/to_keras.py)")
struct KerasBridgeTests {
    @Test(
        .enabled(
            if: pythonWithKeras != nil,
            "no Python with TensorFlow, Keras and safetensors: set RESNETLAB_PYTHON to one (pip install -r Tools/requirements.txt)"))
    func roundTrip() throws {
        let python = try #require(pythonWithKeras)
        let tools = checkout.appendingPathComponent("Tools").path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("resnetlab-keras-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String) -> String { dir.appendingPathComponent(name).path }

        // 1. Train a small ResNet v1 here: depth 8 on the 3,000-image subset padded to 32×32, 2
        //    epochs (enough steps for BatchNormalization's moving statistics to settle).
        let train = try FashionMNIST.loadSubset(split: .train).zeroPadded(2)
        let test = try FashionMNIST.loadSubset(split: .test).zeroPadded(2)
        let normalise = try Normalizer.fit(train.images, divisor: 255)
        let x = try normalise(try test.slice(0..<100).images)
        let model = try ResNetV1(depth: 8, inputShape: [32, 32, 1])
        _ = try fit(
            model, x: try normalise(train.images), y: train.labels, epochs: 2, batchSize: 32, optimizer: Adam(),
            options: FitOptions(reporter: nil))
        let ours = try predict(model, x: x)
        let labels = try test.slice(0..<100).labels
        let accuracy = Float(zip(try ours.argmax(axis: -1).scalars, labels.scalars).filter { $0 == $1 }.count) / 100
        #expect(accuracy > 0.4, "the model learnt something (accuracy \(accuracy)), so equal predictions mean something")
        try Checkpoint.save(model, to: file("ours.safetensors"))
        try x.writeNpy(path: file("x.npy"))

        // 2. Here → Keras: seed 003's resnet_v1 with our weights predicts what we predict.
        let forward = try python3(
            python,
            [
                tools + "/to_keras.py", file("ours.safetensors"), "--images", file("x.npy"),
                "--probabilities", file("keras.npy"), "--show", "3",
            ])
        try #require(forward.status == 0, "to_keras.py failed:\n\(forward.err.suffix(2000))")
        #expect(forward.out.contains("weights loaded into Keras's") && forward.out.contains("image 0: class"), "\(forward.out)")
        let keras = try Tensor.readNpy(path: file("keras.npy"))
        #expect(keras.shape == [100, 10])
        let forwardDifference = maxDifference(ours, keras)
        #expect(forwardDifference <= 1e-4, "ResNet Lab → Keras: probabilities differ by up to \(forwardDifference)")

        // 3. Keras → here: weights trained in Keras load with loadCheckpoint and predict the same.
        try labels.writeNpy(path: file("y.npy"))
        let trained = try python3(
            python,
            [
                "-c", kerasTraining, tools, file("x.npy"), file("y.npy"),
                file("k.weights.h5"), file("k_probs.npy"),
            ])
        try #require(trained.status == 0, "training in Keras failed:\n\(trained.err.suffix(2000))")
        let back = try python3(
            python,
            [
                tools + "/to_keras.py", "--from-keras", file("k.weights.h5"),
                "--template", file("ours.safetensors"), "--out", file("from_keras.safetensors"),
            ])
        try #require(back.status == 0, "to_keras.py --from-keras failed:\n\(back.err.suffix(2000))")
        let fresh = try ResNetV1(depth: 8, inputShape: [32, 32, 1])
        try Checkpoint.read(file("from_keras.safetensors")).restore(into: fresh)
        let kerasProbabilities = try Tensor.readNpy(path: file("k_probs.npy"))
        let loaded = try predict(fresh, x: x)
        let backDifference = maxDifference(loaded, kerasProbabilities)
        #expect(backDifference <= 1e-4, "Keras → ResNet Lab: probabilities differ by up to \(backDifference)")
        #expect(maxDifference(loaded, ours) > 1e-2, "the Keras-trained weights are not simply ours again")
        print("[keras bridge] 100 test images, inference mode: here→Keras max |Δp| = \(forwardDifference), Keras→here max |Δp| = \(backDifference); accuracy here \(accuracy)")
    }
}
