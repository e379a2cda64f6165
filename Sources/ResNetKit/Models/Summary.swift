// What a learner asks of a model: Keras's summary table, parameter totals, a shape
// walk-through, and the gradient table behind the vanishing-gradient lesson.

import Foundation

/// Trainable and non-trainable parameter totals, as Keras's summary ends.
public struct ParameterCounts: Sendable, Equatable, CustomStringConvertible {
    public let trainable: Int
    public let nonTrainable: Int
    public var total: Int { trainable + nonTrainable }

    public var description: String {
        "Total params: \(grouped(total))\nTrainable params: \(grouped(trainable))\nNon-trainable params: \(grouped(nonTrainable))"
    }
}

/// Thousands separated by commas, as Keras prints parameter counts.
///
/// ```swift
/// grouped(274442)   // "274,442"
/// ```
public func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    var out = ""
    for (i, d) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(d)
    }
    return out
}

extension Model {
    /// Parameter totals: BatchNormalization's moving statistics are the non-trainable ones.
    ///
    /// ```swift
    /// try ResNetV1(depth: 20).parameterCounts   // trainable 273,066 …
    /// ```
    public var parameterCounts: ParameterCounts {
        ParameterCounts(trainable: trainableParameterCount, nonTrainable: nonTrainableParameterCount)
    }

    /// The rows of the summary table: the input, then every layer (blocks' inner layers too).
    public func summaryRows() throws -> [SummaryRow] {
        var rows = [SummaryRow(name: "input_layer", kind: "InputLayer", outputShape: inputShape, parameters: 0, trainable: 0, connectedTo: [])]
        _ = try body.summarize([1] + inputShape, inbound: ["input_layer"], into: &rows)
        return rows
    }

    /// Keras's `model.summary()`: layer (type), output shape, parameters, connected to, totals.
    ///
    /// ```swift
    /// print(try ResNet20().summary())
    /// ```
    public func summary() throws -> String {
        let rows = try summaryRows()
        let table = rows.map { r in
            [
                "\(r.name) (\(r.kind))", "(None, " + r.outputShape.map(String.init).joined(separator: ", ") + ")",
                grouped(r.parameters), r.connectedTo.map { "\($0)[0][0]" }.joined(separator: ", "),
            ]
        }
        let header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        var widths = header.map(\.count)
        for row in table { for (i, cell) in row.enumerated() { widths[i] = Swift.max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == 2 ? String(repeating: " ", count: widths[i] - c.count) + c : c + String(repeating: " ", count: widths[i] - c.count)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let rule = String(repeating: "─", count: widths.reduce(0, +) + 6)
        var out = ["Model: \"\(name)\"", rule, line(header), rule]
        out += table.map(line)
        out += [rule, parameterCounts.description, rule]
        return out.joined(separator: "\n")
    }

    /// One step of a shape walk-through: a top-level layer or block and its output shape.
    public struct TraceStep: Sendable {
        public let name: String
        public let kind: String
        public let outputShape: [Int]
    }

    /// Runs `x` through the model (inference mode) and records each top-level layer's or
    /// block's output shape, as textbooks draw the network.
    ///
    /// ```swift
    /// for step in try model.trace(try Tensor.zeros([1, 32, 32, 3])) { print(step.name, step.outputShape) }
    /// ```
    public func trace(_ x: Tensor) throws -> [TraceStep] {
        try checkInput(x.shape)
        var steps = [TraceStep(name: "input", kind: "Input", outputShape: x.shape)]
        var y = x
        for layer in body.layers {
            y = try layer.forward(y, training: false)
            steps.append(TraceStep(name: layer.name, kind: layer.kind, outputShape: y.shape))
        }
        return steps
    }

    /// The walk-through as a table.
    public func traceTable(_ x: Tensor) throws -> String {
        let steps = try trace(x)
        let w = steps.map { $0.name.count + $0.kind.count + 3 }.max() ?? 0
        return steps.map { s in
            let label = "\(s.name) (\(s.kind))"
            return label + String(repeating: " ", count: w - label.count) + "  " + describe(s.outputShape)
        }.joined(separator: "\n")
    }
}

/// One row of the gradient table: a weight, its norm and its gradient's norm.
public struct GradientRow: Sendable {
    /// Position in depth order, from 1 (nearest the input).
    public let depth: Int
    public let layer: String
    public let kind: String
    public let parameter: String
    public let shape: [Int]
    public let norm: Float
    public let gradientNorm: Float
}

extension Model {
    /// After a backward pass: every trainable weight's norm and gradient norm, from the
    /// input to the output. Blocks list their main path before their shortcut.
    ///
    /// ```swift
    /// _ = try model.backward(logitsGradient: dz)
    /// for row in model.gradientRows() { print(row.layer, row.gradientNorm) }
    /// ```
    public func gradientRows(kernelsOnly: Bool = false) -> [GradientRow] {
        var rows: [GradientRow] = []
        var depth = 0
        for leaf in leaves where leaf.trainableParameterCount > 0 {
            depth += 1
            for p in leaf.parameters where p.trainable && (!kernelsOnly || p.name == "kernel") {
                rows.append(
                    GradientRow(
                        depth: depth, layer: leaf.name, kind: leaf.kind, parameter: p.name,
                        shape: p.value.shape, norm: p.value.norm(), gradientNorm: p.gradient.norm()))
            }
        }
        return rows
    }

    /// ‖∇ first kernel‖ / ‖∇ last kernel‖: how much gradient reaches the first layer
    /// compared with the last. Tiny in a deep plain net with saturating activations.
    ///
    /// ```swift
    /// let ratio = try model.gradientNormRatio()
    /// ```
    public func gradientNormRatio() throws -> Float {
        let kernels = gradientRows(kernelsOnly: true)
        guard let first = kernels.first, let last = kernels.last, last.gradientNorm > 0 else {
            throw ResNetError(.invalidState, "Model '\(name)': no gradients yet; run a forward and a backward pass first")
        }
        return first.gradientNorm / last.gradientNorm
    }

    /// The gradient table as text: depth, layer, parameter, shape, ‖w‖, ‖∇w‖.
    public func gradientTable() -> String {
        let rows = gradientRows()
        let w = Swift.max(5, rows.map { $0.layer.count + $0.parameter.count + 1 }.max() ?? 0)
        var out = ["depth  " + "layer.param".padding(toLength: w, withPad: " ", startingAt: 0) + "  shape              ‖w‖         ‖∇w‖"]
        for r in rows {
            let name = (r.layer + "." + r.parameter).padding(toLength: w, withPad: " ", startingAt: 0)
            let shape = describe(r.shape).padding(toLength: 17, withPad: " ", startingAt: 0)
            out.append(String(format: "%5d  ", r.depth) + name + "  " + shape + String(format: "  %10.4g  %11.4g", Double(r.norm), Double(r.gradientNorm)))
        }
        return out.joined(separator: "\n")
    }
}
