// What every picture offers: text in a terminal style, a standalone SVG document, and an
// atomic write of that SVG to a file. The SVG helpers keep every document well-formed
// (escaped text) and byte-for-byte deterministic (fixed number formatting).

import Foundation
import ResNetKit

/// Something the lab can draw in the terminal and export as SVG.
///
/// ```swift
/// let plot = try LinePlot(history: history)
/// print(plot.rendered())
/// try plot.write(svgTo: "loss.svg")
/// ```
public protocol Picture: Sendable {
    /// The picture as text in the given style; lines joined by "\n", no final newline.
    func rendered(_ style: TerminalStyle) -> String
    /// A standalone SVG document.
    func svg() -> String
}

extension Picture {
    /// The picture in the style the current terminal supports.
    ///
    /// ```swift
    /// print(try BarChart(labels: ["conv1", "fc"], values: [0.5, 2]).rendered())
    /// ```
    public func rendered() -> String { rendered(.current) }

    /// Writes `svg()` to `path` atomically: a crash mid-write leaves any previous file intact.
    /// Throws a `LabError` naming the path and the reason when the file cannot be written.
    ///
    /// ```swift
    /// try LinePlot(history: history).write(svgTo: "loss.svg")
    /// ```
    public func write(svgTo path: String) throws {
        guard !path.isEmpty else { throw LabError("write(svgTo:): the path is empty; give a file name such as \"plot.svg\"") }
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw LabError("write(svgTo:): '\(path)' is a folder; give a file name such as \"\(path)/plot.svg\"")
        }
        let folder = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LabError("write(svgTo:): cannot write '\(path)': the folder '\(folder)' does not exist; create it first")
        }
        do {
            try AtomicFile.write(Array(svg().utf8), to: path)
        } catch {
            throw LabError("write(svgTo:): \(error)")
        }
    }
}

/// Escapes text for SVG attribute values and text nodes.
func xmlEscaped(_ s: String) -> String {
    var out = ""
    for c in s {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default:
            // XML 1.0 forbids most control characters, even escaped: drop them.
            if let a = c.asciiValue, a < 0x20, a != 0x09, a != 0x0A, a != 0x0D { continue }
            out.append(c)
        }
    }
    return out
}

/// A coordinate for SVG: two decimals are far below a pixel, and fixed formatting keeps the
/// document byte-for-byte deterministic.
func svgNumber(_ x: Double) -> String {
    let s = String(format: "%.2f", x)
    return s == "-0.00" ? "0.00" : s
}

/// The opening of a standalone SVG document with a white background, so it reads the same
/// in dark-mode viewers.
func svgHeader(width: Double, height: Double, title: String?) -> String {
    var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    s +=
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\" viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(height))\" font-family=\"monospace\" font-size=\"12\">\n"
    if let title { s += "<title>\(xmlEscaped(title))</title>\n" }
    s += "<rect x=\"0\" y=\"0\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\" fill=\"#ffffff\"/>\n"
    return s
}
