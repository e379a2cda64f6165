// Activation — y = f(x) elementwise (softmax: over the last axis)
//
//   relu:    y = max(x, 0)          dx = dy · [y > 0]
//   sigmoid: y = 1 / (1 + e^−x)     dx = dy · y(1 − y)
//   tanh:    y = tanh x             dx = dy · (1 − y²)
//   softmax: y = e^(x−max) / Σ      dx = y · (dy − Σ dy·y)
//   linear:  y = x                  dx = dy
// Every derivative is written in terms of the output y, so backward keeps only y.

import Foundation

/// The activation functions of Keras that the seeds use.
///
/// ```swift
/// let act = Activation(.relu)
/// ```
public enum ActivationFunction: String, Sendable, CaseIterable {
    case relu, sigmoid, tanh, softmax, linear

    /// y = f(x) for a tensor whose last axis is the softmax axis.
    func apply(_ x: Tensor) -> Tensor {
        let n = x.count
        if self == .linear || n == 0 { return x }
        let y: [Float] = x.scalars.withUnsafeBufferPointer { p in
            let px = p.baseAddress!
            switch self {
            case .linear: return x.scalars
            case .relu: return filled(n) { r, out in for i in r { let v = px[i]; out[i] = v > 0 ? v : 0 } }
            case .sigmoid:
                // One exp of −|v| for both signs: never overflows, and no branch around the exp.
                return filled(n) { r, out in
                    for i in r { let v = px[i], e = Foundation.exp(-Swift.abs(v)); out[i] = (v >= 0 ? 1 : e) / (1 + e) }
                }
            case .tanh: return filled(n) { r, out in for i in r { out[i] = Foundation.tanh(px[i]) } }
            case .softmax:
                let width = Swift.max(x.shape.last ?? 1, 1)
                return filled(n, minChunk: n) { _, out in
                    for row in stride(from: 0, to: n, by: width) {
                        var m = -Float.infinity
                        for j in row..<(row + width) { m = Swift.max(m, px[j]) }
                        var s: Float = 0
                        for j in row..<(row + width) { out[j] = Foundation.exp(px[j] - m); s += out[j] }
                        for j in row..<(row + width) { out[j] /= s }
                    }
                }
            }
        }
        return Tensor(unchecked: x.shape, scalars: y)
    }

    /// dL/dx given y = f(x) and dL/dy.
    func gradient(output y: Tensor, _ dy: Tensor) -> Tensor {
        let n = dy.count
        if self == .linear || n == 0 { return dy }
        let dx: [Float] = y.scalars.withUnsafeBufferPointer { py in
            dy.scalars.withUnsafeBufferPointer { pd in
                let py = py.baseAddress!, pd = pd.baseAddress!
                switch self {
                case .linear: return dy.scalars
                case .relu:
                    // Load dy unconditionally: a load under the condition cannot be vectorised
                    // and becomes a branch that mispredicts on half the elements (20× slower).
                    return filled(n) { r, out in for i in r { let d = pd[i]; out[i] = py[i] > 0 ? d : 0 } }
                case .sigmoid: return filled(n) { r, out in for i in r { out[i] = pd[i] * py[i] * (1 - py[i]) } }
                case .tanh: return filled(n) { r, out in for i in r { out[i] = pd[i] * (1 - py[i] * py[i]) } }
                case .softmax:
                    let width = Swift.max(y.shape.last ?? 1, 1)
                    return filled(n, minChunk: n) { _, out in
                        for row in stride(from: 0, to: n, by: width) {
                            var dot: Float = 0
                            for j in row..<(row + width) { dot += pd[j] * py[j] }
                            for j in row..<(row + width) { out[j] = py[j] * (pd[j] - dot) }
                        }
                    }
                }
            }
        }
        return Tensor(unchecked: dy.shape, scalars: dx)
    }
}

/// Keras's Activation layer.
///
/// ```swift
/// let relu = Activation(.relu)
/// let y = try relu(try Tensor([[-1, 2]]))   // [[0, 2]]
/// ```
public final class Activation: Layer {
    public let name: String
    public let kind = "Activation"
    public let function: ActivationFunction
    private var output: Tensor?

    public init(_ function: ActivationFunction, name: String? = nil) {
        self.function = function
        self.name = name ?? LayerNames.unique("activation")
    }

    public func outputShape(for s: [Int]) throws -> [Int] {
        if function == .softmax, s.isEmpty {
            throw ResNetError.shape(label, "softmax needs at least one axis, received a 0-D tensor")
        }
        return s
    }

    public func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        _ = try outputShape(for: x.shape)
        let y = function.apply(x)
        output = y
        return y
    }

    public func backward(_ dy: Tensor) throws -> Tensor {
        guard let y = output else { throw noForwardError() }
        try expectGradient(dy, shape: y.shape)
        return function.gradient(output: y, dy)
    }
}
