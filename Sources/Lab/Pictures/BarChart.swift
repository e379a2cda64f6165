// A horizontal bar chart of labelled values: per-layer gradient norms, per-class accuracy.
//
// On a log10 scale a bar's length counts decades above the axis's lowest power of ten, so a
// gradient of 1e-30 and one of 1e0 are both readable — and each value is printed in
// scientific notation at its bar's end, so the exponent is there to read. Values a scale
// cannot place (NaN, ±inf, and zero or negatives on a log scale) get no bar but a '×' and
// the reason, never a silently missing row. Bars end in eighth blocks (▏▎▍▌▋▊▉) for 8×
// the resolution of whole cells.

import Foundation
import ResNetKit

/// Labelled values as horizontal bars, optionally on a log10 scale.
///
/// ```swift
/// let chart = try BarChart(labels: ["conv1", "res2a", "res5c", "fc"],
///                          values: [3e-1, 2e-9, 1e-30, 0], logScale: true)
/// print(chart.rendered())
/// ```
public struct BarChart: Picture {
    /// One label per bar, shown left of it.
    public let labels: [String]
    /// The values, top to bottom; NaN and ±inf are allowed and are marked instead of drawn.
    public let values: [Double]
    /// A line above the chart.
    public let title: String?
    /// Bar lengths ∝ log10(value); zero and negatives are marked instead of drawn.
    public let logScale: Bool
    /// The bar area in character cells, 10…300.
    public let width: Int
    /// nil when no value can be drawn (all NaN, or nothing positive on a log scale).
    let scale: Scale?

    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    /// Labels longer than this are cut with '…', so one long name can't push the bars away.
    static let maxLabel = 32

    /// A chart of `values[i]` labelled `labels[i]`; throws on mismatched or empty input.
    ///
    /// ```swift
    /// let acc = try BarChart(labels: ["T-shirt", "Trouser", "Bag"], values: [0.86, 0.97, 0.95],
    ///                        title: "test accuracy per class", width: 30)
    /// ```
    public init<V: BinaryFloatingPoint>(
        labels: [String], values: [V], title: String? = nil,
        logScale: Bool = false, width: Int = 40
    ) throws {
        guard !values.isEmpty else { throw LabError("BarChart needs at least one value, received none") }
        guard labels.count == values.count else {
            throw LabError("BarChart: \(labels.count) labels but \(values.count) values; give one label per value")
        }
        guard (10...300).contains(width) else { throw LabError("BarChart: width must be 10…300 columns, received width: \(width)") }
        let vs = values.map { Double($0) }
        (self.labels, self.values, self.title, self.logScale, self.width) = (labels, vs, title, logScale, width)
        if logScale {
            // Whole decades at both ends, so tick marks fall on 1e-30, 1e-29, … exactly.
            let positive = vs.filter { $0.isFinite && $0 > 0 }
            if let lo = positive.min(), let hi = positive.max() {
                let a = floor(log10(lo) + 1e-9), b = max(ceil(log10(hi) - 1e-9), a + 1)
                scale = Scale(lo: pow(10, a), hi: pow(10, b), log: true)
            } else {
                scale = nil
            }
        } else {
            let finite = vs.filter(\.isFinite)
            if let lo = finite.min(), let hi = finite.max() {
                let a = min(0, lo), b = max(0, hi)
                scale = Scale(lo: a, hi: b == a ? 1 : b, log: false)
            } else {
                scale = nil
            }
        }
    }

    /// Gradient norms after a backward pass, input first, on a log10 scale: the picture of
    /// vanishing gradients in a deep plain network, and of their absence in a ResNet.
    ///
    /// ```swift
    /// _ = try model.backward(logitsGradient: dz)
    /// print(try BarChart(gradients: model.gradientRows(kernelsOnly: true)).rendered())
    /// ```
    public init(gradients rows: [GradientRow], title: String? = "gradient norms, input first", width: Int = 40) throws {
        guard !rows.isEmpty else {
            throw LabError("BarChart(gradients:) received no rows; run a backward pass on a model with trainable weights first")
        }
        try self.init(
            labels: rows.map { "\($0.layer)/\($0.parameter)" }, values: rows.map(\.gradientNorm),
            title: title, logScale: true, width: width)
    }

    /// Why value `v` has no bar, or nil if it has one.
    func problem(_ v: Double) -> String? {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if logScale, v == 0 { return "0 (zero has no log10)" }
        if logScale, v < 0 { return "\(formatCompact(v)) (negative: no log10)" }
        return nil
    }

    /// The value as printed at its bar's end.
    func valueText(_ v: Double) -> String { logScale ? formatScientific(v) : formatCompact(v) }

    /// The cell where bars start: 0 on a log scale or when nothing is negative, otherwise the
    /// cell boundary nearest to zero (whole cells, so negative bars end cleanly on the left,
    /// where Unicode has no right-aligned eighth blocks).
    var originCell: Int {
        guard let scale, !logScale else { return 0 }
        return Int((scale.clampedFraction(0) * Double(width)).rounded())
    }

    /// Bar extent in eighths of a cell, `start ≤ end`, for a drawable value. Positive bars end
    /// in an eighth block; negative bars cover whole cells. A nonzero value always gets a
    /// visible bar, so it never looks like zero.
    func extent(_ v: Double) -> (start: Int, end: Int) {
        guard let scale else { return (0, 0) }
        let origin = originCell * 8
        let f = scale.clampedFraction(v)
        if v > 0 { return (origin, max(Int((f * Double(width * 8)).rounded()), origin + 1)) }
        if v < 0 { return (max(0, min(Int((f * Double(width)).rounded()), originCell - 1)) * 8, origin) }
        return (origin, origin)
    }

    /// Ticks along the value axis: powers of ten on a log scale, else round numbers.
    func ticks(maxCount: Int) -> [Tick] {
        guard let scale else { return [] }
        return logScale ? scale.decadeTicks(maxCount: maxCount) : scale.niceTicks(maxCount: min(5, maxCount))
    }

    /// Labels cut to `maxLabel` characters.
    var shownLabels: [String] {
        labels.map { $0.count > BarChart.maxLabel ? String($0.prefix(BarChart.maxLabel - 1)) + "…" : $0 }
    }
}
