// BarChart as text and as SVG. Text layout:
//
//   title (log10 scale)
//   conv1/kernel  │██████████████████████████▌ 3.1e-01
//   dead/kernel   │× 0 (zero has no log10)
//                 └┬─────────┬─────────┬─────┬
//                  1e-30     1e-20     1e-10 1e0

extension BarChart {
    /// The chart as text: one row per value, the value at the bar's end, an axis with ticks.
    ///
    /// ```swift
    /// print(try BarChart(labels: ["a", "b"], values: [1e-12, 0.5], logScale: true).rendered(.plain))
    /// ```
    public func rendered(_ style: TerminalStyle) -> String {
        let names = shownLabels
        let labelWidth = names.map(\.count).max() ?? 0
        var lines: [String] = []
        let header = [title, logScale ? "(log10 scale)" : nil].compactMap { $0 }.joined(separator: " ")
        if !header.isEmpty { lines.append(header) }

        for (name, v) in zip(names, values) {
            var row = CellRow(width: width + 40)
            if let why = problem(v) {
                row.put("× " + why, at: originCell, colour: RGB.warning)
            } else {
                let (start, end) = extent(v)
                let colour = v < 0 ? RGB.palette[0] : RGB.palette[1]
                for cell in (start / 8)..<((end + 7) / 8) {
                    let covered = min(end, cell * 8 + 8) - max(start, cell * 8)
                    row[cell] = (BarChart.eighths[max(1, covered) - 1], colour)
                }
                let after = v < 0 ? originCell + 1 : (end + 7) / 8 + 1
                row.put(valueText(v), at: v == 0 ? originCell : after)
            }
            lines.append(name + String(repeating: " ", count: labelWidth - name.count) + " │" + row.line(style))
        }

        let ticks = self.ticks(maxCount: max(2, width / 8)).map {
            (column: min(width - 1, Int(($0.fraction * Double(width)).rounded())), label: $0.label)
        }
        if !ticks.isEmpty {
            var axis = Array(repeating: Character("─"), count: width)
            for t in ticks { axis[t.column] = "┬" }
            lines.append(String(repeating: " ", count: labelWidth + 1) + "└" + String(axis))
            lines.append(String(repeating: " ", count: labelWidth + 2) + axisLabelLine(ticks, width: width))
        }
        return trimmingTrailingSpaces(lines.joined(separator: "\n"))
    }

    /// A standalone SVG: one rect per bar, labels on the left, values at the bar ends,
    /// '×' and the reason for values that have no bar, and the value axis with its ticks.
    ///
    /// ```swift
    /// try BarChart(gradients: model.gradientRows(kernelsOnly: true)).write(svgTo: "grads.svg")
    /// ```
    public func svg() -> String {
        let rowH = 22.0, cell = 12.0
        let labelW = Double(shownLabels.map(\.count).max() ?? 0) * 7.5 + 20
        let top = title == nil && !logScale ? 10.0 : 36.0
        let barW = Double(width) * cell
        let totalW = labelW + barW + 130, totalH = top + Double(values.count) * rowH + 50
        let header = [title, logScale ? "(log10 scale)" : nil].compactMap { $0 }.joined(separator: " ")
        var s = svgHeader(width: totalW, height: totalH, title: header.isEmpty ? "bar chart" : header)
        if !header.isEmpty { s += "<text x=\"10\" y=\"22\" font-size=\"14\">\(xmlEscaped(header))</text>\n" }

        s += "<g id=\"bars\">\n"
        for (i, (name, v)) in zip(shownLabels, values).enumerated() {
            let y = top + Double(i) * rowH
            s += "<text x=\"\(svgNumber(labelW - 8))\" y=\"\(svgNumber(y + 15))\" text-anchor=\"end\">\(xmlEscaped(name))</text>\n"
            if let why = problem(v) {
                s +=
                    "<text class=\"mark\" x=\"\(svgNumber(labelW + Double(originCell) * cell + 4))\" y=\"\(svgNumber(y + 15))\" fill=\"\(RGB.warning.hex)\">× \(xmlEscaped(why))</text>\n"
                continue
            }
            let (start, end) = extent(v)
            let x0 = labelW + Double(start) / 8 * cell, x1 = labelW + Double(end) / 8 * cell
            let colour = v < 0 ? RGB.palette[0] : RGB.palette[1]
            s += "<rect x=\"\(svgNumber(x0))\" y=\"\(svgNumber(y + 3))\" width=\"\(svgNumber(x1 - x0))\" height=\"\(svgNumber(rowH - 6))\" fill=\"\(colour.hex)\"/>\n"
            let textX = v < 0 ? labelW + Double(originCell) * cell + 6 : x1 + 6
            s += "<text class=\"value\" x=\"\(svgNumber(textX))\" y=\"\(svgNumber(y + 15))\">\(xmlEscaped(valueText(v)))</text>\n"
        }
        s += "</g>\n"

        let axisY = top + Double(values.count) * rowH + 4
        s += "<g id=\"axis\" stroke=\"#333333\">\n"
        s += "<line x1=\"\(svgNumber(labelW))\" y1=\"\(svgNumber(top))\" x2=\"\(svgNumber(labelW))\" y2=\"\(svgNumber(axisY))\"/>\n"
        s += "<line x1=\"\(svgNumber(labelW))\" y1=\"\(svgNumber(axisY))\" x2=\"\(svgNumber(labelW + barW))\" y2=\"\(svgNumber(axisY))\"/>\n"
        let ticks = self.ticks(maxCount: max(2, width / 8))
        for t in ticks {
            let x = labelW + t.fraction * barW
            s += "<line x1=\"\(svgNumber(x))\" y1=\"\(svgNumber(axisY))\" x2=\"\(svgNumber(x))\" y2=\"\(svgNumber(axisY + 5))\"/>\n"
        }
        s += "</g>\n<g id=\"tick-labels\" fill=\"#333333\">\n"
        for t in ticks {
            s += "<text x=\"\(svgNumber(labelW + t.fraction * barW))\" y=\"\(svgNumber(axisY + 20))\" text-anchor=\"middle\">\(xmlEscaped(t.label))</text>\n"
        }
        return s + "</g>\n</svg>\n"
    }
}
