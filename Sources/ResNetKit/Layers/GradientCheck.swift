// Numerical gradient checking: does a layer's backward agree with central differences?
//
//   L(x) = Σ forward(x) · R          R: a fixed random "upstream gradient"
//   numeric  ∂L/∂xᵢ ≈ (L(x + h·eᵢ) − L(x − h·eᵢ)) / 2h     (L summed in Double)
//   analytic ∂L/∂xᵢ = backward(R)ᵢ
//   relative error  |a − n| / max(|a|, |n|, floor)
// The forward pass is deterministic, so outputs the perturbation does not reach cancel
// exactly and float32 round-off only enters through the outputs it does reach. The step is
// 1e-2, not the 1e-5 of a Double check: in float32 a smaller step drowns the difference in
// round-off, and the O(h²) error of central differences is still only ~1e-4.
//
// Kinks: where ±h crosses a ReLU's corner (or changes a max-pool's pick) inside the layer,
// L is not differentiable within the step and central differences mean nothing. Such an
// entry shows itself in the forward pass alone — its one-sided slopes (L(x+h) − L(x))/h and
// (L(x) − L(x−h))/h disagree — so it is skipped and counted, whatever backward says.

/// One checked tensor: the largest relative error over the sampled entries.
public struct GradientCheckEntry: Sendable, CustomStringConvertible {
    /// "input" or the parameter's name.
    public let name: String
    /// How many entries were compared.
    public let checked: Int
    /// How many sampled entries sat on a kink (one-sided slopes disagree) and were skipped.
    public let kinks: Int
    /// max |a − n| / max(|a|, |n|, floor) over the entries.
    public let maxRelativeError: Double
    /// The entry with that error: index, analytic and numeric values.
    public let worst: (index: Int, analytic: Double, numeric: Double)

    public var description: String {
        "\(name): \(checked) entries\(kinks > 0 ? " (+\(kinks) on kinks, skipped)" : ""), max relative error \(String(format: "%.2e", maxRelativeError)) (at \(worst.index): analytic \(String(format: "%.6g", worst.analytic)), numeric \(String(format: "%.6g", worst.numeric)))"
    }
}

/// The result of `gradientCheck`: one entry for the input and one per trainable parameter.
public struct GradientCheckReport: Sendable, CustomStringConvertible {
    public let layer: String
    public let entries: [GradientCheckEntry]

    /// The largest relative error of all.
    public var maxRelativeError: Double { entries.map(\.maxRelativeError).max() ?? 0 }

    /// True when every compared entry is within `tolerance` and most sampled entries were
    /// smooth enough to compare.
    public func passes(tolerance: Double = 1e-2) -> Bool {
        maxRelativeError <= tolerance && entries.allSatisfy { $0.checked >= $0.kinks }
    }

    public var description: String {
        "gradient check of \(layer)\n" + entries.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// Compares a layer's backward pass with central differences, for the input and each
/// trainable parameter, at up to `samples` entries of each.
///
/// ```swift
/// let conv = try Conv2D(filters: 3, kernelSize: 3, padding: .same)
/// let report = try gradientCheck(conv, input: try .randomNormal([2, 5, 5, 2], seed: 0))
/// report.maxRelativeError   // about 1e-4
/// ```
public func gradientCheck(
    _ layer: Layer, input x: Tensor, training: Bool = true, samples: Int = 40,
    step h: Float = 1e-2, floor: Double = 1e-2, seed: UInt64 = 0
) throws -> GradientCheckReport {
    guard samples > 0, h > 0 else {
        throw ResNetError(.invalidArgument, "gradientCheck: samples and step must be positive, received samples=\(samples), step=\(h)")
    }
    let saved = layer.parameters.filter { !$0.trainable }.map(\.value)  // moving statistics
    defer { for (p, v) in zip(layer.parameters.filter { !$0.trainable }, saved) { p.value = v } }

    let y = try layer.forward(x, training: training)
    let r = try Tensor.randomNormal(y.shape, seed: seed)
    layer.zeroGradients()
    let dx = try layer.backward(r)

    var x0 = x
    func loss() throws -> Double {
        let out = try layer.forward(x0, training: training)
        var s = 0.0
        for i in 0..<out.count { s += Double(out.scalars[i]) * Double(r.scalars[i]) }
        return s
    }
    var rng = SeededGenerator(seed: seed &+ 1)
    func picks(_ n: Int) -> [Int] {
        n <= samples ? Array(0..<n) : (0..<samples).map { _ in Int(rng.next() % UInt64(n)) }
    }
    let base = try loss()
    func compare(_ name: String, _ analytic: [Float], _ indices: [Int], perturb: (Int, Float) -> Void) throws -> GradientCheckEntry {
        var worst = (index: 0, analytic: 0.0, numeric: 0.0), maxErr = 0.0, kinks = 0
        for i in indices {
            perturb(i, h); let plus = try loss()
            perturb(i, -2 * h); let minus = try loss()
            perturb(i, h)
            let right = (plus - base) / Double(h), left = (base - minus) / Double(h)
            if Swift.abs(right - left) > 0.25 * Swift.max(Swift.abs(right), Swift.abs(left), floor) { kinks += 1; continue }
            let n = (plus - minus) / (2 * Double(h)), a = Double(analytic[i])
            let err = Swift.abs(a - n) / Swift.max(Swift.abs(a), Swift.abs(n), floor)
            if err >= maxErr { maxErr = err; worst = (i, a, n) }
        }
        return GradientCheckEntry(name: name, checked: indices.count - kinks, kinks: kinks, maxRelativeError: maxErr, worst: worst)
    }

    var entries = [try compare("input", dx.scalars, picks(x.count)) { i, d in x0.scalars[i] += d }]
    for p in layer.parameters where p.trainable {
        let analytic = p.gradient.scalars
        entries.append(try compare(p.name, analytic, picks(p.value.count)) { i, d in p.value.scalars[i] += d })
    }
    return GradientCheckReport(layer: "\(layer.kind) '\(layer.name)'", entries: entries)
}
