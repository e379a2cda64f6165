// Weight initialisers with Keras's names and formulas. For a kernel (KH, KW, Cin, Cout)
// fan_in = KH·KW·Cin and fan_out = KH·KW·Cout; for a Dense kernel (D, units) they are D and
// units. The random stream is ours (`SeededGenerator`), so values differ from Keras's for
// the same seed, but the distributions are Keras's.

import Foundation
import Synchronization

/// How a parameter's first value is drawn (Keras's `kernel_initializer`).
///
/// ```swift
/// let conv = try Conv2D(filters: 16, kernelSize: 3, kernelInitializer: .heNormal())
/// ```
public enum Initializer: Sendable, Equatable {
    case zeros, ones
    case constant(Float)
    /// U(-limit, limit), limit = √(6 / (fan_in + fan_out)): Keras's default for Conv2D and Dense.
    case glorotUniform(seed: UInt64? = nil)
    /// N(0, σ) truncated at 2σ, σ = √(2 / (fan_in + fan_out)) / 0.8796…
    case glorotNormal(seed: UInt64? = nil)
    /// N(0, σ) truncated at 2σ, σ = √(2 / fan_in) / 0.8796… (the seeds' `he_normal`).
    case heNormal(seed: UInt64? = nil)
    /// U(-limit, limit), limit = √(6 / fan_in).
    case heUniform(seed: UInt64? = nil)
    case randomNormal(mean: Float = 0, stddev: Float = 0.05, seed: UInt64? = nil)
    case randomUniform(minval: Float = -0.05, maxval: Float = 0.05, seed: UInt64? = nil)

    /// Keras's name for it (`glorot_uniform`), as summaries and errors print it.
    public var kerasName: String {
        switch self {
        case .zeros: "zeros"
        case .ones: "ones"
        case .constant: "constant"
        case .glorotUniform: "glorot_uniform"
        case .glorotNormal: "glorot_normal"
        case .heNormal: "he_normal"
        case .heUniform: "he_uniform"
        case .randomNormal: "random_normal"
        case .randomUniform: "random_uniform"
        }
    }

    /// The correction Keras applies so a normal truncated at ±2σ keeps variance σ².
    static let truncationCorrection = 0.87962566103423978

    /// Draws a tensor of `shape`.
    ///
    /// ```swift
    /// let w = try Initializer.heNormal(seed: 0).make([3, 3, 16, 16])
    /// ```
    public func make(_ shape: [Int]) throws -> Tensor {
        let (fanIn, fanOut) = Initializer.fans(shape)
        switch self {
        case .zeros: return try .zeros(shape)
        case .ones: return try .ones(shape)
        case .constant(let v): return try .constant(v, shape)
        case .glorotUniform(let seed):
            let limit = Float((6.0 / Double(fanIn + fanOut)).squareRoot())
            return try .randomUniform(shape, minval: -limit, maxval: limit, seed: seed ?? RandomSeeds.next())
        case .glorotNormal(let seed):
            let sd = (2.0 / Double(fanIn + fanOut)).squareRoot() / Initializer.truncationCorrection
            return try .truncatedNormal(shape, stddev: Float(sd), seed: seed ?? RandomSeeds.next())
        case .heNormal(let seed):
            let sd = (2.0 / Double(fanIn)).squareRoot() / Initializer.truncationCorrection
            return try .truncatedNormal(shape, stddev: Float(sd), seed: seed ?? RandomSeeds.next())
        case .heUniform(let seed):
            let limit = Float((6.0 / Double(fanIn)).squareRoot())
            return try .randomUniform(shape, minval: -limit, maxval: limit, seed: seed ?? RandomSeeds.next())
        case .randomNormal(let mean, let sd, let seed):
            return try .randomNormal(shape, mean: mean, stddev: sd, seed: seed ?? RandomSeeds.next())
        case .randomUniform(let lo, let hi, let seed):
            return try .randomUniform(shape, minval: lo, maxval: hi, seed: seed ?? RandomSeeds.next())
        }
    }

    /// Keras's `compute_fans`: the receptive field times input and output channels.
    static func fans(_ shape: [Int]) -> (Int, Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (shape[0], shape[0])
        case 2: return (shape[0], shape[1])
        default:
            let receptive = shape.dropLast(2).reduce(1, *)
            return (receptive * shape[shape.count - 2], receptive * shape[shape.count - 1])
        }
    }
}

/// The stream of seeds for initialisers given no seed of their own — the current `Session`'s.
/// It starts from a fixed seed, so a fresh session builds the same model every time;
/// `RandomSeeds.reset(to:)` changes it (Keras's `keras.utils.set_random_seed`).
///
/// ```swift
/// RandomSeeds.reset(to: 42)
/// let model = try ResNetV1(depth: 20)   // identical weights on every run
/// ```
public enum RandomSeeds {
    /// Restarts the current session's stream from `seed`.
    public static func reset(to seed: UInt64) { Session.current.resetSeeds(to: seed) }

    /// The next seed of the current session's stream.
    public static func next() -> UInt64 { Session.current.nextSeed() }
}

/// A penalty on a weight added to the loss (Keras's `kernel_regularizer`).
///
/// `l2(λ)` adds λ·Σw² (Keras's L2 has no ½), so its gradient is 2λw.
///
/// ```swift
/// let conv = try Conv2D(filters: 16, kernelSize: 3, kernelRegularizer: .l2(1e-4))
/// ```
public struct Regularizer: Sendable, Equatable {
    public var l1: Float
    public var l2: Float

    public init(l1: Float = 0, l2: Float = 0) {
        self.l1 = l1
        self.l2 = l2
    }

    /// λ·Σw², as `keras.regularizers.l2(λ)`.
    public static func l2(_ factor: Float) -> Regularizer { Regularizer(l2: factor) }
    /// λ·Σ|w|, as `keras.regularizers.l1(λ)`.
    public static func l1(_ factor: Float) -> Regularizer { Regularizer(l1: factor) }

    /// The penalty for `w`.
    ///
    /// ```swift
    /// Regularizer.l2(1e-4).penalty(kernel)
    /// ```
    public func penalty(_ w: Tensor) -> Float {
        var s1 = 0.0, s2 = 0.0
        for v in w.scalars { s1 += Double(Swift.abs(v)); s2 += Double(v) * Double(v) }
        return Float(Double(l1) * s1 + Double(l2) * s2)
    }

    /// d(penalty)/dw = λ₁·sign(w) + 2λ₂·w.
    public func gradient(_ w: Tensor) -> Tensor {
        w.map { v in l1 * (v > 0 ? 1 : (v < 0 ? -1 : 0)) + 2 * l2 * v }
    }
}

/// Unique default layer names, as Keras makes them: conv2d, conv2d_1, conv2d_2, … — counted
/// per `Session`.
///
/// ```swift
/// LayerNames.reset()   // like keras.backend.clear_session()
/// ```
public enum LayerNames {
    /// The next free name for `base` in the current session.
    public static func unique(_ base: String) -> String { Session.current.uniqueName(base) }

    /// Forgets every name the current session handed out.
    public static func reset() { Session.current.resetNames() }
}

/// `Conv2D` → `conv2d`, `BatchNormalization` → `batch_normalization` (Keras's snake case).
func snakeCase(_ s: String) -> String {
    var out = ""
    let chars = Array(s)
    for (i, c) in chars.enumerated() {
        if c.isUppercase, i > 0, chars[i - 1].isLowercase {
            out.append("_")
        }
        out.append(contentsOf: c.lowercased())
    }
    return out
}
