// The REPL's commands, in-process.

import Foundation
import Testing
import ResNetKit
@testable import Lab

func session() -> (REPL, () -> String) {
    var shown = ""
    let repl = REPL(interactive: false, out: { shown += $0 + "\n" }, err: { shown += $0 + "\n" })
    return (
        repl,
        {
            defer { shown = "" }; return shown
        }
    )
}

@Suite("REPL commands")
struct CommandTests {
    @Test func inspectionCommands() {
        let (repl, output) = session()
        repl.handle("let x = Tensor.ones([2, 3])")
        _ = output()
        repl.handle(":shape x"); #expect(output().contains("[2, 3]"))
        repl.handle(":type x"); #expect(output().contains("Tensor"))
        repl.handle(":vars"); #expect(output().contains("let x: Tensor [2, 3]"))
        repl.handle(":time x.sum()"); let t = output(); #expect(t.contains("6.0") && t.contains("time:"))
        repl.handle("let m = PlainNet(depth: 8, inputShape: [32, 32, 1], classes: 2)")
        repl.handle(":summary m"); #expect(output().contains("Total params:"))
        repl.handle(":trace m Tensor.zeros([1, 32, 32, 1])"); #expect(output().contains("[1, 2]"))
        repl.handle(":grads m"); #expect(output().contains("no gradients yet"))
        repl.handle("let z = m.forwardLogits(Tensor.randomNormal([4, 32, 32, 1], seed: 1), training: true)")
        repl.handle("m.backward(logitsGradient: z)")
        _ = output()
        repl.handle(":grads m"); #expect(output().contains("‖∇w‖"))
        repl.handle(":nope"); #expect(output().contains("unknown command"))
        repl.handle(":shape"); #expect(output().contains("needs an expression"))
    }

    @Test(":save writes the session as a notebook that :load and the lesson runner read back")
    func saveAndLoad() throws {
        let (repl, output) = session()
        repl.handle("let w = Tensor.arange(4)")
        repl.handle("w.sum()")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString).md").path
        repl.handle(":save \(path)")
        #expect(output().contains("saved"))
        let notebook = try String(contentsOfFile: path, encoding: .utf8)
        #expect(notebook.contains("```swift\nw.sum()\n```") && notebook.contains("```output\n6.0\n```"))
        #expect(LessonRunner().run(try Lesson(path: path)).passed, "a saved session replays as a lesson")
        let (fresh, out2) = session()
        fresh.handle(":load \(path)")
        #expect(out2().contains("6.0"))
    }

    @Test(":save keeps plain text only, marks training progress and interrupted cells nocheck, and the notebook replays")
    func saveIsPlainAndReplays() throws {
        let (repl, output) = session()
        repl.handle("var losses: [Float] = []")
        repl.handle("for i in 1...3 { losses.append(Float(i) / 3) }")
        repl.handle("print(losses)")
        repl.handle("let m = try Model(name: \"s\", inputShape: [4, 4, 1], layers: [Flatten(), Dense(units: 2, activation: .softmax)])")
        repl.handle("let h = try fit(m, x: Tensor.ones([8, 4, 4, 1]), y: Tensor([0, 1, 0, 1, 0, 1, 0, 1]), epochs: 2, batchSize: 4, optimizer: SGD())")
        // A transcript as a colour terminal would have captured it, and a cell Ctrl-C stopped.
        repl.transcript.append(("show(Tensor.ones([2, 2]))", "\u{1B}[38;2;255;255;255m▀▀\u{1B}[0m", false))
        repl.transcript.append(("while true { }", "error: interrupted (Ctrl-C)", true))
        _ = output()
        let notebook = repl.notebookMarkdown()
        #expect(!notebook.contains("\u{1B}"), "no terminal escape codes in a saved notebook")
        #expect(notebook.contains("```output\n[0.33333334, 0.6666667, 1.0]\n```"))
        #expect(notebook.contains("```output nocheck\nEpoch 1/2"), "training progress is kept, not checked")
        #expect(notebook.contains("```output nocheck\n▀▀\n```"))
        #expect(notebook.contains("<!-- interrupted with Ctrl-C: its output is shown, not checked -->\n\n```swift\nwhile true { }"))
        repl.transcript.removeLast(2)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString).md").path
        try repl.notebookMarkdown().write(toFile: path, atomically: true, encoding: .utf8)
        let replay = LessonRunner().run(try Lesson(path: path))
        #expect(replay.passed, "the saved session replays: \(replay.mismatch.map { "\($0)" } ?? "")")
        // And the check can fail: an altered figure in the saved notebook is caught.
        try repl.notebookMarkdown().replacingOccurrences(of: "0.6666667", with: "0.7666667").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(!LessonRunner().run(try Lesson(path: path)).passed)
    }

    @Test("a loss that becomes NaN stops training with a diagnosis, keeping the history")
    func divergence() throws {
        let model = try Model(name: "d", inputShape: [4], layers: [try Dense(units: 2, activation: .softmax)])
        let x = try Tensor.randomNormal([64, 4], seed: 0) * 1e6
        let h = try fit(
            model, x: x, y: Tensor((0..<64).map { Float($0 % 2) }), epochs: 50, batchSize: 8,
            optimizer: SGD(learningRate: 1e30), options: FitOptions(reporter: nil))
        guard case .diverged(let why) = h.stop else { Issue.record("training should have diverged: \(h.stop)"); return }
        #expect(why.contains("learning rate") && why.contains("too high"))
        #expect(h.epochs < 50)
    }
}
