// Layer and block builtins, with Keras's argument names and defaults.

import ResNetKit

extension Builtins {
    func registerLayers() {
        func initializer(_ a: Args, _ name: String, _ fallback: Initializer) throws -> Initializer {
            guard a.has(name) else { return fallback }
            switch try a.string(name) {
            case "glorotUniform", "glorot_uniform": return .glorotUniform()
            case "glorotNormal", "glorot_normal": return .glorotNormal()
            case "heNormal", "he_normal": return .heNormal()
            case "heUniform", "he_uniform": return .heUniform()
            case "zeros": return .zeros
            case "ones": return .ones
            case let other: throw LabError("\(name) has no initializer .\(other); use .glorotUniform, .heNormal, .heUniform, .glorotNormal, .zeros or .ones")
            }
        }
        func regularizer(_ a: Args) throws -> Regularizer? { try a.nullable("kernelRegularizer") { try a.native($0, Regularizer.self) } }
        add(
            "layers",
            [
                "Conv2D(filters: Int, kernelSize: Size, strides: Size = 1, padding: Padding = .valid, useBias: Bool = true, kernelInitializer: Initializer = .glorotUniform, kernelRegularizer: Regularizer? = nil, name: String? = nil)"
            ],
            doc: "2-D convolution on NHWC input: im2col + one GEMM. Kernel (KH, KW, Cin, filters). Output size: ⌊(in − k)/s⌋ + 1 for .valid, ⌈in/s⌉ for .same.",
            example: "let conv = try Conv2D(filters: 64, kernelSize: 7, strides: 2, name: \"conv1\")", isType: true
        ) { a in
            .native(
                try Conv2D(
                    filters: a.int("filters"), kernelSize: a.size("kernelSize"), strides: try a.optional("strides", a.size) ?? 1,
                    padding: try a.optional("padding") { try a.choice($0, Padding.self) } ?? .valid, useBias: try a.optional("useBias", a.bool) ?? true,
                    kernelInitializer: initializer(a, "kernelInitializer", .glorotUniform()), kernelRegularizer: regularizer(a),
                    name: try a.optional("name", a.string)) as Layer)
        }
        add(
            "layers", ["BatchNormalization(axis: Int = -1, momentum: Float = 0.99, epsilon: Float = 0.001, name: String? = nil)"],
            doc: "Normalises each channel: batch statistics in training, moving statistics in inference. gamma, beta trainable; moving_mean, moving_variance not.",
            example: "let bn = try BatchNormalization(name: \"bn_conv1\")", isType: true
        ) { a in
            .native(
                try BatchNormalization(
                    axis: try a.optional("axis", a.int) ?? -1, momentum: try a.optional("momentum", a.float) ?? 0.99,
                    epsilon: try a.optional("epsilon", a.float) ?? 1e-3, name: try a.optional("name", a.string)) as Layer)
        }
        add(
            "layers", ["Activation(_ function: ActivationFunction, name: String? = nil)"],
            doc: "relu, sigmoid, tanh, softmax or linear, elementwise (softmax over the last axis).",
            example: "let relu = Activation(.relu)", isType: true
        ) { a in
            .native(Activation(try a.choice("function", ActivationFunction.self), name: try a.optional("name", a.string)) as Layer)
        }
        add(
            "layers",
            [
                "Dense(units: Int, activation: ActivationFunction = .linear, useBias: Bool = true, kernelInitializer: Initializer = .glorotUniform, kernelRegularizer: Regularizer? = nil, name: String? = nil)"
            ],
            doc: "Fully connected: y = f(x·W + b) on the last axis.", example: "let fc = try Dense(units: 10, activation: .softmax)", isType: true
        ) { a in
            .native(
                try Dense(
                    units: a.int("units"), activation: try a.optional("activation") { try a.choice($0, ActivationFunction.self) } ?? .linear,
                    useBias: try a.optional("useBias", a.bool) ?? true, kernelInitializer: initializer(a, "kernelInitializer", .glorotUniform()),
                    kernelRegularizer: regularizer(a), name: try a.optional("name", a.string)) as Layer)
        }
        add(
            "layers", ["MaxPooling2D(poolSize: Size = 2, strides: Size? = nil, padding: Padding = .valid, name: String? = nil)"],
            doc: "The largest value of each window; strides default to the pool size.", example: "let pool = try MaxPooling2D(poolSize: 3, strides: 2)", isType: true
        ) { a in
            .native(
                try MaxPooling2D(
                    poolSize: try a.optional("poolSize", a.size) ?? 2, strides: try a.optional("strides", a.size),
                    padding: try a.optional("padding") { try a.choice($0, Padding.self) } ?? .valid, name: try a.optional("name", a.string)) as Layer)
        }
        add(
            "layers", ["AveragePooling2D(poolSize: Size = 2, strides: Size? = nil, padding: Padding = .valid, name: String? = nil)"],
            doc: "The mean of each window (with .same padding, padded cells are left out of the mean).", example: "let pool = try AveragePooling2D(poolSize: 8)", isType: true
        ) { a in
            .native(
                try AveragePooling2D(
                    poolSize: try a.optional("poolSize", a.size) ?? 2, strides: try a.optional("strides", a.size),
                    padding: try a.optional("padding") { try a.choice($0, Padding.self) } ?? .valid, name: try a.optional("name", a.string)) as Layer)
        }
        add(
            "layers", ["GlobalAveragePooling2D(name: String? = nil)"], doc: "The mean over height and width of each channel: (N, H, W, C) → (N, C).",
            example: "let gap = GlobalAveragePooling2D()", isType: true
        ) { a in .native(GlobalAveragePooling2D(name: try a.optional("name", a.string)) as Layer) }
        add("layers", ["Flatten(name: String? = nil)"], doc: "(N, H, W, C) → (N, H·W·C).", example: "let flat = Flatten()", isType: true) { a in
            .native(Flatten(name: try a.optional("name", a.string)) as Layer)
        }
        add("layers", ["ZeroPadding2D(padding: Size = 1, name: String? = nil)"], doc: "Zeros around each image.", example: "let pad = try ZeroPadding2D(padding: 3)", isType: true)
        { a in
            .native(try ZeroPadding2D(padding: try a.optional("padding", a.size) ?? 1, name: try a.optional("name", a.string)) as Layer)
        }
        add("layers", ["Add(name: String? = nil)"], doc: "Adds a list of same-shaped tensors: the residual connection.", example: "let y = try Add()([fx, x])", isType: true) { a in
            .native(Add(name: try a.optional("name", a.string)))
        }
        add(
            "layers", ["Regularizer.l2(_ factor: Float)"], doc: "Adds factor·Σw² to the loss (Keras's l2, no ½).",
            example: "let conv = try Conv2D(filters: 16, kernelSize: 3, kernelRegularizer: Regularizer.l2(1e-4))"
        ) { a in
            .native(Regularizer.l2(try a.float("factor")))
        }
        addType("Regularizer")
        add(
            "blocks", ["identityBlock(kernelSize: Int, filters: [Int], stage: Int, block: String)"],
            doc: "Seed 002's identity block: 1×1 → f×f → 1×1 bottleneck plus the unchanged input, then ReLU.",
            example: "let block = try identityBlock(kernelSize: 3, filters: [64, 64, 256], stage: 2, block: \"b\")"
        ) { a in
            .native(try identityBlock(kernelSize: a.int("kernelSize"), filters: a.ints("filters"), stage: a.int("stage"), block: a.string("block")) as Layer)
        }
        add(
            "blocks", ["convolutionalBlock(kernelSize: Int, filters: [Int], stage: Int, block: String, strides: Int = 2)"],
            doc: "Seed 002's convolutional block: the bottleneck with a strided projection shortcut (1×1 conv + BN).",
            example: "let block = try convolutionalBlock(kernelSize: 3, filters: [128, 128, 512], stage: 3, block: \"a\")"
        ) { a in
            .native(
                try convolutionalBlock(
                    kernelSize: a.int("kernelSize"), filters: a.ints("filters"), stage: a.int("stage"), block: a.string("block"), strides: try a.optional("strides", a.int) ?? 2)
                    as Layer)
        }
        add(
            "blocks", ["residualUnit(filters: Int, stride: Int = 1)"],
            doc: "Seed 004's unit: two 3×3 convs with BN; a stride-2 unit's shortcut is average pooling + 1×1 conv + BN.",
            example: "let unit = try residualUnit(filters: 32, stride: 2)"
        ) { a in
            .native(try residualUnit(filters: a.int("filters"), stride: try a.optional("stride", a.int) ?? 1) as Layer)
        }
    }
}
