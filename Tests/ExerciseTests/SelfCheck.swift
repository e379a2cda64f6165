// The course checks itself: every check passes on its reference solution, rejects each
// plausible wrong solution with a message that names the mistake, and every shipped stub is
// still unsolved. Runs with every `swift test`, whatever state the learner's files are in.

import Foundation
import Testing
import Exercises
import ResNetKit

@Suite("Course self-check")
struct CourseSelfCheck {
    @Test("the reference solution passes", arguments: course)
    func referencePasses(_ exercise: AnyExercise) {
        let verdict = exercise.referenceVerdict()
        #expect(verdict == .passed, "reference of exercise \(exercise.id): \(verdict)")
    }

    @Test("a wrong solution fails, and says why", arguments: course.flatMap(\.wrong))
    func wrongFails(_ wrong: AnyWrong) {
        guard case .failed(let failures) = wrong.verdict() else {
            Issue.record("exercise \(wrong.exercise): the wrong solution '\(wrong.name)' was not rejected")
            return
        }
        // RESNETLAB_SHOW_MISTAKES=1: print what a learner would read for each mistake.
        if ProcessInfo.processInfo.environment["RESNETLAB_SHOW_MISTAKES"] == "1" {
            print("— exercise \(wrong.exercise), \(wrong.name):\n" + failures.map { "  " + $0.replacingOccurrences(of: "\n", with: "\n  ") }.joined(separator: "\n"))
        }
        #expect(
            failures.contains { $0.contains(wrong.mentions) },
            "exercise \(wrong.exercise), '\(wrong.name)': no failure mentions '\(wrong.mentions)'; they were:\n\(failures.joined(separator: "\n"))")
    }

    @Test("every exercise of the manifest has a stub, a reference solution, a check and a suite")
    func filesMatchTheCourse() throws {
        let fm = FileManager.default
        #expect(curriculum.count == 14, "Lessons/manifest.json lists \(curriculum.count) exercises")
        #expect(Set(curriculum.map(\.id)).count == curriculum.count, "exercise ids repeat in Lessons/manifest.json")
        #expect(Set(checks.map(\.id)).count == checks.count, "two checks claim the same exercise id")
        #expect(
            course.map(\.id) == curriculum.map(\.id) && checks.count == curriculum.count,
            "the manifest lists \(curriculum.map(\.id)); Checks/ has checks for \(checks.map(\.id))")
        let stubs = try fm.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Sources/Exercises").path)
            .filter { $0.hasPrefix("Exercise") && $0.hasSuffix(".swift") && $0 != "ExerciseError.swift" }.sorted()
        #expect(stubs == curriculum.map(\.file).sorted(), "Sources/Exercises holds \(stubs); the manifest lists \(curriculum.map(\.file))")
        // `resnet-lab check` filters `swift test` by the suite named after the file.
        let checkSources = try fm.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Tests/ExerciseTests/Checks").path)
            .map { try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/ExerciseTests/Checks/\($0)"), encoding: .utf8) }
            .joined()
        for e in curriculum {
            let stem = e.file.replacingOccurrences(of: "Exercise", with: "").replacingOccurrences(of: ".swift", with: "")
            #expect(
                fm.fileExists(atPath: repositoryRoot.appendingPathComponent("Sources/ExerciseSolutions/Reference\(stem).swift").path),
                "no reference solution Sources/ExerciseSolutions/Reference\(stem).swift for exercise \(e.id)")
            #expect(
                checkSources.contains("struct \(e.file.dropLast(".swift".count)) {"),
                "no suite named \(e.file.dropLast(".swift".count)) in Checks/ for exercise \(e.id)")
        }
    }

    /// The stub as shipped is the newest committed version of the file that is still a stub
    /// (what `resnet-lab reset` restores, from git). It must state the task, the shapes and how
    /// to check it, and throw notAttempted exactly once. Where the learner's file is still that
    /// stub, running it must say "not attempted" — on a fresh clone, that is every exercise.
    /// With RESNETLAB_EXPECT_PRISTINE=1 (CI), a file that differs from it is an error.
    @Test("every shipped stub is unsolved", arguments: course)
    func stubIsUnsolved(_ exercise: AnyExercise) throws {
        let shipped = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/Exercises/\(exercise.file)"), encoding: .utf8)
        let pristine: String
        switch committedStub(exercise.file) {
        case .found(let text): pristine = text
        case .noGit(let why):
            // A checkout without git history (a source archive): judge the file as it is.
            guard shipped.contains("throw ExerciseError.notAttempted(file: #fileID)") else { return }
            print("[self-check] \(exercise.file): \(why); checking the file itself")
            pristine = shipped
        case .none:
            Issue.record("no commit of Sources/Exercises/\(exercise.file) is a stub")
            return
        }
        #expect(
            pristine.components(separatedBy: "throw ExerciseError.notAttempted(file: #fileID)").count == 2,
            "the shipped \(exercise.file) must throw ExerciseError.notAttempted exactly once")
        #expect(
            pristine.contains("/// **Task.**") && pristine.contains("/// **Shapes.**") && pristine.contains("Check it: `resnet-lab check \(exercise.id)`"),
            "the shipped \(exercise.file) must state the task, the shapes and how to check it")
        if shipped == pristine {
            #expect(!exercise.attempted(), "Sources/Exercises/\(exercise.file) is the shipped stub, yet it does not throw notAttempted")
            #expect(exercise.learnerVerdict() == .notAttempted, "the stub of exercise \(exercise.id) is not reported as not attempted")
        } else if ProcessInfo.processInfo.environment["RESNETLAB_EXPECT_PRISTINE"] == "1" {
            Issue.record("Sources/Exercises/\(exercise.file) differs from its newest committed stub")
        }
    }
}

enum CommittedStub { case found(String), noGit(String), none }

/// The newest committed version of Sources/Exercises/<file> that still throws notAttempted:
/// the same rule `resnet-lab reset` follows (ExerciseFiles.pristine in Lab).
func committedStub(_ file: String) -> CommittedStub {
    func git(_ arguments: [String]) -> String? {
        let process = Process(), out = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", repositoryRoot.path] + arguments
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
    let path = "Sources/Exercises/\(file)"
    guard let log = git(["log", "--format=%H", "--", path]) else { return .noGit("no git history here") }
    for commit in log.split(separator: "\n") {
        if let text = git(["show", "\(commit):./\(path)"]), text.contains("throw ExerciseError.notAttempted(file: #fileID)") { return .found(text) }
    }
    return .none
}
