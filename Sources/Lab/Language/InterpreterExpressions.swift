// Expressions: literals, names, members, subscripts, calls, operators, optionals, casts.

import Foundation
import ResNetKit

/// A nil met inside an optional chain `a?.b.c`: the whole chain is nil.
struct OptionalChainNil: Error {}

/// A range whose bounds are not both integers: `0.0..<1.0`, or a one-sided `2...` in a subscript.
struct OpenRange {
    let lower: Value?
    let upper: Value?
    let closed: Bool
}

extension Interpreter {
    func eval(_ e: Expr, _ scope: Scope) throws -> Value {
        switch e {
        case .integer(let v): return .int(v)
        case .float(let v): return .double(v)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .string(let parts, _):
            var text = ""
            for part in parts {
                switch part {
                case .text(let t): text += t
                case .expr(let x): text += try swiftDescription(eval(x, scope))
                }
            }
            return .string(text)
        case .name(let n, let p):
            return try lookupName(n, scope, p)
        case .selfValue(let p):
            guard let slot = scope.selfSlot, let v = slot.value else { throw LabError("'self' is only available inside a struct's or an enum's methods", at: p) }
            return v
        case .array(let items, _):
            return .array(unifiedLiteral(try items.map { try eval($0, scope) }))
        case .dictionary(let pairs, let p):
            var d = LabDictionary()
            for (k, v) in pairs {
                let key = try eval(k, scope)
                if d[key] != nil { throw LabError("a dictionary literal contains the key \(swiftDebugDescription(key)) twice", at: p) }
                try located(p) { try d.set(key, try eval(v, scope)) }
            }
            return .dictionary(d)
        case .tuple(let items, _):
            if items.isEmpty { return .void }
            return .tuple(try items.map { ($0.label, try eval($0.value, scope)) })
        case .implicitMember(let m, _):
            return .member(m)
        case .member(let base, let name, let p):
            let b = try eval(base, scope)
            return try located(p) { try member(of: b, name, p) }
        case .subscripted(let base, let args, let p):
            let b = try eval(base, scope)
            let values = try args.map { ArgumentValue(label: $0.label, value: try eval($0.value, scope), position: $0.position) }
            return try located(p) { try subscriptGet(b, values) }
        case .call(let callee, let args, let p):
            return try evalCall(callee, args, scope, p)
        case .unary(let op, let operand, let p):
            let v = try eval(operand, scope)
            return try located(p) { try unary(op, v) }
        case .forceUnwrap(let inner, let p):
            switch try eval(inner, scope) {
            case .null: throw LabError("unexpectedly found nil while unwrapping an Optional value (Swift would stop the program here)", at: p)
            case .some(let v): return v
            case let v: throw LabError("cannot force unwrap value of non-optional type '\(v.typeName)'", at: p)
            }
        case .optionalBind(let inner, let p):
            switch try eval(inner, scope) {
            case .null: throw OptionalChainNil()
            case .some(let v): return v
            case let v: throw LabError("cannot use optional chaining on non-optional value of type '\(v.typeName)'", at: p)
            }
        case .optionalChain(let inner):
            do {
                let v = try eval(inner, scope)
                switch v {
                case .null, .some, .void: return v
                default: return .some(v)
                }
            } catch is OptionalChainNil {
                return .null
            }
        case .binary(let op, let l, let r, let p):
            switch op {
            case "&&": return .bool(try truth(l, scope, "'&&'") ? try truth(r, scope, "'&&'") : false)
            case "||": return .bool(try truth(l, scope, "'||'") ? true : try truth(r, scope, "'||'"))
            case "??":
                switch try eval(l, scope) {
                case .null: return try eval(r, scope)
                case .some(let v): return v
                case let v: return v
                }
            default:
                let (a, b) = (try eval(l, scope), try eval(r, scope))
                return try located(p) { try binary(op, a, b) }
            }
        case .ternary(let c, let a, let b, _):
            return try truth(c, scope, "the condition of '? :'") ? try eval(a, scope) : try eval(b, scope)
        case .range(let l, let r, let closed, let p):
            let lo = try l.map { try eval($0, scope) }, hi = try r.map { try eval($0, scope) }
            if case .int(let a)? = lo, case .int(let b)? = hi {
                guard a <= b else { throw LabError("range requires lowerBound <= upperBound (\(a) \(closed ? "..." : "..<") \(b))", at: p) }
                return closed ? .closedRange(a, b) : .range(a, b)
            }
            return .native(OpenRange(lower: lo, upper: hi, closed: closed))
        case .closure(let c, _):
            return .function(makeClosure(c, scope))
        case .tryExpr(let kind, let inner, let p):
            switch kind {
            case "try?":
                do {
                    let v = try eval(inner, scope)
                    if case .some = v { return v }
                    if case .null = v { return v }
                    return .some(v)
                } catch {
                    guard catchable(error) != nil else { throw error }
                    return .null
                }
            case "try!":
                do { return try eval(inner, scope) } catch {
                    guard let thrown = catchable(error) else { throw error }
                    throw LabError("'try!' expression unexpectedly raised an error: \(swiftDescription(thrown))", at: p)
                }
            default:
                return try eval(inner, scope)
            }
        case .cast(let inner, let op, let type, let p):
            let v = try eval(inner, scope)
            switch op {
            case "as": return try located(p) { try coerce(v, to: type) }
            case "is": return .bool(matches(v.unwrapped, type))
            case "as?": return matches(v.unwrapped, type) ? .some(v.unwrapped) : .null
            default:
                guard matches(v.unwrapped, type) else { throw LabError("could not cast value of type '\(v.typeName)' to '\(type)'", at: p) }
                return v.unwrapped
            }
        case .typeValue(let t, _):
            return .type(t.description)
        }
    }

    /// An array literal's elements take one type, as Swift infers it: `[1.5, 2]` is `[1.5, 2.0]`.
    func unifiedLiteral(_ items: [Value]) -> [Value] {
        var hasInt = false, hasDouble = false, hasFloat = false
        for v in items {
            switch v {
            case .int: hasInt = true
            case .double: hasDouble = true
            case .float: hasFloat = true
            default: return items
            }
        }
        if hasFloat, hasInt || hasDouble { return items.map { .float(Float($0.numeric!)) } }
        if hasDouble, hasInt { return items.map { .double($0.numeric!) } }
        return items
    }

    /// A name: the innermost variable, then (inside a method) a member of `self`, then Swift's
    /// functions and types, then the engine's builtins.
    func lookupName(_ n: String, _ scope: Scope, _ p: SourcePosition) throws -> Value {
        var s: Scope? = scope
        while let current = s {
            if let slot = current.slots[n] {
                guard let v = slot.value else { throw LabError("variable '\(n)' used before being initialized", at: p) }
                return v
            }
            if let selfSlot = current.selfSlot, current.parent?.selfSlot !== selfSlot, let me = selfSlot.value,
                let v = try located(p, { try implicitSelfMember(me, n, p) })
            {
                return v
            }
            s = current.parent
        }
        if let v = preludeValue(n) { return v }
        if let b = Builtins.shared.lookup(n) { return b }
        if Parser.operatorFunctions.contains(n) {
            return .function(
                Callable(n) { [unowned self] args in
                    guard args.count == 2 else { throw LabError("the operator \(n) takes two values") }
                    if n == "&&" || n == "||" {
                        let (a, b) = (try args[0].value.bool(n), try args[1].value.bool(n))
                        return .bool(n == "&&" ? a && b : a || b)
                    }
                    return try self.binary(n, args[0].value, args[1].value)
                })
        }
        if n == "_" { throw LabError("'_' can only appear in a pattern or on the left side of an assignment", at: p) }
        let hint = closest(to: n, in: knownNames).map { "; did you mean '\($0)'?" } ?? ""
        throw LabError("cannot find '\(n)' in scope\(hint)", at: p)
    }

    /// Attaches a position to errors that have none (engine errors, conversions).
    func located<T>(_ p: SourcePosition, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as LabError { throw e.position == nil ? LabError(e.message, at: p, underlying: e.underlying) : e } catch let e as ResNetError {
            throw LabError(e.message, at: p, underlying: e)
        }
    }

    /// A call: a function, a closure, a type's initializer, a method — mutating ones write back.
    func evalCall(_ callee: Expr, _ args: [Argument], _ scope: Scope, _ p: SourcePosition) throws -> Value {
        var values: [ArgumentValue] = []
        for a in args {
            var v = ArgumentValue(label: a.label, value: try eval(a.value, scope), position: a.position, isTrailingClosure: a.isTrailingClosure)
            if a.isInout {
                v.inoutTarget = a.value
                v.inoutScope = scope
            }
            values.append(v)
        }
        // `xs.append(3)`, `counter.increment()`: a mutating method changes the variable it is called on.
        if case .member(let baseExpr, let name, let mp) = callee {
            let base = try eval(baseExpr, scope)
            if isMutatingMethod(base, name) {
                return try located(mp) {
                    try modify(baseExpr, scope, mp) { value in try callMutating(&value, name, values, mp) }
                }
            }
            let f = try located(mp) { try member(of: base, name, mp) }
            return try call(f, values, p)
        }
        // `[Int]()`, `[Float](repeating: 0, count: 3)`, `[String: Int]()`
        if case .array(let items, _) = callee, items.count == 1, case .type = try eval(items[0], scope) {
            return try located(p) { try preludeConstruct("Array", values) }
        }
        if case .array(let items, _) = callee, items.count == 1, case .userType = try eval(items[0], scope) {
            return try located(p) { try preludeConstruct("Array", values) }
        }
        if case .dictionary(let pairs, _) = callee, pairs.count == 1 {
            return try located(p) { try preludeConstruct("Dictionary", values) }
        }
        if case .name("swap", _) = callee, values.count == 2, let a = values[0].inoutTarget, let b = values[1].inoutTarget {
            try assignValue(a, values[1].value, scope, p)
            try assignValue(b, values[0].value, scope, p)
            return .void
        }
        return try call(try eval(callee, scope), values, p)
    }

    func call(_ f: Value, _ args: [ArgumentValue], _ p: SourcePosition?) throws -> Value {
        try enterCall(p)
        defer { leaveCall() }
        let at = p ?? SourcePosition(line: 1, column: 1)
        switch f {
        case .function(let c):
            return try located(at) { try c.body(args) }
        case .type(let t):
            if let v = try located(at, { try preludeConstructIfKnown(t, args) }) { return v }
            guard let ctor = Builtins.shared.constructor(t) else { throw LabError("\(t) cannot be called", at: p) }
            return try located(at) { try ctor.body(args) }
        case .userType(let t):
            return try located(at) { try construct(t, args, at) }
        case .native:
            // A layer or model called like a function: `conv(x)`, as Swift's callAsFunction.
            if case .function(let c) = try located(at, { try Members.lookup(f, "callAsFunction") }) { return try located(at) { try c.body(args) } }
            throw LabError("\(f.brief) is not a function", at: p)
        case .member(let m):
            throw LabError("cannot call .\(m)(…) without its type: write TypeName.\(m)(…)", at: p)
        default:
            throw LabError("\(f.brief) is not a function; only functions and types can be called with ( )", at: p)
        }
    }
}
