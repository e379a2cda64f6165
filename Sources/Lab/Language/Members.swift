// Members of values: `x.shape`, `x.sum(axis: 0)`, `model.summary()`, `Tensor.zeros`.
// Properties are returned directly; methods come back as callables bound to their value.

import ResNetKit

enum Members {
    typealias Method = (String, (Args) throws -> Value)

    static func lookup(_ base: Value, _ name: String) throws -> Value {
        if case .type(let t) = base {
            if let v = Builtins.shared.staticMember(t, name) { return v }
            let known = Builtins.shared.staticMembers(of: t)
            let hint = closest(to: name, in: known).map { "; did you mean '\(t).\($0)'?" } ?? (known.isEmpty ? "" : "; it has " + known.map { "." + $0 }.joined(separator: ", "))
            throw LabError("type '\(t)' has no member '\(name)'\(hint)")
        }
        if case .tuple(let items) = base {
            if let hit = items.first(where: { $0.label == name }) { return hit.value }
            if let i = Int(name), items.indices.contains(i) { return items[i].value }
        }
        let (properties, methods) = table(for: base)
        if let p = properties[name] { return try p() }
        if let m = methods.first(where: { $0.0.hasPrefix(name + "(") }) {
            let builtin = Builtin(name: name, signatures: methods.filter { $0.0.hasPrefix(name + "(") }.map { Signature($0.0, $0.1) }, doc: "", example: "", topic: "")
            _ = m
            return .function(Callable(name) { try builtin($0) })
        }
        let names = Array(properties.keys) + methods.map { String($0.0.prefix { $0 != "(" }) }
        let hint = closest(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
        throw LabError("\(base.brief) has no member '\(name)'\(hint)")
    }

    /// Sets a property of an engine object: `opt.learningRate = 0.01`.
    static func set(_ object: Any, _ name: String, _ value: Value) throws {
        switch (object, name) {
        case (let opt as Optimizer, "learningRate"):
            opt.learningRate = try value.float("learningRate")
        default:
            throw LabError("cannot assign to '\(name)' of \(String(describing: type(of: object))): it is read-only in the lab")
        }
    }

    /// Member names of a value, for tab completion.
    static func names(of base: Value) -> [String] {
        if case .type(let t) = base { return Builtins.shared.staticMembers(of: t) }
        let (p, m) = table(for: base)
        return (Array(p.keys) + m.map { String($0.0.prefix { $0 != "(" }) + "(" }).sorted()
    }

    static func table(for base: Value) -> ([String: () throws -> Value], [Method]) {
        switch base {
        case .tensor(let t): return tensorMembers(t)
        case .native(let o):
            if let m = o as? Model { return modelMembers(m) }
            if let d = dataMembers(o) { return d }
            if let l = o as? Layer { return layerMembers(l) }
            if let add = o as? Add {
                return (
                    ["name": { .string(add.name) }],
                    [
                        (
                            "forward(_ inputs: [Tensor])",
                            { a in
                                guard case .array(let xs) = a["inputs"]! else { throw LabError("Add expects a list of tensors") }
                                return .tensor(try add.forward(xs.map { try $0.tensor("Add") }))
                            }
                        ),
                        (
                            "callAsFunction(_ inputs: [Tensor])",
                            { a in
                                guard case .array(let xs) = a["inputs"]! else { throw LabError("Add expects a list of tensors") }
                                return .tensor(try add.forward(xs.map { try $0.tensor("Add") }))
                            }
                        ),
                    ]
                )
            }
            if let h = o as? History {
                return (
                    ["epochs": { .int(h.epochs) }, "figures": { .array(h.figures.keys.sorted().map { .string($0) }) }],
                    [
                        ("last(_ name: String)", { a in h.last(try a.string("name")).map { .some(.float($0)) } ?? .null })
                    ]
                )
            }
            if let opt = o as? Optimizer {
                return (
                    ["learningRate": { .float(opt.learningRate) }, "iterations": { .int(opt.iterations) }, "name": { .string(opt.name) }],
                    [
                        (
                            "update(_ parameters: [Parameter])",
                            { a in
                                guard case .array(let items)? = a["parameters"]?.unwrapped else { throw LabError("update expects model.parameters") }
                                opt.update(try items.map { try $0.native(Parameter.self, "update") })
                                return .void
                            }
                        )
                    ]
                )
            }
            if let s = o as? EpochShuffler {
                return (["count": { .int(s.count) }], [("nextEpoch()", { _ in .array(s.nextEpoch().map { .int($0) }) })])
            }
            if let r = o as? GradientCheckReport {
                return (
                    ["maxRelativeError": { .double(r.maxRelativeError) }],
                    [("passes(tolerance: Float = 0.01)", { a in .bool(r.passes(tolerance: try a.optional("tolerance", a.double) ?? 1e-2)) })]
                )
            }
            if let p = o as? Parameter {
                return (
                    [
                        "name": { .string(p.name) }, "value": { .tensor(p.value) }, "gradient": { .tensor(p.gradient) }, "trainable": { .bool(p.trainable) },
                        "shape": { .array(p.value.shape.map { .int($0) }) },
                    ], []
                )
            }
            return ([:], [])
        default: return ([:], [])
        }
    }

    static func shape(_ s: [Int]) -> Value { .array(s.map { .int($0) }) }

    static func tensorMembers(_ t: Tensor) -> ([String: () throws -> Value], [Method]) {
        let props: [String: () throws -> Value] = [
            "shape": { shape(t.shape) }, "rank": { .int(t.rank) }, "count": { .int(t.count) },
            "scalars": { .array(t.scalars.map { .float($0) }) },
        ]
        func axisOrAll(_ a: Args, _ all: () -> Float, _ along: (Int, Bool) throws -> Tensor) throws -> Value {
            guard a.has("axis") else { return .float(all()) }
            return .tensor(try along(a.int("axis"), try a.optional("keepDims", a.bool) ?? false))
        }
        let methods: [Method] = [
            ("sum(axis: Int? = nil, keepDims: Bool = false)", { a in try axisOrAll(a, t.sum) { try t.sum(axis: $0, keepDims: $1) } }),
            ("mean(axis: Int? = nil, keepDims: Bool = false)", { a in try axisOrAll(a, t.mean) { try t.mean(axis: $0, keepDims: $1) } }),
            ("max(axis: Int? = nil, keepDims: Bool = false)", { a in try axisOrAll(a, t.max) { try t.max(axis: $0, keepDims: $1) } }),
            ("min()", { _ in .float(t.min()) }),
            ("norm()", { _ in .float(t.norm()) }),
            ("argmax(axis: Int = -1)", { a in .tensor(try t.argmax(axis: try a.optional("axis", a.int) ?? -1)) }),
            ("item()", { _ in .float(try t.item()) }),
            ("rows(_ indices: [Int])", { a in .tensor(try t.rows(a.ints("indices"))) }),
            ("reshaped(_ shape: [Int])", { a in .tensor(try t.reshaped(a.ints("shape"))) }),
            ("transposed()", { _ in .tensor(try t.transposed()) }),
            ("exp()", { _ in .tensor(t.exp()) }), ("log()", { _ in .tensor(t.log()) }), ("sqrt()", { _ in .tensor(t.sqrt()) }),
            ("abs()", { _ in .tensor(t.abs()) }), ("squared()", { _ in .tensor(t.squared()) }),
            ("clipped(_ lower: Float, _ upper: Float)", { a in .tensor(t.clipped(try a.float("lower"), try a.float("upper"))) }),
            (
                "writeNpy(path: String)",
                { a in
                    try t.writeNpy(path: a.string("path")); return .void
                }
            ),
        ]
        return (props, methods)
    }

    static func layerMembers(_ l: Layer) -> ([String: () throws -> Value], [Method]) {
        let props: [String: () throws -> Value] = [
            "name": { .string(l.name) }, "kind": { .string(l.kind) },
            "parameters": { .array(l.parameters.map { .native($0) }) },
            "trainableParameterCount": { .int(l.trainableParameterCount) },
            "nonTrainableParameterCount": { .int(l.nonTrainableParameterCount) },
        ]
        let methods: [Method] = [
            ("forward(_ x: Tensor, training: Bool = false)", { a in .tensor(try l.forward(a.tensor("x"), training: try a.optional("training", a.bool) ?? false)) }),
            ("callAsFunction(_ x: Tensor, training: Bool = false)", { a in .tensor(try l.forward(a.tensor("x"), training: try a.optional("training", a.bool) ?? false)) }),
            ("backward(_ dy: Tensor)", { a in .tensor(try l.backward(a.tensor("dy"))) }),
            ("outputShape(for: [Int])", { a in shape(try l.outputShape(for: a.ints("for"))) }),
            (
                "build(inputShape: [Int])",
                { a in
                    try l.build(inputShape: a.ints("inputShape")); return .void
                }
            ),
            ("parameter(_ name: String)", { a in .native(try l.parameter(a.string("name"))) }),
            (
                "zeroGradients()",
                { _ in
                    l.zeroGradients(); return .void
                }
            ),
        ]
        return (props, methods)
    }

    static func modelMembers(_ m: Model) -> ([String: () throws -> Value], [Method]) {
        var (props, methods) = layerMembers(m)
        props["inputShape"] = { shape(m.inputShape) }
        props["parameterCount"] = { .int(m.parameterCounts.total) }
        props["layers"] = { .array(m.layers.map { .native($0) }) }
        methods += [
            ("summary()", { _ in .string(try m.summary()) }),
            ("trace(_ x: Tensor)", { a in .string(try m.traceTable(a.tensor("x"))) }),
            ("gradientTable()", { _ in .string(m.gradientTable()) }),
            ("gradientNormRatio()", { _ in .float(try m.gradientNormRatio()) }),
            ("forwardLogits(_ x: Tensor, training: Bool = false)", { a in .tensor(try m.forwardLogits(a.tensor("x"), training: try a.optional("training", a.bool) ?? false)) }),
            ("backward(logitsGradient: Tensor)", { a in .tensor(try m.backward(logitsGradient: a.tensor("logitsGradient"))) }),
            ("regularizationLoss()", { _ in .float(m.regularizationLoss()) }),
            (
                "addRegularizationGradients()",
                { _ in
                    m.addRegularizationGradients(); return .void
                }
            ),
        ]
        return (props, methods)
    }
}
