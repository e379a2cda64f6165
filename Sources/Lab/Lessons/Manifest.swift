// Lessons/manifest.json: the curriculum, declared once — every lesson (file, title, hints) and
// every exercise (id, lesson, title, function, file, hints), in order. The REPL, `resnet-lab
// run|exercises|check|hint|reset|solution` and the exercise tests all read this one file.

import Foundation
import ResNetKit

/// The curriculum.
///
/// ```swift
/// let manifest = try Manifest.load()
/// manifest.lessons[4].title      // "The identity block"
/// manifest.exercises.count       // 13
/// ```
public struct Manifest: Sendable, Decodable {
    public struct Entry: Sendable, Decodable {
        public let number: Int
        public let file: String
        public let title: String
        public let hints: [String]
        /// The exercise number this lesson ends with ("resnet-lab check N"), if any: set from
        /// the exercises' `lesson` fields, not declared twice.
        public internal(set) var exercise: Int?

        enum CodingKeys: String, CodingKey { case number, file, title, hints }
    }
    public private(set) var lessons: [Entry]
    public let exercises: [ExerciseInfo]
    /// The folder it was read from (the lessons sit beside it).
    public private(set) var directory: String = ""

    enum CodingKeys: String, CodingKey { case lessons, exercises }

    /// Reads `manifest.json` from `directory`, or from the checkout's Lessons folder
    /// (`LessonLibrary.directory()`).
    public static func load(directory: String? = nil) throws -> Manifest {
        let folder = try directory ?? LessonLibrary.directory()
        let path = folder + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabError("cannot read the lessons' manifest at \(path); set \(LabCheckout.environmentVariable) to the ResNet Lab checkout")
        }
        var manifest: Manifest
        do { manifest = try JSONDecoder().decode(Manifest.self, from: data) } catch { throw LabError("\(path) is not a valid manifest: \(error)") }
        manifest.directory = folder
        let withExercises = Set(manifest.exercises.map(\.lesson))
        for i in manifest.lessons.indices where withExercises.contains(manifest.lessons[i].number) {
            manifest.lessons[i].exercise = manifest.lessons[i].number
        }
        return manifest
    }

    /// The entry for a number or a name fragment ("5", "identity").
    public func find(_ key: String) -> Entry? {
        if let n = Int(key) { return lessons.first { $0.number == n } }
        let k = key.lowercased()
        return lessons.first { $0.title.lowercased().contains(k) || $0.file.lowercased().contains(k) }
    }

    /// The lesson's Markdown file.
    public func path(_ e: Entry, directory: String? = nil) -> String { (directory ?? self.directory) + "/" + e.file }

    /// "1  The lab and tensors" lines, one per lesson: what an error about a missing lesson lists.
    public var listing: String {
        lessons.map { String(format: "%3d  ", $0.number) + $0.title + "  (" + $0.file + ")" }.joined(separator: "\n")
    }
}
