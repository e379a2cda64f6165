// Runs a lesson's cells in order in one lab session and compares each cell's output with
// the expected one. `resnet-lab run` prints the notebook as it goes; `swift test` runs it
// quietly and reports the first mismatch with the cell's line.

import Foundation
import ResNetKit

/// The outcome of running a lesson.
public struct LessonResult: Sendable {
    public struct Mismatch: Sendable, CustomStringConvertible {
        public let line: Int
        public let source: String
        public let expected: String
        public let actual: String
        public let reason: String
        public var description: String {
            "cell at line \(line):\n" + source.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n  \(reason)\n  expected:\n" + indent(expected) + "\n  got:\n"
                + indent(actual)
        }
        private func indent(_ s: String) -> String { s.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") }
    }
    public let lesson: String
    public let cellsRun: Int
    /// Cells of the lesson's long experiment left out (run without `long`).
    public var cellsSkipped = 0
    public let mismatch: Mismatch?
    public let seconds: Double
    public var passed: Bool { mismatch == nil }
}

/// Runs lessons.
///
/// ```swift
/// let result = LessonRunner().run(try Lesson(path: "Lessons/01-tensors.md"))
/// result.passed
/// ```
public final class LessonRunner {
    let show: ((String) -> Void)?
    let long: Bool

    /// `show` receives the notebook as it runs (prose, cells, outputs); nil runs quietly.
    /// `long` runs the lesson's opt-in long experiment too (`<!-- long -->` regions).
    public init(show: ((String) -> Void)? = nil, long: Bool = false) { (self.show, self.long) = (show, long) }

    public func run(_ lesson: Lesson) -> LessonResult {
        // Pictures are plain text while a lesson runs: outputs are compared as text. The
        // lesson's REPL has a session of its own (seeds from 0, layer names afresh).
        TerminalStyle.$forced.withValue(.plain) { runPlain(lesson) }
    }

    private func runPlain(_ lesson: Lesson) -> LessonResult {
        var captured: [String] = []
        let repl = REPL(interactive: false, out: { captured.append($0) }, err: { captured.append($0) })
        let start = Date()
        var run = 0, skipped = 0, skippedHere = 0, skipping = false
        show?(TerminalStyle.emphasis(lesson.title) + "\n")
        for part in lesson.parts {
            if skipping {
                if case .cell = part { (skipped, skippedHere) = (skipped + 1, skippedHere + 1) }
                if case .longEnds = part {
                    skipping = false
                    show?("⋯ the long experiment (\(skippedHere) cell\(skippedHere == 1 ? "" : "s")) is left out: `resnet-lab run \(lesson.runName) --long` runs it\n")
                    skippedHere = 0
                }
                continue
            }
            switch part {
            case .longBegins:
                skipping = !long
            case .longEnds:
                break
            case .prose(let text):
                // The title is printed above; HTML comments are settings, not prose.
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.hasPrefix("<!--") && !$0.hasPrefix("# ") }
                let shown = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                if !shown.isEmpty { show?(shown + "\n") }
            case .cell(let cell):
                show?(cell.source.split(separator: "\n", omittingEmptySubsequences: false).map { "lab> " + $0 }.joined(separator: "\n"))
                captured = []
                for statement in LessonRunner.inputs(cell.source) { repl.handle(statement) }
                repl.interpreter.flushOutput()
                run += 1
                let actual = captured.joined(separator: "\n").trimmingCharacters(in: .newlines)
                if !actual.isEmpty { show?(actual) }
                show?("")
                guard cell.checked else { continue }
                let expected = (cell.expected ?? "").trimmingCharacters(in: .newlines)
                if let why = OutputMatch.difference(expected: expected, actual: actual, tolerance: cell.tolerance ?? lesson.tolerance) {
                    var result = LessonResult(
                        lesson: lesson.title, cellsRun: run,
                        mismatch: .init(line: cell.line, source: cell.source, expected: expected, actual: actual, reason: why),
                        seconds: Date().timeIntervalSince(start))
                    result.cellsSkipped = skipped
                    return result
                }
            }
        }
        var result = LessonResult(lesson: lesson.title, cellsRun: run, mismatch: nil, seconds: Date().timeIntervalSince(start))
        result.cellsSkipped = skipped
        return result
    }

    /// A cell's inputs as the REPL would receive them: `:command` lines alone, code grouped
    /// until its brackets close.
    static func inputs(_ source: String) -> [String] {
        var out: [String] = [], pending = ""
        for line in source.components(separatedBy: "\n") {
            if pending.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(":") { out.append(line); continue }
            pending += (pending.isEmpty ? "" : "\n") + line
            if Lexer.openBrackets(pending) <= 0 { out.append(pending); pending = "" }
        }
        if !pending.isEmpty { out.append(pending) }
        return out.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}

/// Where the lessons live: the Lessons folder of the ResNet Lab checkout, found at run time
/// (`$RESNETLAB_ROOT`, the current folder and its parents, then the folders above the binary).
///
/// ```swift
/// let folder = try LessonLibrary.directory()   // ".../Lessons"
/// ```
public enum LessonLibrary {
    public static func directory() throws -> String {
        do { return try LabCheckout.locate("Lessons/manifest.json").appendingPathComponent("Lessons").path } catch let error as ResNetError {
            throw LabError("the lessons: " + error.message)
        }
    }
}
