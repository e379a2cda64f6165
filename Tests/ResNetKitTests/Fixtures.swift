// Loading the Keras reference fixtures written by Tests/References/make_layer_fixtures.py,
// and comparing tensors against them with a stated tolerance.

import Foundation
import Testing
@testable import ResNetKit

/// Tests/References/Fixtures, found from this source file so no resource copying is needed.
let fixturesRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("References/Fixtures")

/// One fixture case: its config.json and its arrays.
struct Fixture {
    let name: String
    let directory: URL
    let config: [String: Any]

    init(_ group: String, _ name: String) throws {
        self.name = name
        directory = fixturesRoot.appendingPathComponent(group).appendingPathComponent(name)
        let data = try Data(contentsOf: directory.appendingPathComponent("config.json"))
        config = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func array(_ name: String) throws -> Tensor {
        try Tensor.readNpy(path: directory.appendingPathComponent("\(name).npy").path)
    }

    func has(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(name).npy").path)
    }

    func int(_ key: String) -> Int? { config[key] as? Int }
    func float(_ key: String) -> Float? { (config[key] as? Double).map(Float.init) }
    func string(_ key: String) -> String? { config[key] as? String }
    func size(_ key: String) -> Size2? { (config[key] as? [Int]).map { Size2(elements: $0) } }
    var training: Bool { config["training"] as? Bool ?? false }

    static func cases(_ group: String) -> [String] {
        let dir = fixturesRoot.appendingPathComponent(group)
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }
}

/// Keras/NumPy agreement: |actual − expected| ≤ rtol·|expected| + atol for every element.
/// float32 on both sides with different summation orders: rtol 1e-4, atol 1e-5 by default
/// (the fixture README states the same tolerance).
func expectClose(
    _ actual: Tensor, _ expected: Tensor, rtol: Float = 1e-4, atol: Float = 1e-5,
    _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.shape == expected.shape else {
        Issue.record("\(what): shape \(actual.shape), expected \(expected.shape)", sourceLocation: sourceLocation)
        return
    }
    var worst = 0, excess: Float = -1
    for i in 0..<actual.count {
        let diff = abs(actual.scalars[i] - expected.scalars[i]) - (rtol * abs(expected.scalars[i]) + atol)
        if diff > excess || !diff.isFinite { excess = diff.isFinite ? diff : .infinity; worst = i }
    }
    if excess > 0 || !excess.isFinite {
        Issue.record(
            "\(what): element \(worst) is \(actual.scalars[worst]), expected \(expected.scalars[worst]) (tolerance \(rtol)·|expected| + \(atol))", sourceLocation: sourceLocation)
    }
}
