// ImagePicture and PictureGrid: exact escape sequences for known pixels, the plain-text
// ramp, accepted shapes and clear errors for the rest.

import Foundation
import Testing
@testable import Lab
import ResNetKit

private let esc = "\u{1B}["

/// The 2×2 image [[0, 255], [128, 64]] in 0…255: one text row, two cells; each cell's
/// foreground is the upper pixel and its background the lower one.
private let twoByTwo: [Float] = [0, 255, 128, 64]
private let twoByTwoExpected =
    "\(esc)38;2;0;0;0m\(esc)48;2;128;128;128m▀" + "\(esc)38;2;255;255;255m\(esc)48;2;64;64;64m▀" + "\(esc)0m"

@Suite("Pictures: images") struct PicturesImageTests {
    @Test func twoByTwoImageRendersToTheExactEscapeSequence() throws {
        let x = try Tensor(shape: [2, 2], scalars: twoByTwo)
        #expect(try ImagePicture(x, range: 0...255).rendered(.color) == twoByTwoExpected)
    }

    /// The exact-match check above can fail: the same image flipped upside down, or
    /// mirrored, renders differently and does not match.
    @Test func aFlippedImageDoesNotMatchTheExpectedRendering() throws {
        let flipped = try Tensor(shape: [2, 2], scalars: [128, 64, 0, 255])
        let mirrored = try Tensor(shape: [2, 2], scalars: [255, 0, 64, 128])
        #expect(try ImagePicture(flipped, range: 0...255).rendered(.color) != twoByTwoExpected)
        #expect(try ImagePicture(mirrored, range: 0...255).rendered(.color) != twoByTwoExpected)
    }

    @Test func acceptedShapesRenderAlike() throws {
        let hw = try ImagePicture(Tensor(shape: [2, 2], scalars: twoByTwo), range: 0...255)
        let hwc = try ImagePicture(Tensor(shape: [2, 2, 1], scalars: twoByTwo), range: 0...255)
        let nhwc = try ImagePicture(Tensor(shape: [1, 2, 2, 1], scalars: twoByTwo), range: 0...255)
        #expect(hw.rendered(.color) == hwc.rendered(.color))
        #expect(hw.rendered(.color) == nhwc.rendered(.color))
    }

    @Test func rgbPixelsKeepTheirColoursAndAnOddLastRowUsesTheDefaultBackground() throws {
        // One row of two pixels, red then blue; min…max of all channels is 0…1.
        let x = try Tensor(shape: [1, 2, 3], scalars: [1, 0, 0, 0, 0, 1])
        let expected = "\(esc)38;2;255;0;0m\(esc)49m▀\(esc)38;2;0;0;255m\(esc)49m▀\(esc)0m"
        #expect(try ImagePicture(x).rendered(.color) == expected)
    }

    @Test func automaticRangeStretchesMinimumToBlackAndMaximumToWhite() throws {
        let x = try Tensor(shape: [2, 1], scalars: [-0.5, 0.25])  // normalised data
        #expect(try ImagePicture(x).rendered(.color) == "\(esc)38;2;0;0;0m\(esc)48;2;255;255;255m▀\(esc)0m")
    }

    @Test func fixedRangeClampsValuesOutsideIt() throws {
        let x = try Tensor(shape: [2, 1], scalars: [-10, 300])
        #expect(try ImagePicture(x, range: 0...255).rendered(.color) == "\(esc)38;2;0;0;0m\(esc)48;2;255;255;255m▀\(esc)0m")
    }

    @Test func plainFallbackUsesTheCharacterRamp() throws {
        // Pair means: (0 + 128) / 2 = 64 → ':' ; (255 + 64) / 2 = 159.5 → '*' on " .:-=+*#%@".
        let x = try Tensor(shape: [2, 2], scalars: twoByTwo)
        let text = try ImagePicture(x, range: 0...255).rendered(.plain)
        #expect(text == ":*")
        #expect(!text.contains("\u{1B}"))
    }

    @Test func plainLinesHaveNoTrailingSpaces() throws {
        // Right half black: the ramp draws it as spaces, which are trimmed.
        let x = try Tensor(shape: [4, 4], scalars: [255, 255, 0, 0, 255, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0])
        let text = try ImagePicture(x).rendered(.plain)
        #expect(text == "@@\n@")
        #expect(!text.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }

    @Test func a28By28ImageIs28ColumnsBy14RowsAndScaleMultiplies() throws {
        let x = try Tensor(shape: [28, 28, 1], scalars: (0..<784).map { Float($0 % 28) })
        for scale in [1, 2] {
            let picture = try ImagePicture(x, scale: scale)
            #expect(picture.columns == 28 * scale && picture.rows == 14 * scale)
            let colour = picture.rendered(.color).split(separator: "\n")
            #expect(colour.count == 14 * scale)
            #expect(colour.allSatisfy { $0.filter { $0 == "▀" }.count == 28 * scale })
            let plain = picture.rendered(.plain).split(separator: "\n")
            #expect(plain.count == 14 * scale)
            #expect(plain.allSatisfy { $0.count == 28 * scale && $0.first == " " && $0.last == "@" })
        }
    }

    @Test func nanPixelsAreMagentaOrAQuestionMark() throws {
        let x = try Tensor(shape: [2, 2], scalars: [.nan, 1, 0, 1])
        let picture = try ImagePicture(x)
        #expect(picture.rendered(.color).hasPrefix("\(esc)38;2;255;0;255m"))
        #expect(picture.rendered(.plain) == "?@")
    }

    @Test func batchSharesOneBrightnessScale() throws {
        let pictures = try ImagePicture.batch(Tensor(shape: [2, 2, 1, 1], scalars: [0, 0, 10, 10]))
        #expect(pictures.count == 2)
        #expect(pictures[0].rendered(.plain) == "")  // black, trimmed away
        #expect(pictures[1].rendered(.plain) == "@")
    }

    @Test func badShapesAndArgumentsThrowClearErrors() throws {
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "no error" } catch { return "\(error)" }
        }
        let fiveD = message { try ImagePicture(Tensor.zeros([1, 2, 2, 2, 1])) }
        #expect(fiveD.contains("(H, W), (H, W, C) or (1, H, W, C)") && fiveD.contains("5-D") && fiveD.contains("[1, 2, 2, 2, 1]"))
        #expect(message { try ImagePicture(Tensor.zeros([2, 28, 28, 1])) }.contains("batch of 2"))
        #expect(message { try ImagePicture(Tensor.zeros([4, 4, 2])) }.contains("received 2 channels"))
        #expect(message { try ImagePicture(Tensor.zeros([0, 4])) }.contains("empty image"))
        #expect(message { try ImagePicture(Tensor.zeros([4, 4]), scale: 0) }.contains("scale must be a whole number from 1 to 16"))
        #expect(message { try ImagePicture(Tensor.zeros([4, 4]), range: 0...Float.infinity) }.contains("finite"))
        #expect(message { try ImagePicture.batch(Tensor.zeros([4, 4])) }.contains("(N, H, W, C)"))
        #expect(throws: LabError.self) { try ImagePicture(Tensor.zeros([1, 1, 1, 1, 1])) }
    }

    @Test func colourIsOffForNoColorDumbTerminalsAndPipes() {
        #expect(TerminalStyle.detect(environment: [:], isTerminal: true) == .color)
        #expect(TerminalStyle.detect(environment: [:], isTerminal: false) == .plain)
        #expect(TerminalStyle.detect(environment: ["NO_COLOR": "1"], isTerminal: true) == .plain)
        #expect(TerminalStyle.detect(environment: ["NO_COLOR": ""], isTerminal: true) == .color)
        #expect(TerminalStyle.detect(environment: ["TERM": "dumb"], isTerminal: true) == .plain)
    }
}

@Suite("Pictures: grids") struct PicturesGridTests {
    @Test func gridPutsPicturesSideBySideWithCentredCaptions() throws {
        let white = try ImagePicture(Tensor(shape: [2, 2], scalars: [1, 1, 1, 1]), range: 0...1)
        let grid = try PictureGrid([white, white, white], captions: ["a", "bb", "ccc"], columns: 2, gap: 1)
        // "ccc" is wider than a 2-column cell: cut to "c…".
        #expect(grid.rendered(.plain) == "@@ @@\na  bb\n@@\nc…")
    }

    @Test func gridOfTenFashionMNISTSizedImagesInColour() throws {
        let batch = try ImagePicture.batch(Tensor.zeros([10, 28, 28, 1]), range: 0...255)
        let names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
        let lines = try PictureGrid(batch, captions: names).rendered(.color).split(separator: "\n")
        #expect(lines.count == 2 * (14 + 1))
        #expect(lines[0].filter { $0 == "▀" }.count == 5 * 28)
        #expect(lines[14].contains("T-shirt/top") && lines[29].contains("Ankle boot"))
    }

    @Test func gridRejectsBadArguments() throws {
        let p = try ImagePicture(Tensor.zeros([2, 2]))
        #expect(throws: LabError.self) { try PictureGrid([p, p], captions: ["one"]) }
        #expect(throws: LabError.self) { try PictureGrid([]) }
        #expect(throws: LabError.self) { try PictureGrid([p], columns: 0) }
    }
}
