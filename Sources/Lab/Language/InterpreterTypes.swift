// A learner's structs and enums (memberwise and custom initializers, methods, computed
// properties, raw values), members of every kind of value, and the type rules the lab keeps
// at run time: conversions to a declared type, `is`/`as?` checks, patterns.

import ResNetKit

extension Interpreter {
    // MARK: Construction

    func construct(_ t: UserType, _ args: [ArgumentValue], _ at: SourcePosition) throws -> Value {
        if let e = t.enumDecl {
            guard args.count == 1, args[0].label == "rawValue", e.rawType != nil else {
                throw LabError("enum \(t.name) is made with one of its cases (\(t.name).\(e.cases.first?.name ?? "…"))\(e.rawType != nil ? " or \(t.name)(rawValue:)" : "")")
            }
            for c in e.cases where try equal(try rawValue(t, c.name), args[0].value) {
                return .some(.enumCase(EnumCase(type: t, name: c.name, labels: [], values: [])))
            }
            return .null
        }
        guard let d = t.structDecl else { throw LabError("\(t.name) cannot be constructed") }
        let stored = d.properties.filter { $0.getter == nil && !$0.isStatic }
        if d.initializers.isEmpty {  // Swift's memberwise initializer
            var fields: [(name: String, value: Value)] = []
            var a = 0
            for prop in stored {
                if !prop.mutable, let initial = prop.initial {
                    fields.append((prop.name, try initialValue(initial, prop.type, t)))
                } else if a < args.count, args[a].label == prop.name {
                    fields.append((prop.name, try prop.type.map { try coerce(args[a].value, to: $0) } ?? args[a].value))
                    a += 1
                } else if let initial = prop.initial {
                    fields.append((prop.name, try initialValue(initial, prop.type, t)))
                } else if case .optional? = prop.type, prop.mutable {
                    fields.append((prop.name, .null))
                } else {
                    let got = a < args.count ? (args[a].label.map { "'\($0):'" } ?? "an unlabelled value") : "nothing"
                    throw LabError(
                        "missing argument '\(prop.name):' in the call to \(t.name)(\(stored.map { "\($0.name):" }.joined())), found \(got)",
                        at: a < args.count ? args[a].position : at)
                }
            }
            if a < args.count {
                throw LabError(
                    "extra argument \(args[a].label.map { "'\($0):'" } ?? "") in the call to \(t.name)(\(stored.map { "\($0.name):" }.joined()))", at: args[a].position ?? at)
            }
            return .instance(Instance(type: t, fields: fields))
        }
        var firstError: Error?
        for initializer in d.initializers {
            do { _ = try bindArguments(initializer, args) } catch { firstError = firstError ?? error; continue }
            var fields: [(name: String, value: Value)] = []
            for prop in stored {
                fields.append((prop.name, try prop.initial.map { try initialValue($0, prop.type, t) } ?? (prop.mutable && prop.type.map(isOptionalType) == true ? .null : .void)))
            }
            let slot = Scope.Slot(.instance(Instance(type: t, fields: fields)), mutable: true)
            _ = try invoke(initializer, args, t.scope, selfSlot: slot)
            guard case .instance(let made)? = slot.value else { throw LabError("init of \(t.name) must leave self a \(t.name)") }
            if let missing = made.fields.first(where: { isUnset($0.value) }) {
                throw LabError("\(t.name).init returned without initializing the stored property '\(missing.name)'", at: initializer.position)
            }
            return .instance(made)
        }
        throw firstError ?? LabError("no init of \(t.name) takes these arguments")
    }

    private func initialValue(_ e: Expr, _ type: TypeRef?, _ t: UserType) throws -> Value {
        let v = try eval(e, t.scope)
        return try type.map { try coerce(v, to: $0) } ?? v
    }

    func isOptionalType(_ t: TypeRef) -> Bool { if case .optional = t { return true } else { return false } }

    /// A case's raw value: given, or the case's name (String) or its position (Int).
    func rawValue(_ t: UserType, _ name: String) throws -> Value {
        guard let e = t.enumDecl, let rawType = e.rawType, let index = e.cases.firstIndex(where: { $0.name == name }) else {
            throw LabError("\(t.name) has no raw values: declare it enum \(t.name): String or : Int")
        }
        if let raw = e.cases[index].raw { return try coerce(try eval(raw, t.scope), to: .named(rawType, [])) }
        switch rawType {
        case "String": return .string(name)
        case "Int":
            var next = 0
            for c in e.cases[...index] {
                if let raw = c.raw { next = try eval(raw, t.scope).int("a raw value") }
                if c.name == name { return .int(next) }
                next += 1
            }
            return .int(next)
        default: throw LabError("enum \(t.name): \(rawType) needs a raw value for each case (case \(name) = …)")
        }
    }

    // MARK: Members

    func member(of base: Value, _ name: String, _ p: SourcePosition) throws -> Value {
        switch base {
        case .userType(let t): return try typeMember(t, name, p)
        case .instance, .enumCase:
            if let v = try implicitSelfMember(base, name, p) { return v }
            if name == "rawValue", case .enumCase(let e) = base { return try rawValue(e.type, e.name) }
            if let v = try preludeMember(base, name, p) { return v }
            guard let t = base.userType else { throw LabError("\(base.brief) has no member '\(name)'") }
            let names = (t.structDecl?.properties.map(\.name) ?? []) + t.methods.map(\.name) + t.computed.map(\.name)
            let hint = closest(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
            throw LabError("value of type '\(t.name)' has no member '\(name)'\(hint)")
        case .some, .null:
            if let v = try preludeMember(base, name, p) { return v }
            throw LabError("value of optional type '\(base.typeName)' must be unwrapped to refer to member '\(name)': use ?.\(name) or !.\(name)")
        case .type(let t):
            if name == "init" {  // `.map(String.init)`: the initializer as a function
                return .function(Callable("\(t).init") { [unowned self] args in try self.call(base, args, p) })
            }
            if let v = try preludeStatic(t, name) { return v }
            return try Members.lookup(base, name)
        default:
            if let v = try preludeMember(base, name, p) { return v }
            return try Members.lookup(base, name)
        }
    }

    /// A stored or computed property or a method of a struct value or enum case, or nil.
    func implicitSelfMember(_ me: Value, _ name: String, _ p: SourcePosition) throws -> Value? {
        let t: UserType
        switch me {
        case .instance(let s):
            if let v = s.field(name) {
                if isUnset(v) { throw LabError("'self.\(name)' used before being initialized", at: p) }
                return v
            }
            t = s.type
        case .enumCase(let e): t = e.type
        default: return nil
        }
        if let prop = t.computed.first(where: { $0.name == name && !$0.isStatic }), let getter = prop.getter {
            let scope = Scope(parent: t.scope, selfSlot: Scope.Slot(me, mutable: false))
            let v: Value
            if getter.count == 1, case .expression(let e) = getter[0] {
                v = try eval(e, scope)
            } else {
                guard case .returned(let r) = try executeStatements(getter, scope) else {
                    throw LabError("the computed property '\(name)' must return a value")
                }
                v = r
            }
            return try prop.type.map { try coerce(v, to: $0) } ?? v
        }
        if let method = t.methods.first(where: { $0.name == name && !$0.isStatic }) {
            if method.isMutating {
                return .function(
                    Callable(name) { _ in
                        throw LabError("cannot use mutating member '\(name)' on an immutable value: call it on a var")
                    })
            }
            return .function(makeFunction(method, t.scope, selfSlot: Scope.Slot(me, mutable: false)))
        }
        return nil
    }

    /// `Phase.train`, `Outcome.failed(code:)`, `Point.zero`, `Phase.allCases`, static funcs.
    func typeMember(_ t: UserType, _ name: String, _ p: SourcePosition) throws -> Value {
        if let e = t.enumDecl, let c = e.cases.first(where: { $0.name == name }) {
            if c.associated.isEmpty { return .enumCase(EnumCase(type: t, name: name, labels: [], values: [])) }
            return .function(
                Callable("\(t.name).\(name)") { [unowned self] args in
                    guard args.count == c.associated.count else {
                        throw LabError("\(t.name).\(name) takes \(c.associated.count) value(s), received \(args.count)")
                    }
                    for (arg, a) in zip(args, c.associated) where arg.label != a.label {
                        throw LabError(
                            "\(t.name).\(name) expects \(a.label.map { "'\($0):'" } ?? "an unlabelled value"), found \(arg.label.map { "'\($0):'" } ?? "an unlabelled value")")
                    }
                    let values = try zip(args, c.associated).map { try self.coerce($0.value, to: $1.type) }
                    return .enumCase(EnumCase(type: t, name: name, labels: c.associated.map(\.label), values: values))
                })
        }
        if name == "allCases", let e = t.enumDecl, t.conformances.contains("CaseIterable") {
            return .array(e.cases.map { .enumCase(EnumCase(type: t, name: $0.name, labels: [], values: [])) })
        }
        if let v = t.statics[name] { return v }
        if let prop = t.structDecl?.properties.first(where: { $0.name == name && $0.isStatic }), let initial = prop.initial {
            let v = try initialValue(initial, prop.type, t)
            t.statics[name] = v
            return v
        }
        if let f = t.methods.first(where: { $0.name == name && $0.isStatic }) { return .function(makeFunction(f, t.scope)) }
        if name == "init" { return .userType(t) }
        throw LabError("type '\(t.name)' has no member '\(name)'", at: p)
    }

    // MARK: Mutating methods

    func isMutatingMethod(_ base: Value, _ name: String) -> Bool {
        switch base {
        case .instance(let s): return s.type.methods.contains { $0.name == name && $0.isMutating }
        case .enumCase(let e): return e.type.methods.contains { $0.name == name && $0.isMutating }
        default: return Prelude.mutatingMembers(of: base).contains(name)
        }
    }

    func callMutating(_ value: inout Value, _ name: String, _ args: [ArgumentValue], _ p: SourcePosition) throws -> Value {
        guard let t = value.userType else { return try preludeMutate(&value, name, args, p) }
        guard let method = t.methods.first(where: { $0.name == name && $0.isMutating }) else { throw LabError("\(t.name) has no mutating method '\(name)'") }
        let slot = Scope.Slot(value, mutable: true)
        try enterCall(p)
        defer { leaveCall() }
        let result = try invoke(method, args, t.scope, selfSlot: slot)
        if let v = slot.value { value = v }
        return result
    }
}
