// Driving the real `resnet-lab` binary under a pseudo-terminal, as a person would: util-
// linux's `script` gives the binary a terminal (so readline, completion, history and
// Ctrl-C behave for real) while the test writes keystrokes and reads the screen.

import Foundation
import Testing

/// The built `resnet-lab` next to this test bundle's build folder.
func labBinary() -> String? {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    for config in ["debug", "release"] {
        let p = root.appendingPathComponent(".build/\(config)/resnet-lab").path
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
}

/// A running lab in a pseudo-terminal.
final class TerminalSession: @unchecked Sendable {
    let process = Process()
    let input = Pipe(), output = Pipe()
    private let lock = NSLock()
    private var screen = ""
    let home: URL

    init(binary: String, arguments: [String] = [], environment extra: [String: String] = [:]) throws {
        signal(SIGPIPE, SIG_IGN)  // a write after the lab has exited must not kill the test runner
        home = FileManager.default.temporaryDirectory.appendingPathComponent("lab-pty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = ([binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
        process.arguments = ["-q", "-f", "-e", "-c", command, "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home.path
        env["TERM"] = "xterm"
        env["NO_COLOR"] = "1"
        env["RESNETLAB_PROGRESS"] = home.appendingPathComponent("progress").path
        for (k, v) in extra { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] h in
            let d = h.availableData
            guard let self, !d.isEmpty else { return }
            self.lock.lock(); self.screen += String(decoding: d, as: UTF8.self); self.lock.unlock()
        }
        try process.run()
    }

    var text: String { lock.lock(); defer { lock.unlock() }; return screen }

    /// Everything shown since `mark` (a position in UTF-8 bytes).
    func since(_ mark: Int) -> String { String(decoding: Array(text.utf8).dropFirst(mark), as: UTF8.self) }

    /// The current end of the screen, for `since`.
    var mark: Int { text.utf8.count }

    /// Sends keystrokes; after the lab has exited there is nobody to type to, and that is fine.
    func type(_ s: String) {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.write(contentsOf: Data(s.utf8))
    }

    /// Waits until the screen after `mark` contains `needle`; false after `timeout` seconds.
    @discardableResult
    func waitFor(_ needle: String, after mark: Int = 0, timeout: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if since(mark).contains(needle) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    func close() {
        type(":quit\n")
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        output.fileHandleForReading.readabilityHandler = nil
    }
}

/// Runs the lab binary on `lines` as a piped script (HOME in a temporary folder); how it
/// ended, its exit status and what it wrote to standard error.
func runScript(_ binary: String, _ lines: [String], environment extra: [String: String] = [:]) throws
    -> (reason: Process.TerminationReason, status: Int32, stderr: String)
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
    var env = ProcessInfo.processInfo.environment
    env["HOME"] = FileManager.default.temporaryDirectory.path
    process.environment = env.merging(extra) { $1 }
    try process.run()
    let outData = LockedData(), errData = LockedData()
    stdout.fileHandleForReading.readabilityHandler = { outData.append($0.availableData) }
    stderr.fileHandleForReading.readabilityHandler = { errData.append($0.availableData) }
    try stdin.fileHandleForWriting.write(contentsOf: Data((lines.joined(separator: "\n") + "\n").utf8))
    try stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    Thread.sleep(forTimeInterval: 0.2)
    stdout.fileHandleForReading.readabilityHandler = nil
    stderr.fileHandleForReading.readabilityHandler = nil
    return (process.terminationReason, process.terminationStatus, String(decoding: errData.value, as: UTF8.self))
}
