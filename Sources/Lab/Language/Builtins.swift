// The registry of builtins: every engine function and type the lab offers, by the name
// Swift code uses for it ("Conv2D", "Tensor.zeros", "fit").

import ResNetKit

/// All builtins, grouped by help topic.
final class Builtins: @unchecked Sendable {
    static let shared = Builtins()

    private(set) var all: [String: Builtin] = [:]
    /// Names that are types: calling them constructs, `Type.member` reaches static members.
    private(set) var types: Set<String> = []

    private init() {
        registerTensor()
        registerLayers()
        registerModels()
        registerTraining()
        registerData()
        registerPictures()
        registerLessonHelpers()
        registerSpeedrun()
    }

    func add(
        _ topic: String, _ signatures: [String], doc: String, example: String, isType: Bool = false,
        _ body: @escaping (Args) throws -> Value
    ) {
        add(topic, signatures.map { Signature($0, body) }, doc: doc, example: example, isType: isType)
    }

    /// Several signatures with their own bodies (overloads).
    func add(_ topic: String, _ signatures: [Signature], doc: String, example: String, isType: Bool = false) {
        let name = String(signatures[0].text.prefix { $0 != "(" })
        all[name] = Builtin(name: name, signatures: signatures, doc: doc, example: example, topic: topic)
        if isType { types.insert(name) }
    }

    /// Registers a type name that is only a namespace (like `Tensor` before `Tensor(...)`).
    func addType(_ name: String) { types.insert(name) }

    var names: [String] { Array(all.keys.filter { !$0.contains(".") }) + Array(types) }

    /// The value a name stands for: a type or a function.
    func lookup(_ name: String) -> Value? {
        if types.contains(name) { return .type(name) }
        if let b = all[name] { return .function(Callable(name) { try b($0) }) }
        return nil
    }

    /// `Tensor(...)`, `Conv2D(...)`.
    func constructor(_ type: String) -> Callable? {
        all[type].map { b in Callable(type) { try b($0) } }
    }

    /// `Tensor.zeros` and other static members.
    func staticMember(_ type: String, _ member: String) -> Value? {
        lookup("\(type).\(member)")
    }

    /// Static members of a type, for completion and errors.
    func staticMembers(of type: String) -> [String] {
        all.keys.filter { $0.hasPrefix(type + ".") }.map { String($0.dropFirst(type.count + 1)) }.sorted()
    }

    var topics: [String: [Builtin]] {
        Dictionary(grouping: all.values, by: \.topic).mapValues { $0.sorted { $0.name < $1.name } }
    }
}
