// A lesson is a Markdown notebook: prose, then ```swift cells the lab runs, each followed
// by the ```output it must print. The same file reads well on GitHub, steps in the REPL,
// runs as a script and is checked by `swift test`.
//
//   <!-- tolerance: 1e-3 -->        numbers in outputs match within this relative tolerance
//   <!-- cell tolerance: 0.05 -->   the same, for the next cell only (a figure that is sensitive
//                                   to the last bits of float arithmetic; the prose says why)
//   ```swift                        a cell: lab code, or :commands
//   ```output                       what that cell prints (compared number by number)
//   ```output nocheck               shown, not compared (timings, progress)
//   <!-- long -->  …  <!-- /long -->  the cells between are an opt-in long experiment: run by
//                                   `resnet-lab run N --long`, skipped (and said so) otherwise

import Foundation

/// One lesson file, parsed.
///
/// ```swift
/// let lesson = try Lesson(path: "Lessons/05-identity-block.md")
/// lesson.title        // "The identity block"
/// lesson.cells.count  // how many code cells it runs
/// ```
public struct Lesson: Sendable {
    /// A piece of the notebook, in order.
    public enum Part: Sendable {
        case prose(String)
        case cell(Cell)
        /// `<!-- long -->`: an opt-in long experiment begins (its prose and cells up to `.longEnds`).
        case longBegins
        case longEnds
    }

    /// A code cell and the output it must print.
    public struct Cell: Sendable {
        public let source: String
        /// nil when the cell has no output block (it must then print nothing).
        public let expected: String?
        /// False for `output nocheck` blocks: shown but not compared.
        public let checked: Bool
        /// The line of the ```swift fence, for messages.
        public let line: Int
        /// This cell's own relative tolerance (`<!-- cell tolerance: … -->`), if it has one.
        public var tolerance: Double? = nil
        /// Part of the lesson's opt-in long experiment (between `<!-- long -->` and `<!-- /long -->`).
        public var long = false
    }

    public let path: String
    public let title: String
    public let parts: [Part]
    /// Relative tolerance for numbers in outputs (default 1e-4).
    public let tolerance: Double

    public var cells: [Cell] { parts.compactMap { if case .cell(let c) = $0 { return c } else { return nil } } }

    /// How `resnet-lab run` names this lesson: its number for a course file ("10"), else its path.
    public var runName: String {
        let url = URL(fileURLWithPath: path)
        let digits = url.lastPathComponent.prefix { $0.isNumber }
        let inCourse = url.deletingLastPathComponent().lastPathComponent == "Lessons"
        return inCourse && !digits.isEmpty ? String(Int(digits) ?? 0) : path
    }

    /// True when the lesson has an opt-in long experiment.
    public var hasLongCells: Bool { cells.contains { $0.long } }

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LabError("cannot read the lesson \(path)")
        }
        try self.init(markdown: text, path: path)
    }

    public init(markdown: String, path: String = "lesson") throws {
        self.path = path
        var parts: [Part] = []
        var prose: [String] = []
        var title = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var tolerance = 1e-4
        var cellTolerance: Double?
        var long: Int?  // the line where an open <!-- long --> region began
        let lines = markdown.components(separatedBy: "\n")
        var i = 0
        func flushProse() {
            let text = prose.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { parts.append(.prose(text)) }
            prose = []
        }
        /// The lines of a fenced block starting after line `start`, and the index after its closing fence.
        func block(from start: Int) throws -> ([String], Int) {
            var j = start + 1, body: [String] = []
            while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces) != "```" { body.append(lines[j]); j += 1 }
            guard j < lines.count else { throw LabError("\(path):\(start + 1): this ``` block is never closed") }
            return (body, j + 1)
        }
        while i < lines.count {
            let line = lines[i], trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("# "), title == URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent {
                title = String(trimmed.dropFirst(2))
            }
            if trimmed == "<!-- long -->" {
                if let open = long { throw LabError("\(path):\(i + 1): <!-- long --> inside the long region opened at line \(open + 1)") }
                flushProse()
                parts.append(.longBegins)
                long = i
            } else if trimmed == "<!-- /long -->" {
                guard long != nil else { throw LabError("\(path):\(i + 1): <!-- /long --> without a <!-- long --> before it") }
                flushProse()
                parts.append(.longEnds)
                long = nil
            }
            if let r = trimmed.range(of: "<!-- cell tolerance:"), let end = trimmed.range(of: "-->") {
                let value = trimmed[r.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
                guard let t = Double(value), t >= 0 else { throw LabError("\(path):\(i + 1): cell tolerance '\(value)' is not a number") }
                cellTolerance = t
            } else if let r = trimmed.range(of: "<!-- tolerance:"), let end = trimmed.range(of: "-->") {
                let value = trimmed[r.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
                guard let t = Double(value), t >= 0 else { throw LabError("\(path):\(i + 1): tolerance '\(value)' is not a number") }
                tolerance = t
            }
            if trimmed == "```swift" {
                flushProse()
                let (source, next) = try block(from: i)
                var j = next
                while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces).isEmpty { j += 1 }
                var expected: String?, checked = true
                if j < lines.count, lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("```output") {
                    checked = !lines[j].contains("nocheck")
                    let (out, after) = try block(from: j)
                    expected = out.joined(separator: "\n")
                    j = after
                } else {
                    j = next
                }
                parts.append(.cell(Cell(source: source.joined(separator: "\n"), expected: expected, checked: checked, line: i + 1, tolerance: cellTolerance, long: long != nil)))
                cellTolerance = nil
                i = j
                continue
            }
            prose.append(line)
            i += 1
        }
        flushProse()
        if let long { throw LabError("\(path):\(long + 1): this <!-- long --> region is never closed with <!-- /long -->") }
        self.title = title.replacingOccurrences(of: #"^\d+\s*[·.:-]\s*"#, with: "", options: .regularExpression)
        self.parts = parts
        self.tolerance = tolerance
    }
}
