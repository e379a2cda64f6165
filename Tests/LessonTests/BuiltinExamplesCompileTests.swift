// One API: every builtin of the lab is a Swift function or type of ResNetKit or Lab, called
// at the prompt with the same labels as in Swift. Proof: each builtin's `:help` example,
// with the defaulted arguments it leaves out, type-checks as Swift against the package's
// modules (the names an example assumes — a model, a dataset — are declared first).

import Foundation
import Testing
@testable import Lab

/// Declarations of the names the examples assume, so each example type-checks on its own.
private let assumedNames = """
    func placeholder<T>() -> T { fatalError() }
    let train: Dataset = placeholder(), test: Dataset = placeholder()
    let model: Model = placeholder(), plain: Model = placeholder(), twin: Model = placeholder()
    let block: Layer = placeholder(), conv: Layer = placeholder()
    let x: Tensor = placeholder(), y: Tensor = placeholder(), z: Tensor = placeholder(), fx: Tensor = placeholder()
    let a: Tensor = placeholder(), b: Tensor = placeholder(), w: Tensor = placeholder()
    let images: Tensor = placeholder(), labels: Tensor = placeholder(), probs: Tensor = placeholder()
    let history: History = placeholder(), h20: History = placeholder(), h56: History = placeholder()
    let plain20History: History = placeholder(), plain56History: History = placeholder()
    let testAccuracy: Float = placeholder(), xTest: Tensor = placeholder(), schedule: LearningRateSchedule = placeholder()
    let rungs: [(name: String, recipe: SpeedrunRecipe)] = placeholder()

    """

@Suite("One API: every builtin's example is Swift")
struct BuiltinExamplesCompileTests {
    @Test("each builtin's example type-checks against ResNetKit and Lab")
    func examplesCompile() throws {
        let builtins = Builtins.shared.all.values.sorted { $0.name < $1.name }.filter { !$0.example.isEmpty }
        #expect(builtins.count >= 60)
        var source = "import Foundation\nimport ResNetKit\nimport Lab\n" + assumedNames
        var origin: [Int?] = Array(repeating: nil, count: source.components(separatedBy: "\n").count - 1)
        var names: [String] = []
        for (k, b) in builtins.enumerated() {
            source += "do {\n" + b.example + "\n}\n"
            origin += [nil] + b.example.components(separatedBy: "\n").map { _ in k + 1 } + [nil]
            names.append(b.name)
        }
        let errors = try compileErrors(source, origin: origin, name: "example")
        let described = errors.map { e -> String in
            guard let n = Int(e.split(separator: ":")[1]), n >= 1, n <= names.count else { return e }
            return "\(names[n - 1]): \(e.components(separatedBy: ": ").dropFirst().joined(separator: ": "))"
        }
        #expect(errors.isEmpty, "examples that are not Swift:\n\(described.joined(separator: "\n"))")
    }
}
