// Reference solution of exercise 5. A drop-in for Sources/Exercises/Exercise05_IdentityBlock.swift;
// `resnet-lab solution 5` shows it once your own version passes.
import ResNetKit

public func makeIdentityBlock(kernelSize f: Int, filters: [Int], stage: Int, block: String) throws -> Layer {
    guard filters.count == 3 else {
        throw ResNetError(.invalidArgument, "makeIdentityBlock: filters must be [F1, F2, F3]; received \(filters)")
    }
    let conv = "res\(stage)\(block)_branch", bn = "bn\(stage)\(block)_branch"
    return ResidualBlock(
        main: [
            try Conv2D(filters: filters[0], kernelSize: 1, padding: .valid, name: conv + "2a"),
            try BatchNormalization(name: bn + "2a"), Activation(.relu),
            try Conv2D(filters: filters[1], kernelSize: Size2(f, f), padding: .same, name: conv + "2b"),
            try BatchNormalization(name: bn + "2b"), Activation(.relu),
            try Conv2D(filters: filters[2], kernelSize: 1, padding: .valid, name: conv + "2c"),
            try BatchNormalization(name: bn + "2c"),
        ], shortcut: [], post: Activation(.relu), name: "res\(stage)\(block)")  // empty shortcut: x itself
}
