// Add — x1, x2, …: same shape → y = Σ xi;  backward: every input receives dy unchanged.
// This is the residual connection: whatever reaches y flows back into the shortcut intact.

/// Keras's Add merge layer (`keras.layers.add([x, y])` in the seeds).
///
/// ```swift
/// let add = Add()
/// let y = try add([mainOut, shortcutOut])
/// let grads = try add.backward(dy)   // [dy, dy]
/// ```
public final class Add {
    public let name: String
    public let kind = "Add"
    private var inputs = 0
    private var shape: [Int]?

    public init(name: String? = nil) { self.name = name ?? LayerNames.unique("add") }

    var label: String { "Add '\(name)'" }

    /// The common shape of the inputs, or an error naming the ones that differ.
    public func outputShape(for shapes: [[Int]]) throws -> [Int] {
        guard shapes.count >= 2 else {
            throw ResNetError.shape(label, "expected a list of at least 2 inputs, received \(shapes.count)")
        }
        for s in shapes.dropFirst() where s != shapes[0] {
            throw ResNetError.shape(
                label,
                "expected inputs of the same shape, received \(shapes.map(describe).joined(separator: " and ")). A projection shortcut (1×1 Conv2D with the block's stride) makes them match"
            )
        }
        return shapes[0]
    }

    /// The elementwise sum of `inputs`.
    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        let s = try outputShape(for: inputs.map(\.shape))
        var y = inputs[0].scalars
        for x in inputs.dropFirst() where !y.isEmpty {
            y.withUnsafeMutableBufferPointer { py in
                x.scalars.withUnsafeBufferPointer { px in
                    let py = py.baseAddress!, px = px.baseAddress!
                    Parallel.chunks(x.count, minChunk: 1 << 15) { r in for i in r { py[i] += px[i] } }
                }
            }
        }
        self.inputs = inputs.count
        shape = s
        return Tensor(unchecked: s, scalars: y)
    }

    /// `add([a, b])`, as in Keras.
    public func callAsFunction(_ inputs: [Tensor]) throws -> Tensor { try forward(inputs) }

    /// dy for every input.
    public func backward(_ dy: Tensor) throws -> [Tensor] {
        guard let shape else { throw ResNetError(.invalidState, "\(label): backward called before forward; run forward(_:) first") }
        guard dy.shape == shape else {
            throw ResNetError.shape(label, "backward expected dy of shape \(describe(shape)) (the output shape), received \(describe(dy.shape))")
        }
        return Array(repeating: dy, count: inputs)
    }
}
