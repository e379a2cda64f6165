// The learner's files on disk: where the repository is, whether a file is still its stub,
// putting a stub back, and the reference solution once an exercise is solved.

import Foundation

/// The exercise files of the repository.
///
/// ```swift
/// let root = try ExerciseFiles.repositoryRoot()
/// let e = try ExerciseCatalog.one("5")
/// if try ExerciseFiles.isModified(e, root: root) { try ExerciseFiles.reset(e, root: root) }
/// ```
public enum ExerciseFiles {
    /// The repository: the current folder or one above it with Package.swift and
    /// Sources/Exercises; else the one this binary was built from.
    public static func repositoryRoot(from start: String = FileManager.default.currentDirectoryPath) throws -> URL {
        var url = URL(fileURLWithPath: start).standardizedFileURL
        while true {
            if isRepository(url) { return url }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        // Sources/Lab/Exercises/ExerciseFiles.swift → the repository root.
        let built = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        if isRepository(built) { return built }
        throw LabError("cannot find the ResNet Lab repository (a folder with Package.swift and Sources/Exercises): run resnet-lab from inside it")
    }

    static func isRepository(_ url: URL) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
            && fm.fileExists(atPath: url.appendingPathComponent("Sources/Exercises").path)
    }

    /// True while the learner's file still throws `ExerciseError.notAttempted` (the quick,
    /// build-free answer to "has this been started?").
    public static func isStub(_ e: ExerciseInfo, root: URL) -> Bool {
        let text = (try? String(contentsOf: root.appendingPathComponent(e.path), encoding: .utf8)) ?? ""
        return text.contains("throw ExerciseError.notAttempted(file: #fileID)")
    }

    /// The stub as shipped.
    public static func pristine(_ e: ExerciseInfo) throws -> String {
        guard let text = PristineStubs.all[e.file] else { throw LabError("no pristine copy of \(e.file) in this build of resnet-lab") }
        return text + "\n"
    }

    /// Whether the learner's file differs from the shipped stub.
    public static func isModified(_ e: ExerciseInfo, root: URL) throws -> Bool {
        let current = try? String(contentsOf: root.appendingPathComponent(e.path), encoding: .utf8)
        return current != (try pristine(e))
    }

    /// Writes the shipped stub back over the learner's file, keeping a copy of theirs in the
    /// temporary folder; returns that copy's path (nil when the file was missing or unchanged).
    @discardableResult
    public static func reset(_ e: ExerciseInfo, root: URL) throws -> String? {
        let target = root.appendingPathComponent(e.path)
        var backup: String?
        if let current = try? String(contentsOf: target, encoding: .utf8), current != (try pristine(e)) {
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "-")
            let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("\(e.suite)-\(stamp).swift")
            try Data(current.utf8).write(to: url)
            backup = url.path
        }
        do { try Data(try pristine(e).utf8).write(to: target, options: .atomic) }
        catch { throw LabError("cannot write \(e.path): \(error.localizedDescription)") }
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
