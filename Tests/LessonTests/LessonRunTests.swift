// Every lesson of the curriculum runs through LessonRunner, as `resnet-lab run` does, and
// must print what it says it prints; a lesson whose expected output was altered must fail.
//
// Swift Testing, in parallel: each lesson's REPL has a session of its own (its seed stream
// and its layer names, see ResNetKit's Session), so lessons running side by side in one
// process print exactly what each prints alone — a test below checks that too.

import Foundation
import Testing
import ResNetKit
@testable import Lab

/// The lessons the manifest lists, by number.
private let lessonNumbers: [Int] = (try? loadManifest().lessons.map(\.number)) ?? []

/// The lesson numbered `number`, parsed.
private func lesson(_ number: Int) throws -> (Lesson, Manifest.Entry) {
    let entry = try #require(try loadManifest().lessons.first { $0.number == number }, "lesson \(number) is not in the manifest")
    return (try Lesson(path: lessonPath(entry)), entry)
}

@Suite("Lessons run as notebooks")
struct LessonRunTests {
    @Test("the manifest lists the lessons") func manifestLists() {
        #expect(lessonNumbers.count >= 12)
        #expect(lessonNumbers == Array(1...lessonNumbers.count))
    }

    @Test("each lesson prints what it says", arguments: lessonNumbers)
    func run(_ number: Int) throws {
        let (lesson, entry) = try lesson(number)
        let result = LessonRunner().run(lesson)
        #expect(result.mismatch == nil, "Lessons/\(entry.file): \(result.mismatch.map { "\($0)" } ?? "")")
        // Every cell but the opt-in long experiment (CI runs the short form).
        #expect(result.cellsRun == lesson.cells.filter { !$0.long }.count, "every cell ran")
        #expect(result.cellsSkipped == lesson.cells.filter(\.long).count)
        // "Each lesson in well under a minute on 2 cores" (debug Lab, optimised engine) — with the
        // other lessons running beside it here, so the bound is generous.
        #expect(result.seconds < 240, "Lessons/\(entry.file) took \(result.seconds) s")
        print(String(format: "[lesson %02d] %@: %d cells, %.1f s", number, lesson.title, result.cellsRun, result.seconds))
    }

    @Test("two lessons at once print exactly what each prints alone")
    func concurrentLessonsAreIndependent() throws {
        let pair = [try lesson(5).0, try lesson(7).0]
        @Sendable func transcript(_ l: Lesson) -> String {
            var text = ""
            _ = LessonRunner(show: { text += $0 + "\n" }).run(l)
            return text
        }
        let alone = pair.map(transcript)
        let together = LockedStrings(count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { k in together.set(k, transcript(pair[k])) }
        for k in 0..<2 {
            #expect(together.get(k) == alone[k], "lesson \(pair[k].title) printed differently beside another lesson")
        }
        #expect(alone[1].contains("conv2d_74"), "layer names count within the lesson, as in Keras")
    }

    // MARK: the runner rejects altered lessons

    /// Lesson text with one expected figure changed: the first number of the first output
    /// that a reference backs, moved by far more than the tolerance.
    func altered(_ text: String, lesson: Lesson) throws -> (text: String, line: Int, was: String, now: String) {
        let (cell, _) = try #require(try referencedCells(lesson).first { $0.cell.checked && !numbers(in: $0.cell.expected ?? "").isEmpty })
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
        let range = Range(try #require(match, "no number in the output at line \(cell.line)").range, in: original)!
        let was = String(original[range])
        let now = String(Double(was)! * 1.5 + 1)
        lines[i] = original.replacingCharacters(in: range, with: now)
        return (lines.joined(separator: "\n"), cell.line, was, now)
    }

    @Test("the runner rejects a lesson whose figure was altered")
    func runnerRejectsAnAlteredFigure() throws {
        for number in [1, 2, 5, 8, 11] {
            let entry = try #require(try loadManifest().lessons.first { $0.number == number })
            let path = lessonPath(entry)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let original = try Lesson(markdown: text, path: path)
            let change = try altered(text, lesson: original)
            let result = LessonRunner().run(try Lesson(markdown: change.text, path: path))
            let mismatch = try #require(result.mismatch, "lesson \(number) with \(change.was) changed to \(change.now) must not pass")
            #expect(mismatch.line == change.line, "the mismatch names the altered cell")
            #expect(mismatch.reason.contains(change.now), "the reason quotes the altered figure: \(mismatch.reason)")
            print("[altered lesson \(number)] \(change.was) → \(change.now) rejected: \(mismatch.reason)")
        }
    }

    @Test("the runner rejects altered words and missing output")
    func runnerRejectsAlteredWordsAndMissingOutput() throws {
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
        #expect(LessonRunner().run(try Lesson(markdown: base)).mismatch == nil)
        for (wrong, why) in [("6.0", "6.01"), ("[2, 3]", "[3, 2]"), ("6.0", "6.0\nextra")] {
            let text = base.replacingOccurrences(of: "        " + wrong, with: "        " + why)
                .replacingOccurrences(of: "\n" + wrong + "\n", with: "\n" + why + "\n")
            #expect(LessonRunner().run(try Lesson(markdown: text)).mismatch != nil, "\(wrong) → \(why)")
        }
    }
}

@Suite("Lessons: the opt-in long experiment")
struct LongExperimentTests {
    static let text = """
        # Scratch
        ```swift
        var steps = 1
        ```
        <!-- long -->
        ## At full length
        ```swift
        steps = 1000
        steps
        ```

        ```output
        1000
        ```
        <!-- /long -->
        ```swift
        steps
        ```

        ```output
        1000
        ```
        """

    @Test("long cells run only with long: true; without it they are left out, and said so")
    func longCellsRunOnlyWhenAsked() throws {
        let lesson = try Lesson(markdown: Self.text)
        #expect(lesson.cells.map(\.long) == [false, true, false])
        let long = LessonRunner(long: true).run(lesson)
        #expect(long.mismatch == nil && long.cellsRun == 3 && long.cellsSkipped == 0)
        var shown = ""
        let short = LessonRunner(show: { shown += $0 + "\n" }).run(lesson)
        #expect((short.cellsRun, short.cellsSkipped) == (2, 1))
        // The last cell expects 1000: without the long cell it prints 1, so the run fails —
        // the long cells really were left out.
        #expect(short.mismatch?.actual == "1")
        #expect(shown.contains("the long experiment (1 cell) is left out") && !shown.contains("At full length"))
    }

    @Test("an unclosed or nested long region is an error with its line")
    func badRegions() {
        for (text, line) in [("<!-- long -->\n```swift\n1\n```", 1), ("<!-- long -->\n<!-- long -->", 2), ("<!-- /long -->", 1)] {
            #expect(throws: LabError.self) { try Lesson(markdown: text) }
            do { _ = try Lesson(markdown: text) } catch { #expect("\(error)".contains("lesson:\(line):"), "\(error)") }
        }
    }
}

/// Two strings written from two threads.
final class LockedStrings: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String]
    init(count: Int) { values = Array(repeating: "", count: count) }
    func set(_ k: Int, _ v: String) { lock.lock(); values[k] = v; lock.unlock() }
    func get(_ k: Int) -> String { lock.lock(); defer { lock.unlock() }; return values[k] }
}
