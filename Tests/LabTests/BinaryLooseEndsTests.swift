// Loose ends a new user hit, each checked through the real `resnet-lab` binary: the lessons and
// the data subset found from a moved checkout (and a clear error naming RESNETLAB_ROOT when
// they are missing), `run 99` listing the lessons, stale checkpoint temporaries of dead
// processes removed, and Ctrl-C mid-epoch reporting the steps reached.

import Foundation
import Testing
import ResNetKit
@testable import Lab

/// Runs the binary with `arguments`, `stdin` as its input, in `directory`; returns its exit
/// status and everything it printed (stdout and stderr together).
func runLab(
    _ binary: String, _ arguments: [String], stdin: String = "", in directory: URL? = nil,
    environment extra: [String: String] = [:]
) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env["HOME"] = FileManager.default.temporaryDirectory.path
    env.removeValue(forKey: LabCheckout.environmentVariable)
    for (k, v) in extra { env[k] = v }
    process.environment = env
    let input = Pipe(), output = Pipe()
    (process.standardInput, process.standardOutput, process.standardError) = (input, output, output)
    let collected = LockedData()
    output.fileHandleForReading.readabilityHandler = { collected.append($0.availableData) }
    try process.run()
    try input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    Thread.sleep(forTimeInterval: 0.1)
    output.fileHandleForReading.readabilityHandler = nil
    collected.append(output.fileHandleForReading.availableData)
    return (process.terminationStatus, String(decoding: collected.value, as: UTF8.self))
}

func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The checkout this test was built from (tests may use #filePath; the product may not).
let checkoutRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("The binary's loose ends")
struct BinaryLooseEndsTests {
    @Test("`run 99` says how many lessons there are and lists them")
    func lessonOutOfRange() throws {
        let binary = try #require(labBinary(), "build resnet-lab first (swift build)")
        let (status, text) = try runLab(binary, ["run", "99"], in: checkoutRoot)
        #expect(status == 1, "status \(status): \(text)")
        // The count comes from the manifest: a lesson added there shows up here.
        let count = try Manifest.load(directory: checkoutRoot.appendingPathComponent("Lessons").path).lessons.count
        #expect(count >= 13)
        #expect(text.contains("there is no lesson 99: the course has \(count) lessons, numbered 1 to \(count)"), "\(text)")
        #expect(text.contains("1  The lab and tensors") && text.contains("12  What's next  (12-whats-next.md)"), "\(text)")
        #expect(!text.contains("Usage:"), "an out-of-range lesson is not a usage error: \(text)")
    }

    /// A checkout moved elsewhere: the binary sits in <copy>/.build/debug with Package.swift,
    /// Lessons and Datasets beside it, and runs from an unrelated folder. Nothing may come from
    /// the path the sources were compiled at.
    @Test("a moved checkout finds its own lessons and data subset; a missing one says where it looked")
    func movedCheckout() throws {
        let binary = try #require(labBinary(), "build resnet-lab first (swift build)")
        let fm = FileManager.default
        let copy = try temporaryFolder("lab-moved"), elsewhere = try temporaryFolder("lab-elsewhere")
        defer { try? fm.removeItem(at: copy); try? fm.removeItem(at: elsewhere) }
        let movedBinary = copy.appendingPathComponent(".build/debug/resnet-lab")
        try fm.createDirectory(at: movedBinary.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fm.copyItem(atPath: binary, toPath: movedBinary.path)

        // 1. Only the binary: the error lists where it looked and names RESNETLAB_ROOT.
        let (s1, t1) = try runLab(movedBinary.path, ["run", "1"], in: elsewhere)
        #expect(s1 != 0)
        #expect(t1.contains("cannot find Lessons/manifest.json") && t1.contains("RESNETLAB_ROOT"), "\(t1)")
        #expect(
            t1.contains(elsewhere.path + "/Lessons/manifest.json") && t1.contains(copy.path + "/Lessons/manifest.json"),
            "the error names the folders it tried:\n\(t1)")
        #expect(!t1.contains(checkoutRoot.path), "the build checkout must not be consulted:\n\(t1)")

        // 2. The checkout's files beside it: lesson 1 (which loads the committed subset) passes.
        for item in ["Package.swift", "Lessons", "Datasets"] {
            try fm.copyItem(at: checkoutRoot.appendingPathComponent(item), to: copy.appendingPathComponent(item))
        }
        let (s2, t2) = try runLab(movedBinary.path, ["run", "1", "--quiet"], in: elsewhere)
        #expect(s2 == 0 && t2.contains("✔ \(copy.path)/Lessons/01-tensors.md"), "status \(s2):\n\(t2)")

        // 3. RESNETLAB_ROOT wins over both, and a wrong one is reported as such.
        let (s4, t4) = try runLab(
            movedBinary.path, ["run", "1", "--quiet"], in: elsewhere,
            environment: ["RESNETLAB_ROOT": checkoutRoot.path])
        #expect(s4 == 0 && t4.contains("✔ \(checkoutRoot.path)/Lessons/01-tensors.md"), "status \(s4):\n\(t4)")
        let (s5, t5) = try runLab(movedBinary.path, ["run", "1"], in: copy, environment: ["RESNETLAB_ROOT": elsewhere.path])
        #expect(s5 != 0 && t5.contains("in RESNETLAB_ROOT=\(elsewhere.path)"), "status \(s5):\n\(t5)")
    }

    /// A process killed with `kill -9` mid-save leaves `.NAME.tmp-PID-HEX` behind; the next save
    /// into that folder deletes those of processes that are gone, and only those.
    @Test("the next checkpoint save removes temporary files of dead processes")
    func staleTemporaries() throws {
        let binary = try #require(labBinary(), "build resnet-lab first (swift build)")
        let fm = FileManager.default
        let dir = try temporaryFolder("lab-stale")
        defer { try? fm.removeItem(at: dir) }
        // A pid that certainly existed and has exited.
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let stale = [".m.safetensors.tmp-\(dead.processIdentifier)-9f3a01", ".other.safetensors.tmp-\(dead.processIdentifier)-b2"]
        let live = ".m.safetensors.tmp-\(getpid())-beef"  // this test process: alive
        let unrelated = [".m.safetensors.tmp-notapid-1", "notes.tmp-1-2", ".hidden"]
        for name in stale + [live] + unrelated { _ = fm.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data([1, 2, 3])) }

        let path = dir.appendingPathComponent("m.safetensors").path
        let script = """
            let m = Model(name: "t", inputShape: [4, 4, 1], layers: [Flatten(), Dense(units: 2)])
            saveCheckpoint(m, path: "\(path)")
            """
        let (status, text) = try runLab(binary, [], stdin: script + "\n", in: checkoutRoot)
        #expect(status == 0, "status \(status): \(text)")
        let left = Set(try fm.contentsOfDirectory(atPath: dir.path))
        #expect(left == Set([live, "m.safetensors"] + unrelated), "left in the folder: \(left.sorted())")
        #expect(try Checkpoint.read(path).tensors.count == 2)
    }

    @Test("Ctrl-C in the middle of an epoch reports the steps it reached, not 0/0")
    func interruptMidEpoch() throws {
        let binary = try #require(labBinary(), "build resnet-lab first (swift build)")
        let script = """
            let m = Model(name: "t", inputShape: [32, 32, 3], layers: [Conv2D(filters: 16, kernelSize: 3), Flatten(), Dense(units: 2, activation: .softmax)])
            let h = fit(m, x: Tensor.randomNormal([4096, 32, 32, 3], seed: 0), y: Tensor.zeros([4096]), epochs: 50, batchSize: 8, optimizer: SGD())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.currentDirectoryURL = checkoutRoot
        let stdin = Pipe(), out = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (stdin, out, out)
        let collected = LockedData()
        out.fileHandleForReading.readabilityHandler = { collected.append($0.availableData) }
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data((script + "\n").utf8))
        try stdin.fileHandleForWriting.close()
        func waitFor(_ s: String) -> Date? {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if String(decoding: collected.value, as: UTF8.self).contains(s) { return Date() }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return nil
        }
        let first = try #require(waitFor("Epoch 1/50"), "no first epoch within 60 s")
        let second = try #require(waitFor("Epoch 2/50"), "no second epoch within 60 s")
        Thread.sleep(forTimeInterval: second.timeIntervalSince(first) / 2)  // half-way through epoch 3
        process.interrupt()
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.2)
        out.fileHandleForReading.readabilityHandler = nil
        let text = String(decoding: collected.value, as: UTF8.self)
        #expect(process.terminationStatus == 130, "status \(process.terminationStatus): \(text.suffix(600))")
        #expect(!text.contains("0/0"), "\(text)")
        let pattern = try NSRegularExpression(pattern: #"Epoch 3/50  (\d+)/512  loss \d"#)
        let match = try #require(pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), "no partial epoch line in:\n\(text)")
        let steps = Int(text[Range(match.range(at: 1), in: text)!])!
        #expect(steps > 0 && steps < 512, "steps reached: \(steps)")
        #expect(text.contains("Interrupted with Ctrl-C after 2 complete epoch(s) and \(steps) of 512 steps of epoch 3"), "\(text)")
        print("[interrupt] " + (text.split(separator: "\n").first { $0.hasPrefix("Epoch 3/50") }.map(String.init) ?? ""))
    }

    /// `resnet-lab reset` restores the stub from the checkout's git history: the newest
    /// committed version that is still a stub, so a learner who committed a solution gets the
    /// shipped stub back, not their own commit.
    @Test("reset restores the committed stub, skipping a learner's committed solution")
    func resetFromGit() throws {
        let binary = try #require(labBinary(), "build resnet-lab first (swift build)")
        let fm = FileManager.default
        let repo = try temporaryFolder("lab-reset")
        defer { try? fm.removeItem(at: repo) }
        for item in ["Package.swift", "Lessons", "Sources/Exercises"] {
            let target = repo.appendingPathComponent(item)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: checkoutRoot.appendingPathComponent(item), to: target)
        }
        func git(_ arguments: String...) throws {
            let (status, text) = try runLab("/usr/bin/env", ["git", "-c", "user.name=t", "-c", "user.email=t@t"] + arguments, in: repo)
            try #require(status == 0, "git \(arguments): \(text)")
        }
        let file = repo.appendingPathComponent("Sources/Exercises/Exercise09a_LRSchedule.swift")
        let stub = try String(contentsOf: file, encoding: .utf8)
        try git("init", "-q")
        try git("add", "-A")
        try git("commit", "-q", "-m", "course")
        let solution = try String(contentsOf: checkoutRoot.appendingPathComponent("Sources/ExerciseSolutions/Reference09a_LRSchedule.swift"), encoding: .utf8)
        try solution.write(to: file, atomically: true, encoding: .utf8)
        try git("commit", "-q", "-am", "my solution")
        try "// half-way\n".write(to: file, atomically: true, encoding: .utf8)

        let (status, text) = try runLab(binary, ["reset", "9a", "--yes"], in: repo.appendingPathComponent("Lessons"))
        #expect(status == 0 && text.contains("Reset Sources/Exercises/Exercise09a_LRSchedule.swift to its stub"), "status \(status): \(text)")
        #expect(try String(contentsOf: file, encoding: .utf8) == stub, "the file is not the committed stub")
        let (again, text2) = try runLab(binary, ["reset", "9a", "--yes"], in: repo)
        #expect(again == 0 && text2.contains("already the stub as shipped"), "\(text2)")

        // Without git history the error says where stubs come from.
        try fm.removeItem(at: repo.appendingPathComponent(".git"))
        try "// half-way\n".write(to: file, atomically: true, encoding: .utf8)
        let (s3, t3) = try runLab(binary, ["reset", "9a", "--yes"], in: repo)
        #expect(s3 != 0 && t3.contains("git history"), "status \(s3): \(t3)")
    }
}
