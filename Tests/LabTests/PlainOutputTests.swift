// Output that goes to a pipe or a file is plain text: `resnet-lab run` writes no terminal
// escape codes there (nor with NO_COLOR set), so a log or a CI transcript reads cleanly.

import Foundation
import Testing

@Suite("Plain output when not at a terminal")
struct PlainOutputTests {
    @Test("resnet-lab run, piped: no escape codes")
    func pipedRunIsPlain() throws {
        let binary = try #require(labBinary(), "build resnet-lab first (swift build)")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for environment in [[:], ["NO_COLOR": "1"]] {
            let (text, status) = try runProcess(
                binary, ["run", root.appendingPathComponent("Lessons/01-tensors.md").path],
                environment: environment, directory: root)
            #expect(status == 0, "\(text.suffix(500))")
            #expect(text.contains("Lessons/01-tensors.md"))
            #expect(!text.contains("\u{1B}"), "escape codes in a piped run (\(environment)): \(text.prefix(200).debugDescription)")
        }
    }
}
