// LinePlot as text. Layout, top to bottom:
//
//   title
//   y label (and "log10 scale")
//   tick label ┤ plotting area, `height` rows × `width` columns
//              └─┬──────┬────  x axis with tick marks
//                1      5      x tick labels
//                 epoch        x label, centred
//                * loss   o val_loss        legend
//   note: …                                 skipped points

extension LinePlot {
    /// The plot as text: series glyphs and '·' segments, coloured in `.color` style.
    ///
    /// ```swift
    /// print(try LinePlot([.init("loss", [2.3, 1.2, 0.8])]).rendered(.plain))
    /// ```
    public func rendered(_ style: TerminalStyle) -> String {
        var grid = (0..<height).map { _ in CellRow(width: width) }

        // Segments first, then markers on top, so every data point shows its series' glyph.
        for (k, pts) in points.enumerated() {
            for i in pts.indices.dropLast() {
                guard let a = pts[i], let b = pts[i + 1] else { continue }
                let (c0, r0, c1, r1) = (column(a.x), row(a.y), column(b.x), row(b.y))
                let steps = max(abs(c1 - c0), abs(r1 - r0))
                guard steps > 1 else { continue }
                for t in 1..<steps {
                    let c = c0 + Int((Double((c1 - c0) * t) / Double(steps)).rounded())
                    let r = r0 + Int((Double((r1 - r0) * t) / Double(steps)).rounded())
                    grid[r][c] = ("·", LinePlot.colour(k))
                }
            }
        }
        for (k, pts) in points.enumerated() {
            for p in pts.compactMap({ $0 }) {
                grid[row(p.y)][column(p.x)] = (LinePlot.glyph(k), LinePlot.colour(k))
            }
        }

        let ticks = yTicks
        let tickRows = Dictionary(
            ticks.map { (Int(((1 - $0.fraction) * Double(height - 1)).rounded()), $0.label) },
            uniquingKeysWith: { first, _ in first })
        let labelWidth = ticks.map(\.label.count).max() ?? 0
        let indent = String(repeating: " ", count: labelWidth + 2)

        var lines: [String] = []
        if let title { lines.append(indent + title) }
        let header = [yLabel, logY ? "(log10 scale)" : nil].compactMap { $0 }.joined(separator: " ")
        if !header.isEmpty { lines.append(header) }
        for r in 0..<height {
            let label = tickRows[r] ?? ""
            let axis = tickRows[r] == nil ? "│" : "┤"
            lines.append(String(repeating: " ", count: labelWidth - label.count) + label + " " + axis + grid[r].line(style))
        }

        let xt = xTicks(count: max(1, min(8, (width - 1) / 6))).map { (column: Int(($0.fraction * Double(width - 1)).rounded()), label: $0.label) }
        var axisLine = Array(repeating: Character("─"), count: width)
        for t in xt { axisLine[t.column] = "┬" }
        lines.append(String(repeating: " ", count: labelWidth + 1) + "└" + String(axisLine))
        lines.append(indent + axisLabelLine(xt, width: width))
        if let xLabel { lines.append(indent + String(repeating: " ", count: max(0, (width - xLabel.count) / 2)) + xLabel) }

        lines.append(
            indent
                + series.indices.map { k in
                    ANSI.paint("\(LinePlot.glyph(k)) \(series[k].name)", LinePlot.colour(k), style)
                }.joined(separator: "   "))
        lines += notes
        return trimmingTrailingSpaces(lines.joined(separator: "\n"))
    }
}
