// The exercise subcommands: exercises, check, hint, reset, watch, solution. Argument parsing
// only; the work is in Lab (Sources/Lab/Exercises), which the REPL's `:check` shares.

import ArgumentParser
import Foundation
import Lab

/// Options every command that runs `swift test` takes.
struct TestRunOptions: ParsableArguments {
    @Option(help: "SwiftPM's build folder for `swift test` (its --scratch-path); default .build.")
    var scratchPath: String?

    func runner() throws -> ExerciseRunner { try ExerciseRunner(scratchPath: scratchPath) }
}

/// "Building and testing…" on standard error, so piped output stays the verdict alone.
func announce(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

struct ExercisesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercises",
        abstract: "List the exercises: solved, failing or not attempted, and how many are solved.",
        discussion: "Runs the exercise tests (swift test) once. With --quick, only tells the untouched stubs from the files you have started, without building.")

    @Flag(help: "Don't build or test: report a started file as 'started'.")
    var quick = false

    @OptionGroup var options: TestRunOptions

    func run() throws {
        if quick {
            let root = try ExerciseFiles.repositoryRoot()
            print(
                ExerciseReport.table(
                    try ExerciseCatalog.all.map {
                        ExerciseResult(exercise: $0, status: ExerciseFiles.isStub($0, root: root) ? .notAttempted : .started, details: [])
                    }))
            return
        }
        announce("Running the exercise tests (the first run builds the package; later ones take seconds)…")
        print(ExerciseReport.table(try options.runner().checkAll(log: announce)))
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an exercise against the reference values, and explain the first difference.",
        discussion: "EXERCISE is an exercise number (5, 8a) or a lesson number (2 checks 2a and 2b). Exits 1 unless every exercise checked is solved.")

    @Argument(help: "The exercise (5, 8a) or lesson (2).")
    var exercise: String

    @OptionGroup var options: TestRunOptions

    func run() throws {
        let exercises = try ExerciseCatalog.find(exercise)
        announce("Checking exercise \(exercises.map(\.id).joined(separator: ", "))…")
        let results = try options.runner().check(exercises, log: announce)
        print(results.map(ExerciseReport.verdict).joined(separator: "\n\n"))
        if results.contains(where: { $0.status != .solved }) { throw ExitCode(1) }
    }
}

struct HintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hint",
        abstract: "Show a hint for an exercise: the first, or the n-th (each says a little more).")

    @Argument(help: "The exercise (5, 8a).")
    var exercise: String

    @Argument(help: "Which hint (1, 2, 3).")
    var number: Int = 1

    @Flag(help: "Show every hint at once.")
    var all = false

    func run() throws {
        let e = try ExerciseCatalog.one(exercise)
        print(all ? (1...e.hints.count).map { ExerciseReport.hint(e, $0) }.joined(separator: "\n\n") : ExerciseReport.hint(e, number))
    }
}

struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Without an argument: forget your lesson progress. With one: put that exercise's stub back, as shipped (your version is copied to the temporary folder first).")

    @Argument(help: "The exercise (5, 8a); leave it out to reset lesson progress.")
    var exercise: String?

    @Flag(name: [.short, .long], help: "Don't ask for confirmation.")
    var yes = false

    func run() throws {
        guard let exercise else {
            if !yes {
                print("This forgets which lessons you have done (\(Progress.path)). Continue? [y/N] ", terminator: "")
                let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
                guard answer == "y" || answer == "yes" else { print("Progress kept."); throw ExitCode(1) }
            }
            try Progress.reset()
            print("Progress reset: resnet-lab starts at lesson 1.")
            return
        }
        let root = try ExerciseFiles.repositoryRoot()
        let e = try ExerciseCatalog.one(exercise)
        guard try ExerciseFiles.isModified(e, root: root) else {
            print("\(e.path) is already the stub as shipped; nothing to reset.")
            return
        }
        if !yes {
            print("This replaces \(e.path) with the stub as shipped; your version will be copied to the temporary folder. Continue? [y/N] ", terminator: "")
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                print("Left \(e.path) as it is.")
                throw ExitCode(1)
            }
        }
        let backup = try ExerciseFiles.reset(e, root: root)
        print("Reset \(e.path) to its stub." + (backup.map { " Your version is in \($0)." } ?? ""))
    }
}

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Re-check an exercise every time you save its file (Ctrl-C to stop).",
        discussion: "Without EXERCISE, watches every exercise file and checks the one you save.")

    @Argument(help: "The exercise (5, 8a) or lesson (2); default: all of them.")
    var exercise: String?

    @Option(help: "Seconds between looks at the files.")
    var interval: Double = 0.5

    @OptionGroup var options: TestRunOptions

    func run() throws {
        let runner = try options.runner()
        let exercises = try exercise.map(ExerciseCatalog.find) ?? (try ExerciseCatalog.all)
        let watcher = ExerciseWatcher(root: runner.root, exercises: exercises, interval: interval)
        print(
            "Watching " + (exercises.count == 1 ? exercises[0].path : "\(exercises.count) exercise files in Sources/Exercises")
                + " — save to check, Ctrl-C to stop.")
        if let only = exercises.first, exercises.count == 1 {
            print((try? runner.check([only]).map(ExerciseReport.verdict).joined(separator: "\n")) ?? "")
        }
        fflush(nil)  // shown at once even when piped
        watcher.run { e in
            print("\n— \(e.file) saved; checking…")
            do { print(try runner.check([e]).map(ExerciseReport.verdict).joined(separator: "\n")) } catch { print("error: \(error)") }
            fflush(nil)
        }
    }
}

struct SolutionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solution",
        abstract: "Show the course's solution of an exercise — once yours passes, never before.")

    @Argument(help: "The exercise (5, 8a).")
    var exercise: String

    @OptionGroup var options: TestRunOptions

    func run() throws {
        let runner = try options.runner()
        let e = try ExerciseCatalog.one(exercise)
        announce("Checking exercise \(e.id) first…")
        let results = try runner.check([e])
        guard let result = results.first, result.status == .solved else {
            print("The solution of exercise \(e.id) opens once yours passes; it does not yet.\n" + results.map(ExerciseReport.verdict).joined())
            throw ExitCode(1)
        }
        print("Your \(e.path) passes. The course's solution (\(e.referencePath)):\n")
        print(try ExerciseFiles.referenceSolution(e, root: runner.root))
    }
}
