// The course as a whole: every exercise in curriculum order, the progress line `swift test`
// prints, and the self-check that proves the checks are real.

import Foundation
import Testing
import Exercises
import ResNetKit

/// Every exercise, in the order of the lessons.
let course: [AnyExercise] = [
    OutputSizeCheck.exercise.erased, NaiveConvCheck.exercise.erased,
    BatchNormCheck.exercise.erased, DenseBackwardCheck.exercise.erased,
    IdentityBlockCheck.exercise.erased, ConvolutionalBlockCheck.exercise.erased,
    GradientRatioCheck.exercise.erased,
    ResidualUnitCheck.exercise.erased, ResNetV1Check.exercise.erased,
    ScheduleCheck.exercise.erased, AccuracyCheck.exercise.erased,
    PlainNetCheck.exercise.erased, ZeroPaddingShortcutCheck.exercise.erased,
]

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
