// Creating tensors: constants, ramps, and seeded random draws. Random draws take an
// explicit generator or a seed, never the system's entropy, so lessons print the same
// numbers on every machine.

extension Tensor {
    /// A tensor of zeros.
    ///
    /// ```swift
    /// let x = try Tensor.zeros([2, 32, 32, 3])
    /// ```
    public static func zeros(_ shape: [Int]) throws -> Tensor {
        try constant(0, shape)
    }

    /// A tensor of ones.
    ///
    /// ```swift
    /// let gamma = try Tensor.ones([64])
    /// ```
    public static func ones(_ shape: [Int]) throws -> Tensor {
        try constant(1, shape)
    }

    /// A tensor filled with one value.
    ///
    /// ```swift
    /// let half = try Tensor.constant(0.5, [3, 3])
    /// ```
    public static func constant(_ value: Float, _ shape: [Int]) throws -> Tensor {
        try validate(shape)
        return Tensor(unchecked: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// `count` evenly spaced values from `start` to `stop` inclusive (NumPy's linspace),
    /// reshaped to `shape` when given — the fixed inputs CS231n-style checks use.
    ///
    /// ```swift
    /// let x = try Tensor.linspace(-0.1, 0.5, count: 24, shape: [1, 2, 3, 4])
    /// ```
    public static func linspace(_ start: Float, _ stop: Float, count: Int, shape: [Int]? = nil) throws -> Tensor {
        guard count >= 1 else {
            throw ResNetError(.invalidArgument, "linspace: count must be at least 1, received count=\(count)")
        }
        try validate(shape ?? [count])
        let step = count > 1 ? (Double(stop) - Double(start)) / Double(count - 1) : 0
        let values = (0..<count).map { Float(Double(start) + Double($0) * step) }
        return try Tensor(shape: shape ?? [count], scalars: values)
    }

    /// 0, 1, 2, … `count - 1`, reshaped to `shape` when given.
    ///
    /// ```swift
    /// let x = try Tensor.arange(12, shape: [1, 2, 2, 3])
    /// ```
    public static func arange(_ count: Int, shape: [Int]? = nil) throws -> Tensor {
        guard count >= 0 else {
            throw ResNetError(.invalidArgument, "arange: count must be non-negative, received count=\(count)")
        }
        try validate([count])
        return try Tensor(shape: shape ?? [count], scalars: (0..<count).map(Float.init))
    }

    /// Samples from a normal distribution.
    ///
    /// ```swift
    /// let x = try Tensor.randomNormal([8, 32, 32, 3], seed: 0)
    /// ```
    public static func randomNormal(_ shape: [Int], mean: Float = 0, stddev: Float = 1, seed: UInt64) throws -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return try randomNormal(shape, mean: mean, stddev: stddev, using: &rng)
    }

    /// Samples from a normal distribution, drawing from `rng`.
    public static func randomNormal(
        _ shape: [Int], mean: Float = 0, stddev: Float = 1,
        using rng: inout SeededGenerator
    ) throws -> Tensor {
        try validate(shape)
        let n = shape.reduce(1, *)
        let values = (0..<n).map { _ in Float(Double(mean) + Double(stddev) * rng.nextNormal()) }
        return Tensor(unchecked: shape, scalars: values)
    }

    /// Samples uniformly from `[minval, maxval)`.
    ///
    /// ```swift
    /// let w = try Tensor.randomUniform([3, 3, 3, 16], minval: -0.1, maxval: 0.1, seed: 1)
    /// ```
    public static func randomUniform(_ shape: [Int], minval: Float = 0, maxval: Float = 1, seed: UInt64) throws -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return try randomUniform(shape, minval: minval, maxval: maxval, using: &rng)
    }

    /// Samples uniformly from `[minval, maxval)`, drawing from `rng`.
    public static func randomUniform(
        _ shape: [Int], minval: Float = 0, maxval: Float = 1,
        using rng: inout SeededGenerator
    ) throws -> Tensor {
        try validate(shape)
        guard minval <= maxval else {
            throw ResNetError(.invalidArgument, "randomUniform: minval must not exceed maxval, received minval=\(minval), maxval=\(maxval)")
        }
        let n = shape.reduce(1, *)
        let width = Double(maxval) - Double(minval)
        let values = (0..<n).map { _ in Float(Double(minval) + width * rng.nextUnit()) }
        return Tensor(unchecked: shape, scalars: values)
    }

    /// Samples from a normal distribution, redrawing any sample more than two standard
    /// deviations from the mean (TensorFlow's `truncated_normal`, used by `he_normal`).
    ///
    /// ```swift
    /// let w = try Tensor.truncatedNormal([3, 3, 16, 16], stddev: 0.1, seed: 2)
    /// ```
    public static func truncatedNormal(_ shape: [Int], mean: Float = 0, stddev: Float = 1, seed: UInt64) throws -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return try truncatedNormal(shape, mean: mean, stddev: stddev, using: &rng)
    }

    /// Truncated normal samples drawn from `rng`.
    public static func truncatedNormal(
        _ shape: [Int], mean: Float = 0, stddev: Float = 1,
        using rng: inout SeededGenerator
    ) throws -> Tensor {
        try validate(shape)
        let n = shape.reduce(1, *)
        let values = (0..<n).map { _ -> Float in
            var z = rng.nextNormal()
            while Swift.abs(z) > 2 { z = rng.nextNormal() }
            return Float(Double(mean) + Double(stddev) * z)
        }
        return Tensor(unchecked: shape, scalars: values)
    }
}
