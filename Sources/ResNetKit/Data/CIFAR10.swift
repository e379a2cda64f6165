// CIFAR-10's "binary version" (https://www.cs.toronto.edu/~kriz/cifar.html): files of
// 3073-byte records,
//
//   1 label byte (0…9) | 1024 red | 1024 green | 1024 blue     each plane 32×32, row-major
//
// five training files data_batch_1.bin … data_batch_5.bin (10,000 records each) and
// test_batch.bin. Planes are channels-first, so each record is transposed to NHWC
// (32, 32, 3) — the layout of `keras.datasets.cifar10.load_data()` and the seeds.
// The set cannot be downloaded from inside ResNet Lab; a learner points at a copy.

import Foundation

/// Loads CIFAR-10 from its binary files as a `Dataset`: images (N, 32, 32, 3) as floats
/// 0…255, labels 0…9.
///
/// ```swift
/// let train = try CIFAR10.load(directory: "/data/cifar-10-batches-bin", split: .train)
/// train.images.shape   // [50000, 32, 32, 3]
/// ```
public enum CIFAR10 {
    /// Which files to read: the five training batches or the test batch.
    public enum Split: String, Sendable, CaseIterable {
        case train, test
    }

    /// The class names, by label (batches.meta.txt).
    public static let classNames = [
        "airplane", "automobile", "bird", "cat", "deer",
        "dog", "frog", "horse", "ship", "truck",
    ]

    /// Image side, channels, and the bytes of one record (label + 32·32·3 pixels).
    public static let side = 32, channels = 3
    public static let recordSize = 1 + side * side * channels

    /// The files of a split, in the order they are concatenated.
    ///
    /// ```swift
    /// CIFAR10.fileNames(.test)   // ["test_batch.bin"]
    /// ```
    public static func fileNames(_ split: Split) -> [String] {
        split == .train ? (1...5).map { "data_batch_\($0).bin" } : ["test_batch.bin"]
    }

    /// The split's images and labels from `directory`, which holds the `.bin` files or the
    /// `cifar-10-batches-bin` folder the archive unpacks to.
    ///
    /// ```swift
    /// let test = try CIFAR10.load(directory: "/data", split: .test)   // 10000 images
    /// ```
    public static func load(directory: String, split: Split) throws -> Dataset {
        let base = URL(fileURLWithPath: directory)
        let folders = [base, base.appendingPathComponent("cifar-10-batches-bin")]
        let names = fileNames(split)
        guard let folder = folders.first(where: { f in names.allSatisfy { FileManager.default.fileExists(atPath: f.appendingPathComponent($0).path) } }) else {
            let present = folders.flatMap { f in names.filter { FileManager.default.fileExists(atPath: f.appendingPathComponent($0).path) } }
            let missing = present.isEmpty ? "no CIFAR-10 binary files" : "only \(present.joined(separator: ", ")) of \(names.joined(separator: ", "))"
            throw ResNetError(
                .io,
                """
                CIFAR10: '\(directory)' has \(missing) (looked there and in its cifar-10-batches-bin/ folder). \
                CIFAR-10 cannot be downloaded from inside ResNet Lab: get the "CIFAR-10 binary version" \
                (cifar-10-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html, unpack it, and pass \
                the folder as `directory:`. Fashion-MNIST (`FashionMNIST.loadSubset`) works offline.
                """)
        }
        var parts: [(Tensor, Tensor)] = []
        for name in names {
            let path = folder.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ResNetError(.io, "CIFAR10: cannot read '\(path)' (not readable)")
            }
            parts.append(try parse([UInt8](data), source: path))
        }
        let images = try Tensor.concatenate(parts.map(\.0)), labels = try Tensor.concatenate(parts.map(\.1))
        return Dataset(unchecked: images, labels: labels, classes: 10, classNames: classNames)
    }

    /// Decodes one batch file's bytes into images (N, 32, 32, 3) and labels (N);
    /// `source` names the file in errors.
    ///
    /// ```swift
    /// let (x, y) = try CIFAR10.parse(bytes, source: "test_batch.bin")
    /// ```
    public static func parse(_ bytes: [UInt8], source: String = "CIFAR-10 data") throws -> (images: Tensor, labels: Tensor) {
        guard !bytes.isEmpty, bytes.count % recordSize == 0 else {
            throw ResNetError(
                .corruptFile,
                "CIFAR10: '\(source)' has \(bytes.count) bytes, not a positive multiple of the \(recordSize)-byte record (1 label + 3072 pixels); the file is truncated or not a CIFAR-10 binary batch\(bytes.count % 3074 == 0 && !bytes.isEmpty ? " (3074-byte records are CIFAR-100's format)" : "")"
            )
        }
        let n = bytes.count / recordSize
        for r in 0..<n where bytes[r * recordSize] >= 10 {
            throw ResNetError(.corruptFile, "CIFAR10: '\(source)' record \(r) has label \(bytes[r * recordSize]); CIFAR-10 labels are 0…9")
        }
        let plane = side * side
        var pixels = [Float](repeating: 0, count: n * plane * channels)
        bytes.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                let out = UncheckedSendable(dst)
                // Planes (C, H, W) → (H, W, C): out[(r·1024 + p)·3 + c] = record[1 + c·1024 + p].
                Parallel.chunks(n, minChunk: 256) { records in
                    for r in records {
                        let record = r * recordSize + 1
                        for p in 0..<plane {
                            for c in 0..<channels { out.value[(r * plane + p) * channels + c] = Float(src[record + c * plane + p]) }
                        }
                    }
                }
            }
        }
        let labels = (0..<n).map { Float(bytes[$0 * recordSize]) }
        return (Tensor(unchecked: [n, side, side, channels], scalars: pixels), Tensor(labels))
    }

    /// The bytes of a batch file holding `images` (N, 32, 32, 3) of whole numbers 0…255
    /// and `labels` (N) in 0…9 — the inverse of `parse`, for tests and small samples.
    ///
    /// ```swift
    /// try Data(CIFAR10.encode(images: x, labels: y)).write(to: URL(fileURLWithPath: "test_batch.bin"))
    /// ```
    public static func encode(images: Tensor, labels: Tensor) throws -> [UInt8] {
        guard images.rank == 4, Array(images.shape.dropFirst()) == [side, side, channels] else {
            throw ResNetError(.shapeMismatch, "CIFAR10.encode: expected images of shape (N, 32, 32, 3), received \(describe(images.shape))")
        }
        let n = images.shape[0]
        guard labels.rank == 1, labels.count == n else {
            throw ResNetError(.shapeMismatch, "CIFAR10.encode: expected \(n) labels, received shape \(describe(labels.shape))")
        }
        if let i = images.scalars.firstIndex(where: { !($0 >= 0 && $0 <= 255 && $0 == $0.rounded()) }) {
            throw ResNetError(.invalidArgument, "CIFAR10.encode: pixel \(i) is \(formatScalar(images.scalars[i])); the format stores whole numbers 0…255")
        }
        if let i = labels.scalars.firstIndex(where: { !($0 >= 0 && $0 < 10 && $0 == $0.rounded()) }) {
            throw ResNetError(.invalidArgument, "CIFAR10.encode: label \(formatScalar(labels.scalars[i])) at position \(i) is not a class index 0…9")
        }
        let plane = side * side
        var out = [UInt8](repeating: 0, count: n * recordSize)
        for r in 0..<n {
            out[r * recordSize] = UInt8(labels.scalars[r])
            for p in 0..<plane {
                for c in 0..<channels { out[r * recordSize + 1 + c * plane + p] = UInt8(images.scalars[(r * plane + p) * channels + c]) }
            }
        }
        return out
    }
}
