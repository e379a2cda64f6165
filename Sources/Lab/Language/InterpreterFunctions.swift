// Functions and closures typed at the prompt. Arguments are matched as Swift matches them:
// in order, each by its label, defaulted parameters skipped when their label is absent, a
// trailing closure taking the next closure parameter. A closure keeps the scope it was made
// in, so it sees and changes variables declared outside it (a counter closure counts).

import ResNetKit

extension Interpreter {
    func makeFunction(_ f: FunctionDecl, _ scope: Scope, selfSlot: Scope.Slot? = nil) -> Callable {
        Callable(f.name) { [unowned self] args in
            try self.invoke(f, args, scope, selfSlot: selfSlot)
        }
    }

    /// Calls a declared function (or method, with `self` in `selfSlot`).
    func invoke(_ f: FunctionDecl, _ args: [ArgumentValue], _ scope: Scope, selfSlot: Scope.Slot?) throws -> Value {
        let bound = try bindArguments(f, args)
        let inner = Scope(parent: scope, selfSlot: selfSlot)
        for (param, b) in zip(f.parameters, bound) {
            inner.declare(param.name, b.value, mutable: param.isInout, type: param.isInout ? param.type : nil)
        }
        // A body of one expression returns its value (Swift 5.1's implicit return).
        let flow: Flow
        if f.returnType != nil, f.body.count == 1, case .expression(let e) = f.body[0] { flow = .returned(try eval(e, inner)) } else { flow = try executeStatements(f.body, inner) }
        // `inout` parameters are copied back to the caller's variables.
        for (param, b) in zip(f.parameters, bound) where param.isInout {
            if let arg = b.argument, let target = arg.inoutTarget, let s = arg.inoutScope, let v = inner.slots[param.name]?.value {
                try assignValue(target, v, s, arg.position ?? f.position)
            }
        }
        var result: Value = .void
        switch flow {
        case .returned(let v): result = v
        case .normal: break
        case .broke, .continued, .fellThrough:
            throw LabError("'break', 'continue' and 'fallthrough' must be inside a loop or switch of \(f.name)", at: f.position)
        }
        guard let type = f.returnType else {
            guard result.isVoid else { throw LabError("unexpected non-void return value in \(f.name), which declares no return type (add -> Type)", at: f.position) }
            return .void
        }
        if result.isVoid, !isVoidType(type) {
            throw LabError("missing return in \(f.name), which is expected to return '\(type)'", at: f.position)
        }
        return try located(f.position) { try coerce(result, to: type) }
    }

    func isVoidType(_ t: TypeRef) -> Bool {
        if case .named("Void", _) = t { return true }
        if case .tuple(let items) = t, items.isEmpty { return true }
        return false
    }

    /// Matches call arguments to `f`'s parameters; returns one value per parameter.
    func bindArguments(_ f: FunctionDecl, _ args: [ArgumentValue]) throws -> [(value: Value, argument: ArgumentValue?)] {
        var values: [(value: Value, argument: ArgumentValue?)] = []
        var a = 0
        for param in f.parameters {
            if param.isVariadic {
                var items: [Value] = []
                while a < args.count, items.isEmpty ? args[a].label == param.label : args[a].label == nil {
                    items.append(try coerce(args[a].value, to: param.type))
                    a += 1
                }
                values.append((.array(items), nil))
                continue
            }
            if a < args.count, args[a].label == param.label || (args[a].isTrailingClosure && isFunctionType(param.type)) {
                if param.isInout, args[a].inoutTarget == nil {
                    throw LabError("passing a value to the inout parameter '\(param.name)' of \(f.name) needs '&': \(f.name)(&x)", at: args[a].position)
                }
                let v = try located(args[a].position ?? f.position) { try coerce(args[a].value, to: param.type) }
                values.append((v, args[a]))
                a += 1
            } else if let d = param.defaultValue {
                values.append((try coerce(try eval(d, globals), to: param.type), nil))
            } else {
                let got = a < args.count ? (args[a].label.map { "'\($0):'" } ?? "an unlabelled value") : "nothing"
                throw LabError(
                    "\(f.name) needs \(param.label.map { "'\($0):'" } ?? "a value") here (parameter \(param.name): \(param.type)), found \(got). Signature: \(signature(f))",
                    at: a < args.count ? args[a].position : nil)
            }
        }
        if a < args.count {
            let extra = args[a]
            let labels = f.parameters.compactMap(\.label)
            if let l = extra.label {
                let hint = labels.contains(l) ? "; arguments must come in the order of the signature" : closest(to: l, in: labels).map { "; did you mean '\($0):'?" } ?? ""
                throw LabError("\(f.name) has no argument '\(l):' at this position\(hint). Signature: \(signature(f))", at: extra.position)
            }
            throw LabError("extra argument in call to \(f.name). Signature: \(signature(f))", at: extra.position)
        }
        return values
    }

    func isFunctionType(_ t: TypeRef) -> Bool {
        switch t {
        case .function: return true
        case .optional(let inner): return isFunctionType(inner)
        default: return false
        }
    }

    func signature(_ f: FunctionDecl) -> String {
        let params = f.parameters.map { p -> String in
            let head = p.label == p.name ? p.name : "\(p.label ?? "_") \(p.name)"
            return "\(head): \(p.isInout ? "inout " : "")\(p.type)\(p.isVariadic ? "..." : "")"
        }
        return "func \(f.name)(\(params.joined(separator: ", ")))\(f.isThrowing ? " throws" : "")\(f.returnType.map { " -> \($0)" } ?? "")"
    }

    func makeClosure(_ c: ClosureExpr, _ scope: Scope) -> Callable {
        Callable("closure") { [unowned self] args in
            let inner = Scope(parent: scope)
            if let params = c.parameters {
                // A closure taking one tuple parameter may be handed the tuple's parts, and the reverse.
                var values = args.map(\.value)
                if params.count > 1, values.count == 1, case .tuple(let items) = values[0], items.count == params.count { values = items.map(\.value) }
                if params.count == 1, values.count > 1 { values = [.tuple(args.map { ($0.label, $0.value) })] }
                guard params.count == values.count else {
                    throw LabError("contextual closure type expects \(values.count) argument(s), but \(params.count) were used in the closure body")
                }
                for (k, (param, v)) in zip(params, values).enumerated() where param.name != "_" {
                    let isInout = k < args.count && args[k].inoutBox != nil
                    inner.declare(param.name, try param.type.map { try self.coerce(v, to: $0) } ?? v, mutable: isInout)
                }
            } else {
                var values = args.map(\.value)
                if c.anonymousCount > 1, values.count == 1, case .tuple(let items) = values[0], items.count >= c.anonymousCount { values = items.map(\.value) }
                guard c.anonymousCount <= values.count else {
                    throw LabError("the closure uses $\(c.anonymousCount - 1) but receives only \(values.count) argument(s)")
                }
                if c.anonymousCount == 1, values.count > 1 { values = [.tuple(args.map { ($0.label, $0.value) })] }
                for (k, v) in values.enumerated() { inner.declare("$\(k)", v, mutable: k < args.count && args[k].inoutBox != nil) }
            }
            // `inout` parameters hand their final values back (reduce(into:)).
            defer {
                for (k, a) in args.enumerated() {
                    guard let box = a.inoutBox else { continue }
                    let name = c.parameters.map { k < $0.count ? $0[k].name : "$\(k)" } ?? "$\(k)"
                    if let v = inner.slots[name]?.value { box.value = v }
                }
            }
            // A closure of one expression returns its value, as in Swift.
            if c.body.count == 1, case .expression(let e) = c.body[0] { return try self.eval(e, inner) }
            switch try self.executeStatements(c.body, inner) {
            case .returned(let v): return v
            case .normal: return .void
            default: throw LabError("'break' and 'continue' must be inside a loop of the closure")
            }
        }
    }

    /// Calls a Lab `Callable` from Swift code (a builtin's callback): values in, value out.
    func callBack(_ f: Callable, _ values: [Value]) throws -> Value {
        try call(.function(f), values.map { ArgumentValue(label: nil, value: $0, position: nil) }, nil)
    }
}
