// The read–eval–print loop: lines in (readline or a pipe), multi-line input while brackets
// are open, lab code or `:commands`, results and errors out. Nothing typed can end the
// session except `:quit` or Ctrl-D; Ctrl-C abandons the line at the prompt and interrupts
// a running computation.

@preconcurrency import CReadline
import Foundation
import ResNetKit

/// A REPL session.
///
/// ```swift
/// let repl = REPL(interactive: false)
/// repl.handle("let x = Tensor.ones([2, 2])")
/// repl.handle(":shape x")   // prints [2, 2]
/// ```
public final class REPL {
    public let interpreter: Interpreter
    let interactive: Bool
    let reader: LineReader
    let out: (String) -> Void
    let err: (String) -> Void
    /// Every input and what it printed, for `:save`.
    var transcript: [(input: String, output: String, interrupted: Bool)] = []
    private var captured = ""
    /// Inputs that ended in an error (the exit status of a non-interactive run).
    public private(set) var errorCount = 0
    var quitRequested = false
    /// A piped script that Ctrl-C stopped (the binary exits with status 130).
    public private(set) var interruptedScript = false
    /// The lesson being stepped through, if any, and the learner's saved progress.
    var cursor: LessonCursor?
    var progress = Progress.load()

    public init(
        interactive: Bool = isatty(STDIN_FILENO) != 0,
        out: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) },
        err: @escaping (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) },
        lines: [String]? = nil
    ) {
        self.interactive = interactive
        self.out = out
        self.err = err
        interpreter = Interpreter()
        if let lines {
            reader = ArrayLineReader(lines)  // tests: the same loop as a piped script
        } else if interactive {
            let interp = interpreter
            reader = ReadlineReader { before, word in REPL.complete(interp, before: before, word: word) }
        } else {
            reader = PlainLineReader()
        }
        interpreter.output = { [unowned self] in self.emit($0) }
        // What reaches the terminal directly (a live progress bar) is kept for :save too.
        interpreter.record = { [unowned self] in self.captured += $0 }
        // A script (a CI job, a fuzzer) can bound each input's time; a person has Ctrl-C.
        if let limit = ProcessInfo.processInfo.environment["RESNETLAB_TIME_LIMIT"].flatMap(Double.init), limit > 0 {
            interpreter.timeLimit = limit
        }
        interpreter.isTerminal = interactive
    }

    func emit(_ text: String) {
        captured += text + "\n"
        out(text)
    }

    /// Runs until `:quit` or end of input.
    public func run() {
        if interactive {
            out("ResNet Lab \(labVersion) — type :help for commands, Tab to complete, Ctrl-D to leave.")
            REPL.installPromptInterrupt()
            // Open where the learner left off; without lessons (outside the repository) the lab still works.
            do { try openLesson(progress.current) } catch { out("(lessons not found: \(error); the lab works without them)") }
        }
        var pending = ""
        while !quitRequested {
            REPL.atPrompt = true
            let line = reader.read(prompt: interactive ? (pending.isEmpty ? "lab> " : "...  ") : "")
            REPL.atPrompt = false
            guard let line else {
                if !pending.isEmpty { handle(pending) }
                interpreter.flushOutput()
                if interactive { out("") }
                break
            }
            if REPL.abandonedLine { REPL.abandonedLine = false; pending = "" }
            // A command cannot continue code: run what was pending (it reports the open bracket).
            if !pending.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                handle(pending)
                pending = ""
            }
            pending += (pending.isEmpty ? "" : "\n") + line
            if !pending.hasPrefix(":"), Lexer.openBrackets(pending) > 0 { continue }
            if interactive, pending.trimmingCharacters(in: .whitespaces).isEmpty {
                pending = ""
                stepLesson()  // Enter on an empty line: the lesson's next cell
                continue
            }
            reader.remember(pending)
            handle(pending)
            pending = ""
            // A script stopped with Ctrl-C (training stops at a batch boundary and saves its
            // checkpoint if asked): leave cleanly rather than run the lines after it.
            if !interactive, Interrupt.requested {
                err("stopped by Ctrl-C")
                interruptedScript = true
                break
            }
        }
    }

    /// Runs one input (code or a command) and prints what it produces; never throws.
    public func handle(_ input: String) {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        Interrupt.clear()
        captured = ""
        do {
            if trimmed.hasPrefix(":") {
                try command(trimmed)
            } else {
                let values = try interpreter.run(input)
                // A line left open by print(…, terminator: "") stays open for the next input of a
                // script, as in a compiled program; at a prompt, or before a value is shown, it ends.
                if interactive || !values.isEmpty { interpreter.flushOutput() }
                for v in values {
                    let text = interpreter.display(v)
                    if !text.isEmpty { emit(text) }
                }
            }
        } catch let e as LabError {
            interpreter.flushOutput()
            report(trimmed.hasPrefix(":") ? "error: \(e.message)" : e.rendered(source: input))
        } catch let e as LabInterrupt {
            Interrupt.request()  // :save marks the cell as interrupted
            interpreter.flushOutput()
            report(LabError("interrupted (Ctrl-C); every variable keeps the value it had", at: e.position).rendered(source: input))
        } catch let e as ThrownValue {
            interpreter.flushOutput()
            report(LabError("uncaught error thrown: \(interpreter.swiftDescription(e.value))", at: e.position).rendered(source: input))
        } catch let e as ResNetError {
            report("error: \(e.message)")
        } catch {
            report("error: \(error)")
        }
        if !trimmed.hasPrefix(":save") { transcript.append((input, captured, Interrupt.requested)) }
    }

    func report(_ message: String) {
        errorCount += 1
        captured += message + "\n"
        err(message)
    }

    // MARK: Ctrl-C at the prompt

    nonisolated(unsafe) static var atPrompt = false
    nonisolated(unsafe) static var abandonedLine = false

    /// At the prompt Ctrl-C drops the line being typed (as a shell does); during a
    /// computation it raises `Interrupt`, which loops and `fit` check between steps.
    static func installPromptInterrupt() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if REPL.atPrompt {
                REPL.abandonedLine = true
                rl_replace_line("", 0)
                rl_crlf()
                rl_on_new_line()
                rl_redisplay()
            } else {
                Interrupt.request()
            }
        }
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
        Interrupt.unblockCtrlC()
        rl_catch_signals = 0
    }
}
