// Runs lab code and keeps a session's variables. The work is split by kind:
//
//   Interpreter.swift        the session: run, output, the call-depth limit, the big stack (this file)
//   InterpreterStatements    statements and control flow
//   InterpreterExpressions   expressions
//   InterpreterOperators     arithmetic, comparison, equality, Swift's numeric rules
//   InterpreterAssignment    assignment through names, members, subscripts (value semantics)
//   InterpreterFunctions     calls: argument labels, defaults, functions, closures, methods
//   InterpreterTypes         a learner's structs and enums; patterns; type checks and conversions
//   Prelude*.swift           Swift's standard library: print, Int(…), min, stride, zip, members
//
// Ctrl-C raises `Interrupt`; loops and calls check it, so `while true {}` returns to the
// prompt with every variable intact. Code runs on a thread with a large stack and calls are
// limited in depth, so deep recursion is an error message, never a crash.

import Foundation
import ResNetKit

/// Runs lab code and keeps the session's variables.
///
/// ```swift
/// let lab = Interpreter()
/// let results = try lab.run("let x = Tensor.ones([2, 3])\nx.sum()")   // [.float(6)]
/// ```
// @unchecked Sendable: a session is used by one thread at a time — the caller hands each
// run to the large-stack thread and waits for it.
public final class Interpreter: @unchecked Sendable {
    let globals = Scope()
    /// The engine's state for this session: its seed stream and its layer names.
    public let session = Session()
    /// The interpreter running now, so builtins that print as they go (fit's progress)
    /// write where the session's output goes (the REPL, a lesson's captured cell).
    @TaskLocal static var current: Interpreter?
    /// Where printed lines go.
    public var output: (String) -> Void
    /// Receives text written straight to the terminal (a live progress bar), for a transcript.
    public var record: ((String) -> Void)?
    /// True when a person is typing at a terminal (live progress bars make sense).
    public var isTerminal = false
    /// Deepest nesting of calls before "too deep" (about 25 KB of stack each in a debug
    /// build; the 1 GiB stack below holds some 40,000). A guard on the stack itself backs it.
    public static let maxCallDepth = 10_000
    var depth = 0
    /// A limit on the seconds one `run` may take (for tests and fuzzing; a person uses Ctrl-C).
    public var timeLimit: Double?
    var deadline: DispatchTime?
    var ticks = 0
    /// Text printed with `terminator: ""` that has not reached the end of a line yet.
    var pendingLine = ""

    public init(output: @escaping (String) -> Void = { print($0) }) {
        self.output = output
    }

    /// The session's variables, sorted by name.
    public var variables: [(name: String, value: Value, mutable: Bool)] {
        globals.slots.compactMap { name, slot in slot.value.map { (name, $0, slot.mutable) } }.sorted { $0.name < $1.name }
    }

    /// Every name a completion could offer: variables, builtins, Swift's functions and keywords.
    public var knownNames: [String] {
        Array(globals.slots.keys) + Builtins.shared.names + Prelude.functionNames + Prelude.typeNames + Array(Lexer.keywords)
    }

    /// Runs `source` (one or more statements) and returns the value of each top-level
    /// expression statement that produced one.
    public func run(_ source: String) throws -> [Value] {
        deadline = timeLimit.map { DispatchTime.now() + $0 }
        return try onLargeStack {
            let statements = try Parser.parse(source)
            var results: [Value] = []
            try hoistFunctions(statements, into: globals)
            var deferred: [[Statement]] = []
            defer { runDeferred(deferred, globals) }
            for s in statements {
                if case .expression(let e) = s {
                    let v = try eval(e, globals)
                    if !v.isVoid { results.append(v) }
                    continue
                }
                switch try execute(s, globals, deferred: &deferred) {
                case .normal: break
                case .returned: throw LabError("'return' is only allowed inside a function", at: s.position)
                case .broke, .continued: throw LabError("'break' and 'continue' are only allowed inside a loop (or break inside a switch)", at: s.position)
                case .fellThrough: throw LabError("'fallthrough' is only allowed inside a switch", at: s.position)
                }
            }
            return results
        }
    }

    /// Evaluates one expression (for `:type`, `:shape`, `:time`).
    public func evaluate(_ source: String) throws -> Value {
        try onLargeStack {
            let statements = try Parser.parse(source)
            guard statements.count == 1, case .expression(let e) = statements[0] else {
                throw LabError("expected a single expression")
            }
            return try eval(e, globals)
        }
    }

    // MARK: Output

    /// Writes text as Swift's `print` does: lines reach `output` when they end.
    func write(_ text: String) {
        pendingLine += text
        while let newline = pendingLine.firstIndex(of: "\n") {
            output(String(pendingLine[..<newline]))
            pendingLine = String(pendingLine[pendingLine.index(after: newline)...])
        }
    }

    /// Sends a line left open by `terminator: ""` (before a prompt, or before a builtin prints).
    public func flushOutput() {
        guard !pendingLine.isEmpty else { return }
        output(pendingLine)
        pendingLine = ""
    }

    // MARK: Limits

    /// Counts a call; throws past `maxCallDepth` or when Ctrl-C was pressed.
    func enterCall(_ position: SourcePosition?) throws {
        depth += 1
        if depth > Interpreter.maxCallDepth || stackUsed() > Interpreter.stackBudget {
            depth -= 1
            throw LabError("calls nested more than \(Interpreter.maxCallDepth) deep: is a function calling itself without end? (the lab's limit on recursion depth)", at: position)
        }
        try checkInterrupt(position)
    }

    func leaveCall() { depth -= 1 }

    /// Bytes of stack in use below the point where `run` started (0 off the large stack).
    func stackUsed() -> Int {
        guard let base = Thread.current.threadDictionary[Interpreter.largeStackKey] as? Int else { return 0 }
        var marker = 0
        let here = withUnsafeMutablePointer(to: &marker) { Int(bitPattern: $0) }
        return base - here
    }

    /// Stack the interpreter may use before it stops a recursion: most of the 1 GiB reserved.
    static let stackBudget = 768 << 20

    func checkInterrupt(_ position: SourcePosition?) throws {
        if Interrupt.requested { throw LabInterrupt(position: position) }
        ticks &+= 1
        if let deadline, ticks & 1023 == 0, DispatchTime.now() > deadline {
            throw LabError("stopped: this input ran longer than its time limit of \(timeLimit ?? 0) s", at: position)
        }
    }

    /// Runs `body` on a thread with a 1 GiB stack (reserved, not committed), so the call-depth
    /// limit, not the 8 MiB of a main thread, bounds recursion.
    func onLargeStack<T>(_ body: () throws -> T) throws -> T {
        if Thread.current.threadDictionary[Interpreter.largeStackKey] != nil { return try body() }
        // Task-local values do not cross to a new thread: carry the session's over.
        let style = TerminalStyle.forced
        let context = SessionContext(interpreter: self, style: style)
        return try withoutActuallyEscaping(body) { body in
            let box = ResultBox<T>(body)
            let thread = Thread { [box, context] in
                var marker = 0
                Thread.current.threadDictionary[Interpreter.largeStackKey] = withUnsafeMutablePointer(to: &marker) { Int(bitPattern: $0) }
                Interrupt.unblockCtrlC()
                context.interpreter.session.run {
                    TerminalStyle.$forced.withValue(context.style) {
                        Interpreter.$current.withValue(context.interpreter) { box.run() }
                    }
                }
            }
            thread.stackSize = 1 << 30
            thread.start()
            box.done.wait()
            return try box.result!.get()
        }
    }

    static let largeStackKey = "ResNetLab.largeStack"
}

/// What the large-stack thread binds for the code it runs.
private struct SessionContext: @unchecked Sendable {
    let interpreter: Interpreter
    let style: TerminalStyle?
}

/// Carries a computation to the large-stack thread and its result back.
private final class ResultBox<T>: @unchecked Sendable {
    /// Dropped as soon as it ran: the caller's closure must not outlive its call.
    var body: (() throws -> T)?
    var result: Result<T, Error>?
    let done = DispatchSemaphore(value: 0)
    init(_ body: @escaping () throws -> T) { self.body = body }
    func run() {
        if let body { result = Result { try body() } }
        body = nil
        done.signal()
    }
}

/// Ctrl-C stopped the code: not an error a `catch` in the learner's code can swallow.
struct LabInterrupt: Error {
    let position: SourcePosition?
}

/// A value thrown by `throw` in the learner's code.
struct ThrownValue: Error {
    let value: Value
    let position: SourcePosition?
}

extension Value {
    var isVoid: Bool { if case .void = self { return true } else { return false } }
}

extension Statement {
    var position: SourcePosition? {
        switch self {
        case .expression(let e): return e.position
        case .declare(_, _, _, _, let p), .assign(_, _, _, let p), .ifStatement(_, _, _, let p), .guardStatement(_, _, let p),
            .whileLoop(_, _, _, let p), .repeatWhile(_, _, _, let p), .forIn(_, _, _, _, _, let p), .switchStatement(_, _, _, let p),
            .breakStatement(_, let p), .continueStatement(_, let p), .fallthroughStatement(let p), .returnStatement(_, let p),
            .throwStatement(_, let p), .doCatch(_, _, let p), .deferStatement(_, let p), .importModule(_, let p):
            return p
        case .function(let f): return f.position
        case .structDecl, .enumDecl, .block: return nil
        case .sequence(let items): return items.first?.position
        }
    }
}
