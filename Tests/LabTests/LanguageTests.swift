// The lab language: what parses, what it evaluates to, and the error each malformed input
// must produce.

import Testing
import ResNetKit
@testable import Lab

func run(_ source: String, _ lab: Interpreter = Interpreter(output: { _ in })) throws -> [String] {
    try lab.run(source).map(describeValue)
}

@Suite("Lab language: evaluation")
struct EvaluationTests {
    @Test func arithmeticFollowsSwift() throws {
        #expect(try run("1 + 2 * 3") == ["7"])
        #expect(try run("7 / 2") == ["3"])  // Int division, as in Swift
        #expect(try run("7.0 / 2") == ["3.5"])
        #expect(try run("-(2 - 5)") == ["3"])
        #expect(try run("\"res\" + \"2a\"") == ["res2a"])
    }

    @Test func variablesAndMutation() throws {
        let lab = Interpreter(output: { _ in })
        _ = try run("var n = 1\nn += 2\nlet m = n * 10", lab)
        #expect(try run("m", lab) == ["30"])
        #expect(throws: LabError.self) { try run("m = 1", lab) }
    }

    @Test func tensorsAndMembers() throws {
        let lab = Interpreter(output: { _ in })
        _ = try run("let x = Tensor.ones([2, 3])", lab)
        #expect(try run("x.shape", lab) == ["[2, 3]"])
        #expect(try run("x.sum()", lab) == ["6.0"])
        #expect(try run("x.sum(axis: 0).shape", lab) == ["[3]"])
        #expect(try run("(x * 2 + 1).max()", lab) == ["3.0"])
        #expect(try run("Tensor([[1, 2], [3, 4]])[1].scalars", lab) == ["[3.0, 4.0]"])
        #expect(try run("Tensor.arange(10)[2..<5].scalars", lab) == ["[2.0, 3.0, 4.0]"])
        #expect(try run("matmul(Tensor([[1, 2]]), Tensor([[3], [4]])).item()", lab) == ["11.0"])
    }

    @Test("a line from the REPL is Swift: try, labels and implicit members all accepted")
    func swiftSyntax() throws {
        let lab = Interpreter(output: { _ in })
        _ = try run("let conv = try Conv2D(filters: 4, kernelSize: 3, strides: 2, padding: .same)", lab)
        _ = try run("let y = try conv(Tensor.zeros([1, 8, 8, 3]))", lab)
        #expect(try run("y.shape", lab) == ["[1, 4, 4, 4]"])
        _ = try run("let model = try ResNetV1(depth: 20)", lab)
        #expect(try run("model.parameterCount", lab) == ["274442"])
        _ = try run("let (loss, grad) = softmaxCrossEntropy(logits: Tensor([[0, 0]]), labels: Tensor([[1, 0]]))", lab)
        #expect(try run("loss", lab).first?.hasPrefix("0.693") == true)
        #expect(try run("[1, 2, 3].count // a comment", lab) == ["3"])
        _ = try run("let scheduler = LearningRateScheduler { epoch, lr in lrSchedule(epoch: epoch) }", lab)
        _ = try run("let f = { e, lr in lrSchedule(epoch: e) }", lab)
        #expect(try run("f(100, 0.1)", lab).first?.hasPrefix("0.0001") == true)
    }
}

/// A malformed input and a fragment of the error it must produce.
struct Malformed: CustomTestStringConvertible, Sendable {
    let input: String
    let error: String
    let column: Int?
    var testDescription: String { input }
}

let malformed: [Malformed] = [
    .init(input: "let x = ", error: "the input ended where a value was expected", column: 9),
    .init(input: "let = 3", error: "expected a name to declare", column: 5),
    .init(input: "let x 3", error: "a declaration needs a type or a value", column: 7),
    .init(input: "Conv2D(filters: 3,, kernelSize: 3)", error: "expected a value, found ','", column: 19),
    .init(input: "Conv2D(filters: 3 kernelSize: 3)", error: "expected ')' to close the argument list", column: 19),
    .init(input: "[1, 2", error: "expected ']' to close the array", column: 6),
    .init(input: "\"abc", error: "unterminated string literal", column: 1),
    .init(input: "x = 1", error: "cannot find 'x' in scope", column: 1),
    .init(input: "Conv2d(filters: 3, kernelSize: 3)", error: "did you mean 'Conv2D'?", column: 1),
    .init(input: "Conv2D(filter: 3, kernelSize: 3)", error: "needs 'filters:'", column: nil),
    .init(input: "Conv2D(filters: 3, kernelSize: 3, paddin: .same)", error: "did you mean 'padding:'?", column: nil),
    .init(input: "Conv2D(filters: 3, kernelSize: 3, padding: .sme)", error: "did you mean .same?", column: nil),
    .init(input: "Conv2D(kernelSize: 3, filters: 3)", error: "needs 'filters:'", column: nil),
    .init(input: "Tensor.zero([2])", error: "did you mean 'Tensor.zeros'?", column: nil),
    .init(input: "Tensor.ones([2]).summ()", error: "did you mean 'sum'?", column: nil),
    .init(input: "Tensor.ones([2, 3]) + Tensor.ones([4])", error: "cannot be broadcast", column: nil),
    .init(input: "Conv2D(filters: 0, kernelSize: 3)", error: "filters=0", column: nil),
    .init(input: "ResNetV1(depth: 21)", error: "depth should be 6n + 2", column: nil),
    .init(input: "Tensor.zeros([2, 32, 32, 3])[5]", error: "index 5 is out of range", column: nil),
    .init(input: "1 / 0", error: "division by zero", column: nil),
    .init(input: "3(4)", error: "is not a function", column: nil),
    .init(input: "99999999999999999999", error: "overflows when stored into 'Int'", column: 1),
    .init(input: "1 2", error: "consecutive statements on a line must be separated by ';'", column: 3),
    .init(input: "let x = Tensor.ones([2]) ^ 3", error: "unexpected character '^'", column: 26),
    .init(input: "\"a\" * 2", error: "binary operator '*' cannot be applied to operands of type 'String' and 'Int'", column: 5),
    .init(input: "for i in 0..<3 { i = 1 }", error: "cannot assign to value: 'i' is a 'let' constant", column: 18),
    .init(input: "Tensor([[1, 2], [3]])", error: "different lengths", column: nil),
    .init(input: "if 1 { }", error: "the condition must be a Bool", column: 4),
    .init(input: "while true {", error: "expected '}' to close the block", column: 12),
    .init(input: "func f() -> Int { let x = 1 }\nf()", error: "missing return in f", column: nil),
    .init(input: "break", error: "only allowed inside a loop", column: 1),
    .init(input: "let x: Int = 2.5", error: "cannot convert value of type 'Double' to type 'Int'", column: 5),
    .init(input: "[1, 2][5]", error: "index 5 out of range", column: 7),
    .init(input: "var o: Int? = nil\no! + 1", error: "unexpectedly found nil", column: 2),
    .init(input: "switch 3 { case 1: print(1) }", error: "exhaustive", column: 1),
    .init(input: "guard false else { }", error: "guard's else must leave the scope", column: 1),
    .init(input: "func f(x: Int) {}\nf(y: 1)", error: "f needs 'x:'", column: 3),
    .init(input: "throw 3", error: "does not conform to 'Error'", column: 1),
    .init(input: "Int.max + 1", error: "arithmetic overflow", column: 9),
    .init(input: "let f = { (a: Int) in a * 2 }\nf(\"x\")", error: "cannot convert value of type 'String' to type 'Int'", column: nil),
    .init(input: "var n = 0\nn += 1.5", error: "cannot convert value of type 'Double' to type 'Int'", column: nil),
    .init(input: "let a = [1, 2]\na.append(3)", error: "'a' is a 'let' constant", column: 1),
    .init(input: "func r(_ n: Int) -> Int { r(n + 1) }\nr(0)", error: "calls nested more than", column: nil),
]

@Suite("Lab language: malformed input gives the error it should")
struct MalformedInputTests {
    @Test(arguments: malformed)
    func error(_ m: Malformed) {
        do {
            _ = try run(m.input)
            Issue.record("no error for \(m.input)")
        } catch let e as LabError {
            #expect(e.message.contains(m.error), "message: \(e.message)")
            if let c = m.column { #expect(e.position?.column == c, "at \(String(describing: e.position)): \(e.rendered(source: m.input))") }
            #expect(e.rendered(source: m.input).contains("error:"))
        } catch {
            Issue.record("\(m.input): \(type(of: error)) is not a LabError: \(error)")
        }
    }

    @Test("the caret sits under the column")
    func caret() {
        let e = LabError("x", at: SourcePosition(line: 1, column: 5))
        #expect(e.rendered(source: "let = 3") == "let = 3\n    ^\nerror: x")
    }
}
