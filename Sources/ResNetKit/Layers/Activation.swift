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
        switch self {
        case .linear: return x
        case .relu: return x.parallelMap { $0 > 0 ? $0 : 0 }
        case .sigmoid: return x.parallelMap { v in v >= 0 ? 1 / (1 + Foundation.exp(-v)) : Foundation.exp(v) / (1 + Foundation.exp(v)) }
        case .tanh: return x.parallelMap { Foundation.tanh($0) }
        case .softmax:
            let width = x.shape.last ?? 1
            var y = x.scalars
            y.withUnsafeMutableBufferPointer { p in
                for row in stride(from: 0, to: p.count, by: Swift.max(width, 1)) {
                    var m = -Float.infinity
                    for j in row..<(row + width) { m = Swift.max(m, p[j]) }
                    var s: Float = 0
                    for j in row..<(row + width) { p[j] = Foundation.exp(p[j] - m); s += p[j] }
                    for j in row..<(row + width) { p[j] /= s }
                }
            }
            return Tensor(unchecked: x.shape, scalars: y)
        }
    }

    /// dL/dx given y = f(x) and dL/dy.
    func gradient(output y: Tensor, _ dy: Tensor) -> Tensor {
        if dy.count == 0 { return dy }
        var dx = dy.scalars
        y.scalars.withUnsafeBufferPointer { py in
            dx.withUnsafeMutableBufferPointer { pd in
                let py = py.baseAddress!, pdx = pd.baseAddress!
                switch self {
                case .linear: break
                case .relu: Parallel.chunks(pd.count, minChunk: 1 << 16) { r in for i in r where py[i] <= 0 { pdx[i] = 0 } }
                case .sigmoid: Parallel.chunks(pd.count, minChunk: 1 << 16) { r in for i in r { pdx[i] *= py[i] * (1 - py[i]) } }
                case .tanh: Parallel.chunks(pd.count, minChunk: 1 << 16) { r in for i in r { pdx[i] *= 1 - py[i] * py[i] } }
                case .softmax:
                    let width = Swift.max(y.shape.last ?? 1, 1)
                    for row in stride(from: 0, to: pd.count, by: width) {
                        var dot: Float = 0
                        for j in row..<(row + width) { dot += pd[j] * py[j] }
                        for j in row..<(row + width) { pd[j] = py[j] * (pd[j] - dot) }
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
