// Optimizers with Keras 3's update rules and defaults. Each keeps its per-weight state
// (momentum buffers, Adam's moments) keyed by the parameter object.
//
//   SGD:               w ← w − lr·g
//   SGD, momentum μ:   v ← μ·v − lr·g;   w ← w + v
//   SGD, Nesterov:     v ← μ·v − lr·g;   w ← w + μ·v − lr·g
//   Adam (t = step):   m ← m + (g − m)(1 − β1);  v ← v + (g² − v)(1 − β2)
//                      α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ);  w ← w − α·m / (√v + ε)
// Around each rule, optionally (`extras:`, WeightDecayAndEMA.swift), as every Keras 3
// optimizer: a per-step learning-rate schedule, decoupled weight decay, a weight EMA.

import Foundation

/// Updates trainable parameters from their gradients.
///
/// ```swift
/// let opt = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)   // seed 004
/// opt.update(model.parameters)
/// ```
public protocol Optimizer: AnyObject {
    /// Keras's name: "SGD", "Adam".
    var name: String { get }
    /// The current learning rate; schedules and callbacks change it between steps.
    var learningRate: Float { get set }
    /// Steps taken so far (Keras's `optimizer.iterations`).
    var iterations: Int { get }
    /// Applies one step to every trainable parameter in `parameters`.
    func update(_ parameters: [Parameter])
    /// The per-weight state, for checkpoints: name → tensor, in the order of `parameters`.
    func state(for parameters: [Parameter]) -> [String: Tensor]
    /// Restores what `state(for:)` returned.
    func restore(_ state: [String: Tensor], for parameters: [Parameter]) throws
    /// At the end of training: with a weight EMA, the weights become their averages
    /// (Keras's `finalize_variable_values`, which `fit` calls).
    func finalizeVariableValues(_ parameters: [Parameter])
}

extension Optimizer {
    /// Nothing to finalise by default: an optimizer without a weight EMA leaves the weights as they are.
    public func finalizeVariableValues(_ parameters: [Parameter]) {}
}

/// Per-parameter buffers, created on first use with the parameter's shape.
final class Slots {
    private var buffers: [ObjectIdentifier: [Float]] = [:]

    func buffer(_ p: Parameter) -> [Float] {
        buffers[ObjectIdentifier(p)] ?? [Float](repeating: 0, count: p.value.count)
    }
    func set(_ p: Parameter, _ value: [Float]) { buffers[ObjectIdentifier(p)] = value }
    func has(_ p: Parameter) -> Bool { buffers[ObjectIdentifier(p)] != nil }
}

/// Stochastic gradient descent with optional (Nesterov) momentum, as `keras.optimizers.SGD`.
///
/// ```swift
/// let opt = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
/// ```
public final class SGD: Optimizer {
    public let name = "SGD"
    public var learningRate: Float
    public let momentum: Float
    public let nesterov: Bool
    public private(set) var iterations = 0
    /// Weight decay, EMA and a per-step schedule (see WeightDecayAndEMA.swift).
    public let extras: OptimizerExtras?
    private let velocity = Slots()

    /// Keras's defaults: learning rate 0.01, no momentum.
    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false, extras: OptimizerExtras? = nil) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.extras = extras
    }

    public func update(_ parameters: [Parameter]) {
        if let extras {
            learningRate = extras.learningRate(iterations: iterations, current: learningRate)
            extras.applyWeightDecay(parameters, learningRate: learningRate)
        }
        let lr = learningRate, mu = momentum
        for p in parameters where p.trainable {
            let g = p.gradient.scalars
            if mu == 0 {
                p.value.scalars.withUnsafeMutableBufferPointer { w in for i in w.indices { w[i] -= lr * g[i] } }
                continue
            }
            var v = velocity.buffer(p)
            p.value.scalars.withUnsafeMutableBufferPointer { w in
                for i in w.indices {
                    v[i] = mu * v[i] - lr * g[i]
                    w[i] += nesterov ? mu * v[i] - lr * g[i] : v[i]
                }
            }
            velocity.set(p, v)
        }
        extras?.updateAverages(parameters, iterations: iterations)
        iterations += 1
    }

    public func finalizeVariableValues(_ parameters: [Parameter]) { extras?.finalize(parameters) }

    public func state(for parameters: [Parameter]) -> [String: Tensor] {
        var s = ["iterations": Tensor(scalar: Float(iterations))]
        for (i, p) in parameters.enumerated() where p.trainable && velocity.has(p) {
            s["momentum/\(i)"] = Tensor(unchecked: p.value.shape, scalars: velocity.buffer(p))
        }
        return s.merging(extras?.state(for: parameters) ?? [:]) { a, _ in a }
    }

    public func restore(_ state: [String: Tensor], for parameters: [Parameter]) throws {
        iterations = Int(state["iterations"]?.scalars.first ?? 0)
        for (i, p) in parameters.enumerated() {
            if let v = state["momentum/\(i)"] {
                guard v.shape == p.value.shape else { throw stateMismatch("SGD momentum", i, v.shape, p.value.shape) }
                velocity.set(p, v.scalars)
            }
        }
        try extras?.restore(state, for: parameters)
    }
}

/// Adam, as `keras.optimizers.Adam`: defaults lr 1e-3, β1 0.9, β2 0.999, ε 1e-7.
///
/// ```swift
/// let opt = Adam(learningRate: 1e-3)   // seed 003
/// ```
public final class Adam: Optimizer {
    public let name = "Adam"
    public var learningRate: Float
    /// As Python floats: Keras forms 1 − β in double precision before casting to float32.
    public let beta1: Double, beta2: Double
    public let epsilon: Float
    public private(set) var iterations = 0
    /// Weight decay, EMA and a per-step schedule (see WeightDecayAndEMA.swift).
    public let extras: OptimizerExtras?
    private let m = Slots(), v = Slots()

    public init(learningRate: Float = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Float = 1e-7, extras: OptimizerExtras? = nil) {
        self.learningRate = learningRate
        (self.beta1, self.beta2, self.epsilon, self.extras) = (beta1, beta2, epsilon, extras)
    }

    public func update(_ parameters: [Parameter]) {
        if let extras {
            learningRate = extras.learningRate(iterations: iterations, current: learningRate)
            extras.applyWeightDecay(parameters, learningRate: learningRate)
        }
        let t = Double(iterations + 1)
        // βᵗ from float32 β, as Keras's variables hold it.
        let alpha = Float(Double(learningRate) * (1 - pow(Double(Float(beta2)), t)).squareRoot() / (1 - pow(Double(Float(beta1)), t)))
        let (b1, b2, eps) = (Float(1 - beta1), Float(1 - beta2), epsilon)
        for p in parameters where p.trainable {
            let g = p.gradient.scalars
            var mp = m.buffer(p), vp = v.buffer(p)
            p.value.scalars.withUnsafeMutableBufferPointer { w in
                for i in w.indices {
                    mp[i] += (g[i] - mp[i]) * b1
                    vp[i] += (g[i] * g[i] - vp[i]) * b2
                    w[i] -= alpha * mp[i] / (vp[i].squareRoot() + eps)
                }
            }
            m.set(p, mp)
            v.set(p, vp)
        }
        extras?.updateAverages(parameters, iterations: iterations)
        iterations += 1
    }

    public func finalizeVariableValues(_ parameters: [Parameter]) { extras?.finalize(parameters) }

    public func state(for parameters: [Parameter]) -> [String: Tensor] {
        var s = ["iterations": Tensor(scalar: Float(iterations))]
        for (i, p) in parameters.enumerated() where p.trainable && m.has(p) {
            s["m/\(i)"] = Tensor(unchecked: p.value.shape, scalars: m.buffer(p))
            s["v/\(i)"] = Tensor(unchecked: p.value.shape, scalars: v.buffer(p))
        }
        return s.merging(extras?.state(for: parameters) ?? [:]) { a, _ in a }
    }

    public func restore(_ state: [String: Tensor], for parameters: [Parameter]) throws {
        iterations = Int(state["iterations"]?.scalars.first ?? 0)
        for (i, p) in parameters.enumerated() {
            for (slots, key) in [(m, "m/\(i)"), (v, "v/\(i)")] {
                if let t = state[key] {
                    guard t.shape == p.value.shape else { throw stateMismatch("Adam \(key)", i, t.shape, p.value.shape) }
                    slots.set(p, t.scalars)
                }
            }
        }
        try extras?.restore(state, for: parameters)
    }
}

func stateMismatch(_ what: String, _ i: Int, _ got: [Int], _ want: [Int]) -> ResNetError {
    ResNetError(.shapeMismatch, "\(what) for parameter \(i): saved shape \(describe(got)), model expects \(describe(want))")
}
