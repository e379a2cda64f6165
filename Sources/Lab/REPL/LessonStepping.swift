// Stepping through a lesson in the REPL: Enter shows the next piece of prose and runs the
// next cell in the learner's own session, so they can type their own code between cells.

import Foundation
import ResNetKit

/// Where the learner is in the current lesson.
final class LessonCursor {
    let entry: Manifest.Entry
    let lesson: Lesson
    var next = 0  // index into lesson.parts
    var hintsShown = 0

    init(entry: Manifest.Entry, lesson: Lesson) {
        self.entry = entry
        self.lesson = lesson
    }

    var finished: Bool { next >= lesson.parts.count }
}

extension REPL {
    static let lessonCommands: [(name: String, usage: String, doc: String)] = [
        (":lesson", ":lesson [N or name]", "open a lesson (without argument: where you are)"),
        (":next", ":next", "go to the next lesson"),
        (":back", ":back", "go back to the previous lesson"),
        (":restart", ":restart", "start the current lesson again"),
        (":list", ":list", "every lesson, with done and current marks"),
        (":hint", ":hint", "the next hint for the current lesson"),
        (":check", ":check [N]", "check the exercise this lesson ends with (or exercise N)"),
        (":skip", ":skip", "jump over the lesson's opt-in long experiment"),
    ]

    /// Opens lesson `number` and shows its title (interactive start, :lesson, :next, :back).
    func openLesson(_ number: Int) throws {
        let manifest = try Manifest.load()
        guard let entry = manifest.lessons.first(where: { $0.number == number }) else {
            throw LabError("there is no lesson \(number); :list shows the \(manifest.lessons.count) lessons")
        }
        let lesson = try Lesson(path: manifest.path(entry))
        cursor = LessonCursor(entry: entry, lesson: lesson)
        progress.current = number
        saveProgress()
        emit(
            TerminalStyle.emphasis("Lesson \(number) of \(manifest.lessons.count): \(entry.title)")
                + "  (Enter runs the next cell; your own code works between cells; :help for commands)")
    }

    func saveProgress() {
        do { try progress.save() } catch let e as LabError { err("note: \(e.message)") } catch {}
    }

    /// Enter on an empty line: the next prose and the next cell.
    func stepLesson() {
        guard let c = cursor else {
            emit("no lesson is open: :lesson 1 starts the course, :list shows them all")
            return
        }
        if c.finished {
            emit("Lesson \(c.entry.number) is complete. :next goes on" + (c.entry.exercise.map { ", and exercise \($0) awaits: resnet-lab check \($0)" } ?? "."))
            return
        }
        while c.next < c.lesson.parts.count {
            let part = c.lesson.parts[c.next]
            c.next += 1
            switch part {
            case .longBegins:
                // A pause before a long experiment: the learner chooses to run it or not.
                let cells = c.lesson.parts[c.next...].prefix { if case .longEnds = $0 { return false } else { return true } }
                    .filter { if case .cell = $0 { return true } else { return false } }.count
                emit(
                    TerminalStyle.emphasis("The next \(cells) cell\(cells == 1 ? " is" : "s are") an opt-in long experiment (minutes, not seconds).")
                        + " Enter runs them (Ctrl-C stops a training run and keeps what it trained); :skip jumps over them.")
                return
            case .longEnds:
                continue
            case .prose(let text):
                let shown = text.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.hasPrefix("<!--") && !$0.hasPrefix("# ") }.joined(separator: "\n")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                if !shown.isEmpty { emit(shown + "\n") }
            case .cell(let cell):
                emit(cell.source.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalStyle.emphasis("lab>", code: "2") + " " + $0 }.joined(separator: "\n"))
                for input in LessonRunner.inputs(cell.source) { handle(input) }
                if c.finished { completeLesson(c) }
                return
            }
        }
        completeLesson(c)
    }

    func completeLesson(_ c: LessonCursor) {
        progress.done.insert(c.entry.number)
        saveProgress()
        emit(
            "\n✔ Lesson \(c.entry.number) complete." + (c.entry.exercise.map { " Exercise \($0) is next: open Sources/Exercises and run resnet-lab check \($0)." } ?? "")
                + " :next for the next lesson.")
    }

    func lessonCommand(_ name: String, _ rest: String) throws -> Bool {
        switch name {
        case ":lesson":
            if rest.isEmpty {
                guard let c = cursor else { throw LabError("no lesson is open: :lesson 1 starts the course") }
                emit(
                    "Lesson \(c.entry.number): \(c.entry.title) — \(c.lesson.cells.count) cells, \(c.lesson.parts.prefix(c.next).filter { if case .cell = $0 { return true } else { return false } }.count) run"
                )
            } else {
                let manifest = try Manifest.load()
                guard let e = manifest.find(rest) else { throw LabError("no lesson matches '\(rest)'; :list shows them") }
                try openLesson(e.number)
            }
        case ":next":
            let manifest = try Manifest.load()
            let n = (cursor?.entry.number ?? progress.current) + 1
            guard manifest.lessons.contains(where: { $0.number == n }) else { throw LabError("that was the last lesson — well done. :list shows them all") }
            try openLesson(n)
        case ":back":
            let n = (cursor?.entry.number ?? progress.current) - 1
            guard n >= 1 else { throw LabError("this is the first lesson") }
            try openLesson(n)
        case ":restart":
            guard let c = cursor else { throw LabError("no lesson is open") }
            try openLesson(c.entry.number)
        case ":list":
            let manifest = try Manifest.load()
            var lines = manifest.lessons.map { e in
                let mark = progress.done.contains(e.number) ? "✔" : (e.number == (cursor?.entry.number ?? progress.current) ? "▶" : " ")
                return " \(mark) \(String(format: "%2d", e.number))  \(e.title)"
            }
            lines.append("\(progress.done.count)/\(manifest.lessons.count) done")
            emit(lines.joined(separator: "\n"))
        case ":hint":
            guard let c = cursor else { throw LabError("no lesson is open") }
            guard !c.entry.hints.isEmpty else { emit("this lesson has no hints"); return true }
            let i = Swift.min(c.hintsShown, c.entry.hints.count - 1)
            emit("hint \(i + 1) of \(c.entry.hints.count): \(c.entry.hints[i])")
            c.hintsShown += 1
        case ":skip":
            guard let c = cursor, !c.finished else { throw LabError("no lesson is open") }
            guard let end = c.lesson.parts[c.next...].firstIndex(where: { if case .longEnds = $0 { return true } else { return false } }),
                !c.lesson.parts[c.next..<end].contains(where: { if case .longBegins = $0 { return true } else { return false } })
            else { throw LabError("there is no long experiment ahead to skip; Enter runs the next cell") }
            c.next = end + 1
            emit("skipped the long experiment; Enter goes on")
        case ":check":
            // The exercise(s) the current lesson ends with, or the one named, through `swift test`.
            let key = rest.isEmpty ? cursor?.entry.exercise.map(String.init) : rest
            guard let key else { throw LabError("this lesson has no exercise; :check 5 checks exercise 5") }
            emit(try ExerciseRunner().check(number: key).map(ExerciseReport.verdict).joined(separator: "\n\n"))
        default:
            return false
        }
        return true
    }
}
