// Statements and control flow. Each statement reports how it ended — normally, or by
// `break`, `continue`, `return`, `fallthrough` — and loops, switches and calls act on it.

import ResNetKit

/// How a statement ended.
enum Flow {
    case normal
    case broke(String?)
    case continued(String?)
    case returned(Value)
    case fellThrough
}

extension Interpreter {
    /// Declares every `func`, `struct` and `enum` of a block before running it, so functions
    /// can call each other whatever their order (as in a Swift file).
    func hoistFunctions(_ statements: [Statement], into scope: Scope) throws {
        for s in statements {
            switch s {
            case .function(let f):
                scope.declare(f.name, .function(makeFunction(f, scope)), mutable: false)
            case .structDecl(let d): scope.declare(d.name, .userType(UserType(structDecl: d, scope: scope)), mutable: false)
            case .enumDecl(let d): scope.declare(d.name, .userType(UserType(enumDecl: d, scope: scope)), mutable: false)
            default: break
            }
        }
    }

    /// Runs a block in a new scope.
    func executeBlock(_ statements: [Statement], _ parent: Scope) throws -> Flow {
        let scope = Scope(parent: parent)
        return try executeStatements(statements, scope)
    }

    /// Runs statements in `scope` (already made by the caller), then the block's `defer`s.
    func executeStatements(_ statements: [Statement], _ scope: Scope) throws -> Flow {
        try hoistFunctions(statements, into: scope)
        var deferred: [[Statement]] = []
        defer { runDeferred(deferred, scope) }
        for s in statements {
            let flow = try execute(s, scope, deferred: &deferred)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func runDeferred(_ deferred: [[Statement]], _ scope: Scope) {
        for block in deferred.reversed() { _ = try? executeBlock(block, scope) }
    }

    func execute(_ s: Statement, _ scope: Scope, deferred: inout [[Statement]]) throws -> Flow {
        switch s {
        case .expression(let e):
            _ = try eval(e, scope)
        case .declare(let mutable, let pattern, let type, let e, let p):
            var value: Value?
            if let e {
                var v = try eval(e, scope)
                if let type { v = try located(p) { try coerce(v, to: type) } }
                guard !v.isVoid || type != nil else {
                    throw LabError("the right-hand side returns no value (its type is ()), so there is nothing to store", at: p)
                }
                value = v
            } else if let type, case .optional = type {
                value = mutable ? .null : nil  // `var best: Float?` starts as nil
            }
            // Like Swift's type inference: `var n = 0` stays an Int, `var lr: Float = 0.1` a Float.
            try bind(pattern, to: value, in: scope, mutable: mutable, type: type ?? value.flatMap(inferredType), p)
        case .assign(let target, let op, let e, let p):
            try assign(target, op: op, e, scope, p)
        case .function, .structDecl, .enumDecl:
            break  // declared by hoistFunctions
        case .importModule(let name, let p):
            let known = ["ResNetKit", "Foundation", "Lab", "Swift", "Glibc", "Exercises"]
            guard known.contains(name) else { throw LabError("no such module '\(name)'; the lab has \(known.joined(separator: ", "))", at: p) }
        case .ifStatement(let conditions, let then, let otherwise, let p):
            let inner = Scope(parent: scope)
            if try check(conditions, inner, at: SourcePosition(line: p.line, column: p.column + 3)) { return try executeStatements(then, inner) }
            if let otherwise { return try executeBlock(otherwise, scope) }
        case .guardStatement(let conditions, let otherwise, let p):
            // guard's bindings stay visible after it, so they go into the enclosing scope.
            if try check(conditions, scope) { return .normal }
            let flow = try executeBlock(otherwise, scope)
            if case .normal = flow {
                throw LabError("guard's else must leave the scope: end it with return, break, continue or throw", at: p)
            }
            return flow
        case .whileLoop(let label, let conditions, let body, let p):
            while true {
                try checkInterrupt(p)
                let inner = Scope(parent: scope)
                guard try check(conditions, inner) else { break }
                switch try executeStatements(body, inner) {
                case .broke(let l) where l == nil || l == label: return .normal
                case .continued(let l) where l == nil || l == label: continue
                case .normal: continue
                case let other: return other
                }
            }
        case .repeatWhile(let label, let body, let condition, let p):
            repeat {
                try checkInterrupt(p)
                switch try executeBlock(body, scope) {
                case .broke(let l) where l == nil || l == label: return .normal
                case .continued(let l) where l == nil || l == label: break
                case .normal: break
                case let other: return other
                }
            } while try truth(condition, scope, "repeat-while's condition")
        case .forIn(let label, let pattern, let sequence, let whereClause, let body, let p):
            let items = try sequenceItems(try eval(sequence, scope), sequence.position ?? p)
            for item in items {
                try checkInterrupt(p)
                let inner = Scope(parent: scope)
                try bind(pattern, to: item, in: inner, mutable: false, p)
                if let whereClause, !(try truth(whereClause, inner, "the where clause")) { continue }
                switch try executeStatements(body, inner) {
                case .broke(let l) where l == nil || l == label: return .normal
                case .continued(let l) where l == nil || l == label: continue
                case .normal: continue
                case let other: return other
                }
            }
        case .switchStatement(let label, let subject, let cases, let p):
            return try executeSwitch(label: label, try eval(subject, scope), cases, scope, p)
        case .breakStatement(let label, _): return .broke(label)
        case .continueStatement(let label, _): return .continued(label)
        case .fallthroughStatement: return .fellThrough
        case .returnStatement(let e, _):
            return .returned(try e.map { try eval($0, scope) } ?? .void)
        case .throwStatement(let e, let p):
            let v = try eval(e, scope)
            guard isError(v) else {
                throw LabError("thrown expression type '\(v.typeName)' does not conform to 'Error': declare it as struct \(v.typeName): Error { … }", at: p)
            }
            throw ThrownValue(value: v, position: p)
        case .doCatch(let body, let clauses, _):
            do {
                return try executeBlock(body, scope)
            } catch {
                guard let thrown = catchable(error) else { throw error }
                for clause in clauses {
                    let inner = Scope(parent: scope)
                    if let pattern = clause.pattern {
                        guard try match(pattern, thrown, inner, mutable: false) else { continue }
                    } else {
                        inner.declare("error", thrown, mutable: false)
                    }
                    if let w = clause.whereClause, !(try truth(w, inner, "the where clause")) { continue }
                    return try executeStatements(clause.body, inner)
                }
                throw error
            }
        case .deferStatement(let body, _):
            deferred.append(body)
        case .block(let body):
            return try executeBlock(body, scope)
        case .sequence(let items):
            for item in items { _ = try execute(item, scope, deferred: &deferred) }
        }
        return .normal
    }

    /// The conditions of `if`, `guard`, `while`: all must hold; `let` bindings go into `scope`.
    func check(_ conditions: [Condition], _ scope: Scope, at p: SourcePosition? = nil) throws -> Bool {
        for c in conditions {
            switch c {
            case .expression(let e):
                guard try truth(e, scope, "the condition", at: p) else { return false }
            case .optionalBinding(let mutable, let name, let e, let p):
                let v = try eval(e, scope)
                switch v {
                case .null: return false
                case .some(let inner): scope.declare(name, inner, mutable: mutable)
                default:
                    throw LabError("initializer for conditional binding must have Optional type, not '\(v.typeName)'", at: p)
                }
            case .casePattern(let pattern, let e, _):
                guard try match(pattern, try eval(e, scope), scope, mutable: false) else { return false }
            }
        }
        return true
    }

    /// The type Swift infers for a declaration's value, where the lab keeps it.
    func inferredType(_ v: Value) -> TypeRef? {
        switch v {
        case .int: return .named("Int", [])
        case .double: return .named("Double", [])
        case .float: return .named("Float", [])
        case .string: return .named("String", [])
        case .bool: return .named("Bool", [])
        default: return nil
        }
    }

    func truth(_ e: Expr, _ scope: Scope, _ what: String, at fallback: SourcePosition? = nil) throws -> Bool {
        let v = try eval(e, scope)
        guard case .bool(let b) = v else {
            throw LabError("\(what) must be a Bool (true or false), received \(v.brief)", at: e.position ?? fallback)
        }
        return b
    }

    private func executeSwitch(label: String?, _ subject: Value, _ cases: [SwitchCase], _ scope: Scope, _ p: SourcePosition) throws -> Flow {
        var falling = false
        for c in cases {
            let inner = Scope(parent: scope)
            var matched = falling || c.patterns.isEmpty
            if !matched {
                for pattern in c.patterns where try match(pattern, subject, inner, mutable: false) {
                    matched = true
                    break
                }
                if matched, let w = c.whereClause, !(try truth(w, inner, "the where clause")) { matched = false }
            }
            guard matched else { continue }
            switch try executeStatements(c.body, inner) {
            case .fellThrough: falling = true; continue
            case .broke(let l) where l == nil || l == label: return .normal
            case let other: return other
            }
        }
        if falling { return .normal }
        throw LabError("no case of the switch matches \(describeValue(subject)); Swift requires a switch to be exhaustive: add default:", at: p)
    }

    /// What `for … in` walks: arrays, ranges, strides, strings, dictionaries (as (key, value)), tensors' first axis.
    func sequenceItems(_ v: Value, _ p: SourcePosition) throws -> [Value] {
        if let items = v.elements { return items }
        switch v {
        case .tensor(let t):
            guard t.rank >= 1 else { throw LabError("cannot iterate over a 0-d tensor", at: p) }
            return try (0..<t.shape[0]).map { .tensor(try t[$0]) }
        case .null, .some:
            throw LabError("for-in loop requires a sequence, received \(v.brief)", at: p)
        default:
            throw LabError("for-in loop requires a sequence (an array, a range, a string, a dictionary), received \(v.brief)", at: p)
        }
    }

    /// The value a `catch` sees for an error, or nil for errors no Swift code could catch
    /// (a typo, a Ctrl-C, an index out of range: compile errors or traps in Swift).
    func catchable(_ error: Error) -> Value? {
        switch error {
        case let t as ThrownValue: return t.value
        case let e as LabError: return e.underlying.map { .native($0) }
        case let e as ResNetError: return .native(e)
        default: return nil
        }
    }

    func isError(_ v: Value) -> Bool {
        switch v {
        case .instance(let s): return s.type.conformances.contains { $0 == "Error" || $0 == "LocalizedError" }
        case .enumCase(let e): return e.type.conformances.contains { $0 == "Error" || $0 == "LocalizedError" }
        case .native(let o): return o is Error
        default: return false
        }
    }
}
