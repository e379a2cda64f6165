// Reference solution of exercise 6. A drop-in for Sources/Exercises/Exercise06_ConvolutionalBlock.swift;
// `resnet-lab solution 6` shows it once your own version passes.
import ResNetKit

public func makeConvolutionalBlock(
    kernelSize f: Int, filters: [Int], stage: Int, block: String,
    strides s: Int = 2
) throws -> Layer {
    guard filters.count == 3 else {
        throw ResNetError(.invalidArgument, "makeConvolutionalBlock: filters must be [F1, F2, F3]; received \(filters)")
    }
    let conv = "res\(stage)\(block)_branch", bn = "bn\(stage)\(block)_branch"
    return ResidualBlock(
        main: [
            try Conv2D(filters: filters[0], kernelSize: 1, strides: Size2(s, s), padding: .valid, name: conv + "2a"),
            try BatchNormalization(name: bn + "2a"), Activation(.relu),
            try Conv2D(filters: filters[1], kernelSize: Size2(f, f), padding: .same, name: conv + "2b"),
            try BatchNormalization(name: bn + "2b"), Activation(.relu),
            try Conv2D(filters: filters[2], kernelSize: 1, padding: .valid, name: conv + "2c"),
            try BatchNormalization(name: bn + "2c"),
        ],
        shortcut: [
            // The projection: the same stride as the main path, so the two shapes match.
            try Conv2D(filters: filters[2], kernelSize: 1, strides: Size2(s, s), padding: .valid, name: conv + "1"),
            try BatchNormalization(name: bn + "1"),
        ], post: Activation(.relu), name: "res\(stage)\(block)")
}
