// Patterns (`case`, `catch`, `for (i, x) in`, `let (a, b) =`), conversions to a declared
// type (`let lr: Float = 0.1` stores a Float, `var best: Float?` an optional), and the
// checks behind `is` and `as?`.

import ResNetKit

extension Interpreter {
    /// Declares the names of a declaration's pattern.
    func bind(_ pattern: Pattern, to value: Value?, in scope: Scope, mutable: Bool, type: TypeRef? = nil, _ p: SourcePosition) throws {
        switch pattern {
        case .wildcard: return
        case .binding(let n):
            if scope !== globals, scope.slots[n] != nil { throw LabError("invalid redeclaration of '\(n)'", at: p) }
            scope.declare(n, value, mutable: mutable, type: type)
        case .tuple(let items):
            guard let value else { throw LabError("a tuple of names needs a value", at: p) }
            guard case .tuple(let values) = value, values.count == items.count else {
                throw LabError("cannot unpack \(value.brief) into \(items.count) names", at: p)
            }
            for (item, v) in zip(items, values) { try bind(item, to: v.value, in: scope, mutable: mutable, p) }
        default:
            throw LabError("this pattern cannot declare names", at: p)
        }
    }

    /// Whether `value` matches `pattern`; its bindings go into `scope`.
    func match(_ pattern: Pattern, _ value: Value, _ scope: Scope, mutable: Bool) throws -> Bool {
        switch pattern {
        case .wildcard: return true
        case .binding(let n):
            scope.declare(n, value, mutable: mutable)
            return true
        case .tuple(let items):
            guard case .tuple(let values) = value, values.count == items.count else { return false }
            for (item, v) in zip(items, values) where !(try match(item, v.value, scope, mutable: mutable)) { return false }
            return true
        case .expression(let e):
            let pv = try eval(e, scope)
            switch (pv, value.unwrapped) {
            case (.range(let lo, let hi), let v): return v.numeric.map { $0 >= Double(lo) && $0 < Double(hi) } ?? false
            case (.closedRange(let lo, let hi), let v): return v.numeric.map { $0 >= Double(lo) && $0 <= Double(hi) } ?? false
            case (.native(let r as OpenRange), let v):
                guard let x = v.numeric else { return false }
                if let lo = r.lower?.numeric, x < lo { return false }
                if let hi = r.upper?.numeric { return r.closed ? x <= hi : x < hi }
                return true
            default:
                if case .null = pv { return value.isNil }
                return try equal(pv, value)
            }
        case .enumCase(let name, let subs, _):
            switch value {
            case .enumCase(let e):
                guard e.name == name else { return false }
                guard let subs else { return true }
                guard subs.count == e.values.count else { return false }
                for (sub, v) in zip(subs, e.values) where !(try match(sub, v, scope, mutable: mutable)) { return false }
                return true
            case .some(let inner):
                guard name == "some" else { return false }
                guard let subs, subs.count == 1 else { return true }
                return try match(subs[0], inner, scope, mutable: mutable)
            case .null: return name == "none"
            case .member(let m): return m == name
            case .string(let s): return s == name
            case .native(let o): return "\(o)" == name
            default: return false
            }
        case .typed(let sub, let type):
            guard matches(value.unwrapped, type) else { return false }
            return try match(sub, value.unwrapped, scope, mutable: mutable)
        }
    }

    /// A user type declared at the top level of the session.
    func userType(named name: String) -> UserType? {
        if case .userType(let t)? = globals.slots[name]?.value { return t }
        return nil
    }

    /// Converts `v` to a declared type as Swift's type checker would have: literals take the
    /// declared numeric type, values are wrapped in optionals, `.train` becomes an enum's case.
    func coerce(_ v: Value, to type: TypeRef) throws -> Value {
        switch type {
        case .optional(let inner):
            switch v {
            case .null: return .null
            case .some(let x): return .some(try coerce(x, to: inner))
            default: return .some(try coerce(v, to: inner))
            }
        case .array(let element):
            guard let items = arrayItems(v) else { throw mismatch(v, type) }
            return .array(try items.map { try coerce($0, to: element) })
        case .dictionary(let k, let valueType):
            guard case .dictionary(let d) = v else {
                if case .array(let a) = v, a.isEmpty { return .dictionary(LabDictionary()) }
                throw mismatch(v, type)
            }
            var out = LabDictionary()
            for (key, value) in d.entries { try out.set(try coerce(key, to: k), try coerce(value, to: valueType)) }
            return .dictionary(out)
        case .tuple(let items):
            if items.isEmpty { guard v.isVoid else { throw mismatch(v, type) }; return v }
            guard case .tuple(let values) = v, values.count == items.count else { throw mismatch(v, type) }
            return .tuple(try zip(items, values).map { ($0.label ?? $1.label, try coerce($1.value, to: $0.type)) })
        case .function:
            switch v {
            case .function, .type, .userType: return v
            default: throw mismatch(v, type)
            }
        case .named(let name, let generics):
            switch (name, v) {
            case ("Int", .int), ("Double", .double), ("Float", .float), ("String", .string), ("Bool", .bool), ("Tensor", .tensor): return v
            case ("Double", .int(let i)): return .double(Double(i))
            case ("Double", .float(let f)): return .double(Double(f))
            case ("Float", .int(let i)): return .float(Float(i))
            case ("Float", .double(let d)): return .float(Float(d))
            case ("Tensor", .array), ("Tensor", .int), ("Tensor", .double), ("Tensor", .float): return .tensor(try v.tensor("the type Tensor"))
            case ("Int", _), ("Double", _), ("Float", _), ("String", _), ("Bool", _), ("Tensor", _): throw mismatch(v, type)
            case ("Array", _) where generics.count == 1: return try coerce(v, to: .array(generics[0]))
            case ("Optional", _) where generics.count == 1: return try coerce(v, to: .optional(generics[0]))
            case ("Dictionary", _) where generics.count == 2: return try coerce(v, to: .dictionary(generics[0], generics[1]))
            default: break
            }
            if let t = userType(named: name) {
                switch v {
                case .member(let m) where t.enumDecl?.cases.contains(where: { $0.name == m && $0.associated.isEmpty }) == true:
                    return .enumCase(EnumCase(type: t, name: m, labels: [], values: []))
                case .instance(let s) where s.type === t: return v
                case .enumCase(let e) where e.type === t: return v
                default: throw mismatch(v, type)
                }
            }
            return v  // the engine's types (Layer, Model, Optimizer…) and Any: checked where used
        }
    }

    private func arrayItems(_ v: Value) -> [Value]? {
        switch v {
        case .array(let a): return a
        default: return nil
        }
    }

    private func mismatch(_ v: Value, _ type: TypeRef) -> LabError {
        if v.isOptional, !isOptionalType(type) {
            return LabError("value of optional type '\(v.typeName)' must be unwrapped to a value of type '\(type)': use !, if let, or ?? default")
        }
        return LabError("cannot convert value of type '\(v.typeName)' to type '\(type)'")
    }

    /// Whether `v` is of `type` (for `is`, `as?`, `catch let e as T`).
    func matches(_ v: Value, _ type: TypeRef) -> Bool {
        switch type {
        case .optional(let inner): return v.isNil || matches(v.unwrapped, inner)
        case .array(let element):
            guard case .array(let items) = v else { return false }
            return items.allSatisfy { matches($0, element) }
        case .dictionary: if case .dictionary = v { return true } else { return false }
        case .tuple(let items):
            guard case .tuple(let values) = v, values.count == items.count else { return false }
            return zip(items, values).allSatisfy { matches($1.value, $0.type) }
        case .function: if case .function = v { return true } else { return false }
        case .named(let name, _):
            switch (name, v) {
            case ("Any", _): return true
            case ("Int", .int), ("Double", .double), ("Float", .float), ("String", .string), ("Bool", .bool), ("Tensor", .tensor): return true
            case ("Error", _): return isError(v)
            case (_, .instance(let s)): return s.type.name == name || s.type.conformances.contains(name)
            case (_, .enumCase(let e)): return e.type.name == name || e.type.conformances.contains(name)
            case (_, .native(let o)): return Prelude.nativeIs(o, name)
            default: return false
            }
        }
    }
}
