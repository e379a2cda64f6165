// Builtins that lessons need beyond the engine's own API: small, slow-but-obvious helpers
// that make one idea visible in a cell (setting a layer's weights to a reference's values,
// im2col written out, one backward pass, several training curves on one plot).

import Foundation
import ResNetKit

extension Builtins {
    func registerLessonHelpers() {
        add(
            "layers", ["setWeights(_ layer: Layer, _ weights: [Tensor])"],
            doc:
                "Keras's layer.set_weights: replaces a built layer's weights, in the order of layer.parameters (Conv2D/Dense: kernel, bias; BatchNormalization: gamma, beta, moving_mean, moving_variance). Shapes must match.",
            example: "try setWeights(conv, [Tensor.ones([3, 3, 1, 1]), Tensor([0.5])])"
        ) { a in
            guard case .array(let items)? = a["weights"]?.unwrapped else { throw LabError("setWeights expects a list of tensors, one per parameter") }
            try setWeights(a.native("layer", Layer.self), try items.map { try $0.tensor("setWeights") })
            return .void
        }

        add(
            "layers", ["getWeights(_ layer: Layer)"],
            doc: "Keras's layer.get_weights: a layer's (or a whole model's) weights in the order of layer.parameters — what setWeights takes back.",
            example: "try setWeights(twin, getWeights(model))"
        ) { a in
            .array(getWeights(try a.native("layer", Layer.self)).map { .tensor($0) })
        }
        add(
            "training", ["EpochShuffler(count: Int, seed: UInt64 = 0, shuffle: Bool = true)"],
            doc:
                "The order in which fit visits the training images, epoch after epoch: nextEpoch() gives a permutation of 0..<count from the seed, as FitOptions(seed:) shuffles. For a training loop written by hand.",
            example: "let shuffler = EpochShuffler(count: 3000, seed: 1)", isType: true
        ) { a in
            .native(
                EpochShuffler(
                    count: try a.int("count"), seed: UInt64(truncatingIfNeeded: try a.optional("seed", a.int) ?? 0),
                    shuffle: try a.optional("shuffle", a.bool) ?? true))
        }
        add(
            "layers", ["getLayer(_ model: Layer, name: String)"],
            doc: "Keras's model.get_layer(name): the layer of that name inside a model or block — a leaf layer (conv, BN, …) or one of a model's top-level blocks.",
            example: "let bn = try getLayer(block, name: \"bn2b_branch2c\")"
        ) { a in
            .native(try getLayer(a.native("model", Layer.self), name: a.string("name")))
        }

        add(
            "layers", ["im2col(_ x: Tensor, kernelSize: Size, strides: Size = 1, padding: Padding = .valid)"],
            doc:
                "The patches a convolution multiplies, one row per output pixel: (N·OH·OW, KH·KW·C), entry (kh·KW + kw)·C + c — the layout of the kernel reshaped to (KH·KW·C, filters). matmul(im2col(x, …), kernel) is the convolution. Written out plainly here; the engine's own version is the fast one inside Conv2D.",
            example: "let cols = try im2col(Tensor.arange(16, shape: [1, 4, 4, 1]), kernelSize: 3)"
        ) { a in
            .tensor(
                try im2col(
                    a.tensor("x"), kernelSize: a.size("kernelSize"), strides: try a.optional("strides", a.size) ?? 1,
                    padding: try a.optional("padding") { try a.choice($0, Padding.self) } ?? .valid))
        }

        add(
            "training", ["backpropagate(_ model: Model, x: Tensor, labels: Tensor)"],
            doc:
                "One training step without the update: a training-mode forward pass to the logits, crossentropy against labels (class indices or one-hot), every gradient zeroed, then the backward pass that fills them. Returns the loss; :grads model and gradientBars(model) show the result.",
            example: "try backpropagate(model, x: Tensor.randomNormal([8, 32, 32, 3], seed: 1), labels: Tensor([0, 1, 2, 3, 4, 5, 6, 7]))"
        ) { a in
            .float(try backpropagate(a.native("model", Model.self), x: a.tensor("x"), labels: a.tensor("labels")))
        }

        add(
            "pictures", ["plotHistories(_ histories: [History], names: [String], figure: String = \"loss\", logY: Bool = false, svg: String? = nil)"],
            doc: "One figure (loss, accuracy, …) of several training runs on one plot, one line per run: models compared as in the paper's Figure 1.",
            example: "try plotHistories([h20, h56], names: [\"plain-20\", \"plain-56\"])"
        ) { a in
            guard case .array(let hs)? = a["histories"]?.unwrapped, case .array(let ns)? = a["names"]?.unwrapped else {
                throw LabError("plotHistories expects a list of histories and a list of names")
            }
            return .native(
                try plotHistories(
                    try hs.map { try $0.native(History.self, "plotHistories") }, names: try ns.map { try $0.string("plotHistories' names") },
                    figure: try a.optional("figure", a.string) ?? "loss", logY: try a.optional("logY", a.bool) ?? false,
                    svg: try a.optional("svg", a.string)))
        }

        add(
            "data", ["augment(_ images: Tensor, with generator: ImageDataGenerator, seed: UInt64 = 0)"],
            doc:
                "The images as fit(options: FitOptions(augmentation:)) would see them in one batch: each randomly shifted (nearest fill) and flipped by the generator, from the seed's own random stream. For looking at what augmentation does.",
            example: "try showImages(augment(train.images[0..<5], with: ImageDataGenerator(widthShiftRange: 0.1, heightShiftRange: 0.1, horizontalFlip: true)))"
        ) { a in
            .tensor(
                try augment(
                    a.tensor("images"), with: a.native("generator", ImageDataGenerator.self),
                    seed: UInt64(truncatingIfNeeded: try a.optional("seed", a.int) ?? 0)))
        }

        add(
            "training", ["atLeast(_ value: Float, _ bound: Float)"],
            doc:
                "True when value ≥ bound. Lessons state a fact about a figure that varies from machine to machine (an accuracy after training) this way, rather than printing the figure itself.",
            example: "atLeast(testAccuracy, 0.75)"
        ) { a in
            .bool(atLeast(try a.float("value"), try a.float("bound")))
        }

        add(
            "training", ["isLower(_ a: History, than b: History, figure: String = \"loss\", lastEpochs: Int = 3)"],
            doc:
                "True when run a ended lower than run b: the mean of the last lastEpochs values of figure (default: the training loss). A noisy curve's last value alone can mislead; the mean of a few does not.",
            example: "try isLower(plain20History, than: plain56History)"
        ) { a in
            .bool(
                try isLower(
                    a.native("a", History.self), than: a.native("b", History.self), figure: try a.optional("figure", a.string) ?? "loss",
                    lastEpochs: try a.optional("lastEpochs", a.int) ?? 3))
        }

        add(
            "files", ["safetensorsContents(path: String)"],
            doc:
                "What a .safetensors file holds, as Python's safetensors.numpy.load_file sees it: each tensor's name and shape (sorted by name), then the metadata keys. Reads files from any tool.",
            example: "try safetensorsContents(path: \"resnet20.safetensors\")"
        ) { a in
            .string(try safetensorsContents(path: a.string("path")))
        }
    }
}

/// im2col on NHWC, written for reading rather than speed:
/// cols[(n·OH + oh)·OW + ow, (kh·KW + kw)·C + c] = x[n, oh·sh − padTop + kh, ow·sw − padLeft + kw, c], 0 outside.
/// Padding follows TensorFlow: "same" gives out = ⌈in/s⌉ with the odd extra row/column at the bottom/right.
func im2colReference(_ x: Tensor, kernel: Size2, strides: Size2, padding: Padding) throws -> Tensor {
    guard x.rank == 4 else { throw LabError("im2col expects an NHWC tensor (N, H, W, C), received shape \(describeShape(x.shape))") }
    guard kernel.height > 0, kernel.width > 0, strides.height > 0, strides.width > 0 else {
        throw LabError("im2col: kernelSize and strides must be positive, received kernelSize=\(kernel), strides=\(strides)")
    }
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    func axis(_ size: Int, _ k: Int, _ s: Int) -> (out: Int, before: Int) {
        switch padding {
        case .valid: return (size >= k ? (size - k) / s + 1 : 0, 0)
        case .same:
            let out = (size + s - 1) / s
            return (out, max((out - 1) * s + k - size, 0) / 2)
        }
    }
    let (oh, top) = axis(h, kernel.height, strides.height), (ow, left) = axis(w, kernel.width, strides.width)
    guard oh > 0, ow > 0 else { throw LabError("im2col: a \(h)×\(w) input is smaller than the \(kernel.height)×\(kernel.width) window with padding .\(padding.rawValue)") }
    let k = kernel.height * kernel.width * c
    var cols = [Float](repeating: 0, count: n * oh * ow * k)
    for img in 0..<n {
        for y in 0..<oh {
            for xo in 0..<ow {
                let row = (img * oh + y) * ow + xo
                for dy in 0..<kernel.height {
                    for dx in 0..<kernel.width {
                        let iy = y * strides.height - top + dy, ix = xo * strides.width - left + dx
                        guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                        for ch in 0..<c {
                            cols[row * k + (dy * kernel.width + dx) * c + ch] = x.scalars[((img * h + iy) * w + ix) * c + ch]
                        }
                    }
                }
            }
        }
    }
    return try Tensor(shape: [n * oh * ow, k], scalars: cols)
}
