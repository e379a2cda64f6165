// The comparisons every exercise check is made of. A check is a function of the
// implementation under test, so the same code judges the learner's file, the reference
// solution and the plausible wrong ones (see CourseSelfCheck).
//
// Rules: shapes before values; every failure names the expected and received shapes and the
// largest relative error; when the received values match a known mistake (a `mistake_*.npy`
// written by exercise_fixtures.py), the message says which.

import Exercises
import ResNetKit

/// Stops a check: the implementation still throws `ExerciseError.notAttempted`.
struct NotAttempted: Error { let file: String }

/// The mismatches one check found.
struct Checker {
    /// The exercise's file name, e.g. "Exercise05_IdentityBlock.swift".
    let file: String
    private(set) var failures: [String] = []

    init(file: String) { self.file = file }

    mutating func fail(_ message: String) { failures.append(message) }

    /// Calls the implementation. A stub's "not attempted" stops the check; any other error is
    /// a failure (with what was being done) and gives nil, so the check can go on.
    mutating func call<T>(_ what: String, _ body: () throws -> T) throws -> T? {
        do { return try body() } catch let ExerciseError.notAttempted(file) {
            let name = String(file.split(separator: "/").last ?? "")
            if name == self.file { throw NotAttempted(file: name) }
            fail("\(what): it calls an exercise that is not attempted yet (Sources/Exercises/\(name)) — solve that one first, or do the work here")
        } catch {
            fail("\(what) threw an error: \(error)")
        }
        return nil
    }

    /// Shapes first: false (and a failure) when they differ.
    @discardableResult
    mutating func expectShape(_ what: String, received: [Int], expected: [Int], note: String? = nil) -> Bool {
        if received == expected { return true }
        fail("\(what): shape \(received), expected \(expected)" + (note.map { "\n  → " + $0 } ?? ""))
        return false
    }

    /// Element-wise |received − expected| ≤ rtol·|expected| + atol (the fixtures' tolerance).
    /// `mistakes`: arrays a known mistake produces, with what to say when they match.
    mutating func expectClose(
        _ what: String, _ received: Tensor, _ expected: Tensor,
        rtol: Float = 1e-4, atol: Float = 1e-5,
        mistakes: [(Tensor, String)] = []
    ) {
        guard expectShape(what, received: received.shape, expected: expected.shape) else { return }
        guard let worst = Comparison(received, expected, rtol: rtol, atol: atol).worst else { return }
        var message =
            "\(what): values differ (shape \(expected.shape) as expected); largest relative error "
            + "\(sci(worst.relative)) at \(index(worst.offset, in: expected.shape)): expected \(num(worst.expected)), received \(num(worst.received))"
        if let hit = mistakes.first(where: { $0.0.shape == received.shape && Comparison(received, $0.0, rtol: rtol, atol: atol).worst == nil }) {
            message += "\n  → " + hit.1
        }
        fail(message)
    }

    /// One number, relative tolerance; `mistakes` as above, for scalars.
    mutating func expectClose(
        _ what: String, _ received: Float, _ expected: Float, rtol: Float = 1e-4,
        atol: Float = 0, mistakes: [(Float, String)] = []
    ) {
        let tolerance = rtol * abs(expected) + atol
        guard !(abs(received - expected) <= tolerance) else { return }
        var message = "\(what): expected \(num(expected)), received \(num(received)) (relative error \(sci(Double(abs(received - expected)) / Double(max(abs(expected), 1e-30)))))"
        if let hit = mistakes.first(where: { abs(received - $0.0) <= rtol * abs($0.0) + atol }) { message += "\n  → " + hit.1 }
        fail(message)
    }

    mutating func expectEqual<T: Equatable>(_ what: String, _ received: T, _ expected: T, note: String? = nil) {
        if received != expected { fail("\(what): expected \(expected), received \(received)" + (note.map { "\n  → " + $0 } ?? "")) }
    }
}

/// Where two same-shaped tensors disagree most, if anywhere beyond the tolerance.
struct Comparison {
    struct Worst: Equatable { let offset: Int; let expected: Float; let received: Float; let relative: Double }
    let worst: Worst?

    init(_ received: Tensor, _ expected: Tensor, rtol: Float, atol: Float) {
        // Relative error against the tensor's own scale for elements near zero, so a tiny
        // expected value does not make an irrelevant difference look huge.
        let scale = Double(expected.scalars.map { abs($0) }.max() ?? 0) * 1e-3 + 1e-12
        var failing = false, best: Worst?
        for i in 0..<expected.count {
            let e = expected.scalars[i], r = received.scalars[i], d = abs(r - e)
            let bad = !(d <= rtol * abs(e) + atol)  // NaN counts as bad
            failing = failing || bad
            let relative = d.isNaN ? .infinity : Double(d) / max(Double(abs(e)), scale)
            if bad, best == nil || relative > best!.relative { best = Worst(offset: i, expected: e, received: r, relative: relative) }
        }
        worst = failing ? best : nil
    }
}

/// [n, h, w, c] for a flat offset.
func index(_ offset: Int, in shape: [Int]) -> [Int] {
    var rest = offset, out = [Int](repeating: 0, count: shape.count)
    for axis in shape.indices.reversed() where shape[axis] > 0 {
        out[axis] = rest % shape[axis]
        rest /= shape[axis]
    }
    return out
}

func num(_ x: Float) -> String { x.isNaN ? "nan" : String(format: "%.6g", Double(x)) }
func sci(_ x: Double) -> String { x.isFinite ? String(format: "%.2e", x) : "∞" }
