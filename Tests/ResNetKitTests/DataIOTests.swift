// Reading data files: IDX (plain and gzipped) with every kind of damage, Fashion-MNIST (the
// committed subset always, the full set when installed), CIFAR-10 binary batches written
// by the test itself.

import Foundation
import Testing
@testable import ResNetKit

@Suite("Data files: IDX, Fashion-MNIST, CIFAR-10")
struct DataIOTests {
    static let header: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3]  // images 2×2×3

    @Test("IDX round trip, plain and gzipped", arguments: [false, true])
    func idxRoundTrip(gzip: Bool) throws {
        let dir = try DataScratchFolder("idx")
        defer { dir.remove() }
        let images = try IDXArray(shape: [4, 3, 5], bytes: (0..<60).map { UInt8($0 * 4) })
        let labels = try IDXArray(shape: [4], bytes: [9, 0, 3, 255])
        let (ip, lp) = (dir.file("images"), dir.file("labels"))
        try IDX.write(images, path: ip, gzip: gzip)
        try IDX.write(labels, path: lp, gzip: gzip)
        let raw = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ip)))
        #expect(Gzip.isGzip(raw) == gzip)
        if !gzip { #expect(Array(raw.prefix(4)) == [0, 0, 8, 3]) }
        #expect(try IDX.read(path: ip) == images)
        #expect(try IDX.read(path: lp) == labels)

        let x = try IDX.readImages(path: ip)
        #expect(x.shape == [4, 3, 5, 1])
        #expect(x.scalars == images.bytes.map(Float.init))
        #expect(try IDX.readLabels(path: lp).scalars == [9, 0, 3, 255])
        // Tensors back to files: the writer takes (N, H, W, 1) floats.
        try IDX.writeImages(x, path: dir.file("again.gz"))
        #expect(try IDX.readImages(path: dir.file("again.gz")) == x)
    }

    @Test("the .gz suffix chooses compression by default; concatenated gzip members are read")
    func gzipDefaults() throws {
        let dir = try DataScratchFolder("gz")
        defer { dir.remove() }
        let a = try IDXArray(shape: [3], bytes: [1, 2, 3])
        try IDX.write(a, path: dir.file("l.gz"))
        #expect(Gzip.isGzip(try [UInt8](Data(contentsOf: dir.url.appendingPathComponent("l.gz")))))
        // `cat part1.gz part2.gz` is still one valid file.
        let encoded = IDX.encode(a)
        let twoMembers = try Gzip.compress(Array(encoded.prefix(6))) + Gzip.compress(Array(encoded.dropFirst(6)))
        #expect(try IDX.parse(twoMembers) == a)
    }

    static let damaged: [(String, [UInt8], [String])] = {
        let good = header + (0..<12).map { UInt8($0) }
        let gz = (try? Gzip.compress(good)) ?? []
        var flipped = gz
        if flipped.count > 14 { for i in 10..<14 { flipped[i] ^= 0xFF } }
        return [
            ("empty", [], ["only 0 bytes"]),
            ("wrong magic", [0x12, 0x34, 0x56, 0x78] + good.dropFirst(4), ["wrong magic number 0x12345678"]),
            ("an HTML page", Array("<!DOCTYPE html><html>Not Found</html>".utf8), ["0x3c21444f", "HTML error page"]),
            ("float data", [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], ["0xd", "32-bit float", "unsigned bytes"]),
            ("zero dimensions", [0, 0, 8, 0], ["0 dimensions"]),
            ("header cut short", Array(header.prefix(10)), ["header is truncated", "3 dimensions"]),
            ("data cut short", Array(good.dropLast(5)), ["truncated", "need 12 bytes", "found 7"]),
            ("extra bytes", good + [7, 7], ["2 unexpected bytes"]),
            ("dims overflow", [0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12), ["multiply to more than"]),
            ("gzip cut short", Array(gz.dropLast(12)), ["gzip", "truncated"]),
            ("gzip damaged", flipped, ["gzip", "damaged"]),
            ("junk after gzip", gz + [1, 2, 3], ["unexpected bytes after the end"]),
        ]
    }()

    @Test(
        "damaged IDX files give corruptFile errors naming the file and the fault",
        arguments: damaged.indices)
    func idxDamage(_ i: Int) throws {
        let (what, bytes, fragments) = Self.damaged[i]
        let dir = try DataScratchFolder("bad")
        defer { dir.remove() }
        try dir.write(bytes, to: "bad-idx3-ubyte")
        expectDataError(.corruptFile, [dir.file("bad-idx3-ubyte")] + fragments, what) {
            _ = try IDX.read(path: dir.file("bad-idx3-ubyte"))
        }
    }

    @Test("swapped, mismatched and missing files are explained")
    func idxPairs() throws {
        let dir = try DataScratchFolder("pairs")
        defer { dir.remove() }
        try IDX.write(IDXArray(shape: [3, 2, 2], bytes: [UInt8](repeating: 1, count: 12)), path: dir.file("x.gz"))
        try IDX.write(IDXArray(shape: [2], bytes: [0, 1]), path: dir.file("y.gz"))
        try IDX.write(IDXArray(shape: [3], bytes: [0, 1, 12]), path: dir.file("y12.gz"))
        expectDataError(.corruptFile, ["0x00000801", "are images and labels swapped"], "labels read as images") {
            _ = try IDX.readImages(path: dir.file("y.gz"))
        }
        expectDataError(.corruptFile, ["2 labels", "3 images", "same split"], "count mismatch") {
            _ = try Dataset.readIDX(images: dir.file("x.gz"), labels: dir.file("y.gz"), classNames: FashionMNIST.classNames)
        }
        expectDataError(.corruptFile, ["label 12 at position 2", "0..<10"], "label out of range") {
            _ = try Dataset.readIDX(images: dir.file("x.gz"), labels: dir.file("y12.gz"), classNames: FashionMNIST.classNames)
        }
        expectDataError(.io, [dir.file("none.gz"), "no such file"], "missing file") {
            _ = try IDX.read(path: dir.file("none.gz"))
        }
        expectDataError(.invalidArgument, ["element 1 is 0.5", "0…255"], "writing non-integer pixels") {
            try IDX.writeImages(Tensor(shape: [1, 1, 2, 1], scalars: [3, 0.5]), path: dir.file("z.gz"))
        }
    }

    @Test("the committed Fashion-MNIST subset: 3000 train (300 per class), 1000 test (100 per class)")
    func committedSubset() throws {
        let train = try FashionMNIST.loadSubset(split: .train)
        let test = try FashionMNIST.loadSubset(split: .test)
        #expect(train.images.shape == [3000, 28, 28, 1])
        #expect(test.images.shape == [1000, 28, 28, 1])
        #expect(train.classCounts() == [Int](repeating: 300, count: 10))
        #expect(test.classCounts() == [Int](repeating: 100, count: 10))
        #expect(train.classNames[0] == "T-shirt/top" && train.classNames[9] == "Ankle boot")
        #expect(train.images.min() == 0 && train.images.max() == 255)
        // Real clothes, not blank images: Fashion-MNIST's mean pixel is about 72.9.
        #expect(abs(train.images.mean() - 72.9) < 4)
    }

    static let fullSetInstalled =
        FashionMNIST.find(.train, in: FashionMNIST.debianDirectory) != nil
        && FashionMNIST.find(.test, in: FashionMNIST.debianDirectory) != nil

    @Test(
        "the full Fashion-MNIST from Debian: 60000 + 10000, and the subset is drawn from it",
        .enabled(if: fullSetInstalled, "full Fashion-MNIST not installed: apt-get install dataset-fashion-mnist"))
    func fullSet() throws {
        let train = try FashionMNIST.load(split: .train)
        let test = try FashionMNIST.load(split: .test)
        #expect(train.images.shape == [60000, 28, 28, 1])
        #expect(test.images.shape == [10000, 28, 28, 1])
        #expect(train.classCounts() == [Int](repeating: 6000, count: 10))
        #expect(test.classCounts() == [Int](repeating: 1000, count: 10))
        for split in FashionMNIST.Split.allCases {
            let full = split == .train ? train : test
            let subset = try FashionMNIST.loadSubset(split: split)
            var known = Set<[Float]>()
            for i in 0..<full.count { known.insert(Array(full.images.scalars[(i * 784)..<((i + 1) * 784)]) + [full.labels.scalars[i]]) }
            let missing = (0..<subset.count).filter { !known.contains(Array(subset.images.scalars[($0 * 784)..<(($0 + 1) * 784)]) + [subset.labels.scalars[$0]]) }
            #expect(missing.isEmpty, "\(split): \(missing.count) subset images (with their labels) are not in the full set")
        }
    }

    @Test("a missing full set says how to install it; a user folder with plain files works")
    func fashionFolders() throws {
        let dir = try DataScratchFolder("fashion")
        defer { dir.remove() }
        expectDataError(.io, [dir.path, "apt-get install dataset-fashion-mnist", "RESNETLAB_DATA", "loadSubset"], "empty folder") {
            _ = try FashionMNIST.load(split: .test, directory: dir.path)
        }
        // Already-decompressed files under Zalando's names are found too.
        let small = try FashionMNIST.loadSubset(split: .test).slice(0..<5)
        try IDX.writeImages(small.images, path: dir.file("t10k-images-idx3-ubyte"))
        try IDX.writeLabels(small.labels, path: dir.file("t10k-labels-idx1-ubyte"))
        let loaded = try FashionMNIST.load(split: .test, directory: dir.path)
        #expect(loaded.images == small.images && loaded.labels == small.labels)
    }

    /// A CIFAR record whose planes are recognisable: R = (p + r) mod 256, G = 100 + r, B = 200.
    static func cifarBatch(_ n: Int, firstLabel: Int) -> [UInt8] {
        (0..<n).flatMap { r -> [UInt8] in
            [UInt8((firstLabel + r) % 10)] + (0..<1024).map { UInt8(($0 + r) % 256) }
                + [UInt8](repeating: UInt8(100 + r), count: 1024) + [UInt8](repeating: 200, count: 1024)
        }
    }

    @Test("CIFAR-10 binary batches become NHWC images with their labels")
    func cifar() throws {
        let dir = try DataScratchFolder("cifar")
        defer { dir.remove() }
        // The files go where the archive unpacks them: <dir>/cifar-10-batches-bin/.
        let folder = dir.url.appendingPathComponent("cifar-10-batches-bin")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sizes = [2, 1, 1, 1, 3]
        for (i, n) in sizes.enumerated() {
            try Data(Self.cifarBatch(n, firstLabel: i)).write(to: folder.appendingPathComponent("data_batch_\(i + 1).bin"))
        }
        try Data(Self.cifarBatch(2, firstLabel: 7)).write(to: folder.appendingPathComponent("test_batch.bin"))

        let train = try CIFAR10.load(directory: dir.path, split: .train)
        #expect(train.images.shape == [8, 32, 32, 3])
        #expect(train.labels.scalars == [0, 1, 1, 2, 3, 4, 5, 6])
        // Sample 1 (second record of batch 1, r = 1) at row 3, column 5: p = 3·32 + 5.
        let pixel = try train.images[1][3][5]
        #expect(pixel.scalars == [Float((101 + 1) % 256), 101, 200])
        let test = try CIFAR10.load(directory: folder.path, split: .test)
        #expect(test.labels.scalars == [7, 8] && test.classNames[8] == "ship")
        // encode is parse's inverse.
        #expect(try CIFAR10.encode(images: test.images, labels: test.labels) == Self.cifarBatch(2, firstLabel: 7))
    }

    @Test("CIFAR-10 files that are damaged or absent are explained")
    func cifarErrors() throws {
        let dir = try DataScratchFolder("cifar-bad")
        defer { dir.remove() }
        expectDataError(.io, ["no CIFAR-10 binary files", "cannot be downloaded", "cifar-10-binary.tar.gz"], "empty folder") {
            _ = try CIFAR10.load(directory: dir.path, split: .train)
        }
        try dir.write(Self.cifarBatch(1, firstLabel: 0), to: "data_batch_1.bin")
        expectDataError(.io, ["only data_batch_1.bin"], "four batches missing") {
            _ = try CIFAR10.load(directory: dir.path, split: .train)
        }
        try dir.write(Array(Self.cifarBatch(2, firstLabel: 0).dropLast(100)), to: "test_batch.bin")
        expectDataError(.corruptFile, [dir.file("test_batch.bin"), "6046 bytes", "3073-byte record"], "truncated") {
            _ = try CIFAR10.load(directory: dir.path, split: .test)
        }
        var bad = Self.cifarBatch(2, firstLabel: 0)
        bad[3073] = 10
        expectDataError(.corruptFile, ["record 1 has label 10"], "label 10") { _ = try CIFAR10.parse(bad, source: "x.bin") }
    }
}
