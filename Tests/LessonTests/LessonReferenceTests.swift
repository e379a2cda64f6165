// The figures a lesson teaches are backed by references computed outside the engine: each
// `<!-- reference: FILE#KEY -->` comment above a cell names a fixture in
// Tests/References/Fixtures (Keras, NumPy, the paper), and the cell's EXPECTED output must
// carry that value. The run tests check the engine prints the expected output; these check
// the expected output is right — so neither a wrong engine nor a wrong lesson can hide.

import Foundation
import Testing
import ResNetKit
@testable import Lab

@Suite("Lessons: figures against the references")
struct LessonReferenceTests {
    static let entries: [Manifest.Entry] = (try? loadManifest().lessons) ?? []

    @Test("every reference comment is found in the cell's expected output", arguments: entries.map(\.number))
    func referencesHold(_ number: Int) throws {
        let entry = try #require(Self.entries.first { $0.number == number })
        let lesson = try Lesson(path: lessonPath(entry))
        let cells = referencedCells(lesson)
        #expect(!cells.isEmpty, "Lessons/\(entry.file) cites no reference for any figure")
        for (cell, references) in cells {
            #expect(cell.checked, "Lessons/\(entry.file):\(cell.line): a cell backed by a reference must have a checked output")
            for r in references {
                if let why = try check(r, in: cell) {
                    Issue.record("Lessons/\(entry.file):\(cell.line): \(why)")
                }
            }
        }
    }

    @Test("every checked output that prints numbers cites a reference, or says why it needs none", arguments: entries.map(\.number))
    func everyFigureIsAccountedFor(_ number: Int) throws {
        let entry = try #require(Self.entries.first { $0.number == number })
        let lesson = try Lesson(path: lessonPath(entry))
        for (cell, prose) in numericCells(lesson) where Reference.parse(prose).isEmpty && !declaresNoReference(prose) {
            Issue.record(
                "Lessons/\(entry.file):\(cell.line): this cell prints numbers but cites no reference (<!-- reference: FILE#KEY -->) and gives no reason for none (<!-- reference: none — why -->)"
            )
        }
    }

    @Test("the reference check rejects a wrong figure")
    func referenceCheckCanFail() throws {
        let r = Reference(file: "models/param_counts.json", key: "models.resnet20_v1.total_params", at: nil)
        #expect(try check(r, against: "Total params: 274,442") == nil)
        #expect(try check(r, against: "Total params: 274,443") != nil)
        let range = Reference(file: "lessons/lesson07.json", key: "ratio_sigmoid_plain56", at: 0)
        if case .range(let lo, _) = try range.figure() {
            #expect(try check(range, against: "\(lo / 10)") != nil)
        }
    }

    @Test("the manifest lists Lessons/NN-*.md in order, with titles, hints and exercises")
    func manifest() throws {
        let lessons = try loadManifest().lessons
        #expect(lessons.map(\.number) == Array(1...13))
        for e in lessons {
            let lesson = try Lesson(path: lessonPath(e))
            #expect(e.file.hasPrefix(String(format: "%02d-", e.number)) && e.file.hasSuffix(".md"))
            #expect(lesson.title == e.title, "Lessons/\(e.file) is titled '\(lesson.title)', the manifest says '\(e.title)'")
            #expect(!e.hints.isEmpty, "lesson \(e.number) has no hints")
            // One exercise per lesson 2–10, numbered by its lesson (Sources/Exercises/ExerciseNN_*.swift).
            #expect(e.exercise == ((2...10).contains(e.number) ? e.number : nil), "lesson \(e.number) ends with exercise \(String(describing: e.exercise))")
        }
    }

    @Test("the exercise a lesson ends with exists in Sources/Exercises, and the lesson names its files")
    func exercisesExist() throws {
        let folder = repositoryRoot.appendingPathComponent("Sources/Exercises").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let numbered = files.filter { $0.hasPrefix("Exercise") && $0.first(where: \.isNumber) != nil }
        guard !numbered.isEmpty else { return }  // the exercises are written separately
        for e in try loadManifest().lessons {
            guard let n = e.exercise else { continue }
            // Exercise05_IdentityBlock.swift, or parts: Exercise02a_OutputSize.swift, Exercise02b_….
            let prefix = String(format: "Exercise%02d", n)
            let files = numbered.filter { $0.hasPrefix(prefix) && ($0.dropFirst(prefix.count).first.map { $0 == "_" || $0.isLetter } ?? false) }
            #expect(!files.isEmpty, "lesson \(e.number) names exercise \(n), but Sources/Exercises has no \(prefix)_*.swift")
            // The lesson points the learner at those files by name.
            let text = try String(contentsOfFile: lessonPath(e), encoding: .utf8)
            for f in files { #expect(text.contains(f), "Lessons/\(e.file) does not name \(f)") }
        }
    }
}
