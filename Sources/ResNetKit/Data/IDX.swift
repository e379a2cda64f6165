// The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
//
//   magic: 00 00 <type> <ndims>     type 0x08 = unsigned byte; ndims = 3 for images, 1 for labels
//   ndims × big-endian UInt32 dims   (N, H, W) for images, (N) for labels
//   data: product(dims) bytes, row-major
//
// so images are 0x00000803 and labels 0x00000801. Files may be gzipped (detected by the
// gzip magic 1f 8b, whatever their name). Every header field is checked against the file's
// real length before anything is allocated, so a damaged download gives a message, not a
// crash or a 4-GB allocation.

import Foundation

/// The contents of an IDX file: unsigned bytes in row-major order, and their dimensions.
///
/// ```swift
/// let labels = try IDXArray(shape: [3], bytes: [7, 2, 1])
/// try IDX.write(labels, path: "labels-idx1-ubyte.gz")
/// ```
public struct IDXArray: Sendable, Equatable {
    /// The dimensions, outermost first: `[N, 28, 28]` for Fashion-MNIST images.
    public let shape: [Int]
    /// The values, `shape.product` of them.
    public let bytes: [UInt8]

    /// An IDX array; `bytes.count` must equal the product of `shape`.
    public init(shape: [Int], bytes: [UInt8]) throws {
        guard !shape.isEmpty, shape.count <= 255, shape.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) }) else {
            throw ResNetError(.invalidArgument, "IDXArray: shape must have 1–255 dimensions, each in 0...\(UInt32.max); received \(describe(shape))")
        }
        guard let n = IDX.product(shape), n == bytes.count else {
            throw ResNetError(.shapeMismatch, "IDXArray: shape \(describe(shape)) needs \(IDX.product(shape).map(String.init) ?? "too many") bytes, received \(bytes.count)")
        }
        self.shape = shape
        self.bytes = bytes
    }

    init(unchecked shape: [Int], bytes: [UInt8]) {
        self.shape = shape
        self.bytes = bytes
    }

    /// The IDX magic number this array is written with: `0x00000800 | rank`.
    public var magic: UInt32 { 0x0000_0800 | UInt32(shape.count) }
}

/// Reading and writing IDX files, plain or gzipped.
///
/// ```swift
/// let images = try IDX.readImages(path: "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")
/// images.shape   // [10000, 28, 28, 1], values 0…255
/// ```
public enum IDX {
    /// Magic number of an image file: unsigned bytes, 3 dimensions (N, H, W).
    public static let imagesMagic: UInt32 = 0x0000_0803
    /// Magic number of a label file: unsigned bytes, 1 dimension (N).
    public static let labelsMagic: UInt32 = 0x0000_0801

    /// Reads an IDX file of unsigned bytes, gzipped or not.
    ///
    /// ```swift
    /// let raw = try IDX.read(path: "train-labels-idx1-ubyte.gz")
    /// raw.shape   // [60000]
    /// ```
    public static func read(path: String) throws -> IDXArray {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ResNetError(.io, "IDX: cannot read '\(path)' (no such file, or not readable)")
        }
        return try parse([UInt8](data), source: path)
    }

    /// Parses the bytes of an IDX file (gzipped or not); `source` names it in errors.
    ///
    /// ```swift
    /// let a = try IDX.parse([0, 0, 8, 1, 0, 0, 0, 2, 5, 9])   // shape [2], bytes [5, 9]
    /// ```
    public static func parse(_ file: [UInt8], source: String = "IDX data") throws -> IDXArray {
        let bytes = Gzip.isGzip(file) ? try Gzip.decompress(file, source: source) : file
        func corrupt(_ why: String) -> ResNetError {
            ResNetError(.corruptFile, "IDX: '\(source)' is not a valid IDX file: \(why)")
        }
        guard bytes.count >= 4 else {
            throw corrupt("it has only \(bytes.count) bytes; the magic number alone takes 4")
        }
        let magic = bigEndian(bytes, at: 0)
        guard bytes[0] == 0, bytes[1] == 0 else {
            // A failed download often saves an HTML error page under the data's name.
            let text = bytes.prefix(64).allSatisfy { $0 == 9 || $0 == 10 || $0 == 13 || (32..<127).contains($0) }
            throw corrupt(
                "wrong magic number \(hex(magic)); IDX files start with 00 00, a type byte and the number of dimensions (images 0x00000803, labels 0x00000801)\(text ? ". The file looks like text — perhaps an HTML error page saved instead of the data; download it again" : "")"
            )
        }
        guard bytes[2] == 0x08 else {
            throw corrupt(
                "magic \(hex(magic)) declares data type 0x\(String(bytes[2], radix: 16)) (\(typeName(bytes[2]))); only unsigned bytes (0x08), as in MNIST and Fashion-MNIST, are supported"
            )
        }
        let rank = Int(bytes[3])
        guard rank >= 1 else { throw corrupt("magic \(hex(magic)) declares 0 dimensions") }
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw corrupt("the header is truncated: magic \(hex(magic)) declares \(rank) dimensions (\(headerSize) header bytes) but the data has only \(bytes.count) bytes")
        }
        let shape = (0..<rank).map { Int(bigEndian(bytes, at: 4 + 4 * $0)) }
        guard let count = product(shape), count <= Gzip.maximumSize else {
            throw corrupt("dimensions \(describe(shape)) multiply to more than \(Gzip.maximumSize) elements; the header is damaged")
        }
        let body = bytes.count - headerSize
        guard body >= count else {
            throw corrupt("the data is truncated: dimensions \(describe(shape)) need \(count) bytes after the \(headerSize)-byte header, found \(body)")
        }
        guard body == count else {
            throw corrupt("\(body - count) unexpected bytes after the \(count) data bytes of dimensions \(describe(shape))")
        }
        return IDXArray(unchecked: shape, bytes: Array(bytes[headerSize...]))
    }

    /// Reads an image file (magic 0x00000803) as floats 0…255 of shape (N, H, W, 1).
    ///
    /// ```swift
    /// let x = try IDX.readImages(path: "train-images-idx3-ubyte.gz")   // [60000, 28, 28, 1]
    /// ```
    public static func readImages(path: String) throws -> Tensor {
        let a = try read(path: path)
        try expect(a, imagesMagic, "an image file (N, H, W)", path)
        return Tensor(unchecked: a.shape + [1], scalars: a.bytes.map(Float.init))
    }

    /// Reads a label file (magic 0x00000801) as class indices of shape (N).
    ///
    /// ```swift
    /// let y = try IDX.readLabels(path: "train-labels-idx1-ubyte.gz")   // [60000]
    /// ```
    public static func readLabels(path: String) throws -> Tensor {
        let a = try read(path: path)
        try expect(a, labelsMagic, "a label file (N)", path)
        return Tensor(unchecked: a.shape, scalars: a.bytes.map(Float.init))
    }

    /// The bytes of an uncompressed IDX file holding `array`.
    public static func encode(_ array: IDXArray) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 + 4 * array.shape.count + array.bytes.count)
        for word in [array.magic] + array.shape.map({ UInt32($0) }) {
            out += [UInt8(word >> 24), UInt8((word >> 16) & 0xFF), UInt8((word >> 8) & 0xFF), UInt8(word & 0xFF)]
        }
        return out + array.bytes
    }

    /// Writes `array` as an IDX file, gzipped when `gzip` is true (by default: when the
    /// path ends in `.gz`), replacing the file atomically.
    ///
    /// ```swift
    /// try IDX.write(IDXArray(shape: [2], bytes: [3, 4]), path: "labels-idx1-ubyte.gz")
    /// ```
    public static func write(_ array: IDXArray, path: String, gzip: Bool? = nil) throws {
        let plain = encode(array)
        let data = (gzip ?? path.hasSuffix(".gz")) ? try Gzip.compress(plain) : plain
        do { try Data(data).write(to: URL(fileURLWithPath: path), options: .atomic) } catch { throw ResNetError(.io, "IDX: cannot write '\(path)': \(error.localizedDescription)") }
    }

    /// Writes images (N, H, W) or (N, H, W, 1) of whole numbers 0…255 as an IDX image file.
    ///
    /// ```swift
    /// try IDX.writeImages(dataset.images, path: "images-idx3-ubyte.gz")
    /// ```
    public static func writeImages(_ images: Tensor, path: String, gzip: Bool? = nil) throws {
        guard images.rank == 3 || (images.rank == 4 && images.shape[3] == 1) else {
            throw ResNetError(.shapeMismatch, "IDX.writeImages: expected grey images (N, H, W) or (N, H, W, 1), received shape \(describe(images.shape))")
        }
        try write(IDXArray(shape: Array(images.shape.prefix(3)), bytes: unsignedBytes(images, "IDX.writeImages")), path: path, gzip: gzip)
    }

    /// Writes labels (N) of whole numbers 0…255 as an IDX label file.
    ///
    /// ```swift
    /// try IDX.writeLabels(dataset.labels, path: "labels-idx1-ubyte.gz")
    /// ```
    public static func writeLabels(_ labels: Tensor, path: String, gzip: Bool? = nil) throws {
        guard labels.rank == 1 else {
            throw ResNetError(.shapeMismatch, "IDX.writeLabels: expected class indices of shape (N), received shape \(describe(labels.shape))")
        }
        try write(IDXArray(shape: labels.shape, bytes: unsignedBytes(labels, "IDX.writeLabels")), path: path, gzip: gzip)
    }

    // MARK: helpers

    /// The product of `dims`, or nil when it overflows.
    static func product(_ dims: [Int]) -> Int? {
        var total = 1
        for d in dims {
            let (p, overflow) = total.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            total = p
        }
        return total
    }

    private static func expect(_ a: IDXArray, _ magic: UInt32, _ what: String, _ path: String) throws {
        guard a.magic == magic else {
            let hint =
                a.magic == imagesMagic
                ? " (that is an image file — are images and labels swapped?)"
                : a.magic == labelsMagic ? " (that is a label file — are images and labels swapped?)" : ""
            throw ResNetError(.corruptFile, "IDX: '\(path)' has magic \(hex(a.magic)) with shape \(describe(a.shape)); expected \(what), magic \(hex(magic))\(hint)")
        }
    }

    private static func unsignedBytes(_ t: Tensor, _ what: String) throws -> [UInt8] {
        try t.scalars.enumerated().map { i, v in
            guard v >= 0, v <= 255, v == v.rounded() else {
                throw ResNetError(.invalidArgument, "\(what): element \(i) is \(formatScalar(v)); IDX stores whole numbers 0…255 (write raw pixels, before scaling or normalising)")
            }
            return UInt8(v)
        }
    }

    private static func bigEndian(_ b: [UInt8], at i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    private static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    private static func typeName(_ code: UInt8) -> String {
        switch code {
        case 0x09: return "signed byte"
        case 0x0B: return "16-bit integer"
        case 0x0C: return "32-bit integer"
        case 0x0D: return "32-bit float"
        case 0x0E: return "64-bit float"
        default: return "not an IDX type"
        }
    }
}

extension Dataset {
    /// A dataset from an IDX image file and its IDX label file.
    ///
    /// ```swift
    /// let d = try Dataset.readIDX(images: "t10k-images-idx3-ubyte.gz", labels: "t10k-labels-idx1-ubyte.gz",
    ///                             classNames: FashionMNIST.classNames)
    /// ```
    public static func readIDX(images imagesPath: String, labels labelsPath: String, classNames: [String]) throws -> Dataset {
        let images = try IDX.readImages(path: imagesPath)
        let labels = try IDX.readLabels(path: labelsPath)
        guard labels.count == images.shape[0] else {
            throw ResNetError(.corruptFile, "IDX: '\(labelsPath)' has \(labels.count) labels but '\(imagesPath)' has \(images.shape[0]) images; they must come from the same split")
        }
        if let bad = labels.scalars.firstIndex(where: { Int($0) >= classNames.count }) {
            throw ResNetError(.corruptFile, "IDX: '\(labelsPath)' has label \(Int(labels.scalars[bad])) at position \(bad); expected class indices 0..<\(classNames.count)")
        }
        return try Dataset(images: images, labels: labels, classNames: classNames)
    }
}
