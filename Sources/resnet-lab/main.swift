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
        subcommands: [Repl.self, Run.self, ExercisesCommand.self, CheckCommand.self, HintCommand.self,
                      ResetCommand.self, WatchCommand.self, SolutionCommand.self],
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

    func run() throws {
        let manifest = try? Manifest.load()
        var paths = lessons.map { key -> String in
            if let m = manifest, Int(key) != nil, let e = m.find(key) { return m.path(e) }
            return key
        }
        if all {
            guard let m = manifest else { throw ValidationError("no Lessons/manifest.json found: run from the repository folder") }
            paths = m.lessons.map { m.path($0) }
        }
        guard !paths.isEmpty else { throw ValidationError("name a lesson (e.g. Lessons/01-tensors.md or 1), or pass --all") }
        var failed = 0
        for path in paths {
            let lesson: Lesson
            do { lesson = try Lesson(path: path) } catch { print("✘ \(path): \(error)"); failed += 1; continue }
            let result = LessonRunner(show: quiet ? nil : { print($0) }).run(lesson)
            if let m = result.mismatch {
                failed += 1
                print("✘ \(path): \(m)")
            } else {
                print(String(format: "✔ %@: %d cells, %.1f s", path, result.cellsRun, result.seconds))
            }
        }
        if paths.count > 1 { print("\(paths.count - failed) of \(paths.count) lessons passed") }
        if failed > 0 { throw ExitCode(1) }
    }
}

extension Int32 { var boolValue: Bool { self != 0 } }

ResNetLab.main()
