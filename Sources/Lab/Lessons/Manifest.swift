// Lessons/manifest.json: the curriculum in order, with each lesson's title, hints and the
// exercise it ends with. One file, so the REPL, `run --all` and the tests agree.

import Foundation

/// The curriculum.
///
/// ```swift
/// let manifest = try Manifest.load()
/// manifest.lessons[4].title   // "The identity block"
/// ```
public struct Manifest: Sendable, Decodable {
    public struct Entry: Sendable, Decodable {
        public let number: Int
        public let file: String
        public let title: String
        public let hints: [String]
        /// The exercise number this lesson ends with, if any.
        public let exercise: Int?
    }
    public let lessons: [Entry]

    public static func load(directory: String = LessonLibrary.directory) throws -> Manifest {
        let path = directory + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabError("cannot find the lessons' manifest at \(path); run resnet-lab from the repository folder")
        }
        do { return try JSONDecoder().decode(Manifest.self, from: data) }
        catch { throw LabError("\(path) is not a valid manifest: \(error)") }
    }

    /// The entry for a number or a name fragment ("5", "identity").
    public func find(_ key: String) -> Entry? {
        if let n = Int(key) { return lessons.first { $0.number == n } }
        let k = key.lowercased()
        return lessons.first { $0.title.lowercased().contains(k) || $0.file.lowercased().contains(k) }
    }

    public func path(_ e: Entry, directory: String = LessonLibrary.directory) -> String { directory + "/" + e.file }
}
