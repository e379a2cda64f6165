// How `print` and string interpolation show values: exactly as Swift does. Numbers use
// Swift's own descriptions (the shortest digits that read back the same value: `0.1`,
// `0.33333334` for a Float, `1e-05`); inside collections, strings are quoted and escaped
// (`["a"]`), optionals read `Optional(3)`, structs `Point(x: 1, y: 2)` — Swift's
// `description` at the top level and `debugDescription` inside.

import ResNetKit

/// The module a learner's types belong to, as Swift names it when it qualifies them inside
/// collections (`[main.Point(x: 1)]`): a script compiled by swiftc is module `main`.
let moduleName = "main"

/// Formats `v` as Swift's `print` would; `custom` supplies a learner type's own `description`.
func swiftFormat(_ v: Value, debug: Bool, custom: (Value) -> String? = { _ in nil }) -> String {
    func inner(_ x: Value) -> String { swiftFormat(x, debug: true, custom: custom) }
    switch v {
    case .void: return "()"
    case .null: return "nil"
    case .int(let i): return i.description
    case .double(let d): return d.description
    case .float(let f): return f.description
    case .bool(let b): return b.description
    case .string(let s): return debug ? s.debugDescription : s
    case .array(let items): return "[" + items.map(inner).joined(separator: ", ") + "]"
    case .dictionary(let d):
        if d.entries.isEmpty { return "[:]" }
        return "[" + d.entries.map { inner($0.key) + ": " + inner($0.value) }.joined(separator: ", ") + "]"
    case .range(let lo, let hi): return "\(lo)..<\(hi)"
    case .closedRange(let lo, let hi): return "\(lo)...\(hi)"
    case .tuple(let items): return "(" + items.map { ($0.label.map { $0 + ": " } ?? "") + inner($0.value) }.joined(separator: ", ") + ")"
    case .some(let x): return "Optional(\(inner(x)))"
    case .member(let m): return m
    case .function: return "(Function)"
    case .type(let t): return t
    case .userType(let t): return t.name
    case .tensor(let t): return t.description
    case .instance(let s):
        if let text = custom(v) { return text }
        return (debug ? moduleName + "." : "") + s.type.name + "(" + s.fields.map { "\($0.name): \(inner($0.value))" }.joined(separator: ", ") + ")"
    case .enumCase(let e):
        if let text = custom(v) { return text }
        let name = (debug ? "\(moduleName).\(e.type.name)." : "") + e.name
        if e.values.isEmpty { return name }
        return name + "(" + zip(e.labels, e.values).map { ($0.0.map { $0 + ": " } ?? "") + inner($0.1) }.joined(separator: ", ") + ")"
    case .native(let o):
        if let r = o as? OpenRange {
            return (r.lower.map { inner($0) } ?? "") + (r.closed ? "..." : "..<") + (r.upper.map { inner($0) } ?? "")
        }
        return String(describing: o)
    }
}

extension Interpreter {
    /// `String(describing:)`: what `print` and `"\(x)"` show.
    func swiftDescription(_ v: Value) -> String {
        swiftFormat(v, debug: false, custom: { [unowned self] in self.customDescription($0) })
    }

    /// `String(reflecting:)`: how a value reads inside a collection.
    func swiftDebugDescription(_ v: Value) -> String {
        swiftFormat(v, debug: true, custom: { [unowned self] in self.customDescription($0) })
    }

    /// A learner type's `description` (CustomStringConvertible), if it declares one.
    func customDescription(_ v: Value) -> String? {
        guard let type = v.userType else { return nil }
        guard type.computed.contains(where: { $0.name == "description" }) || type.structDecl?.properties.contains(where: { $0.name == "description" }) == true,
            let text = try? implicitSelfMember(v, "description", SourcePosition(line: 1, column: 1)), case .string(let s) = text
        else { return nil }
        return s
    }

    /// What the REPL shows for the value of an expression typed at the prompt.
    public func display(_ v: Value) -> String {
        switch v {
        case .instance, .enumCase: return swiftDescription(v)
        case .array(let items)
        where items.contains(where: {
            if case .instance = $0 { return true }; if case .enumCase = $0 { return true }; return false
        }):
            return swiftDescription(v)
        default: return describeValue(v)
        }
    }
}
