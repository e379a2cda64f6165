// Tests/References/Fixtures/exercises, written by Tests/References/exercise_fixtures.py
// (Keras 3 / TensorFlow / NumPy). Found from this file's path: no resources to copy.

import Foundation
import ResNetKit

/// The repository root (Tests/ExerciseTests/Support/Fixtures.swift → four levels up).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// One fixture folder (or file) under Fixtures/exercises.
struct ExerciseFixture {
    /// Relative to Fixtures/exercises.
    let path: String
    let directory: URL

    init(_ path: String) {
        self.path = path
        directory = repositoryRoot.appendingPathComponent("Tests/References/Fixtures/exercises/\(path)")
    }

    func array(_ name: String) throws -> Tensor {
        try Tensor.readNpy(path: directory.appendingPathComponent("\(name).npy").path)
    }

    func has(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(name).npy").path)
    }

    /// A JSON file in the folder ("config" → config.json), as a dictionary.
    func json(_ name: String = "config") throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name).json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Arrays named `mistake_*` paired with what to tell the learner, for those present.
    func mistakes(_ messages: [String: String]) throws -> [(Tensor, String)] {
        try messages.sorted { $0.key < $1.key }.compactMap { name, message in
            has("mistake_" + name) ? (try array("mistake_" + name), message) : nil
        }
    }

    /// The case folders inside this one, sorted.
    var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    func sub(_ name: String) -> ExerciseFixture { ExerciseFixture(path + "/" + name) }
}

extension [String: Any] {
    func int(_ key: String) -> Int? { self[key] as? Int }
    func double(_ key: String) -> Double? { (self[key] as? NSNumber)?.doubleValue }
    func dict(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
}
