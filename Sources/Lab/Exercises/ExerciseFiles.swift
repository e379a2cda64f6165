// The learner's files on disk: where the repository is, whether a file is still its stub,
// putting a stub back, and the reference solution once an exercise is solved.

import Foundation
import ResNetKit

/// The exercise files of the repository.
///
/// ```swift
/// let root = try ExerciseFiles.repositoryRoot()
/// let e = try ExerciseCatalog.one("5")
/// if try ExerciseFiles.isModified(e, root: root) { try ExerciseFiles.reset(e, root: root) }
/// ```
public enum ExerciseFiles {
    /// The repository: the current folder or one above it with Package.swift and
    /// Sources/Exercises; else `$RESNETLAB_ROOT` or the checkout above the running binary
    /// (`LabCheckout`).
    public static func repositoryRoot(from start: String = FileManager.default.currentDirectoryPath) throws -> URL {
        do { return try LabCheckout.locate("Sources/Exercises", from: start) } catch let error as ResNetError { throw LabError("the exercises: " + error.message) }
    }

    /// True while the learner's file still throws `ExerciseError.notAttempted` (the quick,
    /// build-free answer to "has this been started?").
    public static func isStub(_ e: ExerciseInfo, root: URL) -> Bool {
        let text = (try? String(contentsOf: root.appendingPathComponent(e.path), encoding: .utf8)) ?? ""
        return isStubText(text)
    }

    /// The stub as shipped: the newest version of the file in the checkout's git history that
    /// is still a stub. The committed file is the one copy (no generated duplicate to keep in
    /// step), a learner's own commits of a solution are skipped, and a stub the course updates
    /// arrives with `git pull`.
    public static func pristine(_ e: ExerciseInfo, root: URL) throws -> String {
        let log = try git(["log", "--format=%H", "--", e.path], root: root)
        for commit in log.split(separator: "\n").prefix(200) {
            if let text = try? git(["show", "\(commit):./\(e.path)"], root: root), isStubText(text) { return text }
        }
        throw LabError(
            "no commit of \(e.path) in \(root.path) holds the stub as shipped (the stubs are restored from the checkout's git history); copy the file from the project's repository"
        )
    }

    /// Whether a file's text is still a stub: it throws `notAttempted`.
    public static func isStubText(_ text: String) -> Bool {
        text.contains("throw ExerciseError.notAttempted(file: #fileID)")
    }

    /// Runs git in `root` and returns its standard output, or throws what it said.
    static func git(_ arguments: [String], root: URL) throws -> String {
        let process = Process(), out = Pipe(), err = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path] + arguments
        (process.standardOutput, process.standardError) = (out, err)
        do { try process.run() } catch {
            throw LabError("cannot run git (\(error.localizedDescription)): resnet-lab restores stubs from the checkout's git history")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LabError(
                "git \(arguments.joined(separator: " ")) failed in \(root.path): \(message.trimmingCharacters(in: .whitespacesAndNewlines)) (resnet-lab restores stubs from the checkout's git history)"
            )
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether the learner's file differs from the shipped stub.
    public static func isModified(_ e: ExerciseInfo, root: URL) throws -> Bool {
        let current = try? String(contentsOf: root.appendingPathComponent(e.path), encoding: .utf8)
        return current != (try pristine(e, root: root))
    }

    /// Writes the shipped stub back over the learner's file, keeping a copy of theirs in the
    /// temporary folder; returns that copy's path (nil when the file was missing or unchanged).
    @discardableResult
    public static func reset(_ e: ExerciseInfo, root: URL) throws -> String? {
        let target = root.appendingPathComponent(e.path)
        var backup: String?
        if let current = try? String(contentsOf: target, encoding: .utf8), current != (try pristine(e, root: root)) {
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
            let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("\(e.suite)-\(stamp).swift")
            try Data(current.utf8).write(to: url)
            backup = url.path
        }
        do { try Data(try pristine(e, root: root).utf8).write(to: target, options: .atomic) } catch { throw LabError("cannot write \(e.path): \(error.localizedDescription)") }
        return backup
    }

    /// The reference solution's text (only shown once the exercise passes).
    public static func referenceSolution(_ e: ExerciseInfo, root: URL) throws -> String {
        let url = root.appendingPathComponent(e.referencePath)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw LabError("cannot read \(e.referencePath)") }
        return text
    }

    /// The modification time of the learner's file (nil when it is missing).
    public static func modificationDate(_ e: ExerciseInfo, root: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(e.path).path))?[.modificationDate] as? Date
    }
}
