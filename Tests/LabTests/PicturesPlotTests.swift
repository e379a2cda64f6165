// LinePlot: extremes on the first and last rows, log scale, skipped points, a single
// point, colours and glyphs per series, and clear errors for empty input.

import Foundation
import Testing
@testable import Lab
import ResNetKit

/// The rows of the plotting area: the lines with the y axis ('┤' at ticks, '│' between).
private func plotRows(_ text: String) -> [[Character]] {
    text.split(separator: "\n").filter { $0.contains("┤") || $0.contains("│") }.map(Array.init)
}

private func message(_ body: () throws -> Any) -> String {
    do { _ = try body(); return "no error" } catch { return "\(error)" }
}

@Suite("Pictures: line plots") struct PicturesPlotTests {
    @Test func maximumIsOnTheTopRowAndMinimumOnTheBottomRow() throws {
        // x = 1…4; columns round((x - 1) / 3 × 19): x = 2 → 6, x = 3 → 13.
        let plot = try LinePlot([.init("loss", [3, 9, 1, 5] as [Float])], width: 20, height: 6)
        let rows = plotRows(plot.rendered(.plain))
        #expect(rows.count == 6)
        #expect(String(rows[0]).hasPrefix("9 ┤"))
        #expect(String(rows[5]).hasPrefix("1 ┤"))
        #expect(rows[0].firstIndex(of: "*") == 3 + 6)  // 9 at x = 2
        #expect(rows[5].firstIndex(of: "*") == 3 + 13)  // 1 at x = 3
        #expect(rows[0].filter { $0 == "*" }.count == 1 && rows[5].filter { $0 == "*" }.count == 1)
    }

    @Test func exactPlainRenderingOfASmallPlot() throws {
        let plot = try LinePlot([.init("loss", [4, 2, 1, 0] as [Float])], xLabel: "epoch", width: 10, height: 5)
        let expected = """
            4 ┤*
              │ ··
            2 ┤   *·
              │     ·*·
            0 ┤        ·*
              └┬────────┬
               1        4
                 epoch
               * loss
            """
        #expect(plot.rendered(.plain) == expected)
    }

    @Test func logScaleSpacesDecadesEvenly() throws {
        let plot = try LinePlot([.init("grad", [1e-6, 1e-3, 1] as [Double])], logY: true, width: 11, height: 5)
        let text = plot.rendered(.plain)
        #expect(text.contains("(log10 scale)"))
        let rows = plotRows(text)
        #expect(rows[4].contains("*") && rows[2].contains("*") && rows[0].contains("*"))
        #expect(rows[1].firstIndex(of: "*") == nil && rows[3].firstIndex(of: "*") == nil)
    }

    @Test func nanAndInfinityAreSkippedBreakTheLineAndAreNoted() throws {
        let plot = try LinePlot([.init("val_loss", [1, .nan, 3, .infinity, 2] as [Float])], width: 20, height: 5)
        let text = plot.rendered(.plain)
        let rows = plotRows(text)
        #expect(rows.map { $0.filter { $0 == "*" }.count }.reduce(0, +) == 3)
        #expect(text.contains("note: 'val_loss' has 2 NaN/inf values at x = 2, 4, not drawn"))
        // x = 1 and x = 3 are not neighbours in the data: no segment between them.
        #expect(!String(rows[2]).contains("··"))
    }

    @Test func valuesNotAboveZeroAreNotedOnALogScale() throws {
        let text = try LinePlot([.init("grad", [1e-3, 0, 1] as [Double])], logY: true).rendered(.plain)
        #expect(text.contains("note: 'grad' has 1 value ≤ 0 at x = 2, not drawn on a log scale"))
    }

    @Test func aSinglePointIsDrawnInTheMiddle() throws {
        let rows = plotRows(try LinePlot([.init("acc", [0.91] as [Float])], width: 21, height: 5).rendered(.plain))
        #expect(rows.count == 5)
        let row = rows[2]
        #expect(row.filter { $0 == "*" }.count == 1)
        #expect(row.firstIndex(of: "*")! - row.firstIndex(of: "┤")! - 1 == 10)
    }

    @Test func seriesHaveDistinctGlyphsColoursAndALegend() throws {
        let plot = try LinePlot([.init("loss", [2, 1] as [Float]), .init("val_loss", [3, 2] as [Float])], width: 20, height: 5)
        let plain = plot.rendered(.plain)
        #expect(plain.contains("* loss   o val_loss"))
        let colour = plot.rendered(.color)
        #expect(colour.contains(RGB.palette[0].foreground + "*") && colour.contains(RGB.palette[1].foreground + "o"))
        #expect(colour.contains("\u{1B}[38;2;230;159;0m* loss\u{1B}[0m"))
    }

    @Test func plainOutputHasNoEscapesNoTrailingSpacesAndIsDeterministic() throws {
        let make = {
            try LinePlot(
                [.init("loss", [2.3, 1.1, 0.8, 0.7, 0.65] as [Float]), .init("acc", [0.1, 0.5, 0.7, 0.8, 0.85] as [Float])],
                title: "ResNet-20", xLabel: "epoch", yLabel: "value")
        }
        let text = try make().rendered(.plain)
        #expect(!text.contains("\u{1B}"))
        #expect(!text.split(separator: "\n").contains { $0.hasSuffix(" ") })
        #expect(try make().rendered(.plain) == text && make().rendered(.color) == make().rendered(.color))
    }

    @Test func valuesSpanningMoreThanADoubleHoldsDoNotTrap() throws {
        // max − min overflows to inf: the scale degrades (points to the middle), never traps.
        _ = try LinePlot([.init("huge", [1e308, -1e308] as [Double])]).rendered(.plain)
        _ = try LinePlot([.init("huge", [1, 2] as [Double], x: [-1e308, 1e308])]).svg()
        _ = try BarChart(labels: ["up", "down"], values: [1e308, -1e308] as [Double]).rendered(.plain)
    }

    @Test func emptyOrUnusableInputThrowsAClearError() {
        #expect(message { try LinePlot([.init("loss", [Float]())]) }.contains("series 'loss' is empty"))
        #expect(message { try LinePlot([]) }.contains("at least one series"))
        #expect(message { try LinePlot([.init("loss", [1, 2] as [Float], x: [1])]) }.contains("2 values but 1 x positions"))
        #expect(message { try LinePlot([.init("loss", [Float.nan, .nan])]) }.contains("nothing to draw"))
        #expect(message { try LinePlot([.init("g", [0, -1] as [Float])], logY: true) }.contains("≤ 0 (log scale)"))
        #expect(message { try LinePlot([.init("loss", [1] as [Float])], width: 2) }.contains("width must be 10…500"))
        #expect(message { try LinePlot([.init("loss", [1] as [Float])], height: 1) }.contains("height must be 3…200"))
    }
}
