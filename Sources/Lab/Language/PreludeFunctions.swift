// Swift's standard library, as much as a notebook uses: `print`, the numeric types'
// initializers and constants, `min`/`max`/`abs`, the math functions, `stride`, `zip`,
// `type(of:)`, `assert`. Each behaves as its Swift namesake (the tests compare outputs with
// programs compiled by swiftc).

import Foundation
import ResNetKit

enum Prelude {
    static let functionNames = [
        "print", "debugPrint", "abs", "min", "max", "sqrt", "exp", "log", "log2", "log10", "pow", "floor", "ceil", "round",
        "sin", "cos", "tan", "tanh", "stride", "zip", "type", "assert", "precondition", "fatalError", "swap",
    ]
    static let typeNames = ["Int", "Double", "Float", "String", "Bool", "Array", "Dictionary", "Character"]

    /// Engine classes by the names Swift code uses, for `is` and `as?`.
    static func nativeIs(_ o: Any, _ name: String) -> Bool {
        switch name {
        case "Layer": return o is Layer
        case "Model": return o is Model
        case "Optimizer": return o is Optimizer
        case "Callback": return o is Callback
        case "Error": return o is Error
        case "ResidualBlock": return o is ResidualBlock
        default: return String(describing: Swift.type(of: o)) == name
        }
    }
}

/// Labels of a call, for matching overloads: `[nil, "separator"]`.
func labels(_ args: [ArgumentValue]) -> [String?] { args.map(\.label) }

extension Interpreter {
    /// Swift's free functions and types by name, or nil.
    func preludeValue(_ name: String) -> Value? {
        if Prelude.typeNames.contains(name) { return .type(name) }
        guard Prelude.functionNames.contains(name) else { return nil }
        return .function(Callable(name) { [unowned self] args in try self.preludeCall(name, args) })
    }

    private func preludeCall(_ name: String, _ args: [ArgumentValue]) throws -> Value {
        let unlabelled = args.filter { $0.label == nil }.map(\.value)
        func one() throws -> Value {
            guard args.count == 1, args[0].label == nil else { throw LabError("\(name) takes one value: \(name)(x)") }
            return args[0].value
        }
        switch name {
        case "print", "debugPrint":
            var separator = " ", terminator = "\n"
            for a in args where a.label != nil {
                switch a.label {
                case "separator": separator = try a.value.string("print's separator")
                case "terminator": terminator = try a.value.string("print's terminator")
                default: throw LabError("print has no argument '\(a.label!):'; it takes values, separator: and terminator:")
                }
            }
            let describe = name == "print" ? swiftDescription : swiftDebugDescription
            write(unlabelled.map(describe).joined(separator: separator) + terminator)
            return .void
        case "abs":
            switch try one() {
            case .int(let i):
                guard i != Int.min else { throw LabError("arithmetic overflow: abs(Int.min) does not fit in Int") }
                return .int(Swift.abs(i))
            case .double(let d): return .double(Swift.abs(d))
            case .float(let f): return .float(Swift.abs(f))
            case .tensor(let t): return .tensor(t.abs())
            case let v: throw LabError("abs needs a number, received \(v.brief)")
            }
        case "min", "max":
            guard unlabelled.count >= 2, unlabelled.count == args.count else { throw LabError("\(name) takes two or more values: \(name)(a, b)") }
            var best = unlabelled[0]
            for v in unlabelled.dropFirst() {
                let c = try compare(v, best)
                if name == "min" ? c < 0 : c > 0 { best = v }
            }
            return promote(best, like: unlabelled)
        case "sqrt", "exp", "log", "log2", "log10", "floor", "ceil", "round", "sin", "cos", "tan", "tanh":
            let v = try one()
            let f = Interpreter.mathFunction(name)
            switch v {
            case .float(let x): return .float(Float(f(Double(x))))
            case .double(let x): return .double(f(x))
            case .int(let x): return .double(f(Double(x)))
            case .tensor(let t) where name == "sqrt": return .tensor(t.sqrt())
            case .tensor(let t) where name == "exp": return .tensor(t.exp())
            case .tensor(let t) where name == "log": return .tensor(t.log())
            default: throw LabError("\(name) needs a number (Double or Float), received \(v.brief)")
            }
        case "pow":
            guard unlabelled.count == 2, args.count == 2 else { throw LabError("pow takes two numbers: pow(base, exponent)") }
            if case .float = unlabelled[0] { return .float(Float(Foundation.pow(try unlabelled[0].double("pow"), try unlabelled[1].double("pow")))) }
            if case .float = unlabelled[1] { return .float(Float(Foundation.pow(try unlabelled[0].double("pow"), try unlabelled[1].double("pow")))) }
            return .double(Foundation.pow(try unlabelled[0].double("pow"), try unlabelled[1].double("pow")))
        case "stride":
            return try stride(args)
        case "zip":
            guard args.count == 2, unlabelled.count == 2 else { throw LabError("zip takes two sequences: zip(a, b)") }
            let a = try sequenceItems(unlabelled[0], args[0].position ?? SourcePosition(line: 1, column: 1))
            let b = try sequenceItems(unlabelled[1], args[1].position ?? SourcePosition(line: 1, column: 1))
            return .array(Swift.zip(a, b).map { .tuple([(nil, $0), (nil, $1)]) })
        case "type":
            guard args.count == 1, args[0].label == "of" else { throw LabError("type(of: x) gives the type of x") }
            let v = args[0].value
            if case .instance(let s) = v { return .userType(s.type) }
            if case .enumCase(let e) = v { return .userType(e.type) }
            return .type(v.typeName)
        case "assert", "precondition":
            guard let first = unlabelled.first, case .bool(let ok) = first else { throw LabError("\(name) needs a condition: \(name)(x > 0, \"message\")") }
            if !ok {
                let message = unlabelled.count > 1 ? ": " + swiftDescription(unlabelled[1]) : ""
                throw LabError("\(name == "assert" ? "Assertion" : "Precondition") failed\(message)")
            }
            return .void
        case "fatalError":
            throw LabError("Fatal error" + (unlabelled.first.map { ": " + swiftDescription($0) } ?? ""))
        case "swap":
            throw LabError("swap needs two variables passed with &: swap(&a, &b)")
        default:
            throw LabError("\(name) is not available")
        }
    }

    static func mathFunction(_ name: String) -> (Double) -> Double {
        switch name {
        case "sqrt": return { $0.squareRoot() }
        case "exp": return { Foundation.exp($0) }
        case "log": return { Foundation.log($0) }
        case "log2": return { Foundation.log2($0) }
        case "log10": return { Foundation.log10($0) }
        case "floor": return { $0.rounded(.down) }
        case "ceil": return { $0.rounded(.up) }
        case "round": return { $0.rounded() }
        case "sin": return { Foundation.sin($0) }
        case "cos": return { Foundation.cos($0) }
        case "tan": return { Foundation.tan($0) }
        default: return { Foundation.tanh($0) }
        }
    }

    /// `min(loss, 1)` with a Float loss is a Float in Swift (the literal takes Float's type).
    func promote(_ v: Value, like values: [Value]) -> Value {
        if values.contains(where: { if case .float = $0 { return true } else { return false } }), let x = v.numeric { return .float(Float(x)) }
        if values.contains(where: { if case .double = $0 { return true } else { return false } }), let x = v.numeric { return .double(x) }
        return v
    }

    /// `stride(from:to:by:)` and `stride(from:through:by:)`, as arrays.
    private func stride(_ args: [ArgumentValue]) throws -> Value {
        guard args.count == 3, args[0].label == "from", args[1].label == "to" || args[1].label == "through", args[2].label == "by" else {
            throw LabError("stride(from: a, to: b, by: step) or stride(from: a, through: b, by: step)")
        }
        let through = args[1].label == "through"
        let values = args.map(\.value)
        if case .int(let a) = values[0], case .int(let b) = values[1], case .int(let step) = values[2] {
            guard step != 0 else { throw LabError("stride's step must not be zero") }
            let items = through ? Array(Swift.stride(from: a, through: b, by: step)) : Array(Swift.stride(from: a, to: b, by: step))
            guard items.count <= 100_000_000 else { throw LabError("this stride has \(items.count) elements, more than the lab allows") }
            return .array(items.map { .int($0) })
        }
        let (a, b, step) = (try values[0].double("stride"), try values[1].double("stride"), try values[2].double("stride"))
        guard step != 0, step.isFinite else { throw LabError("stride's step must be a finite non-zero number") }
        guard Swift.abs((b - a) / step) < 1e8 else { throw LabError("this stride has too many elements") }
        let items = through ? Array(Swift.stride(from: a, through: b, by: step)) : Array(Swift.stride(from: a, to: b, by: step))
        return .array(items.map { promote(.double($0), like: values) })
    }

    // MARK: Types as functions: Int(…), Float(…), String(…), Array(…)

    func preludeConstructIfKnown(_ type: String, _ args: [ArgumentValue]) throws -> Value? {
        Prelude.typeNames.contains(type) ? try preludeConstruct(type, args) : nil
    }

    func preludeConstruct(_ type: String, _ args: [ArgumentValue]) throws -> Value {
        let l = labels(args)
        let first = args.first?.value.unwrapped
        switch (type, l) {
        case ("Int", [nil]):
            switch first! {
            case .int: return first!
            case .double(let d): return .int(try truncated(d))
            case .float(let f): return .int(try truncated(Double(f)))
            case .string(let s): return Int(s).map { .some(.int($0)) } ?? .null
            case .bool: throw LabError("no exact matches in call to initializer Int(_:) for a Bool; write flag ? 1 : 0")
            case let v: throw LabError("Int(…) needs a number or a string, received \(v.brief)")
            }
        case ("Double", [nil]), ("Float", [nil]):
            let make: (Double) -> Value = type == "Double" ? { .double($0) } : { .float(Float($0)) }
            switch first! {
            case .string(let s): return (type == "Double" ? Double(s).map { Value.double($0) } : Float(s).map { Value.float($0) }).map { .some($0) } ?? .null
            case .float(let f) where type == "Double": return .double(Double(f))
            case .tensor(let t) where t.count == 1: return make(Double(t.scalars[0]))
            case let v: return make(try v.double("\(type)(…)"))
            }
        case ("String", [nil]), ("String", ["describing"]):
            if case .array(let chars) = first!, chars.allSatisfy({ if case .string(let c) = $0 { return c.count == 1 } else { return false } }) {
                return .string(chars.map { swiftDescription($0) }.joined())
            }
            return .string(swiftDescription(args[0].value))
        case ("String", ["reflecting"]):
            return .string(swiftDebugDescription(args[0].value))
        case ("String", ["repeating", "count"]):
            let n = try args[1].value.int("String(repeating:count:)")
            guard n >= 0 else { throw LabError("String(repeating:count:) needs a count of at least 0") }
            return .string(String(repeating: try args[0].value.string("String(repeating:count:)"), count: n))
        case ("String", _) where l.first == "format":
            return .string(try formatted(args))
        case ("Bool", [nil]):
            if case .string(let s) = first! { return Bool(s).map { .some(.bool($0)) } ?? .null }
            return .bool(try first!.bool("Bool(…)"))
        case ("Character", [nil]):
            guard case .string(let s) = first!, s.count == 1 else { throw LabError("Character(…) needs a one-character string") }
            return first!
        case ("Array", []): return .array([])
        case ("Array", [nil]):
            if case .tensor(let t) = first! { return .array(t.scalars.map { .float($0) }) }
            return .array(try sequenceItems(first!, args[0].position ?? SourcePosition(line: 1, column: 1)))
        case ("Array", ["repeating", "count"]):
            let n = try args[1].value.int("Array(repeating:count:)")
            guard n >= 0, n <= 100_000_000 else { throw LabError("Array(repeating:count:) needs a count between 0 and 100,000,000") }
            return .array(Array(repeating: args[0].value, count: n))
        case ("Dictionary", []): return .dictionary(LabDictionary())
        case ("Dictionary", ["uniqueKeysWithValues"]):
            var d = LabDictionary()
            for pair in try sequenceItems(first!, args[0].position ?? SourcePosition(line: 1, column: 1)) {
                guard case .tuple(let kv) = pair, kv.count == 2 else { throw LabError("Dictionary(uniqueKeysWithValues:) needs (key, value) pairs") }
                if d[kv[0].value] != nil { throw LabError("Dictionary(uniqueKeysWithValues:): duplicate key \(swiftDebugDescription(kv[0].value))") }
                try d.set(kv[0].value, kv[1].value)
            }
            return .dictionary(d)
        default:
            throw LabError("no \(type) initializer takes (\(l.map { ($0 ?? "_") + ":" }.joined()))")
        }
    }

    private func truncated(_ d: Double) throws -> Int {
        guard d.isFinite, d > -9.3e18, d < 9.3e18 else { throw LabError("\(d) cannot be converted to Int: it is not finite or too large (Swift would stop the program here)") }
        return Int(d)
    }

    /// `String(format: "%.3f", x)`, Foundation's printf-style formatting.
    private func formatted(_ args: [ArgumentValue]) throws -> String {
        let format = try args[0].value.string("String(format:)")
        var values: [CVarArg] = []
        for a in args.dropFirst() {
            switch a.value.unwrapped {
            case .int(let i): values.append(i)
            case .double(let d): values.append(d)
            case .float(let f): values.append(Double(f))
            case .string(let s): values.append(s)
            case let v: throw LabError("String(format:) cannot format \(v.brief); pass numbers or strings")
            }
        }
        let specifiers = format.filter { $0 == "%" }.count - 2 * format.components(separatedBy: "%%").count + 2
        guard specifiers <= values.count else { throw LabError("String(format:) has \(specifiers) format specifiers but \(values.count) values") }
        return String(format: format, arguments: values)
    }

    // MARK: Static members: Int.max, Float.pi, Double.random(in:)

    func preludeStatic(_ type: String, _ name: String) throws -> Value? {
        switch (type, name) {
        case ("Int", "max"): return .int(Int.max)
        case ("Int", "min"): return .int(Int.min)
        case ("Double", "pi"): return .double(Double.pi)
        case ("Float", "pi"): return .float(Float.pi)
        case ("Double", "infinity"): return .double(.infinity)
        case ("Float", "infinity"): return .float(.infinity)
        case ("Double", "nan"): return .double(.nan)
        case ("Float", "nan"): return .float(.nan)
        case ("Double", "greatestFiniteMagnitude"): return .double(.greatestFiniteMagnitude)
        case ("Float", "greatestFiniteMagnitude"): return .float(.greatestFiniteMagnitude)
        case ("Double", "ulpOfOne"): return .double(.ulpOfOne)
        case ("Float", "ulpOfOne"): return .float(.ulpOfOne)
        case ("Int", "random"), ("Double", "random"), ("Float", "random"), ("Bool", "random"):
            return .function(
                Callable("\(type).random") { args in
                    if type == "Bool" { return .bool(Bool.random()) }
                    guard args.count == 1, args[0].label == "in" else { throw LabError("\(type).random(in: range)") }
                    switch (type, args[0].value) {
                    case ("Int", .range(let lo, let hi)) where lo < hi: return .int(Int.random(in: lo..<hi))
                    case ("Int", .closedRange(let lo, let hi)): return .int(Int.random(in: lo...hi))
                    case (_, .native(let r as OpenRange)):
                        let lo = try r.lower?.double("random") ?? 0, hi = try r.upper?.double("random") ?? 1
                        guard lo < hi || (r.closed && lo <= hi) else { throw LabError("\(type).random(in:) needs a non-empty range") }
                        let x = r.closed ? Double.random(in: lo...hi) : Double.random(in: lo..<hi)
                        return type == "Float" ? .float(Float(x)) : .double(x)
                    case (_, .range(let lo, let hi)) where lo < hi:
                        let x = Double.random(in: Double(lo)..<Double(hi))
                        return type == "Float" ? .float(Float(x)) : type == "Int" ? .int(Int(x)) : .double(x)
                    default: throw LabError("\(type).random(in:) needs a non-empty range")
                    }
                })
        default: return nil
        }
    }
}
