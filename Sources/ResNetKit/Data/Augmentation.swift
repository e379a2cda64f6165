// Keras's ImageDataGenerator as the seeds use it: random shifts (fractions of the image
// size, fractional pixels) with fill_mode='nearest', and horizontal flips.
//
// What Keras does (keras/src/legacy/preprocessing/image.py, checked in Keras 3.15):
//   apply_transform(x, {tx, ty, flip_horizontal}) on one image (H, W, C):
//     1. apply_affine_transform: for a pure shift the matrix is [[1,0,tx],[0,1,ty]]; after
//        Keras swaps it into array (row, col) order, scipy.ndimage.affine_transform samples
//            out[r, c] = x[r + ty, c + tx]
//        with order=1 (bilinear) interpolation and mode='nearest' (coordinates clamped to
//        the image: the edge pixel is repeated). So tx moves along columns (x), ty along rows.
//     2. flip_horizontal: out[r, c] = out[r, W − 1 − c], after the shift.
//   get_random_transform draws tx = U(−height_shift_range, +height_shift_range) · H and
//   ty = U(−width_shift_range, +width_shift_range) · W (ranges ≥ 1 are pixels), and flips
//   with probability 0.5. Note the crossing: height_shift_range sets the *column* shift —
//   a long-standing Keras quirk (keras-team/keras#17398). We keep it, so a model trained
//   here sees what Keras would show it; with equal ranges on square images, as in both
//   seeds, it makes no difference.
//
// Random draws come from our own SeededGenerator, not NumPy's, so the random transforms
// match Keras in distribution, not draw for draw; `Augmentation.apply` is deterministic and
// matches Keras's apply_transform value for value (Tests/References/make_data_fixtures.py).

/// Shifting and flipping one image exactly as Keras's `ImageDataGenerator.apply_transform`.
///
/// ```swift
/// let image = try train.images[0]                                  // (28, 28, 1)
/// let moved = try Augmentation.apply(to: image, tx: 2.5, ty: -1, flipHorizontal: true)
/// ```
public enum Augmentation {
    /// `image` (H, W, C) sampled at `(r + ty, c + tx)` with bilinear interpolation, edge
    /// pixels repeated outside the image (`fill_mode='nearest'`), then mirrored left–right
    /// when `flipHorizontal`. `tx` shifts along the width (columns), `ty` along the height
    /// (rows), in pixels; positive values move the content left / up.
    ///
    /// ```swift
    /// let left = try Augmentation.apply(to: image, tx: 1, ty: 0)   // out[r, c] = image[r, c + 1]
    /// ```
    public static func apply(to image: Tensor, tx: Double, ty: Double, flipHorizontal: Bool = false) throws -> Tensor {
        guard image.rank == 3 else {
            throw ResNetError(
                .shapeMismatch, "Augmentation.apply expected one image (H, W, C), received shape \(describe(image.shape)); use ImageDataGenerator.augment for a batch")
        }
        guard tx.isFinite, ty.isFinite else {
            throw ResNetError(.invalidArgument, "Augmentation.apply: shifts must be finite numbers, received tx=\(tx), ty=\(ty)")
        }
        var out = [Float](repeating: 0, count: image.count)
        let (h, w, c) = (image.shape[0], image.shape[1], image.shape[2])
        image.scalars.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                transform(x, o, h, w, c, ImageDataGenerator.Transform(tx: tx, ty: ty, flipHorizontal: flipHorizontal))
            }
        }
        return Tensor(unchecked: image.shape, scalars: out)
    }

    /// The sampling positions of one axis: for each output index, the two input indices
    /// around `index + shift` (clamped: mode 'nearest') and the weight of the second.
    static func taps(_ size: Int, _ shift: Double) -> [(Int, Int, Double)] {
        (0..<size).map { i in
            let s = Swift.min(Swift.max(Double(i) + shift, 0), Double(size - 1))
            let lo = Int(s.rounded(.down))
            return (lo, Swift.min(lo + 1, size - 1), s - Double(lo))
        }
    }

    /// Writes the transformed image `x` (h, w, c) into `out`; both are one image's storage.
    static func transform(
        _ x: UnsafeBufferPointer<Float>, _ out: UnsafeMutableBufferPointer<Float>,
        _ h: Int, _ w: Int, _ c: Int, _ t: ImageDataGenerator.Transform
    ) {
        let rows = taps(h, t.ty), cols = taps(w, t.tx)
        for r in 0..<h {
            let (r0, r1, fr) = rows[r]
            for col in 0..<w {
                let (c0, c1, fc) = cols[col]
                let dst = (r * w + (t.flipHorizontal ? w - 1 - col : col)) * c
                for k in 0..<c {
                    // Bilinear in Double, as scipy computes, then rounded once to Float.
                    let top = Double(x[(r0 * w + c0) * c + k]) * (1 - fc) + Double(x[(r0 * w + c1) * c + k]) * fc
                    let bottom = Double(x[(r1 * w + c0) * c + k]) * (1 - fc) + Double(x[(r1 * w + c1) * c + k]) * fc
                    out[dst + k] = Float(top * (1 - fr) + bottom * fr)
                }
            }
        }
    }
}

/// Keras's `ImageDataGenerator(width_shift_range:, height_shift_range:, horizontal_flip:)`
/// with `fill_mode='nearest'`: a random shift and flip per image, drawn from a seeded
/// generator, applied to a batch on both cores.
///
/// ```swift
/// let generator = try ImageDataGenerator(widthShiftRange: 4.0 / 32, heightShiftRange: 4.0 / 32,
///                                        horizontalFlip: true)            // seed 004
/// var options = FitOptions(seed: 1)
/// options.augment = generator.augment
/// ```
public struct ImageDataGenerator: Sendable {
    /// One image's transform, as Keras's `apply_transform` parameters.
    public struct Transform: Sendable, Equatable {
        /// Column shift in pixels (Keras's 'tx').
        public var tx: Double
        /// Row shift in pixels (Keras's 'ty').
        public var ty: Double
        /// Mirror left–right after shifting (Keras's 'flip_horizontal').
        public var flipHorizontal: Bool

        public init(tx: Double = 0, ty: Double = 0, flipHorizontal: Bool = false) {
            (self.tx, self.ty, self.flipHorizontal) = (tx, ty, flipHorizontal)
        }
    }

    /// Below 1: a fraction of the width; 1 or more: pixels. Draws Keras's 'ty' (see above).
    public let widthShiftRange: Double
    /// Below 1: a fraction of the height; 1 or more: pixels. Draws Keras's 'tx' (see above).
    public let heightShiftRange: Double
    /// Flip left–right with probability 0.5.
    public let horizontalFlip: Bool

    /// A generator; all arguments default to Keras's (no augmentation).
    ///
    /// ```swift
    /// let generator = try ImageDataGenerator(widthShiftRange: 0.1, heightShiftRange: 0.1, horizontalFlip: true)   // seed 003
    /// ```
    public init(widthShiftRange: Double = 0, heightShiftRange: Double = 0, horizontalFlip: Bool = false) throws {
        for (name, v) in [("width_shift_range", widthShiftRange), ("height_shift_range", heightShiftRange)] where !(v >= 0 && v.isFinite) {
            throw ResNetError(.invalidArgument, "ImageDataGenerator: \(name) must be a non-negative number (a fraction of the size below 1, pixels from 1), received \(name)=\(v)")
        }
        (self.widthShiftRange, self.heightShiftRange, self.horizontalFlip) = (widthShiftRange, heightShiftRange, horizontalFlip)
    }

    /// A random transform for an image of `height` × `width`, as Keras's
    /// `get_random_transform` (tx from the height range, ty from the width range).
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 0)
    /// let t = generator.randomTransform(height: 32, width: 32, using: &rng)
    /// ```
    public func randomTransform(height: Int, width: Int, using rng: inout SeededGenerator) -> Transform {
        func draw(_ range: Double, _ size: Int) -> Double {
            guard range > 0 else { return 0 }
            return rng.nextUniform(-range, range) * (range < 1 ? Double(size) : 1)
        }
        let tx = draw(heightShiftRange, height)
        let ty = draw(widthShiftRange, width)
        let flip = horizontalFlip && rng.nextUnit() < 0.5
        return Transform(tx: tx, ty: ty, flipHorizontal: flip)
    }

    /// Replaces every image of `batch` (N, H, W, C) by a randomly shifted and flipped copy.
    /// The transforms are drawn in order from `rng` first, then applied on both cores, so
    /// the result depends on the seed only, not on how the work is split.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 7)
    /// var images = train.images
    /// try generator.augment(&images, using: &rng)
    /// ```
    public func augment(_ batch: inout Tensor, using rng: inout SeededGenerator) throws {
        guard batch.rank == 4 else {
            throw ResNetError(.shapeMismatch, "ImageDataGenerator.augment expected a batch (N, H, W, C), received shape \(describe(batch.shape))")
        }
        var transforms: [Transform] = []
        for _ in 0..<batch.shape[0] { transforms.append(randomTransform(height: batch.shape[1], width: batch.shape[2], using: &rng)) }
        try apply(transforms, to: &batch)
    }

    /// Applies one given transform per image of `batch` (N, H, W, C), on both cores.
    ///
    /// ```swift
    /// var twoImages = try Tensor.zeros([2, 8, 8, 1])
    /// try generator.apply([.init(tx: 1), .init(flipHorizontal: true)], to: &twoImages)
    /// ```
    public func apply(_ transforms: [Transform], to batch: inout Tensor) throws {
        guard batch.rank == 4, transforms.count == batch.shape[0] else {
            throw ResNetError(
                .shapeMismatch,
                "ImageDataGenerator.apply: expected one transform per image of a batch (N, H, W, C); received \(transforms.count) transforms for shape \(describe(batch.shape))")
        }
        let (n, h, w, c) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3])
        let size = h * w * c
        guard size > 0 else { return }
        var out = [Float](repeating: 0, count: batch.count)
        batch.scalars.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                let ob = UncheckedSendable(o)
                Parallel.chunks(n, minChunk: Swift.max(1, 4096 / size)) { images in
                    for i in images {
                        Augmentation.transform(
                            UnsafeBufferPointer(rebasing: x[(i * size)..<((i + 1) * size)]),
                            UnsafeMutableBufferPointer(rebasing: ob.value[(i * size)..<((i + 1) * size)]),
                            h, w, c, transforms[i])
                    }
                }
            }
        }
        batch = Tensor(unchecked: batch.shape, scalars: out)
    }
}
