// Nothing typed can crash the lab: thousands of generated and mutated inputs — random
// tokens, truncated lines, deep nesting, huge numbers, wrong types — through the REPL loop
// in-process and through the real binary reading a script, each rejected input answered
// with an error message.

import Foundation
import Testing
import ResNetKit
@testable import Lab

/// Seeded input generator: fragments of the lab language, recombined and damaged.
struct InputFuzzer {
    var rng: SeededGenerator
    static let valid = [
        "let x = Tensor.ones([2, 3])", "x.sum(axis: 0)", "let y = x * 2 + 1", "y.max()", "Tensor.arange(6, shape: [2, 3])[1]",
        "let conv = Conv2D(filters: 2, kernelSize: 3, padding: .same)", "conv(Tensor.zeros([1, 4, 4, 1])).shape",
        "let bn = BatchNormalization()", "bn.forward(Tensor.randomNormal([2, 2, 2, 3], seed: 1), training: true).mean()",
        "matmul(Tensor([[1, 2]]), Tensor([[3], [4]]))", "oneHot(Tensor([1, 0]), classes: 3)", "lrSchedule(epoch: 90)",
        "let d = Dense(units: 2, activation: .softmax)", "d(Tensor.ones([1, 4]))", ":vars", ":type x", ":shape y", ":help Dense",
        "var n = 3", "n += 4", "[1, 2, 3].count", "\"res\" + \"2a\"", "Activation(.relu)(Tensor([[-1, 2]]))",
        "let m = PlainNet(depth: 8, inputShape: [8, 8, 1], classes: 2)", ":summary m", "m.parameterCount",
    ]
    static let tokens = [
        "let", "var", "x", "y", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", "+", "-", "*", "/", "..<", "...",
        "Tensor", "Conv2D", "zeros", "ones", "filters:", "kernelSize:", "shape", "sum", "1", "0", "-1", "3.5",
        "1e308", "1e400", "99999999999999999999", "\"s\"", "true", "nil", ".same", ".relu", "try", "in", "$0",
        ":help", ":shape", ":type", ":quit_not", "//", "/*", "@", "#", "\\", "✓", "\u{0}",
    ]

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
    mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

    mutating func next() -> String {
        switch int(8) {
        case 0: return (0..<(1 + int(12))).map { _ in pick(Self.tokens) }.joined(separator: int(2) == 0 ? " " : "")
        case 1: let v = pick(Self.valid); return String(v.prefix(int(v.count + 1)))  // truncated
        case 2:  // a character damaged
            var c = Array(pick(Self.valid)); let i = int(c.count)
            c[i] = Character(pick(Self.tokens).first.map(String.init) ?? "?"); return String(c)
        case 3: let d = 1 + int(400); return String(repeating: "(", count: d) + "1" + String(repeating: ")", count: d)
        case 4: return "Tensor.zeros([\(pick(["100000", "-3", "1e3", "1<<40", "65536, 65536", "\"a\""])), 2])"
        case 5: return "Conv2D(filters: \(pick(["0", "-1", "\"a\"", "[1]", ".same", "1.5", "nil"])), kernelSize: \(pick(["3", "0", "[1, 2, 3]", "x"])))"
        case 6: return pick(Self.valid) + pick([".foo", "(", "[0]", ".sum(axis: 9)", " + Tensor.ones([7])", ")"])
        default: return pick(Self.valid)
        }
    }
}

@Suite("Robustness: nothing typed crashes the lab")
struct RobustnessTests {
    static let count = 3000

    static func inputs() -> [String] {
        var f = InputFuzzer(seed: 2026)
        // Each input on its own line; a line that opens a bracket is closed on the next line
        // (")]}") so multi-line continuation cannot swallow the rest of the run.
        return (0..<count).flatMap { _ -> [String] in
            let s = f.next().replacingOccurrences(of: "\n", with: " ")
            return Lexer.openBrackets(s) > 0 ? [s, String(repeating: ")]}", count: Swift.min(Lexer.openBrackets(s), 50))] : [s]
        }
    }

    @Test("3000 generated inputs through the REPL loop in-process: no crash, an error for every rejected input")
    func inProcess() throws {
        var errors = 0, outputs = 0
        let lines = RobustnessTests.inputs()
        let repl = REPL(
            interactive: false, out: { _ in outputs += 1 },
            err: { message in
                #expect(message.contains("error:"), "an error message says what went wrong: \(message)")
                errors += 1
            }, lines: lines)
        repl.run()
        print("[robustness] \(lines.count) lines: \(errors) rejected with an error, \(outputs) outputs")
        #expect(errors > 500 && outputs > 200, "the generator exercises both paths")
        #expect(repl.errorCount == errors)
    }

    @Test("the same inputs through the binary's non-terminal mode: it exits normally and reports each error")
    func binary() throws {
        let binary = try #require(labBinary(), "build resnet-lab first (swift build)")
        let lines = RobustnessTests.inputs()
        var expected = 0
        REPL(interactive: false, out: { _ in }, err: { _ in expected += 1 }, lines: lines).run()

        let run = try runScript(binary, lines)
        #expect(run.reason == .exit, "the binary was killed by signal \(run.status)")
        #expect(run.status == 1, "a script with errors exits with status 1")
        let reported = run.stderr.components(separatedBy: "error:").count - 1
        #expect(reported == expected, "errors on stderr: \(reported), expected \(expected)")
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ d: Data) { lock.lock(); data += d; lock.unlock() }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
