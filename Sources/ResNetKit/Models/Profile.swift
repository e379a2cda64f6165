// Where a network spends its time: every layer's forward and backward, timed one by one on
// the inputs it sees inside the network, with its FLOPs, GFLOP/s against this machine's GEMM
// peak (measured in the same run), and its share; then the whole training step as it really
// runs (fused kernels on), so the gap between "layers one by one" and "the step" shows what
// fusion saves.
//
// FLOPs count multiply-adds as 2: Conv2D forward 2·N·OH·OW·KH·KW·C·F, Dense 2·N·D·U, backward
// twice the forward (dx and dW are each a GEMM of that size). Other layers are memory-bound:
// they get no FLOPs, only time. These are a direct convolution's FLOPs: Winograd does 2.25×
// fewer multiplications for 3×3 stride-1 layers, whose "GFLOP/s" can therefore pass the GEMM peak.

import Foundation

/// One layer's row of a profile.
public struct LayerProfile: Sendable {
    public let name: String
    public let kind: String
    public let outputShape: [Int]
    public let forwardMs: Double
    public let backwardMs: Double
    /// Forward + backward FLOPs (0 for memory-bound layers).
    public let flops: Double
    public var totalMs: Double { forwardMs + backwardMs }
    public var gflops: Double { flops == 0 ? .nan : flops / (totalMs * 1e-3) * 1e-9 }
}

/// A model's profile: rows sorted by time, the measured step, the GEMM peak.
///
/// ```swift
/// let p = try profile(model, batch: 128)
/// print(p.render())
/// ```
public struct ModelProfile: Sendable {
    public let model: String
    public let batch: Int
    public let rows: [LayerProfile]
    /// One real training step (forward and backward, fused kernels as configured), median ms.
    public let stepMs: Double
    /// GFLOP/s of a 1024² sgemm on all cores, measured in the same run.
    public let peakGflops: Double

    public var layersMs: Double { rows.reduce(0) { $0 + $1.totalMs } }

    /// A text table with a bar per layer (its share of the layer-by-layer total).
    public func render(top: Int? = nil, barWidth: Int = 24) -> String {
        let total = Swift.max(layersMs, 1e-9)
        var lines = [
            String(
                format: "%@, batch %d — layer by layer %.1f ms, the training step as it runs %.1f ms; GEMM peak %.0f GFLOP/s",
                model, batch, layersMs, stepMs, peakGflops)
        ]
        let header = ["layer", "kind", "output", "fwd ms", "bwd ms", "GFLOP", "GFLOP/s", "% peak", "share", ""]
        var table = [header]
        for r in rows.prefix(top ?? rows.count) {
            let share = r.totalMs / total
            let bar = String(repeating: "█", count: Int((share * Double(barWidth)).rounded(.up)))
            table.append([
                r.name, r.kind, r.outputShape.map(String.init).joined(separator: "×"), fmt(r.forwardMs), fmt(r.backwardMs),
                r.flops == 0 ? "–" : fmt(r.flops * 1e-9), r.flops == 0 ? "–" : fmt(r.gflops),
                r.flops == 0 ? "–" : fmt(100 * r.gflops / peakGflops), String(format: "%.1f%%", 100 * share), bar,
            ])
        }
        if let top, rows.count > top {
            let rest = rows.dropFirst(top).reduce(0) { $0 + $1.totalMs }
            table.append(["(\(rows.count - top) more)", "", "", "", "", "", "", "", String(format: "%.1f%%", 100 * rest / total), ""])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for row in table { for (i, c) in row.enumerated() { widths[i] = Swift.max(widths[i], c.count) } }
        for (n, row) in table.enumerated() {
            let cells = row.enumerated().map { i, c -> String in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return i < 3 || i == row.count - 1 ? c + pad : pad + c
            }
            lines.append("  " + cells.joined(separator: "  ").replacingOccurrences(of: " +$", with: "", options: .regularExpression))
            if n == 0 { lines.append("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        lines.append("  GFLOP/s count a direct convolution's FLOPs: Winograd 3×3 layers do 2.25× fewer multiplications and can pass 100 %.")
        return lines.joined(separator: "\n")
    }

    private func fmt(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        return x >= 100 ? String(format: "%.0f", x) : x >= 10 ? String(format: "%.1f", x) : String(format: "%.2f", x)
    }
}

/// Profiles `model` on a batch of random normal images: each layer timed alone (median of
/// `repeats`, after one warm-up) on the input it receives in the network, in training mode.
///
/// ```swift
/// let p = try profile(try ResNetV1(depth: 20), batch: 32)
/// print(p.render(top: 10))
/// ```
public func profile(_ model: Model, batch: Int = 128, repeats: Int = 3) throws -> ModelProfile {
    guard batch > 0, repeats > 0 else { throw ResNetError(.invalidArgument, "profile: batch and repeats must be positive; received batch=\(batch), repeats=\(repeats)") }
    let x = try Tensor.randomNormal([batch] + model.inputShape, seed: 1)
    // Each leaf (and each residual Add) with the input it sees, from one walk of the network.
    var items: [(name: String, kind: String, run: (Tensor) throws -> Tensor, back: (Tensor) throws -> Tensor, input: Tensor, flops: Double)] = []
    func walk(_ layer: Layer, _ h: Tensor) throws -> Tensor {
        switch layer {
        case let m as Model: return try m.layers.reduce(h) { try walk($1, $0) }
        case let s as Sequential: return try s.layers.reduce(h) { try walk($1, $0) }
        case let b as ResidualBlock:
            let main = try walk(b.main, h), short = try walk(b.shortcut, h)
            items.append(
                (
                    b.add.name, "Add",
                    {
                        _ = $0; return try b.add([main, short])
                    }, { $0 }, main, 0
                ))
            let sum = try b.add([main, short])
            return try b.post.map { try walk($0, sum) } ?? sum
        default:
            let y = try layer.forward(h, training: true)
            items.append((layer.name, layer.kind, { try layer.forward($0, training: true) }, { try layer.backward($0) }, h, layerFlops(layer, h.shape, y.shape)))
            return y
        }
    }
    _ = try FastPaths.$enabled.withValue(false) { try walk(model, x) }  // shapes only; timing below uses the defaults

    var rows: [LayerProfile] = []
    for item in items {
        let y = try item.run(item.input)
        let dy = try Tensor.randomNormal(y.shape, seed: 2)
        let f = try medianMs(repeats) { _ = try item.run(item.input) }
        let b = try medianMs(repeats) { _ = try item.back(dy) }
        rows.append(
            LayerProfile(
                name: item.name, kind: item.kind, outputShape: Array(y.shape.dropFirst()),
                forwardMs: f, backwardMs: item.kind == "Add" ? 0 : b, flops: item.flops))
    }
    model.zeroGradients()
    // The step: forward in training mode and backward from a gradient of ones (any model,
    // with or without a softmax head; the loss itself costs next to nothing).
    let ones = try Tensor.ones(try model.outputShape(for: x.shape))
    let step = try medianMs(repeats) {
        _ = try model.forward(x, training: true)
        _ = try model.backward(ones)
    }
    model.zeroGradients()
    return ModelProfile(
        model: model.name, batch: batch, rows: rows.sorted { $0.totalMs > $1.totalMs },
        stepMs: step, peakGflops: gemmPeakGflops())
}

/// 2·multiply-adds of a Conv2D or Dense, forward + backward (3× the forward).
private func layerFlops(_ layer: Layer, _ input: [Int], _ output: [Int]) -> Double {
    if let c = layer as? Conv2D {
        return 3 * 2 * Double(output.reduce(1, *)) * Double(c.kernelSize.height * c.kernelSize.width * input[3])
    }
    if layer is Dense { return 3 * 2 * Double(output.reduce(1, *)) * Double(input.last ?? 0) }
    return 0
}

private func medianMs(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var times: [Double] = []
    for _ in 0..<repeats {
        let t = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-6)
    }
    return times.sorted()[times.count / 2]
}

/// GFLOP/s of 1024×1024 sgemms on all cores, one single-threaded GEMM per core as the engine
/// runs its convolutions: the ceiling a GEMM-based layer can approach. It changes no
/// process-wide setting (OpenBLAS's thread count), so it can run next to other work.
func gemmPeakGflops() -> Double {
    let n = 1024, parts = Parallel.parts(Parallel.cores)
    let a = [Float](repeating: 0.5, count: n * n), b = a
    var c = [Float](repeating: 0, count: parts * n * n)
    let ms = withBases([a, b]) { p in
        c.withUnsafeMutableBufferPointer { pc in
            let pc = pc.baseAddress!
            return medianMs(3) {
                Parallel.run(parts, parts: parts) { part, _ in
                    sgemm(m: n, n: n, k: n, a: p[0], lda: n, b: p[1], ldb: n, c: pc + part * n * n, ldc: n)
                }
            }
        }
    }
    return Double(parts) * 2 * Double(n * n * n) / (ms * 1e-3) * 1e-9
}
