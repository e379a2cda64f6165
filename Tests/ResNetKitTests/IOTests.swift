// safetensors, atomic writes and checkpoints. What must hold:
//   - our files round-trip, and Python's own safetensors library reads them (when installed)
//     and wrote the fixture we read;
//   - every kind of damaged file is refused with a message naming the file and the flaw,
//     and no byte sequence can crash the reader;
//   - a failed save leaves the previous file intact and no temporary file behind;
//   - a checkpoint restores into the same architecture rebuilt with other default names, and
//     refuses a different architecture, listing what differs.

import Foundation
import Testing
@testable import ResNetKit

// MARK: helpers

/// A fresh empty directory, removed by `cleanUp`.
private func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("resnetlab-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

private func cleanUp(_ dir: URL) { try? FileManager.default.removeItem(at: dir) }

/// A safetensors file assembled by hand: length field (the true one unless overridden),
/// header text, data bytes.
private func rawFile(_ header: String, data: [UInt8], length: UInt64? = nil) -> [UInt8] {
    let h = Array(header.utf8)
    return withUnsafeBytes(of: (length ?? UInt64(h.count)).littleEndian, Array.init) + h + data
}

private func f32(_ name: String, _ shape: [Int], _ begin: Int, _ end: Int) -> String {
    "\"\(name)\": {\"dtype\": \"F32\", \"shape\": \(shape), \"data_offsets\": [\(begin), \(end)]}"
}

private func smallModel(filters: Int = 3, batchNorm: Bool = true, secondDense: Bool = false) throws -> Model {
    var layers: [Layer] = [try Conv2D(filters: filters, kernelSize: 3, padding: .same)]
    if batchNorm { layers.append(try BatchNormalization()) }
    layers += [Activation(.relu), Flatten()]
    if secondDense { layers.append(try Dense(units: 5)) }
    layers.append(try Dense(units: 2, activation: .softmax))
    return try Model(name: "m", inputShape: [4, 4, 2], layers: layers)
}

/// Gives every parameter (moving statistics too) seeded random values, so a restore that
/// missed one would show.
private func randomize(_ model: Layer, seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    for p in model.parameters {
        try p.assign(Tensor.randomUniform(p.value.shape, minval: 0.5, maxval: 1.5, using: &rng))
    }
}

private let ioFixtures = fixturesRoot.appendingPathComponent("io")

// MARK: safetensors round trip

@Suite("IO: safetensors") struct SafeTensorsTests {
    let sample = SafeTensors(
        tensors: [
            "conv1/kernel": try! Tensor.randomNormal([3, 3, 2, 4], seed: 1),
            "bn_conv1/gamma": Tensor([1, 2, 3]),
            "scalar": Tensor(scalar: -0.5),
            "empty": try! Tensor.zeros([0, 3]),
            "ünïcode ✓": Tensor([Float.greatestFiniteMagnitude, -Float.leastNonzeroMagnitude, 0]),
        ], metadata: ["epoch": "3", "learning_rate": "0.001", "note": "ünïcode ✓ \"quoted\" / slash"])

    @Test func roundTripInMemoryAndOnDisk() throws {
        let bytes = try sample.encoded()
        #expect(try SafeTensors.decode(bytes) == sample)

        let dir = try temporaryDirectory(); defer { cleanUp(dir) }
        let path = dir.appendingPathComponent("sample.safetensors").path
        try sample.write(path: path)
        let back = try SafeTensors.read(path: path)
        #expect(back == sample)
        #expect(back.tensors["scalar"]?.shape == [])
        #expect(back.tensors["empty"]?.shape == [0, 3])
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
    }

    /// The exact bytes of a tiny file, checked against the format by hand: the header is
    /// padded with spaces to 8 bytes and the data is little-endian float32.
    @Test func byteLayoutFollowsTheFormat() throws {
        let bytes = try SafeTensors(tensors: ["b": Tensor([1]), "a": Tensor([2, -1])], metadata: ["k": "v"]).encoded()
        let header = #"{"__metadata__":{"k":"v"},"a":{"data_offsets":[0,8],"dtype":"F32","shape":[2]},"b":{"data_offsets":[8,12],"dtype":"F32","shape":[1]}}"#
        let padded = header + String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
        let expected = rawFile(padded, data: [0, 0, 0, 0x40, 0, 0, 0x80, 0xBF, 0, 0, 0x80, 0x3F])
        #expect(bytes == expected)
        #expect((bytes.count - 12 - 8) % 8 == 0)
    }

    /// Written by Python's safetensors.numpy.save_file (Tests/References/io_make_fixtures.py);
    /// the expected values are the arrays as float64, recorded beside it.
    @Test func readsTheFileWrittenByPython() throws {
        let file = try SafeTensors.read(path: ioFixtures.appendingPathComponent("python_written.safetensors").path)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: ioFixtures.appendingPathComponent("python_written.json"))) as? [String: Any]
        let expected = try #require(json?["tensors"] as? [String: [String: Any]])
        #expect(Set(file.tensors.keys) == Set(expected.keys))
        #expect(Set(expected.compactMap { $0.value["dtype"] as? String }) == ["float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8", "bool"])
        for (name, e) in expected {
            let t = try #require(file.tensors[name], "\(name) missing")
            #expect(t.shape == e["shape"] as? [Int], "\(name)")
            let values = try #require(e["values"] as? [Double]).map(Float.init)
            #expect(t.scalars.map(\.bitPattern) == values.map(\.bitPattern), "\(name): \(t.scalars) vs \(values)")
        }
        #expect(file.metadata == json?["metadata"] as? [String: String])
        #expect(file.metadata["note"] == "ünïcode ✓")
    }

    @Test func readsBF16AndF16SpecialValues() throws {
        // BF16 1.0 = 0x3F80, -2 = 0xC000; F16 +inf = 0x7C00, -0 = 0x8000, 1 = 0x3C00.
        let header = #"{"b": {"dtype": "BF16", "shape": [2], "data_offsets": [0, 4]}, "h": {"dtype": "F16", "shape": [3], "data_offsets": [4, 10]}}"#
        let file = try SafeTensors.decode(rawFile(header, data: [0x80, 0x3F, 0x00, 0xC0, 0x00, 0x7C, 0x00, 0x80, 0x00, 0x3C]))
        #expect(file.tensors["b"]?.scalars == [1, -2])
        #expect(file.tensors["h"]?.scalars.map(\.bitPattern) == [Float.infinity, -0.0, 1].map(\.bitPattern))
    }

    @Test func missingFileIsAnIOError() {
        let e = #expect(throws: ResNetError.self) { try SafeTensors.read(path: "/nonexistent/w.safetensors") }
        #expect(e?.kind == .io)
        #expect(e?.message.contains("'/nonexistent/w.safetensors'") == true)
    }

    @Test func metadataCannotBeATensorName() {
        let e = #expect(throws: ResNetError.self) { try SafeTensors(tensors: ["__metadata__": Tensor([1])]).encoded() }
        #expect(e?.message.contains("reserved") == true)
    }
}

// MARK: corrupt files

struct SafeTensorsCorruption: CustomTestStringConvertible, Sendable {
    let what: String
    let bytes: [UInt8]
    let expected: [String]  // fragments the message must contain
    var testDescription: String { what }
}

private let eightBytes = [UInt8](repeating: 0, count: 8)
private let valid = rawFile("{\(f32("a", [2], 0, 8))}", data: eightBytes)

let safeTensorsCorruptions: [SafeTensorsCorruption] = [
    .init(what: "empty file", bytes: [], expected: ["0 bytes long", "too short"]),
    .init(
        what: "header length beyond the file", bytes: rawFile("{}", data: [], length: 10_000),
        expected: ["header length field says 10000 bytes", "only 2 bytes follow"]),
    .init(what: "header length 2^64 - 1", bytes: rawFile("{}", data: [], length: .max), expected: ["header length field says"]),
    .init(what: "truncated data", bytes: Array(valid.dropLast(3)), expected: ["tensor 'a'", "run past the end of the data (5 bytes", "truncated"]),
    .init(what: "bad JSON", bytes: rawFile(#"{"a": {"dtype": "F32", "#, data: []), expected: ["not valid JSON", #"{"a""#]),
    .init(what: "JSON that is not an object", bytes: rawFile("[1, 2]", data: []), expected: ["not a JSON object"]),
    .init(what: "header not UTF-8", bytes: rawFile("{}", data: []).enumerated().map { $0.offset == 8 ? 0xFF : $0.element }, expected: ["not UTF-8"]),
    .init(
        what: "unknown dtype", bytes: rawFile(#"{"a": {"dtype": "F31", "shape": [2], "data_offsets": [0, 8]}}"#, data: eightBytes),
        expected: ["tensor 'a'", "unknown dtype 'F31'", "readable: F32"]),
    .init(
        what: "unsupported dtype", bytes: rawFile(#"{"a": {"dtype": "C64", "shape": [1], "data_offsets": [0, 8]}}"#, data: eightBytes),
        expected: ["unsupported dtype 'C64'"]),
    .init(what: "missing dtype", bytes: rawFile(#"{"a": {"shape": [2], "data_offsets": [0, 8]}}"#, data: eightBytes), expected: ["'a' has no dtype"]),
    .init(
        what: "negative shape", bytes: rawFile(#"{"a": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}"#, data: eightBytes),
        expected: ["non-negative integers"]),
    .init(
        what: "absurd shape", bytes: rawFile(#"{"a": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 8]}}"#, data: eightBytes),
        expected: ["impossibly large shape"]),
    .init(what: "entry not an object", bytes: rawFile(#"{"a": 5}"#, data: []), expected: ["tensor 'a' is not an object"]),
    .init(
        what: "shape does not match the offsets", bytes: rawFile("{\(f32("a", [2, 3], 0, 20))}", data: [UInt8](repeating: 0, count: 20)),
        expected: ["shape [2, 3] of F32 needs 24 bytes", "data_offsets [0, 20] span 20"]),
    .init(
        what: "offsets out of bounds", bytes: rawFile("{\(f32("a", [100], 0, 400))}", data: eightBytes),
        expected: ["data_offsets [0, 400] run past the end of the data (8 bytes after the header)"]),
    .init(what: "offsets reversed", bytes: rawFile("{\(f32("a", [2], 8, 0))}", data: eightBytes), expected: ["0 ≤ begin ≤ end"]),
    .init(what: "negative offset", bytes: rawFile("{\(f32("a", [2], -8, 0))}", data: eightBytes), expected: ["0 ≤ begin ≤ end"]),
    .init(
        what: "offsets not a pair", bytes: rawFile(#"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0]}}"#, data: eightBytes),
        expected: ["data_offsets"]),
    .init(
        what: "overlapping tensors", bytes: rawFile("{\(f32("a", [4], 0, 16)), \(f32("b", [4], 8, 24))}", data: [UInt8](repeating: 0, count: 24)),
        expected: ["'a' (bytes 0..<16) and 'b' (bytes 8..<24) overlap"]),
    .init(
        what: "a hole between tensors", bytes: rawFile("{\(f32("a", [2], 0, 8)), \(f32("b", [2], 16, 24))}", data: [UInt8](repeating: 0, count: 24)),
        expected: ["bytes 8..<16 of the data belong to no tensor"]),
    .init(
        what: "bytes after the last tensor", bytes: rawFile("{\(f32("a", [2], 0, 8))}", data: [UInt8](repeating: 0, count: 16)),
        expected: ["8 bytes follow the last tensor"]),
    .init(
        what: "a name written twice", bytes: rawFile("{\(f32("a", [2], 0, 8)), \(f32("a", [2], 8, 16))}", data: [UInt8](repeating: 0, count: 16)),
        expected: ["a name appears twice"]),
    .init(
        what: "metadata that is not strings", bytes: rawFile(#"{"__metadata__": {"epoch": 3}}"#, data: []),
        expected: ["__metadata__ must map names to strings"]),
]

@Suite("IO: corrupt safetensors") struct CorruptSafeTensorsTests {
    @Test("a damaged file is refused, naming the file and the flaw", arguments: safeTensorsCorruptions)
    func refused(_ c: SafeTensorsCorruption) {
        let e = #expect(throws: ResNetError.self) { try SafeTensors.decode(c.bytes, source: "bad.safetensors") }
        #expect(e?.kind == .corruptFile)
        #expect(e?.message.contains("'bad.safetensors' is not a valid safetensors file") == true)
        for fragment in c.expected { #expect(e?.message.contains(fragment) == true, "\(fragment) not in: \(e?.message ?? "")") }
    }

    /// The reference for the table above: the undamaged file reads.
    @Test func theUndamagedFileReads() throws {
        #expect(try SafeTensors.decode(valid).tensors["a"] == Tensor([0, 0]))
    }

    /// No byte sequence may trap: every truncation and thousands of random byte flips of a
    /// real file either decode or throw a ResNetError (a trap would kill the test process).
    @Test func noDamageCrashesTheReader() throws {
        let good = try SafeTensors(tensors: ["w": Tensor([1, 2, 3]), "b": Tensor([4])], metadata: ["k": "v"]).encoded()
        for n in 0..<good.count {
            #expect(throws: ResNetError.self) { try SafeTensors.decode(Array(good.prefix(n))) }
        }
        var rng = SeededGenerator(seed: 7)
        var refused = 0
        for _ in 0..<3000 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            do { _ = try SafeTensors.decode(bytes) } catch is ResNetError { refused += 1 }
        }
        #expect(refused > 1000)  // most flips hit the header or length; data flips are legal floats
    }

    /// Check-can-fail: the same checkpoint, damaged on disk in two ways, is rejected on read.
    @Test func aDamagedCheckpointIsRejected() throws {
        let dir = try temporaryDirectory(); defer { cleanUp(dir) }
        let path = dir.appendingPathComponent("ckpt.safetensors").path
        try Checkpoint.save(try smallModel(), to: path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(throws: Never.self) { try Checkpoint.read(path) }

        try Data(bytes.dropLast()).write(to: URL(fileURLWithPath: path))  // one byte lost
        let truncated = #expect(throws: ResNetError.self) { try Checkpoint.read(path) }
        #expect(truncated?.kind == .corruptFile)
        #expect(truncated?.message.contains(path) == true)

        // Edit a shape in place, keeping the header length: "shape":[2] → "shape":[3].
        let needle = Array(#""shape":[2]"#.utf8)
        let start = try #require((0...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle })
        bytes[start + needle.count - 2] = UInt8(ascii: "3")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let edited = #expect(throws: ResNetError.self) { try Checkpoint.read(path) }
        #expect(edited?.message.contains("needs 12 bytes") == true, "\(edited?.message ?? "")")
    }
}

// MARK: atomic writes

@Suite("IO: atomic writes") struct AtomicWriteTests {
    let old = SafeTensors(tensors: ["w": Tensor([1, 2, 3])], metadata: ["epoch": "1"])
    let new = SafeTensors(tensors: ["w": Tensor([4, 5, 6]), "v": try! Tensor.ones([1000])], metadata: ["epoch": "2"])

    struct SimulatedCrash: Error {}

    private func entries(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    /// A failure after part of the new file is written (a crash, a full disk): the previous
    /// file is byte-for-byte intact and the temporary file is gone.
    @Test func aFailureMidWriteKeepsThePreviousFile() throws {
        let dir = try temporaryDirectory(); defer { cleanUp(dir) }
        let path = dir.appendingPathComponent("ckpt.safetensors").path
        try old.write(path: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        var sawPartialTemp = false
        #expect(throws: SimulatedCrash.self) {
            try new.write(path: path) { written in
                // Half-way: the new bytes exist only in a hidden temporary file.
                if written > 100 {
                    sawPartialTemp = try entries(dir).contains { $0.hasPrefix(".ckpt.safetensors.tmp-") }
                    throw SimulatedCrash()
                }
            }
        }
        #expect(sawPartialTemp)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try SafeTensors.read(path: path) == old)
        #expect(try entries(dir) == ["ckpt.safetensors"])

        // And the same write, uninterrupted, replaces it.
        try new.write(path: path)
        #expect(try SafeTensors.read(path: path) == new)
        #expect(try entries(dir) == ["ckpt.safetensors"])
    }

    /// The rename fails (the destination is a directory): an .io error, nothing left behind.
    @Test func aFailedRenameLeavesNoTemporaryFile() throws {
        let dir = try temporaryDirectory(); defer { cleanUp(dir) }
        let target = dir.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        let e = #expect(throws: ResNetError.self) { try new.write(path: target.path) }
        #expect(e?.kind == .io)
        #expect(e?.message.contains("renaming the finished file over it failed") == true)
        #expect(try entries(dir) == ["taken"])
    }

    @Test func aMissingDirectoryIsAnIOError() {
        let e = #expect(throws: ResNetError.self) { try old.write(path: "/nonexistent-dir/w.safetensors") }
        #expect(e?.kind == .io)
        #expect(e?.message.contains("No such file or directory") == true)
    }

    // root ignores permission bits, so a read-only directory proves nothing there.
    @Test(.enabled(if: getuid() != 0, "running as root: a read-only directory does not stop root from writing"))
    func aReadOnlyDirectoryKeepsThePreviousFile() throws {
        let dir = try temporaryDirectory(); defer { chmod(dir.path, 0o755); cleanUp(dir) }
        let path = dir.appendingPathComponent("w.safetensors").path
        try old.write(path: path)
        chmod(dir.path, 0o555)
        let e = #expect(throws: ResNetError.self) { try new.write(path: path) }
        #expect(e?.message.contains("Permission denied") == true)
        #expect(try SafeTensors.read(path: path) == old)
    }
}

// MARK: checkpoints

@Suite("IO: checkpoints") struct CheckpointTests {
    /// The same architecture rebuilt in the same process gets other default names
    /// (conv2d_7 instead of conv2d_5); restore matches by position and everything comes back,
    /// moving statistics and extras included.
    @Test func restoresIntoTheSameArchitectureWithOtherNames() throws {
        let dir = try temporaryDirectory(); defer { cleanUp(dir) }
        let path = dir.appendingPathComponent("m.safetensors").path
        let a = try smallModel()
        try randomize(a, seed: 1)
        let m3 = try Tensor.randomNormal([3, 3, 2, 3], seed: 3)
        try Checkpoint.save(
            a, to: path, extra: ["optimizer/m/0": m3, "optimizer/iterations": Tensor(scalar: 42)],
            metadata: ["epoch": "12", "learning_rate": "0.001"])

        let b = try smallModel()
        #expect(a.leaves[0].name != b.leaves[0].name)
        #expect(a.parameters[0].value != b.parameters[0].value)

        let ckpt = try Checkpoint.read(path)
        #expect(ckpt.metadata["epoch"] == "12")
        #expect(ckpt.metadata["learning_rate"] == "0.001")
        #expect(ckpt.metadata["model"] == "m")
        #expect(ckpt.metadata["format_version"] == "1")
        #expect(ckpt.extra == ["optimizer/m/0": m3, "optimizer/iterations": Tensor(scalar: 42)])
        #expect(ckpt.parameters.map(\.key) == a.leaves.flatMap { l in l.parameters.map { l.name + "/" + $0.name } })
        #expect(ckpt.parameters.filter { !$0.trainable }.map(\.parameter) == ["moving_mean", "moving_variance"])

        let renamed = try ckpt.restore(into: b)
        #expect(renamed[a.leaves[0].name] == b.leaves[0].name)
        #expect(renamed.count == 3)  // conv, batch norm, dense
        for (p, q) in zip(a.parameters, b.parameters) { #expect(p.value == q.value, "\(p.name)") }
        let x = try Tensor.randomNormal([2, 4, 4, 2], seed: 9)
        #expect(try b(x) == a(x))
    }

    @Test func restoresAResNet() throws {
        let dir = try temporaryDirectory(); defer { cleanUp(dir) }
        let path = dir.appendingPathComponent("resnet8.safetensors").path
        let a = try ResNetV1(depth: 8)
        try randomize(a, seed: 2)
        try Checkpoint.save(a, to: path, metadata: ["epoch": "1"])
        let b = try ResNetV1(depth: 8)
        try Checkpoint.read(path).restore(into: b)
        #expect(a.parameters.map(\.value) == b.parameters.map(\.value))
        #expect(try Checkpoint.read(path).tensors.count == a.parameters.count)
    }

    /// A different architecture is refused, all or nothing, with every difference listed.
    @Test func refusesADifferentArchitecture() throws {
        let dir = try temporaryDirectory(); defer { cleanUp(dir) }
        let path = dir.appendingPathComponent("m.safetensors").path
        try Checkpoint.save(try smallModel(filters: 3), to: path)
        let ckpt = try Checkpoint.read(path)

        let wider = try smallModel(filters: 4)
        let before = wider.parameters.map(\.value)
        let e = #expect(throws: ResNetError.self) { try ckpt.restore(into: wider) }
        #expect(wider.parameters.map(\.value) == before)  // nothing was half-restored
        let message = e?.message ?? ""
        for fragment in [
            "does not fit Functional 'm'", "the file holds 8 parameters, the model 8",
            "/kernel): file has shape [3, 3, 2, 3], model expects [3, 3, 2, 4]",
            "/gamma): file has shape [3], model expects [4]",
            "/moving_variance): file has shape [3], model expects [4]",
            "file has shape [48, 2], model expects [64, 2]",
        ] {
            #expect(message.contains(fragment), "\(fragment) not in:\n\(message)")
        }

        let longer = #expect(throws: ResNetError.self) { try ckpt.restore(into: try smallModel(secondDense: true)) }
        #expect(longer?.message.contains("the file holds 8 parameters, the model 10") == true)
        #expect(longer?.message.contains("missing from the file") == true)

        let noBatchNorm = #expect(throws: ResNetError.self) { try ckpt.restore(into: try smallModel(batchNorm: false)) }
        #expect(noBatchNorm?.message.contains("file has a BatchNormalization gamma here, the model a Dense kernel") == true)
        #expect(noBatchNorm?.message.contains("in the file, not in the model") == true)
    }

    @Test func namesTheLayersOnAShapeMismatch() throws {
        let dir = try temporaryDirectory(); defer { cleanUp(dir) }
        let path = dir.appendingPathComponent("bn.safetensors").path
        func model(_ c: Int) throws -> Model {
            try Model(
                name: "bn", inputShape: [2, 2, 1],
                layers: [
                    try Conv2D(filters: c, kernelSize: 1, name: "conv1"),
                    try BatchNormalization(name: "bn_conv1"),
                ])
        }
        try Checkpoint.save(try model(32), to: path)
        let e = #expect(throws: ResNetError.self) { try Checkpoint.read(path).restore(into: try model(64)) }
        #expect(e?.message.contains("\n  bn_conv1/gamma: file has shape [32], model expects [64]") == true)
    }

    @Test func refusesDuplicateLayerNamesReservedKeysAndClashingExtras() throws {
        let dir = try temporaryDirectory(); defer { cleanUp(dir) }
        let path = dir.appendingPathComponent("x.safetensors").path
        let twins = try Model(
            name: "twins", inputShape: [2, 2, 1],
            layers: [
                try Conv2D(filters: 1, kernelSize: 1, name: "c"),
                try Conv2D(filters: 1, kernelSize: 1, name: "c"),
            ])
        let dup = #expect(throws: ResNetError.self) { try Checkpoint.save(twins, to: path) }
        #expect(dup?.message.contains("two layers named 'c'") == true)

        let m = try smallModel()
        let reserved = #expect(throws: ResNetError.self) { try Checkpoint.save(m, to: path, metadata: ["model": "x"]) }
        #expect(reserved?.message.contains("metadata key 'model' is reserved") == true)
        let key = m.leaves[0].name + "/kernel"
        let clash = #expect(throws: ResNetError.self) { try Checkpoint.save(m, to: path, extra: [key: Tensor([1])]) }
        #expect(clash?.message.contains("extra tensor '\(key)' has the name of a parameter") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test(
        "refuses a newer format and broken bookkeeping",
        arguments: [
            (["format_version": "2"], "newer ResNet Lab (format_version 2)"),
            (["format_version": "one"], "format_version 'one'"),
            (["format_version": "1"], "no 'parameters' metadata entry"),
            (["format_version": "1", "parameters": "{"], "no 'parameters' metadata entry"),
            (["format_version": "1", "parameters": #"[{"key": "x"}]"#], "parameter #0 without key, layer, kind"),
            (
                ["format_version": "1", "parameters": #"[{"key": "y", "layer": "l", "kind": "Dense", "parameter": "kernel"}]"#],
                "lists parameter 'y' but holds no tensor"
            ),
        ])
    func refusesBadBookkeeping(metadata: [String: String], expected: String) throws {
        let dir = try temporaryDirectory(); defer { cleanUp(dir) }
        let path = dir.appendingPathComponent("bad.safetensors").path
        try SafeTensors(tensors: ["x": Tensor([1])], metadata: metadata.merging(["format": Checkpoint.formatName]) { a, _ in a }).write(path: path)
        let e = #expect(throws: ResNetError.self) { try Checkpoint.read(path) }
        #expect(e?.kind == .corruptFile)
        #expect(e?.message.contains(expected) == true, "\(e?.message ?? "")")
    }

    /// A file written by another tool (Python; only transformers' usual `format: pt` as
    /// metadata) is matched by key.
    @Test func restoresAFileWrittenByAnotherToolByKey() throws {
        let path = ioFixtures.appendingPathComponent("keras_style.safetensors").path
        func named() throws -> Model {
            try Model(
                name: "keras", inputShape: [4, 4, 2],
                layers: [
                    try Conv2D(filters: 3, kernelSize: 3, padding: .same, name: "conv"), try BatchNormalization(name: "bn"),
                    Activation(.relu), Flatten(), try Dense(units: 2, activation: .softmax, name: "dense"),
                ])
        }
        let ckpt = try Checkpoint.read(path)
        #expect(ckpt.parameters.isEmpty)
        #expect(ckpt.metadata["format"] == "pt")
        #expect(ckpt.extra.count == 9)
        let model = try named()
        #expect(try ckpt.restore(into: model).isEmpty)
        for leaf in model.leaves { for p in leaf.parameters { #expect(p.value == ckpt.tensors[leaf.name + "/" + p.name], "\(leaf.name)/\(p.name)") } }
        #expect(ckpt.tensors["optimizer/iterations"] == Tensor(scalar: 42))

        let other = try Model(name: "other", inputShape: [4, 4, 2], layers: [try Conv2D(filters: 3, kernelSize: 3, padding: .same, name: "conv0")])
        let e = #expect(throws: ResNetError.self) { try ckpt.restore(into: other) }
        #expect(e?.message.contains("conv0/kernel [3, 3, 2, 3]: missing from the file") == true)
    }
}

// MARK: Python reads our files

/// A Python that has safetensors and numpy: $RESNETLAB_PYTHON, else python3 on the PATH.
private let pythonWithSafetensors: String? = {
    for python in [ProcessInfo.processInfo.environment["RESNETLAB_PYTHON"], "python3"].compactMap({ $0 }) {
        if let run = try? runPython(python, ["-c", "import safetensors.numpy, numpy"]), run.status == 0 { return python }
    }
    return nil
}()

private func runPython(_ python: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python] + arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

/// Loads a file with safetensors.numpy.load_file and prints {name: [dtype, shape, values]}
/// and the metadata, as JSON.
private let pythonLoader = """
    import json, sys
    from safetensors import safe_open
    from safetensors.numpy import load_file
    tensors = load_file(sys.argv[1])
    with safe_open(sys.argv[1], "np") as f:
        metadata = f.metadata()
    print(json.dumps({"tensors": {k: [str(v.dtype), list(v.shape), v.astype(float).ravel().tolist()] for k, v in tensors.items()},
                      "metadata": metadata}))
    """

@Suite("IO: Python interoperability") struct PythonInteropTests {
    // Skipped (and reported as skipped) where no Python with safetensors is installed; CI
    // installs it (`python3 -m pip install safetensors numpy`) so this runs there for real.
    @Test(
        .enabled(
            if: pythonWithSafetensors != nil,
            "no python3 with safetensors and numpy: run `python3 -m pip install safetensors numpy` or set RESNETLAB_PYTHON"))
    func pythonLoadsOurFiles() throws {
        let python = try #require(pythonWithSafetensors)
        let dir = try temporaryDirectory(); defer { cleanUp(dir) }

        let file = SafeTensors(
            tensors: [
                "conv1/kernel": try Tensor.randomNormal([3, 3, 2, 4], seed: 5), "scalar": Tensor(scalar: 0.1),
                "empty": try Tensor.zeros([0, 2]), "ü": Tensor([-1, Float.leastNonzeroMagnitude]),
            ],
            metadata: ["epoch": "3", "note": "ünïcode ✓"])
        let path = dir.appendingPathComponent("ours.safetensors").path
        try file.write(path: path)
        let model = try smallModel()
        try randomize(model, seed: 4)
        let ckptPath = dir.appendingPathComponent("ckpt.safetensors").path
        try Checkpoint.save(model, to: ckptPath, extra: ["optimizer/iterations": Tensor(scalar: 7)], metadata: ["epoch": "5"])

        for (path, expected) in [(path, file), (ckptPath, try SafeTensors.read(path: ckptPath))] {
            let run = try runPython(python, ["-c", pythonLoader, path])
            try #require(run.status == 0, "python failed: \(run.err)")
            let json = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
            let tensors = try #require(json?["tensors"] as? [String: [Any]])
            #expect(Set(tensors.keys) == Set(expected.tensors.keys))
            for (name, t) in expected.tensors {
                let got = try #require(tensors[name], "\(name) missing in Python")
                #expect(got[0] as? String == "float32")
                #expect(got[1] as? [Int] == t.shape, "\(name)")
                #expect((got[2] as? [Double])?.map(Float.init) == t.scalars, "\(name)")
            }
            #expect(json?["metadata"] as? [String: String] == expected.metadata)
        }
        // The parameter order is plain JSON in the metadata, for Python to use too.
        let order = try Checkpoint.read(ckptPath).metadata["parameters"] ?? ""
        let listed = try JSONSerialization.jsonObject(with: Data(order.utf8)) as? [[String: Any]]
        #expect(listed?.count == model.parameters.count)
    }
}
