// Axes shared by LinePlot and BarChart: mapping values to a 0…1 fraction of an axis (linear
// or log10), choosing ticks, and printing numbers so that tiny gradients stay readable.

import Foundation

/// One axis: the values `lo…hi` map to the fractions 0…1, through log10 when `log` is set.
struct Scale: Sendable {
    let lo: Double
    let hi: Double
    let log: Bool

    /// The range of `values` (finite, and positive on a log scale). A single value or a flat
    /// series gets room around it, so a lone point sits in the middle instead of on an edge.
    init?(covering values: [Double], log: Bool) {
        let usable = values.filter { $0.isFinite && (!log || $0 > 0) }
        guard var lo = usable.min(), var hi = usable.max() else { return nil }
        if lo == hi {
            if log {
                lo /= 10; hi *= 10
            } else {
                let pad = lo == 0 ? 1 : abs(lo) / 2
                lo -= pad; hi += pad
            }
        }
        self.init(lo: lo, hi: hi, log: log)
    }

    init(lo: Double, hi: Double, log: Bool) {
        self.lo = lo; self.hi = hi; self.log = log
    }

    func transform(_ v: Double) -> Double { log ? log10(v) : v }

    /// Where `v` falls between lo (0) and hi (1).
    func fraction(_ v: Double) -> Double {
        let a = transform(lo), b = transform(hi)
        return b == a ? 0.5 : (transform(v) - a) / (b - a)
    }

    /// `fraction(v)` kept within 0…1, and 0.5 if it is not a number (an axis spanning more
    /// than Double can hold), so no caller ever converts NaN to an Int and traps.
    func clampedFraction(_ v: Double) -> Double {
        let f = fraction(v)
        return f.isFinite ? min(max(f, 0), 1) : 0.5
    }

    /// The value at fraction `f` of the axis.
    func value(at f: Double) -> Double {
        let t = transform(lo) + f * (transform(hi) - transform(lo))
        return log ? pow(10, t) : t
    }

    /// `count + 1` evenly spaced ticks in fraction space, labelled with their values.
    func evenTicks(_ count: Int) -> [Tick] {
        let n = max(1, count)
        return (0...n).map { i in
            let f = Double(i) / Double(n)
            return Tick(fraction: f, label: formatCompact(value(at: f)))
        }
    }

    /// Ticks at round numbers (multiples of 1, 2 or 5 × 10^k), about `maxCount` of them.
    /// With `integral` the step is at least 1 and the axis's first value is labelled too
    /// when it is far enough from the next tick: epochs read 1, 5, 10 — never 3.25.
    func niceTicks(maxCount: Int, integral: Bool = false) -> [Tick] {
        let span = hi - lo
        guard span > 0, span.isFinite else { return evenTicks(1) }
        var step = niceStep(span / Double(max(1, maxCount)))
        if integral { step = max(1, step) }
        let first = (lo / step - 1e-9).rounded(.up) * step
        var values = Array(stride(from: first, through: hi + step * 1e-9, by: step))
        if integral, lo == lo.rounded(), values.first.map({ $0 - lo > step / 2 }) ?? true { values.insert(lo, at: 0) }
        // A short axis may hold one round number or none: label its ends instead.
        if values.count < 2 {
            for end in [lo, hi] where (!integral || end == end.rounded()) && !values.contains(where: { abs($0 - end) < step / 2 }) {
                values.append(end)
            }
            values.sort()
        }
        return values.map { v in
            let clean = abs(v) < step * 1e-9 ? 0 : v  // -1.1e-17 is zero
            return Tick(fraction: fraction(clean), label: formatCompact(clean))
        }
    }

    /// The smallest of 1, 2, 5 × 10^k that is at least `raw`.
    private func niceStep(_ raw: Double) -> Double {
        let power = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 5, 10] where m * power >= raw * (1 - 1e-9) { return m * power }
        return 10 * power
    }

    /// Ticks at powers of ten between lo and hi (every `step` decades so at most `maxCount`),
    /// labelled "1e-30" … "1e0": the exponent is what a learner reads off a gradient plot.
    func decadeTicks(maxCount: Int) -> [Tick] {
        let a = Int(ceil(log10(lo) - 1e-9)), b = Int(floor(log10(hi) + 1e-9))
        guard a <= b else { return evenTicks(1) }
        // Every 1, 2, 5, 10, 20, … decades: 1e-30, 1e-20, 1e-10, 1e0 rather than 1e-30, 1e-23, …
        let raw = Double(b - a) / Double(max(1, maxCount - 1))
        let step = [1, 2, 5, 10, 20, 50, 100].first { Double($0) >= raw } ?? 100
        let start = Int((Double(a) / Double(step)).rounded(.up)) * step
        return stride(from: start, through: b, by: step).map { k in
            Tick(fraction: fraction(pow(10, Double(k))), label: "1e\(k)")
        }
    }
}

struct Tick: Sendable, Equatable {
    let fraction: Double
    let label: String
}

/// Up to 4 significant digits, trailing zeros dropped: 2.302, 0.5, 1e-05, 1.235e+04.
func formatCompact(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    if v == 0 { return "0" }
    return stripMantissaZeros(String(format: "%.4g", v))
}

/// Scientific notation, 3 significant digits: 3.4e-08, 1e-30, 1.23e+00 — the exponent is
/// always shown, so values spanning thirty decades stay comparable at a glance.
func formatScientific(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    return stripMantissaZeros(String(format: "%.2e", v))
}

private func stripMantissaZeros(_ s: String) -> String {
    let parts = s.split(separator: "e", maxSplits: 1)
    var mantissa = String(parts[0])
    if mantissa.contains(".") {
        while mantissa.hasSuffix("0") { mantissa.removeLast() }
        if mantissa.hasSuffix(".") { mantissa.removeLast() }
    }
    return parts.count == 2 ? mantissa + "e" + parts[1] : mantissa
}

/// Tick labels along a horizontal axis of `width` columns: each label centred on its column,
/// nudged right to keep a space after the previous one (or dropped if that runs out of room),
/// and the last pulled left to end inside the axis.
func axisLabelLine(_ ticks: [(column: Int, label: String)], width: Int) -> String {
    var row = CellRow(width: width)
    var nextFree = 0
    for (column, label) in ticks {
        var start = max(0, column - label.count / 2)
        start = min(start, width - label.count)
        start = max(start, nextFree)
        guard start + label.count <= width else { continue }
        row.put(label, at: start)
        nextFree = start + label.count + 1
    }
    return row.line(.plain)
}

/// "at x = 5, 6, 7, …" for notes about skipped points.
func listPositions(_ xs: [Double]) -> String {
    let shown = xs.prefix(5).map(formatCompact).joined(separator: ", ")
    return xs.count > 5 ? shown + ", …" : shown
}
