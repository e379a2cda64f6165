// Declarations of functions and small types.
//
//   func      := ("mutating" | "static")* "func" name "(" params ")" "throws"? ("->" type)? block
//   params    := (label? name ":" "inout"? type "..."? ("=" expr)?),*
//   struct    := "struct" name (":" names)? "{" (property | func | init)* "}"
//   enum      := "enum" name (":" names)? "{" ("case" name ("(" types ")")? ("=" literal)?,* | func | property)* "}"

extension Parser {
    mutating func function() throws -> FunctionDecl {
        var isMutating = false, isStatic = false
        while true {
            if acceptKeyword("mutating") { isMutating = true } else if acceptKeyword("static") { isStatic = true } else { break }
        }
        let start = peek.position
        let isInit = checkKeyword("init")
        if isInit { i += 1 } else { try expectKeyword("func", "to declare a function") }
        let name = isInit ? "init" : try self.name("after 'func'").0
        if check("<") { throw LabError("generic functions are not supported in the lab; give the parameters concrete types", at: peek.position) }
        try expect("(", "to open the parameter list of \(name)")
        var parameters: [FunctionParameter] = []
        if !accept(")") {
            repeat {
                parameters.append(try parameter())
            } while accept(",")
            try expect(")", "to close the parameter list of \(name)")
        }
        let names = parameters.map(\.name).filter { $0 != "_" }
        if let dup = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw LabError("invalid redeclaration of the parameter '\(dup)'", at: start)
        }
        let isThrowing = acceptKeyword("throws") || acceptKeyword("rethrows")
        var returnType: TypeRef?
        if accept("->") { returnType = try typeReference() }
        let body = try block("to hold the body of \(name)")
        return FunctionDecl(
            name: name, parameters: parameters, isThrowing: isThrowing, isMutating: isMutating, isStatic: isStatic,
            returnType: returnType, body: body, position: start)
    }

    /// `label name: Type = default`, `_ name: Type`, `name: inout Type`, `values: Float...`
    private mutating func parameter() throws -> FunctionParameter {
        let (first, _) = try name("for a parameter")
        var second: String?
        if case .identifier(let n) = peek.kind { second = n; i += 1 }
        try expect(":", "after the parameter's name (every parameter needs a type: x: Int)")
        let isInout = acceptKeyword("inout")
        if accept("@") { _ = try name("after '@'") }  // @escaping
        let type = try typeReference()
        let isVariadic = accept("...")
        var defaultValue: Expr?
        if accept("=") { defaultValue = try expression() }
        let label: String? = first == "_" ? nil : first
        return FunctionParameter(label: label, name: second ?? first, type: type, defaultValue: defaultValue, isInout: isInout, isVariadic: isVariadic)
    }

    /// `: Error, CustomStringConvertible`
    private mutating func conformances() throws -> [String] {
        var names: [String] = []
        if accept(":") {
            repeat { names.append(try name("for a conformance").0) } while accept(",")
        }
        return names
    }

    mutating func structDeclaration() throws -> StructDecl {
        i += 1
        let (name, _) = try self.name("after 'struct'")
        if check("<") { throw LabError("generic types are not supported in the lab", at: peek.position) }
        let conformances = try self.conformances()
        try expect("{", "to open the body of struct \(name)")
        var properties: [PropertyDecl] = [], methods: [FunctionDecl] = [], inits: [FunctionDecl] = []
        while !accept("}") {
            if atEnd { throw LabError("expected '}' to close struct \(name)", at: peek.position) }
            if accept(";") { continue }
            let isStatic = checkKeyword("static") && (next.kind == .keyword("let") || next.kind == .keyword("var"))
            if isStatic { i += 1 }
            if checkKeyword("let") || checkKeyword("var") {
                properties.append(try property(isStatic: isStatic))
            } else if checkKeyword("func") || checkKeyword("mutating") || checkKeyword("static") {
                methods.append(try function())
            } else if checkKeyword("init") {
                inits.append(try function())
            } else {
                throw LabError("expected a property (let/var), a func or an init in struct \(name), found \(describe(peek))", at: peek.position)
            }
            try endOfStatement()
        }
        return StructDecl(name: name, conformances: conformances, properties: properties, methods: methods, initializers: inits)
    }

    /// `let name: String`, `var count = 0`, `var area: Float { w * h }`
    private mutating func property(isStatic: Bool) throws -> PropertyDecl {
        let mutable = checkKeyword("var")
        i += 1
        let (name, p) = try self.name("for the property")
        var type: TypeRef?
        if accept(":") { type = try typeReference() }
        if check("{") {
            guard mutable, type != nil else { throw LabError("a computed property is written var \(name): Type { … }", at: p) }
            var body = try block("for the computed property")
            // `{ get { … } }` is the long form of the same getter.
            if body.count == 1, case .expression(.call(.name("get", _), let args, _)) = body[0], args.count == 1,
                case .closure(let c, _) = args[0].value
            {
                body = c.body
            }
            return PropertyDecl(name: name, mutable: true, type: type, initial: nil, getter: body, isStatic: isStatic)
        }
        var initial: Expr?
        if accept("=") { initial = try expression() }
        if type == nil, initial == nil { throw LabError("the property '\(name)' needs a type or a value", at: p) }
        return PropertyDecl(name: name, mutable: mutable, type: type, initial: initial, getter: nil, isStatic: isStatic)
    }

    mutating func enumDeclaration() throws -> EnumDecl {
        i += 1
        let (name, _) = try self.name("after 'enum'")
        var conformances = try self.conformances()
        var rawType: String?
        if let first = conformances.first, ["Int", "String", "Float", "Double"].contains(first) {
            rawType = first
            conformances.removeFirst()
        }
        try expect("{", "to open the body of enum \(name)")
        var cases: [(name: String, associated: [(label: String?, type: TypeRef)], raw: Expr?)] = []
        var methods: [FunctionDecl] = [], properties: [PropertyDecl] = []
        while !accept("}") {
            if atEnd { throw LabError("expected '}' to close enum \(name)", at: peek.position) }
            if accept(";") { continue }
            if acceptKeyword("case") {
                repeat {
                    let (c, _) = try self.name("after 'case'")
                    var associated: [(label: String?, type: TypeRef)] = []
                    if accept("(") {
                        repeat {
                            var label: String?
                            if case .identifier(let l) = peek.kind, next.kind == .symbol(":") { label = l; i += 2 }
                            associated.append((label, try typeReference()))
                        } while accept(",")
                        try expect(")", "to close the associated values")
                    }
                    var raw: Expr?
                    if accept("=") { raw = try expression() }
                    cases.append((c, associated, raw))
                } while accept(",")
            } else if checkKeyword("func") || checkKeyword("mutating") || checkKeyword("static") {
                methods.append(try function())
            } else if checkKeyword("var") {
                properties.append(try property(isStatic: false))
            } else {
                throw LabError("expected 'case', a func or a computed var in enum \(name), found \(describe(peek))", at: peek.position)
            }
            try endOfStatement()
        }
        return EnumDecl(name: name, rawType: rawType, conformances: conformances, cases: cases, methods: methods, properties: properties)
    }
}
