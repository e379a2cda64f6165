// Checkpoints: a model's weights, the caller's extra tensors (optimizer state) and string
// metadata, in ONE safetensors file that Python reads with `safetensors.numpy.load_file`.
//
//   tensors   "<layer name>/<parameter name>"   every parameter, trainable or not
//             anything the caller adds          e.g. "optimizer/m/3", "optimizer/iterations"
//   metadata  format = "resnet-lab checkpoint", format_version = "1", model = <model name>,
//             parameters = JSON list, in depth order, of {key, layer, kind, parameter, trainable}
//             and the caller's own keys (epoch, learning rate, …)
//
// The matching rule on restore, and why: default layer names (conv2d, conv2d_1, …) are handed
// out per process and keep counting across models, so the same architecture rebuilt tomorrow
// may call its first convolution conv2d_14. Names are therefore NOT the key. Parameters are
// matched by POSITION in depth order (`model.leaves`, then each leaf's `parameters`), and at
// each position the layer kind, the parameter name and the shape must agree. Layer names are
// only a hint: the ones that differ are returned so a caller can show them. A file from another
// tool (no `format = "resnet-lab checkpoint"`) has no such list and is matched by key instead.

import Foundation

/// A saved model: its weights, extra tensors such as optimizer state, and metadata.
///
/// ```swift
/// try Checkpoint.save(model, to: "resnet20.safetensors",
///                     extra: ["optimizer/iterations": Tensor(scalar: 390)],
///                     metadata: ["epoch": "3", "learning_rate": "0.001"])
/// let ckpt = try Checkpoint.read("resnet20.safetensors")
/// ckpt.metadata["epoch"]            // "3"
/// try ckpt.restore(into: model)
/// ```
public struct Checkpoint: Sendable {
    /// The version this engine writes and the newest it reads.
    public static let formatVersion = 1
    /// The `format` metadata value that marks a ResNet Lab checkpoint (other tools write
    /// their own, e.g. transformers' `"pt"`).
    public static let formatName = "resnet-lab checkpoint"
    /// Metadata keys the checkpoint fills in itself; callers may not pass them.
    public static let reservedMetadataKeys: Set<String> = ["format", "format_version", "model", "parameters"]

    /// One saved parameter, in the depth order it was saved in.
    ///
    /// ```swift
    /// let first = try Checkpoint.read("ckpt.safetensors").parameters[0]
    /// first.key    // "conv1/kernel"
    /// first.kind   // "Conv2D"
    /// ```
    public struct Entry: Sendable, Equatable {
        /// The tensor's name in the file: `"<layer>/<parameter>"`.
        public let key: String
        /// The layer's name when it was saved (a hint only: default names vary per session).
        public let layer: String
        /// The Keras class of the layer (`Conv2D`).
        public let kind: String
        /// Keras's variable name: kernel, bias, gamma, beta, moving_mean, moving_variance.
        public let parameter: String
        /// False for BatchNormalization's moving statistics.
        public let trainable: Bool
    }

    /// Where it was read from (named in errors).
    public let path: String
    /// Every tensor in the file: parameters and extras.
    public let tensors: [String: Tensor]
    /// Every metadata string: the checkpoint's own keys and the caller's.
    public let metadata: [String: String]
    /// The saved parameters in depth order; empty for a file written by another tool.
    public let parameters: [Entry]

    /// The tensors that are not model parameters (optimizer state and the like); for a file
    /// from another tool, which lists no parameters, every tensor.
    ///
    /// ```swift
    /// let m3 = ckpt.extra["optimizer/m/3"]
    /// ```
    public var extra: [String: Tensor] {
        let keys = Set(parameters.map(\.key))
        return tensors.filter { !keys.contains($0.key) }
    }

    // MARK: saving

    /// Saves every parameter of `model` (trainable and not), `extra` tensors and `metadata`
    /// to one safetensors file, atomically.
    ///
    /// ```swift
    /// try Checkpoint.save(model, to: "ckpt.safetensors", metadata: ["epoch": "12"])
    /// ```
    public static func save(
        _ model: Layer, to path: String, extra: [String: Tensor] = [:],
        metadata: [String: String] = [:]
    ) throws {
        let saved = try entries(of: model, caller: "Checkpoint.save")
        var tensors: [String: Tensor] = [:]
        for (entry, p) in saved { tensors[entry.key] = p.value }
        if let clash = extra.keys.sorted().first(where: { tensors[$0] != nil }) {
            throw ResNetError(
                .invalidArgument, "Checkpoint.save: extra tensor '\(clash)' has the name of a parameter of \(model.kind) '\(model.name)'; prefix extras, e.g. 'optimizer/…'")
        }
        if let clash = metadata.keys.sorted().first(where: reservedMetadataKeys.contains) {
            throw ResNetError(
                .invalidArgument, "Checkpoint.save: metadata key '\(clash)' is reserved (\(reservedMetadataKeys.sorted().joined(separator: ", "))); choose another name")
        }
        tensors.merge(extra) { a, _ in a }
        let order = saved.map { e, _ in
            ["key": e.key, "layer": e.layer, "kind": e.kind, "parameter": e.parameter, "trainable": e.trainable] as [String: Any]
        }
        let orderJSON = try JSONSerialization.data(withJSONObject: order, options: [.sortedKeys, .withoutEscapingSlashes])
        var all = metadata
        all["format"] = formatName
        all["format_version"] = String(formatVersion)
        all["model"] = model.name
        all["parameters"] = String(decoding: orderJSON, as: UTF8.self)
        try AtomicFile.write(to: path, caller: "Checkpoint.save", afterEachChunk: nil) { sink in
            try SafeTensors(tensors: tensors, metadata: all).serialize(into: sink)
        }
    }

    /// The parameters of `model` in depth order, keyed `"<layer>/<parameter>"`; throws if two
    /// layers with parameters share a name or the leaves miss a parameter of the model.
    static func entries(of model: Layer, caller: String) throws -> [(Entry, Parameter)] {
        var out: [(Entry, Parameter)] = []
        var seen: [String: String] = [:]  // layer name → kind
        for leaf in model.leaves where !leaf.parameters.isEmpty {
            if let other = seen[leaf.name] {
                throw ResNetError(
                    .invalidArgument,
                    "\(caller): \(model.kind) '\(model.name)' has two layers named '\(leaf.name)' (a \(other) and a \(leaf.kind)); their weights would be saved under the same keys — give its layers unique names"
                )
            }
            seen[leaf.name] = leaf.kind
            for p in leaf.parameters {
                let key = leaf.name + "/" + p.name
                out.append((Entry(key: key, layer: leaf.name, kind: leaf.kind, parameter: p.name, trainable: p.trainable), p))
            }
        }
        // A composite layer whose `leaves` forgot an inner layer would silently lose weights.
        let listed = Set(out.map { ObjectIdentifier($0.1) })
        let missed = model.parameters.filter { !listed.contains(ObjectIdentifier($0)) }
        guard missed.isEmpty else {
            throw ResNetError(
                .invalidState,
                "\(caller): \(model.kind) '\(model.name)' has \(missed.count) parameters (\(missed.prefix(3).map(\.name).joined(separator: ", "))…) that no leaf layer lists; its `leaves` are incomplete"
            )
        }
        return out
    }

    // MARK: reading

    /// Reads a checkpoint (or any safetensors file) and checks its bookkeeping.
    ///
    /// ```swift
    /// let ckpt = try Checkpoint.read("ckpt.safetensors")
    /// ckpt.metadata["model"]      // "resnet20"
    /// ```
    public static func read(_ path: String) throws -> Checkpoint {
        let file = try SafeTensors.read(path: path)
        func corrupt(_ why: String) -> ResNetError { ResNetError(.corruptFile, "Checkpoint: '\(path)' \(why)") }
        // Another tool's file (no mark, or its own `format`) is read as plain tensors.
        guard file.metadata["format"] == formatName else {
            return Checkpoint(path: path, tensors: file.tensors, metadata: file.metadata, parameters: [])
        }
        let version = file.metadata["format_version"] ?? "missing"
        guard let v = Int(version), v >= 1 else { throw corrupt("has format_version '\(version)', expected a positive integer") }
        guard v <= formatVersion else {
            throw corrupt("was written by a newer ResNet Lab (format_version \(v)); this one reads up to \(formatVersion)")
        }
        guard let order = file.metadata["parameters"],
            let list = (try? JSONSerialization.jsonObject(with: Data(order.utf8))) as? [[String: Any]]
        else {
            throw corrupt("has no 'parameters' metadata entry holding a JSON list of {key, layer, kind, parameter, trainable}")
        }
        var entries: [Entry] = []
        for (i, item) in list.enumerated() {
            guard let key = item["key"] as? String, let layer = item["layer"] as? String, let kind = item["kind"] as? String,
                let parameter = item["parameter"] as? String
            else {
                throw corrupt("lists parameter #\(i) without key, layer, kind and parameter")
            }
            guard file.tensors[key] != nil else { throw corrupt("lists parameter '\(key)' but holds no tensor of that name") }
            entries.append(Entry(key: key, layer: layer, kind: kind, parameter: parameter, trainable: item["trainable"] as? Bool ?? true))
        }
        return Checkpoint(path: path, tensors: file.tensors, metadata: file.metadata, parameters: entries)
    }

    // MARK: restoring

    /// Copies the saved weights into `model`, all or nothing, after checking that every
    /// parameter is there with the right shape. Parameters are matched by position in depth
    /// order (see the file's header comment), so a model rebuilt in another session — whose
    /// default layer names differ — restores fine. Returns the saved layer names that differ
    /// from the model's (saved → model), for information.
    ///
    /// ```swift
    /// let model = try ResNetV1(depth: 20)
    /// let renamed = try Checkpoint.read("ckpt.safetensors").restore(into: model)
    /// // ["conv2d_21": "conv2d", …] when it was saved from another session
    /// ```
    @discardableResult
    public func restore(into model: Layer) throws -> [String: String] {
        let current = try Checkpoint.entries(of: model, caller: "Checkpoint.restore")
        var pairs: [(Parameter, Tensor, String)] = []  // parameter, saved value, layer name
        var problems: [String] = []
        var renamed: [String: String] = [:]

        if metadata["format"] != Checkpoint.formatName {
            // Another tool's file: the keys must be our "<layer>/<parameter>" names.
            for (m, p) in current {
                guard let t = tensors[m.key] else { problems.append("\(m.key) \(describe(p.value.shape)): missing from the file"); continue }
                if t.shape != p.value.shape {
                    problems.append("\(m.key): file has shape \(describe(t.shape)), model expects \(describe(p.value.shape))")
                } else {
                    pairs.append((p, t, m.layer))
                }
            }
        } else {
            for i in 0..<max(current.count, parameters.count) {
                if i >= parameters.count {
                    let (m, p) = current[i]
                    problems.append("\(m.key) \(describe(p.value.shape)): missing from the file"); continue
                }
                let f = parameters[i], t = tensors[f.key]!  // checked by `read`
                if i >= current.count { problems.append("\(f.key) \(describe(t.shape)): in the file, not in the model"); continue }
                let (m, p) = current[i]
                let label = m.key + (f.layer == m.layer ? "" : " (saved as \(f.key))")
                if f.kind != m.kind || f.parameter != m.parameter {
                    problems.append("\(label): file has a \(f.kind) \(f.parameter) here, the model a \(m.kind) \(m.parameter)")
                } else if t.shape != p.value.shape {
                    problems.append("\(label): file has shape \(describe(t.shape)), model expects \(describe(p.value.shape))")
                } else {
                    pairs.append((p, t, m.layer))
                    if f.layer != m.layer { renamed[f.layer] = m.layer }
                }
            }
        }
        guard problems.isEmpty else {
            let shown = problems.prefix(20).map { "  " + $0 }.joined(separator: "\n")
            let more = problems.count > 20 ? "\n  … and \(problems.count - 20) more" : ""
            let counts =
                metadata["format"] != Checkpoint.formatName ? "matched by key" : "the file holds \(parameters.count) parameters, the model \(current.count); matched in depth order"
            throw ResNetError(.shapeMismatch, "Checkpoint '\(path)' does not fit \(model.kind) '\(model.name)' (\(counts)):\n\(shown)\(more)")
        }
        for (p, t, layer) in pairs { try p.assign(t, layer: layer) }
        return renamed
    }
}
