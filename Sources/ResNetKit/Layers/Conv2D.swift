// Conv2D — x: (N, H, W, C), kernel: (KH, KW, C, F), bias: (F) → y: (N, OH, OW, F)
//
// forward:  y = im2col(x) · kernel + bias          one GEMM [N·OH·OW, KH·KW·C] × [KH·KW·C, F]
// backward: dkernel += im2col(x)ᵀ · dy             [K, rows] × [rows, F]
//           dbias   += Σ_rows dy
//           dx       = col2im(dy · kernelᵀ)         [rows, F] × [F, K]
// This file is the reference: the whole batch as one column matrix and one GEMM each way.
// What runs by default (`FastPaths.enabled`) is the same arithmetic cut into cache-sized
// passes on both cores (Kernels/ConvPasses.swift), with Winograd for 3×3 stride-1 layers
// (Kernels/Winograd.swift) and, inside a network, fused with the BatchNormalization and ReLU
// that follow (Kernels/FusedConvBN.swift); FastKernelTests compares them with this file.

/// A 2-D convolution over NHWC input, with Keras's arguments and defaults.
///
/// ```swift
/// let conv = try Conv2D(filters: 64, kernelSize: 7, strides: 2, name: "conv1")
/// let y = try conv(Tensor.zeros([1, 70, 70, 3]))   // shape [1, 32, 32, 64]
/// ```
public final class Conv2D: Layer {
    public let name: String
    public let kind = "Conv2D"
    public let filters: Int
    public let kernelSize: Size2
    public let strides: Size2
    public let padding: Padding
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    /// (KH, KW, C, F), created on the first input.
    public private(set) var kernel: Parameter?
    /// (F), when `useBias`.
    public private(set) var bias: Parameter?
    var input: Tensor?

    /// Keras's defaults: strides 1, padding "valid", a bias, glorot_uniform kernel.
    public init(
        filters: Int, kernelSize: Size2, strides: Size2 = 1, padding: Padding = .valid,
        useBias: Bool = true, kernelInitializer: Initializer = .glorotUniform(),
        biasInitializer: Initializer = .zeros, kernelRegularizer: Regularizer? = nil,
        name: String? = nil
    ) throws {
        let label = "Conv2D '\(name ?? "conv2d")'"
        guard filters > 0 else { throw ResNetError.argument(label, "filters must be a positive integer; received filters=\(filters)") }
        try kernelSize.validate(label, "kernel_size")
        try strides.validate(label, "strides")
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.name = name ?? LayerNames.unique("conv2d")
    }

    public var parameters: [Parameter] { [kernel, bias].compactMap { $0 } }

    public func outputShape(for s: [Int]) throws -> [Int] {
        let window = try Window2D(layer: label, inputShape: s, kernel: kernelSize, strides: strides, padding: padding)
        if let k = kernel, k.value.shape[2] != s[3] {
            throw ResNetError.shape(label, "was built for \(k.value.shape[2]) input channels, received input of shape \(describe(s)) with \(s[3]) channels")
        }
        guard s[3] > 0 else { throw ResNetError.shape(label, "expected at least one input channel, received shape \(describe(s))") }
        return [s[0], window.h.output, window.w.output, filters]
    }

    public func build(inputShape: [Int]) throws {
        _ = try outputShape(for: inputShape)
        guard kernel == nil else { return }
        let shape = [kernelSize.height, kernelSize.width, inputShape[3], filters]
        kernel = Parameter(name: "kernel", value: try kernelInitializer.make(shape), regularizer: kernelRegularizer)
        if useBias { bias = Parameter(name: "bias", value: try biasInitializer.make([filters])) }
    }

    /// The window geometry for input of shape `s`.
    func geometry(_ s: [Int]) throws -> ConvGeometry {
        ConvGeometry(input: s, window: try Window2D(layer: label, inputShape: s, kernel: kernelSize, strides: strides, padding: padding))
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        try build(inputShape: x.shape)
        try expectNonEmpty(x)
        let g = try geometry(x.shape)
        input = x
        if FastPaths.enabled { return forwardInPasses(x, g, training: training) }  // Kernels/Conv2D+Fast.swift
        // The reference: the whole batch as one column matrix, one GEMM, the bias.
        let rows = g.n * g.rowsPerImage, w = kernel!.value.scalars
        let cols = g.columns(x.scalars)  // [rows, K]
        var y = withBases([cols, w]) { p in
            uninitializedFloats(rows * filters) { py in
                sgemm(m: rows, n: filters, k: g.k, a: p[0], lda: g.k, b: p[1], ldb: filters, c: py, ldc: filters)
            }
        }  // [rows, F]
        if let b = bias?.value.scalars { y.withUnsafeMutableBufferPointer { addBias(b, to: $0.baseAddress!, rows: rows, width: filters) } }
        return Tensor(unchecked: [g.n, g.oh, g.ow, filters], scalars: y)
    }

    public func backward(_ dy: Tensor) throws -> Tensor {
        guard let x = input, let kernel else { throw noForwardError() }
        let g = try geometry(x.shape)
        try expectGradient(dy, shape: [g.n, g.oh, g.ow, filters])
        if FastPaths.enabled { return backwardInPasses(x, dy, g) }
        // The reference: dW = colsᵀ·dy, db = Σ dy, dx = col2im(dy·Wᵀ).
        let rows = g.n * g.rowsPerImage, f = filters, k = g.k
        let cols = g.columns(x.scalars)
        var dw = [Float](repeating: 0, count: k * f), db = [Float](repeating: 0, count: f)
        var dx = [Float](repeating: 0, count: x.count)
        let dcols = withBases([cols, dy.scalars, kernel.value.scalars]) { p in
            dw.withUnsafeMutableBufferPointer { sgemm(transA: true, m: k, n: f, k: rows, a: p[0], lda: k, b: p[1], ldb: f, c: $0.baseAddress!, ldc: f) }
            db.withUnsafeMutableBufferPointer { sumRows(p[1], rows: rows, width: f, into: $0.baseAddress!) }
            return uninitializedFloats(rows * k) { sgemm(transB: true, m: rows, n: k, k: f, a: p[1], lda: f, b: p[2], ldb: f, c: $0, ldc: k) }
        }
        dcols.withUnsafeBufferPointer { pc in dx.withUnsafeMutableBufferPointer { g.col2im(pc.baseAddress!, images: 0..<g.n, into: $0.baseAddress!) } }
        kernel.accumulate(dw)
        bias?.accumulate(db)
        return Tensor(unchecked: x.shape, scalars: dx)
    }
}

/// y[r, :] += b for every row: the bias of Conv2D and Dense.
@inline(__always)
func addBias(_ b: [Float], to y: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
    b.withUnsafeBufferPointer { addBias($0.baseAddress!, to: y, rows: rows, width: width) }
}

@inline(__always)
func addBias(_ b: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
    for r in 0..<rows {
        let row = y + r * width
        for j in 0..<width { row[j] += b[j] }
    }
}

/// out[j] += Σ_r x[r, j]: the bias gradient.
@inline(__always)
func sumRows(_ x: UnsafePointer<Float>, rows: Int, width: Int, into out: UnsafeMutablePointer<Float>) {
    for r in 0..<rows {
        let row = x + r * width
        for j in 0..<width { out[j] += row[j] }
    }
}

/// Adds up per-part partial sums laid out one after another.
func sumParts(_ partials: [Float], parts: Int, size: Int) -> [Float] {
    if parts == 1 { return partials }
    var total = Array(partials[0..<size])
    for p in 1..<parts { for i in 0..<size { total[i] += partials[p * size + i] } }
    return total
}
