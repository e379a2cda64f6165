// A recursive-descent parser for the lab language. Its grammar is a strict subset of
// Swift's: whatever parses here, swiftc parses (the lessons' cells are compiled as Swift
// by a test). The pieces:
//
//   Parser.swift            tokens, positions, statement ends, nesting limits (this file)
//   ParserStatements.swift  declarations, control flow, blocks
//   ParserDeclarations.swift func, struct, enum
//   ParserExpressions.swift operators by Swift's precedence groups, postfix chains, primaries
//   ParserPatterns.swift    patterns, conditions, types, closures

struct Parser {
    var tokens: [Token]
    var i = 0
    /// Nesting of expressions and blocks, bounded so `((((…))))` is an error rather than a stack overflow.
    var depth = 0
    static let maxDepth = 120
    /// False while parsing an `if`/`while`/`guard` condition or a `for` sequence: there a `{`
    /// opens the body, not a trailing closure (Swift's rule).
    var trailingClosures = true
    /// For each closure being parsed, the highest `$n` its body uses.
    var anonymousArguments: [Int] = []

    /// Parses every statement in `source` (separated by newlines or ';').
    static func parse(_ source: String) throws -> [Statement] {
        var p = Parser(tokens: try Lexer.tokenize(source))
        var statements: [Statement] = []
        while !p.atEnd {
            if p.accept(";") { continue }
            if p.check("}") { throw LabError("extraneous '}' at top level", at: p.peek.position) }
            statements.append(try p.statement())
            try p.endOfStatement()
        }
        return statements
    }

    /// Parses one expression that starts at `position` (an interpolation inside a string).
    mutating func parseInterpolation(_ source: String, at position: SourcePosition) throws -> Expr {
        var p = Parser(tokens: try Lexer.tokenize(source, start: position))
        p.depth = depth
        p.anonymousArguments = anonymousArguments  // `"\($0)"` inside a closure
        let e = try p.expression()
        guard p.atEnd else { throw LabError("expected ')' to end the interpolation, found \(p.describe(p.peek))", at: p.peek.position) }
        anonymousArguments = p.anonymousArguments
        return e
    }

    init(tokens: [Token]) { self.tokens = tokens }

    var peek: Token { tokens[i] }
    var next: Token { tokens[Swift.min(i + 1, tokens.count - 1)] }
    var previous: Token { tokens[Swift.max(i - 1, 0)] }
    var atEnd: Bool { peek.kind == .end }

    func check(_ symbol: String) -> Bool { peek.kind == .symbol(symbol) }
    func checkKeyword(_ k: String) -> Bool { peek.kind == .keyword(k) }
    mutating func accept(_ symbol: String) -> Bool {
        if check(symbol) { i += 1; return true }
        return false
    }
    mutating func acceptKeyword(_ k: String) -> Bool {
        if checkKeyword(k) { i += 1; return true }
        return false
    }
    mutating func expect(_ symbol: String, _ context: String) throws {
        guard accept(symbol) else { throw LabError("expected '\(symbol)' \(context), found \(describe(peek))", at: peek.position) }
    }
    mutating func expectKeyword(_ k: String, _ context: String) throws {
        guard acceptKeyword(k) else { throw LabError("expected '\(k)' \(context), found \(describe(peek))", at: peek.position) }
    }

    /// A statement ends at a newline, ';', '}' or the end: two on one line are a mistake, as in Swift.
    mutating func endOfStatement() throws {
        if atEnd || check(";") || check("}") || peek.newlineBefore || checkKeyword("case") || checkKeyword("default") { return }
        throw LabError("consecutive statements on a line must be separated by ';' (found \(describe(peek)))", at: peek.position)
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .integer(let v): return "the number \(v)"
        case .float(let v): return "the number \(v)"
        case .string: return "a string"
        case .identifier(let n): return "'\(n)'"
        case .keyword(let k): return "'\(k)'"
        case .symbol(let s): return "'\(s)'"
        case .end: return "the end of the input"
        }
    }

    /// A name: an identifier (keywords are not names).
    mutating func name(_ context: String) throws -> (String, SourcePosition) {
        guard case .identifier(let n) = peek.kind else {
            if case .keyword(let k) = peek.kind {
                throw LabError("'\(k)' is a keyword and cannot be used as a name here \(context); write `\(k)` in backquotes to use it as one", at: peek.position)
            }
            throw LabError("expected a name \(context), found \(describe(peek))", at: peek.position)
        }
        i += 1
        return (n, previous.position)
    }

    /// Guards recursion: blocks and expressions nested deeper than `maxDepth`.
    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maxDepth else {
            throw LabError("this code is nested more than \(Parser.maxDepth) levels deep", at: peek.position)
        }
        return try body(&self)
    }

    /// Runs `body` with trailing closures allowed or not, restoring the setting after.
    mutating func with<T>(trailingClosures allowed: Bool, _ body: (inout Parser) throws -> T) rethrows -> T {
        let saved = trailingClosures
        trailingClosures = allowed
        defer { trailingClosures = saved }
        return try body(&self)
    }
}
