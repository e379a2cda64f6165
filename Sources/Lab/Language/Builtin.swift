// Builtins are declared by their Swift signature, as text — the same text `:help` shows —
// and bound to the engine by a closure. Arguments are matched the way Swift matches them:
// in order, by label, defaults skipped.
//
//   Builtin("Conv2D(filters: Int, kernelSize: Size, strides: Size = 1, …)", doc: …) { a in … }

import Foundation
import ResNetKit

/// One parameter of a builtin's signature.
struct Param {
    /// The argument label; nil for `_`.
    let label: String?
    /// The name inside the signature (the label, unless `_ name`).
    let name: String
    let type: String
    let optional: Bool
}

/// The arguments of one call, by parameter name.
struct Args {
    let function: String
    let values: [String: Value]

    func has(_ name: String) -> Bool { values[name] != nil }
    subscript(_ name: String) -> Value? { values[name] }
    private func what(_ name: String) -> String { "\(function)'s argument '\(name)'" }
    private func required(_ name: String) throws -> Value {
        guard let v = values[name] else { throw LabError("\(function) needs the argument '\(name):'") }
        return v
    }
    func int(_ name: String) throws -> Int { try required(name).int(what(name)) }
    func float(_ name: String) throws -> Float { try required(name).float(what(name)) }
    func double(_ name: String) throws -> Double { try required(name).double(what(name)) }
    func bool(_ name: String) throws -> Bool { try required(name).bool(what(name)) }
    func string(_ name: String) throws -> String { try required(name).string(what(name)) }
    func tensor(_ name: String) throws -> Tensor { try required(name).tensor(what(name)) }
    func ints(_ name: String) throws -> [Int] { try required(name).ints(what(name)) }
    func native<T>(_ name: String, _ type: T.Type) throws -> T { try required(name).native(type, what(name)) }
    func optional<T>(_ name: String, _ get: (String) throws -> T) throws -> T? { has(name) ? try get(name) : nil }
    /// An optional parameter (`extras: OptimizerExtras? = nil`): nil when left out or given as nil.
    func nullable<T>(_ name: String, _ get: (String) throws -> T) throws -> T? {
        guard let v = values[name], !v.isNil else { return nil }
        return try get(name)
    }
    /// A `[String]` parameter, `fallback` when left out.
    func strings(_ name: String, _ fallback: [String]) throws -> [String] {
        guard case .array(let items)? = values[name]?.unwrapped else { return fallback }
        return try items.map { try $0.string(name) }
    }

    /// `3` or `[1, 3]`.
    func size(_ name: String) throws -> Size2 {
        let v = try required(name)
        if case .array = v { return Size2(elements: try v.ints(what(name))) }
        let n = try v.int(what(name))
        return Size2(n, n)
    }

    /// An enum case given as `.same` or "same".
    func choice<E: RawRepresentable>(_ name: String, _ type: E.Type) throws -> E where E.RawValue == String {
        let raw = try string(name)
        if let e = E(rawValue: raw) { return e }
        let cases = (E.self as? any CaseIterable.Type).map { t in (t.allCases as any Collection).map { "\($0)" } } ?? []
        let hint = closest(to: raw, in: cases).map { "; did you mean .\($0)?" } ?? (cases.isEmpty ? "" : "; one of " + cases.map { "." + $0 }.joined(separator: ", "))
        throw LabError("\(what(name)) has no option .\(raw)\(hint)")
    }
}

/// One way to call a builtin.
struct Signature {
    let text: String
    let params: [Param]
    let body: (Args) throws -> Value

    /// Parses `name(label: Type = default, _ x: Type)` into parameters.
    init(_ text: String, _ body: @escaping (Args) throws -> Value) {
        self.text = text
        self.body = body
        var params: [Param] = []
        if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), text.index(after: open) < close {
            let inner = text[text.index(after: open)..<close]
            var depth = 0, current = ""
            var parts: [String] = []
            for ch in inner {
                if ch == "(" || ch == "[" { depth += 1 }
                if ch == ")" || ch == "]" { depth -= 1 }
                if ch == ",", depth == 0 { parts.append(current); current = "" } else { current.append(ch) }
            }
            parts.append(current)
            for part in parts {
                let p = part.trimmingCharacters(in: .whitespaces)
                guard let colon = p.firstIndex(of: ":") else { continue }
                let names = p[..<colon].split(separator: " ").map(String.init)
                let rest = p[p.index(after: colon)...]
                let optional = rest.contains("=")
                let type = rest.split(separator: "=").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                let label = names.first == "_" ? nil : names.first
                params.append(Param(label: label, name: names.last ?? "", type: type, optional: optional))
            }
        }
        self.params = params
    }

    /// Matches arguments to parameters in order, by label; returns nil and a reason on failure.
    func bind(_ name: String, _ args: [ArgumentValue]) -> (Args?, LabError?) {
        var values: [String: Value] = [:]
        var a = 0
        for p in params {
            if a < args.count, args[a].label == p.label {
                values[p.name] = args[a].value
                a += 1
            } else if !p.optional {
                let got = a < args.count ? (args[a].label.map { "'\($0):'" } ?? "an unlabelled value") : "nothing"
                return (
                    nil,
                    LabError(
                        "\(name) needs \(p.label.map { "'\($0):'" } ?? "a value") here (\(p.name): \(p.type)), found \(got). Signature: \(text)",
                        at: a < args.count ? args[a].position : nil)
                )
            }
        }
        if a < args.count {
            let extra = args[a]
            let labels = params.compactMap(\.label)
            if let l = extra.label {
                let known = labels.contains(l)
                let hint = known ? "; arguments must come in the order of the signature" : closest(to: l, in: labels).map { "; did you mean '\($0):'?" } ?? ""
                return (nil, LabError("\(name) has no argument '\(l):' at this position\(hint). Signature: \(text)", at: extra.position))
            }
            return (nil, LabError("\(name) received an extra unlabelled argument. Signature: \(text)", at: extra.position))
        }
        return (Args(function: name, values: values), nil)
    }
}

/// A function or type of the engine, as the lab exposes it, with its documentation.
struct Builtin {
    let name: String
    let signatures: [Signature]
    let doc: String
    let example: String
    let topic: String

    /// Calls the first signature whose labels fit.
    func callAsFunction(_ args: [ArgumentValue]) throws -> Value {
        var firstError: LabError?
        for s in signatures {
            let (bound, error) = s.bind(name, args)
            if let bound { return try s.body(bound) }
            if firstError == nil { firstError = error }
        }
        throw firstError ?? LabError("\(name) cannot be called this way")
    }
}
