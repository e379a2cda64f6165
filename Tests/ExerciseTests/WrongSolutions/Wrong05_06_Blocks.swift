// Plausible wrong solutions of exercises 5 (identity block) and 6 (convolutional block).
import ExerciseSolutions
import ResNetKit

/// The seed's bottleneck main path, with options for the mistakes below.
private func bottleneck(
    _ f: Int, _ filters: [Int], _ stage: Int, _ block: String, strides s: Int = 1,
    strideOn3x3: Bool = false, reluAfterLastBN: Bool = false, misspell: Bool = false
) throws -> [Layer] {
    let conv = misspell ? "res_\(stage)\(block)_branch" : "res\(stage)\(block)_branch", bn = "bn\(stage)\(block)_branch"
    return [
        try Conv2D(filters: filters[0], kernelSize: 1, strides: strideOn3x3 ? 1 : Size2(s, s), name: conv + "2a"),
        try BatchNormalization(name: bn + "2a"), Activation(.relu),
        try Conv2D(filters: filters[1], kernelSize: Size2(f, f), strides: strideOn3x3 ? Size2(s, s) : 1, padding: .same, name: conv + "2b"),
        try BatchNormalization(name: bn + "2b"), Activation(.relu),
        try Conv2D(filters: filters[2], kernelSize: 1, name: conv + "2c"),
        try BatchNormalization(name: bn + "2c"),
    ] + (reluAfterLastBN ? [Activation(.relu)] : [])
}

enum Wrong05 {
    /// The main path alone (then ReLU): the forgotten shortcut.
    @Sendable static func forgottenShortcut(kernelSize f: Int, filters: [Int], stage: Int, block: String) throws -> Layer {
        Sequential(try bottleneck(f, filters, stage, block) + [Activation(.relu)])
    }

    @Sendable static func reluBeforeAdd(kernelSize f: Int, filters: [Int], stage: Int, block: String) throws -> Layer {
        ResidualBlock(main: try bottleneck(f, filters, stage, block, reluAfterLastBN: true))
    }

    /// Layers named res_2b_branch2a instead of the seed's res2b_branch2a.
    @Sendable static func misnamedLayers(kernelSize f: Int, filters: [Int], stage: Int, block: String) throws -> Layer {
        ResidualBlock(main: try bottleneck(f, filters, stage, block, misspell: true))
    }
}

enum Wrong06 {
    private static func shortcut(_ filters: [Int], _ stage: Int, _ block: String, _ s: Int, bn: Bool = true) throws -> [Layer] {
        [try Conv2D(filters: filters[2], kernelSize: 1, strides: Size2(s, s), name: "res\(stage)\(block)_branch1")]
            + (bn ? [try BatchNormalization(name: "bn\(stage)\(block)_branch1")] : [])
    }

    @Sendable static func strideOn3x3(kernelSize f: Int, filters: [Int], stage: Int, block: String, strides s: Int) throws -> Layer {
        ResidualBlock(
            main: try bottleneck(f, filters, stage, block, strides: s, strideOn3x3: true),
            shortcut: try shortcut(filters, stage, block, s))
    }

    @Sendable static func shortcutWithoutBN(kernelSize f: Int, filters: [Int], stage: Int, block: String, strides s: Int) throws -> Layer {
        ResidualBlock(main: try bottleneck(f, filters, stage, block, strides: s), shortcut: try shortcut(filters, stage, block, s, bn: false))
    }

    /// The identity block's shortcut where the shape changes: Add cannot match the shapes.
    @Sendable static func identityShortcut(kernelSize f: Int, filters: [Int], stage: Int, block: String, strides s: Int) throws -> Layer {
        ResidualBlock(main: try bottleneck(f, filters, stage, block, strides: s))
    }
}
