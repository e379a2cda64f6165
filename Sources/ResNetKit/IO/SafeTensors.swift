// safetensors (Hugging Face's format, read by `safetensors.numpy.load_file` in Python):
//
//   [8 bytes: N, little-endian UInt64][N bytes: JSON header][data: the tensors, back to back]
//   header = {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, …,
//             "__metadata__": {"key": "value"}}           (optional, strings only)
//
// Offsets count from the first byte after the header; every tensor is little-endian, C order.
// We write F32 only (the engine's one type) and read F32, F64, F16, BF16, the integer types
// and BOOL, converting to Float. A file is checked before a byte of it is trusted: the header
// length against the file size, the JSON, every dtype, shape × element size against the
// offsets, and that the tensors tile the data exactly (no overlap, no gap, nothing after the
// last), as the reference Rust implementation insists. A name written twice in the header
// cannot be seen through JSONSerialization (the later entry wins), but it leaves the first
// entry's bytes owned by no tensor, so the tiling check rejects it.

import Foundation

/// Named tensors and string metadata in the safetensors format, as Python's
/// `safetensors.numpy.save_file` / `load_file` write and read them.
///
/// ```swift
/// let file = SafeTensors(tensors: ["conv1/kernel": w], metadata: ["epoch": "3"])
/// try file.write(path: "weights.safetensors")
/// let back = try SafeTensors.read(path: "weights.safetensors")
/// back.tensors["conv1/kernel"]?.shape   // [7, 7, 3, 64]
/// ```
public struct SafeTensors: Sendable, Equatable {
    /// The tensors by name; names are free text (we use `"<layer>/<parameter>"`).
    public var tensors: [String: Tensor]
    /// The header's `__metadata__`: free-form strings (epoch, learning rate, …).
    public var metadata: [String: String]

    /// The dtypes `read` converts to Float. Files are always written as F32.
    public static let readableDTypes = [
        "F32", "F64", "F16", "BF16", "I64", "I32", "I16", "I8",
        "U64", "U32", "U16", "U8", "BOOL",
    ]

    /// A set of tensors to write.
    ///
    /// ```swift
    /// let file = SafeTensors(tensors: ["x": Tensor([1, 2, 3])])
    /// ```
    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    // MARK: reading

    /// Reads and validates a safetensors file; any flaw throws `.corruptFile` naming the file.
    ///
    /// ```swift
    /// let file = try SafeTensors.read(path: "Tests/References/Fixtures/io/python_written.safetensors")
    /// file.metadata["written_by"]   // "safetensors.numpy.save_file"
    /// ```
    public static func read(path: String) throws -> SafeTensors {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ResNetError(.io, "SafeTensors.read: cannot read '\(path)' (no such file, or not readable)")
        }
        return try data.withUnsafeBytes { try decode($0, source: path) }
    }

    /// Parses the bytes of a safetensors file; `source` names it in errors.
    ///
    /// ```swift
    /// let file = try SafeTensors.decode(try SafeTensors(tensors: ["x": x]).encoded())
    /// ```
    public static func decode(_ bytes: [UInt8], source: String = "safetensors data") throws -> SafeTensors {
        try bytes.withUnsafeBytes { try decode($0, source: source) }
    }

    static func decode(_ raw: UnsafeRawBufferPointer, source: String) throws -> SafeTensors {
        func corrupt(_ why: String) -> ResNetError {
            ResNetError(.corruptFile, "SafeTensors: '\(source)' is not a valid safetensors file: \(why)")
        }
        guard raw.count >= 8 else { throw corrupt("it is \(raw.count) bytes long, too short for the 8-byte header length") }
        let declared = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(raw.count - 8) else {
            throw corrupt("the header length field says \(declared) bytes, but only \(raw.count - 8) bytes follow it (the file is truncated, or not safetensors)")
        }
        let headerEnd = 8 + Int(declared)
        guard let text = String(bytes: raw[8..<headerEnd], encoding: .utf8) else { throw corrupt("the header is not UTF-8 text") }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: Data(text.utf8)) } catch {
            throw corrupt("the header is not valid JSON (it starts \(preview(text)))")
        }
        guard var object = json as? [String: Any] else { throw corrupt("the header is not a JSON object of tensors (it starts \(preview(text)))") }

        var metadata: [String: String] = [:]
        if let m = object.removeValue(forKey: "__metadata__"), !(m is NSNull) {
            guard let strings = m as? [String: Any], strings.values.allSatisfy({ $0 is String }) else {
                throw corrupt("__metadata__ must map names to strings, found \(preview(String(describing: m)))")
            }
            metadata = strings.mapValues { $0 as! String }  // checked just above
        }

        let dataCount = raw.count - headerEnd
        let entries = try object.keys.sorted().map { try Entry(name: $0, json: object[$0]!, dataCount: dataCount, corrupt: corrupt) }
        try checkTiling(entries, dataCount: dataCount, corrupt: corrupt)

        let body = UnsafeRawBufferPointer(rebasing: raw[headerEnd...])
        var tensors: [String: Tensor] = [:]
        for e in entries {
            tensors[e.name] = Tensor(unchecked: e.shape, scalars: e.dtype.floats(UnsafeRawBufferPointer(rebasing: body[e.begin..<e.end]), count: e.count))
        }
        return SafeTensors(tensors: tensors, metadata: metadata)
    }

    /// One header entry, checked on its own: dtype known, shape sane, offsets in bounds and
    /// spanning exactly shape × element size.
    private struct Entry {
        let name: String, dtype: DType, shape: [Int], count: Int, begin: Int, end: Int

        init(name: String, json: Any, dataCount: Int, corrupt: (String) -> ResNetError) throws {
            self.name = name
            guard let fields = json as? [String: Any] else { throw corrupt("tensor '\(name)' is not an object with dtype, shape and data_offsets") }
            guard let d = fields["dtype"] as? String else { throw corrupt("tensor '\(name)' has no dtype") }
            guard let dtype = DType(rawValue: d) else {
                let known = ["C64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4"].contains(d)
                throw corrupt("tensor '\(name)' has \(known ? "unsupported" : "unknown") dtype '\(d)'; readable: \(SafeTensors.readableDTypes.joined(separator: ", "))")
            }
            guard let shape = fields["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }) else {
                throw corrupt("tensor '\(name)' has shape \(preview(String(describing: fields["shape"] ?? "missing"))); expected a list of non-negative integers")
            }
            guard let offsets = fields["data_offsets"] as? [Int], offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw corrupt("tensor '\(name)' has data_offsets \(preview(String(describing: fields["data_offsets"] ?? "missing"))); expected [begin, end] with 0 ≤ begin ≤ end")
            }
            var count = 1
            for d in shape {
                let (p, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow, p <= 1 << 34 else { throw corrupt("tensor '\(name)' has an impossibly large shape \(describe(shape))") }
                count = p
            }
            let span = offsets[1] - offsets[0]
            guard span == count * dtype.size else {
                throw corrupt(
                    "tensor '\(name)': shape \(describe(shape)) of \(dtype.rawValue) needs \(count * dtype.size) bytes, but data_offsets [\(offsets[0]), \(offsets[1])] span \(span)"
                )
            }
            guard offsets[1] <= dataCount else {
                throw corrupt(
                    "tensor '\(name)': data_offsets [\(offsets[0]), \(offsets[1])] run past the end of the data (\(dataCount) bytes after the header); the file is truncated")
            }
            (self.dtype, self.shape, self.count, begin, end) = (dtype, shape, count, offsets[0], offsets[1])
        }
    }

    /// The tensors must cover the data exactly once, in some order: no overlap, no hole,
    /// nothing left over. Overlaps would alias two tensors; holes and leftovers mean a lost
    /// or duplicated header entry, or a file with something appended.
    private static func checkTiling(_ entries: [Entry], dataCount: Int, corrupt: (String) -> ResNetError) throws {
        var next = 0
        var previous: Entry?
        for e in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            if e.begin < next, let p = previous {
                throw corrupt("tensors '\(p.name)' (bytes \(p.begin)..<\(p.end)) and '\(e.name)' (bytes \(e.begin)..<\(e.end)) overlap")
            }
            if e.begin > next {
                throw corrupt("bytes \(next)..<\(e.begin) of the data belong to no tensor (a header entry is missing, or a name appears twice)")
            }
            next = e.end
            previous = e
        }
        guard next == dataCount else {
            throw corrupt(
                "\(dataCount - next) bytes follow the last tensor (the data should end at byte \(next)); a header entry is missing, a name appears twice, or something was appended"
            )
        }
    }

    // MARK: writing

    /// The whole file as bytes (header padded with spaces to a multiple of 8, then F32 data).
    ///
    /// ```swift
    /// let bytes = try SafeTensors(tensors: ["x": Tensor([1, 2])]).encoded()
    /// ```
    public func encoded() throws -> [UInt8] {
        var out: [UInt8] = []
        try serialize { out.append(contentsOf: $0) }
        return out
    }

    /// Writes the file atomically: a crash mid-write leaves the previous file untouched.
    ///
    /// ```swift
    /// try SafeTensors(tensors: ["w": w], metadata: ["epoch": "3"]).write(path: "w.safetensors")
    /// ```
    public func write(path: String) throws {
        try write(path: path, afterEachChunk: nil)
    }

    /// `afterEachChunk` is a test hook: it sees the bytes written so far and may throw to
    /// simulate a crash or a full disk half-way through.
    func write(path: String, afterEachChunk: ((Int) throws -> Void)?) throws {
        try AtomicFile.write(to: path, caller: "SafeTensors.write", afterEachChunk: afterEachChunk) { sink in
            try serialize(into: sink)
        }
    }

    /// Streams the header, then each tensor's bytes, to `sink` (no second copy of the data).
    func serialize(into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        if let reserved = tensors.keys.first(where: { $0 == "__metadata__" }) {
            throw ResNetError(.invalidArgument, "SafeTensors.write: '\(reserved)' is reserved for the metadata and cannot name a tensor")
        }
        let names = tensors.keys.sorted()
        var header: [String: Any] = [:]
        var offset = 0
        for name in names {
            let t = tensors[name]!
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + 4 * t.count]] as [String: Any]
            offset += 4 * t.count
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
        // Pad to 8 bytes, as the reference writer does, so the data is aligned for mmap readers.
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        try withUnsafeBytes(of: UInt64(json.count).littleEndian) { try sink($0) }
        try json.withUnsafeBytes { try sink($0) }
        for name in names { try tensors[name]!.withLittleEndianBytes(sink) }
    }
}

extension Tensor {
    /// Hands the scalars to `body` as little-endian float32 bytes, without copying on the
    /// little-endian machines Swift runs on.
    func withLittleEndianBytes(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        #if _endian(little)
        try scalars.withUnsafeBytes(body)
        #else
        try scalars.map { $0.bitPattern.littleEndian }.withUnsafeBytes(body)
        #endif
    }
}

/// The element types of the format, with their size and conversion to Float.
private enum DType: String {
    case F32, F64, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, BOOL

    var size: Int {
        switch self {
        case .F64, .I64, .U64: 8
        case .F32, .I32, .U32: 4
        case .F16, .BF16, .I16, .U16: 2
        case .I8, .U8, .BOOL: 1
        }
    }

    /// `count` elements from `raw` (exactly count × size bytes) as Float.
    func floats(_ raw: UnsafeRawBufferPointer, count: Int) -> [Float] {
        #if _endian(little)
        if self == .F32 {
            return [Float](unsafeUninitializedCapacity: count) { buf, n in
                if count > 0 { UnsafeMutableRawBufferPointer(buf).copyMemory(from: raw) }
                n = count
            }
        }
        #endif
        func each<T: FixedWidthInteger>(_: T.Type, _ f: (T) -> Float) -> [Float] {
            (0..<count).map { f(T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * size, as: T.self))) }
        }
        switch self {
        case .F32: return each(UInt32.self) { Float(bitPattern: $0) }
        case .F64: return each(UInt64.self) { Float(Double(bitPattern: $0)) }
        case .F16: return each(UInt16.self, halfToFloat)
        case .BF16: return each(UInt16.self) { Float(bitPattern: UInt32($0) << 16) }  // the top half of a float32
        case .I64: return each(Int64.self) { Float($0) }
        case .I32: return each(Int32.self) { Float($0) }
        case .I16: return each(Int16.self) { Float($0) }
        case .I8: return each(Int8.self) { Float($0) }
        case .U64: return each(UInt64.self) { Float($0) }
        case .U32: return each(UInt32.self) { Float($0) }
        case .U16: return each(UInt16.self) { Float($0) }
        case .U8: return each(UInt8.self) { Float($0) }
        case .BOOL: return each(UInt8.self) { $0 == 0 ? 0 : 1 }
        }
    }
}

/// IEEE half → float, by hand rather than `Float16`, which some Swift platforms lack.
private func halfToFloat(_ h: UInt16) -> Float {
    let sign: Float = h & 0x8000 == 0 ? 1 : -1
    let exponent = Int(h >> 10) & 0x1F, mantissa = Int(h & 0x3FF)
    switch exponent {
    case 0: return sign * Float(mantissa) * 0x1p-24  // zero, subnormal
    case 31: return mantissa == 0 ? sign * .infinity : .nan
    default: return sign * Float(1024 + mantissa) * Float(sign: .plus, exponent: exponent - 25, significand: 1)
    }
}

/// The first 60 characters of some header text, quoted, for an error message.
private func preview(_ s: String) -> String {
    let flat = s.replacingOccurrences(of: "\n", with: " ")
    return "'" + (flat.count > 60 ? flat.prefix(60) + "…" : flat) + "'"
}
