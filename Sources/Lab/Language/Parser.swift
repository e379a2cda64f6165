// A recursive-descent parser for the lab language (Swift's grammar, a subset):
//
//   statement  := ("let" | "var") name (":" Type)? "=" expr | name ("=" | "+=" …) expr | expr
//   expr       := "try"? range
//   range      := additive (("..<" | "...") additive)?
//   additive   := term (("+" | "-") term)*
//   term       := unary (("*" | "/" | "%") unary)*
//   unary      := "-" unary | postfix
//   postfix    := primary ( "(" args ")" | "." name | "[" expr "]" )*
//   primary    := number | string | true | false | nil | name | "." name | "[" exprs "]" | "(" expr ")" | closure

struct Parser {
    private var tokens: [Token]
    private var i = 0
    /// Nesting of expressions, bounded so `((((…))))` is an error rather than a stack overflow.
    private var depth = 0
    static let maxDepth = 200

    /// Parses every statement in `source` (separated by newlines or ';').
    static func parse(_ source: String) throws -> [Statement] {
        var p = Parser(tokens: try Lexer.tokenize(source))
        var statements: [Statement] = []
        while !p.atEnd {
            if p.accept(";") { continue }
            statements.append(try p.statement())
            // Statements end at a newline or ';' — a second one on the same line is a mistake.
            if !p.atEnd, !p.check(";"), p.peek.position.line == p.previous.position.line {
                throw LabError("expected the end of the statement, found \(p.describe(p.peek)); put one statement per line or separate them with ';'", at: p.peek.position)
            }
        }
        return statements
    }

    private init(tokens: [Token]) { self.tokens = tokens }

    private var peek: Token { tokens[i] }
    private var previous: Token { tokens[Swift.max(i - 1, 0)] }
    private var atEnd: Bool { peek.kind == .end }

    private func check(_ symbol: String) -> Bool { peek.kind == .symbol(symbol) }
    private mutating func accept(_ symbol: String) -> Bool {
        if check(symbol) { i += 1; return true }
        return false
    }
    private mutating func expect(_ symbol: String, _ context: String) throws {
        guard accept(symbol) else { throw LabError("expected '\(symbol)' \(context), found \(describe(peek))", at: peek.position) }
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .integer(let v): return "the number \(v)"
        case .float(let v): return "the number \(v)"
        case .string: return "a string"
        case .identifier(let s): return "'\(s)'"
        case .keyword(let s): return "'\(s)'"
        case .symbol(let s): return "'\(s)'"
        case .end: return "the end of the input"
        }
    }

    private mutating func name(_ context: String) throws -> (String, SourcePosition) {
        guard case .identifier(let n) = peek.kind else { throw LabError("expected a name \(context), found \(describe(peek))", at: peek.position) }
        i += 1
        return (n, previous.position)
    }

    private mutating func statement() throws -> Statement {
        let start = peek.position
        if case .keyword(let k) = peek.kind, k == "let" || k == "var" {
            i += 1
            if accept("(") {
                var names: [String] = []
                repeat { names.append(try name("in the tuple").0) } while accept(",")
                try expect(")", "to close the tuple of names")
                try expect("=", "after the tuple of names")
                return .destructure(mutable: k == "var", names: names, value: try expression(), start)
            }
            let (n, _) = try name("after '\(k)'")
            var type: String?
            if accept(":") { type = try typeName() }
            try expect("=", "after 'let \(n)' (every name needs a value: let \(n) = …)")
            return .declare(mutable: k == "var", name: n, type: type, value: try expression(), start)
        }
        if case .identifier(let n) = peek.kind, case .symbol(let s) = tokens[i + 1].kind, ["=", "+=", "-=", "*=", "/="].contains(s) {
            i += 2
            return .assign(name: n, op: s, value: try expression(), start)
        }
        return .expression(try expression())
    }

    /// A type annotation, kept as text: `Tensor`, `[Float]`, `Int`.
    private mutating func typeName() throws -> String {
        if accept("[") {
            let inner = try typeName()
            try expect("]", "to close the array type")
            return "[\(inner)]"
        }
        return try name("for the type").0
    }

    mutating func expression() throws -> Expr {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maxDepth else {
            throw LabError("this expression is nested more than \(Parser.maxDepth) levels deep", at: peek.position)
        }
        if peek.kind == .keyword("try") {
            i += 1
            _ = accept("?") || accept("!")
        }
        return try range()
    }

    private mutating func range() throws -> Expr {
        let lhs = try additive()
        for op in ["..<", "..."] where check(op) {
            let p = peek.position
            i += 1
            return .range(lhs, try additive(), closed: op == "...", p)
        }
        return lhs
    }

    private mutating func additive() throws -> Expr {
        var lhs = try term()
        while check("+") || check("-") {
            let op = peek, p = op.position
            i += 1
            guard case .symbol(let s) = op.kind else { break }
            lhs = .binary(s, lhs, try term(), p)
        }
        return lhs
    }

    private mutating func term() throws -> Expr {
        var lhs = try unary()
        while check("*") || check("/") || check("%") {
            let op = peek
            i += 1
            guard case .symbol(let s) = op.kind else { break }
            lhs = .binary(s, lhs, try unary(), op.position)
        }
        return lhs
    }

    private mutating func unary() throws -> Expr {
        if check("-") {
            let p = peek.position
            i += 1
            depth += 1
            defer { depth -= 1 }
            guard depth <= Parser.maxDepth else { throw LabError("too many '-' in a row", at: p) }
            return .unary("-", try unary(), p)
        }
        return try postfix()
    }

    private mutating func postfix() throws -> Expr {
        var e = try primary()
        while true {
            // A call's "(" or a subscript's "[" must be on the same line, as in Swift.
            if check("("), peek.position.line == previous.position.line {
                let p = peek.position
                i += 1
                e = .call(e, try arguments(), p)
            } else if check("."), !(tokens[i + 1].kind == .end) {
                let p = peek.position
                i += 1
                let (n, _) = try memberName()
                e = .member(e, n, p)
            } else if check("{"), peek.position.line == previous.position.line, e.acceptsTrailingClosure {
                // A trailing closure, as Swift writes it: `LearningRateScheduler { epoch, lr in … }`.
                let p = peek.position
                let closure = try self.closure()
                if case .call(let callee, let args, let cp) = e {
                    e = .call(callee, args + [Argument(label: nil, value: closure, position: p)], cp)
                } else {
                    e = .call(e, [Argument(label: nil, value: closure, position: p)], p)
                }
            } else if check("["), peek.position.line == previous.position.line {
                let p = peek.position
                i += 1
                let index = try expression()
                try expect("]", "to close the subscript")
                e = .index(e, index, p)
            } else {
                return e
            }
        }
    }

    /// A member name; `init` and keywords like `true` are not members here.
    private mutating func memberName() throws -> (String, SourcePosition) {
        if case .integer(let v) = peek.kind { i += 1; return (String(v), previous.position) }   // tuple.0
        return try name("after '.'")
    }

    private mutating func arguments() throws -> [Argument] {
        var args: [Argument] = []
        if accept(")") { return args }
        repeat {
            let p = peek.position
            if check(")") { throw LabError("expected an argument after ',', found ')'", at: p) }
            if case .identifier(let label) = peek.kind, tokens[i + 1].kind == .symbol(":") {
                i += 2
                args.append(Argument(label: label, value: try expression(), position: p))
            } else {
                args.append(Argument(label: nil, value: try expression(), position: p))
            }
        } while accept(",")
        try expect(")", "to close the argument list (or ',' before another argument)")
        return args
    }

    private mutating func primary() throws -> Expr {
        let t = peek
        switch t.kind {
        case .integer(let v): i += 1; return .integer(v)
        case .float(let v): i += 1; return .float(v)
        case .string(let s): i += 1; return .string(s)
        case .keyword("true"): i += 1; return .bool(true)
        case .keyword("false"): i += 1; return .bool(false)
        case .keyword("nil"): i += 1; return .null
        case .identifier(let n): i += 1; return .name(n, t.position)
        case .symbol("."):
            i += 1
            let (n, _) = try name("after '.' (for example .same or .relu)")
            return .implicitMember(n, t.position)
        case .symbol("["):
            i += 1
            var items: [Expr] = []
            if !check("]") {
                repeat {
                    if check("]") { break }   // a trailing comma is fine, as in Swift
                    items.append(try expression())
                } while accept(",")
            }
            try expect("]", "to close the array (or ',' between elements)")
            return .array(items, t.position)
        case .symbol("("):
            i += 1
            let e = try expression()
            try expect(")", "to close the parenthesis")
            return e
        case .symbol("{"):
            return try closure()
        case .end:
            throw LabError("the input ended where a value was expected", at: t.position)
        default:
            throw LabError("expected a value, found \(describe(t))", at: t.position)
        }
    }

    /// `{ a, b in expr }` or `{ expr }` (with $0, $1).
    private mutating func closure() throws -> Expr {
        let p = peek.position
        i += 1
        var params: [String] = []
        let save = i
        var names: [String] = []
        while case .identifier(let n) = peek.kind {
            names.append(n)
            i += 1
            if !accept(",") { break }
        }
        if case .identifier("in") = peek.kind, !names.isEmpty { i += 1; params = names } else { i = save }
        let body = try expression()
        try expect("}", "to close the closure")
        return .closure(params, body, p)
    }
}
