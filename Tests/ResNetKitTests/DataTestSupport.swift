// Helpers for the data tests: scratch folders, small synthetic datasets, and a check that
// a throwing call fails with the expected kind of error and message.

import Foundation
import Testing
@testable import ResNetKit

/// A fresh folder under the system's temporary directory, removed by `remove()`.
struct DataScratchFolder {
    let url: URL
    var path: String { url.path }

    init(_ label: String = "data") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("resnetlab-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ bytes: [UInt8], to name: String) throws {
        try Data(bytes).write(to: url.appendingPathComponent(name))
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// N images (N, h, w, c) whose pixels encode their sample (value = 1000·sample + pixel),
/// with labels `i % classes`.
func numberedDataset(_ n: Int, h: Int = 2, w: Int = 3, c: Int = 1, classes: Int = 3) throws -> Dataset {
    let size = h * w * c
    let scalars = (0..<(n * size)).map { Float(($0 / size) * 1000 + $0 % size) }
    return try Dataset(
        images: Tensor(shape: [n, h, w, c], scalars: scalars),
        labels: Tensor((0..<n).map { Float($0 % classes) }), classes: classes)
}

/// Expects `body` to throw a `ResNetError` of `kind` whose message contains every fragment.
func expectDataError(
    _ kind: ResNetError.Kind, _ fragments: [String], _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("\(what): expected a \(kind) error, but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as ResNetError {
        #expect(error.kind == kind, "\(what): kind \(error.kind), message: \(error.message)", sourceLocation: sourceLocation)
        for f in fragments where !error.message.contains(f) {
            Issue.record("\(what): message lacks '\(f)': \(error.message)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("\(what): threw \(error), not a ResNetError", sourceLocation: sourceLocation)
    }
}
