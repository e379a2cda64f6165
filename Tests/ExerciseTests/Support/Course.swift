// The course as a whole: every exercise in curriculum order (Lessons/manifest.json, the one
// place the curriculum is declared, read here as the lab reads it), the progress line
// `swift test` prints, and the self-check that proves the checks are real.

import Foundation
import Testing
import Exercises
import ResNetKit

/// An exercise as Lessons/manifest.json declares it (the fields the tests need).
struct CurriculumExercise: Decodable, Sendable {
    let id: String
    let lesson: Int
    let file: String
}

/// The manifest's exercises, in order; empty (and the self-check fails) if it cannot be read.
let curriculum: [CurriculumExercise] = {
    struct Manifest: Decodable { let exercises: [CurriculumExercise] }
    let url = repositoryRoot.appendingPathComponent("Lessons/manifest.json")
    guard let data = try? Data(contentsOf: url) else { return [] }
    return (try? JSONDecoder().decode(Manifest.self, from: data).exercises) ?? []
}()

/// The file the manifest gives exercise `id`.
func curriculumFile(_ id: String) -> String {
    curriculum.first { $0.id == id }?.file ?? "(exercise \(id) is not in Lessons/manifest.json)"
}

/// Every check written in Checks/, by exercise id (the code; which exercises exist, in which
/// order and in which file, is the manifest's business).
let checks: [AnyExercise] = [
    OutputSizeCheck.exercise.erased, NaiveConvCheck.exercise.erased,
    BatchNormCheck.exercise.erased, DenseBackwardCheck.exercise.erased,
    IdentityBlockCheck.exercise.erased, ConvolutionalBlockCheck.exercise.erased,
    GradientRatioCheck.exercise.erased,
    ResidualUnitCheck.exercise.erased, ResNetV1Check.exercise.erased,
    ScheduleCheck.exercise.erased, AccuracyCheck.exercise.erased, TrainingLoopCheck.exercise.erased,
    PlainNetCheck.exercise.erased, ZeroPaddingShortcutCheck.exercise.erased,
]

/// Every exercise of the manifest that has a check, in the manifest's order.
let course: [AnyExercise] = curriculum.compactMap { c in checks.first { $0.id == c.id } }

@Suite("Exercises: your progress")
struct CourseProgress {
    /// Judges every exercise once more and prints "k of N exercises solved" (the per-exercise
    /// suites above are what pass or fail; this one only reports). `resnet-lab exercises`
    /// runs this test and reads the verdicts it writes.
    @Test("k of N exercises solved")
    func progress() {
        let verdicts = course.map { e -> Verdict in
            let v = e.attempted() ? e.learnerVerdict() : .notAttempted
            e.report(v)
            return v
        }
        let solved = verdicts.filter { $0 == .passed }.count
        let untouched = zip(course, verdicts).filter { $0.1 == .notAttempted }.map(\.0)
        let failing = zip(course, verdicts).filter { if case .failed = $0.1 { true } else { false } }.map(\.0)
        var line = "ResNet Lab: \(solved) of \(course.count) exercises solved"
        if !failing.isEmpty { line += "; failing: " + failing.map(\.id).joined(separator: ", ") }
        if !untouched.isEmpty { line += "; \(untouched.count) not attempted yet (next: Sources/Exercises/\(untouched[0].file))" }
        print(line)
    }
}
