// The REPL under a real pseudo-terminal: typing, tab completion, history, Ctrl-C during a
// long computation, and stepping through a lesson with progress saved.

import Foundation
import Testing

@Suite("The REPL in a terminal", .serialized)
struct REPLTerminalTests {
    @Test("typing, completion, history, Ctrl-C during training, and the session survives")
    func interactiveSession() throws {
        let binary = try #require(labBinary(), "build resnet-lab first (swift build)")
        let lab = try TerminalSession(binary: binary)
        defer { lab.close() }
        #expect(lab.waitFor("lab> "), "no prompt; screen:\n\(lab.text)")

        var mark = lab.mark
        lab.type("let xyz = Tensor.ones([2, 2])\n")
        #expect(lab.waitFor("lab> ", after: mark))

        // Tab completes the variable name, then the member after the dot.
        mark = lab.mark
        lab.type("xy\t")
        #expect(lab.waitFor("xyz", after: mark), "completion of 'xy'; screen:\n\(lab.since(mark))")
        lab.type(".sha\t")
        #expect(lab.waitFor("shape", after: mark), "member completion; screen:\n\(lab.since(mark))")
        lab.type("\n")
        #expect(lab.waitFor("[2, 2]", after: mark), "screen:\n\(lab.since(mark))")

        // Up arrow recalls the last line.
        mark = lab.mark
        lab.type("\u{1B}[A\n")
        #expect(lab.waitFor("[2, 2]", after: mark), "history; screen:\n\(lab.since(mark))")

        // A typo is explained, and the session goes on.
        mark = lab.mark
        lab.type("Conv2d(filters: 3)\n")
        #expect(lab.waitFor("did you mean 'Conv2D'?", after: mark))

        // Ctrl-C during a long training run stops it at a batch boundary and returns.
        mark = lab.mark
        lab.type("let m = Model(name: \"t\", inputShape: [8, 8, 1], layers: [Conv2D(filters: 4, kernelSize: 3), Flatten(), Dense(units: 2, activation: .softmax)])\n")
        lab.type("let h = fit(m, x: Tensor.randomNormal([4096, 8, 8, 1], seed: 0), y: Tensor.zeros([4096]), epochs: 10000, batchSize: 8, optimizer: SGD())\n")
        #expect(lab.waitFor("Epoch 1/10000", after: mark, timeout: 60), "training did not start; screen:\n\(lab.since(mark).suffix(800))")
        Thread.sleep(forTimeInterval: 0.5)
        lab.type("\u{03}")
        #expect(lab.waitFor("Interrupted with Ctrl-C", after: mark, timeout: 30), "screen ends:\n\(lab.since(mark).suffix(800))")
        mark = lab.mark
        lab.type("xyz.sum()\n")
        #expect(lab.waitFor("4.0", after: mark), "the session should survive Ctrl-C; screen:\n\(lab.since(mark))")

        // A block typed over several lines continues with Swift's continuation prompt.
        mark = lab.mark
        lab.type("for i in 0..<2 {\n")
        #expect(lab.waitFor("...", after: mark), "continuation prompt; screen:\n\(lab.since(mark))")
        lab.type("print(\"row \\(i)\")\n}\n")
        #expect(lab.waitFor("row 1", after: mark), "the loop ran; screen:\n\(lab.since(mark))")

        // Ctrl-C stops a runaway loop and every variable keeps its value.
        mark = lab.mark
        lab.type("var spins = 0\n")
        lab.type("while true { spins += 1 }\n")
        Thread.sleep(forTimeInterval: 1)
        lab.type("\u{03}")
        #expect(lab.waitFor("interrupted (Ctrl-C)", after: mark, timeout: 30), "screen:\n\(lab.since(mark).suffix(800))")
        mark = lab.mark
        lab.type("spins > 100\n")
        #expect(lab.waitFor("true", after: mark), "the loop's variable survives; screen:\n\(lab.since(mark))")

        // Ctrl-C in the middle of a block abandons the block, and the session goes on.
        mark = lab.mark
        lab.type("if true {\n")
        lab.type("\u{03}")
        lab.type("print(\"fresh\")\n")
        #expect(lab.waitFor("fresh", after: mark), "screen:\n\(lab.since(mark))")

        // Ctrl-C at the prompt drops the line being typed.
        mark = lab.mark
        lab.type("let never = \u{03}")
        lab.type("never\n")
        #expect(lab.waitFor("cannot find 'never'", after: mark), "screen:\n\(lab.since(mark))")

        // History persisted in the home folder.
        lab.close()
        let history = try String(contentsOf: lab.home.appendingPathComponent(".resnet_lab_history"), encoding: .utf8)
        #expect(history.contains("xyz.shape"))
    }

    @Test("stepping through a lesson: Enter runs cells, own code between them, :list, :next, progress saved")
    func lessonStepping() throws {
        let binary = try #require(labBinary(), "build resnet-lab first (swift build)")
        let lab = try TerminalSession(binary: binary)
        defer { lab.close() }
        #expect(lab.waitFor("Lesson 1 of"), "screen:\n\(lab.text)")
        #expect(lab.waitFor("lab> "))

        var mark = lab.mark
        lab.type("\n")  // the first cell: let x = Tensor.arange(24, shape: [2, 3, 4])
        #expect(lab.waitFor("Tensor [2, 3, 4]", after: mark), "screen:\n\(lab.since(mark))")

        mark = lab.mark
        lab.type("x.count * 10\n")  // the learner's own code, same session
        #expect(lab.waitFor("240", after: mark), "screen:\n\(lab.since(mark))")

        mark = lab.mark
        lab.type(":list\n")
        #expect(lab.waitFor("done", after: mark), "screen:\n\(lab.since(mark))")
        #expect(lab.since(mark).contains("▶  1"))

        // Run the rest of lesson 1 (Enter until it says complete).
        for _ in 0..<40 where !lab.text.contains("Lesson 1 complete") {
            mark = lab.mark
            lab.type("\n")
            lab.waitFor("lab> ", after: mark, timeout: 60)
        }
        #expect(lab.text.contains("Lesson 1 complete"))

        mark = lab.mark
        lab.type(":next\n")
        #expect(lab.waitFor("Lesson 2 of", after: mark), "screen:\n\(lab.since(mark))")
        lab.close()

        let saved = try String(contentsOf: lab.home.appendingPathComponent("progress"), encoding: .utf8)
        #expect(saved.contains("current 2"), "progress file:\n\(saved)")
        #expect(saved.contains("done 1"))
    }
}
