// Lessons are Swift: every lesson's cells, in order (REPL `:commands` left out), and the
// README's Swift blocks, are one Swift program each, type-checked by swiftc against the
// package's own modules. What a learner types at the prompt therefore moves into an
// exercise file unchanged — `try` where Swift needs it, the engine's labels, `fit`'s options.

import Foundation
import Testing
@testable import Lab

/// The package's folder, and the documents whose Swift blocks must compile.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let swiftDocuments: [String] = {
    let lessons = ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Lessons").path)) ?? [])
        .filter { $0.hasSuffix(".md") }.sorted().map { "Lessons/" + $0 }
    return lessons + ["README.md"]
}()

/// A document's Swift blocks as one program, and for each program line the document's line.
func swiftProgram(markdown: String) -> (source: String, origin: [Int?]) {
    var lines = ["import Foundation", "import ResNetKit", "import Lab"]
    var origin: [Int?] = [nil, nil, nil]
    let text = markdown.components(separatedBy: "\n")
    var i = 0
    while i < text.count {
        if text[i].trimmingCharacters(in: .whitespaces) == "```swift" {
            var j = i + 1
            while j < text.count, text[j].trimmingCharacters(in: .whitespaces) != "```" {
                let line = text[j]
                // `:summary model` is a REPL command, not Swift.
                lines.append(line.trimmingCharacters(in: .whitespaces).hasPrefix(":") ? "// " + line : line)
                origin.append(j + 1)
                j += 1
            }
            i = j
        }
        i += 1
    }
    return (lines.joined(separator: "\n") + "\n", origin)
}

/// The flags that let swiftc see the package's modules (built by `swift build`/`swift test`).
func moduleFlags() -> [String]? {
    let build = packageRoot.appendingPathComponent(".build")
    for config in ["debug", "release"] {
        let modules = build.appendingPathComponent("\(config)/Modules")
        guard FileManager.default.fileExists(atPath: modules.appendingPathComponent("Lab.swiftmodule").path) else { continue }
        var flags = ["-I", modules.path]
        for c in ["COpenBLAS", "CReadline", "CZlib"] { flags += ["-I", packageRoot.appendingPathComponent("Sources/\(c)").path] }
        if let (cflags, status) = try? runProcess("/usr/bin/env", ["pkg-config", "--cflags-only-I", "openblas"]), status == 0 {
            for f in cflags.split(whereSeparator: \.isWhitespace) { flags += ["-Xcc", String(f)] }
        }
        return flags
    }
    return nil
}

/// Runs a command; its combined output and exit status.
func runProcess(_ executable: String, _ arguments: [String]) throws -> (String, Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (String(decoding: data, as: UTF8.self), process.terminationStatus)
}

/// swiftc's errors for `source`, each as "line N: message" in the document's lines.
func compileErrors(_ source: String, origin: [Int?], name: String) throws -> [String] {
    let flags = try #require(moduleFlags(), "the package's modules are not built (swift build)")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
        "lesson-\(ProcessInfo.processInfo.processIdentifier)-\(name.replacingOccurrences(of: "/", with: "_")).swift")
    try source.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let (log, _) = try runProcess("/usr/bin/env", ["swiftc", "-typecheck", "-suppress-warnings"] + flags + [file.path])
    return log.split(separator: "\n").compactMap { line -> String? in
        guard line.hasPrefix(file.path + ":"), line.contains(" error: ") else { return nil }
        let parts = line.dropFirst(file.path.count + 1).split(separator: ":", maxSplits: 2)
        guard let n = Int(parts[0]), n >= 1, n <= origin.count else { return String(line) }
        let message = line.components(separatedBy: " error: ").last ?? ""
        return "\(name):\(origin[n - 1].map(String.init) ?? "?"): \(message)"
    }
}

@Suite("Lessons and the README are Swift: their cells compile with swiftc")
struct LessonsCompileTests {
    @Test("there are documents to compile") func documents() {
        #expect(swiftDocuments.count >= 13)
    }

    @Test(arguments: swiftDocuments)
    func compiles(_ document: String) throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent(document), encoding: .utf8)
        let (source, origin) = swiftProgram(markdown: text)
        let errors = try compileErrors(source, origin: origin, name: document)
        #expect(errors.isEmpty, "\(document) does not compile as Swift:\n\(errors.joined(separator: "\n"))")
    }

    @Test("the check fails on a cell Swift rejects: a missing try, the lab's old fit, a misspelt label")
    func rejectsWrongSwift() throws {
        let wrong = """
            ```swift
            let model = ResNetV1(depth: 8)
            let h = try fit(model, x: Tensor.zeros([1, 32, 32, 3]), y: Tensor([0]), optimizer: Adam(), seed: 1)
            let c = try Conv2D(filter: 3, kernelSize: 3)
            ```
            """
        let (source, origin) = swiftProgram(markdown: wrong)
        let errors = try compileErrors(source, origin: origin, name: "wrong.md")
        #expect(errors.contains { $0.hasPrefix("wrong.md:2:") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("wrong.md:3:") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("wrong.md:4:") }, "\(errors)")
    }
}
