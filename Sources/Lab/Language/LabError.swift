// Errors shown to the person at the prompt: what went wrong, where (a caret under the
// column), and what to do — "did you mean …?" for a misspelt name.

/// An error in what was typed, or from the engine, ready to be shown.
public struct LabError: Error, CustomStringConvertible, @unchecked Sendable {
    public let message: String
    public let position: SourcePosition?
    /// The engine's (or the system's) error this one reports: such errors are thrown by a
    /// throwing function, so a `do`/`catch` in the learner's code can catch them.
    let underlying: Error?

    init(_ message: String, at position: SourcePosition? = nil, underlying: Error? = nil) {
        self.message = message
        self.position = position
        self.underlying = underlying
    }

    public var description: String { message }

    /// The message under the offending line with a caret at the column:
    ///
    ///     let x = Conv2D(filters: 3,, kernelSize: 3)
    ///                               ^
    ///     error: expected an argument, found ','
    public func rendered(source: String) -> String {
        guard let p = position else { return "error: \(message)" }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard p.line >= 1, p.line <= lines.count else { return "error: \(message)" }
        let text = String(lines[p.line - 1])
        let caret = String(repeating: " ", count: Swift.max(0, Swift.min(p.column - 1, text.count))) + "^"
        return "\(text)\n\(caret)\nerror: \(message)"
    }
}

/// The closest of `candidates` to `name` (edit distance ≤ a third of its length), for
/// "unknown name 'Conv2d'; did you mean 'Conv2D'?".
func closest(to name: String, in candidates: [String]) -> String? {
    var best: (String, Int)?
    let limit = Swift.max(1, name.count / 3 + 1)
    for c in candidates {
        let d = editDistance(name.lowercased(), c.lowercased())
        if d <= limit, d < (best?.1 ?? Int.max) { best = (c, d) }
    }
    return best?.0
}

/// Levenshtein distance.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
