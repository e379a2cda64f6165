// Ctrl-C in a script: training stops at a batch boundary, the checkpoint is saved (atomically),
// and the binary leaves with status 130 without running the lines after it.

import Foundation
import Testing
import ResNetKit

@Suite("Ctrl-C in a script")
struct ScriptInterruptTests {
    @Test func stopsSavesAndExits() throws {
        let binary = try #require(labBinary(), "build resnet-lab first (swift build)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-int-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let ckpt = dir.appendingPathComponent("m.safetensors").path
        let script = """
            let m = Model(name: "t", inputShape: [8, 8, 1], layers: [Conv2D(filters: 4, kernelSize: 3), Flatten(), Dense(units: 2, activation: .softmax)])
            let h = fit(m, x: Tensor.randomNormal([4096, 8, 8, 1], seed: 0), y: Tensor.zeros([4096]), epochs: 100000, batchSize: 8, optimizer: SGD(), options: FitOptions(checkpointPath: "\(ckpt)"))
            print("this line must not run")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        let stdin = Pipe(), out = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (stdin, out, out)
        let collected = LockedData()
        out.fileHandleForReading.readabilityHandler = { collected.append($0.availableData) }
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data((script + "\n").utf8))
        try stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(60)
        while !String(decoding: collected.value, as: UTF8.self).contains("Epoch 2/"), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        process.interrupt()  // SIGINT, as Ctrl-C sends it
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.2)
        out.fileHandleForReading.readabilityHandler = nil
        let text = String(decoding: collected.value, as: UTF8.self)
        #expect(process.terminationReason == .exit && process.terminationStatus == 130, "status \(process.terminationStatus); output ends:\n\(text.suffix(600))")
        #expect(text.contains("Interrupted with Ctrl-C") && text.contains("Checkpoint saved to"))
        #expect(!text.contains("this line must not run"))
        let saved = try Checkpoint.read(ckpt)
        #expect(saved.tensors.count == 4, "conv kernel, bias, dense kernel, bias")
    }
}
