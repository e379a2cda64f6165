// The compiler is the reference for the language: each program in SwiftParity/ is compiled
// with swiftc and run, and the lab, given the same lines, must print exactly the same text.
// The programs cover the grammar the lab speaks (loops, conditions, operators, functions,
// closures, collections, a learner's own types, errors, strings and print's formatting).

import Foundation
import Testing
@testable import Lab

/// The programs, by file name.
let parityPrograms: [String] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("SwiftParity")
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".swift") }.sorted()
}()

func parityFolder() -> URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("SwiftParity") }

/// swiftc from the toolchain running the tests.
func swiftCompiler() -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let candidate = "\(dir)/swiftc"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// Runs `executable` with `arguments`; returns its standard output and exit status.
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws -> (String, Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (String(decoding: data, as: UTF8.self), process.terminationStatus)
}

/// What the lab prints for `source`, fed line by line as a piped script is.
func labOutput(_ source: String) -> String {
    var lines: [String] = []
    let repl = REPL(interactive: false, out: { lines.append($0) }, err: { lines.append($0) }, lines: source.components(separatedBy: "\n"))
    repl.run()
    return lines.map { $0 + "\n" }.joined()
}

/// The first line where two outputs differ, or nil.
func firstDifference(_ expected: String, _ actual: String) -> String? {
    let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
    for k in 0..<max(e.count, a.count) {
        let x = k < e.count ? e[k] : "(nothing)", y = k < a.count ? a[k] : "(nothing)"
        if x != y { return "line \(k + 1): swiftc printed «\(x)», the lab «\(y)»" }
    }
    return nil
}

@Suite("The lab prints what swiftc's program prints")
struct SwiftParityTests {
    @Test("there are programs to compare") func programsExist() {
        #expect(parityPrograms.count >= 9)
    }

    @Test(arguments: parityPrograms)
    func sameOutput(_ file: String) throws {
        guard let swiftc = swiftCompiler() else {
            Issue.record("swiftc is not on PATH: the language cannot be compared with the compiler")
            return
        }
        let source = parityFolder().appendingPathComponent(file)
        let binary = FileManager.default.temporaryDirectory.appendingPathComponent("parity-\(ProcessInfo.processInfo.processIdentifier)-\(file.dropLast(6))")
        defer { try? FileManager.default.removeItem(at: binary) }
        let (log, status) = try runProcess(swiftc, ["-suppress-warnings", source.path, "-o", binary.path])
        try #require(status == 0, "swiftc rejected \(file): \(log)")
        let (expected, runStatus) = try runProcess(binary.path, [])
        #expect(runStatus == 0)
        let actual = labOutput(try String(contentsOf: source, encoding: .utf8))
        #expect(firstDifference(expected, actual) == nil, "\(file): \(firstDifference(expected, actual) ?? "")")
    }

    @Test("the comparison rejects a wrong answer: Float printed as Double, a missing Optional, an extra space")
    func comparisonCanFail() {
        let expected = "0.33333334\nOptional(3)\n[1, 2]\n"
        #expect(firstDifference(expected, expected) == nil)
        #expect(firstDifference(expected, "0.3333333333333333\nOptional(3)\n[1, 2]\n") != nil)
        #expect(firstDifference(expected, "0.33333334\n3\n[1, 2]\n") != nil)
        #expect(firstDifference(expected, "0.33333334\nOptional(3)\n[1,  2]\n") != nil)
        // And the lab itself, on a line whose value Swift prints differently for Double and Float.
        #expect(labOutput("let f: Float = 1\nprint(f / 3)") == "0.33333334\n")
        #expect(labOutput("print(1.0 / 3)") == "0.3333333333333333\n")
    }
}
