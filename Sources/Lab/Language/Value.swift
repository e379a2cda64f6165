// Values in the lab language. Numbers, strings, arrays and tensors are their own cases;
// every other engine object (a layer, a model, an optimizer, a history) is carried as it is
// and reached through its members, under the engine's own names.

import Foundation
import ResNetKit

/// A value the lab computed.
public enum Value {
    case void
    case int(Int)
    case float(Double)
    case bool(Bool)
    case string(String)
    case array([Value])
    case tensor(Tensor)
    /// `lower..<upper`
    case range(Int, Int)
    /// A labelled tuple, e.g. `evaluate`'s `(loss:, accuracy:)`.
    case tuple([(label: String?, value: Value)])
    /// `.same`, `.relu`: resolved by the argument that receives it.
    case member(String)
    case function(Callable)
    /// A type used as a namespace and constructor: `Tensor`, `Conv2D`.
    case type(String)
    /// Any other engine object.
    case native(Any)
    case null

    /// The name shown by `:type`, as Swift would call it.
    public var typeName: String {
        switch self {
        case .void: return "Void"
        case .int: return "Int"
        case .float: return "Float"
        case .bool: return "Bool"
        case .string: return "String"
        case .array(let items): return "[\(items.first?.typeName ?? "Any")]"
        case .tensor: return "Tensor"
        case .range: return "Range<Int>"
        case .tuple(let items): return "(" + items.map { ($0.label.map { $0 + ": " } ?? "") + $0.value.typeName }.joined(separator: ", ") + ")"
        case .member(let m): return ".\(m)"
        case .function(let f): return "function \(f.name)"
        case .type(let t): return "\(t).Type"
        case .native(let o): return String(describing: Swift.type(of: o))
        case .null: return "nil"
        }
    }
}

/// An argument after evaluation.
public struct ArgumentValue {
    public let label: String?
    public let value: Value
    let position: SourcePosition?
}

/// Something that can be called: a builtin, a bound method, or a closure typed at the prompt.
public struct Callable {
    public let name: String
    let body: ([ArgumentValue]) throws -> Value
    public init(_ name: String, _ body: @escaping ([ArgumentValue]) throws -> Value) {
        self.name = name
        self.body = body
    }
}

// MARK: - Conversions with messages that name the function and the argument.

extension Value {
    func int(_ what: String) throws -> Int {
        switch self {
        case .int(let v): return v
        case .float(let v) where v == v.rounded() && Swift.abs(v) < 1e15: return Int(v)
        default: throw LabError("\(what) expects a whole number (Int), received \(brief)")
        }
    }

    func double(_ what: String) throws -> Double {
        switch self {
        case .int(let v): return Double(v)
        case .float(let v): return v
        case .tensor(let t) where t.count == 1: return Double(t.scalars[0])
        default: throw LabError("\(what) expects a number, received \(brief)")
        }
    }

    func float(_ what: String) throws -> Float { Float(try double(what)) }

    func bool(_ what: String) throws -> Bool {
        guard case .bool(let b) = self else { throw LabError("\(what) expects true or false, received \(brief)") }
        return b
    }

    func string(_ what: String) throws -> String {
        switch self {
        case .string(let s): return s
        case .member(let m): return m
        default: throw LabError("\(what) expects a string in quotes, received \(brief)")
        }
    }

    func ints(_ what: String) throws -> [Int] {
        switch self {
        case .array(let items): return try items.map { try $0.int(what) }
        case .tensor(let t) where t.rank == 1: return try t.scalars.map { try Value.float(Double($0)).int(what) }
        default: throw LabError("\(what) expects a list of whole numbers like [2, 32, 32, 3], received \(brief)")
        }
    }

    /// Numbers, nested arrays of numbers, or a tensor, as a tensor.
    func tensor(_ what: String) throws -> Tensor {
        switch self {
        case .tensor(let t): return t
        case .int, .float: return Tensor(scalar: try float(what))
        case .array:
            var shape: [Int] = [], scalars: [Float] = []
            try flatten(self, depth: 0, shape: &shape, scalars: &scalars, what: what)
            return try Tensor(shape: shape, scalars: scalars)
        default: throw LabError("\(what) expects a Tensor or an array of numbers, received \(brief)")
        }
    }

    private func flatten(_ v: Value, depth: Int, shape: inout [Int], scalars: inout [Float], what: String) throws {
        switch v {
        case .array(let items):
            if shape.count == depth { shape.append(items.count) }
            else if shape[depth] != items.count {
                throw LabError("\(what): nested arrays have different lengths (\(shape[depth]) and \(items.count)); a tensor needs a rectangular array")
            }
            for item in items { try flatten(item, depth: depth + 1, shape: &shape, scalars: &scalars, what: what) }
        case .int, .float:
            guard shape.count == depth else { throw LabError("\(what): an array mixes numbers and arrays at the same level") }
            scalars.append(try v.float(what))
        default:
            throw LabError("\(what): an array for a tensor may hold only numbers, found \(v.brief)")
        }
    }

    func native<T>(_ type: T.Type, _ what: String) throws -> T {
        if case .native(let o) = self, let t = o as? T { return t }
        throw LabError("\(what) expects a \(String(describing: T.self)), received \(brief)")
    }

    /// "the number 3", "a Tensor of shape [2, 3]": how values are named in errors.
    var brief: String {
        switch self {
        case .int(let v): return "the number \(v)"
        case .float(let v): return "the number \(v)"
        case .string(let s): return "the string \"\(s)\""
        case .bool(let b): return "\(b)"
        case .tensor(let t): return "a Tensor of shape \(t.shape)"
        case .array(let a): return "an array of \(a.count) values"
        case .member(let m): return ".\(m)"
        case .null: return "nil"
        case .void: return "nothing (the call returns no value)"
        default: return "a value of type \(typeName)"
        }
    }
}
