// Tensor builtins: creation, arithmetic helpers, files.

import Foundation
import ResNetKit

extension Builtins {
    func registerTensor() {
        addType("Tensor")
        add(
            "tensors",
            [
                Signature("Tensor(shape: [Int], scalars: [Float])") { a in
                    .tensor(try Tensor(shape: a.ints("shape"), scalars: a.tensor("scalars").scalars))
                },
                Signature("Tensor(_ values: [Float])") { a in .tensor(try a.tensor("values")) },
            ], doc: "A tensor of 32-bit floats in NHWC order, from a shape and its values or from (nested) arrays.",
            example: "let x = try Tensor([[1, 2], [3, 4]])", isType: true)

        let shapeDoc = "Shapes are lists of sizes, batch first: [N, H, W, C]."
        add("tensors", ["Tensor.zeros(_ shape: [Int])"], doc: "A tensor of zeros. " + shapeDoc, example: "let x = try Tensor.zeros([2, 32, 32, 3])") { a in
            .tensor(try .zeros(a.ints("shape")))
        }
        add("tensors", ["Tensor.ones(_ shape: [Int])"], doc: "A tensor of ones.", example: "let gamma = try Tensor.ones([16])") { a in
            .tensor(try .ones(a.ints("shape")))
        }
        add("tensors", ["Tensor.constant(_ value: Float, _ shape: [Int])"], doc: "A tensor filled with one value.", example: "let half = try Tensor.constant(0.5, [3, 3])") { a in
            .tensor(try .constant(a.float("value"), a.ints("shape")))
        }
        add(
            "tensors", ["Tensor.linspace(_ start: Float, _ stop: Float, count: Int, shape: [Int]? = nil)"],
            doc: "Evenly spaced values from start to stop inclusive (NumPy's linspace), optionally reshaped.",
            example: "let x = try Tensor.linspace(-1, 1, count: 12, shape: [1, 2, 2, 3])"
        ) { a in
            .tensor(try .linspace(a.float("start"), a.float("stop"), count: a.int("count"), shape: try a.optional("shape", a.ints)))
        }
        add(
            "tensors", ["Tensor.arange(_ count: Int, shape: [Int]? = nil)"], doc: "0, 1, 2, … count−1, optionally reshaped.",
            example: "let x = try Tensor.arange(24, shape: [2, 3, 4])"
        ) { a in
            .tensor(try .arange(a.int("count"), shape: try a.optional("shape", a.ints)))
        }
        add(
            "tensors", ["Tensor.randomNormal(_ shape: [Int], mean: Float = 0, stddev: Float = 1, seed: Int)"],
            doc: "Normal samples from the lab's own seeded generator: the same seed gives the same numbers everywhere.",
            example: "let x = try Tensor.randomNormal([8, 32, 32, 3], seed: 0)"
        ) { a in
            .tensor(
                try .randomNormal(
                    a.ints("shape"), mean: try a.optional("mean", a.float) ?? 0, stddev: try a.optional("stddev", a.float) ?? 1, seed: UInt64(truncatingIfNeeded: a.int("seed"))))
        }
        add(
            "tensors", ["Tensor.randomUniform(_ shape: [Int], minval: Float = 0, maxval: Float = 1, seed: Int)"],
            doc: "Uniform samples in [minval, maxval).", example: "let u = try Tensor.randomUniform([4], minval: -1, maxval: 1, seed: 3)"
        ) { a in
            .tensor(
                try .randomUniform(
                    a.ints("shape"), minval: try a.optional("minval", a.float) ?? 0, maxval: try a.optional("maxval", a.float) ?? 1, seed: UInt64(truncatingIfNeeded: a.int("seed"))
                ))
        }
        add(
            "tensors", ["Tensor.truncatedNormal(_ shape: [Int], mean: Float = 0, stddev: Float = 1, seed: Int)"],
            doc: "Normal samples redrawn beyond two standard deviations (he_normal uses it).", example: "let w = try Tensor.truncatedNormal([3, 3, 16, 16], stddev: 0.1, seed: 1)"
        ) { a in
            .tensor(
                try .truncatedNormal(
                    a.ints("shape"), mean: try a.optional("mean", a.float) ?? 0, stddev: try a.optional("stddev", a.float) ?? 1, seed: UInt64(truncatingIfNeeded: a.int("seed"))))
        }
        add(
            "tensors", ["Tensor.concatenate(_ parts: [Tensor])"], doc: "Joins tensors along the first (batch) axis.",
            example: "let both = try Tensor.concatenate([a, b])"
        ) { a in
            guard case .array(let items) = a["parts"]! else { throw LabError("Tensor.concatenate expects an array of tensors") }
            return .tensor(try .concatenate(items.map { try $0.tensor("Tensor.concatenate") }))
        }
        add("files", ["Tensor.readNpy(path: String)"], doc: "Reads a NumPy .npy file.", example: "let w = try Tensor.readNpy(path: \"kernel.npy\")") { a in
            .tensor(try .readNpy(path: a.string("path")))
        }
        add(
            "tensors", ["matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false)"],
            doc: "Matrix product of two 2-D tensors through OpenBLAS's sgemm.", example: "let y = try matmul(x, w)"
        ) { a in
            .tensor(try matmul(a.tensor("a"), a.tensor("b"), transposeA: try a.optional("transposeA", a.bool) ?? false, transposeB: try a.optional("transposeB", a.bool) ?? false))
        }
        add(
            "tensors", ["oneHot(_ labels: Tensor, classes: Int)"], doc: "One-hot rows from class indices.",
            example: "let targets = try oneHot(Tensor([2, 0]), classes: 3)"
        ) { a in
            .tensor(try oneHot(a.tensor("labels"), classes: a.int("classes")))
        }
    }
}
