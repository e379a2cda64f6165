// Mutating members of Swift's values: `xs.append(3)`, `xs.remove(at: 0)`, `d.removeValue(forKey:)`,
// `s.append("!")`, `flag.toggle()`. They change the variable they are called on (the caller
// reaches it through `modify`, so `model.history[0].append(x)` changes just that element).

import ResNetKit

extension Prelude {
    static func mutatingMembers(of v: Value) -> Set<String> {
        switch v {
        case .array: return ["append", "insert", "remove", "removeLast", "removeFirst", "removeAll", "popLast", "sort", "reverse", "shuffle", "swapAt"]
        case .dictionary: return ["removeValue", "updateValue", "removeAll"]
        case .string: return ["append", "removeLast", "removeFirst", "removeAll"]
        case .bool: return ["toggle"]
        default: return []
        }
    }
}

extension Interpreter {
    func preludeMutate(_ value: inout Value, _ name: String, _ args: [ArgumentValue], _ p: SourcePosition) throws -> Value {
        let l = labels(args)
        switch value {
        case .array(var a):
            value = .void  // `a` alone holds the array, so it changes in place
            defer { if case .void = value { value = .array(a) } }
            func index(_ v: Value, _ what: String, allowEnd: Bool = false) throws -> Int {
                let i = try v.int(what)
                guard i >= 0, i < a.count || (allowEnd && i == a.count) else {
                    throw LabError("\(what): index \(i) out of range for an array of \(a.count) elements (Swift would stop the program here)")
                }
                return i
            }
            var result: Value = .void
            switch (name, l) {
            case ("append", [nil]): a.append(args[0].value)
            case ("append", ["contentsOf"]): a += try sequenceItems(args[0].value, args[0].position ?? p)
            case ("insert", [nil, "at"]): a.insert(args[0].value, at: try index(args[1].value, "insert(_:at:)", allowEnd: true))
            case ("remove", ["at"]): result = a.remove(at: try index(args[0].value, "remove(at:)"))
            case ("removeLast", []), ("removeFirst", []):
                guard !a.isEmpty else { throw LabError("can't \(name) from an empty array (Swift would stop the program here)") }
                result = name == "removeLast" ? a.removeLast() : a.removeFirst()
            case ("removeAll", []): a.removeAll()
            case ("removeAll", ["where"]), ("removeAll", [nil]):
                guard case .function(let f) = args[0].value else { throw LabError("removeAll(where:) takes a closure") }
                a = try a.filter { !(try callBack(f, [$0]).bool("removeAll(where:)'s closure")) }
            case ("popLast", []): result = a.popLast().map { .some($0) } ?? .null
            case ("sort", []): try a.sort { try compare($0, $1) < 0 }
            case ("sort", ["by"]), ("sort", [nil]):
                guard case .function(let f) = args[0].value else { throw LabError("sort(by:) takes a closure") }
                try a.sort { try callBack(f, [$0, $1]).bool("sort(by:)'s closure") }
            case ("reverse", []): a.reverse()
            case ("shuffle", []): a.shuffle()
            case ("swapAt", [nil, nil]): a.swapAt(try index(args[0].value, "swapAt"), try index(args[1].value, "swapAt"))
            default: throw LabError("no array method \(name)(\(l.map { ($0 ?? "_") + ":" }.joined()))")
            }
            value = .array(a)
            return result
        case .dictionary(var d):
            var result: Value = .void
            switch (name, l) {
            case ("removeValue", ["forKey"]):
                result = d[args[0].value].map { .some($0) } ?? .null
                try d.set(args[0].value, nil)
            case ("updateValue", [nil, "forKey"]):
                result = d[args[1].value].map { .some($0) } ?? .null
                try d.set(args[1].value, args[0].value)
            case ("removeAll", []): d = LabDictionary()
            default: throw LabError("no dictionary method \(name)(\(l.map { ($0 ?? "_") + ":" }.joined()))")
            }
            value = .dictionary(d)
            return result
        case .string(var s):
            var result: Value = .void
            switch (name, l) {
            case ("append", [nil]), ("append", ["contentsOf"]): s += try args[0].value.string("append")
            case ("removeLast", []), ("removeFirst", []):
                guard !s.isEmpty else { throw LabError("can't \(name) from an empty string (Swift would stop the program here)") }
                result = .string(String(name == "removeLast" ? s.removeLast() : s.removeFirst()))
            case ("removeAll", []): s = ""
            default: throw LabError("no string method \(name)(\(l.map { ($0 ?? "_") + ":" }.joined()))")
            }
            value = .string(s)
            return result
        case .bool(let b) where name == "toggle":
            value = .bool(!b)
            return .void
        default:
            throw LabError("\(value.brief) has no mutating method '\(name)'")
        }
    }
}
