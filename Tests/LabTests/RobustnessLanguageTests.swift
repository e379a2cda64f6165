// The language's statements under fire: 7,000 generated and damaged lines of loops,
// conditions, functions, closures, structs, enums, optionals and errors — unbalanced braces,
// deep nesting, runaway loops (stopped by a time limit) and endless recursion (stopped by the
// depth limit) — through the REPL in-process and through the binary. No crash, no hang, and
// every rejected line answered with a one-line error under a caret.

import Foundation
import Testing
import ResNetKit
@testable import Lab

/// Seeded generator of lab-language programs: valid statements, recombined and damaged.
struct StatementFuzzer {
    var rng: SeededGenerator
    static let valid = [
        "for i in 0..<3 { print(i) }", "var total = 0", "for i in 1...10 where i % 2 == 0 { total += i }", "print(total)",
        "var k = 0", "while k < 50 { k += 1 }", "repeat { k -= 3 } while k > 0", "if k < 0 { print(\"neg\") } else if k == 0 { print(0) } else { print(k) }",
        "let xs = [3, 1, 2]", "xs.sorted()", "xs.map { $0 * 2 }.filter { $0 > 2 }", "xs.reduce(0, +)", "var ys = xs", "ys.append(9)", "ys.remove(at: 0)",
        "var d: [String: Int] = [:]", "d[\"a\", default: 0] += 1", "d[\"b\"] = 2", "d.keys.sorted()", "d[\"zz\"] ?? -1",
        "func sq(_ v: Int) -> Int { v * v }", "sq(7)", "func fact(_ n: Int) -> Int { n <= 1 ? 1 : n * fact(n - 1) }", "fact(10)",
        "let add = { (a: Int, b: Int) -> Int in a + b }", "add(2, 3)", "func counter() -> () -> Int { var c = 0; return { c += 1; return c } }",
        "let next = counter()", "next()", "struct P { var x: Int; var y: Int }", "var p = P(x: 1, y: 2)", "p.x += 5", "print(p)",
        "enum Phase { case train, test }", "let ph: Phase = .train", "switch ph { case .train: print(\"t\") case .test: print(\"v\") }",
        "struct Oops: Error { let why: String }", "do { throw Oops(why: \"x\") } catch { print(error) }",
        "let o: Int? = Int(\"12\")", "if let v = o { print(v) }", "guard let w = o else { fatalError() }", "print(\"v = \\(o ?? 0)\")",
        "switch 5 { case 0..<3: print(\"low\") case 3...: print(\"high\") default: break }", "let t = (1, \"a\")", "t.0", "(a: 1, b: 2).b",
        "let s = \"hello world\"", "s.split(separator: \" \").count", "s.uppercased()", "String(repeating: \"ab\", count: 3)",
        "stride(from: 0, to: 10, by: 3).map { $0 }", "zip([1, 2], [\"a\", \"b\"]).count", "abs(-3) + min(1, 2) + max(4, 5)", "Float(1) / 3",
        "let x = Tensor.ones([2, 3])", "x.sum()", "for row in 0..<2 { print(x[row].sum()) }",
    ]
    static let runaway = [
        "while true { }", "repeat { } while true", "var spin = 0\nwhile spin >= 0 { spin += 1 }",
        "func down(_ n: Int) -> Int { down(n + 1) }\ndown(0)", "func a1(_ n: Int) -> Int { b1(n) }\nfunc b1(_ n: Int) -> Int { a1(n) }\na1(1)",
    ]
    static let tokens = [
        "for", "in", "while", "repeat", "if", "else", "guard", "switch", "case", "default", "break", "continue", "return",
        "func", "struct", "enum", "let", "var", "do", "try", "catch", "throw", "{", "}", "(", ")", "[", "]", ":", ",", "=",
        "==", "!=", "<", "&&", "||", "!", "?", "??", "->", "_", "$0", "x", "i", "0..<3", "1...2", "\"s\\(x)\"", "nil", "true",
        "+=", "%", ".train", "print", "Int", "Float", "[:]", ";", "\\", "@", "#",
    ]

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }
    mutating func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }

    mutating func next() -> String {
        switch int(10) {
        case 0: return (0..<(1 + int(14))).map { _ in pick(Self.tokens) }.joined(separator: int(3) == 0 ? "" : " ")
        case 1: let v = pick(Self.valid); return String(v.prefix(int(v.count + 1)))  // truncated
        case 2: return pick(Self.valid).replacingOccurrences(of: pick(["}", "{", ")", "(", "]", ":", "in ", "let "]), with: "")  // a piece missing
        case 3:  // deep nesting
            let d = 1 + int(160)
            return String(repeating: "if true { ", count: d) + "print(1)" + String(repeating: " }", count: d - int(2))
        case 4: let d = 1 + int(300); return String(repeating: "{ ", count: d) + "1" + String(repeating: " }", count: d)
        case 5: return int(40) == 0 ? pick(Self.runaway) : pick(Self.valid)
        case 6:
            var c = Array(pick(Self.valid)); let i = int(c.count)
            c[i] = pick(Array("{}()[]:;.,=!?$\\\"")); return String(c)
        default: return pick(Self.valid)
        }
    }
}

@Suite("Robustness: the language's statements cannot crash or hang the lab")
struct RobustnessLanguageTests {
    static let count = 7000

    /// Lines as a script sends them; a line left open is closed on the next, so one damaged
    /// line cannot swallow the rest of the run.
    static func inputs() -> [String] {
        var f = StatementFuzzer(seed: 2027)
        return (0..<count).flatMap { _ -> [String] in
            let s = f.next()
            let open = Lexer.openBrackets(s)
            return open > 0 ? [s, String(repeating: "}", count: Swift.min(open, 400))] : [s]
        }
    }

    @Test("7,000 generated statements through the REPL in-process: no crash, no hang, one-line errors with a caret")
    func inProcess() throws {
        var errors = 0, outputs = 0, withCaret = 0
        let lines = RobustnessLanguageTests.inputs()
        let repl = REPL(
            interactive: false, out: { _ in outputs += 1 },
            err: { message in
                #expect(message.contains("error:"), "an error says what went wrong: \(message)")
                if message.contains("^\nerror:") { withCaret += 1 }
                #expect(message.components(separatedBy: "error:").count == 2, "one error per message: \(message)")
                errors += 1
            }, lines: lines)
        repl.interpreter.timeLimit = 1
        let start = Date()
        repl.run()
        let seconds = Date().timeIntervalSince(start)
        print("[robustness] \(lines.count) statement lines in \(String(format: "%.1f", seconds)) s: \(errors) rejected (\(withCaret) with a caret), \(outputs) outputs")
        #expect(errors > 1000 && outputs > 1000, "the generator exercises both paths")
        #expect(withCaret * 10 > errors * 9, "nearly every error points at its column")
    }

    @Test("the same statements through the binary: it exits normally, every error reported")
    func binary() throws {
        let binary = try #require(labBinary(), "build resnet-lab first (swift build)")
        let lines = RobustnessLanguageTests.inputs()
        let run = try runScript(binary, lines, environment: ["RESNETLAB_TIME_LIMIT": "1"])
        #expect(run.reason == .exit, "the binary was killed by signal \(run.status)")
        #expect(run.status == 1, "a script with errors exits with status 1")
        let reported = run.stderr.components(separatedBy: "error:").count - 1
        #expect(reported > 1000, "errors on stderr: \(reported)")
    }
}
