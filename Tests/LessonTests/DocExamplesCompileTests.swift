// Every ```swift example in a doc comment under Sources/ type-checks as Swift against the
// package's modules, each in a block of its own; the names examples assume (a model, a
// dataset, an input x) are declared first, as a reader would have them.

import Foundation
import Testing

private let sourcesRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources")

/// Names doc examples assume, declared with their types.
private let assumed = """
    @testable import ResNetKit
    @testable import Lab
    @testable import Exercises
    import Foundation
    func placeholder<T>() -> T { fatalError() }
    let x: Tensor = placeholder(), y: Tensor = placeholder(), z: Tensor = placeholder(), w: Tensor = placeholder()
    let dy: Tensor = placeholder(), dz: Tensor = placeholder(), dLogits: Tensor = placeholder(), probs: Tensor = placeholder()
    let kernel: Tensor = placeholder(), features: Tensor = placeholder(), images: Tensor = placeholder(), labels: Tensor = placeholder()
    let image: Tensor = placeholder(), batch: Tensor = placeholder(), twoImages: Tensor = placeholder(), target: Tensor = placeholder()
    let batchA: Tensor = placeholder(), batchB: Tensor = placeholder(), output: Tensor = placeholder(), targets: Tensor = placeholder()
    let model: Model = placeholder(), conv: Conv2D = placeholder(), fc: Dense = placeholder()
    let mainPath: Sequential = placeholder(), shortcut: Sequential = placeholder()
    let train: Dataset = placeholder(), test: Dataset = placeholder(), dataset: Dataset = placeholder()
    let history: History = placeholder(), generator: ImageDataGenerator = placeholder()
    let normalizer: Normalizer = placeholder(), names: [String] = placeholder(), samples: [Float] = placeholder()
    let norms: [Float] = placeholder(), dataLoss: Float = placeholder(), epoch: Batches = placeholder(), full: Dataset = placeholder()
    let root: URL = placeholder(), bytes: [UInt8] = placeholder(), ckpt: Checkpoint = placeholder()
    let result: ExerciseResult = placeholder(), pictures: [ImagePicture] = placeholder()
    let mainOut: Tensor = placeholder(), shortcutOut: Tensor = placeholder()

    """

/// The doc-comment examples of every Swift file under Sources/: (file, line, lines).
func docExamples() -> [(file: String, line: Int, body: [String])] {
    let files = FileManager.default.enumerator(atPath: sourcesRoot.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted() ?? []
    var examples: [(String, Int, [String])] = []
    for file in files {
        guard let text = try? String(contentsOf: sourcesRoot.appendingPathComponent(file), encoding: .utf8) else { continue }
        let lines = text.components(separatedBy: "\n")
        func doc(_ k: Int) -> String? {
            let t = lines[k].trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("///") else { return nil }
            let rest = t.dropFirst(3)
            return String(rest.hasPrefix(" ") ? rest.dropFirst() : rest)
        }
        var i = 0
        while i < lines.count {
            if doc(i)?.trimmingCharacters(in: .whitespaces) == "```swift" {
                var j = i + 1, body: [String] = []
                while j < lines.count, let d = doc(j), d.trimmingCharacters(in: .whitespaces) != "```" { body.append(d); j += 1 }
                examples.append((file, i + 2, body))
                i = j
            }
            i += 1
        }
    }
    return examples
}

@Suite("Doc comments' Swift examples compile")
struct DocExamplesCompileTests {
    @Test("every ```swift example in a doc comment type-checks")
    func examplesCompile() throws {
        let examples = docExamples()
        #expect(examples.count >= 200)
        var source = assumed
        var origin: [Int?] = Array(repeating: nil, count: assumed.components(separatedBy: "\n").count - 1)
        var places: [String] = []
        for e in examples {
            source += "do {\n" + e.body.joined(separator: "\n") + "\n}\n"
            origin.append(nil)
            for k in e.body.indices { places.append("Sources/\(e.file):\(e.line + k)"); origin.append(places.count) }
            origin.append(nil)
        }
        let errors = try compileErrors(source, origin: origin, name: "doc")
        let located = errors.map { e -> String in
            guard let n = Int(e.split(separator: ":")[1]), n >= 1, n <= places.count else { return e }
            return places[n - 1] + ": " + e.components(separatedBy: ": ").dropFirst().joined(separator: ": ")
        }
        #expect(errors.isEmpty, "doc examples that are not Swift (\(errors.count)):\n\(located.joined(separator: "\n"))")
    }
}
