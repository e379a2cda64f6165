// Patterns (`case`, `catch`), conditions (`if`, `guard`, `while`), types and closures.
//
//   pattern    := "_" | ("let" | "var") pattern | "." name ("(" patterns ")")? | "(" patterns ")"
//               | "is" type | expr ; then ("as" type)?
//   condition  := ("let" | "var") name ("=" expr)? | "case" pattern "=" expr | expr
//   type       := "[" type (":" type)? "]" | "(" types ")" ("throws"? "->" type)? | name ("<" types ">")? ; then "?"*
//   closure    := "{" (params ("throws")? ("->" type)? "in")? statements "}"

extension Parser {
    mutating func pattern(inCatch: Bool, binding: Bool = false) throws -> Pattern {
        var p = try nested { p in try p.basicPattern(inCatch: inCatch, binding: binding) }
        while check("?"), !peek.spaceBefore {  // `case let v?`: the optional's value
            i += 1
            p = .enumCase("some", [p], previous.position)
        }
        if acceptKeyword("as") { return .typed(p, try typeReference()) }
        return p
    }

    private mutating func basicPattern(inCatch: Bool, binding: Bool) throws -> Pattern {
        let start = peek.position
        if case .identifier("_") = peek.kind { i += 1; return .wildcard }
        if checkKeyword("let") || checkKeyword("var") {
            i += 1
            return try pattern(inCatch: inCatch, binding: true)
        }
        if binding, case .identifier(let n) = peek.kind { i += 1; return .binding(n) }
        if acceptKeyword("is") { return .typed(.wildcard, try typeReference()) }
        if check("."), case .identifier = next.kind {
            i += 1
            let (name, _) = try self.name("after '.'")
            return .enumCase(name, try associatedPatterns(inCatch: inCatch, binding: binding), start)
        }
        if check("(") {
            i += 1
            var items: [Pattern] = []
            repeat { items.append(try pattern(inCatch: inCatch, binding: binding)) } while accept(",")
            try expect(")", "to close the tuple pattern")
            return items.count == 1 ? items[0] : .tuple(items)
        }
        // `Phase.train` or `Outcome.failed(let code)`: a type's case, written in full.
        if case .identifier(let type) = peek.kind, type.first?.isUppercase == true, next.kind == .symbol("."),
            case .identifier(let name) = tokens[Swift.min(i + 2, tokens.count - 1)].kind
        {
            let after = tokens[Swift.min(i + 3, tokens.count - 1)]
            if after.kind == .symbol("("), !after.newlineBefore {
                i += 3
                return .enumCase(name, try associatedPatterns(inCatch: inCatch, binding: binding), start)
            }
        }
        return .expression(try with(trailingClosures: false) { try $0.expression() })
    }

    /// `(let code, _)` after an enum case in a pattern.
    private mutating func associatedPatterns(inCatch: Bool, binding: Bool) throws -> [Pattern]? {
        guard check("("), !peek.newlineBefore else { return nil }
        i += 1
        var items: [Pattern] = []
        if !accept(")") {
            repeat {
                if case .identifier = peek.kind, next.kind == .symbol(":") { i += 2 }  // labels are optional
                items.append(try pattern(inCatch: inCatch, binding: binding))
            } while accept(",")
            try expect(")", "to close the case's values")
        }
        return items
    }

    /// The comma-separated conditions of `if`, `guard` and `while`.
    mutating func conditions() throws -> [Condition] {
        try with(trailingClosures: false) { p in
            var conditions: [Condition] = []
            repeat {
                let start = p.peek.position
                if p.checkKeyword("let") || p.checkKeyword("var") {
                    let mutable = p.checkKeyword("var")
                    p.i += 1
                    let (name, namePosition) = try p.name("to bind (if let x = optional)")
                    if p.accept(":") { _ = try p.typeReference() }
                    let value: Expr = p.accept("=") ? try p.expression() : .name(name, namePosition)
                    conditions.append(.optionalBinding(mutable: mutable, name: name, value: value, start))
                } else if p.acceptKeyword("case") {
                    let pattern = try p.pattern(inCatch: false)
                    try p.expect("=", "after the pattern of 'case' (if case .some(let x) = value)")
                    conditions.append(.casePattern(pattern, try p.expression(), start))
                } else {
                    conditions.append(.expression(try p.expression()))
                }
            } while p.accept(",")
            return conditions
        }
    }

    mutating func typeReference() throws -> TypeRef {
        try nested { p in
            while p.accept("@") { _ = try p.name("after '@'") }  // @escaping
            var type: TypeRef
            if p.accept("[") {
                let element = try p.typeReference()
                if p.accept(":") {
                    let value = try p.typeReference()
                    try p.expect("]", "to close the dictionary type")
                    type = .dictionary(element, value)
                } else {
                    try p.expect("]", "to close the array type")
                    type = .array(element)
                }
            } else if p.accept("(") {
                var items: [(label: String?, type: TypeRef)] = []
                if !p.accept(")") {
                    repeat {
                        var label: String?
                        if case .identifier(let l) = p.peek.kind, p.next.kind == .symbol(":") { label = l; p.i += 2 }
                        items.append((label, try p.typeReference()))
                    } while p.accept(",")
                    try p.expect(")", "to close the type")
                }
                let throwing = p.acceptKeyword("throws")
                if p.accept("->") {
                    return .function(items.map(\.type), try p.typeReference(), throws: throwing)
                }
                type = items.count == 1 && items[0].label == nil ? items[0].type : .tuple(items)
            } else {
                var (name, _) = try p.name("for a type (Int, Float, [String], …)")
                while p.check("."), case .identifier(let inner) = p.next.kind { p.i += 2; name += "." + inner }
                var generics: [TypeRef] = []
                if p.check("<"), !p.peek.spaceBefore {
                    p.i += 1
                    repeat { generics.append(try p.typeReference()) } while p.accept(",")
                    try p.expect(">", "to close the generic arguments")
                }
                type = .named(name, generics)
            }
            while !p.peek.spaceBefore, p.check("?") || p.check("!") {
                p.i += 1
                type = .optional(type)
            }
            return type
        }
    }

    /// `{ a, b in … }`, `{ (x: Float) -> Float in … }`, `{ $0 + 1 }`.
    mutating func closure() throws -> Expr {
        let start = peek.position
        try expect("{", "to open a closure")
        var parameters: [(name: String, type: TypeRef?)]?
        let save = i
        if let signature = try? closureSignature(), acceptKeyword("in") {
            parameters = signature
        } else {
            i = save
        }
        anonymousArguments.append(0)
        let body: [Statement]
        do {
            body = try statements(untilBraceOpenedAt: start, "the closure")
        } catch {
            anonymousArguments.removeLast()
            throw error
        }
        let anonymous = anonymousArguments.removeLast()
        if parameters != nil, anonymous > 0 {
            throw LabError("anonymous closure arguments like $0 cannot be used in a closure that names its parameters", at: start)
        }
        return .closure(ClosureExpr(parameters: parameters, body: body, anonymousCount: anonymous), start)
    }

    /// The part of a closure before `in`; throws if there is none (the caller backtracks).
    private mutating func closureSignature() throws -> [(name: String, type: TypeRef?)] {
        if accept("[") {  // a capture list: [weak self] — captured by reference either way here
            while !accept("]") {
                if atEnd { throw LabError("unterminated capture list", at: peek.position) }
                i += 1
            }
        }
        var params: [(name: String, type: TypeRef?)] = []
        if accept("(") {
            if !accept(")") {
                repeat {
                    let (n, _) = try name("for a closure parameter")
                    var type: TypeRef?
                    if accept(":") { type = try typeReference() }
                    params.append((n, type))
                } while accept(",")
                try expect(")", "to close the closure's parameters")
            }
        } else if !checkKeyword("in") {
            repeat { params.append((try name("for a closure parameter").0, nil)) } while accept(",")
        }
        _ = acceptKeyword("throws")
        if accept("->") { _ = try typeReference() }
        guard checkKeyword("in") else { throw LabError("not a closure signature", at: peek.position) }
        return params
    }
}
