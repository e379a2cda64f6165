// The contract every layer keeps (llm.c's rule: a forward and a backward side by side).
//
//   forward(x, training)  caches what backward needs, returns y
//   backward(dy)          returns dx and ADDS each parameter's gradient into `gradient`
//
// Parameters are created lazily from the first input's shape, as Keras builds layers.

/// A trainable or non-trainable weight of a layer, with its accumulated gradient.
///
/// ```swift
/// let conv = try Conv2D(filters: 16, kernelSize: 3)
/// try conv.build(inputShape: [1, 32, 32, 3])
/// conv.parameters[0].name        // "kernel"
/// conv.parameters[0].value.shape // [3, 3, 3, 16]
/// ```
public final class Parameter {
    /// Keras's variable name: kernel, bias, gamma, beta, moving_mean, moving_variance.
    public let name: String
    /// The current value.
    public var value: Tensor {
        didSet {
            version &+= 1
            if value.shape != oldValue.shape { gradient = Tensor(unchecked: value.shape, scalars: [Float](repeating: 0, count: value.count)) }
        }
    }
    /// Changes whenever `value` does: fast kernels key what they derive from it (a folded,
    /// transformed inference kernel) on it.
    public private(set) var version = 0
    /// The gradient of the loss with respect to `value`, accumulated by `backward`.
    public var gradient: Tensor
    /// Whether optimizers update it (false for BatchNormalization's moving statistics).
    public let trainable: Bool
    /// The penalty this weight adds to the loss (Keras's `kernel_regularizer`).
    public var regularizer: Regularizer?

    public init(name: String, value: Tensor, trainable: Bool = true, regularizer: Regularizer? = nil) {
        self.name = name
        self.value = value
        self.gradient = Tensor(unchecked: value.shape, scalars: [Float](repeating: 0, count: value.count))
        self.trainable = trainable
        self.regularizer = regularizer
    }

    /// Sets the gradient back to zero before the next backward pass.
    public func zeroGradient() {
        gradient.scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Adds `delta` into the gradient (shapes are the layer's business to get right).
    func accumulate(_ delta: [Float]) {
        gradient.scalars.withUnsafeMutableBufferPointer { g in
            delta.withUnsafeBufferPointer { d in
                for i in g.indices { g[i] += d[i] }
            }
        }
    }

    /// Replaces the value after checking the shape, naming the layer on a mismatch.
    public func assign(_ newValue: Tensor, layer: String = "") throws {
        guard newValue.shape == value.shape else {
            throw ResNetError(
                .shapeMismatch,
                "\(layer.isEmpty ? "" : layer + ": ")\(name) expects shape \(describe(value.shape)), received \(describe(newValue.shape))")
        }
        value = newValue
    }
}

/// A layer: forward and backward passes over NHWC tensors, and its parameters.
///
/// ```swift
/// let relu = Activation(.relu)
/// let y = try relu.forward(x, training: true)
/// let dx = try relu.backward(dy)
/// ```
public protocol Layer: AnyObject {
    /// The layer's name, as in Keras summaries (`res2a_branch2a`).
    var name: String { get }
    /// The Keras class this layer mirrors (`Conv2D`).
    var kind: String { get }
    /// Trainable and non-trainable parameters, in Keras's order; empty until built.
    var parameters: [Parameter] { get }
    /// Creates the parameters for inputs of `inputShape` (batch axis included).
    func build(inputShape: [Int]) throws
    /// The output shape for an input shape (batch axis included), validating it.
    func outputShape(for inputShape: [Int]) throws -> [Int]
    /// Computes the output; `training` selects batch statistics in BatchNormalization.
    func forward(_ x: Tensor, training: Bool) throws -> Tensor
    /// Given dL/dy for the last forward, returns dL/dx and accumulates parameter gradients.
    func backward(_ dy: Tensor) throws -> Tensor
    /// Builds the layer for `input`, appends its summary rows (inner layers too, for a
    /// block) fed by `inbound`, and returns its output shape.
    func summarize(_ input: [Int], inbound: [String], into rows: inout [SummaryRow]) throws -> [Int]
    /// The layers with parameters or computation of their own, in depth order: the layer
    /// itself, or a block's inner layers.
    var leaves: [Layer] { get }
}

extension Layer {
    public func build(inputShape: [Int]) throws { _ = try outputShape(for: inputShape) }
    public var parameters: [Parameter] { [] }
    public func summarize(_ input: [Int], inbound: [String], into rows: inout [SummaryRow]) throws -> [Int] {
        try leafSummary(input, inbound: inbound, into: &rows)
    }
    public var leaves: [Layer] { [self] }

    /// Inference-mode call, as `layer(x)` is in Keras.
    ///
    /// ```swift
    /// let y = try conv(x)
    /// ```
    public func callAsFunction(_ x: Tensor, training: Bool = false) throws -> Tensor {
        try forward(x, training: training)
    }

    /// Sets every parameter's gradient to zero.
    public func zeroGradients() { for p in parameters { p.zeroGradient() } }

    /// The number of scalars in trainable parameters.
    public var trainableParameterCount: Int { parameters.filter(\.trainable).reduce(0) { $0 + $1.value.count } }
    /// The number of scalars in non-trainable parameters (moving statistics).
    public var nonTrainableParameterCount: Int { parameters.filter { !$0.trainable }.reduce(0) { $0 + $1.value.count } }

    /// The parameter called `name` (Keras's variable name), or an error listing the names.
    ///
    /// ```swift
    /// try conv.parameter("kernel").assign(w)
    /// ```
    public func parameter(_ name: String) throws -> Parameter {
        guard let p = parameters.first(where: { $0.name == name }) else {
            let names = parameters.map(\.name)
            throw ResNetError(
                .invalidArgument,
                "\(kind) '\(self.name)' has no parameter '\(name)'" + (names.isEmpty ? " (it is not built yet, or has none)" : "; it has \(names.joined(separator: ", "))"))
        }
        return p
    }

    /// The prefix every error from this layer starts with: `Conv2D 'conv1'`.
    var label: String { "\(kind) '\(name)'" }

    /// Throws for a batch with no elements: the engine's kernels need at least one.
    func expectNonEmpty(_ x: Tensor) throws {
        guard x.count > 0 else {
            throw ResNetError(.shapeMismatch, "\(label) received an empty tensor of shape \(describe(x.shape)); a batch needs at least one sample")
        }
    }

    /// The error for `backward` called with no forward pass to differentiate.
    func noForwardError() -> ResNetError {
        ResNetError(.invalidState, "\(label): backward called before forward; run forward(_:training:) first")
    }

    /// Throws unless dy has the shape of the last output.
    func expectGradient(_ dy: Tensor, shape: [Int]) throws {
        guard dy.shape == shape else {
            throw ResNetError(.shapeMismatch, "\(label): backward expected dy of shape \(describe(shape)) (the output shape), received \(describe(dy.shape))")
        }
    }
}

/// One row of a Keras-style model summary.
///
/// ```swift
/// let rows = try model.summaryRows()
/// rows[1].name          // "conv1"
/// rows[1].outputShape   // [32, 32, 64]  (batch axis left out, as Keras prints None)
/// ```
public struct SummaryRow: Sendable, Equatable {
    public let name: String
    public let kind: String
    /// The output shape without the batch axis.
    public let outputShape: [Int]
    public let parameters: Int
    public let trainable: Int
    /// The layers feeding this one.
    public let connectedTo: [String]
}

extension Layer {
    /// A simple layer is one row: itself, fed by `inbound`. Composites override
    /// `summarize` (a protocol requirement below) to list their inner layers.
    func leafSummary(_ input: [Int], inbound: [String], into rows: inout [SummaryRow]) throws -> [Int] {
        try build(inputShape: input)
        let out = try outputShape(for: input)
        rows.append(
            SummaryRow(
                name: name, kind: kind, outputShape: Array(out.dropFirst()),
                parameters: trainableParameterCount + nonTrainableParameterCount,
                trainable: trainableParameterCount, connectedTo: inbound))
        return out
    }
}
