// Conv2D — x: (N, H, W, C), kernel: (KH, KW, C, F), bias: (F) → y: (N, OH, OW, F)
//
// forward:  y = im2col(x) · kernel + bias          one GEMM [N·OH·OW, KH·KW·C] × [KH·KW·C, F]
// backward: dkernel += im2col(x)ᵀ · dy             [K, rows] × [rows, F]
//           dbias   += Σ_rows dy
//           dx       = col2im(dy · kernelᵀ)         [rows, F] × [F, K]
// Batches are cut into one chunk per core (`Parallel`), and each chunk into passes of a few
// images whose column buffer (~1 MB) is still in cache when the GEMM reads it back; im2col is
// recomputed in backward rather than kept (it would be ~1 GB for ResNet-20 at batch 128).
// Outputs are not zero-filled first: a GEMM with beta = 0 overwrites every element.

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
    private var input: Tensor?

    /// Keras's defaults: strides 1, padding "valid", a bias, glorot_uniform kernel.
    public init(filters: Int, kernelSize: Size2, strides: Size2 = 1, padding: Padding = .valid,
                useBias: Bool = true, kernelInitializer: Initializer = .glorotUniform(),
                biasInitializer: Initializer = .zeros, kernelRegularizer: Regularizer? = nil,
                name: String? = nil) throws {
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

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        try build(inputShape: x.shape)
        try expectNonEmpty(x)
        let g = ConvGeometry(input: x.shape, window: try Window2D(layer: label, inputShape: x.shape, kernel: kernelSize, strides: strides, padding: padding))
        input = x
        let f = filters, k = g.k, count = g.n * g.rowsPerImage * f
        let w = kernel!.value.scalars, b = bias?.value.scalars
        let y = [Float](unsafeUninitializedCapacity: count) { py, initialized in
            x.scalars.withUnsafeBufferPointer { px in
                w.withUnsafeBufferPointer { pw in
                    let px = px.baseAddress!, pw = pw.baseAddress!, py = py.baseAddress!
                    Parallel.chunks(g.n) { images in
                        let per = g.imagesPerPass
                        let cols = g.isPointwise ? nil : UnsafeMutablePointer<Float>.allocate(capacity: Swift.min(per, images.count) * g.rowsPerImage * k)
                        defer { cols?.deallocate() }
                        for start in stride(from: images.lowerBound, to: images.upperBound, by: per) {
                            let pass = start..<Swift.min(start + per, images.upperBound)
                            let rows = pass.count * g.rowsPerImage
                            let a: UnsafePointer<Float>
                            if let cols { g.im2col(px, images: pass, into: cols); a = UnsafePointer(cols) } else { a = px + start * g.h * g.w * g.c }
                            let out = py + start * g.rowsPerImage * f
                            sgemm(m: rows, n: f, k: k, a: a, lda: k, b: pw, ldb: f, c: out, ldc: f)  // beta 0: writes all of `out`
                            if let b { addBias(b, to: out, rows: rows, width: f) }
                        }
                    }
                }
            }
            initialized = count
        }
        return Tensor(unchecked: [g.n, g.oh, g.ow, f], scalars: y)
    }

    public func backward(_ dy: Tensor) throws -> Tensor {
        guard let x = input, let kernel else { throw noForwardError() }
        let g = ConvGeometry(input: x.shape, window: try Window2D(layer: label, inputShape: x.shape, kernel: kernelSize, strides: strides, padding: padding))
        try expectGradient(dy, shape: [g.n, g.oh, g.ow, filters])
        let f = filters, k = g.k
        let parts = Parallel.parts(g.n)
        var dw = [Float](repeating: 0, count: parts * k * f)   // one partial sum per part
        var db = [Float](repeating: 0, count: parts * f)
        // dx is not zero-filled up front: each pass zeroes its own images just before col2im adds
        // into them (in parallel, while in cache), and a pointwise GEMM writes them outright.
        let dx = [Float](unsafeUninitializedCapacity: x.count) { pdx, initialized in
        x.scalars.withUnsafeBufferPointer { px in
        kernel.value.scalars.withUnsafeBufferPointer { pw in
        dy.scalars.withUnsafeBufferPointer { pdy in
        dw.withUnsafeMutableBufferPointer { pdw in
        db.withUnsafeMutableBufferPointer { pdb in
            let px = px.baseAddress!, pw = pw.baseAddress!, pdy = pdy.baseAddress!
            let pdx = pdx.baseAddress!, pdw = pdw.baseAddress!, pdb = pdb.baseAddress!
            Parallel.run(g.n, parts: parts) { part, images in
                let per = g.imagesPerPass
                let capacity = Swift.min(per, images.count) * g.rowsPerImage * k
                let cols = g.isPointwise ? nil : UnsafeMutablePointer<Float>.allocate(capacity: capacity)
                let dcols = g.isPointwise ? nil : UnsafeMutablePointer<Float>.allocate(capacity: capacity)
                defer { cols?.deallocate(); dcols?.deallocate() }
                for start in stride(from: images.lowerBound, to: images.upperBound, by: per) {
                    let pass = start..<Swift.min(start + per, images.upperBound)
                    let rows = pass.count * g.rowsPerImage
                    let dyPass = pdy + start * g.rowsPerImage * f
                    let dxPass = pdx + start * g.h * g.w * g.c
                    let a: UnsafePointer<Float>
                    if let cols { g.im2col(px, images: pass, into: cols); a = UnsafePointer(cols) } else { a = px + start * g.h * g.w * g.c }
                    sgemm(transA: true, m: k, n: f, k: rows, a: a, lda: k, b: dyPass, ldb: f,
                          beta: 1, c: pdw + part * k * f, ldc: f)
                    if let dcols {
                        sgemm(transB: true, m: rows, n: k, k: f, a: dyPass, lda: f, b: pw, ldb: f, c: dcols, ldc: k)
                        dxPass.update(repeating: 0, count: pass.count * g.h * g.w * g.c)
                        g.col2im(dcols, images: pass, into: pdx)
                    } else {
                        sgemm(transB: true, m: rows, n: k, k: f, a: dyPass, lda: f, b: pw, ldb: f, c: dxPass, ldc: k)
                    }
                    if useBias { sumRows(dyPass, rows: rows, width: f, into: pdb + part * f) }
                }
            }
        }}}}}
        initialized = x.count   // every pass above zeroed-and-summed or wrote its images
        }
        kernel.accumulate(sumParts(dw, parts: parts, size: k * f))
        bias?.accumulate(sumParts(db, parts: parts, size: f))
        return Tensor(unchecked: x.shape, scalars: dx)
    }
}

/// y[r, :] += b for every row: the bias of Conv2D and Dense.
@inline(__always)
func addBias(_ b: [Float], to y: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
    b.withUnsafeBufferPointer { pb in
        for r in 0..<rows {
            let row = y + r * width
            for j in 0..<width { row[j] += pb[j] }
        }
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
