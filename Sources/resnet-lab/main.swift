// resnet-lab: argument parsing only; everything else lives in the Lab module.

import ArgumentParser
import Foundation
import Lab

struct ResNetLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resnet-lab",
        abstract: "Residual networks, taught as a notebook: a REPL over a real ResNet engine.",
        discussion: "With no subcommand, starts the REPL (reading a script from standard input when it is not a terminal).",
        version: labVersion,
        subcommands: [
            Repl.self, Run.self, ExercisesCommand.self, CheckCommand.self, HintCommand.self,
            ResetCommand.self, WatchCommand.self, SolutionCommand.self,
        ],
        defaultSubcommand: Repl.self)
}

struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "Start the interactive lab (the default).")

    func run() throws {
        let repl = REPL()
        repl.run()
        if repl.interruptedScript { throw ExitCode(130) }
        // A script piped in fails the run when any of its inputs failed.
        if !isatty(STDIN_FILENO).boolValue, repl.errorCount > 0 { throw ExitCode(1) }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run lessons as scripts: every cell in order, each output compared with the expected one.")

    @Argument(help: "Lesson files (Lessons/05-identity-block.md), or lesson numbers.")
    var lessons: [String] = []

    @Flag(help: "Run the whole curriculum in order.")
    var all = false

    @Flag(help: "Print only the verdicts, not the notebooks.")
    var quiet = false

    @Flag(help: "Also run the lessons' opt-in long experiments (lesson 10: the paper's Figures 1 and 6, about 3 minutes).")
    var long = false

    func run() throws {
        // A lesson number needs the manifest (and says how many lessons there are if it is
        // out of range); a path to a Markdown file runs without one.
        var paths = try lessons.map { key -> String in
            guard Int(key) != nil else { return key }
            let m = try Manifest.load()
            guard let e = m.find(key) else {
                throw CommandFailure(
                    "there is no lesson \(key): the course has \(m.lessons.count) lessons, numbered \(m.lessons.first?.number ?? 1) to \(m.lessons.last?.number ?? 0):\n\(m.listing)"
                )
            }
            return m.path(e)
        }
        if all {
            let m = try Manifest.load()
            paths = m.lessons.map { m.path($0) }
        }
        guard !paths.isEmpty else { throw ValidationError("name a lesson (e.g. Lessons/01-tensors.md or 1), or pass --all") }
        var failed = 0
        for path in paths {
            let lesson: Lesson
            do { lesson = try Lesson(path: path) } catch { print("✘ \(path): \(error)"); failed += 1; continue }
            let result = LessonRunner(show: quiet ? nil : { print($0) }, long: long).run(lesson)
            if let m = result.mismatch {
                failed += 1
                print("✘ \(path): \(m)")
            } else {
                let left = result.cellsSkipped > 0 ? " (\(result.cellsSkipped) of the long experiment left out: --long runs them)" : ""
                print(String(format: "✔ %@: %d cells, %.1f s", path, result.cellsRun, result.seconds) + left)
            }
        }
        if paths.count > 1 { print("\(paths.count - failed) of \(paths.count) lessons passed") }
        if failed > 0 { throw ExitCode(1) }
    }
}

extension Int32 { var boolValue: Bool { self != 0 } }

/// An error about what the user asked for, printed as "Error: …" without the usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

ResNetLab.main()
