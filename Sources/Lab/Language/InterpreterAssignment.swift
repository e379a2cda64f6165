// Assignment with Swift's value semantics: `a[i] = x`, `p.x += 1`, `counts[w, default: 0] += 1`
// and mutating methods (`xs.append(3)`) change the variable they are reached through, and
// nothing else. `modify` walks the target (a name, then members and subscripts) and writes
// each level back on the way out.

import ResNetKit

extension Interpreter {
    func assign(_ target: Expr, op: String, _ valueExpr: Expr, _ scope: Scope, _ p: SourcePosition) throws {
        if case .name("_", _) = target, op == "=" {
            _ = try eval(valueExpr, scope)
            return
        }
        let rhs = try eval(valueExpr, scope)
        if case .tuple(let targets, _) = target {
            guard op == "=", case .tuple(let values) = rhs, values.count == targets.count else {
                throw LabError("cannot assign \(rhs.brief) to a tuple of \(targets.count) names", at: p)
            }
            for (t, v) in zip(targets, values) { try assignValue(t.value, v.value, scope, p) }
            return
        }
        if op == "=" {
            try assignValue(target, rhs, scope, p)
            return
        }
        let operation = String(op.dropLast())
        try modify(target, scope, p) { current in
            current = try self.located(p) { try self.binary(operation, current, rhs) }
        }
    }

    func assignValue(_ target: Expr, _ v: Value, _ scope: Scope, _ p: SourcePosition) throws {
        if case .name("_", _) = target { return }
        try modify(target, scope, p, initializing: true) { current in current = v }
    }

    /// Runs `body` on the storage `target` names and stores what it leaves there.
    func modify<R>(
        _ target: Expr, _ scope: Scope, _ p: SourcePosition, initializing: Bool = false,
        _ body: (inout Value) throws -> R
    ) throws -> R {
        switch target {
        case .name(let n, let np):
            var s: Scope? = scope
            while let current = s {
                if let slot = current.slots[n] {
                    guard slot.mutable || (initializing && slot.value == nil) else {
                        throw LabError("cannot assign to value: '\(n)' is a 'let' constant; declare it with 'var' to change it", at: np)
                    }
                    guard var v = slot.value ?? (initializing ? .void : nil) else {
                        throw LabError("variable '\(n)' used before being initialized", at: np)
                    }
                    slot.value = nil  // let `v` be the only reference, so arrays change in place
                    defer { if slot.value == nil { slot.value = v } }
                    let r = try body(&v)
                    if let type = slot.type { v = try located(np) { try coerce(v, to: type) } }
                    slot.value = v
                    return r
                }
                if let selfSlot = current.selfSlot, current.parent?.selfSlot !== selfSlot, case .instance(let me)? = selfSlot.value,
                    me.field(n) != nil
                {
                    return try modify(.member(.selfValue(np), n, np), scope, p, initializing: initializing, body)
                }
                s = current.parent
            }
            if Builtins.shared.lookup(n) != nil || preludeValue(n) != nil {
                throw LabError("cannot assign to '\(n)': it is a function of the lab; declare your own variable with var", at: np)
            }
            let hint = closest(to: n, in: knownNames).map { "; did you mean '\($0)'?" } ?? "; declare it first with var \(n) = …"
            throw LabError("cannot find '\(n)' in scope\(hint)", at: np)
        case .selfValue(let sp):
            guard let slot = scope.selfSlot, var v = slot.value else { throw LabError("'self' is only available inside a method", at: sp) }
            guard slot.mutable else {
                throw LabError("cannot assign to 'self' (or its properties) in a method that is not 'mutating': write mutating func", at: sp)
            }
            let r = try body(&v)
            slot.value = v
            return r
        case .member(let baseExpr, let name, let mp):
            // Engine objects are references: `opt.learningRate = 0.01` works through a `let`.
            if case .native(let object) = try eval(baseExpr, scope) {
                var v = try located(mp) { try member(of: .native(object), name, mp) }
                let r = try body(&v)
                try located(mp) { try Members.set(object, name, v) }
                return r
            }
            return try modify(baseExpr, scope, p, initializing: false) { base in
                switch base {
                case .instance(var s):
                    guard let decl = s.type.structDecl?.properties.first(where: { $0.name == name && $0.getter == nil && !$0.isStatic }),
                        var v = s.field(name)
                    else {
                        throw LabError("cannot assign to '\(name)': \(s.type.name) has no stored property of that name", at: mp)
                    }
                    guard decl.mutable || initializing && isUnset(v) else {
                        throw LabError("cannot assign to property: '\(name)' is a 'let' constant", at: mp)
                    }
                    base = .void
                    defer { if case .void = base { base = .instance(s) } }
                    let r = try body(&v)
                    if let type = decl.type { v = try located(mp) { try coerce(v, to: type) } }
                    _ = s.setField(name, v)
                    base = .instance(s)
                    return r
                case .tuple(var items):
                    guard let at = items.firstIndex(where: { $0.label == name }) ?? Int(name).flatMap({ items.indices.contains($0) ? $0 : nil }) else {
                        throw LabError("the tuple has no element '\(name)'", at: mp)
                    }
                    let r = try body(&items[at].value)
                    base = .tuple(items)
                    return r
                default:
                    throw LabError("cannot assign to property '\(name)' of \(base.brief)", at: mp)
                }
            }
        case .subscripted(let baseExpr, let args, let sp):
            let indices = try args.map { ArgumentValue(label: $0.label, value: try eval($0.value, scope), position: $0.position) }
            return try modify(baseExpr, scope, p) { container in
                try located(sp) { try subscriptModify(&container, indices, body) }
            }
        case .forceUnwrap(let inner, let fp):
            return try modify(inner, scope, p) { v in
                guard case .some(var x) = v else {
                    throw LabError("unexpectedly found nil while unwrapping an Optional value", at: fp)
                }
                let r = try body(&x)
                v = .some(x)
                return r
            }
        default:
            throw LabError("cannot assign to this expression", at: target.position ?? p)
        }
    }

    /// `a[i]`, `d[key]`, `d[key, default: 0]` as storage.
    private func subscriptModify<R>(_ container: inout Value, _ args: [ArgumentValue], _ body: (inout Value) throws -> R) throws -> R {
        switch container {
        case .array(var a):
            guard args.count == 1, args[0].label == nil, case .int(let i) = args[0].value.unwrapped else {
                throw LabError("an array is indexed by one Int: a[0]")
            }
            guard a.indices.contains(i) else { throw LabError("index \(i) out of range for an array of \(a.count) elements (Swift would stop the program here)") }
            container = .void  // `a` alone holds the array: changed in place
            defer { if case .void = container { container = .array(a) } }
            let r = try body(&a[i])
            container = .array(a)
            return r
        case .dictionary(var d):
            guard let key = args.first, key.label == nil else { throw LabError("a dictionary is indexed by a key: d[key] or d[key, default: v]") }
            container = .void
            defer { if case .void = container { container = .dictionary(d) } }
            if args.count == 2, args[1].label == "default" {
                var v = d[key.value] ?? args[1].value
                let r = try body(&v)
                try d.set(key.value, v)
                container = .dictionary(d)
                return r
            }
            guard args.count == 1 else { throw LabError("a dictionary subscript takes a key and optionally default:") }
            var v: Value = d[key.value].map { .some($0) } ?? .null
            let r = try body(&v)
            switch v {
            case .null: try d.set(key.value, nil)  // d[k] = nil removes the entry, as in Swift
            case .some(let x): try d.set(key.value, x)
            default: try d.set(key.value, v)
            }
            container = .dictionary(d)
            return r
        case .tensor:
            throw LabError("a tensor's elements cannot be assigned one by one in the lab; build a new tensor (Tensor(shape:scalars:)) instead")
        default:
            throw LabError("cannot assign through a subscript of \(container.brief)")
        }
    }

    func isUnset(_ v: Value) -> Bool { if case .void = v { return true } else { return false } }
}
