// Pictures in the terminal: the two styles, colours, and the rows of character cells that
// every text picture is built from.
//
// A picture is a value that renders to a `String` and never prints, so the REPL, the lesson
// runner and the tests all use the same text. Two styles:
//   .color   24-bit ANSI escapes (ESC[38;2;r;g;bm foreground, ESC[48;2;r;g;bm background)
//   .plain   characters only — for NO_COLOR, pipes, files and lesson transcripts
// Rendering is deterministic: the style is an argument, never read from the environment
// inside a renderer; only `TerminalStyle.current` looks at the environment.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a picture is drawn: in 24-bit colour, or in plain characters.
///
/// ```swift
/// let picture = try ImagePicture(x[0], range: 0...255)
/// print(picture.rendered(.plain))     // characters only, safe to paste anywhere
/// print(picture.rendered())           // colour when stdout is a terminal and NO_COLOR is unset
/// ```
public enum TerminalStyle: Sendable, Equatable {
    /// 24-bit ANSI colour escapes.
    case color
    /// Characters only: no escape sequences, no trailing spaces.
    case plain

    /// `.color` when standard output is a terminal, `NO_COLOR` is unset (or empty, as
    /// no-color.org specifies) and `TERM` is not `dumb`; otherwise `.plain`.
    ///
    /// ```swift
    /// print(try LinePlot([.init("loss", [2.3, 1.1, 0.7])]).rendered(.current))
    /// ```
    public static var current: TerminalStyle {
        forced ?? detect(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1)
    }

    /// Set while a lesson runs: its outputs are compared as text, so pictures are plain
    /// whether or not `resnet-lab run` prints to a terminal.
    @TaskLocal static var forced: TerminalStyle?

    /// The decision behind `current`, separated so tests can state the rules.
    static func detect(environment: [String: String], isTerminal: Bool) -> TerminalStyle {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .plain }
        if environment["TERM"] == "dumb" { return .plain }
        return isTerminal ? .color : .plain
    }
}

/// A 24-bit colour.
struct RGB: Sendable, Equatable {
    var r: UInt8, g: UInt8, b: UInt8

    init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { (self.r, self.g, self.b) = (r, g, b) }
    init(gray v: UInt8) { self.init(v, v, v) }

    /// Perceived brightness 0…255 (ITU-R BT.601 weights), for the plain-text ramp.
    var luma: Double { 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b) }
    var foreground: String { "\u{1B}[38;2;\(r);\(g);\(b)m" }
    var background: String { "\u{1B}[48;2;\(r);\(g);\(b)m" }
    var hex: String { String(format: "#%02x%02x%02x", r, g, b) }

    /// Series colours (Okabe–Ito): distinct for the common colour-vision deficiencies and
    /// readable on dark and light terminals; glyphs still tell series apart without colour.
    static let palette: [RGB] = [
        RGB(230, 159, 0), RGB(86, 180, 233), RGB(0, 158, 115), RGB(204, 121, 167),
        RGB(213, 94, 0), RGB(0, 114, 178), RGB(240, 228, 66), RGB(153, 153, 153),
    ]
    /// Pixels that are NaN: a colour no grayscale image contains.
    static let notANumber = RGB(255, 0, 255)
    /// Marks for values a chart cannot place (NaN, zero on a log scale).
    static let warning = RGB(213, 94, 0)
}

enum ANSI {
    static let reset = "\u{1B}[0m"
    /// Back to the terminal's own background, for the lower half of an odd last row.
    static let defaultBackground = "\u{1B}[49m"

    static func paint(_ text: String, _ colour: RGB, _ style: TerminalStyle) -> String {
        style == .color ? colour.foreground + text + reset : text
    }
}

/// A row of character cells, each optionally coloured; turned into one line of text with
/// trailing blanks dropped (so plain output never ends a line in spaces).
struct CellRow {
    var cells: [(text: Character, colour: RGB?)]

    init(width: Int) { cells = Array(repeating: (" ", nil), count: width) }

    subscript(i: Int) -> (text: Character, colour: RGB?) {
        get { cells[i] }
        set { if cells.indices.contains(i) { cells[i] = newValue } }
    }

    /// Writes `text` from column `at`, clipped to the row.
    mutating func put(_ text: String, at: Int, colour: RGB? = nil) {
        for (k, c) in text.enumerated() { self[at + k] = (c, colour) }
    }

    func line(_ style: TerminalStyle) -> String {
        guard let last = cells.lastIndex(where: { $0.text != " " }) else { return "" }
        var out = ""
        for (c, colour) in cells[...last] {
            if let colour, style == .color, c != " " { out += colour.foreground + String(c) + ANSI.reset } else { out.append(c) }
        }
        return out
    }
}

/// Drops the spaces at the end of every line.
func trimmingTrailingSpaces(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        var s = Substring(line)
        while s.last == " " { s.removeLast() }
        return String(s)
    }.joined(separator: "\n")
}

extension TerminalStyle {
    /// `text` in bold (or another SGR code: "2" dim) when standard output is a colour
    /// terminal; plain text in a pipe, a file, or with NO_COLOR set.
    ///
    /// ```swift
    /// print(TerminalStyle.emphasis("Lesson 1"))
    /// ```
    public static func emphasis(_ text: String, code: String = "1") -> String {
        let style = detect(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1)
        return style == .color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
