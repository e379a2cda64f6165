// The lab language's tokens: a subset of Swift's, so a line typed in the REPL moves into
// an exercise file unchanged.

/// Where a token starts: 1-based line and column, for caret error messages.
public struct SourcePosition: Sendable, Equatable {
    public let line: Int
    public let column: Int
}

enum TokenKind: Equatable {
    case integer(Int), float(Double), string(String), identifier(String), keyword(String)
    case symbol(String)     // ( ) [ ] , : . = + - * / ..< ... and the like
    case end
}

struct Token: Equatable {
    let kind: TokenKind
    let position: SourcePosition
}

/// Splits source text into tokens, skipping spaces and `//` comments.
struct Lexer {
    static let keywords: Set<String> = ["let", "var", "true", "false", "nil", "try"]
    // Longest first, so "..<" wins over ".".
    static let symbols = ["..<", "...", "==", "!=", "<=", ">=", "&&", "||", "->", "+=", "-=", "*=", "/=",
                          "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "+", "-", "*", "/", "%", "<", ">", "!", "?", ";"]

    static func tokenize(_ source: String) throws -> [Token] {
        var tokens: [Token] = []
        let chars = Array(source)
        var i = 0, line = 1, column = 1
        func advance(_ n: Int = 1) {
            for _ in 0..<n where i < chars.count {
                if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
                i += 1
            }
        }
        while i < chars.count {
            let c = chars[i]
            let here = SourcePosition(line: line, column: column)
            if c == " " || c == "\t" || c == "\r" || c == "\n" { advance(); continue }
            if c == "/", i + 1 < chars.count, chars[i + 1] == "/" {
                while i < chars.count, chars[i] != "\n" { advance() }
                continue
            }
            if c == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                advance(2)
                while i < chars.count, !(chars[i] == "*" && i + 1 < chars.count && chars[i + 1] == "/") { advance() }
                guard i < chars.count else { throw LabError("unterminated /* comment", at: here) }
                advance(2)
                continue
            }
            if c.isNumber {
                var text = ""
                var isFloat = false
                while i < chars.count, chars[i].isNumber || chars[i] == "_" ||
                        (chars[i] == "." && !isFloat && i + 1 < chars.count && chars[i + 1].isNumber) ||
                        ((chars[i] == "e" || chars[i] == "E") && i + 1 < chars.count && (chars[i + 1].isNumber || ((chars[i + 1] == "-" || chars[i + 1] == "+") && i + 2 < chars.count && chars[i + 2].isNumber))) {
                    if chars[i] == "." || chars[i] == "e" || chars[i] == "E" { isFloat = true }
                    if chars[i] == "e" || chars[i] == "E" { text.append(chars[i]); advance(); text.append(chars[i]); advance(); continue }
                    if chars[i] != "_" { text.append(chars[i]) }
                    advance()
                }
                if i < chars.count, chars[i].isLetter {
                    throw LabError("'\(text)\(chars[i])' is not a number; names cannot start with a digit", at: here)
                }
                if isFloat {
                    guard let v = Double(text), v.isFinite else { throw LabError("the number \(text) is out of range", at: here) }
                    tokens.append(Token(kind: .float(v), position: here))
                } else {
                    guard let v = Int(text) else { throw LabError("the integer \(text) is too large (at most \(Int.max))", at: here) }
                    tokens.append(Token(kind: .integer(v), position: here))
                }
                continue
            }
            if c.isLetter || c == "_" || c == "$" {
                var text = ""
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "$" { text.append(chars[i]); advance() }
                tokens.append(Token(kind: keywords.contains(text) ? .keyword(text) : .identifier(text), position: here))
                continue
            }
            if c == "\"" {
                advance()
                var text = ""
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\n" { throw LabError("this string is not closed: add a \" before the end of the line", at: here) }
                    if chars[i] == "\\", i + 1 < chars.count {
                        advance()
                        switch chars[i] {
                        case "n": text.append("\n")
                        case "t": text.append("\t")
                        case "\"": text.append("\"")
                        case "\\": text.append("\\")
                        default: throw LabError("unknown escape \\\(chars[i]) in a string", at: SourcePosition(line: line, column: column - 1))
                        }
                        advance()
                        continue
                    }
                    text.append(chars[i]); advance()
                }
                guard i < chars.count else { throw LabError("this string is not closed: add a \" at its end", at: here) }
                advance()
                tokens.append(Token(kind: .string(text), position: here))
                continue
            }
            if let s = symbols.first(where: { sym in
                let n = sym.count
                return i + n <= chars.count && String(chars[i..<(i + n)]) == sym
            }) {
                tokens.append(Token(kind: .symbol(s), position: here))
                advance(s.count)
                continue
            }
            throw LabError("unexpected character '\(c)'", at: here)
        }
        tokens.append(Token(kind: .end, position: SourcePosition(line: line, column: column)))
        return tokens
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
