// Members of Swift's values: numbers (`rounded()`, `isNaN`), strings (`count`,
// `uppercased()`, `split(separator:)`), arrays and ranges (`map`, `filter`, `reduce`,
// `sorted(by:)`, `enumerated()`…), dictionaries (`keys`, `values`, `mapValues`) and optionals
// (`map`). Mutating members (`append`, `remove(at:)`, `toggle()`) live in PreludeMutating.swift.

import Foundation
import ResNetKit

extension Interpreter {
    /// A member of a Swift value, or nil to let the engine's members answer.
    func preludeMember(_ base: Value, _ name: String, _ p: SourcePosition) throws -> Value? {
        switch base {
        case .int(let i):
            switch name {
            case "description": return .string(i.description)
            case "magnitude": return .int(Int(i.magnitude))
            case "isMultiple": return method(name) { a in .bool(i.isMultiple(of: try self.only(a, "of").int("isMultiple(of:)"))) }
            case "signum": return method(name) { _ in .int(i.signum()) }
            default: return nil
            }
        case .double, .float:
            return try floatingMember(base, name)
        case .bool(let b):
            return name == "description" ? .string(b.description) : nil
        case .string(let s):
            if let v = try stringMember(s, name) { return v }
            return try sequenceMember(s.map { .string(String($0)) }, name, p, isString: true)
        case .array(let items):
            return try sequenceMember(items, name, p)
        case .range(let lo, let hi), .closedRange(let lo, let hi):
            let closed: Bool = { if case .closedRange = base { return true } else { return false } }()
            switch name {
            case "lowerBound": return .int(lo)
            case "upperBound": return .int(hi)
            case "count": return .int(closed ? hi - lo + 1 : hi - lo)
            case "isEmpty": return .bool(!closed && lo == hi)
            case "contains":
                return method(name) { a in
                    let x = try self.only(a, nil).int("contains")
                    return .bool(x >= lo && (closed ? x <= hi : x < hi))
                }
            default: return try sequenceMember(base.elements ?? [], name, p)
            }
        case .dictionary(let d):
            return try dictionaryMember(d, name, p)
        case .some(let inner):
            if name == "map" || name == "flatMap" {
                return method(name) { a in
                    let v = try self.callBack(try self.closureArgument(a, name), [inner])
                    if case .some = v, name == "flatMap" { return v }
                    if case .null = v, name == "flatMap" { return v }
                    return .some(v)
                }
            }
            return nil
        case .null:
            return name == "map" || name == "flatMap" ? method(name) { _ in .null } : nil
        default:
            return nil
        }
    }

    /// A method bound to its value.
    func method(_ name: String, _ body: @escaping ([ArgumentValue]) throws -> Value) -> Value {
        .function(Callable(name, body))
    }

    /// The single argument of a one-argument method, with the given label.
    func only(_ args: [ArgumentValue], _ label: String?) throws -> Value {
        guard args.count == 1, args[0].label == label else {
            throw LabError("expected one argument\(label.map { " '\($0):'" } ?? ""), received \(args.count)\(args.first?.label.map { " labelled '\($0):'" } ?? "")")
        }
        return args[0].value
    }

    func closureArgument(_ args: [ArgumentValue], _ name: String, label: String? = nil) throws -> Callable {
        guard let a = args.last, a.label == label || a.isTrailingClosure || args.count == 1, case .function(let f) = a.value else {
            throw LabError("\(name) expects a closure, for example \(name) { $0 * 2 }")
        }
        return f
    }

    private func floatingMember(_ base: Value, _ name: String) throws -> Value? {
        let x = base.numeric!
        let isFloat: Bool = { if case .float = base { return true } else { return false } }()
        func same(_ d: Double) -> Value { isFloat ? .float(Float(d)) : .double(d) }
        switch name {
        case "description": return .string(swiftFormat(base, debug: false))
        case "isNaN": return .bool(x.isNaN)
        case "isFinite": return .bool(x.isFinite)
        case "isInfinite": return .bool(x.isInfinite)
        case "isZero": return .bool(x == 0)
        case "magnitude": return same(Swift.abs(x))
        case "squareRoot": return method(name) { _ in isFloat ? .float(Float(x).squareRoot()) : .double(x.squareRoot()) }
        case "rounded":
            return method(name) { a in
                guard let rule = a.first?.value else { return same(x.rounded()) }
                let rules: [String: FloatingPointRoundingRule] = [
                    "down": .down, "up": .up, "towardZero": .towardZero, "toNearestOrEven": .toNearestOrEven,
                    "toNearestOrAwayFromZero": .toNearestOrAwayFromZero, "awayFromZero": .awayFromZero,
                ]
                guard case .member(let m) = rule, let r = rules[m] else {
                    throw LabError("rounded(_:) takes a rule: .down, .up, .towardZero, .toNearestOrEven, .toNearestOrAwayFromZero")
                }
                return isFloat ? .float(Float(x).rounded(r)) : .double(x.rounded(r))
            }
        case "truncatingRemainder":
            return method(name) { a in
                let y = try self.only(a, "dividingBy").double("truncatingRemainder(dividingBy:)")
                return isFloat ? .float(Float(x).truncatingRemainder(dividingBy: Float(y))) : .double(x.truncatingRemainder(dividingBy: y))
            }
        default: return nil
        }
    }

    private func stringMember(_ s: String, _ name: String) throws -> Value? {
        switch name {
        case "count": return .int(s.count)
        case "isEmpty": return .bool(s.isEmpty)
        case "description": return .string(s)
        case "uppercased": return method(name) { _ in .string(s.uppercased()) }
        case "lowercased": return method(name) { _ in .string(s.lowercased()) }
        case "hasPrefix": return method(name) { a in .bool(s.hasPrefix(try self.only(a, nil).string("hasPrefix"))) }
        case "hasSuffix": return method(name) { a in .bool(s.hasSuffix(try self.only(a, nil).string("hasSuffix"))) }
        case "contains":
            return method(name) { a in
                if case .function(let f) = a.first?.value {
                    return .bool(try s.contains { try self.callBack(f, [.string(String($0))]).bool("contains(where:)") })
                }
                return .bool(s.contains(try self.only(a, nil).string("contains")))
            }
        case "split":
            return method(name) { a in
                guard let sep = a.first, sep.label == "separator", case .string(let c) = sep.value, c.count == 1 else {
                    throw LabError("split(separator:) takes one character: s.split(separator: \" \")")
                }
                return .array(s.split(separator: Character(c)).map { .string(String($0)) })
            }
        case "components":
            return method(name) { a in .array(s.components(separatedBy: try self.only(a, "separatedBy").string("components(separatedBy:)")).map { .string($0) }) }
        case "replacingOccurrences":
            return method(name) { a in
                guard a.count == 2, a[0].label == "of", a[1].label == "with" else { throw LabError("replacingOccurrences(of:with:)") }
                return .string(s.replacingOccurrences(of: try a[0].value.string("of"), with: try a[1].value.string("with")))
            }
        case "trimmingCharacters":
            return method(name) { _ in .string(s.trimmingCharacters(in: .whitespacesAndNewlines)) }
        case "reversed": return method(name) { _ in .array(s.reversed().map { .string(String($0)) }) }
        default: return nil
        }
    }

    private func dictionaryMember(_ d: LabDictionary, _ name: String, _ p: SourcePosition) throws -> Value? {
        let pairs: [Value] = d.entries.map { .tuple([("key", $0.key), ("value", $0.value)]) }
        switch name {
        case "count": return .int(d.count)
        case "isEmpty": return .bool(d.count == 0)
        case "keys": return .array(d.entries.map(\.key))
        case "values": return .array(d.entries.map(\.value))
        case "description": return .string(swiftFormat(.dictionary(d), debug: false))
        case "mapValues":
            return method(name) { a in
                let f = try self.closureArgument(a, name)
                var out = LabDictionary()
                for (k, v) in d.entries { try out.set(k, try self.callBack(f, [v])) }
                return .dictionary(out)
            }
        case "filter":
            return method(name) { a in
                let f = try self.closureArgument(a, name)
                var out = LabDictionary()
                for (pair, e) in zip(pairs, d.entries) where try self.callBack(f, [pair]).bool("filter's closure") { try out.set(e.key, e.value) }
                return .dictionary(out)
            }
        default:
            return try sequenceMember(pairs, name, p)
        }
    }
}
