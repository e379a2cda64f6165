// An image tensor drawn in the terminal with half blocks.
//
// One character cell holds two pixels stacked vertically: '▀' painted with the upper pixel as
// its foreground and the lower pixel as its background. Terminal cells are about twice as tall
// as wide, so this keeps pixels square: a 28×28 image is 28 columns × 14 rows.
//
//   x: (H, W), (H, W, C) or (1, H, W, C) with C = 1 (grayscale) or 3 (RGB)
//
// Values map linearly to 0…255 from a range: the image's own min…max by default, or a fixed
// one (0...255 for raw Fashion-MNIST) so that several images share one brightness scale.

import Foundation
import ResNetKit

/// An image tensor as a picture: half-block colour in a terminal, a character ramp in plain
/// text, one rectangle per pixel in SVG.
///
/// ```swift
/// let x = try FashionMNIST.loadSubset(split: .test).images   // (1000, 28, 28, 1), 0…255
/// print(try ImagePicture(x[0], range: 0...255).rendered())
/// print(try ImagePicture(x[0], range: 0...255, scale: 2).rendered(.plain))
/// ```
public struct ImagePicture: Picture {
    /// Image size in pixels.
    public let height: Int, width: Int
    /// 1 for grayscale, 3 for RGB.
    public let channels: Int
    /// Each pixel is drawn as a `scale`×`scale` square.
    public let scale: Int
    /// Row-major colours; nil for a pixel that is NaN.
    let pixels: [RGB?]

    /// Brightness ramp for plain text, darkest first: a blank background stays blank.
    static let ramp: [Character] = Array(" .:-=+*#%@")
    /// The largest `scale`: beyond it one image outgrows any terminal.
    static let maxScale = 16

    /// Terminal columns the picture occupies.
    public var columns: Int { width * scale }
    /// Terminal rows the picture occupies (two pixel rows per text row).
    public var rows: Int { (height * scale + 1) / 2 }

    /// A picture of one image.
    ///
    /// - Parameters:
    ///   - image: shape (H, W), (H, W, C) or (1, H, W, C), with C = 1 or 3.
    ///   - range: the values drawn as black and white (clamped outside it); nil uses the
    ///     image's own finite min…max. A flat image with no range given is drawn black.
    ///   - scale: each pixel becomes a `scale`×`scale` square, 1…16.
    ///
    /// ```swift
    /// let picture = try ImagePicture(x[0], range: 0...255, scale: 2)   // 56 columns × 28 rows
    /// ```
    public init(_ image: Tensor, range: ClosedRange<Float>? = nil, scale: Int = 1) throws {
        let (h, w, c) = try ImagePicture.geometry(image.shape, what: "ImagePicture")
        let range = try ImagePicture.resolve(range, image.scalars, what: "ImagePicture")
        try self.init(h: h, w: w, c: c, scalars: image.scalars[...], range: range, scale: scale)
    }

    /// One picture per image of a batch (N, H, W, C), all on one brightness scale — the
    /// batch's min…max unless `range` is given — so brighter really means larger.
    ///
    /// ```swift
    /// let samples = try ImagePicture.batch(x[0..<10], range: 0...255)
    /// print(try PictureGrid(samples, captions: names).rendered())
    /// ```
    public static func batch(_ images: Tensor, range: ClosedRange<Float>? = nil, scale: Int = 1) throws -> [ImagePicture] {
        guard images.shape.count == 4 else {
            throw LabError("ImagePicture.batch expects a batch of shape (N, H, W, C), received shape \(images.shape) (\(images.shape.count)-D); for one image use ImagePicture(x)")
        }
        let n = images.shape[0]
        guard n > 0 else { throw LabError("ImagePicture.batch received an empty batch (shape \(images.shape)); take some images first, e.g. x[0..<10]") }
        let (h, w, c) = try geometry(Array(images.shape.dropFirst()), what: "ImagePicture.batch")
        let range = try resolve(range, images.scalars, what: "ImagePicture.batch")
        let size = h * w * c
        return try (0..<n).map { i in
            try ImagePicture(h: h, w: w, c: c, scalars: images.scalars[(i * size)..<((i + 1) * size)], range: range, scale: scale)
        }
    }

    private init(h: Int, w: Int, c: Int, scalars: ArraySlice<Float>, range: (lo: Double, hi: Double), scale: Int) throws {
        guard (1...ImagePicture.maxScale).contains(scale) else {
            throw LabError("ImagePicture: scale must be a whole number from 1 to \(ImagePicture.maxScale), received scale: \(scale)")
        }
        (height, width, channels, self.scale) = (h, w, c, scale)
        func byte(_ v: Float) -> UInt8 {
            guard range.hi > range.lo else { return 0 }
            let t = (min(max(Double(v), range.lo), range.hi) - range.lo) / (range.hi - range.lo)
            return UInt8((t * 255).rounded())
        }
        let base = scalars.startIndex
        pixels = (0..<(h * w)).map { p in
            let px = scalars[(base + p * c)..<(base + p * c + c)]
            if px.contains(where: \.isNaN) { return nil }
            return c == 1 ? RGB(gray: byte(px.first!)) : RGB(byte(px[px.startIndex]), byte(px[px.startIndex + 1]), byte(px[px.startIndex + 2]))
        }
    }

    /// (H, W, C) from an accepted shape, or an error that says which shapes are accepted.
    static func geometry(_ shape: [Int], what: String) throws -> (Int, Int, Int) {
        let hwc: [Int]
        switch shape.count {
        case 2: hwc = shape + [1]
        case 3: hwc = shape
        case 4 where shape[0] == 1: hwc = Array(shape.dropFirst())
        case 4:
            throw LabError("\(what) draws one image, received a batch of \(shape[0]) (shape \(shape)); use ImagePicture.batch(x) with PictureGrid, or pick one image with x[0]")
        default:
            throw LabError("\(what) expects an image of shape (H, W), (H, W, C) or (1, H, W, C), received shape \(shape) (\(shape.count)-D)")
        }
        guard hwc[0] > 0, hwc[1] > 0 else {
            throw LabError("\(what) received an empty image (shape \(shape)); height and width must be at least 1")
        }
        guard hwc[2] == 1 || hwc[2] == 3 else {
            throw LabError("\(what) draws 1 channel (grayscale) or 3 (RGB), received \(hwc[2]) channels (shape \(shape)); to see one feature map take its channel first")
        }
        return (hwc[0], hwc[1], hwc[2])
    }

    /// The fixed range, or the finite min…max of the values.
    static func resolve(_ range: ClosedRange<Float>?, _ values: [Float], what: String) throws -> (lo: Double, hi: Double) {
        if let range {
            guard range.lowerBound.isFinite, range.upperBound.isFinite else {
                throw LabError("\(what): range must have finite ends, received range: \(range)")
            }
            return (Double(range.lowerBound), Double(range.upperBound))
        }
        var lo = Float.infinity, hi = -Float.infinity
        for v in values where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
        return lo <= hi ? (Double(lo), Double(hi)) : (0, 0)
    }

    /// The colour of the pixel at (row, column) of the scaled picture; nil for NaN.
    func pixel(_ r: Int, _ c: Int) -> RGB? { pixels[(r / scale) * width + c / scale] }

    /// The picture as text, lines not trimmed: every line is exactly `columns` cells wide,
    /// which is what `PictureGrid` needs to put pictures side by side.
    func lines(_ style: TerminalStyle) -> [String] {
        let h = height * scale
        return stride(from: 0, to: h, by: 2).map { r in
            var line = ""
            for c in 0..<columns {
                // lower: .none below an odd last row (nothing there), .some(nil) for a NaN pixel.
                let upper = pixel(r, c), lower: RGB?? = r + 1 < h ? .some(pixel(r + 1, c)) : .none
                switch style {
                case .color:
                    line += (upper ?? .notANumber).foreground
                    if case .some(let l) = lower { line += (l ?? .notANumber).background } else { line += ANSI.defaultBackground }
                    line += "▀"
                case .plain:
                    line.append(ImagePicture.rampCharacter(upper, lower))
                }
            }
            return style == .color ? line + ANSI.reset : line
        }
    }

    /// The ramp character for a pair of pixels (their mean brightness); '?' if either is NaN.
    static func rampCharacter(_ upper: RGB?, _ lower: RGB??) -> Character {
        guard let upper else { return "?" }
        var luma = upper.luma
        if case .some(let l) = lower {
            guard let l else { return "?" }
            luma = (luma + l.luma) / 2
        }
        return ramp[min(ramp.count - 1, Int(luma / 256 * Double(ramp.count)))]
    }

    /// The image: colour half blocks, or the character ramp " .:-=+*#%@" in plain text.
    ///
    /// ```swift
    /// print(try ImagePicture(x[0], range: 0...255).rendered(.plain))
    /// ```
    public func rendered(_ style: TerminalStyle) -> String {
        trimmingTrailingSpaces(lines(style).joined(separator: "\n"))
    }

    /// A standalone SVG: one square per pixel, `8 × scale` units wide; NaN pixels magenta.
    ///
    /// ```swift
    /// try ImagePicture(x[0], range: 0...255).write(svgTo: "sample.svg")
    /// ```
    public func svg() -> String {
        let size = Double(8 * scale)
        var s = svgHeader(
            width: Double(width) * size, height: Double(height) * size,
            title: "image \(height)×\(width)×\(channels)")
        s += "<g transform=\"scale(\(svgNumber(size)))\">\n" + svgRects() + "</g>\n</svg>\n"
        return s
    }

    /// The pixels as unit squares at (column, row), crisp-edged so viewers don't blur them.
    func svgRects() -> String {
        var s = "<g shape-rendering=\"crispEdges\">\n"
        for r in 0..<height {
            for c in 0..<width {
                s += "<rect x=\"\(c)\" y=\"\(r)\" width=\"1\" height=\"1\" fill=\"\((pixels[r * width + c] ?? .notANumber).hex)\"/>\n"
            }
        }
        return s + "</g>\n"
    }
}
