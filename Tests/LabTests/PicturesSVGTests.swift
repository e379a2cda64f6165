// SVG export: every picture's document parses as well-formed XML (Foundation's XMLParser)
// and holds the elements that carry its content; write(svgTo:) is atomic and its errors
// name the path.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Lab
import ResNetKit

/// The elements of an XML document in order, with their attributes and text, or the
/// parser's error if it is not well-formed.
private final class Elements: NSObject, XMLParserDelegate {
    var all: [(name: String, attributes: [String: String])] = []
    var text = ""
    var error: Error?

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        all.append((name, attributes))
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    static func parse(_ svg: String) -> Elements {
        let e = Elements()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = e
        if !parser.parse(), e.error == nil { e.error = parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return e
    }

    func count(_ name: String) -> Int { all.filter { $0.name == name }.count }
}

@Suite("Pictures: SVG") struct PicturesSVGTests {
    @Test func imageIsOneRectPerPixelWithItsColour() throws {
        let svg = try ImagePicture(Tensor(shape: [2, 2], scalars: [0, 255, 128, 64]), range: 0...255).svg()
        let doc = Elements.parse(svg)
        #expect(doc.error == nil)
        #expect(doc.all.first?.name == "svg" && doc.all.first?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        let pixels = doc.all.filter { $0.name == "rect" && $0.attributes["width"] == "1" }
        #expect(pixels.map { $0.attributes["fill"]! } == ["#000000", "#ffffff", "#808080", "#404040"])
        #expect(pixels.last?.attributes["x"] == "1" && pixels.last?.attributes["y"] == "1")
    }

    @Test func gridHasEveryPixelAndCaption() throws {
        let batch = try ImagePicture.batch(Tensor.zeros([3, 4, 4, 1]))
        let doc = Elements.parse(try PictureGrid(batch, captions: ["Bag", "Coat", "T-shirt/top"], columns: 2).svg())
        #expect(doc.error == nil)
        #expect(doc.all.filter { $0.name == "rect" && $0.attributes["width"] == "1" }.count == 3 * 16)
        #expect(doc.text.contains("Bag") && doc.text.contains("Coat") && doc.text.contains("T-shirt/top"))
    }

    @Test func linePlotHasAxesPolylinesAndALegend() throws {
        let plot = try LinePlot(
            [.init("loss", [2, 1, .nan, 0.5, 0.4] as [Float]), .init("val <loss> & co", [2.1, 1.4, 1.1, 1, 0.9] as [Float])],
            title: "ResNet-20", xLabel: "epoch")
        let doc = Elements.parse(plot.svg())
        #expect(doc.error == nil)
        // loss is broken by its NaN into two runs; val_loss is one.
        #expect(doc.count("polyline") == 3)
        #expect(doc.count("circle") == 4 + 5)
        #expect(doc.all.contains { $0.name == "g" && $0.attributes["id"] == "axes" })
        #expect(doc.all.contains { $0.name == "g" && $0.attributes["id"] == "legend" })
        #expect(doc.text.contains("val <loss> & co") && doc.text.contains("ResNet-20") && doc.text.contains("epoch"))
        #expect(doc.text.contains("NaN/inf value at x = 3"))
    }

    @Test func barChartHasBarsValuesMarksAndDecadeTicks() throws {
        let chart = try BarChart(labels: ["conv1", "res2a", "dead", "fc"], values: [1e-30, 1e-12, 0, 0.3] as [Double], logScale: true)
        let doc = Elements.parse(chart.svg())
        #expect(doc.error == nil)
        let bars = doc.all.filter { $0.name == "rect" && $0.attributes["fill"] == RGB.palette[1].hex }
        #expect(bars.count == 3)
        let widths = bars.map { Double($0.attributes["width"]!)! }
        #expect(widths[0] < widths[1] && widths[1] < widths[2])
        for text in ["1e-30", "1e-12", "3e-01", "× 0 (zero has no log10)", "1e0", "(log10 scale)"] { #expect(doc.text.contains(text)) }
    }

    @Test func aBrokenDocumentIsCaught() {
        // The parser check itself can fail: an unclosed element is reported.
        #expect(Elements.parse("<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>").error != nil)
    }

    @Test func writeReplacesTheFileAtomicallyAndReportsBadPaths() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pictures-svg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let chart = try BarChart(labels: ["a"], values: [1] as [Float])
        let path = folder + "/chart.svg"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try chart.write(svgTo: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == chart.svg())
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["chart.svg"])  // no temporary left

        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        #expect(message { try chart.write(svgTo: folder + "/missing/chart.svg") }.contains("the folder '\(folder)/missing' does not exist"))
        #expect(message { try chart.write(svgTo: folder) }.contains("is a folder"))
        #expect(message { try chart.write(svgTo: "") }.contains("the path is empty"))
        #expect(throws: LabError.self) { try chart.write(svgTo: folder + "/missing/chart.svg") }
    }
}
