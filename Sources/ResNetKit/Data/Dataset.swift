// A labelled image set: images (N, H, W, C) as floats, labels (N) as class indices.
// Everything that reorders or picks samples (subset, shuffle, split, stratified sample,
// batches) copies whole rows and keeps images and labels together, so a sample's label can
// never drift from its image. Every draw takes an explicit seed: the same seed gives the
// same order on every machine (see Sampling.swift).

/// Images and their class labels, with the names of the classes.
///
/// ```swift
/// let train = try FashionMNIST.loadSubset(split: .train)
/// train.count                      // 3000
/// train.images.shape               // [3000, 28, 28, 1]
/// train.classNames[Int(train.labels.scalars[0])]
/// ```
public struct Dataset: Sendable {
    /// The images, (N, H, W, C).
    public let images: Tensor
    /// The class index of each image, (N), stored as whole-number floats.
    public let labels: Tensor
    /// The number of classes.
    public let classes: Int
    /// A readable name per class: `classNames[3] == "Dress"` for Fashion-MNIST.
    public let classNames: [String]

    /// A dataset; `classes` defaults to `classNames.count`, or to one more than the largest
    /// label, and `classNames` to "0", "1", ….
    ///
    /// ```swift
    /// let d = try Dataset(images: Tensor.zeros([2, 4, 4, 1]), labels: Tensor([0, 1]), classNames: ["cat", "dog"])
    /// ```
    public init(images: Tensor, labels: Tensor, classes: Int? = nil, classNames: [String]? = nil) throws {
        guard images.rank == 4 else {
            throw ResNetError(.shapeMismatch, "Dataset: expected images of shape (N, H, W, C), received shape \(describe(images.shape))")
        }
        guard labels.rank == 1, labels.count == images.shape[0] else {
            throw ResNetError(.shapeMismatch, "Dataset: expected one class index per image, shape (\(images.shape[0])); received labels of shape \(describe(labels.shape))")
        }
        let k = classes ?? classNames?.count ?? (Int(labels.scalars.max() ?? -1) + 1)
        guard k >= 1 else { throw ResNetError(.invalidArgument, "Dataset: classes must be at least 1, received classes=\(k)") }
        let names = classNames ?? (0..<k).map(String.init)
        guard names.count == k else {
            throw ResNetError(.invalidArgument, "Dataset: \(names.count) class names given for classes=\(k)")
        }
        if let i = labels.scalars.firstIndex(where: { !($0 >= 0 && $0 < Float(k) && $0 == $0.rounded()) }) {
            throw ResNetError(.invalidArgument, "Dataset: label \(formatScalar(labels.scalars[i])) at position \(i) is not a class index in 0..<\(k)")
        }
        self.init(unchecked: images, labels: labels, classes: k, classNames: names)
    }

    init(unchecked images: Tensor, labels: Tensor, classes: Int, classNames: [String]) {
        (self.images, self.labels, self.classes, self.classNames) = (images, labels, classes, classNames)
    }

    /// The number of samples.
    public var count: Int { labels.count }

    /// The class index of sample `i`.
    public func label(_ i: Int) -> Int { Int(labels.scalars[i]) }

    /// How many samples each class has.
    ///
    /// ```swift
    /// try FashionMNIST.loadSubset(split: .test).classCounts()   // [100, 100, …, 100]
    /// ```
    public func classCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: classes)
        for v in labels.scalars { counts[Int(v)] += 1 }
        return counts
    }

    /// The same labels and classes with other images (padded, normalised, augmented).
    ///
    /// ```swift
    /// let padded = try train.withImages(train.images.zeroPadded(2))
    /// ```
    public func withImages(_ newImages: Tensor) throws -> Dataset {
        guard newImages.rank == 4, newImages.shape[0] == count else {
            throw ResNetError(.shapeMismatch, "Dataset.withImages: expected \(count) images (N, H, W, C), received shape \(describe(newImages.shape))")
        }
        return Dataset(unchecked: newImages, labels: labels, classes: classes, classNames: classNames)
    }

    /// The samples at `indices`, in that order (repeats allowed).
    ///
    /// ```swift
    /// let three = try train.subset([0, 10, 20])
    /// ```
    public func subset(_ indices: [Int]) throws -> Dataset {
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw ResNetError(.invalidArgument, "Dataset.subset: index \(bad) is out of range for \(count) samples")
        }
        return Dataset(
            unchecked: images.gathering(indices), labels: labels.gathering(indices),
            classes: classes, classNames: classNames)
    }

    /// The samples in `range`, in order.
    ///
    /// ```swift
    /// let first100 = try train.slice(0..<100)
    /// ```
    public func slice(_ range: Range<Int>) throws -> Dataset {
        guard range.lowerBound >= 0, range.upperBound <= count else {
            throw ResNetError(.invalidArgument, "Dataset.slice: range \(range.lowerBound)..<\(range.upperBound) is out of bounds for \(count) samples")
        }
        return Dataset(unchecked: try images.slice(range), labels: try labels.slice(range), classes: classes, classNames: classNames)
    }

    /// All samples in a random order fixed by `seed`.
    ///
    /// ```swift
    /// let mixed = train.shuffled(seed: 42)
    /// ```
    public func shuffled(seed: UInt64) -> Dataset {
        var rng = SeededGenerator(seed: seed)
        let order = rng.permutation(count)
        return Dataset(unchecked: images.gathering(order), labels: labels.gathering(order), classes: classes, classNames: classNames)
    }

    /// Splits off the last `validationFraction` of the samples for validation, as Keras's
    /// `fit(validation_split=)` does (training keeps the first ⌊N·(1 − fraction)⌋). With a
    /// `seed`, the samples are shuffled first.
    ///
    /// ```swift
    /// let (train, validation) = try full.split(validationFraction: 0.1, seed: 1)
    /// ```
    public func split(validationFraction: Double, seed: UInt64? = nil) throws -> (train: Dataset, validation: Dataset) {
        guard validationFraction > 0, validationFraction < 1 else {
            throw ResNetError(.invalidArgument, "Dataset.split: validationFraction must be between 0 and 1 (exclusive), received validationFraction=\(validationFraction)")
        }
        let at = Int((Double(count) * (1 - validationFraction)).rounded(.down))
        guard at > 0, at < count else {
            throw ResNetError(.invalidArgument, "Dataset.split: validationFraction=\(validationFraction) of \(count) samples leaves one side empty (\(at) for training)")
        }
        let source = seed.map { shuffled(seed: $0) } ?? self
        return (try source.slice(0..<at), try source.slice(at..<count))
    }

    /// `perClass` samples of every class, drawn without replacement with `seed`, kept in
    /// their original order: a smaller set with the same balance of classes.
    ///
    /// ```swift
    /// let small = try train.stratifiedSample(perClass: 30, seed: 0)   // 300 images, 30 per class
    /// ```
    public func stratifiedSample(perClass: Int, seed: UInt64) throws -> Dataset {
        guard perClass >= 1 else {
            throw ResNetError(.invalidArgument, "Dataset.stratifiedSample: perClass must be at least 1, received perClass=\(perClass)")
        }
        var byClass = [[Int]](repeating: [], count: classes)
        for i in 0..<count { byClass[label(i)].append(i) }
        if let c = byClass.indices.first(where: { byClass[$0].count < perClass }) {
            throw ResNetError(.invalidArgument, "Dataset.stratifiedSample: class \(c) ('\(classNames[c])') has only \(byClass[c].count) samples, fewer than perClass=\(perClass)")
        }
        var rng = SeededGenerator(seed: seed)
        let chosen = byClass.flatMap { members in rng.permutation(members.count).prefix(perClass).map { members[$0] } }
        return try subset(chosen.sorted())
    }

    /// The samples in mini-batches of `size`, in a random order fixed by `seed` when
    /// `shuffle` is on (use a different seed per epoch, e.g. `seed + epoch`). The last
    /// batch is smaller unless `dropLast` (Keras keeps it; `steps_per_epoch = N // size`
    /// in the seeds drops it). Batches are copied when read, one at a time.
    ///
    /// ```swift
    /// for batch in try train.batches(size: 128, seed: 7) {
    ///     let logits = try model(batch.images)
    /// }
    /// ```
    public func batches(size: Int, shuffle: Bool = true, seed: UInt64 = 0, dropLast: Bool = false) throws -> Batches {
        guard size >= 1 else {
            throw ResNetError(.invalidArgument, "Dataset.batches: size must be at least 1, received size=\(size)")
        }
        var rng = SeededGenerator(seed: seed)
        let order = shuffle ? rng.permutation(count) : Array(0..<count)
        return Batches(dataset: self, order: order, size: size, dropLast: dropLast)
    }
}

/// One mini-batch: images (B, H, W, C), labels (B), and which samples they are.
public struct Batch: Sendable {
    public let images: Tensor
    public let labels: Tensor
    /// The positions of these samples in the dataset the batches came from.
    public let indices: [Int]
}

/// An epoch's mini-batches, made on demand: only the order is stored, and each batch's
/// rows are copied when it is read.
///
/// ```swift
/// let epoch = try train.batches(size: 64, seed: 7)
/// epoch.count        // 47 for 3000 samples
/// epoch[0].images    // [64, 28, 28, 1]
/// ```
public struct Batches: RandomAccessCollection, Sendable {
    let dataset: Dataset
    /// Every sample's position, in the order the epoch visits them.
    public let order: [Int]
    /// The batch size (the last batch may be smaller unless `dropLast`).
    public let size: Int
    let dropLast: Bool

    public var startIndex: Int { 0 }
    public var endIndex: Int { dropLast ? order.count / size : (order.count + size - 1) / size }

    /// Batch `i`, or an error naming the range when there is no such batch (the
    /// subscript traps instead, as an array's does).
    ///
    /// ```swift
    /// let b = try epoch.batch(0)
    /// ```
    public func batch(_ i: Int) throws -> Batch {
        guard i >= startIndex, i < endIndex else {
            throw ResNetError(.invalidArgument, "Batches: batch \(i) is out of range; this epoch has \(endIndex) batches (0..<\(endIndex))")
        }
        return self[i]
    }

    public subscript(position: Int) -> Batch {
        precondition(position >= startIndex && position < endIndex, "batch \(position) out of range 0..<\(endIndex)")
        let rows = Array(order[(position * size)..<Swift.min((position + 1) * size, order.count)])
        return Batch(images: dataset.images.gathering(rows), labels: dataset.labels.gathering(rows), indices: rows)
    }
}
