// NumPy's .npy format (version 1.0/2.0): a magic string, a Python-dict header giving dtype,
// order and shape, then the raw data. We write little-endian float32 in C order and read
// float32, float64 and the common integer types, so fixtures and learners' arrays load
// unchanged. Anything else is rejected with a message naming what was found.

import Foundation

extension Tensor {
    /// Reads a tensor from a `.npy` file.
    ///
    /// ```swift
    /// let x = try Tensor.readNpy(path: "Tests/References/Fixtures/layers/add/x1.npy")
    /// ```
    public static func readNpy(path: String) throws -> Tensor {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ResNetError(.io, "readNpy: cannot read '\(path)' (no such file, or not readable)")
        }
        return try parseNpy([UInt8](data), source: path)
    }

    /// Parses the bytes of a `.npy` file; `source` names it in errors.
    public static func parseNpy(_ bytes: [UInt8], source: String = "npy data") throws -> Tensor {
        func corrupt(_ why: String) -> ResNetError { ResNetError(.corruptFile, "readNpy: '\(source)' is not a valid .npy file: \(why)") }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else { throw corrupt("missing the \\x93NUMPY magic string") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1: headerLength = Int(bytes[8]) | Int(bytes[9]) << 8; headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw corrupt("truncated header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }; headerStart = 12
        default: throw corrupt("unsupported format version \(major)")
        }
        guard headerStart + headerLength <= bytes.count,
            let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8)
        else { throw corrupt("truncated header") }
        guard let descr = field(header, "descr").map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }) else { throw corrupt("no 'descr' in header") }
        guard !(field(header, "fortran_order") ?? "False").hasPrefix("True") else {
            throw ResNetError(.corruptFile, "readNpy: '\(source)' is in Fortran order; save it with np.ascontiguousarray first")
        }
        guard let shapeText = shapeField(header) else { throw corrupt("no 'shape' in header") }
        let shape = try shapeText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { part -> Int in
            guard let v = Int(part), v >= 0 else { throw corrupt("bad shape (\(shapeText))") }
            return v
        }
        try validate(shape)
        let count = shape.reduce(1, *)
        let body = bytes[(headerStart + headerLength)...]
        let (size, convert) = try decoder(descr, source)
        guard body.count >= count * size else { throw corrupt("data is truncated: expected \(count * size) bytes for shape \(describe(shape)), found \(body.count)") }
        var scalars = [Float](repeating: 0, count: count)
        body.withContiguousStorageIfAvailable { raw in
            for i in 0..<count { scalars[i] = convert(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(raw)[(i * size)..<((i + 1) * size)])) }
        }
        return Tensor(unchecked: shape, scalars: scalars)
    }

    /// The bytes of this tensor as a `.npy` file ('<f4', C order).
    public func npyData() -> [UInt8] {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(dims)), }"
        // Pad with spaces so the data starts on a 64-byte boundary; the header ends in '\n'.
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let n = header.utf8.count
        out += [UInt8(n & 0xFF), UInt8(n >> 8)] + Array(header.utf8)
        for v in scalars { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
        return out
    }

    /// Writes this tensor to a `.npy` file NumPy can `np.load`, atomically.
    ///
    /// ```swift
    /// try kernel.writeNpy(path: "kernel.npy")
    /// ```
    public func writeNpy(path: String) throws {
        do { try Data(npyData()).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw ResNetError(.io, "writeNpy: cannot write '\(path)': \(error.localizedDescription)")
        }
    }
}

/// The text after `'key':` up to the next comma at nesting depth 0.
private func field(_ header: String, _ key: String) -> String? {
    guard let r = header.range(of: "'\(key)':") else { return nil }
    let rest = header[r.upperBound...].drop { $0 == " " }
    return String(rest.prefix { $0 != "," && $0 != "}" }).trimmingCharacters(in: .whitespaces)
}

private func shapeField(_ header: String) -> String? {
    guard let r = header.range(of: "'shape':"), let open = header[r.upperBound...].firstIndex(of: "("),
        let close = header[open...].firstIndex(of: ")")
    else { return nil }
    return String(header[header.index(after: open)..<close])
}

/// Element size and a converter for the dtypes we accept.
private func decoder(_ descr: String, _ source: String) throws -> (Int, (UnsafeRawBufferPointer) -> Float) {
    switch descr {
    case "<f4", "|f4", "=f4": return (4, { Float(bitPattern: UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) })
    case "<f8", "=f8": return (8, { Float(Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)))) })
    case "|u1", "<u1": return (1, { Float($0[0]) })
    case "|i1", "<i1": return (1, { Float(Int8(bitPattern: $0[0])) })
    case "<i4", "=i4": return (4, { Float(Int32(littleEndian: $0.loadUnaligned(as: Int32.self))) })
    case "<i8", "=i8": return (8, { Float(Int64(littleEndian: $0.loadUnaligned(as: Int64.self))) })
    default:
        throw ResNetError(.corruptFile, "readNpy: '\(source)' has dtype \(descr); supported: float32, float64, int8/32/64, uint8 (little-endian)")
    }
}
