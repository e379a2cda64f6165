// Every lesson of the curriculum runs through LessonRunner, as `resnet-lab run` does, and
// must print what it says it prints; a lesson whose expected output was altered must fail.
//
// XCTest rather than Swift Testing, on purpose: a lesson builds models whose layer names
// (LayerNames) and initial weights (RandomSeeds) come from process-wide counters, which the
// runner resets at the start. Swift Testing runs suites in parallel in one process, so a
// ResNetKit test building a model at the same moment would shift a lesson's names and
// weights. `swift test` runs XCTest cases one at a time, in a pass of their own.

import Foundation
import XCTest
import ResNetKit
@testable import Lab

final class LessonRunTests: XCTestCase {
    /// Runs lesson `number` quietly; fails with the runner's own report on a mismatch.
    func run(_ number: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let manifest = try loadManifest()
        let entry = try XCTUnwrap(manifest.lessons.first { $0.number == number }, "lesson \(number) is not in the manifest", file: file, line: line)
        let lesson = try Lesson(path: lessonPath(entry))
        let result = quietly { LessonRunner().run(lesson) }
        if let m = result.mismatch { XCTFail("Lessons/\(entry.file): \(m)", file: file, line: line) }
        XCTAssertEqual(result.cellsRun, lesson.cells.count, "every cell ran", file: file, line: line)
        // "Each lesson in well under a minute on 2 cores" (debug Lab, optimised engine).
        XCTAssertLessThan(result.seconds, 60, "Lessons/\(entry.file) took \(result.seconds) s", file: file, line: line)
        print(String(format: "[lesson %02d] %@: %d cells, %.1f s", number, lesson.title, result.cellsRun, result.seconds))
    }

    func testLesson01() throws { try run(1) }
    func testLesson02() throws { try run(2) }
    func testLesson03() throws { try run(3) }
    func testLesson04() throws { try run(4) }
    func testLesson05() throws { try run(5) }
    func testLesson06() throws { try run(6) }
    func testLesson07() throws { try run(7) }
    func testLesson08() throws { try run(8) }
    func testLesson09() throws { try run(9) }
    func testLesson10() throws { try run(10) }
    func testLesson11() throws { try run(11) }
    func testLesson12() throws { try run(12) }
    func testLesson13() throws { try run(13) }

    /// The methods above cover the manifest exactly: a lesson added to the manifest
    /// without a test method here fails this test.
    func testEveryLessonHasARunTest() throws {
        XCTAssertEqual(try loadManifest().lessons.map(\.number), Array(1...13))
    }

    // MARK: the runner rejects altered lessons

    /// Lesson text with one expected figure changed: the first number of the first output
    /// that a reference backs, moved by far more than the tolerance.
    func altered(_ text: String, lesson: Lesson) throws -> (text: String, line: Int, was: String, now: String) {
        let (cell, _) = try XCTUnwrap(referencedCells(lesson).first { $0.cell.checked && !numbers(in: $0.cell.expected ?? "").isEmpty })
        var lines = text.components(separatedBy: "\n")
        // The output block starts after the cell's ```swift fence (line numbers are 1-based).
        var i = cell.line
        while !lines[i].hasPrefix("```output") { i += 1 }
        i += 1
        let regex = try NSRegularExpression(pattern: #"(?<![\w.\[])\d+(\.\d+)?(?![\w\]])"#)
        var match: NSTextCheckingResult?
        while lines[i] != "```" {
            match = regex.firstMatch(in: lines[i], range: NSRange(lines[i].startIndex..., in: lines[i]))
            if match != nil { break }
            i += 1
        }
        let original = lines[i]
        let range = Range(try XCTUnwrap(match, "no number in the output at line \(cell.line)").range, in: original)!
        let was = String(original[range])
        let now = String(Double(was)! * 1.5 + 1)
        lines[i] = original.replacingCharacters(in: range, with: now)
        return (lines.joined(separator: "\n"), cell.line, was, now)
    }

    func testRunnerRejectsAnAlteredFigure() throws {
        for number in [1, 2, 5, 8, 11] {
            let entry = try XCTUnwrap(try loadManifest().lessons.first { $0.number == number })
            let path = lessonPath(entry)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let original = try Lesson(markdown: text, path: path)
            let change = try altered(text, lesson: original)
            let result = quietly { LessonRunner().run(try! Lesson(markdown: change.text, path: path)) }
            let mismatch = try XCTUnwrap(result.mismatch, "lesson \(number) with \(change.was) changed to \(change.now) must not pass")
            XCTAssertEqual(mismatch.line, change.line, "the mismatch names the altered cell")
            XCTAssertTrue(mismatch.reason.contains(change.now), "the reason quotes the altered figure: \(mismatch.reason)")
            print("[altered lesson \(number)] \(change.was) → \(change.now) rejected: \(mismatch.reason)")
        }
    }

    func testRunnerRejectsAlteredWordsAndMissingOutput() throws {
        let base = """
        # Scratch
        <!-- tolerance: 1e-4 -->
        ```swift
        let x = Tensor.ones([2, 3])
        x.shape
        x.sum()
        ```

        ```output
        [2, 3]
        6.0
        ```
        """
        XCTAssertNil(quietly { LessonRunner().run(try! Lesson(markdown: base)) }.mismatch)
        for (wrong, why) in [("6.0", "6.01"), ("[2, 3]", "[3, 2]"), ("6.0", "6.0\nextra")] {
            let text = base.replacingOccurrences(of: "        " + wrong, with: "        " + why)
                .replacingOccurrences(of: "\n" + wrong + "\n", with: "\n" + why + "\n")
            XCTAssertNotNil(quietly { LessonRunner().run(try! Lesson(markdown: text)) }.mismatch, "\(wrong) → \(why)")
        }
    }
}
