// Evaluates lab statements. Names live in a scope (the REPL session, or a closure's
// parameters on top of it); builtins are the engine's API (see Builtins*.swift); members
// of values are looked up by `Members`.

import Foundation
import ResNetKit

/// Runs lab code and keeps the session's variables.
///
/// ```swift
/// let lab = Interpreter()
/// let results = try lab.run("let x = Tensor.ones([2, 3])\nx.sum()")   // [.float(6)]
/// ```
public final class Interpreter {
    final class Scope {
        var values: [String: (value: Value, mutable: Bool)] = [:]
        let parent: Scope?
        init(parent: Scope? = nil) { self.parent = parent }
        func lookup(_ name: String) -> (value: Value, mutable: Bool)? { values[name] ?? parent?.lookup(name) }
    }

    let globals = Scope()
    /// The interpreter running now, so builtins that print as they go (fit's progress)
    /// write where the session's output goes (the REPL, a lesson's captured cell).
    nonisolated(unsafe) static var current: Interpreter?
    /// Where `print` writes.
    public var output: (String) -> Void
    /// True when a person is typing at a terminal (live progress bars make sense).
    public var isTerminal = false
    /// Deepest nesting of calls (closures calling closures) before a clear error.
    let maxDepth = 200
    private var depth = 0

    public init(output: @escaping (String) -> Void = { print($0) }) {
        self.output = output
    }

    /// The session's variables, sorted by name.
    public var variables: [(name: String, value: Value, mutable: Bool)] {
        globals.values.map { ($0.key, $0.value.value, $0.value.mutable) }.sorted { $0.name < $1.name }
    }

    /// Every name a completion could offer: variables and builtins.
    public var knownNames: [String] { Array(globals.values.keys) + Builtins.shared.names }

    /// Runs `source` (one or more statements) and returns the value of each expression
    /// statement that produced one.
    public func run(_ source: String) throws -> [Value] {
        let statements = try Parser.parse(source)
        let previous = Interpreter.current
        Interpreter.current = self
        defer { Interpreter.current = previous }
        var results: [Value] = []
        for s in statements {
            if let v = try execute(s), !v.isVoid { results.append(v) }
        }
        return results
    }

    /// Evaluates one expression (for `:type`, `:shape`, `:time`).
    public func evaluate(_ source: String) throws -> Value {
        let statements = try Parser.parse(source)
        guard statements.count == 1, case .expression(let e) = statements[0] else {
            throw LabError("expected a single expression")
        }
        return try eval(e, globals)
    }

    func execute(_ s: Statement) throws -> Value? {
        switch s {
        case .declare(let mutable, let name, let type, let e, let p):
            guard Builtins.shared.lookup(name) == nil else {
                throw LabError("'\(name)' is the name of a builtin; choose another name", at: p)
            }
            var v = try eval(e, globals)
            if let type { v = try convert(v, to: type, p) }
            guard !v.isVoid else { throw LabError("'\(name)' would hold nothing: the right-hand side returns no value", at: p) }
            globals.values[name] = (v, mutable)
            return nil
        case .destructure(let mutable, let names, let e, let p):
            let v = try eval(e, globals)
            guard case .tuple(let items) = v, items.count == names.count else {
                throw LabError("cannot unpack \(v.brief) into \(names.count) names", at: p)
            }
            for (n, item) in zip(names, items) where n != "_" { globals.values[n] = (item.value, mutable) }
            return nil
        case .assign(let name, let op, let e, let p):
            guard let existing = globals.lookup(name) else {
                let hint = closest(to: name, in: knownNames).map { "; did you mean '\($0)'?" } ?? "; declare it first with var \(name) = …"
                throw LabError("cannot find '\(name)' in scope\(hint)", at: p)
            }
            guard existing.mutable else {
                throw LabError("cannot assign to '\(name)': it is a 'let' constant; declare it with 'var' to change it", at: p)
            }
            var v = try eval(e, globals)
            if op != "=" { v = try binary(String(op.dropLast()), existing.value, v, p) }
            globals.values[name] = (v, true)
            return nil
        case .expression(let e):
            return try eval(e, globals)
        }
    }

    func convert(_ v: Value, to type: String, _ p: SourcePosition) throws -> Value {
        do {
            switch type {
            case "Int": return .int(try v.int("the type Int"))
            case "Float", "Double": return .float(try v.double("the type \(type)"))
            case "String": return .string(try v.string("the type String"))
            case "Bool": return .bool(try v.bool("the type Bool"))
            case "Tensor": return .tensor(try v.tensor("the type Tensor"))
            default: return v
            }
        } catch let e as LabError { throw LabError(e.message, at: p) }
    }

    func eval(_ e: Expr, _ scope: Scope) throws -> Value {
        switch e {
        case .integer(let v): return .int(v)
        case .float(let v): return .float(v)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .name(let n, let p):
            if let v = scope.lookup(n) { return v.value }
            if let b = Builtins.shared.lookup(n) { return b }
            let hint = closest(to: n, in: knownNames).map { "; did you mean '\($0)'?" } ?? ""
            throw LabError("cannot find '\(n)' in scope\(hint)", at: p)
        case .array(let items, _):
            return .array(try items.map { try eval($0, scope) })
        case .implicitMember(let m, _):
            return .member(m)
        case .member(let base, let name, let p):
            let b = try eval(base, scope)
            return try located(p) { try Members.lookup(b, name) }
        case .index(let base, let index, let p):
            return try located(p) { try subscriptValue(try eval(base, scope), try eval(index, scope)) }
        case .call(let callee, let args, let p):
            let f = try eval(callee, scope)
            let values = try args.map { ArgumentValue(label: $0.label, value: try eval($0.value, scope), position: $0.position) }
            return try located(p) { try call(f, values) }
        case .unary(_, let operand, let p):
            let v = try eval(operand, scope)
            return try located(p) {
                switch v {
                case .int(let i): return .int(0 &- i)
                case .float(let d): return .float(-d)
                case .tensor(let t): return .tensor(-t)
                default: throw LabError("cannot negate \(v.brief)")
                }
            }
        case .binary(let op, let l, let r, let p):
            return try binary(op, try eval(l, scope), try eval(r, scope), p)
        case .range(let l, let r, let closed, let p):
            let lo = try located(p) { try eval(l, scope).int("a range") }
            let hi = try located(p) { try eval(r, scope).int("a range") } + (closed ? 1 : 0)
            guard lo <= hi else { throw LabError("a range's lower bound \(lo) is above its upper bound", at: p) }
            return .range(lo, hi)
        case .closure(let params, let body, let p):
            return .function(Callable("closure") { [unowned self] args in
                let inner = Scope(parent: scope)
                let names = params.isEmpty ? args.indices.map { "$\($0)" } : params
                guard names.count == args.count else {
                    throw LabError("this closure takes \(names.count) argument(s), called with \(args.count)", at: p)
                }
                for (n, a) in zip(names, args) { inner.values[n] = (a.value, false) }
                return try self.eval(body, inner)
            })
        }
    }

    /// Attaches a position to errors that have none (engine errors, conversions).
    func located<T>(_ p: SourcePosition, _ body: () throws -> T) throws -> T {
        do { return try body() }
        catch let e as LabError { throw e.position == nil ? LabError(e.message, at: p) : e }
        catch let e as ResNetError { throw LabError(e.message, at: p) }
    }

    func call(_ f: Value, _ args: [ArgumentValue]) throws -> Value {
        depth += 1
        defer { depth -= 1 }
        guard depth < maxDepth else { throw LabError("calls nested more than \(maxDepth) deep; is a closure calling itself?") }
        if Interrupt.requested { throw LabError("interrupted (Ctrl-C)") }
        switch f {
        case .function(let c): return try c.body(args)
        case .native:
            // A layer or model called like a function: `conv(x)`, as Swift's callAsFunction.
            if case .function(let c) = try Members.lookup(f, "callAsFunction") { return try c.body(args) }
            throw LabError("\(f.brief) is not a function")
        case .type(let t):
            guard let ctor = Builtins.shared.constructor(t) else { throw LabError("\(t) cannot be called") }
            return try ctor.body(args)
        default:
            throw LabError("\(f.brief) is not a function; only functions and types can be called with ( )")
        }
    }

    func subscriptValue(_ base: Value, _ index: Value) throws -> Value {
        switch (base, index) {
        case (.tensor(let t), .int(let i)): return .tensor(try t[i])
        case (.tensor(let t), .range(let lo, let hi)): return .tensor(try t[lo..<hi])
        case (.array(let a), .int(let i)):
            guard a.indices.contains(i) else { throw LabError("index \(i) is out of range for an array of \(a.count) values") }
            return a[i]
        case (.array(let a), .range(let lo, let hi)):
            guard lo >= 0, hi <= a.count else { throw LabError("range \(lo)..<\(hi) is out of bounds for an array of \(a.count) values") }
            return .array(Array(a[lo..<hi]))
        case (.tuple(let items), .int(let i)) where items.indices.contains(i): return items[i].value
        case (.native(let o), .string(let key)):
            if let h = o as? History, let f = h.figures[key] { return .array(f.map { .float(Double($0)) }) }
            throw LabError("no entry \"\(key)\" in \(base.brief)")
        default:
            throw LabError("cannot subscript \(base.brief) with \(index.brief)")
        }
    }

    func binary(_ op: String, _ l: Value, _ r: Value, _ p: SourcePosition) throws -> Value {
        try located(p) {
            switch (l, r) {
            case (.int(let a), .int(let b)):
                switch op {
                case "+": return .int(a &+ b)
                case "-": return .int(a &- b)
                case "*": return .int(a &* b)
                case "/", "%":
                    guard b != 0 else { throw LabError("division by zero") }
                    return .int(op == "/" ? a / b : a % b)
                default: break
                }
            case (.int, .float), (.float, .int), (.float, .float):
                let (a, b) = (try l.double(op), try r.double(op))
                switch op {
                case "+": return .float(a + b)
                case "-": return .float(a - b)
                case "*": return .float(a * b)
                case "/": return .float(a / b)
                default: break
                }
            case (.string(let a), .string(let b)) where op == "+": return .string(a + b)
            case (.tensor(let a), .tensor(let b)): return .tensor(try tensorOp(op, a, b))
            case (.tensor(let a), .int), (.tensor(let a), .float): return .tensor(try tensorOp(op, a, Tensor(scalar: try r.float(op))))
            case (.int, .tensor(let b)), (.float, .tensor(let b)): return .tensor(try tensorOp(op, Tensor(scalar: try l.float(op)), b))
            case (.array(let a), .array(let b)) where op == "+": return .array(a + b)
            default: break
            }
            throw LabError("cannot apply '\(op)' to \(l.brief) and \(r.brief)")
        }
    }

    func tensorOp(_ op: String, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        switch op {
        case "+": return try a + b
        case "-": return try a - b
        case "*": return try a * b
        case "/": return try a / b
        default: throw LabError("'\(op)' is not defined for tensors")
        }
    }
}

extension Value {
    var isVoid: Bool { if case .void = self { return true } else { return false } }
}
