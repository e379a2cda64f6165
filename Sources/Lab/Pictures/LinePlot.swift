// A line plot of named series: loss and accuracy per epoch, or a value per layer.
//
// Plain characters, not Braille dots. Braille gives 2×4 dots per cell and smoother curves,
// but a cell has one colour and Braille dots carry no identity, so two series that cross —
// or any two series once NO_COLOR is set or the plot is pasted into a lesson — can no longer
// be told apart. Here every data point is its series' glyph (* o + x …) in its colour, and
// the segments between points are '·'; the glyphs work with or without colour, every font has
// them, and "the maximum is on the top row" is a check a test can make exactly.
//
// Rows map top = the largest value, bottom = the smallest (exact data range, no rounding to
// "nice" numbers, so the extremes sit on the first and last rows). Points that cannot be
// drawn — NaN, ±inf, or ≤ 0 on a log scale — are skipped, break the line, and are listed
// in a note under the legend.

import Foundation
import ResNetKit

/// A terminal line plot of one or more named series, with axes, ticks and a legend.
///
/// ```swift
/// let plot = try LinePlot([.init("loss", [2.30, 1.20, 0.81, 0.65]),
///                          .init("val_loss", [2.10, 1.35, 0.95, 0.90])],
///                         title: "ResNet-20 on CIFAR-10", xLabel: "epoch")
/// print(plot.rendered())
/// ```
public struct LinePlot: Picture {
    /// One named curve: `y[i]` drawn at `x[i]`.
    public struct Series: Sendable {
        /// The name shown in the legend.
        public let name: String
        /// Where each value is drawn along the x axis.
        public let x: [Double]
        /// The values; NaN and ±inf are allowed and are skipped with a note.
        public let y: [Double]

        /// A series; without `x` the points are at 1, 2, 3, … (epochs, as Keras counts them).
        ///
        /// ```swift
        /// let loss = LinePlot.Series("loss", history.figures["loss"]!)
        /// let norms = LinePlot.Series("grad norm", norms, x: (0..<norms.count).map(Double.init))
        /// ```
        public init<V: BinaryFloatingPoint>(_ name: String, _ values: [V], x: [Double]? = nil) {
            self.name = name
            self.y = values.map { Double($0) }
            self.x = x ?? (0..<values.count).map { Double($0 + 1) }
        }
    }

    /// The curves, drawn in order (later ones on top where they meet).
    public let series: [Series]
    /// A line above the plot.
    public let title: String?
    /// Axis names: under the x axis, above the y axis.
    public let xLabel: String?, yLabel: String?
    /// Plot the y axis as log10 (values ≤ 0 are skipped and noted).
    public let logY: Bool
    /// The plotting area in character cells, not counting tick labels and legend.
    public let width: Int, height: Int

    let xScale: Scale
    let yScale: Scale
    /// Points per series, nil where a value was skipped.
    let points: [[(x: Double, y: Double)?]]
    /// One line per series that had skipped values.
    let notes: [String]

    static let glyphs: [Character] = ["*", "o", "+", "x", "#", "%", "@", "&"]

    /// A plot; throws when there is nothing to draw or an argument is out of range.
    ///
    /// - Parameters:
    ///   - logY: log10 y axis; values ≤ 0 are skipped and noted.
    ///   - width: columns of the plotting area, 10…500 (tick labels and legend come on top).
    ///   - height: rows of the plotting area, 3…200.
    ///
    /// ```swift
    /// let plot = try LinePlot([.init("grad norm", norms)], yLabel: "‖∂L/∂W‖", logY: true, height: 10)
    /// ```
    public init(
        _ series: [Series], title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
        logY: Bool = false, width: Int = 60, height: Int = 15
    ) throws {
        guard !series.isEmpty else { throw LabError("LinePlot needs at least one series, received none") }
        guard (10...500).contains(width) else { throw LabError("LinePlot: width must be 10…500 columns, received width: \(width)") }
        guard (3...200).contains(height) else { throw LabError("LinePlot: height must be 3…200 rows, received height: \(height)") }
        var points: [[(x: Double, y: Double)?]] = [], notes: [String] = []
        for s in series {
            guard !s.y.isEmpty else { throw LabError("LinePlot: series '\(s.name)' is empty; give it at least one value") }
            guard s.x.count == s.y.count else {
                throw LabError("LinePlot: series '\(s.name)' has \(s.y.count) values but \(s.x.count) x positions; give one x per value")
            }
            if let bad = s.x.first(where: { !$0.isFinite }) {
                throw LabError("LinePlot: series '\(s.name)' has an x position of \(bad); x positions must be finite numbers")
            }
            let nonFinite = s.y.indices.filter { !s.y[$0].isFinite }
            let nonPositive = logY ? s.y.indices.filter { s.y[$0].isFinite && s.y[$0] <= 0 } : []
            if !nonFinite.isEmpty {
                notes.append(
                    "note: '\(s.name)' has \(nonFinite.count) NaN/inf value\(nonFinite.count == 1 ? "" : "s") at x = \(listPositions(nonFinite.map { s.x[$0] })), not drawn")
            }
            if !nonPositive.isEmpty {
                notes.append(
                    "note: '\(s.name)' has \(nonPositive.count) value\(nonPositive.count == 1 ? "" : "s") ≤ 0 at x = \(listPositions(nonPositive.map { s.x[$0] })), not drawn on a log scale"
                )
            }
            points.append(
                s.y.indices.map { i in
                    s.y[i].isFinite && (!logY || s.y[i] > 0) ? (s.x[i], s.y[i]) : nil
                })
        }
        let drawable = points.flatMap { $0.compactMap { $0 } }
        guard let yScale = Scale(covering: drawable.map(\.y), log: logY),
            let xScale = Scale(covering: drawable.map(\.x), log: false)
        else {
            throw LabError("LinePlot: nothing to draw — every value is NaN or infinite\(logY ? " or ≤ 0 (log scale)" : "")")
        }
        (self.series, self.title, self.xLabel, self.yLabel, self.logY) = (series, title, xLabel, yLabel, logY)
        (self.width, self.height, self.xScale, self.yScale, self.points, self.notes) = (width, height, xScale, yScale, points, notes)
    }

    /// A plot of training figures from `fit`'s `History`, one point per epoch.
    ///
    /// ```swift
    /// let history = try fit(model, x: x, y: y, epochs: 10, optimizer: Adam())
    /// print(try LinePlot(history: history, figures: ["accuracy", "val_accuracy"]).rendered())
    /// ```
    public init(
        history: History, figures: [String] = ["loss", "val_loss"], title: String? = nil,
        logY: Bool = false, width: Int = 60, height: Int = 15
    ) throws {
        let available = history.figures.keys.sorted()
        // The default asks for val_loss too; a fit without validation data simply has none.
        if figures != ["loss", "val_loss"], let missing = figures.first(where: { history.figures[$0] == nil }) {
            let hint = closest(to: missing, in: available).map { " Did you mean '\($0)'?" } ?? ""
            throw LabError("LinePlot: the history has no figure '\(missing)'.\(hint) It has: \(available.joined(separator: ", "))")
        }
        let wanted = figures.filter { history.figures[$0] != nil }
        guard !wanted.isEmpty else {
            throw LabError("LinePlot: the history has none of \(figures); it has: \(available.isEmpty ? "nothing (no epoch finished)" : available.joined(separator: ", "))")
        }
        try self.init(
            wanted.map { Series($0, history.figures[$0]!) }, title: title, xLabel: "epoch",
            logY: logY, width: width, height: height)
    }

    /// The row (0 = top) where `y` is drawn: the maximum lands on row 0, the minimum on the last.
    func row(_ y: Double) -> Int {
        Int(((1 - yScale.clampedFraction(y)) * Double(height - 1)).rounded())
    }

    /// The column (0 = left edge of the plotting area) where `x` is drawn.
    func column(_ x: Double) -> Int {
        Int((xScale.clampedFraction(x) * Double(width - 1)).rounded())
    }

    /// Up to 5 labelled rows on the y axis, evenly spaced (values taken at those rows).
    var yTicks: [Tick] { yScale.evenTicks(max(1, min(4, (height - 1) / 2))) }

    /// x ticks at round numbers; whole numbers when every x is one (epochs, layer indices).
    func xTicks(count: Int) -> [Tick] {
        let integral = series.allSatisfy { $0.x.allSatisfy { $0 == $0.rounded() } }
        return xScale.niceTicks(maxCount: count, integral: integral)
    }

    /// The colour of series `k`.
    static func colour(_ k: Int) -> RGB { RGB.palette[k % RGB.palette.count] }
    /// The glyph of series `k`.
    static func glyph(_ k: Int) -> Character { glyphs[k % glyphs.count] }
}
