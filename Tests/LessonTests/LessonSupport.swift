// Shared by the lesson tests: where the repository is, the curriculum, quiet runs, and the
// `<!-- reference: … -->` comments that tie a lesson's figures to Tests/References/Fixtures.

import Foundation
import ResNetKit
@testable import Lab

/// The repository root (Tests/LessonTests/LessonSupport.swift → three levels up).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fixturesRoot = repositoryRoot.appendingPathComponent("Tests/References/Fixtures")
let lessonsDirectory = repositoryRoot.appendingPathComponent("Lessons").path

func loadManifest() throws -> Manifest { try Manifest.load(directory: lessonsDirectory) }

func lessonPath(_ entry: Manifest.Entry) -> String { lessonsDirectory + "/" + entry.file }

/// Runs `body` from the repository root with standard output sent to /dev/null, so `fit`'s
/// progress lines (written straight to stdout) do not flood the test log. What the lesson's
/// cells print is captured by the runner, not by stdout, and is unaffected.
func quietly<T>(_ body: () throws -> T) rethrows -> T {
    fflush(nil)
    let saved = dup(STDOUT_FILENO)
    let null = open("/dev/null", O_WRONLY)
    dup2(null, STDOUT_FILENO)
    close(null)
    let cwd = FileManager.default.currentDirectoryPath
    _ = FileManager.default.changeCurrentDirectoryPath(repositoryRoot.path)
    defer {
        _ = FileManager.default.changeCurrentDirectoryPath(cwd)
        fflush(nil)
        dup2(saved, STDOUT_FILENO)
        close(saved)
    }
    return try body()
}

// MARK: - Reference comments

/// One `<!-- reference: FILE#KEY [at N] -->` comment above a cell: the figure at KEY in the
/// fixture FILE (relative to Tests/References/Fixtures) backs the numbers the cell prints.
///
/// KEY is a dotted path into the JSON (`models.resnet20_v1.total_params`); in the lesson
/// fixtures (`lessons/*.json`) it names a figure and means `figures.KEY.value`. The value is
///  - a number or a (nested) list of numbers: they must appear, in order and side by side,
///    among the numbers of the cell's expected output (starting at number N with `at N`);
///    With `in order` they must appear in order, other numbers may come between them;
///  - `{"min": a, "max": b}`: the output's number N (0-based) lies in [a, b] (`at` required);
///  - `{"holds": true}` / `{"holds": false}`: the output's first (or N-th) true/false says the same.
/// With `in source` the numbers are taken from the cell's source instead of its output.
struct Reference: CustomStringConvertible {
    let file: String
    let key: String
    let at: Int?
    /// `in order`: the numbers must appear in order, not necessarily side by side (a table
    /// whose rows also print other numbers, such as `[0][0]` in "Connected to").
    var inOrder = false
    /// `in source`: the numbers are the cell's source's, not its output's (a threshold a
    /// cell asserts, such as `atLeast(accuracy, 0.75)`, backed by what Keras reaches).
    var inSource = false
    var description: String { "\(file)#\(key)" + (at.map { " at \($0)" } ?? "") + (inOrder ? " in order" : "") + (inSource ? " in source" : "") }

    static func parse(_ prose: String) -> [Reference] {
        prose.split(separator: "\n").compactMap { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("<!-- reference:"), t.hasSuffix("-->") else { return nil }
            let words = t.dropFirst("<!-- reference:".count).dropLast(3).split(separator: " ").map(String.init)
            guard let target = words.first, target != "none", let hash = target.firstIndex(of: "#") else { return nil }
            let options = Array(words.dropFirst())
            let at = options.firstIndex(of: "at").flatMap { options.indices.contains($0 + 1) ? Int(options[$0 + 1]) : nil }
            func has(_ a: String, _ b: String) -> Bool { zip(options, options.dropFirst()).contains { $0 == a && $1 == b } }
            return Reference(
                file: String(target[..<hash]), key: String(target[target.index(after: hash)...]), at: at,
                inOrder: has("in", "order"), inSource: has("in", "source"))
        }
    }

    enum Figure {
        case numbers([Double])
        case range(Double, Double)
        /// A fact that holds or not (an ordering of training runs): the output's true/false.
        case verdict(Bool)
    }

    /// The referenced value, read from the fixture file.
    func figure() throws -> Figure {
        let url = fixturesRoot.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Failure("no fixture file \(url.path)") }
        var node: Any = try JSONSerialization.jsonObject(with: data)
        let path = file.hasPrefix("lessons/") ? ["figures", key, "value"] : key.split(separator: ".").map(String.init)
        for part in path {
            if let dict = node as? [String: Any], let next = dict[part] {
                node = next
            } else if let list = node as? [Any], let i = Int(part), list.indices.contains(i) {
                node = list[i]
            } else {
                throw Failure("\(self): no entry '\(part)' in \(file)")
            }
        }
        if let dict = node as? [String: Any], let lo = dict["min"] as? Double, let hi = dict["max"] as? Double { return .range(lo, hi) }
        if let dict = node as? [String: Any], let holds = dict["holds"] as? NSNumber { return .verdict(holds.boolValue) }
        var out: [Double] = []
        func flatten(_ v: Any) throws {
            if let n = v as? NSNumber {
                out.append(n.doubleValue)
            } else if let list = v as? [Any] {
                try list.forEach(flatten)
            } else {
                throw Failure("\(self): \(v) is not a number or a list of numbers")
            }
        }
        try flatten(node)
        return .numbers(out)
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// The numbers of an output text, as the runner compares them.
func numbers(in text: String) -> [Double] {
    OutputMatch.pieces(text).compactMap { if case .number(let v, _) = $0 { return v } else { return nil } }
}

/// Whether a printed number agrees with a reference value: whole numbers (counts, shapes,
/// labels) exactly; others to the 4 significant digits a tensor display prints.
func agrees(_ printed: Double, _ reference: Double) -> Bool {
    if reference == reference.rounded(), abs(reference) >= 1, printed == printed.rounded() { return printed == reference }
    return abs(printed - reference) <= 1e-3 * abs(reference) + 1e-7
}

/// nil when the cell carries the reference's figure (in its expected output, or in its
/// source for `in source`); otherwise why not.
func check(_ reference: Reference, in cell: Lesson.Cell) throws -> String? {
    try check(reference, against: reference.inSource ? cell.source : cell.expected ?? "")
}

/// nil when `expected` carries the reference's figure; otherwise why not.
func check(_ reference: Reference, against expected: String) throws -> String? {
    let printed = numbers(in: expected)
    switch try reference.figure() {
    case .verdict(let holds):
        let verdicts = expected.split(whereSeparator: \.isWhitespace).filter { $0 == "true" || $0 == "false" }
        guard let printed = verdicts.dropFirst(reference.at ?? 0).first else { return "\(reference): the output says neither true nor false" }
        return printed == String(holds) ? nil : "\(reference): the output says \(printed), the reference \(holds)"
    case .range(let lo, let hi):
        guard let at = reference.at else { return "\(reference): a range needs 'at N'" }
        guard printed.indices.contains(at) else { return "\(reference): the output has only \(printed.count) numbers" }
        return (lo...hi).contains(printed[at]) ? nil : "\(reference): printed \(printed[at]) is outside the reference range [\(lo), \(hi)]"
    case .numbers(let values):
        guard !values.isEmpty else { return "\(reference): empty reference" }
        if reference.inOrder {
            var k = 0
            for p in printed where k < values.count && agrees(p, values[k]) { k += 1 }
            return k == values.count ? nil : "\(reference): the output's numbers do not contain \(values) in order (matched \(k) of \(values.count); next \(values[k]))"
        }
        let starts = reference.at.map { [$0] } ?? Array(0..<max(0, printed.count - values.count + 1))
        for s in starts where s + values.count <= printed.count {
            if zip(printed[s...], values).allSatisfy(agrees) { return nil }
        }
        return "\(reference): the output's numbers \(printed.prefix(40)) do not contain \(values.prefix(40))" + (reference.at.map { " at \($0)" } ?? "")
    }
}

/// `<!-- reference: none — why -->`: a checked cell whose numbers teach no fact of their own
/// (an error message quoted, a difference that must be zero), with the reason.
func declaresNoReference(_ prose: String) -> Bool {
    prose.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("<!-- reference: none") }
}

/// Every checked cell that prints numbers, with the prose right above it.
func numericCells(_ lesson: Lesson) -> [(cell: Lesson.Cell, prose: String)] {
    var out: [(Lesson.Cell, String)] = []
    var prose = ""
    for part in lesson.parts {
        switch part {
        case .prose(let text): prose = text
        case .cell(let cell):
            if cell.checked, !numbers(in: cell.expected ?? "").isEmpty { out.append((cell, prose)) }
            prose = ""
        case .longBegins, .longEnds: break
        }
    }
    return out
}

/// Every checked cell with the references written above it.
func referencedCells(_ lesson: Lesson) -> [(cell: Lesson.Cell, references: [Reference])] {
    var out: [(Lesson.Cell, [Reference])] = []
    var pending: [Reference] = []
    for part in lesson.parts {
        switch part {
        case .prose(let text): pending = Reference.parse(text)
        case .cell(let cell):
            if !pending.isEmpty { out.append((cell, pending)) }
            pending = []
        case .longBegins, .longEnds: break
        }
    }
    return out
}
