// The exercises as the lab presents them: number, lesson, title, function, file and hints,
// read from Lessons/manifest.json (the one place the curriculum is declared). The checks live
// in Tests/ExerciseTests (one suite per exercise, named after its file), the stubs in
// Sources/Exercises, the reference solutions in Sources/ExerciseSolutions.

import Foundation

/// One exercise of the course, as declared in Lessons/manifest.json.
///
/// ```swift
/// let e = try ExerciseCatalog.one("5")
/// e.path      // "Sources/Exercises/Exercise05_IdentityBlock.swift"
/// e.hints[0]  // the first hint
/// ```
public struct ExerciseInfo: Sendable, Equatable, Decodable {
    /// What `resnet-lab check` takes: "5", "8a".
    public let id: String
    /// The lesson it ends.
    public let lesson: Int
    public let title: String
    /// The function to write, with its argument labels.
    public let function: String
    /// The file name in Sources/Exercises.
    public let file: String
    /// From a nudge to nearly the answer.
    public let hints: [String]

    /// Sources/Exercises/<file>, relative to the repository root.
    public var path: String { "Sources/Exercises/" + file }
    /// The test suite that checks it (Tests/ExerciseTests): the file name without ".swift".
    public var suite: String { String(file.dropLast(".swift".count)) }
    /// The reference solution (Sources/ExerciseSolutions/Reference<stem>.swift), relative to
    /// the repository root: a drop-in for the learner's file, compiled into the tests' module.
    public var referencePath: String {
        "Sources/ExerciseSolutions/Reference" + suite.dropFirst("Exercise".count) + ".swift"
    }
}

/// The course's exercises, in lesson order, from the manifest.
///
/// ```swift
/// try ExerciseCatalog.all.count                         // 13
/// try ExerciseCatalog.exercises(lesson: 8).map(\.id)    // ["8a", "8b"]
/// ```
public enum ExerciseCatalog {
    public static var all: [ExerciseInfo] {
        get throws { try Manifest.load().exercises }
    }

    /// The exercises of a lesson (the REPL's `:check`), in order.
    public static func exercises(lesson: Int) throws -> [ExerciseInfo] { try all.filter { $0.lesson == lesson } }

    /// "5" or "8a" or "08b"; a lesson number with several exercises ("2") gives them all;
    /// a file name or part of a title works too.
    public static func find(_ key: String) throws -> [ExerciseInfo] {
        let all = try all
        let k = key.lowercased().trimmingCharacters(in: .whitespaces)
        let normalised = k.drop { $0 == "0" }.isEmpty ? k : String(k.drop { $0 == "0" })
        if let e = all.first(where: { $0.id == normalised }) { return [e] }
        if let lesson = Int(normalised) {
            let those = all.filter { $0.lesson == lesson }
            if !those.isEmpty { return those }
        }
        let matches = all.filter { $0.file.lowercased().contains(k) || $0.title.lowercased().contains(k) }
        if !matches.isEmpty, !k.isEmpty { return matches }
        throw LabError("no exercise '\(key)'; the exercises are " + all.map(\.id).joined(separator: ", ") + " (resnet-lab exercises lists them)")
    }

    /// Exactly one exercise for `key`, or an error naming the choices.
    public static func one(_ key: String) throws -> ExerciseInfo {
        let found = try find(key)
        guard found.count == 1 else {
            throw LabError("'\(key)' matches exercises " + found.map(\.id).joined(separator: " and ") + ": say which")
        }
        return found[0]
    }
}
