// Statements: declarations, assignments, control flow and blocks.
//
//   statement := "let"|"var" pattern (":" type)? ("=" expr)?
//              | "func" … | "struct" … | "enum" … | "import" name
//              | (label ":")? ("for" | "while" | "repeat" | "switch") …
//              | "if" conditions block ("else" (if … | block))?
//              | "guard" conditions "else" block
//              | "do" block ("catch" pattern? ("where" expr)? block)*
//              | "break" label? | "continue" label? | "fallthrough" | "return" expr? | "throw" expr
//              | "defer" block
//              | expr (("=" | "+=" | "-=" | "*=" | "/=" | "%=") expr)?

extension Parser {
    mutating func statement() throws -> Statement {
        try nested { p in try p.statementBody() }
    }

    private mutating func statementBody() throws -> Statement {
        let start = peek.position
        // `outer: for …`
        if case .identifier(let label) = peek.kind, next.kind == .symbol(":"), case .keyword(let k) = tokens[Swift.min(i + 2, tokens.count - 1)].kind,
            ["for", "while", "repeat", "switch", "do", "if"].contains(k)
        {
            i += 2
            return try loop(label: label)
        }
        switch peek.kind {
        case .keyword("let"), .keyword("var"): return try declaration()
        case .keyword("func"), .keyword("mutating"), .keyword("static"): return .function(try function())
        case .keyword("struct"): return .structDecl(try structDeclaration())
        case .keyword("enum"): return .enumDecl(try enumDeclaration())
        case .keyword("class"), .keyword("protocol"), .keyword("extension"):
            throw LabError("the lab does not support '\(describe(peek).dropFirst().dropLast())' declarations; use a struct (or an enum) with methods", at: start)
        case .keyword("import"):
            i += 1
            var (module, _) = try name("after 'import'")
            while accept(".") { module += "." + (try name("in the module name").0) }
            return .importModule(module, start)
        case .keyword("for"), .keyword("while"), .keyword("repeat"), .keyword("switch"): return try loop(label: nil)
        case .keyword("if"): return try ifStatement()
        case .keyword("guard"):
            i += 1
            let conditions = try self.conditions()
            try expectKeyword("else", "after guard's condition (guard condition else { return })")
            return .guardStatement(conditions, try block("after 'else'"), start)
        case .keyword("do"):
            i += 1
            let body = try block("after 'do'")
            var clauses: [CatchClause] = []
            while acceptKeyword("catch") {
                var pattern: Pattern?
                if !check("{"), !checkKeyword("where") { pattern = try self.pattern(inCatch: true) }
                var whereClause: Expr?
                if acceptKeyword("where") { whereClause = try with(trailingClosures: false) { try $0.expression() } }
                clauses.append(CatchClause(pattern: pattern, whereClause: whereClause, body: try block("after 'catch'")))
            }
            return clauses.isEmpty ? .block(body) : .doCatch(body, clauses, start)
        case .keyword("defer"):
            i += 1
            return .deferStatement(try block("after 'defer'"), start)
        case .keyword("break"), .keyword("continue"):
            let isBreak = checkKeyword("break")
            i += 1
            var label: String?
            if case .identifier(let l) = peek.kind, !peek.newlineBefore { label = l; i += 1 }
            return isBreak ? .breakStatement(label, start) : .continueStatement(label, start)
        case .keyword("fallthrough"):
            i += 1
            return .fallthroughStatement(start)
        case .keyword("return"):
            i += 1
            if atEnd || check("}") || check(";") || peek.newlineBefore { return .returnStatement(nil, start) }
            return .returnStatement(try expression(), start)
        case .keyword("throw"):
            i += 1
            return .throwStatement(try expression(), start)
        case .keyword("else"):
            throw LabError("'else' must follow the '}' of an if on the same line: } else {", at: start)
        case .keyword("case"), .keyword("default"):
            throw LabError("'\(describe(peek).dropFirst().dropLast())' belongs inside a switch { … }", at: start)
        default:
            break
        }
        let target = try expression()
        if case .symbol(let s) = peek.kind, ["=", "+=", "-=", "*=", "/=", "%="].contains(s) {
            let opPosition = peek.position
            guard peek.spaceBefore == peek.spaceAfter else {
                throw LabError("'\(s)' must have spaces on both sides (or on neither)", at: opPosition)
            }
            i += 1
            try checkAssignable(target, opPosition)
            return .assign(target: target, op: s, value: try expression(), opPosition)
        }
        return .expression(target)
    }

    /// What can stand left of `=`: a name, a member, a subscript, an unwrapped optional, a tuple of those, `_`.
    private func checkAssignable(_ e: Expr, _ p: SourcePosition) throws {
        switch e {
        case .name, .member, .subscripted, .forceUnwrap, .selfValue: return
        case .optionalChain(let inner): try checkAssignable(inner, p)
        case .optionalBind(let inner, _): try checkAssignable(inner, p)
        case .tuple(let items, _): for item in items { try checkAssignable(item.value, p) }
        default: throw LabError("cannot assign to this expression: only a variable, a member, a subscript or a tuple of them can stand left of '='", at: e.position ?? p)
        }
    }

    /// `let x = 1`, `var (a, b) = pair`, `let n: Float = 3`, `var best: Float?`
    private mutating func declaration() throws -> Statement {
        let mutable = checkKeyword("var")
        i += 1
        var items = [try declarator(mutable: mutable)]
        while accept(",") { items.append(try declarator(mutable: mutable)) }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    /// One `name: Type = value` of a declaration.
    private mutating func declarator(mutable: Bool) throws -> Statement {
        let start = peek.position
        let pattern = try declarationPattern()
        var type: TypeRef?
        if accept(":") { type = try typeReference() }
        var value: Expr?
        if accept("=") {
            value = try expression()
        } else if type == nil {
            throw LabError("a declaration needs a type or a value: let x = … or var x: Int", at: peek.position)
        } else if !mutable, case .binding(let n) = pattern {
            _ = n  // `let x: Int` then assigned once later, as Swift allows
        }
        return .declare(mutable: mutable, pattern: pattern, type: type, value: value, start)
    }

    /// A name, `_`, or a tuple of them.
    private mutating func declarationPattern() throws -> Pattern {
        if accept("(") {
            var items: [Pattern] = []
            repeat { items.append(try declarationPattern()) } while accept(",")
            try expect(")", "to close the tuple of names")
            return .tuple(items)
        }
        let (n, _) = try name("to declare")
        return n == "_" ? .wildcard : .binding(n)
    }

    /// `{ statements }`
    mutating func block(_ context: String) throws -> [Statement] {
        guard check("{") else { throw LabError("expected '{' \(context), found \(describe(peek))", at: peek.position) }
        let open = peek.position
        i += 1
        return try statements(untilBraceOpenedAt: open, "the block")
    }

    /// Statements up to the `}` that closes a `{` already read (a block's, a closure's).
    mutating func statements(untilBraceOpenedAt open: SourcePosition, _ what: String) throws -> [Statement] {
        try with(trailingClosures: true) { p in
            try p.nested { p in
                var statements: [Statement] = []
                while !p.accept("}") {
                    if p.atEnd { throw LabError("expected '}' to close \(what) opened here", at: open) }
                    if p.accept(";") { continue }
                    statements.append(try p.statement())
                    try p.endOfStatement()
                }
                return statements
            }
        }
    }

    private mutating func ifStatement() throws -> Statement {
        let start = peek.position
        i += 1
        let conditions = try self.conditions()
        let then = try block("after the if's condition")
        guard acceptKeyword("else") else { return .ifStatement(conditions, then, nil, start) }
        if checkKeyword("if") { return .ifStatement(conditions, then, [try ifStatement()], start) }
        return .ifStatement(conditions, then, try block("after 'else'"), start)
    }

    /// `for`, `while`, `repeat`, `switch`, `do` and `if`, after an optional label.
    private mutating func loop(label: String?) throws -> Statement {
        let start = peek.position
        switch peek.kind {
        case .keyword("for"):
            i += 1
            if acceptKeyword("case") { throw LabError("'for case' is not supported in the lab; use a for loop with an if case inside", at: start) }
            if checkKeyword("let") || checkKeyword("var") { i += 1 }
            let pattern = try declarationPattern()
            try expectKeyword("in", "after the loop variable (for x in sequence)")
            let sequence = try with(trailingClosures: false) { try $0.expression() }
            var whereClause: Expr?
            if acceptKeyword("where") { whereClause = try with(trailingClosures: false) { try $0.expression() } }
            return .forIn(label: label, pattern, sequence, whereClause: whereClause, try block("after the for loop's sequence"), start)
        case .keyword("while"):
            i += 1
            let conditions = try self.conditions()
            return .whileLoop(label: label, conditions, try block("after the while loop's condition"), start)
        case .keyword("repeat"):
            i += 1
            let body = try block("after 'repeat'")
            try expectKeyword("while", "after repeat { … }")
            return .repeatWhile(label: label, body, try expression(), start)
        case .keyword("switch"):
            i += 1
            return try switchStatement(label: label, start)
        case .keyword("do"), .keyword("if"):
            return try statementBody()
        default:
            throw LabError("expected a loop after the label '\(label ?? "")'", at: start)
        }
    }

    private mutating func switchStatement(label: String?, _ start: SourcePosition) throws -> Statement {
        let subject = try with(trailingClosures: false) { try $0.expression() }
        try expect("{", "after the switch's value")
        var cases: [SwitchCase] = []
        var sawDefault = false
        while !accept("}") {
            let casePosition = peek.position
            var patterns: [Pattern] = []
            var whereClause: Expr?
            if acceptKeyword("default") {
                sawDefault = true
            } else if acceptKeyword("case") {
                repeat { patterns.append(try pattern(inCatch: false)) } while accept(",")
                if acceptKeyword("where") { whereClause = try expression() }
            } else if atEnd {
                throw LabError("expected '}' to close the switch", at: casePosition)
            } else {
                throw LabError("expected 'case' or 'default' in the switch, found \(describe(peek))", at: casePosition)
            }
            try expect(":", "after the case's pattern")
            var body: [Statement] = []
            while !checkKeyword("case"), !checkKeyword("default"), !check("}") {
                if atEnd { throw LabError("expected '}' to close the switch", at: start) }
                if accept(";") { continue }
                body.append(try statement())
                try endOfStatement()
            }
            guard !body.isEmpty else {
                throw LabError("'\(patterns.isEmpty ? "default" : "case")' label in a switch must have at least one executable statement (write break)", at: casePosition)
            }
            cases.append(SwitchCase(patterns: patterns, whereClause: whereClause, body: body, position: casePosition))
        }
        guard !cases.isEmpty else { throw LabError("a switch must have at least one case", at: start) }
        _ = sawDefault
        return .switchStatement(label: label, subject, cases, start)
    }
}
