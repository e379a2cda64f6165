// Putting Keras's weights into the learner's layers: by layer name for the blocks (the seeds
// name their layers), by position for whole models (Keras names them automatically). Either
// way, a structure that differs from the seed's is reported as the first layer that differs.

import ResNetKit

extension Checker {
    /// Builds `layer` for `inputShape` and assigns every `<layer>.<param>` of the fixture's
    /// config "weights". False (with failures) when a name, a parameter or a shape differs.
    mutating func loadWeightsByName(_ layer: Layer, inputShape: [Int], fixture: ExerciseFixture) throws -> Bool {
        guard try call("building your layer for input \(inputShape)", { try layer.build(inputShape: inputShape) }) != nil else { return false }
        let expected = try fixture.json().dict("weights")
        let leaves = layer.leaves
        var ok = true
        for key in expected.keys.sorted() {
            let parts = key.split(separator: ".").map(String.init)
            let (layerName, param) = (parts[0], parts[1])
            guard let leaf = leaves.first(where: { $0.name == layerName }) else {
                let names = leaves.filter { !$0.parameters.isEmpty }.map(\.name)
                fail(
                    "no layer named '\(layerName)'\(layerRole(layerName).map { " (" + $0 + ")" } ?? "") in your block (its layers with weights: \(names.joined(separator: ", ")))"
                        + "\n  → the check loads Keras's weights by name: pass name: \"\(layerName)\" when you create that layer")
                return false
            }
            guard let p = leaf.parameters.first(where: { $0.name == param }) else {
                fail(
                    "\(leaf.kind) '\(layerName)' has no parameter '\(param)' (it has \(leaf.parameters.map(\.name).joined(separator: ", ")))"
                        + (param == "bias" ? "\n  → the seed's convolutions here have a bias (useBias: true, Keras's default)" : ""))
                ok = false
                continue
            }
            let value = try fixture.array(key)
            guard expectShape("\(layerName).\(param)", received: p.value.shape, expected: value.shape) else { ok = false; continue }
            try p.assign(value, layer: layerName)
        }
        // Parameters Keras does not have (a bias the seed turned off, an extra BN).
        for leaf in leaves {
            for p in leaf.parameters where expected["\(leaf.name).\(p.name)"] == nil {
                fail(
                    "\(leaf.kind) '\(leaf.name)' has a parameter '\(p.name)' \(p.value.shape) that Keras's block does not have"
                        + (p.name == "bias" ? "\n  → the seed builds this convolution with use_bias=False (useBias: false)" : ""))
                ok = false
            }
        }
        return ok
    }

    /// Assigns the fixture's weights/NNN.<param>.npy to the leaves that have parameters, in
    /// order. False (with a failure naming the first difference) when the layers differ.
    mutating func loadWeightsInOrder(_ model: Layer, fixture: ExerciseFixture) throws -> Bool {
        let keras = (try fixture.json()["layers"] as? [[String: Any]]) ?? []
        let mine = model.leaves.filter { !$0.parameters.isEmpty }
        func describeKeras(_ l: [String: Any]) -> String {
            let weights = (l["weights"] as? [String: [Int]]) ?? [:]
            return "\(l["class_name"] ?? "?") '\(l["name"] ?? "?")' (" + weights.keys.sorted().map { "\($0) \(weights[$0]!)" }.joined(separator: ", ") + ")"
        }
        func describeMine(_ l: Layer) -> String {
            "\(l.kind) '\(l.name)' (" + l.parameters.map { "\($0.name) \($0.value.shape)" }.sorted().joined(separator: ", ") + ")"
        }
        for (i, k) in keras.enumerated() {
            guard i < mine.count else {
                fail("your model has \(mine.count) layers with weights, Keras's has \(keras.count); the first one missing is \(describeKeras(k))")
                return false
            }
            let weights = (k["weights"] as? [String: [Int]]) ?? [:]
            let layer = mine[i]
            let same =
                (k["class_name"] as? String) == layer.kind && weights.count == layer.parameters.count
                && layer.parameters.allSatisfy { weights[$0.name] == $0.value.shape }
            guard same else {
                fail(
                    "layer with weights #\(i + 1) differs: Keras has \(describeKeras(k)), yours is \(describeMine(layer))"
                        + "\n  → weights are copied in order: check the layers up to here (and that each unit lists its main path before its shortcut)")
                return false
            }
            for p in layer.parameters { try p.assign(try fixture.sub("weights").array(String(format: "%03d.", i) + p.name), layer: layer.name) }
        }
        if mine.count > keras.count {
            fail("your model has \(mine.count) layers with weights, Keras's has \(keras.count); the first extra one is \(describeMine(mine[keras.count]))")
            return false
        }
        return true
    }

    /// Trainable and non-trainable parameter counts against Keras's.
    mutating func expectCounts(_ what: String, _ layer: Layer, _ keras: [String: Any], note: String? = nil) {
        let t = keras.int("trainable") ?? -1, n = keras.int("non_trainable") ?? -1
        let mine = (layer.trainableParameterCount, layer.nonTrainableParameterCount)
        if mine != (t, n) {
            fail(
                "\(what): \(mine.0) trainable + \(mine.1) non-trainable parameters, expected \(t) + \(n) (Keras)"
                    + (note.map { "\n  → " + $0 } ?? ""))
        }
    }
}

/// What a seed layer name stands for, to say which layer is missing.
func layerRole(_ name: String) -> String? {
    let kind = name.hasPrefix("bn") || name.hasSuffix("_bn") ? "BatchNormalization" : "Conv2D"
    if name.hasSuffix("_branch1") || name.hasPrefix("shortcut_") { return "the shortcut's \(kind)" }
    for (suffix, which) in [("2a", "first"), ("2b", "second"), ("2c", "third"), ("_a", "first"), ("_b", "second")] where name.hasSuffix(suffix) {
        return "the main path's \(which) \(kind)"
    }
    return nil
}
