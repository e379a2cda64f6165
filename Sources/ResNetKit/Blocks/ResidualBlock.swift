// ResidualBlock — the idea of the paper in one type:
//
//   y = post( main(x) + shortcut(x) )         shortcut = identity, or a projection
//
// backward, written out because it is the point of the lesson on vanishing gradients:
//   d      = post'(dy)
//   dx     = main'(d) + shortcut'(d)           the identity path hands d back untouched,
//                                              so the gradient reaching x never has to pass
//                                              through the main path's layers to survive.
// The seeds' blocks are all this shape: seed 002's identity and convolutional blocks,
// seed 004's residual unit, seed 003's v1 unit and v2 pre-activation bottleneck.

/// A residual block: a main path, a shortcut (identity when empty), their sum, and an
/// optional activation after the sum.
///
/// ```swift
/// let block = try identityBlock(kernelSize: 3, filters: [64, 64, 256], stage: 2, block: "b")
/// let y = try block.forward(x, training: true)
/// let dx = try block.backward(dy)   // dx_main + dx_shortcut
/// ```
public final class ResidualBlock: Layer {
    public let name: String
    public let kind: String
    /// F(x): the layers the residual is learned by.
    public let main: Sequential
    /// The shortcut: empty for the identity, or a projection (1×1 Conv2D, BN, pooling).
    public let shortcut: Sequential
    /// Adds the two paths.
    public let add: Add
    /// The activation after the sum (ReLU in v1 blocks; none in v2's pre-activation units).
    public let post: Activation?

    public init(
        main: [Layer], shortcut: [Layer] = [], post: Activation? = Activation(.relu),
        name: String? = nil, kind: String = "ResidualBlock", addName: String? = nil
    ) {
        let n = name ?? LayerNames.unique("residual_block")
        self.name = n
        self.kind = kind
        self.main = Sequential(main, name: n + "_main")
        self.shortcut = Sequential(shortcut, name: n + "_shortcut")
        self.add = Add(name: addName)
        self.post = post
    }

    /// With the fast paths on, a main path ending in Conv2D → BatchNormalization and a ReLU
    /// after the sum run as: the rest of the main path, then one unit that adds the shortcut
    /// and applies the ReLU in the same sweep as BN (Kernels/FusedConvBN.swift).
    private lazy var fusedEnd: (rest: FusedChain, unit: ConvBNUnit)? =
        post?.function == .relu ? main.chain.openEnd : nil
    /// Whether the last forward ran fused, and its input when it ran for inference (whose
    /// backward, rare, reruns the reference forward to cache what the layers need).
    private var ranFused: (yes: Bool, inferenceInput: Tensor?) = (false, nil)

    /// True when the shortcut carries x through unchanged.
    public var isIdentity: Bool { shortcut.layers.isEmpty }

    public var parameters: [Parameter] { main.parameters + shortcut.parameters }
    public var leaves: [Layer] { main.leaves + shortcut.leaves + (post.map { [$0] } ?? []) }

    public func outputShape(for s: [Int]) throws -> [Int] {
        let shapes = [try main.outputShape(for: s), try shortcut.outputShape(for: s)]
        do { return try add.outputShape(for: shapes) } catch let e as ResNetError {
            throw ResNetError(
                e.kind,
                "\(kind) '\(name)': the main path gives \(describe(shapes[0])) but the shortcut gives \(describe(shapes[1])); \(isIdentity ? "an identity shortcut needs the main path to keep the shape — use a projection (convolutional block) when the stride or filters change" : "the projection must use the main path's stride and filters")"
            )
        }
    }

    public func build(inputShape: [Int]) throws {
        try main.build(inputShape: inputShape)
        try shortcut.build(inputShape: inputShape)
        _ = try outputShape(for: inputShape)
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        // Build both paths first, so a shape mismatch is explained before any work is done.
        try build(inputShape: x.shape)
        ranFused = (FastPaths.fusing && fusedEnd != nil, training ? nil : x)
        if ranFused.yes, let (rest, unit) = fusedEnd {
            let sx = try shortcut.forward(x, training: training)
            return try unit.forward(try rest.forward(x, training: training), residual: sx, training: training)
        }
        let fx = try main.forward(x, training: training)
        let sx = try shortcut.forward(x, training: training)
        let y = try add([fx, sx])
        return try post?.forward(y, training: training) ?? y
    }

    public func backward(_ dy: Tensor) throws -> Tensor {
        if ranFused.yes, let x = ranFused.inferenceInput {
            _ = try FastPaths.$enabled.withValue(false) { try forward(x, training: false) }
        }
        if ranFused.yes, let (rest, unit) = fusedEnd {
            let (dh, d) = try unit.backward(dy, residualGradient: true)
            return try rest.backward(dh) + shortcut.backward(d!)
        }
        let d = try post?.backward(dy) ?? dy
        let paths = try add.backward(d)  // [d, d]: a sum copies its gradient to both inputs
        let dMain = try main.backward(paths[0])
        let dShortcut = try shortcut.backward(paths[1])  // = d itself for an identity shortcut
        return try dMain + dShortcut  // dx = dx_main + dx_shortcut
    }

    public func summarize(_ input: [Int], inbound: [String], into rows: inout [SummaryRow]) throws -> [Int] {
        _ = try main.summarize(input, inbound: inbound, into: &rows)
        let mainName = rows.last!.name
        var shortcutName = inbound
        if !isIdentity {
            _ = try shortcut.summarize(input, inbound: inbound, into: &rows)
            shortcutName = [rows.last!.name]
        }
        let out = try outputShape(for: input)
        rows.append(
            SummaryRow(
                name: add.name, kind: add.kind, outputShape: Array(out.dropFirst()),
                parameters: 0, trainable: 0, connectedTo: [mainName] + shortcutName))
        if let post { _ = try post.summarize(out, inbound: [add.name], into: &rows) }
        return out
    }
}
