// Operators with Swift's numeric rules: Int arithmetic stops on overflow (Swift traps; the
// lab reports it), integer division truncates, `%` is for integers only. Where Swift would
// make a literal take the other operand's type (`loss * 2`, `0.5 * lr`), the lab does the
// same at run time: Int with Float gives Float, Int with Double gives Double, and a Float
// with a Double gives Float (a Double here is nearly always a literal the learner typed).

import ResNetKit

extension Interpreter {
    func unary(_ op: String, _ v: Value) throws -> Value {
        switch (op, v) {
        case ("-", .int(let i)):
            let (r, overflow) = Int(0).subtractingReportingOverflow(i)
            if overflow { throw LabError("arithmetic overflow: -\(i) does not fit in Int") }
            return .int(r)
        case ("-", .double(let d)): return .double(-d)
        case ("-", .float(let f)): return .float(-f)
        case ("-", .tensor(let t)): return .tensor(-t)
        case ("!", .bool(let b)): return .bool(!b)
        case ("!", _): throw LabError("'!' (not) needs a Bool, received \(v.brief)")
        default: throw LabError("cannot apply unary '\(op)' to \(v.brief)")
        }
    }

    func binary(_ op: String, _ l: Value, _ r: Value) throws -> Value {
        switch op {
        case "==": return .bool(try equal(l, r))
        case "!=": return .bool(!(try equal(l, r)))
        case "===":
            if case .native(let a) = l, case .native(let b) = r { return .bool((a as AnyObject) === (b as AnyObject)) }
            throw LabError("'===' compares objects (layers, models); use == for values")
        case "<", "<=", ">", ">=":
            if let a = l.numeric, let b = r.numeric, a.isNaN || b.isNaN { return .bool(false) }  // NaN is unordered
            let c = try compare(l, r)
            switch op {
            case "<": return .bool(c < 0)
            case "<=": return .bool(c <= 0)
            case ">": return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        default: break
        }
        switch (l, r) {
        case (.int(let a), .int(let b)): return .int(try integer(op, a, b))
        case (.float(let a), .float(let b)): return .float(try floating(op, a, b))
        case (.float(let a), .int(let b)): return .float(try floating(op, a, Float(b)))
        case (.int(let a), .float(let b)): return .float(try floating(op, Float(a), b))
        case (.float(let a), .double(let b)): return .float(try floating(op, a, Float(b)))
        case (.double(let a), .float(let b)): return .float(try floating(op, Float(a), b))
        case (.double(let a), .double(let b)): return .double(try floating(op, a, b))
        case (.double(let a), .int(let b)): return .double(try floating(op, a, Double(b)))
        case (.int(let a), .double(let b)): return .double(try floating(op, Double(a), b))
        case (.string(let a), .string(let b)) where op == "+": return .string(a + b)
        case (.array(let a), .array(let b)) where op == "+": return .array(a + b)
        case (.tensor(let a), .tensor(let b)): return .tensor(try tensorOp(op, a, b))
        case (.tensor(let a), .int), (.tensor(let a), .float), (.tensor(let a), .double):
            return .tensor(try tensorOp(op, a, Tensor(scalar: try r.float(op))))
        case (.int, .tensor(let b)), (.float, .tensor(let b)), (.double, .tensor(let b)):
            return .tensor(try tensorOp(op, Tensor(scalar: try l.float(op)), b))
        case (.some, _), (_, .some), (.null, _), (_, .null):
            throw LabError(
                "value of optional type '\(l.isNil || r.isNil ? "nil" : (l.isOptional ? l.typeName : r.typeName))' must be unwrapped before '\(op)': use !, if let, or ?? default")
        default:
            throw LabError("binary operator '\(op)' cannot be applied to operands of type '\(l.typeName)' and '\(r.typeName)'")
        }
    }

    private func integer(_ op: String, _ a: Int, _ b: Int) throws -> Int {
        let (r, overflow): (Int, Bool)
        switch op {
        case "+": (r, overflow) = a.addingReportingOverflow(b)
        case "-": (r, overflow) = a.subtractingReportingOverflow(b)
        case "*": (r, overflow) = a.multipliedReportingOverflow(by: b)
        case "/", "%":
            guard b != 0 else { throw LabError("division by zero (Swift would stop the program here)") }
            (r, overflow) = op == "/" ? a.dividedReportingOverflow(by: b) : a.remainderReportingOverflow(dividingBy: b)
        default: throw LabError("binary operator '\(op)' cannot be applied to two Int operands")
        }
        if overflow { throw LabError("arithmetic overflow: \(a) \(op) \(b) does not fit in Int (Swift would stop the program here)") }
        return r
    }

    private func floating<F: BinaryFloatingPoint>(_ op: String, _ a: F, _ b: F) throws -> F {
        switch op {
        case "+": return a + b
        case "-": return a - b
        case "*": return a * b
        case "/": return a / b
        case "%": throw LabError("'%' is unavailable for floating-point numbers in Swift: use a.truncatingRemainder(dividingBy: b)")
        default: throw LabError("binary operator '\(op)' cannot be applied to floating-point operands")
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

    /// Swift's `==`: numbers by value, collections element by element, optionals by content.
    func equal(_ l: Value, _ r: Value) throws -> Bool {
        switch (l, r) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.some(let a), .some(let b)): return try equal(a, b)
        case (.some(let a), _): return try equal(a, r)
        case (_, .some(let b)): return try equal(l, b)
        case (.int(let a), .int(let b)): return a == b
        case (.int, .double), (.int, .float), (.double, .int), (.float, .int), (.double, .double), (.float, .float), (.float, .double), (.double, .float):
            if case .float = l { return try l.float("==") == r.float("==") }
            if case .float = r { return try l.float("==") == r.float("==") }
            return try l.double("==") == r.double("==")
        case (.string(let a), .string(let b)): return a == b
        case (.string(let a), .member(let b)), (.member(let b), .string(let a)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.array, .array), (.range, .array), (.array, .range), (.closedRange, .array), (.array, .closedRange):
            let (a, b) = (l.elements ?? [], r.elements ?? [])
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where !(try equal(x, y)) { return false }
            return true
        case (.range(let a, let b), .range(let c, let d)): return a == c && b == d
        case (.closedRange(let a, let b), .closedRange(let c, let d)): return a == c && b == d
        case (.dictionary(let a), .dictionary(let b)):
            guard a.count == b.count else { return false }
            for (k, v) in a.entries {
                guard let w = b[k], try equal(v, w) else { return false }
            }
            return true
        case (.tuple(let a), .tuple(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where !(try equal(x.value, y.value)) { return false }
            return true
        case (.enumCase(let a), .enumCase(let b)):
            guard a.type === b.type, a.name == b.name, a.values.count == b.values.count else { return false }
            for (x, y) in zip(a.values, b.values) where !(try equal(x, y)) { return false }
            return true
        case (.enumCase(let a), .member(let m)), (.member(let m), .enumCase(let a)): return a.name == m
        case (.member(let a), .member(let b)): return a == b
        case (.instance(let a), .instance(let b)):
            guard a.type === b.type else { return false }
            for (x, y) in zip(a.fields, b.fields) where !(try equal(x.value, y.value)) { return false }
            return true
        case (.tensor(let a), .tensor(let b)): return a == b
        case (.native(let a), .member(let m)), (.member(let m), .native(let a)): return "\(a)" == m
        case (.void, .void): return true
        default:
            throw LabError("binary operator '==' cannot be applied to operands of type '\(l.typeName)' and '\(r.typeName)'")
        }
    }

    /// Swift's ordering: numbers, strings, tuples (element by element).
    func compare(_ l: Value, _ r: Value) throws -> Int {
        if case .int(let a) = l, case .int(let b) = r { return a < b ? -1 : (a > b ? 1 : 0) }
        switch (l.numeric, r.numeric) {
        case (let a?, let b?): return a < b ? -1 : (a > b ? 1 : 0)
        default: break
        }
        switch (l, r) {
        case (.string(let a), .string(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.tuple(let a), .tuple(let b)) where a.count == b.count:
            for (x, y) in zip(a, b) {
                let c = try compare(x.value, y.value)
                if c != 0 { return c }
            }
            return 0
        case (.some, _), (_, .some), (.null, _), (_, .null):
            throw LabError("value of optional type must be unwrapped before comparing it: use !, if let, or ?? default")
        default:
            throw LabError("binary operator '<' cannot be applied to operands of type '\(l.typeName)' and '\(r.typeName)'")
        }
    }
}

extension Value {
    /// The number a numeric value holds (NaN compares as Swift's does: never less, never more).
    var numeric: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .float(let f): return Double(f)
        default: return nil
        }
    }

    var isOptional: Bool {
        switch self {
        case .some, .null: return true
        default: return false
        }
    }
}
