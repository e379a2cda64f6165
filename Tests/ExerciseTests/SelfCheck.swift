// The course checks itself: every check passes on its reference solution, rejects each
// plausible wrong solution with a message that names the mistake, and every shipped stub is
// still unsolved. Runs with every `swift test`, whatever state the learner's files are in.

import Foundation
import Testing
import Exercises
import ResNetKit

@Suite("Course self-check")
struct CourseSelfCheck {
    @Test("the reference solution passes", arguments: course)
    func referencePasses(_ exercise: AnyExercise) {
        let verdict = exercise.referenceVerdict()
        #expect(verdict == .passed, "reference of exercise \(exercise.id): \(verdict)")
    }

    @Test("a wrong solution fails, and says why", arguments: course.flatMap(\.wrong))
    func wrongFails(_ wrong: AnyWrong) {
        guard case .failed(let failures) = wrong.verdict() else {
            Issue.record("exercise \(wrong.exercise): the wrong solution '\(wrong.name)' was not rejected")
            return
        }
        // RESNETLAB_SHOW_MISTAKES=1: print what a learner would read for each mistake.
        if ProcessInfo.processInfo.environment["RESNETLAB_SHOW_MISTAKES"] == "1" {
            print("— exercise \(wrong.exercise), \(wrong.name):\n" + failures.map { "  " + $0.replacingOccurrences(of: "\n", with: "\n  ") }.joined(separator: "\n"))
        }
        #expect(failures.contains { $0.contains(wrong.mentions) },
                "exercise \(wrong.exercise), '\(wrong.name)': no failure mentions '\(wrong.mentions)'; they were:\n\(failures.joined(separator: "\n"))")
    }

    @Test("every exercise has a stub, a reference solution, a pristine copy and a check")
    func filesMatchTheCourse() throws {
        let fm = FileManager.default
        let stubs = try fm.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Sources/Exercises").path)
            .filter { $0.hasPrefix("Exercise") && $0.hasSuffix(".swift") && $0 != "ExerciseError.swift" }.sorted()
        #expect(stubs == course.map(\.file).sorted(), "Sources/Exercises holds \(stubs); the course lists \(course.map(\.file))")
        for e in course {
            let stem = e.file.replacingOccurrences(of: "Exercise", with: "").replacingOccurrences(of: ".swift", with: "")
            #expect(fm.fileExists(atPath: repositoryRoot.appendingPathComponent("Tests/ExerciseTests/ReferenceSolutions/Reference\(stem).swift").path),
                    "no reference solution for exercise \(e.id)")
            #expect(pristineStub(e.file) != nil, "no pristine copy of \(e.file) in Sources/Lab/Exercises/Stubs")
        }
        #expect(Set(course.map(\.id)).count == course.count, "exercise ids repeat")
        // The lab's catalog (what resnet-lab lists and checks) names the same exercises in the
        // same order: read from its source, since this target does not depend on Lab.
        let catalog = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/Lab/Exercises/ExerciseCatalog.swift"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"ExerciseInfo\(id: "([^"]+)", lesson: \d+,.*?file: "([^"]+)""#, options: [.dotMatchesLineSeparators])
        let listed = pattern.matches(in: catalog, range: NSRange(catalog.startIndex..., in: catalog)).map { m in
            (String(catalog[Range(m.range(at: 1), in: catalog)!]), String(catalog[Range(m.range(at: 2), in: catalog)!]))
        }
        #expect(listed.map(\.0) == course.map(\.id) && listed.map(\.1) == course.map(\.file),
                "Sources/Lab/Exercises/ExerciseCatalog.swift lists \(listed); the checks are \(course.map { ($0.id, $0.file) })")
    }

    /// The pristine copy (what `resnet-lab reset` restores) must be a stub: its body only
    /// throws notAttempted. Where the learner's file is still that copy, running it must say
    /// "not attempted" — on a fresh clone, that is every exercise. With
    /// RESNETLAB_EXPECT_PRISTINE=1 (CI), a file that differs from its copy is an error.
    @Test("every shipped stub is unsolved", arguments: course)
    func stubIsUnsolved(_ exercise: AnyExercise) throws {
        let pristine = try #require(pristineStub(exercise.file), "no pristine copy of \(exercise.file)")
        #expect(pristine.components(separatedBy: "throw ExerciseError.notAttempted(file: #fileID)").count == 2,
                "the pristine \(exercise.file) must throw ExerciseError.notAttempted exactly once")
        #expect(pristine.contains("/// **Task.**") && pristine.contains("/// **Shapes.**") && pristine.contains("Check it: `resnet-lab check \(exercise.id)`"),
                "the pristine \(exercise.file) must state the task, the shapes and how to check it")
        let shipped = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/Exercises/\(exercise.file)"), encoding: .utf8)
        if shipped == pristine {
            #expect(!exercise.attempted(), "Sources/Exercises/\(exercise.file) is the pristine stub, yet it does not throw notAttempted")
            #expect(exercise.learnerVerdict() == .notAttempted, "the stub of exercise \(exercise.id) is not reported as not attempted")
        } else if ProcessInfo.processInfo.environment["RESNETLAB_EXPECT_PRISTINE"] == "1" {
            Issue.record("Sources/Exercises/\(exercise.file) differs from its pristine copy in Sources/Lab/Exercises/Stubs (regenerate: python3 Tests/References/exercise_stubs.py)")
        }
    }
}

/// The text of Sources/Lab/Exercises/Stubs/<Stem>.swift's raw string literal, the copy
/// `resnet-lab reset` writes back.
func pristineStub(_ file: String) -> String? {
    let url = repositoryRoot.appendingPathComponent("Sources/Lab/Exercises/Stubs/\(file)")
    guard let source = try? String(contentsOf: url, encoding: .utf8),
          let start = source.range(of: "#\"\"\"\n"), let end = source.range(of: "\n\"\"\"#", options: .backwards) else { return nil }
    return String(source[start.upperBound..<end.lowerBound]) + "\n"
}
