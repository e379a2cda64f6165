// Model — a named network with a fixed input shape: Keras's functional `Model`.
// It is a Sequential body of layers and blocks, plus what a learner asks of a model:
// its summary, its parameter totals, a shape walk-through and a gradient table.

/// A network built from layers and residual blocks, with Keras's summary.
///
/// ```swift
/// let model = try ResNetV1(depth: 20)
/// print(try model.summary())
/// let probs = try model(try Tensor.zeros([1, 32, 32, 3]))   // (1, 10)
/// ```
public final class Model: Layer {
    public let name: String
    public let kind = "Functional"
    /// One sample's shape (no batch axis), like Keras's `Input(shape=...)`.
    public let inputShape: [Int]
    public let body: Sequential
    /// The layers before a softmax head, run fused (Kernels/FusedChain.swift), and the head:
    /// `forward` and `forwardLogits` share one chain, so either backward follows either forward.
    private lazy var fused: (rest: FusedChain, head: Layer?) = {
        if let (rest, head) = try? softmaxHead() { return (FusedChain(rest), head) }
        return (FusedChain(body.layers), nil)
    }()

    /// Builds every layer for `inputShape`, so parameters exist and can be counted.
    public init(name: String, inputShape: [Int], layers: [Layer]) throws {
        guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
            throw ResNetError(.invalidArgument, "Model '\(name)': input shape must be positive sizes without the batch axis, e.g. [32, 32, 3]; received \(describe(inputShape))")
        }
        self.name = name
        self.inputShape = inputShape
        body = Sequential(layers, name: name + "_body")
        try body.build(inputShape: [1] + inputShape)
    }

    public var parameters: [Parameter] { body.parameters }
    public var leaves: [Layer] { body.leaves }
    /// The top-level layers and blocks, in order.
    public var layers: [Layer] { body.layers }

    public func outputShape(for s: [Int]) throws -> [Int] {
        try checkInput(s)
        return try body.outputShape(for: s)
    }

    func checkInput(_ s: [Int]) throws {
        guard s.count == inputShape.count + 1, Array(s.dropFirst()) == inputShape else {
            throw ResNetError(.shapeMismatch, "Model '\(name)' expected input of shape (N, \(inputShape.map(String.init).joined(separator: ", "))), received shape \(describe(s))")
        }
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        try checkInput(x.shape)
        let h = try fused.rest.forward(x, training: training)
        return try fused.head?.forward(h, training: training) ?? h
    }

    public func backward(_ dy: Tensor) throws -> Tensor {
        let d = try fused.head?.backward(dy) ?? dy
        return try fused.rest.backward(d)
    }

    /// The forward pass up to the logits, for a model that ends in a softmax: what a
    /// crossentropy loss is computed from, stably (see `softmaxCrossEntropy`).
    ///
    /// ```swift
    /// let z = try model.forwardLogits(x, training: true)
    /// let (loss, dz) = try softmaxCrossEntropy(logits: z, labels: y)
    /// _ = try model.backward(logitsGradient: dz)
    /// ```
    public func forwardLogits(_ x: Tensor, training: Bool) throws -> Tensor {
        try checkInput(x.shape)
        let (_, head) = try softmaxHead()
        let features = try fused.rest.forward(x, training: training)
        if let dense = head as? Dense { return try dense.forwardLogits(features) }
        return features
    }

    /// Backward pass from dL/dlogits, skipping the softmax as Keras's `fit` does, so no
    /// probability underflow can stop the gradient.
    public func backward(logitsGradient dz: Tensor) throws -> Tensor {
        let (_, head) = try softmaxHead()
        var d = dz
        if let dense = head as? Dense { d = try dense.backward(preActivation: dz) }
        return try fused.rest.backward(d)
    }

    /// The layers before the final softmax, and the softmax layer itself.
    private func softmaxHead() throws -> ([Layer], Layer) {
        var rest = body.layers
        if let last = rest.popLast() {
            if let dense = last as? Dense, dense.activation == .softmax { return (rest, dense) }
            if let act = last as? Activation, act.function == .softmax { return (rest, act) }
        }
        throw ResNetError(
            .invalidState,
            "Model '\(name)': logits need a model that ends in a softmax (a Dense with activation .softmax, or Activation(.softmax)); its last layer is \(body.layers.last.map { "\($0.kind) '\($0.name)'" } ?? "missing")"
        )
    }

    /// Σ of every parameter's regulariser penalty: what `kernel_regularizer` adds to the loss.
    ///
    /// ```swift
    /// let total = dataLoss + model.regularizationLoss()
    /// ```
    public func regularizationLoss() -> Float {
        parameters.reduce(0) { $0 + ($1.regularizer?.penalty($1.value) ?? 0) }
    }

    /// Adds each regulariser's gradient (2λw for l2) into its parameter's gradient.
    public func addRegularizationGradients() {
        for p in parameters { if let r = p.regularizer { p.accumulate(r.gradient(p.value).scalars) } }
    }
}
