// Running a chain of layers with Conv2D → BatchNormalization (→ ReLU) runs fused.
//
// Sequential, Model and ResidualBlock hand their layers to a FusedChain. With
// `FastPaths.enabled` it finds each Conv2D directly followed by a BatchNormalization (and
// optionally an Activation(.relu)) and runs that run of layers as one ConvBNUnit
// (FusedConvBN.swift); every other layer runs as itself. The layers keep their parameters
// and receive their gradients exactly as if they had run one by one, so summaries,
// checkpoints and optimisers see no difference. With the fast paths off, it is the plain
// `layers.reduce` of Sequential.
//
// A backward after an *inference* forward (rare: a gradient of the deployed network) reruns
// that forward through the reference layers, which cache what their backward needs.
//
// Tested against: the layers run one by one (FastKernelTests; every Keras fixture test runs
// with the fast paths on).

final class FusedChain {
    enum Step {
        case layer(Layer)
        case unit(ConvBNUnit)
    }

    let layers: [Layer]
    let steps: [Step]
    /// How the last forward ran: fused in training (backward goes through the units),
    /// fused in inference (backward must rerun the reference), or through the layers.
    private var last: (mode: Mode, input: Tensor?) = (.layers, nil)
    private enum Mode { case fusedTraining, fusedInference, layers }

    init(_ layers: [Layer]) {
        self.layers = layers
        var steps: [Step] = [], i = 0
        while i < layers.count {
            if let conv = layers[i] as? Conv2D, i + 1 < layers.count, let bn = layers[i + 1] as? BatchNormalization {
                let relu = i + 2 < layers.count && (layers[i + 2] as? Activation)?.function == .relu
                steps.append(.unit(ConvBNUnit(conv: conv, bn: bn, relu: relu)))
                i += relu ? 3 : 2
            } else {
                steps.append(.layer(layers[i]))
                i += 1
            }
        }
        self.steps = steps
    }

    /// The chain's last step as a unit without a ReLU of its own (the end of a residual
    /// unit's main path, which takes the shortcut and the block's ReLU), and the rest.
    var openEnd: (rest: FusedChain, unit: ConvBNUnit)? {
        guard case .unit(let u)? = steps.last, !u.relu else { return nil }
        return (FusedChain(Array(layers.dropLast(2))), ConvBNUnit(conv: u.conv, bn: u.bn, relu: true))
    }

    func forward(_ x: Tensor, training: Bool) throws -> Tensor {
        guard FastPaths.fusing else {
            last = (.layers, nil)
            return try layers.reduce(x) { try $1.forward($0, training: training) }
        }
        last = (training ? .fusedTraining : .fusedInference, training ? nil : x)
        var h = x
        for step in steps {
            switch step {
            case .layer(let l): h = try l.forward(h, training: training)
            case .unit(let u): h = try u.forward(h, residual: nil, training: training)
            }
        }
        return h
    }

    func backward(_ dy: Tensor) throws -> Tensor {
        switch last.mode {
        case .layers:
            return try layers.reversed().reduce(dy) { try $1.backward($0) }
        case .fusedInference:
            guard let x = last.input else { return try layers.reversed().reduce(dy) { try $1.backward($0) } }
            _ = try FastPaths.$enabled.withValue(false) { try forward(x, training: false) }
            return try backward(dy)
        case .fusedTraining:
            var d = dy
            for step in steps.reversed() {
                switch step {
                case .layer(let l): d = try l.backward(d)
                case .unit(let u): d = try u.backward(d, residualGradient: false).dx
                }
            }
            return d
        }
    }
}
