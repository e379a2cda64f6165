// The seeds' preprocessing, fitted on the training set and applied unchanged to any set:
//
//   seed 003:  x = x / 255 ;  x -= mean(x_train, axis=0)                 (per-pixel mean)
//   seed 004:  x = (x - mean(x_train, axis=0)) / std(x_train, axis=0)    (NumPy std, ddof 0)
//
// "Per pixel" means one statistic for every (row, column, channel) position, averaged over
// the N training images — not Keras's featurewise_center, which averages per channel.
// Statistics are accumulated in Double (NumPy computes seed 004's in float64, since CIFAR
// arrives as uint8) and the fit runs over both cores, each summing its share of positions.

/// Per-pixel normalisation fitted on training images: divide by `divisor`, subtract `mean`,
/// divide by `std`.
///
/// A position whose training values never vary (std = 0, e.g. a border that is always
/// black, or the zero padding around a 28×28 image) would make NumPy divide 0 by 0 and
/// give NaN. Such positions are divided by 1 instead — only centred, as scikit-learn's
/// `StandardScaler` does — and counted in `constantPositions`.
///
/// ```swift
/// let normalizer = try Normalizer.standardize(fitOn: train.images)   // seed 004
/// let x = try normalizer(train.images), xTest = try normalizer(test.images)
/// ```
public struct Normalizer: Sendable {
    /// Images are divided by this first (255 to map 0…255 to 0…1, 1 to leave them).
    public let divisor: Float
    /// The per-position mean (H, W, C) of the divided training images, or nil to not centre.
    public let mean: Tensor?
    /// The per-position standard deviation (H, W, C), zeros replaced by 1, or nil.
    public let std: Tensor?
    /// How many positions had std = 0 in the training images (and are divided by 1).
    public let constantPositions: Int

    /// A normaliser with given statistics (for example ones saved from an earlier fit).
    ///
    /// ```swift
    /// let scale = try Normalizer(divisor: 255)   // x / 255 only
    /// ```
    public init(divisor: Float = 1, mean: Tensor? = nil, std: Tensor? = nil) throws {
        guard divisor.isFinite, divisor > 0 else {
            throw ResNetError(.invalidArgument, "Normalizer: divisor must be a positive number, received divisor=\(formatScalar(divisor))")
        }
        if let m = mean, let s = std, m.shape != s.shape {
            throw ResNetError(.shapeMismatch, "Normalizer: mean \(describe(m.shape)) and std \(describe(s.shape)) must have the same shape (H, W, C)")
        }
        if let s = std, s.scalars.contains(where: { !($0 > 0) || !$0.isFinite }) {
            throw ResNetError(.invalidArgument, "Normalizer: std must be positive and finite everywhere (replace zeros by 1)")
        }
        self.init(unchecked: divisor, mean: mean, std: std, constant: 0)
    }

    init(unchecked divisor: Float, mean: Tensor?, std: Tensor?, constant: Int) {
        (self.divisor, self.mean, self.std, self.constantPositions) = (divisor, mean, std, constant)
    }

    /// Fits the statistics on training images (N, H, W, C), after dividing them by `divisor`.
    ///
    /// ```swift
    /// let n = try Normalizer.fit(train.images, divisor: 255, subtractMean: true, divideByStd: false)
    /// ```
    public static func fit(_ images: Tensor, divisor: Float = 1, subtractMean: Bool = true, divideByStd: Bool = false) throws -> Normalizer {
        _ = try Normalizer(divisor: divisor)
        guard images.rank == 4, images.shape[0] > 0 else {
            throw ResNetError(.shapeMismatch, "Normalizer.fit: expected training images (N, H, W, C) with N ≥ 1, received shape \(describe(images.shape))")
        }
        guard subtractMean || divideByStd else { return Normalizer(unchecked: divisor, mean: nil, std: nil, constant: 0) }
        let n = images.shape[0], positions = images.count / n
        var sum = [Double](repeating: 0, count: positions), squares = [Double](repeating: 0, count: positions)
        withBases([images.scalars]) { p in
            withMutableBases(&sum, &squares) { s, q in
                let x = p[0]
                let (sb, qb) = (UncheckedSendable(s!), UncheckedSendable(q!))
                // Two passes per position range, as numpy.std does: the mean, then the
                // squared deviations from it (no cancellation as in E[x²] − E[x]²).
                Parallel.chunks(positions, minChunk: 64) { range in
                    for i in 0..<n {
                        let row = i * positions
                        for p in range { sb.value[p] += Double(x[row + p] / divisor) }
                    }
                    for p in range { sb.value[p] /= Double(n) }
                    guard divideByStd else { return }
                    for i in 0..<n {
                        let row = i * positions
                        for p in range { let d = Double(x[row + p] / divisor) - sb.value[p]; qb.value[p] += d * d }
                    }
                }
            }
        }
        let shape = Array(images.shape.dropFirst())
        let mean = Tensor(unchecked: shape, scalars: sum.map { Float($0) })
        guard divideByStd else { return Normalizer(unchecked: divisor, mean: mean, std: nil, constant: 0) }
        let sd = squares.map { ($0 / Double(n)).squareRoot() }
        let constant = sd.filter { $0 == 0 }.count
        let std = Tensor(unchecked: shape, scalars: sd.map { $0 == 0 ? 1 : Float($0) })
        return Normalizer(unchecked: divisor, mean: subtractMean ? mean : nil, std: std, constant: constant)
    }

    /// Seed 003: `x / 255`, then subtract the training set's per-pixel mean.
    ///
    /// ```swift
    /// let n = try Normalizer.subtractPixelMean(fitOn: train.images)
    /// ```
    public static func subtractPixelMean(fitOn images: Tensor) throws -> Normalizer {
        try fit(images, divisor: 255, subtractMean: true, divideByStd: false)
    }

    /// Seed 004: `(x − mean) / std`, per pixel, on raw 0…255 values (NumPy's std, ddof 0).
    ///
    /// ```swift
    /// let n = try Normalizer.standardize(fitOn: train.images)
    /// ```
    public static func standardize(fitOn images: Tensor) throws -> Normalizer {
        try fit(images, divisor: 1, subtractMean: true, divideByStd: true)
    }

    /// Normalises images (N, H, W, C) whose (H, W, C) match the fitted statistics.
    ///
    /// ```swift
    /// let xTest = try normalizer(test.images)
    /// ```
    public func callAsFunction(_ images: Tensor) throws -> Tensor {
        let stats = mean ?? std
        guard images.rank == 4, stats.map({ Array(images.shape.dropFirst()) == $0.shape }) ?? true else {
            throw ResNetError(
                .shapeMismatch,
                "Normalizer: expected images (N, \(stats.map { describe($0.shape) } ?? "H, W, C")), received shape \(describe(images.shape)); fit and apply on images of the same size (pad both, or neither)"
            )
        }
        let positions = images.shape[0] == 0 ? 0 : images.count / images.shape[0]
        let zeros = [Float](repeating: 0, count: positions), ones = [Float](repeating: 1, count: positions)
        let m = mean?.scalars ?? zeros, s = std?.scalars ?? ones
        var out = [Float](repeating: 0, count: images.count)
        let divisor = self.divisor
        images.scalars.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                let ob = UncheckedSendable(o)
                Parallel.chunks(images.shape[0], minChunk: Swift.max(1, (1 << 16) / Swift.max(positions, 1))) { range in
                    for i in range {
                        for p in 0..<positions { ob.value[i * positions + p] = (x[i * positions + p] / divisor - m[p]) / s[p] }
                    }
                }
            }
        }
        return Tensor(unchecked: images.shape, scalars: out)
    }

    /// Normalises a dataset's images, keeping its labels.
    ///
    /// ```swift
    /// let test = try normalizer(FashionMNIST.loadSubset(split: .test))
    /// ```
    public func callAsFunction(_ dataset: Dataset) throws -> Dataset {
        try dataset.withImages(self(dataset.images))
    }
}

extension Tensor {
    /// Images (N, H, W, C) with `padding` rows and columns of zeros on every side, as Keras's
    /// `ZeroPadding2D(padding)`: 28×28 Fashion-MNIST becomes 32×32 with `zeroPadded(2)`.
    ///
    /// ```swift
    /// let x32 = try x.zeroPadded(2)   // [N, 28, 28, 1] → [N, 32, 32, 1]
    /// ```
    public func zeroPadded(_ padding: Int) throws -> Tensor {
        guard rank == 4 else {
            throw ResNetError(.shapeMismatch, "zeroPadded expected 4-D images (N, H, W, C), received shape \(describe(shape))")
        }
        guard padding >= 0, padding <= 1 << 16 else {
            throw ResNetError(.invalidArgument, "zeroPadded: padding must be between 0 and 65536, received padding=\(padding)")
        }
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let (oh, ow) = (h + 2 * padding, w + 2 * padding)
        try Tensor.validate([n, oh, ow, c])
        var out = [Float](repeating: 0, count: n * oh * ow * c)
        scalars.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                guard let src = x.baseAddress, let dst = o.baseAddress else { return }
                let ob = UncheckedSendable(dst)
                Parallel.chunks(n * h, minChunk: 1024) { rows in
                    for r in rows {  // r = image · h + row: copy one row of w·c values into place
                        let (i, y) = (r / h, r % h)
                        (ob.value + ((i * oh + y + padding) * ow + padding) * c).update(from: src + r * w * c, count: w * c)
                    }
                }
            }
        }
        return Tensor(unchecked: [n, oh, ow, c], scalars: out)
    }
}

extension Dataset {
    /// The dataset with its images zero-padded on every side (see `Tensor.zeroPadded`).
    ///
    /// ```swift
    /// let train32 = try FashionMNIST.loadSubset(split: .train).zeroPadded(2)   // 32×32 for ResNet-20
    /// ```
    public func zeroPadded(_ padding: Int) throws -> Dataset {
        try withImages(images.zeroPadded(padding))
    }
}
