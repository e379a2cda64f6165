// Members every sequence shares — arrays, ranges, strings (as characters), dictionaries (as
// (key:, value:) pairs): count, first, map, filter, reduce, sorted, enumerated, joined…

import ResNetKit

extension Interpreter {
    func sequenceMember(_ items: [Value], _ name: String, _ p: SourcePosition, isString: Bool = false) throws -> Value? {
        func closure(_ a: [ArgumentValue]) throws -> Callable { try closureArgument(a, name) }
        func predicate(_ f: Callable, _ v: Value) throws -> Bool { try callBack(f, [v]).bool("\(name)'s closure") }
        func count(_ a: [ArgumentValue]) throws -> Int {
            let n = try only(a, nil).int(name)
            guard n >= 0 else { throw LabError("\(name) needs a count of at least 0, received \(n)") }
            return n
        }
        func slice(_ part: ArraySlice<Value>) -> Value {
            isString ? .string(part.map { swiftFormat($0, debug: false) }.joined()) : .array(Array(part))
        }
        switch name {
        case "count": return .int(items.count)
        case "isEmpty": return .bool(items.isEmpty)
        case "first": return items.first.map { .some($0) } ?? .null
        case "last": return items.last.map { .some($0) } ?? .null
        case "indices": return .range(0, items.count)
        case "startIndex": return .int(0)
        case "endIndex": return .int(items.count)
        case "description": return .string(swiftFormat(.array(items), debug: false))
        case "map":
            return method(name) { a in
                let f = try closure(a); return .array(try items.map { try self.callBack(f, [$0]) })
            }
        case "compactMap":
            return method(name) { a in
                let f = try closure(a)
                return .array(
                    try items.compactMap { v -> Value? in
                        switch try self.callBack(f, [v]) {
                        case .null: return nil
                        case .some(let x): return x
                        case let x: return x
                        }
                    })
            }
        case "flatMap":
            return method(name) { a in
                let f = try closure(a)
                return .array(try items.flatMap { try self.sequenceItems(try self.callBack(f, [$0]), p) })
            }
        case "filter":
            return method(name) { a in
                let f = try closure(a); return slice(ArraySlice(try items.filter { try predicate(f, $0) }))
            }
        case "forEach":
            return method(name) { a in
                let f = try closure(a); for v in items { _ = try self.callBack(f, [v]) }; return .void
            }
        case "reduce":
            return method(name) { a in
                if a.count == 2, a[0].label == "into", case .function(let f) = a[1].value {
                    // reduce(into:): the closure changes its first argument in place.
                    let box = InoutBox(a[0].value)
                    for v in items {
                        var accumulator = ArgumentValue(label: nil, value: box.value, position: nil)
                        accumulator.inoutBox = box
                        _ = try self.call(.function(f), [accumulator, ArgumentValue(label: nil, value: v, position: nil)], nil)
                    }
                    return box.value
                }
                guard a.count == 2, a[0].label == nil, case .function(let f) = a[1].value else {
                    throw LabError("reduce takes a starting value and a closure: xs.reduce(0, +) or xs.reduce(0) { $0 + $1 }")
                }
                return try items.reduce(a[0].value) { try self.callBack(f, [$0, $1]) }
            }
        case "allSatisfy":
            return method(name) { a in
                let f = try closure(a); return .bool(try items.allSatisfy { try predicate(f, $0) })
            }
        case "contains":
            return method(name) { a in
                if let f = a.first, f.label == "where" || f.isTrailingClosure, case .function(let c) = f.value {
                    return .bool(try items.contains { try predicate(c, $0) })
                }
                let x = try self.only(a, nil)
                return .bool(try items.contains { try self.equal($0, x) })
            }
        case "firstIndex", "lastIndex":
            return method(name) { a in
                guard let arg = a.first, a.count == 1 else { throw LabError("\(name)(of:) or \(name)(where:)") }
                let test: (Value) throws -> Bool
                if arg.label == "where" || arg.isTrailingClosure, case .function(let f) = arg.value {
                    test = { try predicate(f, $0) }
                } else if arg.label == "of" {
                    test = { try self.equal($0, arg.value) }
                } else {
                    throw LabError("\(name)(of:) or \(name)(where:)")
                }
                let found = name == "firstIndex" ? try items.firstIndex(where: test) : try items.lastIndex(where: test)
                return found.map { .some(.int($0)) } ?? .null
            }
        case "min", "max":
            return method(name) { a in
                var best: Value?
                let f: Callable? = a.isEmpty ? nil : try closure(a)
                for v in items {
                    guard let b = best else { best = v; continue }
                    let less =
                        try f.map { try self.callBack($0, name == "min" ? [v, b] : [b, v]).bool("\(name)(by:)") }
                        ?? (name == "min" ? try self.compare(v, b) < 0 : try self.compare(v, b) > 0)
                    if less { best = v }
                }
                return best.map { .some($0) } ?? .null
            }
        case "sorted":
            return method(name) { a in
                if a.isEmpty { return slice(ArraySlice(try items.sorted { try self.compare($0, $1) < 0 })) }
                let f = try closure(a)
                return slice(ArraySlice(try items.sorted { try self.callBack(f, [$0, $1]).bool("sorted(by:)'s closure") }))
            }
        case "reversed": return method(name) { _ in .array(items.reversed()) }
        case "shuffled": return method(name) { _ in .array(items.shuffled()) }
        case "randomElement": return method(name) { _ in items.randomElement().map { .some($0) } ?? .null }
        case "enumerated": return method(name) { _ in .array(items.enumerated().map { .tuple([("offset", .int($0.offset)), ("element", $0.element)]) }) }
        case "prefix": return method(name) { a in slice(items.prefix(try count(a))) }
        case "suffix": return method(name) { a in slice(items.suffix(try count(a))) }
        case "dropFirst": return method(name) { a in slice(items.dropFirst(a.isEmpty ? 1 : try count(a))) }
        case "dropLast": return method(name) { a in slice(items.dropLast(a.isEmpty ? 1 : try count(a))) }
        case "joined":
            return method(name) { a in
                let separator =
                    try a.first.map { a in
                        guard a.label == "separator" else { throw LabError("joined(separator:)") }
                        return try a.value.string("joined(separator:)")
                    } ?? ""
                if items.allSatisfy({ if case .array = $0 { return true } else { return false } }), !items.isEmpty, a.isEmpty {
                    return .array(items.flatMap { $0.elements ?? [] })
                }
                return .string(try items.map { try $0.string("joined") }.joined(separator: separator))
            }
        default: return nil
        }
    }
}
