// BarChart: bars ordered by value on a log scale with exponents shown, marks for values
// a scale cannot place, an exact small chart, negative values, and clear errors.

import Foundation
import Testing
@testable import Lab
import ResNetKit

/// The bar length of each row in eighths of a cell, read back from the block characters.
private func barEighths(_ line: Substring) -> Int {
    line.reduce(0) { sum, c in sum + ((BarChart.eighths.firstIndex(of: c)).map { $0 + 1 } ?? 0) }
}

@Suite("Pictures: bar charts") struct PicturesBarChartTests {
    @Test func logScaleOrdersBarsByValueAndShowsExponents() throws {
        let chart = try BarChart(labels: ["a", "b", "c", "d"], values: [1e-30, 1e-10, 1, 1e-20] as [Double], logScale: true)
        let lines = chart.rendered(.plain).split(separator: "\n")
        #expect(lines[0] == "(log10 scale)")
        let rows = Array(lines[1...4])
        let length = rows.map(barEighths)
        #expect(length[0] < length[3] && length[3] < length[1] && length[1] < length[2])  // a < d < b < c
        #expect(rows[0].hasSuffix(" 1e-30") && rows[1].hasSuffix(" 1e-10") && rows[2].hasSuffix(" 1e+00") && rows[3].hasSuffix(" 1e-20"))
        // The axis is labelled by powers of ten from 1e-30 to 1e0.
        let axis = String(lines[6])
        for label in ["1e-30", "1e-20", "1e-10", "1e0"] { #expect(axis.contains(label)) }
        // A full-width bar for the largest value: 30 decades are all 40 cells.
        #expect(length[2] == 40 * 8)
    }

    @Test func zerosNegativesNaNAndInfinityAreMarkedNotDrawn() throws {
        let chart = try BarChart(labels: ["ok", "zero", "nan", "neg", "inf"], values: [0.5, 0, .nan, -1, .infinity] as [Float], logScale: true)
        let rows = chart.rendered(.plain).split(separator: "\n").dropFirst()
        // The only drawable value: 0.5 is 0.7 of the way from 1e-1 to 1e0 on a 40-cell axis.
        #expect(rows[1].hasSuffix(" 5e-01") && barEighths(rows[1]) == 224)
        #expect(rows[2].hasSuffix("│× 0 (zero has no log10)"))
        #expect(rows[3].hasSuffix("│× NaN"))
        #expect(rows[4].hasSuffix("│× -1 (negative: no log10)"))
        #expect(rows[5].hasSuffix("│× inf"))
        #expect(rows.dropFirst().prefix(4).allSatisfy { barEighths($0) == 0 })
        let colour = chart.rendered(.color)
        #expect(colour.contains(RGB.warning.foreground + "×"))
    }

    @Test func exactPlainRenderingOfALinearChart() throws {
        let chart = try BarChart(labels: ["a", "bb", "ccc"], values: [1, 0.5, 0.0625] as [Float], width: 10)
        let expected = """
            a   │██████████ 1
            bb  │█████ 0.5
            ccc │▋ 0.0625
                └┬────┬───┬
                 0   0.5  1
            """
        #expect(chart.rendered(.plain) == expected)
    }

    @Test func negativeValuesGrowLeftFromZero() throws {
        let chart = try BarChart(labels: ["up", "down"], values: [1, -1] as [Float], width: 10)
        let rows = chart.rendered(.plain).split(separator: "\n")
        #expect(rows[0] == "up   │     █████ 1")
        #expect(rows[1] == "down │█████ -1")
    }

    @Test func aTinyNonzeroValueStillGetsABar() throws {
        let rows = try BarChart(labels: ["big", "tiny", "none"], values: [1000, 0.001, 0] as [Float]).rendered(.plain).split(separator: "\n")
        #expect(barEighths(rows[1]) == 1)
        #expect(barEighths(rows[2]) == 0 && rows[2].hasSuffix("│0"))
    }

    @Test func badInputThrowsAClearError() {
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "no error" } catch { return "\(error)" }
        }
        #expect(message { try BarChart(labels: [], values: [Float]()) }.contains("at least one value"))
        #expect(message { try BarChart(labels: ["a"], values: [1, 2] as [Float]) }.contains("1 labels but 2 values"))
        #expect(message { try BarChart(labels: ["a"], values: [1] as [Float], width: 3) }.contains("width must be 10…300"))
        #expect(message { try BarChart(gradients: []) }.contains("no rows"))
    }
}
