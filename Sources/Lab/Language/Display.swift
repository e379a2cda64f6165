// How values are printed at the prompt: tensors like NumPy prints arrays (small ones whole,
// large ones as shape and statistics), objects by what a learner wants to know of them.

import Foundation
import ResNetKit

/// The text the REPL shows for a value: Swift's own formatting for Swift's values
/// (`0.33333334`, `["a", "b"]`, `Optional(3)`), NumPy's for tensors, and for engine objects
/// what a learner wants to know of them.
public func describeValue(_ v: Value) -> String {
    switch v {
    case .void: return ""
    case .string(let s): return s
    case .array(let items) where items.contains(where: { if case .tensor = $0 { return true } else { return false } }):
        return "[" + items.map { if case .tensor(let t) = $0 { return "Tensor\(describeShape(t.shape))" } else { return swiftFormat($0, debug: true) } }.joined(separator: ", ")
            + "]"
    case .member(let m): return ".\(m)"
    case .function(let f): return "function \(f.name)"
    case .type(let t): return "\(t) (a type: call it, or use :help \(t))"
    case .tensor(let t): return describeTensor(t)
    case .native(let o):
        if let m = o as? Model {
            let c = m.parameterCounts
            return
                "Model '\(m.name)': input \(describeShape(m.inputShape)), \(m.layers.count) top-level layers, \(grouped(c.total)) parameters (\(grouped(c.trainable)) trainable). :summary \(m.name == "" ? "model" : "<name>") shows every layer."
        }
        if let b = o as? ResidualBlock {
            return
                "\(b.kind) '\(b.name)': main path \(b.main.layers.map(\.kind).joined(separator: " → ")); shortcut \(b.isIdentity ? "identity" : b.shortcut.layers.map(\.kind).joined(separator: " → "))"
        }
        if let l = o as? Layer {
            let params = l.parameters.map { "\($0.name) \(describeShape($0.value.shape))" }.joined(separator: ", ")
            return "\(l.kind) '\(l.name)'"
                + (params.isEmpty
                    ? (l.parameters.isEmpty && ["Conv2D", "Dense", "BatchNormalization"].contains(l.kind) ? " (not built yet: its weights are made on the first input)" : "")
                    : ": \(params)")
        }
        if let p = o as? Parameter { return "Parameter \(p.name) \(describeShape(p.value.shape))\(p.trainable ? "" : " (non-trainable)")\n" + describeTensor(p.value) }
        if let h = o as? History { return h.description }
        if let p = o as? Picture { return p.rendered() }
        if let d = o as? Dataset {
            return
                "Dataset: \(d.count) images \(describeShape(Array(d.images.shape.dropFirst()))), \(d.classes) classes (\(d.classNames.prefix(4).joined(separator: ", "))\(d.classNames.count > 4 ? ", …" : ""))"
        }
        if let r = o as? GradientCheckReport { return r.description }
        if let opt = o as? Optimizer { return "\(opt.name)(learningRate: \(opt.learningRate)), \(opt.iterations) steps taken" }
        return swiftFormat(v, debug: false)
    default:
        return swiftFormat(v, debug: false)
    }
}

func describeShape(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }

/// NumPy-style: nested brackets for up to 200 elements, else shape and statistics.
func describeTensor(_ t: Tensor) -> String {
    let header = "Tensor \(describeShape(t.shape))"
    if t.count == 0 { return header + " (empty)" }
    if t.count > 200 {
        let mean = t.mean(), sd = (t.squared().mean() - mean * mean).squareRoot()
        return header + String(format: "  min %.4g  max %.4g  mean %.4g  std %.4g", Double(t.min()), Double(t.max()), Double(mean), Double(sd.isNaN ? 0 : sd))
    }
    let cells = t.scalars.map { String(format: "%.4g", Double($0)) }
    let width = cells.map(\.count).max() ?? 1
    func render(_ dim: Int, _ offset: Int, _ indent: String) -> String {
        if t.rank == 0 { return cells[0] }
        let size = t.shape[dim], stride = t.shape[(dim + 1)...].reduce(1, *)
        if dim == t.rank - 1 {
            return "[" + (0..<size).map { String(repeating: " ", count: width - cells[offset + $0].count) + cells[offset + $0] }.joined(separator: ", ") + "]"
        }
        let sep = ",\n" + String(repeating: "\n", count: Swift.max(0, t.rank - dim - 2)) + indent + " "
        return "[" + (0..<size).map { render(dim + 1, offset + $0 * stride, indent + " ") }.joined(separator: sep) + "]"
    }
    return header + "\n" + render(0, 0, "")
}
