// Several images side by side with a caption under each: ten Fashion-MNIST samples with
// their class names, or what each filter of a layer responds to.

import Foundation
import ResNetKit

/// Images in rows of `columns`, each with an optional caption centred beneath it.
///
/// ```swift
/// let test = try FashionMNIST.loadSubset(split: .test)
/// let samples = try ImagePicture.batch(test.images[0..<10], range: 0...255)
/// let names = (0..<10).map { FashionMNIST.classNames[test.label($0)] }
/// print(try PictureGrid(pictures, captions: names).rendered())
/// ```
public struct PictureGrid: Picture {
    /// The pictures, left to right and top to bottom.
    public let pictures: [ImagePicture]
    /// One caption per picture, or none.
    public let captions: [String]
    /// Pictures per row.
    public let columns: Int
    /// Blank columns between neighbouring pictures.
    public let gap: Int

    /// A grid of pictures; `captions` is empty or has one entry per picture.
    ///
    /// ```swift
    /// let grid = try PictureGrid(pictures, captions: ["Coat", "Bag"], columns: 5)
    /// ```
    public init(_ pictures: [ImagePicture], captions: [String] = [], columns: Int = 5, gap: Int = 2) throws {
        guard !pictures.isEmpty else { throw LabError("PictureGrid needs at least one picture, received none") }
        guard captions.isEmpty || captions.count == pictures.count else {
            throw LabError("PictureGrid: \(pictures.count) pictures but \(captions.count) captions; give one caption per picture, or none")
        }
        guard columns >= 1 else { throw LabError("PictureGrid: columns must be at least 1, received columns: \(columns)") }
        guard (0...16).contains(gap) else { throw LabError("PictureGrid: gap must be 0…16 columns, received gap: \(gap)") }
        (self.pictures, self.captions, self.columns, self.gap) = (pictures, captions, columns, gap)
    }

    /// The widest picture sets the cell width, so captions and pictures line up in columns.
    var cellWidth: Int { pictures.map(\.columns).max()! }

    /// The caption cut to the cell width (ending in '…' when cut) and centred in it.
    func captionCell(_ i: Int) -> String {
        let w = cellWidth
        var text = i < captions.count ? captions[i].replacingOccurrences(of: "\n", with: " ") : ""
        if text.count > w { text = String(text.prefix(max(0, w - 1))) + "…" }
        let left = (w - text.count) / 2
        return String(repeating: " ", count: left) + text + String(repeating: " ", count: w - left - text.count)
    }

    /// The grid: each row of pictures (shorter ones padded below), then its captions.
    ///
    /// ```swift
    /// print(try PictureGrid(pictures, captions: names).rendered(.plain))
    /// ```
    public func rendered(_ style: TerminalStyle) -> String {
        let w = cellWidth
        let spacer = String(repeating: " ", count: gap)
        var out: [String] = []
        for start in stride(from: 0, to: pictures.count, by: columns) {
            let row = Array(start..<min(start + columns, pictures.count))
            let blocks = row.map { pictures[$0].lines(style) }
            let tall = blocks.map(\.count).max()!
            for line in 0..<tall {
                out.append(
                    row.indices.map { k in
                        let p = pictures[row[k]]
                        let text = line < blocks[k].count ? blocks[k][line] : ""
                        let drawn = line < blocks[k].count ? p.columns : 0
                        return text + String(repeating: " ", count: w - drawn)
                    }.joined(separator: spacer))
            }
            if !captions.isEmpty { out.append(row.map(captionCell).joined(separator: spacer)) }
        }
        return trimmingTrailingSpaces(out.joined(separator: "\n"))
    }

    /// A standalone SVG: the pictures in the same layout, captions as text beneath them.
    ///
    /// ```swift
    /// try PictureGrid(pictures, captions: names).write(svgTo: "samples.svg")
    /// ```
    public func svg() -> String {
        // Each picture keeps its own scale; 8 units per scaled pixel as in ImagePicture.svg().
        let unit = 8.0, margin = 10.0, captionHeight = captions.isEmpty ? 0.0 : 20.0
        let cellW = Double(pictures.map { $0.width * $0.scale }.max()!) * unit
        let gridColumns = min(columns, pictures.count)
        var rowHeights: [Double] = []
        for start in stride(from: 0, to: pictures.count, by: columns) {
            rowHeights.append(Double(pictures[start..<min(start + columns, pictures.count)].map { $0.height * $0.scale }.max()!) * unit)
        }
        let width = margin + Double(gridColumns) * (cellW + margin)
        let height = margin + rowHeights.reduce(0) { $0 + $1 + captionHeight + margin }
        var s = svgHeader(width: width, height: height, title: "\(pictures.count) images")
        var y = margin
        for (r, rowHeight) in rowHeights.enumerated() {
            for k in 0..<columns where r * columns + k < pictures.count {
                let i = r * columns + k, p = pictures[i]
                let x = margin + Double(k) * (cellW + margin)
                s += "<g transform=\"translate(\(svgNumber(x)) \(svgNumber(y))) scale(\(svgNumber(unit * Double(p.scale))))\">\n"
                s += p.svgRects() + "</g>\n"
                if i < captions.count {
                    s += "<text x=\"\(svgNumber(x + cellW / 2))\" y=\"\(svgNumber(y + rowHeight + 15))\" text-anchor=\"middle\">\(xmlEscaped(captions[i]))</text>\n"
                }
            }
            y += rowHeight + captionHeight + margin
        }
        return s + "</svg>\n"
    }
}
