// Values in the lab language. Swift's own kinds of value are cases here — Int, Double and
// Float kept apart because Swift prints them differently (`0.1` vs `0.1` vs `0.33333334`),
// arrays and dictionaries with value semantics, optionals, tuples, a learner's structs and
// enums. Every engine object (a layer, a model, an optimizer, a history) is carried as it is
// and reached through its members, under the engine's own names.

import Foundation
import ResNetKit

/// A value the lab computed.
public enum Value {
    case void
    case int(Int)
    case double(Double)
    case float(Float)
    case bool(Bool)
    case string(String)
    case array([Value])
    case dictionary(LabDictionary)
    case tensor(Tensor)
    /// `lower..<upper`
    case range(Int, Int)
    /// `lower...upper`
    case closedRange(Int, Int)
    /// `(1, "a")`, `evaluate`'s `(loss:, accuracy:)`.
    case tuple([(label: String?, value: Value)])
    /// `.same`, `.relu`: resolved by the argument that receives it.
    case member(String)
    case function(Callable)
    /// A type of the engine or Swift's, used as a namespace and constructor: `Tensor`, `Conv2D`, `Int`.
    case type(String)
    /// A struct or enum the learner declared.
    case userType(UserType)
    /// A value of a learner's struct.
    case instance(Instance)
    /// A case of a learner's enum.
    case enumCase(EnumCase)
    /// Any other engine object.
    case native(Any)
    /// `nil`
    case null
    /// An optional holding a value: `Optional(3)`.
    indirect case some(Value)

    /// The name shown by `:type`, as Swift would call it.
    public var typeName: String {
        switch self {
        case .void: return "()"
        case .int: return "Int"
        case .double: return "Double"
        case .float: return "Float"
        case .bool: return "Bool"
        case .string: return "String"
        case .array(let items): return "[\(items.first?.typeName ?? "Any")]"
        case .dictionary(let d): return "[\(d.entries.first?.key.typeName ?? "AnyHashable"): \(d.entries.first?.value.typeName ?? "Any")]"
        case .tensor: return "Tensor"
        case .range: return "Range<Int>"
        case .closedRange: return "ClosedRange<Int>"
        case .tuple(let items): return "(" + items.map { ($0.label.map { $0 + ": " } ?? "") + $0.value.typeName }.joined(separator: ", ") + ")"
        case .member(let m): return ".\(m)"
        case .function(let f): return "function \(f.name)"
        case .type(let t): return "\(t).Type"
        case .userType(let t): return "\(t.name).Type"
        case .instance(let s): return s.type.name
        case .enumCase(let e): return e.type.name
        case .native(let o): return String(describing: Swift.type(of: o))
        case .null: return "Optional"
        case .some(let v): return v.typeName + "?"
        }
    }
}

/// An argument after evaluation.
public struct ArgumentValue {
    public let label: String?
    public let value: Value
    let position: SourcePosition?
    var isTrailingClosure = false
    /// For an `&x` argument: where to write the parameter's final value.
    var inoutTarget: Expr?
    /// The scope `inoutTarget` lives in.
    var inoutScope: Scope?
    /// For a closure's `inout` parameter (`reduce(into:)`): where its final value goes.
    var inoutBox: InoutBox?

    init(label: String?, value: Value, position: SourcePosition?, isTrailingClosure: Bool = false) {
        self.label = label
        self.value = value
        self.position = position
        self.isTrailingClosure = isTrailingClosure
    }
}

/// The value of an `inout` closure parameter, read back after the call.
final class InoutBox {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// Something that can be called: a builtin, a bound method, a function or closure typed at the prompt.
public struct Callable {
    public let name: String
    let body: ([ArgumentValue]) throws -> Value
    public init(_ name: String, _ body: @escaping ([ArgumentValue]) throws -> Value) {
        self.name = name
        self.body = body
    }
}

/// A dictionary with Swift's value semantics; it keeps insertion order (Swift's own order is
/// a per-process hash order, which no notebook could check).
public struct LabDictionary {
    public private(set) var entries: [(key: Value, value: Value)] = []
    private var index: [DictionaryKey: Int] = [:]

    public var count: Int { entries.count }

    subscript(key: Value) -> Value? {
        get { DictionaryKey(key).flatMap { index[$0] }.map { entries[$0].value } }
    }

    mutating func set(_ key: Value, _ value: Value?) throws {
        guard let k = DictionaryKey(key) else { throw LabError("\(key.brief) cannot be a dictionary key (keys are numbers, strings, booleans or enum cases)") }
        if let value {
            if let at = index[k] { entries[at].value = value } else { index[k] = entries.count; entries.append((key, value)) }
        } else if let at = index.removeValue(forKey: k) {
            entries.remove(at: at)
            for (key, position) in index where position > at { index[key] = position - 1 }
        }
    }
}

/// What makes a value usable as a dictionary key.
enum DictionaryKey: Hashable {
    case int(Int), number(Double), string(String), bool(Bool), enumCase(String, String), tuple([DictionaryKey])

    init?(_ v: Value) {
        switch v {
        case .int(let i): self = .int(i)
        case .double(let d): self = .number(d)
        case .float(let f): self = .number(Double(f))
        case .string(let s): self = .string(s)
        case .bool(let b): self = .bool(b)
        case .enumCase(let e) where e.values.isEmpty: self = .enumCase(e.type.name, e.name)
        case .member(let m): self = .string(m)
        case .tuple(let items):
            var keys: [DictionaryKey] = []
            for item in items {
                guard let k = DictionaryKey(item.value) else { return nil }
                keys.append(k)
            }
            self = .tuple(keys)
        default: return nil
        }
    }
}

/// A struct or an enum declared at the prompt, with the scope its methods see.
public final class UserType {
    let name: String
    let structDecl: StructDecl?
    let enumDecl: EnumDecl?
    let scope: Scope
    /// `static let` values, evaluated on first use.
    var statics: [String: Value] = [:]
    init(structDecl: StructDecl, scope: Scope) {
        name = structDecl.name
        self.structDecl = structDecl
        enumDecl = nil
        self.scope = scope
    }
    init(enumDecl: EnumDecl, scope: Scope) {
        name = enumDecl.name
        structDecl = nil
        self.enumDecl = enumDecl
        self.scope = scope
    }
    var conformances: [String] { structDecl?.conformances ?? enumDecl?.conformances ?? [] }
    var methods: [FunctionDecl] { structDecl?.methods ?? enumDecl?.methods ?? [] }
    var computed: [PropertyDecl] { (structDecl?.properties ?? enumDecl?.properties ?? []).filter { $0.getter != nil } }
}

/// A value of a learner's struct: its stored properties, in declaration order.
public struct Instance {
    let type: UserType
    var fields: [(name: String, value: Value)]

    func field(_ name: String) -> Value? { fields.first { $0.name == name }?.value }
    mutating func setField(_ name: String, _ value: Value) -> Bool {
        guard let at = fields.firstIndex(where: { $0.name == name }) else { return false }
        fields[at].value = value
        return true
    }
}

/// A case of a learner's enum, with its associated values.
public struct EnumCase {
    let type: UserType
    let name: String
    let labels: [String?]
    let values: [Value]
}

/// Variables visible at a point of the program: a REPL session's, a function call's, a block's.
/// Closures keep the scope they were made in, so they see (and change) its variables later —
/// Swift's capture by reference.
final class Scope {
    final class Slot {
        var value: Value?
        let mutable: Bool
        /// The declared type (`var best: Float?`): assignments are converted to it.
        let type: TypeRef?
        init(_ value: Value?, mutable: Bool, type: TypeRef? = nil) {
            self.value = value
            self.mutable = mutable
            self.type = type
        }
    }
    var slots: [String: Slot] = [:]
    let parent: Scope?
    /// The struct value `self` stands for inside a method (nil elsewhere).
    let selfSlot: Slot?
    init(parent: Scope? = nil, selfSlot: Slot? = nil) {
        self.parent = parent
        self.selfSlot = selfSlot ?? parent?.selfSlot
    }
    func lookup(_ name: String) -> Slot? {
        var s: Scope? = self
        while let scope = s {
            if let slot = scope.slots[name] { return slot }
            s = scope.parent
        }
        return nil
    }
    func declare(_ name: String, _ value: Value?, mutable: Bool, type: TypeRef? = nil) {
        slots[name] = Slot(value, mutable: mutable, type: type)
    }
}

// MARK: - Conversions with messages that name the function and the argument.

extension Value {
    /// The value inside an optional (builtins accept `Optional(x)` where they need x).
    var unwrapped: Value {
        if case .some(let v) = self { return v.unwrapped }
        return self
    }

    var isNil: Bool { if case .null = self { return true } else { return false } }

    /// The learner's struct or enum this value belongs to, if it is one.
    var userType: UserType? {
        switch self {
        case .instance(let s): return s.type
        case .enumCase(let e): return e.type
        default: return nil
        }
    }

    func int(_ what: String) throws -> Int {
        switch unwrapped {
        case .int(let v): return v
        case .double(let v) where v == v.rounded() && Swift.abs(v) < 1e15: return Int(v)
        case .float(let v) where v == v.rounded() && Swift.abs(v) < 1e15: return Int(v)
        default: throw LabError("\(what) expects a whole number (Int), received \(brief)")
        }
    }

    func double(_ what: String) throws -> Double {
        switch unwrapped {
        case .int(let v): return Double(v)
        case .double(let v): return v
        case .float(let v): return Double(v)
        case .tensor(let t) where t.count == 1: return Double(t.scalars[0])
        default: throw LabError("\(what) expects a number, received \(brief)")
        }
    }

    func float(_ what: String) throws -> Float {
        if case .float(let f) = unwrapped { return f }
        return Float(try double(what))
    }

    func bool(_ what: String) throws -> Bool {
        guard case .bool(let b) = unwrapped else { throw LabError("\(what) expects true or false, received \(brief)") }
        return b
    }

    func string(_ what: String) throws -> String {
        switch unwrapped {
        case .string(let s): return s
        case .member(let m): return m
        default: throw LabError("\(what) expects a string in quotes, received \(brief)")
        }
    }

    func ints(_ what: String) throws -> [Int] {
        switch unwrapped {
        case .array(let items): return try items.map { try $0.int(what) }
        case .range(let lo, let hi): return Array(lo..<hi)
        case .closedRange(let lo, let hi): return Array(lo...hi)
        case .tensor(let t) where t.rank == 1: return try t.scalars.map { try Value.float($0).int(what) }
        default: throw LabError("\(what) expects a list of whole numbers like [2, 32, 32, 3], received \(brief)")
        }
    }

    /// Numbers, nested arrays of numbers, or a tensor, as a tensor.
    func tensor(_ what: String) throws -> Tensor {
        switch unwrapped {
        case .tensor(let t): return t
        case .int, .double, .float: return Tensor(scalar: try float(what))
        case .array, .range, .closedRange:
            var shape: [Int] = [], scalars: [Float] = []
            try flatten(unwrapped, depth: 0, shape: &shape, scalars: &scalars, what: what)
            return try Tensor(shape: shape, scalars: scalars)
        default: throw LabError("\(what) expects a Tensor or an array of numbers, received \(brief)")
        }
    }

    private func flatten(_ v: Value, depth: Int, shape: inout [Int], scalars: inout [Float], what: String) throws {
        switch v {
        case .array, .range, .closedRange:
            let items = v.elements ?? []
            if shape.count == depth {
                shape.append(items.count)
            } else if shape[depth] != items.count {
                throw LabError("\(what): nested arrays have different lengths (\(shape[depth]) and \(items.count)); a tensor needs a rectangular array")
            }
            for item in items { try flatten(item, depth: depth + 1, shape: &shape, scalars: &scalars, what: what) }
        case .int, .double, .float:
            guard shape.count == depth else { throw LabError("\(what): an array mixes numbers and arrays at the same level") }
            scalars.append(try v.float(what))
        default:
            throw LabError("\(what): an array for a tensor may hold only numbers, found \(v.brief)")
        }
    }

    /// The elements of a sequence value (array, range, string, dictionary), or nil.
    var elements: [Value]? {
        switch self {
        case .array(let a): return a
        case .range(let lo, let hi): return lo < hi ? (lo..<hi).map { .int($0) } : []
        case .closedRange(let lo, let hi): return lo <= hi ? (lo...hi).map { .int($0) } : []
        case .string(let s): return s.map { .string(String($0)) }
        case .dictionary(let d): return d.entries.map { .tuple([("key", $0.key), ("value", $0.value)]) }
        case .some(let v): return v.elements
        default: return nil
        }
    }

    func native<T>(_ type: T.Type, _ what: String) throws -> T {
        if case .native(let o) = unwrapped, let t = o as? T { return t }
        throw LabError("\(what) expects a \(String(describing: T.self)), received \(brief)")
    }

    /// "the number 3", "a Tensor of shape [2, 3]": how values are named in errors.
    var brief: String {
        switch self {
        case .int(let v): return "the number \(v)"
        case .double(let v): return "the number \(v)"
        case .float(let v): return "the number \(v)"
        case .string(let s): return "the string \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .bool(let b): return "\(b)"
        case .tensor(let t): return "a Tensor of shape \(t.shape)"
        case .array(let a): return "an array of \(a.count) values"
        case .dictionary(let d): return "a dictionary of \(d.count) entries"
        case .member(let m): return ".\(m)"
        case .null: return "nil"
        case .some(let v): return "an optional holding \(v.brief) (unwrap it with ! or if let)"
        case .void: return "nothing (the call returns no value)"
        case .instance(let s): return "a \(s.type.name)"
        case .enumCase(let e): return "\(e.type.name).\(e.name)"
        default: return "a value of type \(typeName)"
        }
    }
}
