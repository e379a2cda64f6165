// LinePlot as SVG: the same scales, ticks, legend and notes as the text, with one polyline
// per unbroken run of points (a skipped NaN breaks the line, as in the terminal) and a dot on
// every point, so a single-point series is still visible.

extension LinePlot {
    /// A standalone SVG document: axes with tick labels, one polyline per series, a legend.
    ///
    /// ```swift
    /// try LinePlot(history: history).write(svgTo: "loss.svg")
    /// ```
    public func svg() -> String {
        // The terminal's cell proportions (about 1:2) carry over: 60×15 cells → 600×300.
        let plotW = Double(width) * 10, plotH = Double(height) * 20
        let left = 80.0, top = title == nil ? 30.0 : 50.0
        let legendY = top + plotH + (xLabel == nil ? 50 : 70)
        let totalW = left + plotW + 30
        let totalH = legendY + Double(series.count) * 18 + Double(notes.count) * 16 + 10
        func px(_ x: Double) -> Double { left + xScale.clampedFraction(x) * plotW }
        func py(_ y: Double) -> Double { top + (1 - yScale.clampedFraction(y)) * plotH }

        var s = svgHeader(width: totalW, height: totalH, title: title ?? series.map(\.name).joined(separator: ", "))
        if let title {
            s += "<text x=\"\(svgNumber(left + plotW / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">\(xmlEscaped(title))</text>\n"
        }

        s += "<g id=\"axes\" stroke=\"#333333\" stroke-width=\"1\">\n"
        s += "<line x1=\"\(svgNumber(left))\" y1=\"\(svgNumber(top))\" x2=\"\(svgNumber(left))\" y2=\"\(svgNumber(top + plotH))\"/>\n"
        s += "<line x1=\"\(svgNumber(left))\" y1=\"\(svgNumber(top + plotH))\" x2=\"\(svgNumber(left + plotW))\" y2=\"\(svgNumber(top + plotH))\"/>\n"
        let yt = yScale.evenTicks(4), xt = xTicks(count: 6)
        for t in yt {
            let y = top + (1 - t.fraction) * plotH
            s += "<line x1=\"\(svgNumber(left - 5))\" y1=\"\(svgNumber(y))\" x2=\"\(svgNumber(left))\" y2=\"\(svgNumber(y))\"/>\n"
        }
        for t in xt {
            let x = left + t.fraction * plotW
            s += "<line x1=\"\(svgNumber(x))\" y1=\"\(svgNumber(top + plotH))\" x2=\"\(svgNumber(x))\" y2=\"\(svgNumber(top + plotH + 5))\"/>\n"
        }
        s += "</g>\n<g id=\"tick-labels\" fill=\"#333333\" stroke=\"none\">\n"
        for t in yt {
            s += "<text x=\"\(svgNumber(left - 8))\" y=\"\(svgNumber(top + (1 - t.fraction) * plotH + 4))\" text-anchor=\"end\">\(xmlEscaped(t.label))</text>\n"
        }
        for t in xt {
            s += "<text x=\"\(svgNumber(left + t.fraction * plotW))\" y=\"\(svgNumber(top + plotH + 20))\" text-anchor=\"middle\">\(xmlEscaped(t.label))</text>\n"
        }
        s += "</g>\n"
        if let xLabel {
            s += "<text x=\"\(svgNumber(left + plotW / 2))\" y=\"\(svgNumber(top + plotH + 42))\" text-anchor=\"middle\">\(xmlEscaped(xLabel))</text>\n"
        }
        let header = [yLabel, logY ? "(log10 scale)" : nil].compactMap { $0 }.joined(separator: " ")
        if !header.isEmpty {
            s +=
                "<text x=\"16\" y=\"\(svgNumber(top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(svgNumber(top + plotH / 2)))\">\(xmlEscaped(header))</text>\n"
        }

        for (k, pts) in points.enumerated() {
            let colour = LinePlot.colour(k).hex
            s += "<g id=\"series-\(k)\" class=\"series\" stroke=\"\(colour)\" fill=\"\(colour)\">\n"
            // Split at skipped points: each unbroken run is one polyline.
            var run: [(x: Double, y: Double)] = []
            func flush() {
                if run.count > 1 {
                    s += "<polyline fill=\"none\" stroke-width=\"2\" points=\"" + run.map { "\(svgNumber(px($0.x))),\(svgNumber(py($0.y)))" }.joined(separator: " ") + "\"/>\n"
                }
                run = []
            }
            for p in pts { if let p { run.append(p) } else { flush() } }
            flush()
            for p in pts.compactMap({ $0 }) {
                s += "<circle cx=\"\(svgNumber(px(p.x)))\" cy=\"\(svgNumber(py(p.y)))\" r=\"3\" stroke=\"none\"/>\n"
            }
            s += "</g>\n"
        }

        s += "<g id=\"legend\">\n"
        for (k, one) in series.enumerated() {
            let y = legendY + Double(k) * 18
            s +=
                "<line x1=\"\(svgNumber(left))\" y1=\"\(svgNumber(y - 4))\" x2=\"\(svgNumber(left + 24))\" y2=\"\(svgNumber(y - 4))\" stroke=\"\(LinePlot.colour(k).hex)\" stroke-width=\"2\"/>\n"
            s += "<text x=\"\(svgNumber(left + 32))\" y=\"\(svgNumber(y))\">\(xmlEscaped(one.name))</text>\n"
        }
        s += "</g>\n"
        for (i, note) in notes.enumerated() {
            s += "<text class=\"note\" x=\"10\" y=\"\(svgNumber(legendY + Double(series.count) * 18 + Double(i) * 16))\" fill=\"\(RGB.warning.hex)\">\(xmlEscaped(note))</text>\n"
        }
        return s + "</svg>\n"
    }
}
