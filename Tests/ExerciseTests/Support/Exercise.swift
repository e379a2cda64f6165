// One exercise as the tests see it: the learner's function, the reference solution, the
// plausible wrong solutions, and one check that judges any of them. `AnyExercise` erases the
// function type so the course can list them all.

import Foundation
import Testing
import Exercises
import ResNetKit

/// What a check concluded about one implementation.
enum Verdict: Equatable, Sendable {
    case notAttempted
    case passed
    case failed([String])

    var status: String {
        switch self {
        case .notAttempted: "not_attempted";
        case .passed: "solved";
        case .failed: "failing"
        }
    }
}

/// A wrong solution the check must reject, and a phrase its failure message must contain
/// (so the message points at the mistake, not just "values differ").
struct WrongSolution<Solution: Sendable>: Sendable {
    let name: String
    let mentions: String
    let solution: Solution
}

struct Exercise<Solution: Sendable>: Sendable {
    /// "5", "8a": what `resnet-lab check` takes, as Lessons/manifest.json declares it.
    let id: String
    /// Sources/Exercises/<file>, from the manifest.
    var file: String { curriculumFile(id) }
    let learner: Solution
    let reference: Solution
    let wrong: [WrongSolution<Solution>]
    /// A cheap call that a stub answers with `notAttempted`.
    let probe: @Sendable (Solution) throws -> Void
    let check: @Sendable (Solution, inout Checker) throws -> Void

    func verdict(_ solution: Solution) -> Verdict {
        var checker = Checker(file: file)
        do { try check(solution, &checker) } catch is NotAttempted { return .notAttempted } catch {
            checker.fail("the check could not run: \(error)")  // a missing fixture, say
        }
        return checker.failures.isEmpty ? .passed : .failed(checker.failures)
    }

    var erased: AnyExercise {
        AnyExercise(
            id: id, file: file,
            learnerVerdict: { verdict(learner) }, referenceVerdict: { verdict(reference) },
            wrong: wrong.map { w in AnyWrong(exercise: id, name: w.name, mentions: w.mentions, verdict: { verdict(w.solution) }) },
            attempted: { attempted(probe, learner, file: file) })
    }
}

/// False while the stub still throws `notAttempted` from its own file.
func attempted<S>(_ probe: (S) throws -> Void, _ solution: S, file: String) -> Bool {
    do { try probe(solution) } catch let ExerciseError.notAttempted(thrower) {
        return !thrower.hasSuffix("/" + file)
    } catch {}
    return true
}

struct AnyWrong: Sendable, CustomTestStringConvertible {
    let exercise: String
    let name: String
    let mentions: String
    let verdict: @Sendable () -> Verdict
    var testDescription: String { "\(exercise): \(name)" }
}

struct AnyExercise: Sendable, CustomTestStringConvertible {
    let id: String
    let file: String
    let learnerVerdict: @Sendable () -> Verdict
    let referenceVerdict: @Sendable () -> Verdict
    let wrong: [AnyWrong]
    let attempted: @Sendable () -> Bool
    var testDescription: String { "exercise \(id) (\(file))" }

    /// Judges the learner's file and records each mismatch as a test issue; writes the
    /// verdict for `resnet-lab` when RESNETLAB_EXERCISE_REPORT names a folder.
    func recordLearner(sourceLocation: SourceLocation = #_sourceLocation) {
        let verdict = learnerVerdict()
        report(verdict)
        switch verdict {
        case .passed: break
        case .notAttempted:
            Issue.record("Sources/Exercises/\(file) still throws ExerciseError.notAttempted for some inputs", sourceLocation: sourceLocation)
        case .failed(let failures):
            for f in failures { Issue.record(Comment(rawValue: "exercise \(id) (Sources/Exercises/\(file)): " + f), sourceLocation: sourceLocation) }
        }
    }

    func report(_ verdict: Verdict) {
        guard let folder = ProcessInfo.processInfo.environment["RESNETLAB_EXERCISE_REPORT"], !folder.isEmpty else { return }
        var failures: [String] = []
        if case .failed(let f) = verdict { failures = f }
        let object: [String: Any] = ["id": id, "file": file, "status": verdict.status, "failures": failures]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? data.write(to: URL(fileURLWithPath: folder).appendingPathComponent("exercise-\(id).json"))
    }
}

/// The text a skipped exercise shows in `swift test`'s output.
func notAttemptedComment(_ file: String) -> Comment {
    Comment(rawValue: "not attempted yet — open Sources/Exercises/\(file)")
}
