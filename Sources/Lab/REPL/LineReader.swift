// Reading lines: GNU readline on a terminal (editing, history in ~/.resnet_lab_history,
// tab completion), plain `readLine()` without prompts when standard input is a file or a
// pipe, so `resnet-lab < script.swift` works.

@preconcurrency import CReadline
import Foundation

/// Where the REPL's lines come from.
protocol LineReader {
    /// The next line, or nil at end of input (Ctrl-D).
    func read(prompt: String) -> String?
    func remember(_ entry: String)
}

/// Lines from a pipe or file, no prompt, no editing.
struct PlainLineReader: LineReader {
    func read(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
    func remember(_ entry: String) {}
}

/// Lines from an array, as if piped in: the robustness test runs the real loop with it.
final class ArrayLineReader: LineReader {
    private var lines: [String]
    init(_ lines: [String]) { self.lines = lines.reversed() }
    func read(prompt: String) -> String? { lines.popLast() }
    func remember(_ entry: String) {}
}

/// GNU readline with persistent history and completion.
final class ReadlineReader: LineReader {
    let historyPath: String

    init(completer: @escaping (String, String) -> [String]) {
        historyPath = (ProcessInfo.processInfo.environment["HOME"] ?? NSTemporaryDirectory()) + "/.resnet_lab_history"
        Completion.completer = completer
        rl_readline_name = UnsafePointer(strdup("resnet-lab"))
        rl_attempted_completion_function = { text, start, end in
            // No filename completion when we have nothing to offer, and no space after a
            // completed name: the next key is often '.' or '('.
            rl_attempted_completion_over = 1
            rl_completion_append_character = 0
            let word = text.map { String(cString: $0) } ?? ""
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            Completion.candidates = Completion.completer?(String(line.prefix(Int(start))), word) ?? []
            Completion.index = 0
            return rl_completion_matches(text) { _, state in
                if state == 0 { Completion.index = 0 }
                guard Completion.index < Completion.candidates.count else { return nil }
                defer { Completion.index += 1 }
                return strdup(Completion.candidates[Completion.index])
            }
        }
        // '.' and '(' separate words, so `x.su<TAB>` completes the member after the dot.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{([,.+-*/:"))
        using_history()
        stifle_history(2000)
        read_history(historyPath)
    }

    func read(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    func remember(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        add_history(entry)
        write_history(historyPath)
    }
}

/// State the C completion callback reaches (readline's API has no context pointer).
enum Completion {
    nonisolated(unsafe) static var completer: ((String, String) -> [String])?
    nonisolated(unsafe) static var candidates: [String] = []
    nonisolated(unsafe) static var index = 0
}
