// The learner's progress: a small plain-text file in their home folder, easy to read,
// edit or copy to another machine:
//
//   # ResNet Lab progress
//   current 5
//   done 1 2 3 4

import Foundation

/// Which lesson the learner is on and which they have finished.
///
/// ```swift
/// var progress = Progress.load()
/// progress.current = 5
/// try progress.save()
/// ```
public struct Progress: Equatable, Sendable {
    public var current: Int = 1
    public var done: Set<Int> = []

    public init(current: Int = 1, done: Set<Int> = []) {
        self.current = current
        self.done = done
    }

    /// ~/.resnet_lab_progress, or $RESNETLAB_PROGRESS when set (tests use a temporary file).
    public static var path: String {
        let env = ProcessInfo.processInfo.environment
        if let p = env["RESNETLAB_PROGRESS"], !p.isEmpty { return p }
        return (env["HOME"] ?? NSTemporaryDirectory()) + "/.resnet_lab_progress"
    }

    /// The saved progress; a missing or unreadable file is a fresh start (never an error).
    public static func load(from path: String = Progress.path) -> Progress {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return Progress() }
        var p = Progress()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let words = line.split(separator: " ")
            guard let key = words.first else { continue }
            let numbers = words.dropFirst().compactMap { Int($0) }.filter { $0 > 0 }
            if key == "current", let n = numbers.first { p.current = n }
            if key == "done" { p.done = Set(numbers) }
        }
        return p
    }

    public func save(to path: String = Progress.path) throws {
        let text = "# ResNet Lab progress\ncurrent \(current)\ndone \(done.sorted().map(String.init).joined(separator: " "))\n"
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw LabError("cannot save progress to \(path): \(error.localizedDescription)")
        }
    }

    /// Removes the file: the next start is lesson 1.
    public static func reset(at path: String = Progress.path) throws {
        if FileManager.default.fileExists(atPath: path) {
            do { try FileManager.default.removeItem(atPath: path) } catch { throw LabError("cannot remove \(path): \(error.localizedDescription)") }
        }
    }
}
