// Dense — x: (N, D), kernel: (D, units), bias: (units) → y: (N, units), then the activation
//
// forward:  z = x · kernel + bias,  y = f(z)
// backward: dz = f'(dy),  dkernel += xᵀ · dz,  dbias += Σ dz,  dx = dz · kernelᵀ
// Input of higher rank is treated as (…, D), as Keras applies Dense to the last axis.

/// Keras's fully connected layer.
///
/// ```swift
/// let fc = try Dense(units: 10, activation: .softmax, name: "fc10")
/// let probs = try fc(features)   // (N, 10), rows sum to 1
/// ```
public final class Dense: Layer {
    public let name: String
    public let kind = "Dense"
    public let units: Int
    public let activation: ActivationFunction
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public private(set) var kernel: Parameter?
    public private(set) var bias: Parameter?
    private var cache: (x: Tensor, y: Tensor)?

    /// Keras's defaults: linear activation, a bias, glorot_uniform kernel, zero bias.
    public init(
        units: Int, activation: ActivationFunction = .linear, useBias: Bool = true,
        kernelInitializer: Initializer = .glorotUniform(), biasInitializer: Initializer = .zeros,
        kernelRegularizer: Regularizer? = nil, name: String? = nil
    ) throws {
        guard units > 0 else {
            throw ResNetError.argument("Dense '\(name ?? "dense")'", "units must be a positive integer; received units=\(units)")
        }
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.name = name ?? LayerNames.unique("dense")
    }

    public var parameters: [Parameter] { [kernel, bias].compactMap { $0 } }

    public func outputShape(for s: [Int]) throws -> [Int] {
        guard s.count >= 2, let d = s.last, d > 0 else {
            throw ResNetError.shape(label, "expected input of rank ≥ 2 (N, D), received shape \(describe(s)); put a Flatten or GlobalAveragePooling2D before it")
        }
        if let k = kernel, k.value.shape[0] != d {
            throw ResNetError.shape(label, "was built for \(k.value.shape[0]) input features, received input of shape \(describe(s)) with \(d)")
        }
        return Array(s.dropLast()) + [units]
    }

    public func build(inputShape: [Int]) throws {
        _ = try outputShape(for: inputShape)
        guard kernel == nil else { return }
        kernel = Parameter(name: "kernel", value: try kernelInitializer.make([inputShape.last!, units]), regularizer: kernelRegularizer)
        if useBias { bias = Parameter(name: "bias", value: try biasInitializer.make([units])) }
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        try forwardBoth(x).y
    }

    /// The pre-activation output z = x·kernel + bias (the logits, for a softmax layer).
    /// Caches as `forward` does, so either backward may follow.
    ///
    /// ```swift
    /// let z = try fc.forwardLogits(features)
    /// ```
    public func forwardLogits(_ x: Tensor) throws -> Tensor {
        try forwardBoth(x).z
    }

    private func forwardBoth(_ x: Tensor) throws -> (z: Tensor, y: Tensor) {
        try build(inputShape: x.shape)
        try expectNonEmpty(x)
        let d = x.shape.last!, rows = x.count / d
        var z = try matmul(x.reshaped([rows, d]), kernel!.value).scalars
        if let b = bias?.value.scalars {
            z.withUnsafeMutableBufferPointer { addBias(b, to: $0.baseAddress!, rows: rows, width: units) }
        }
        let zt = Tensor(unchecked: Array(x.shape.dropLast()) + [units], scalars: z)
        let y = activation.apply(zt)
        cache = (x, y)
        return (zt, y)
    }

    public func backward(_ dy: Tensor) throws -> Tensor {
        guard let (_, y) = cache else { throw noForwardError() }
        try expectGradient(dy, shape: y.shape)
        return try backward(preActivation: activation.gradient(output: y, dy))
    }

    /// Backward from dL/dz, the gradient before the activation: how a softmax output and a
    /// crossentropy loss are differentiated together, stably (dz = (p − t) / N).
    ///
    /// ```swift
    /// let dx = try fc.backward(preActivation: dLogits)
    /// ```
    public func backward(preActivation dzIn: Tensor) throws -> Tensor {
        guard let (x, y) = cache, let kernel else { throw noForwardError() }
        try expectGradient(dzIn, shape: y.shape)
        let d = x.shape.last!, rows = x.count / d
        let dz = try dzIn.reshaped([rows, units])
        kernel.accumulate(try matmul(x.reshaped([rows, d]), dz, transposeA: true).scalars)
        if let bias { bias.accumulate(try dz.sum(axis: 0).scalars) }
        return try matmul(dz, kernel.value, transposeB: true).reshaped(x.shape)
    }
}
