// Runs an exercise's checks the way the learner would: `swift test --filter <its suite>` in
// the repository, as a subprocess. The tests write one small JSON verdict per exercise into a
// folder named by RESNETLAB_EXERCISE_REPORT, so nothing depends on the test log's format;
// the log is read only for compiler errors and crashes.

import Foundation

/// What `swift test` concluded about one exercise.
///
/// ```swift
/// let result = try ExerciseRunner().check(number: "9a")[0]
/// result.status         // .failing
/// result.firstProblem   // "learningRate(epoch: 80): expected 0.001, received 0.0001 …"
/// ```
public struct ExerciseResult: Sendable, Equatable {
    public enum Status: String, Sendable {
        case solved, failing, notAttempted = "not_attempted", doesNotCompile, crashed
        /// Changed from the stub but not run (`resnet-lab exercises --quick`).
        case started
    }
    public let exercise: ExerciseInfo
    public let status: Status
    /// Mismatches (failing), compiler errors (doesNotCompile) or the crash report (crashed).
    public let details: [String]

    public init(exercise: ExerciseInfo, status: Status, details: [String]) {
        (self.exercise, self.status, self.details) = (exercise, status, details)
    }

    /// The first mismatch or error, as the verdict shows it.
    public var firstProblem: String? { details.first }
}

/// Runs the exercise tests in a subprocess.
///
/// ```swift
/// let runner = try ExerciseRunner()
/// let results = try runner.check(number: "5")
/// print(ExerciseReport.verdict(results[0]))
/// ```
public struct ExerciseRunner: Sendable {
    /// The repository (the folder with Package.swift and Sources/Exercises).
    public let root: URL
    /// SwiftPM's build folder (`--scratch-path`); nil for the default .build.
    public let scratchPath: String?

    public init(root: URL? = nil, scratchPath: String? = nil) throws {
        self.root = try root ?? ExerciseFiles.repositoryRoot()
        self.scratchPath = scratchPath
    }

    /// Checks the exercises `key` names ("5", "8a", or a lesson number such as "2").
    public func check(number key: String, log: ((String) -> Void)? = nil) throws -> [ExerciseResult] {
        try check(try ExerciseCatalog.find(key), log: log)
    }

    /// Checks the exercises of a lesson: what the REPL's `:check` runs.
    public func check(lesson: Int, log: ((String) -> Void)? = nil) throws -> [ExerciseResult] {
        let exercises = try ExerciseCatalog.exercises(lesson: lesson)
        guard !exercises.isEmpty else { throw LabError("lesson \(lesson) has no exercise") }
        return try check(exercises, log: log)
    }

    /// Runs the given exercises' suites.
    public func check(_ exercises: [ExerciseInfo], log: ((String) -> Void)? = nil) throws -> [ExerciseResult] {
        let filter = exercises.map { "ExerciseTests\\.\($0.suite)/" }.joined(separator: "|")
        return try run(filter: filter, exercises: exercises, log: log)
    }

    /// Every exercise at once, through the course's progress test: `resnet-lab exercises`.
    public func checkAll(log: ((String) -> Void)? = nil) throws -> [ExerciseResult] {
        try run(filter: "ExerciseTests\\.CourseProgress/", exercises: try ExerciseCatalog.all, log: log)
    }

    /// The command line it runs, for messages.
    public func command(filter: String) -> [String] {
        ["swift", "test"] + (scratchPath.map { ["--scratch-path", $0] } ?? []) + ["--filter", filter]
    }

    private func run(filter: String, exercises: [ExerciseInfo], log: ((String) -> Void)?) throws -> [ExerciseResult] {
        let fm = FileManager.default
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("resnet-lab-\(getpid())-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let reports = scratch.appendingPathComponent("reports"), logFile = scratch.appendingPathComponent("log.txt")
        _ = fm.createFile(atPath: logFile.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command(filter: filter)
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["RESNETLAB_EXERCISE_REPORT"] = reports.path
        process.environment = environment
        let handle = try FileHandle(forWritingTo: logFile)
        process.standardOutput = handle
        process.standardError = handle
        log?("$ " + command(filter: filter).joined(separator: " "))
        do { try process.run() } catch {
            throw LabError("could not start `swift test` (\(error.localizedDescription)); is the Swift toolchain on your PATH?")
        }
        process.waitUntilExit()
        try? handle.close()
        let output = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return ExerciseRunner.interpret(
            exercises: exercises, reports: reports, output: output,
            exitCode: process.terminationStatus, root: root)
    }

    /// Verdicts from the report folder, falling back on the log for what the tests could
    /// not report (a build that failed, a process that crashed).
    static func interpret(exercises: [ExerciseInfo], reports: URL, output: String, exitCode: Int32, root: URL) -> [ExerciseResult] {
        let errors = compilerErrors(output, root: root)
        let crash = crashReport(output, root: root)
        return exercises.map { e in
            let file = reports.appendingPathComponent("exercise-\(e.id).json")
            if let data = try? Data(contentsOf: file),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let status = (object["status"] as? String).flatMap(ExerciseResult.Status.init(rawValue:))
            {
                return ExerciseResult(exercise: e, status: status, details: object["failures"] as? [String] ?? [])
            }
            if !errors.isEmpty {
                // Nothing runs until the whole package compiles; point at the errors in this
                // exercise's file if any, else at the first ones elsewhere.
                let own = errors.filter { $0.hasPrefix(e.path) }
                if own.isEmpty, ExerciseFiles.isStub(e, root: root) { return ExerciseResult(exercise: e, status: .notAttempted, details: []) }
                return ExerciseResult(exercise: e, status: .doesNotCompile, details: own.isEmpty ? errors : own)
            }
            if exitCode != 0, let crash, !ExerciseFiles.isStub(e, root: root) {
                return ExerciseResult(exercise: e, status: .crashed, details: [crash])
            }
            // No verdict: the suite was skipped, which it is only while the stub is untouched.
            return ExerciseResult(exercise: e, status: .notAttempted, details: [])
        }
    }

    /// "Sources/Exercises/X.swift:12:5: error: …" lines, paths made relative, duplicates removed.
    static func compilerErrors(_ output: String, root: URL) -> [String] {
        var seen = Set<String>(), out: [String] = []
        let prefix = root.standardizedFileURL.path + "/"
        for line in output.split(separator: "\n") where line.contains(": error: ") {
            let text = line.replacingOccurrences(of: prefix, with: "")
            if seen.insert(text).inserted { out.append(text) }
        }
        return out
    }

    /// The trap's message ("Fatal error: Index out of range") and, from the backtrace, the
    /// first frame in the learner's files, if the tests crashed.
    static func crashReport(_ output: String, root: URL) -> String? {
        let lines = output.split(separator: "\n").map(String.init)
        guard
            let fatal = lines.first(where: { $0.contains("Fatal error") || $0.contains("fatal error") })
                ?? lines.first(where: { $0.contains("unexpected signal") })
        else { return nil }
        var report = fatal.trimmingCharacters(in: .whitespaces)
        let frame = try? NSRegularExpression(pattern: #"0x[0-9a-f]+ (.+?) \+ \d+ in .* at (\S*Sources/Exercises/\S+)"#)
        for line in lines {
            let range = NSRange(line.startIndex..., in: line)
            if let m = frame?.firstMatch(in: line, range: range), let function = Range(m.range(at: 1), in: line), let place = Range(m.range(at: 2), in: line) {
                report += "\nin \(line[function]) at " + line[place].replacingOccurrences(of: root.standardizedFileURL.path + "/", with: "")
                break
            }
        }
        return report
    }
}
