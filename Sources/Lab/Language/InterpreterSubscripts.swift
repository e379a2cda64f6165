// Reading through subscripts: `xs[0]`, `xs[1..<3]`, `xs[2...]`, `d["a"]` (an optional),
// `d["a", default: 0]`, `t[0]` and `t[0..<8]` on a tensor's first axis, `history["loss"]`.

import ResNetKit

extension Interpreter {
    func subscriptGet(_ base: Value, _ args: [ArgumentValue]) throws -> Value {
        if case .dictionary(let d) = base {
            guard let key = args.first, key.label == nil else { throw LabError("a dictionary is indexed by a key: d[key]") }
            if args.count == 2, args[1].label == "default" { return d[key.value] ?? args[1].value }
            guard args.count == 1 else { throw LabError("a dictionary subscript takes a key and optionally default:") }
            return d[key.value].map { .some($0) } ?? .null
        }
        guard args.count == 1, args[0].label == nil else { throw LabError("this subscript takes one index: x[i]") }
        let index = args[0].value
        switch (base, index) {
        case (.array(let a), .int(let i)):
            guard a.indices.contains(i) else { throw LabError("index \(i) out of range for an array of \(a.count) elements (Swift would stop the program here)") }
            return a[i]
        case (.array(let a), _):
            let (lo, hi) = try bounds(index, count: a.count)
            return .array(Array(a[lo..<hi]))
        case (.range(let lo, let hi), .int(let i)), (.closedRange(let lo, let hi), .int(let i)):
            let count = hi - lo + ({ if case .closedRange = base { return 1 } else { return 0 } }())
            guard i >= lo, i < lo + count else { throw LabError("index \(i) out of range \(swiftFormat(base, debug: false))") }
            return .int(i)
        case (.tensor(let t), .int(let i)): return .tensor(try t[i])
        case (.tensor(let t), _):
            guard t.rank >= 1 else { throw LabError("a 0-d tensor cannot be sliced") }
            let (lo, hi) = try bounds(index, count: t.shape[0])
            return .tensor(try t[lo..<hi])
        case (.string, _):
            throw LabError("a String cannot be subscripted with an Int in Swift; use Array(s)[i] or s.prefix(n)")
        case (.native(let o), .string(let key)):
            if let h = o as? History, let f = h.figures[key] { return .array(f.map { .float($0) }) }
            throw LabError("no entry \"\(key)\" in \(base.brief)")
        case (.some, _), (.null, _):
            throw LabError("value of optional type '\(base.typeName)' must be unwrapped before subscripting: use ?[…] or ![…]")
        default:
            throw LabError("cannot subscript \(base.brief) with \(index.brief)")
        }
    }

    /// The half-open bounds a range index selects, checked against `count`.
    private func bounds(_ index: Value, count: Int) throws -> (Int, Int) {
        let lo: Int, hi: Int
        switch index {
        case .range(let a, let b): (lo, hi) = (a, b)
        case .closedRange(let a, let b): (lo, hi) = (a, b + 1)
        case .native(let r as OpenRange):
            lo = try r.lower?.int("a range's lower bound") ?? 0
            hi = try r.upper.map { try $0.int("a range's upper bound") + (r.closed ? 1 : 0) } ?? count
        default: throw LabError("an index must be an Int or a range of Ints, received \(index.brief)")
        }
        guard lo >= 0, hi <= count, lo <= hi else {
            throw LabError("range \(lo)..<\(hi) is out of bounds for \(count) elements (Swift would stop the program here)")
        }
        return (lo, hi)
    }
}
