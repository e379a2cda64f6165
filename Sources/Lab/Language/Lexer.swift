// The lab language's tokens: Swift's, so a line typed in the REPL moves into an exercise
// file unchanged. Like Swift's lexer it records the whitespace around each token, because
// Swift decides by it whether `!`, `?` and `-` are prefix, postfix or infix operators
// (`x!` unwraps, `!x` negates, `a ? b : c` is a conditional, `a?.b` an optional chain).

import Foundation

/// Where a token starts: 1-based line and column, for caret error messages.
public struct SourcePosition: Sendable, Equatable {
    public let line: Int
    public let column: Int
}

/// A piece of a string literal: text, or the source of an interpolated `\(expression)`.
enum StringSegment: Equatable {
    case text(String)
    case code(String, SourcePosition)
}

enum TokenKind: Equatable {
    case integer(Int), float(Double), string([StringSegment]), identifier(String), keyword(String)
    case symbol(String)  // ( ) [ ] , : . = + - * / ..< ... and the like
    case end
}

struct Token: Equatable {
    let kind: TokenKind
    let position: SourcePosition
    /// Whitespace, a newline or a comment (or the start of input) comes right before it.
    var spaceBefore = true
    /// Whitespace, a newline or a comment (or the end of input) comes right after it.
    var spaceAfter = true
    /// The token starts a new line.
    var newlineBefore = false
}

/// Splits source text into tokens, skipping spaces and comments.
struct Lexer {
    static let keywords: Set<String> = [
        "let", "var", "true", "false", "nil", "try", "if", "else", "guard", "for", "in", "while", "repeat",
        "switch", "case", "default", "break", "continue", "fallthrough", "return", "throw", "throws", "rethrows",
        "do", "catch", "func", "struct", "enum", "import", "as", "is", "where", "inout", "mutating", "init",
        "self", "Self", "defer", "static", "extension", "protocol", "class",
    ]
    // Longest first, so "..<" wins over ".".
    static let symbols = [
        "...", "..<", "===", "==", "!=", "<=", ">=", "&&", "||", "->", "+=", "-=", "*=", "/=", "%=", "??",
        "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "+", "-", "*", "/", "%", "<", ">", "!", "?", ";", "&", "@", "#", "\\",
    ]

    /// Where the lexer is in the source.
    final class Cursor {
        let chars: [Character]
        var i = 0, line: Int, column: Int
        init(_ source: String, _ start: SourcePosition) {
            chars = Array(source)
            line = start.line
            column = start.column
        }
        var position: SourcePosition { SourcePosition(line: line, column: column) }
        func advance(_ n: Int = 1) {
            for _ in 0..<n where i < chars.count {
                if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
                i += 1
            }
        }
    }

    static func tokenize(_ source: String, start: SourcePosition = SourcePosition(line: 1, column: 1)) throws -> [Token] {
        var tokens: [Token] = []
        let cursor = Cursor(source, start)
        let chars = cursor.chars
        var i: Int { cursor.i }
        var sawSpace = true, sawNewline = true
        func advance(_ n: Int = 1) { cursor.advance(n) }
        func append(_ kind: TokenKind, _ at: SourcePosition) {
            if !tokens.isEmpty { tokens[tokens.count - 1].spaceAfter = sawSpace }
            tokens.append(Token(kind: kind, position: at, spaceBefore: sawSpace, newlineBefore: sawNewline))
            sawSpace = false
            sawNewline = false
        }
        while i < chars.count {
            let c = chars[i]
            let here = cursor.position
            if c == " " || c == "\t" || c == "\r" || c == "\n" {
                if c == "\n" { sawNewline = true }
                sawSpace = true
                advance()
                continue
            }
            if c == "/", i + 1 < chars.count, chars[i + 1] == "/" {
                while i < chars.count, chars[i] != "\n" { advance() }
                sawSpace = true
                continue
            }
            if c == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                advance(2)
                var depth = 1  // Swift's block comments nest
                while i < chars.count, depth > 0 {
                    if chars[i] == "/", i + 1 < chars.count, chars[i + 1] == "*" { depth += 1; advance(2); continue }
                    if chars[i] == "*", i + 1 < chars.count, chars[i + 1] == "/" { depth -= 1; advance(2); continue }
                    if chars[i] == "\n" { sawNewline = true }
                    advance()
                }
                guard depth == 0 else { throw LabError("unterminated /* comment", at: here) }
                sawSpace = true
                continue
            }
            if c.isASCII, c.isNumber {
                append(try number(cursor, here), here)
                continue
            }
            if c.isLetter || c == "_" || c == "$" {
                var text = ""
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "$" { text.append(chars[i]); advance() }
                append(keywords.contains(text) ? .keyword(text) : .identifier(text), here)
                continue
            }
            if c == "`" {  // `default` as a name, as Swift allows
                advance()
                var text = ""
                while i < chars.count, chars[i] != "`", chars[i] != "\n" { text.append(chars[i]); advance() }
                guard i < chars.count, chars[i] == "`", !text.isEmpty else { throw LabError("unterminated `name`", at: here) }
                advance()
                append(.identifier(text), here)
                continue
            }
            if c == "\"" {
                append(.string(try string(cursor, here)), here)
                continue
            }
            if let s = symbols.first(where: { sym in
                let n = sym.count
                return i + n <= chars.count && String(chars[i..<(i + n)]) == sym
            }) {
                advance(s.count)
                append(.symbol(s), here)
                continue
            }
            throw LabError("unexpected character '\(c)'", at: here)
        }
        if !tokens.isEmpty { tokens[tokens.count - 1].spaceAfter = true }
        tokens.append(Token(kind: .end, position: cursor.position, spaceBefore: true, newlineBefore: true))
        return tokens
    }

    /// `42`, `1_000`, `0xFF`, `0b101`, `3.5`, `1e-3`.
    private static func number(_ cursor: Cursor, _ here: SourcePosition) throws -> TokenKind {
        let chars = cursor.chars
        var i: Int { cursor.i }
        func advance(_ n: Int) { cursor.advance(n) }
        if chars[i] == "0", i + 1 < chars.count, chars[i + 1] == "x" || chars[i + 1] == "b" || chars[i + 1] == "o" {
            let radix = chars[i + 1] == "x" ? 16 : chars[i + 1] == "b" ? 2 : 8
            advance(2)
            var text = ""
            while i < chars.count, chars[i].isHexDigit || chars[i] == "_" {
                if chars[i] != "_" { text.append(chars[i]) }
                advance(1)
            }
            guard let v = Int(text, radix: radix) else { throw LabError("'\(text)' is not a valid number in base \(radix)", at: here) }
            return .integer(v)
        }
        var text = ""
        var isFloat = false
        while i < chars.count {
            let ch = chars[i]
            if ch.isASCII, ch.isNumber || ch == "_" {
                if ch != "_" { text.append(ch) }
                advance(1)
            } else if ch == ".", !isFloat, i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isNumber, !text.contains("e") {
                isFloat = true
                text.append(ch)
                advance(1)
            } else if ch == "e" || ch == "E", !text.contains("e"),
                i + 1 < chars.count, chars[i + 1].isNumber || ((chars[i + 1] == "-" || chars[i + 1] == "+") && i + 2 < chars.count && chars[i + 2].isNumber)
            {
                isFloat = true
                text.append("e")
                text.append(chars[i + 1])
                advance(2)
            } else {
                break
            }
        }
        if i < chars.count, chars[i].isLetter {
            throw LabError("'\(text)\(chars[i])' is not a number; names cannot start with a digit", at: here)
        }
        if isFloat {
            guard let v = Double(text), v.isFinite else { throw LabError("the number \(text) is out of range", at: here) }
            return .float(v)
        }
        guard let v = Int(text) else { throw LabError("integer literal '\(text)' overflows when stored into 'Int' (at most \(Int.max))", at: here) }
        return .integer(v)
    }

    /// A string literal with escapes and `\(interpolations)`; `i` is at the opening quote.
    private static func string(_ cursor: Cursor, _ here: SourcePosition) throws -> [StringSegment] {
        let chars = cursor.chars
        var i: Int { cursor.i }
        func advance(_ n: Int) { cursor.advance(n) }
        advance(1)
        var segments: [StringSegment] = []
        var text = ""
        while i < chars.count, chars[i] != "\"" {
            if chars[i] == "\n" { throw LabError("unterminated string literal: add a \" before the end of the line", at: here) }
            guard chars[i] == "\\", i + 1 < chars.count else { text.append(chars[i]); advance(1); continue }
            let escapeAt = cursor.position
            advance(1)
            switch chars[i] {
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "r": text.append("\r")
            case "0": text.append("\0")
            case "\"": text.append("\"")
            case "'": text.append("'")
            case "\\": text.append("\\")
            case "u":
                advance(1)
                guard i < chars.count, chars[i] == "{" else { throw LabError("expected '{' in \\u{…}", at: escapeAt) }
                var hex = ""
                advance(1)
                while i < chars.count, chars[i].isHexDigit { hex.append(chars[i]); advance(1) }
                guard i < chars.count, chars[i] == "}", let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
                    throw LabError("invalid unicode escape \\u{\(hex)}", at: escapeAt)
                }
                text.unicodeScalars.append(scalar)
            case "(":
                advance(1)
                let codeStart = cursor.position
                var depth = 1, code = ""
                var inString = false
                while i < chars.count {
                    let ch = chars[i]
                    if ch == "\n" { throw LabError("unterminated string interpolation: close it with ')' on the same line", at: escapeAt) }
                    if inString {
                        if ch == "\\", i + 1 < chars.count { code.append(ch); advance(1); code.append(chars[i]); advance(1); continue }
                        if ch == "\"" { inString = false }
                    } else if ch == "\"" {
                        inString = true
                    } else if ch == "(" {
                        depth += 1
                    } else if ch == ")" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    code.append(ch)
                    advance(1)
                }
                guard i < chars.count, depth == 0 else { throw LabError("unterminated string interpolation: add ')'", at: escapeAt) }
                guard !code.trimmingCharacters(in: .whitespaces).isEmpty else { throw LabError("an interpolation \\( ) needs an expression", at: escapeAt) }
                if !text.isEmpty { segments.append(.text(text)); text = "" }
                segments.append(.code(code, codeStart))
            default:
                throw LabError("invalid escape sequence \\\(chars[i]) in a string", at: escapeAt)
            }
            advance(1)
        }
        guard i < chars.count else { throw LabError("unterminated string literal: add a \" at its end", at: here) }
        advance(1)
        if !text.isEmpty || segments.isEmpty { segments.append(.text(text)) }
        return segments
    }

    /// How many brackets are still open at the end of `source` (for multi-line input):
    /// positive while the user is inside ( [ or {. Strings and comments are skipped.
    static func openBrackets(_ source: String) -> Int {
        guard let tokens = try? tokenize(source) else {
            // An unclosed /* comment is still open; anything else is an error to show now.
            return source.components(separatedBy: "/*").count > source.components(separatedBy: "*/").count ? 1 : 0
        }
        var depth = 0
        for t in tokens {
            if case .symbol(let s) = t.kind {
                if s == "(" || s == "[" || s == "{" { depth += 1 }
                if s == ")" || s == "]" || s == "}" { depth -= 1 }
            }
        }
        return depth
    }
}
