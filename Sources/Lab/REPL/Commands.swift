// The REPL's `:commands`.

import Foundation
import ResNetKit

extension REPL {
    static let commands: [(name: String, usage: String, doc: String)] = [
        (":help", ":help [topic or name]", "list commands and builtins, or document one"),
        (":vars", ":vars", "the session's variables with their types"),
        (":type", ":type expr", "the type of an expression"),
        (":shape", ":shape expr", "the shape of a tensor (or a model's output)"),
        (":summary", ":summary model", "Keras's summary table of a model"),
        (":trace", ":trace model input", "run input through model and show each block's output shape"),
        (":grads", ":grads model", "per-layer weight and gradient norms after a backward pass"),
        (":time", ":time expr", "evaluate expr and show how long it took"),
        (":save", ":save file.md", "write this session as a notebook (inputs and outputs as cells)"),
        (":load", ":load file", "run a file of lab code (.swift, or the swift cells of a .md)"),
        (":quit", ":quit", "leave (Ctrl-D works too)"),
        REPL.profileCommandHelp,
    ]

    func command(_ text: String) throws {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0], rest = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        func needs(_ what: String) throws { if rest.isEmpty { throw LabError("\(name) needs \(what); see :help") } }
        if try lessonCommand(name, rest) { return }
        if try profileCommand(name, rest) { return }  // ProfileCommand.swift
        switch name {
        case ":help", ":h": emit(help(rest))
        case ":quit", ":q", ":exit": quitRequested = true
        case ":vars":
            let vars = interpreter.variables
            emit(
                vars.isEmpty
                    ? "no variables yet: try  let x = Tensor.ones([2, 3])"
                    : vars.map { "\($0.mutable ? "var" : "let") \($0.name): \($0.value.typeName)" + summaryLine($0.value) }.joined(separator: "\n"))
        case ":type":
            try needs("an expression")
            emit(try interpreter.evaluate(rest).typeName)
        case ":shape":
            try needs("an expression")
            switch try interpreter.evaluate(rest) {
            case .tensor(let t): emit(describeShape(t.shape))
            case .native(let m as Model):
                emit(
                    "input \(describeShape([-1] + m.inputShape).replacingOccurrences(of: "-1", with: "N")) → output \(describeShape(try m.outputShape(for: [1] + m.inputShape)).replacingOccurrences(of: "[1,", with: "[N,"))"
                )
            case let v: throw LabError(":shape needs a tensor or a model, received \(v.brief)")
            }
        case ":summary":
            try needs("a model")
            emit(try model(rest).summary())
        case ":trace":
            try needs("a model and an input, e.g. :trace model x")
            let args = rest.split(separator: " ", maxSplits: 1).map(String.init)
            let m = try model(args[0])
            let x = args.count > 1 ? try interpreter.evaluate(args[1]).tensor(":trace's input") : try Tensor.zeros([1] + m.inputShape)
            emit(try m.traceTable(x))
        case ":grads":
            try needs("a model")
            let m = try model(rest)
            guard m.parameters.contains(where: { $0.gradient.norm() > 0 }) else {
                throw LabError("\(rest) has no gradients yet: run a forward and backward pass (or fit) first")
            }
            emit(m.gradientTable())
        case ":time":
            try needs("an expression")
            let start = Date()
            let v = try interpreter.evaluate(rest)
            let seconds = Date().timeIntervalSince(start)
            let text = interpreter.display(v)
            if !text.isEmpty { emit(text) }
            emit(String(format: "time: %.3f s", seconds))
        case ":save":
            try needs("a file name, e.g. :save session.md")
            try saveNotebook(rest)
            emit("saved \(transcript.count) cells to \(rest)")
        case ":load":
            try needs("a file name")
            try load(rest)
        default:
            let hint = closest(to: name, in: (REPL.commands + REPL.lessonCommands).map(\.name)).map { "; did you mean \($0)?" } ?? "; :help lists the commands"
            throw LabError("unknown command \(name)\(hint)")
        }
    }

    func model(_ source: String) throws -> Model {
        try interpreter.evaluate(source).native(Model.self, "this command")
    }

    func summaryLine(_ v: Value) -> String {
        switch v {
        case .tensor(let t): return " \(describeShape(t.shape))"
        case .native(let m as Model): return " '\(m.name)' (\(grouped(m.parameterCounts.total)) parameters)"
        case .native(let l as Layer): return " \(l.kind) '\(l.name)'"
        case .int, .float, .string, .bool: return " = \(describeValue(v))"
        default: return ""
        }
    }

    func help(_ topic: String) -> String {
        let registry = Builtins.shared
        if topic.isEmpty {
            var lines = ["Commands:"] + (REPL.commands + REPL.lessonCommands).map { "  \($0.usage.padding(toLength: 22, withPad: " ", startingAt: 0)) \($0.doc)" }
            lines.append("\nBuiltins by topic (:help <name> for one, :help <topic> for a group):")
            for (t, items) in registry.topics.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(t): " + items.map(\.name).joined(separator: ", "))
            }
            lines.append("\nThe lab speaks Swift — let, var, if, guard, for, while, switch, func, closures, struct, enum, do/catch: :help language")
            return lines.joined(separator: "\n")
        }
        if let text = REPL.languageHelpText(topic) { return text }
        if let items = registry.topics[topic] { return items.map(document).joined(separator: "\n\n") }
        if let b = registry.all[topic] { return document(b) }
        if let c = REPL.commands.first(where: { $0.name == topic || $0.name == ":" + topic }) { return "\(c.usage)\n  \(c.doc)" }
        let names = Array(registry.all.keys) + Array(registry.topics.keys) + REPL.commands.map(\.name) + REPL.languageHelp.map(\.keyword)
        return "no help for '\(topic)'" + (closest(to: topic, in: names).map { "; did you mean '\($0)'?" } ?? "")
    }

    func document(_ b: Builtin) -> String {
        (b.signatures.map(\.text) + ["  " + b.doc, "  example: " + b.example]).joined(separator: "\n")
    }

    /// Writes the session as a lesson-style notebook that `resnet-lab run` replays.
    func saveNotebook(_ path: String) throws {
        do { try Data(notebookMarkdown().utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw LabError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The session as a notebook: each input a swift cell followed by what it printed, as
    /// plain text. Outputs that cannot repeat — training progress, timings, colour pictures,
    /// a cell stopped by Ctrl-C — are kept as `output nocheck`.
    func notebookMarkdown() -> String {
        var md = "# ResNet Lab session\n\nSaved \(ISO8601DateFormatter().string(from: Date())).\n"
        for (input, output, interrupted) in transcript where !input.trimmingCharacters(in: .whitespaces).hasPrefix(":save") {
            if interrupted { md += "\n<!-- interrupted with Ctrl-C: its output is shown, not checked -->\n" }
            md += "\n```swift\n\(input)\n```\n"
            let clean = REPL.plainText(output)
            guard !clean.isEmpty else { continue }
            let varies = interrupted || output.contains("\u{1B}") || clean.contains("img/s") || clean.contains("Epoch ") || input.hasPrefix(":time")
            md += "\n```output\(varies ? " nocheck" : "")\n\(clean)\n```\n"
        }
        return md
    }

    /// Terminal output as plain text: colour codes removed, and of a line redrawn with `\r`
    /// (a progress bar) only its last state.
    static func plainText(_ text: String) -> String {
        let lines = text.components(separatedBy: "\n").map { line -> String in
            let last = line.components(separatedBy: "\r").last ?? line
            return last.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    func load(_ path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LabError("cannot read \(path)")
        }
        let code = path.hasSuffix(".md") ? REPL.swiftCells(text).joined(separator: "\n") : text
        for v in try interpreter.run(code) {
            let s = interpreter.display(v)
            if !s.isEmpty { emit(s) }
        }
    }

    /// The contents of the ```swift cells of a Markdown notebook.
    static func swiftCells(_ markdown: String) -> [String] {
        var cells: [String] = [], current: [String]? = nil
        for line in markdown.components(separatedBy: "\n") {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```swift" {
                current = []
            } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
                cells.append(current!.joined(separator: "\n")); current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        return cells
    }

    /// Tab completion: commands after ':', members after '.', names otherwise.
    static func complete(_ interp: Interpreter, before: String, word: String) -> [String] {
        let trimmed = before.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty, word.hasPrefix(":") || before.hasSuffix(":") {
            return (commands + lessonCommands).map(\.name).filter { $0.hasPrefix(word) || $0.dropFirst().hasPrefix(word) }
        }
        if before.hasSuffix(".") {
            // The expression before the dot: the longest tail of names and dots.
            let head = String(before.dropLast().reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed())
            guard !head.isEmpty, let base = try? interp.evaluate(head) else { return [] }
            return Members.names(of: base).filter { $0.hasPrefix(word) }
        }
        return Set(interp.knownNames).filter { $0.hasPrefix(word) && !$0.contains(".") }.sorted()
    }
}
