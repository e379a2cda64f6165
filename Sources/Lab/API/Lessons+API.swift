// Helpers lessons call beside the engine's own API, as Swift functions of the `Lab` module:
// small, slow-but-obvious code that makes one idea visible in a cell (setting a layer's
// weights, im2col written out, one backward pass, a fact stated about a varying figure).

import Foundation
import ResNetKit

/// Keras's `layer.set_weights`: replaces a built layer's weights, in the order of
/// `layer.parameters` (Conv2D/Dense: kernel, bias; BatchNormalization: gamma, beta,
/// moving_mean, moving_variance). Shapes must match.
///
/// ```swift
/// let conv = try Conv2D(filters: 1, kernelSize: 3)
/// try conv.build(inputShape: [1, 5, 5, 1])
/// try setWeights(conv, [Tensor.ones([3, 3, 1, 1]), Tensor([0.5])])
/// ```
public func setWeights(_ layer: Layer, _ weights: [Tensor]) throws {
    let params = layer.parameters
    guard !params.isEmpty else {
        throw ResNetError(.invalidState, "\(layer.kind) '\(layer.name)' has no weights yet: call it on an input, or build(inputShape:) it, first")
    }
    guard weights.count == params.count else {
        throw ResNetError(
            .invalidArgument, "\(layer.kind) '\(layer.name)' has \(params.count) weights (\(params.map(\.name).joined(separator: ", "))), received \(weights.count) tensors")
    }
    for (p, v) in zip(params, weights) { try p.assign(v, layer: "\(layer.kind) '\(layer.name)'") }
}

/// Keras's `layer.get_weights`: a layer's (or a whole model's) weights in the order of
/// `layer.parameters` — what `setWeights` takes back.
///
/// ```swift
/// let model = try ResNetV1(depth: 8)
/// let twin = try ResNetV1(depth: 8)
/// try setWeights(twin, getWeights(model))   // the same starting point
/// ```
public func getWeights(_ layer: Layer) -> [Tensor] { layer.parameters.map(\.value) }

/// Keras's `model.get_layer(name)`: the layer of that name inside a model or block — a leaf
/// layer (conv, BN, …) or one of a model's top-level blocks.
///
/// ```swift
/// let model = try ResNetV1(depth: 8)
/// let conv = try getLayer(model, name: "conv2d")
/// ```
public func getLayer(_ model: Layer, name: String) throws -> Layer {
    var candidates = model.leaves
    if let m = model as? Model { candidates = m.layers + candidates }
    if let hit = candidates.first(where: { $0.name == name }) { return hit }
    let hint = closest(to: name, in: candidates.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
    throw ResNetError(.invalidArgument, "\(model.kind) '\(model.name)' has no layer named '\(name)'\(hint)")
}

/// The patches a convolution multiplies, one row per output pixel: (N·OH·OW, KH·KW·C), entry
/// (kh·KW + kw)·C + c — the layout of the kernel reshaped to (KH·KW·C, filters).
/// `matmul(im2col(x, …), kernel)` is the convolution. Written out plainly; the engine's own
/// version is the fast one inside Conv2D.
///
/// ```swift
/// let cols = try im2col(Tensor.arange(16, shape: [1, 4, 4, 1]), kernelSize: 3)   // [4, 9]
/// ```
public func im2col(_ x: Tensor, kernelSize: Size2, strides: Size2 = 1, padding: Padding = .valid) throws -> Tensor {
    try im2colReference(x, kernel: kernelSize, strides: strides, padding: padding)
}

/// One training step without the update: a training-mode forward pass to the logits,
/// crossentropy against `labels` (class indices or one-hot), every gradient zeroed, then the
/// backward pass that fills them. Returns the loss; `gradientBars(model)` shows the result.
///
/// ```swift
/// let model = try ResNetV1(depth: 8)
/// let loss = try backpropagate(model, x: Tensor.randomNormal([2, 32, 32, 3], seed: 1), labels: Tensor([0, 1]))
/// ```
@discardableResult
public func backpropagate(_ model: Model, x: Tensor, labels: Tensor) throws -> Float {
    let classes = try model.outputShape(for: [1] + model.inputShape).last ?? 0
    let targets = labels.rank == 1 ? try oneHot(labels, classes: classes) : labels
    let z = try model.forwardLogits(x, training: true)
    let (loss, dz) = try softmaxCrossEntropy(logits: z, labels: targets)
    model.zeroGradients()
    _ = try model.backward(logitsGradient: dz)
    return loss
}

/// The images as `fit` would see them in one augmented batch: each randomly shifted (nearest
/// fill) and flipped by the generator, from the seed's own random stream.
///
/// ```swift
/// let shifted = try augment(Tensor.ones([2, 8, 8, 1]), with: ImageDataGenerator(widthShiftRange: 0.1, heightShiftRange: 0.1, horizontalFlip: true))
/// ```
public func augment(_ images: Tensor, with generator: ImageDataGenerator, seed: UInt64 = 0) throws -> Tensor {
    var batch = images
    var rng = SeededGenerator(seed: seed)
    try generator.augment(&batch, using: &rng)
    return batch
}

/// True when `value ≥ bound`. Lessons state a fact about a figure that varies from machine to
/// machine (an accuracy after training) this way, rather than printing the figure itself.
///
/// ```swift
/// atLeast(0.8, 0.75)   // true
/// ```
public func atLeast(_ value: Float, _ bound: Float) -> Bool { value >= bound }

/// True when run `a` ended lower than run `b`: the mean of the last `lastEpochs` values of
/// `figure` (default: the training loss). A noisy curve's last value alone can mislead; the
/// mean of a few does not.
///
/// ```swift
/// // try isLower(plain20History, than: plain56History)
/// ```
public func isLower(_ a: History, than b: History, figure: String = "loss", lastEpochs: Int = 3) throws -> Bool {
    guard lastEpochs >= 1 else { throw ResNetError(.invalidArgument, "isLower: lastEpochs must be at least 1, received \(lastEpochs)") }
    func tail(_ h: History, _ which: String) throws -> Double {
        guard let v = h.figures[figure], !v.isEmpty else { throw ResNetError(.invalidArgument, "isLower: history \(which) has no figure '\(figure)'") }
        let last = v.suffix(lastEpochs)
        return last.reduce(0) { $0 + Double($1) } / Double(last.count)
    }
    return try tail(a, "a") < tail(b, "b")
}

/// What a .safetensors file holds, as Python's `safetensors.numpy.load_file` sees it: each
/// tensor's name and shape (sorted by name), then the metadata keys.
///
/// ```swift
/// // print(try safetensorsContents(path: "resnet20.safetensors"))
/// ```
public func safetensorsContents(path: String) throws -> String {
    let file = try SafeTensors.read(path: path)
    var lines = ["\(file.tensors.count) tensors:"]
    let width = file.tensors.keys.map(\.count).max() ?? 0
    for key in file.tensors.keys.sorted() {
        lines.append("  " + key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + describeShape(file.tensors[key]!.shape))
    }
    lines.append("metadata: " + file.metadata.keys.sorted().joined(separator: ", "))
    return lines.joined(separator: "\n")
}

/// Saves every weight (and BatchNormalization's moving statistics) to a safetensors file,
/// atomically: an interrupted save never damages the previous file.
///
/// ```swift
/// // try saveCheckpoint(model, path: "resnet20.safetensors")
/// ```
public func saveCheckpoint(_ model: Model, path: String) throws {
    try Checkpoint.save(model, to: path)
}

/// Restores weights saved by `saveCheckpoint` into a model of the same architecture; names
/// and shapes are checked and any difference listed.
///
/// ```swift
/// // try loadCheckpoint(path: "resnet20.safetensors", into: model)
/// ```
public func loadCheckpoint(path: String, into model: Model) throws {
    try Checkpoint.read(path).restore(into: model)
}
