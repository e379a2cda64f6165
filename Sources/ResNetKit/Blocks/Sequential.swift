// Sequential — layers applied one after another.
//
// forward:  y = f_n(…f_2(f_1(x)))
// backward: dx = f_1'(f_2'(…f_n'(dy)))   — each layer's backward, in reverse order

/// A chain of layers, itself a layer: the main path of a block, `resnet_layer`, a model.
///
/// ```swift
/// let stem = try Sequential([
///     try Conv2D(filters: 16, kernelSize: 3, padding: .same),
///     try BatchNormalization(),
///     Activation(.relu),
/// ], name: "stem")
/// let y = try stem(x)
/// ```
public final class Sequential: Layer {
    public let name: String
    public let kind: String
    public private(set) var layers: [Layer]
    /// Runs the layers, Conv2D → BatchNormalization (→ ReLU) fused (Kernels/FusedChain.swift).
    private(set) lazy var chain = FusedChain(layers)

    /// `kind` is what summaries and traces call it ("Sequential" unless a model names itself).
    public init(_ layers: [Layer], name: String? = nil, kind: String = "Sequential") {
        self.layers = layers
        self.kind = kind
        self.name = name ?? LayerNames.unique("sequential")
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }
    public var leaves: [Layer] { layers.flatMap(\.leaves) }

    public func outputShape(for s: [Int]) throws -> [Int] {
        try layers.reduce(s) { try $1.outputShape(for: $0) }
    }

    public func build(inputShape: [Int]) throws {
        var s = inputShape
        for layer in layers {
            try layer.build(inputShape: s)
            s = try layer.outputShape(for: s)
        }
    }

    // What these do is `layers.reduce(x) { try $1.forward($0, training: training) }` and
    // `layers.reversed().reduce(dy) { try $1.backward($0) }`; `chain` does exactly that with
    // the fast paths off, and fuses Conv2D → BatchNormalization → ReLU with them on.
    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        try chain.forward(x, training: training)
    }

    public func backward(_ dy: Tensor) throws -> Tensor {
        try chain.backward(dy)
    }

    public func summarize(_ input: [Int], inbound: [String], into rows: inout [SummaryRow]) throws -> [Int] {
        var s = input, from = inbound
        for layer in layers {
            s = try layer.summarize(s, inbound: from, into: &rows)
            from = [rows.last?.name ?? layer.name]
        }
        return s
    }
}
