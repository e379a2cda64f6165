// The learner's exercises: one file per exercise, each shipped as a stub whose body throws
// `ExerciseError.notAttempted`. `swift test` skips an exercise while it still throws that
// error, checks it against Keras's numbers once you replace the `throw` with your code, and
// `resnet-lab exercises` lists where you are. Everything here needs only `import ResNetKit`.

/// What an exercise you have not started yet throws: replace the `throw` line with your code.
///
/// ```swift
/// do { _ = try convOutputSize(inputSize: 32, kernelSize: 3, stride: 2, padding: .same) }
/// catch ExerciseError.notAttempted(let file) { print("open", file) }
/// ```
public enum ExerciseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `file` is the stub's `#fileID`, e.g. "Exercises/Exercise05_IdentityBlock.swift".
    case notAttempted(file: String)

    public var description: String {
        switch self {
        case .notAttempted(let file):
            let name = file.split(separator: "/").last.map(String.init) ?? file
            return "not attempted yet: open Sources/Exercises/\(name) and replace the `throw ExerciseError.notAttempted` line with your code"
        }
    }
}
