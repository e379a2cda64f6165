// Expressions, by Swift's precedence groups (lowest first):
//
//   expr        := ("try" | "try?" | "try!")? ternary
//   ternary     := disjunction ("?" expr ":" ternary)?          (spaces around '?')
//   disjunction := conjunction ("||" conjunction)*
//   conjunction := comparison ("&&" comparison)*
//   comparison  := nilCoalesce (("==" | "!=" | "<" | "<=" | ">" | ">=") nilCoalesce)*
//   nilCoalesce := casting ("??" nilCoalesce)?
//   casting     := range (("as" | "as?" | "as!" | "is") type)*
//   range       := additive (("..<" | "...") additive)?
//   additive    := multiplicative (("+" | "-") multiplicative)*
//   multiplicative := prefix (("*" | "/" | "%") prefix)*
//   prefix      := ("-" | "!" | "+" | "..<" | "...") prefix | postfix
//   postfix     := primary ( "(" args ")" | "." name | "[" args "]" | "!" | "?" | trailing-closure )*
//
// Like Swift, an operator is infix when it has whitespace on both sides or on neither;
// `-x` after a space is a prefix minus, `x!` a force unwrap.

extension Parser {
    mutating func expression() throws -> Expr {
        try nested { p in
            if p.checkKeyword("try") {
                let start = p.peek.position
                p.i += 1
                var kind = "try"
                if !p.peek.spaceBefore, p.check("?") { p.i += 1; kind = "try?" } else if !p.peek.spaceBefore, p.check("!") { p.i += 1; kind = "try!" }
                return .tryExpr(kind, try p.ternary(), start)
            }
            return try p.ternary()
        }
    }

    /// True if the current token is the infix operator `op` (spaced the same on both sides).
    func isInfix(_ ops: Set<String>) -> Bool {
        guard case .symbol(let s) = peek.kind, ops.contains(s) else { return false }
        return peek.spaceBefore == peek.spaceAfter
    }

    private mutating func ternary() throws -> Expr {
        let condition = try binary(0)
        if check("?"), peek.spaceBefore {
            let p = peek.position
            guard peek.spaceAfter else { throw LabError("'?' of a conditional needs a space after it: a ? b : c", at: p) }
            i += 1
            let whenTrue = try expression()
            try expect(":", "in the conditional a ? b : c")
            let whenFalse = try nested { p in try p.ternary() }
            return .ternary(condition, whenTrue, whenFalse, p)
        }
        return condition
    }

    static let operatorFunctions: Set<String> = ["+", "-", "*", "/", "%", "<", ">", "<=", ">=", "==", "!=", "&&", "||"]

    private static let levels: [Set<String>] = [["||"], ["&&"], ["==", "!=", "<", "<=", ">", ">=", "==="], ["??"]]

    /// Binary operators of `levels[level]` and tighter.
    private mutating func binary(_ level: Int) throws -> Expr {
        guard level < Parser.levels.count else { return try casting() }
        var lhs = try binary(level + 1)
        while isInfix(Parser.levels[level]) {
            let t = peek
            guard case .symbol(let op) = t.kind else { break }
            i += 1
            if op == "??" {  // right-associative
                return .binary(op, lhs, try nested { p in try p.binary(level) }, t.position)
            }
            lhs = .binary(op, lhs, try binary(level + 1), t.position)
        }
        return lhs
    }

    private mutating func casting() throws -> Expr {
        var e = try range()
        while checkKeyword("as") || checkKeyword("is") {
            let p = peek.position
            var op = checkKeyword("as") ? "as" : "is"
            i += 1
            if op == "as", !peek.spaceBefore, check("?") || check("!") {
                op += check("?") ? "?" : "!"
                i += 1
            }
            e = .cast(e, op, try typeReference(), p)
        }
        return e
    }

    private mutating func range() throws -> Expr {
        let lhs = try additive()
        for op in ["..<", "..."] where check(op) {
            let p = peek.position
            // `xs[2...]`: a one-sided range ends at a closing bracket.
            if op == "...", next.kind == .symbol("]") || next.kind == .symbol(")") || next.kind == .symbol(",") {
                i += 1
                return .range(lhs, nil, closed: true, p)
            }
            guard peek.spaceBefore == peek.spaceAfter else {
                throw LabError("'\(op)' needs spaces on both sides or on neither: 0\(op)n", at: p)
            }
            i += 1
            return .range(lhs, try additive(), closed: op == "...", p)
        }
        return lhs
    }

    private mutating func additive() throws -> Expr {
        var lhs = try multiplicative()
        while isInfix(["+", "-"]) {
            let t = peek
            guard case .symbol(let s) = t.kind else { break }
            i += 1
            lhs = .binary(s, lhs, try multiplicative(), t.position)
        }
        return lhs
    }

    private mutating func multiplicative() throws -> Expr {
        var lhs = try prefix()
        while isInfix(["*", "/", "%"]) {
            let t = peek
            guard case .symbol(let s) = t.kind else { break }
            i += 1
            lhs = .binary(s, lhs, try prefix(), t.position)
        }
        return lhs
    }

    private mutating func prefix() throws -> Expr {
        if case .symbol(let s) = peek.kind, ["-", "!", "+", "..<", "..."].contains(s), next.kind != .symbol(")"), next.kind != .symbol(",") {
            let p = peek.position
            guard !peek.spaceAfter else {
                throw LabError(s == "!" ? "'!' (not) must be written right before its operand: !done" : "unary operator '\(s)' cannot be separated from its operand", at: p)
            }
            i += 1
            let operand = try nested { p in try p.prefix() }
            if s == "..<" || s == "..." { return .range(nil, operand, closed: s == "...", p) }
            if s == "+" { return operand }
            return .unary(s, operand, p)
        }
        return try postfix()
    }

    private mutating func postfix() throws -> Expr {
        var e = try primary()
        var chained = false
        while true {
            let t = peek
            if check("("), !t.newlineBefore {
                i += 1
                e = .call(e, try arguments(closing: ")"), t.position)
            } else if check("."), !(next.kind == .end) {
                i += 1
                e = .member(e, try memberName(), t.position)
            } else if check("["), !t.newlineBefore {
                i += 1
                let args = try arguments(closing: "]")
                guard !args.isEmpty else { throw LabError("a subscript needs an index: x[0]", at: t.position) }
                e = .subscripted(e, args, t.position)
            } else if check("!"), !t.spaceBefore {
                i += 1
                e = .forceUnwrap(e, t.position)
            } else if check("?"), !t.spaceBefore {
                i += 1
                e = .optionalBind(e, t.position)
                chained = true
            } else if check("{"), trailingClosures, !t.newlineBefore, e.acceptsTrailingClosure {
                // A trailing closure, as Swift writes it: `LearningRateScheduler { epoch, lr in … }`.
                let closure = Argument(label: nil, value: try self.closure(), position: t.position, isTrailingClosure: true)
                if case .call(let callee, let args, let cp) = e {
                    e = .call(callee, args + [closure], cp)
                } else {
                    e = .call(e, [closure], t.position)
                }
            } else {
                return chained ? .optionalChain(e) : e
            }
        }
    }

    /// A member name after '.': a name, a keyword used as one (`.default`, `.init`), or a tuple index.
    private mutating func memberName() throws -> String {
        switch peek.kind {
        case .integer(let v): i += 1; return String(v)
        case .identifier(let n), .keyword(let n): i += 1; return n
        case .float(let v):
            // `t.0.1` lexes as t . 0.1: split it back into two tuple indices.
            throw LabError("write nested tuple members with parentheses: (t.0).\(String(v).split(separator: ".").last ?? "")", at: peek.position)
        default: throw LabError("expected a member name after '.', found \(describe(peek))", at: peek.position)
        }
    }

    /// Arguments up to `closing`: `label: value`, `_` values, `&x` for inout.
    mutating func arguments(closing: String) throws -> [Argument] {
        try with(trailingClosures: true) { p in
            var args: [Argument] = []
            if p.accept(closing) { return args }
            repeat {
                let position = p.peek.position
                if p.check(closing) { throw LabError("expected an argument after ',', found '\(closing)'", at: position) }
                var label: String?
                switch p.peek.kind {
                case .identifier(let l), .keyword(let l):
                    if p.next.kind == .symbol(":") { label = l; p.i += 2 }
                default: break
                }
                let isInout = p.accept("&")
                args.append(Argument(label: label, value: try p.expression(), position: position, isInout: isInout))
            } while p.accept(",")
            try p.expect(closing, closing == ")" ? "to close the argument list (or ',' before another argument)" : "to close the subscript")
            return args
        }
    }

    private mutating func primary() throws -> Expr {
        let t = peek
        switch t.kind {
        case .integer(let v): i += 1; return .integer(v)
        case .float(let v): i += 1; return .float(v)
        case .string(let segments):
            i += 1
            var parts: [InterpolationPart] = []
            for s in segments {
                switch s {
                case .text(let text): parts.append(.text(text))
                case .code(let code, let at): parts.append(.expr(try parseInterpolation(code, at: at)))
                }
            }
            return .string(parts, t.position)
        case .keyword("true"): i += 1; return .bool(true)
        case .keyword("false"): i += 1; return .bool(false)
        case .keyword("nil"): i += 1; return .null
        case .keyword("self"): i += 1; return .selfValue(t.position)
        case .identifier(let n):
            i += 1
            if n.hasPrefix("$"), let k = Int(n.dropFirst()) {
                guard !anonymousArguments.isEmpty else { throw LabError("anonymous closure argument '\(n)' is only allowed inside a closure { … }", at: t.position) }
                anonymousArguments[anonymousArguments.count - 1] = Swift.max(anonymousArguments[anonymousArguments.count - 1], k + 1)
            }
            return .name(n, t.position)
        case .symbol("."):
            i += 1
            return .implicitMember(try memberName(), t.position)
        case .symbol(let op) where Parser.operatorFunctions.contains(op) && (next.kind == .symbol(")") || next.kind == .symbol(",")):
            // `xs.reduce(0, +)`, `xs.sorted(by: >)`: an operator passed as a function.
            i += 1
            return .name(op, t.position)
        case .symbol("["):
            i += 1
            return try with(trailingClosures: true) { p in try p.collectionLiteral(t.position) }
        case .symbol("("):
            i += 1
            return try with(trailingClosures: true) { p in try p.parenthesized(t.position) }
        case .symbol("{"):
            return try closure()
        case .symbol("\\") where next.kind == .symbol("."):
            // A key path `\.name.count`, as a function: the closure `{ $0.name.count }`.
            i += 1
            var body = Expr.name("$0", t.position)
            while check(".") {
                i += 1
                body = .member(body, try memberName(), t.position)
            }
            return .closure(ClosureExpr(parameters: nil, body: [.expression(body)], anonymousCount: 1), t.position)
        case .keyword("try"):
            throw LabError("'try' cannot appear to the right of an operator; put it at the start of the expression", at: t.position)
        case .end:
            throw LabError("the input ended where a value was expected", at: t.position)
        case .keyword(let k) where ["if", "switch", "for", "while", "let", "var", "func", "return"].contains(k):
            throw LabError("expected a value, found the keyword '\(k)'", at: t.position)
        default:
            throw LabError("expected a value, found \(describe(t))", at: t.position)
        }
    }

    /// `[1, 2]`, `[]`, `["a": 1]`, `[:]` (after the '[').
    private mutating func collectionLiteral(_ start: SourcePosition) throws -> Expr {
        if accept("]") { return .array([], start) }
        if accept(":") {
            try expect("]", "to close the empty dictionary [:]")
            return .dictionary([], start)
        }
        let first = try expression()
        if accept(":") {
            var pairs = [(first, try expression())]
            while accept(",") {
                if check("]") { break }
                let key = try expression()
                try expect(":", "between a dictionary's key and value")
                pairs.append((key, try expression()))
            }
            try expect("]", "to close the dictionary (or ',' between entries)")
            return .dictionary(pairs, start)
        }
        var items = [first]
        while accept(",") {
            if check("]") { break }  // a trailing comma is fine, as in Swift
            items.append(try expression())
        }
        try expect("]", "to close the array (or ',' between elements)")
        return .array(items, start)
    }

    /// `(e)`, `()`, `(a, b)`, `(x: 1, y: 2)` (after the '(').
    private mutating func parenthesized(_ start: SourcePosition) throws -> Expr {
        if accept(")") { return .tuple([], start) }
        var items: [(label: String?, value: Expr)] = []
        repeat {
            var label: String?
            if case .identifier(let l) = peek.kind, next.kind == .symbol(":") { label = l; i += 2 }
            items.append((label, try expression()))
        } while accept(",")
        try expect(")", "to close the parenthesis")
        if items.count == 1, items[0].label == nil { return items[0].value }
        return .tuple(items, start)
    }
}
