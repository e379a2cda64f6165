// Model builtins: the seeds' networks and their plain twins.

import ResNetKit

extension Builtins {
    func registerModels() {
        func activation(_ a: Args) throws -> ActivationFunction { try a.optional("activation") { try a.choice($0, ActivationFunction.self) } ?? .relu }
        /// The seed's l2(1e-4) unless given (nil: none).
        func regularizer(_ a: Args) throws -> Regularizer? {
            a.has("kernelRegularizer") ? try a.nullable("kernelRegularizer") { try a.native($0, Regularizer.self) } : .l2(1e-4)
        }
        add(
            "models",
            [
                "ResNetV1(depth: Int, inputShape: [Int] = [32, 32, 3], classes: Int = 10, batchNormalization: Bool = true, activation: ActivationFunction = .relu, shortcut: Shortcut = .projection, useBias: Bool = true, kernelRegularizer: Regularizer? = .l2(1e-4))"
            ],
            doc: "Seed 003's ResNet v1 of depth 6n + 2 (20, 32, 44, 56, 110). shortcut: .zeroPadding with useBias: false is the paper's own network (Table 6).",
            example: "let model = try ResNetV1(depth: 20)"
        ) { a in
            .native(
                try ResNetV1(
                    depth: a.int("depth"), inputShape: try a.optional("inputShape", a.ints) ?? [32, 32, 3], classes: try a.optional("classes", a.int) ?? 10,
                    batchNormalization: try a.optional("batchNormalization", a.bool) ?? true, activation: activation(a),
                    shortcut: try a.optional("shortcut") { try a.choice($0, Shortcut.self) } ?? .projection, useBias: try a.optional("useBias", a.bool) ?? true,
                    kernelRegularizer: regularizer(a)))
        }
        add(
            "models",
            [
                "PlainNet(depth: Int, inputShape: [Int] = [32, 32, 3], classes: Int = 10, batchNormalization: Bool = true, activation: ActivationFunction = .relu, kernelRegularizer: Regularizer? = .l2(1e-4))"
            ],
            doc: "ResNetV1's plain twin: the same layers without shortcuts (the paper's plain-20/56).",
            example: "let plain = try PlainNet(depth: 56, batchNormalization: false, activation: .sigmoid)"
        ) { a in
            .native(
                try PlainNet(
                    depth: a.int("depth"), inputShape: try a.optional("inputShape", a.ints) ?? [32, 32, 3], classes: try a.optional("classes", a.int) ?? 10,
                    batchNormalization: try a.optional("batchNormalization", a.bool) ?? true, activation: activation(a),
                    kernelRegularizer: regularizer(a)))
        }
        add(
            "models", ["ResNetV2(depth: Int, inputShape: [Int] = [32, 32, 3], classes: Int = 10)"],
            doc: "Seed 003's ResNet v2 of depth 9n + 2 (29, 56, 110), with pre-activation bottleneck units.", example: "let model = try ResNetV2(depth: 29)"
        ) { a in
            .native(try ResNetV2(depth: a.int("depth"), inputShape: try a.optional("inputShape", a.ints) ?? [32, 32, 3], classes: try a.optional("classes", a.int) ?? 10))
        }
        add(
            "models", ["ResNet20(inputShape: [Int] = [32, 32, 3], classes: Int = 10)"],
            doc: "Seed 004's ResNet-20 with average-pool projection shortcuts.", example: "let model = try ResNet20(inputShape: [32, 32, 1])"
        ) { a in
            .native(try ResNet20(inputShape: try a.optional("inputShape", a.ints) ?? [32, 32, 3], classes: try a.optional("classes", a.int) ?? 10))
        }
        add(
            "models", ["ResNet50(inputShape: [Int] = [64, 64, 3], classes: Int = 6)"],
            doc: "Seed 002's ResNet-50: bottleneck stages [3, 4, 6, 3].", example: "let model = try ResNet50(inputShape: [64, 64, 3], classes: 6)"
        ) { a in
            .native(try ResNet50(inputShape: try a.optional("inputShape", a.ints) ?? [64, 64, 3], classes: try a.optional("classes", a.int) ?? 6))
        }
        add(
            "models", ["Model(name: String, inputShape: [Int], layers: [Layer])"],
            doc: "A network from a list of layers and blocks, built for one sample of inputShape.",
            example: "let m = try Model(name: \"tiny\", inputShape: [28, 28, 1], layers: [Conv2D(filters: 8, kernelSize: 3), Flatten(), Dense(units: 10, activation: .softmax)])",
            isType: true
        ) { a in
            guard case .array(let items) = a["layers"]! else { throw LabError("Model's layers: expects an array of layers") }
            let layers = try items.map { try $0.native(Layer.self, "Model's layers") }
            return .native(try Model(name: a.string("name"), inputShape: a.ints("inputShape"), layers: layers))
        }
        add(
            "models", ["gradientCheck(_ layer: Layer, input: Tensor, training: Bool = true)"],
            doc: "Compares a layer's backward pass with central differences; relative errors near 1e-4 mean it is right.",
            example: "let report = try gradientCheck(Conv2D(filters: 2, kernelSize: 3), input: Tensor.randomNormal([2, 5, 5, 3], seed: 0))"
        ) { a in
            .native(try gradientCheck(a.native("layer", Layer.self), input: a.tensor("input"), training: try a.optional("training", a.bool) ?? true))
        }
    }
}
