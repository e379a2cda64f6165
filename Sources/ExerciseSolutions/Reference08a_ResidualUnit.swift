// Reference solution of exercise 8a. A drop-in for Sources/Exercises/Exercise08a_ResidualUnit.swift;
// `resnet-lab solution 8a` shows it once your own version passes.
import ResNetKit

public func makeResidualUnit(filters: Int, stride: Int = 1) throws -> Layer {
    guard filters > 0, stride > 0 else {
        throw ResNetError(.invalidArgument, "makeResidualUnit: filters and stride must be positive; received \(filters), \(stride)")
    }
    let l2 = Regularizer.l2(1e-4)
    let main: [Layer] = [
        try Conv2D(
            filters: filters, kernelSize: 3, strides: Size2(stride, stride), padding: .same,
            useBias: false, kernelRegularizer: l2, name: "conv_a"),
        try BatchNormalization(name: "bn_a"), Activation(.relu),
        try Conv2D(filters: filters, kernelSize: 3, padding: .same, useBias: false, kernelRegularizer: l2, name: "conv_b"),
        try BatchNormalization(name: "bn_b"),
    ]
    // Down-sampling: average each s×s patch first, then project the channels (seed 004's choice
    // over a strided 1×1 convolution, which would drop three of every four pixels).
    let shortcut: [Layer] =
        stride == 1
        ? []
        : [
            try AveragePooling2D(poolSize: Size2(stride, stride)),
            try Conv2D(filters: filters, kernelSize: 1, useBias: false, kernelRegularizer: l2, name: "shortcut_conv"),
            try BatchNormalization(name: "shortcut_bn"),
        ]
    return ResidualBlock(main: main, shortcut: shortcut, post: Activation(.relu))
}
