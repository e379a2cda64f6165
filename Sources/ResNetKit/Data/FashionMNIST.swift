// Fashion-MNIST (Zalando Research, MIT licence): 70,000 grey 28×28 images of clothing in
// 10 classes, as MNIST-style IDX files. The full set is not in the repository; it comes
// from Debian's `dataset-fashion-mnist` package or a folder the learner names. A stratified
// 4,000-image subset is committed under Datasets/fashion-mnist-subset/ so every lesson and
// test can run offline; it uses the same file names, so one reader serves both.

import Foundation

/// Loads Fashion-MNIST as a `Dataset`: images (N, 28, 28, 1) as floats 0…255, labels 0…9.
///
/// ```swift
/// let train = try FashionMNIST.load(split: .train)       // 60000 images, full set
/// let small = try FashionMNIST.loadSubset(split: .test)  // 1000 images, ships with the repo
/// ```
public enum FashionMNIST {
    /// Which part of the set: Zalando's 60,000 training or 10,000 test images.
    public enum Split: String, Sendable, CaseIterable {
        case train, test
    }

    /// The class names, by label, from Zalando's README.
    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// Where Debian's `dataset-fashion-mnist` package puts the full set.
    public static let debianDirectory = "/usr/share/datasets/fashion-mnist"

    /// The environment variable that may name a folder holding the full set (or a folder
    /// with a `fashion-mnist` subfolder).
    public static let environmentVariable = "RESNETLAB_DATA"

    /// The file names of a split, as Zalando publishes them (`t10k` is the test split).
    ///
    /// ```swift
    /// FashionMNIST.fileNames(.test).images   // "t10k-images-idx3-ubyte.gz"
    /// ```
    public static func fileNames(_ split: Split) -> (images: String, labels: String) {
        let prefix = split == .train ? "train" : "t10k"
        return ("\(prefix)-images-idx3-ubyte.gz", "\(prefix)-labels-idx1-ubyte.gz")
    }

    /// The full set's `split`, from `directory` if given, else from `$RESNETLAB_DATA`,
    /// else from Debian's `/usr/share/datasets/fashion-mnist`. Files may be gzipped or not.
    ///
    /// ```swift
    /// let train = try FashionMNIST.load(split: .train)
    /// let test = try FashionMNIST.load(split: .test, directory: "/home/me/data/fashion")
    /// ```
    public static func load(split: Split, directory: String? = nil) throws -> Dataset {
        let candidates = directory.map { [$0] } ?? searchPath()
        for folder in candidates {
            if let files = find(split, in: folder) {
                return try Dataset.readIDX(images: files.images, labels: files.labels, classNames: classNames)
            }
        }
        let names = fileNames(split)
        let looked = candidates.map { "  \($0)" }.joined(separator: "\n")
        throw ResNetError(
            .io,
            """
            FashionMNIST: the full Fashion-MNIST set (\(names.images), \(names.labels)) is not installed. Looked in:
            \(looked)
            Install it with `apt-get install dataset-fashion-mnist` (Debian/Ubuntu, files go to \(debianDirectory)), \
            or put Zalando's four IDX files in a folder and pass `directory:` or set \(environmentVariable) to it. \
            `FashionMNIST.loadSubset(split:)` loads the 4,000-image subset that ships with ResNet Lab.
            """)
    }

    /// The committed stratified subset: 3,000 training images (300 per class) or 1,000 test
    /// images (100 per class), from `Datasets/fashion-mnist-subset/` in the repository.
    ///
    /// ```swift
    /// let train = try FashionMNIST.loadSubset(split: .train)
    /// train.classCounts()   // [300, 300, 300, 300, 300, 300, 300, 300, 300, 300]
    /// ```
    public static func loadSubset(split: Split) throws -> Dataset {
        let folder = try subsetDirectory()
        guard let files = find(split, in: folder) else {
            throw ResNetError(
                .io, "FashionMNIST: '\(folder)' has no \(fileNames(split).images) and \(fileNames(split).labels); restore them with `git checkout -- Datasets/fashion-mnist-subset`"
            )
        }
        return try Dataset.readIDX(images: files.images, labels: files.labels, classNames: classNames)
    }

    /// The folder of the committed subset, `Datasets/fashion-mnist-subset` in the ResNet Lab
    /// checkout, found at run time (`LabCheckout`: `$RESNETLAB_ROOT`, the current folder and
    /// its parents, then the folders above the running binary).
    ///
    /// ```swift
    /// try FashionMNIST.subsetDirectory()   // ".../Datasets/fashion-mnist-subset"
    /// ```
    public static func subsetDirectory() throws -> String {
        let relative = "Datasets/fashion-mnist-subset"
        do { return try LabCheckout.locate(relative).appendingPathComponent(relative).path } catch let error as ResNetError {
            throw ResNetError(.io, "FashionMNIST: the committed subset: " + error.message)
        }
    }

    // MARK: helpers

    /// `$RESNETLAB_DATA` (itself and its `fashion-mnist` subfolder), then Debian's folder.
    static func searchPath() -> [String] {
        var folders: [String] = []
        if let env = ProcessInfo.processInfo.environment[environmentVariable], !env.isEmpty {
            folders += [env, URL(fileURLWithPath: env).appendingPathComponent("fashion-mnist").path]
        }
        return folders + [debianDirectory]
    }

    /// The split's two files in `folder`, gzipped or already decompressed, if both exist.
    static func find(_ split: Split, in folder: String) -> (images: String, labels: String)? {
        let names = fileNames(split)
        func existing(_ gz: String) -> String? {
            let base = URL(fileURLWithPath: folder)
            return [gz, String(gz.dropLast(3))].map { base.appendingPathComponent($0).path }
                .first { FileManager.default.fileExists(atPath: $0) }
        }
        guard let images = existing(names.images), let labels = existing(names.labels) else { return nil }
        return (images, labels)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &dir) && dir.boolValue
    }
}
