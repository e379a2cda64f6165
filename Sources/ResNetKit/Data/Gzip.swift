// gzip in memory, through the system's zlib: Fashion-MNIST ships as .gz files, and the
// committed subset is gzipped too. Whole files fit in memory (47 MB for the largest), so
// there is no streaming API: bytes in, bytes out.
//
// zlib's `inflateInit2`/`deflateInit2` are C macros Swift cannot call; we call the
// functions they expand to (`inflateInit2_`, `deflateInit2_`) with the library's version
// and the size of `z_stream`, which is exactly what the macros pass.

import CZlib

enum Gzip {
    /// Decompressed data larger than this is refused: no IDX or CIFAR file comes near it,
    /// and a corrupt or malicious file must not exhaust memory.
    static let maximumSize = 1 << 31

    /// True when `bytes` start with the gzip magic number 1f 8b.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed contents of a gzip (or zlib) stream; several concatenated gzip
    /// members (what `cat a.gz b.gz` makes) are decompressed one after the other.
    /// `source` names the file in errors.
    static func decompress(_ bytes: [UInt8], source: String) throws -> [UInt8] {
        func corrupt(_ why: String) -> ResNetError {
            ResNetError(.corruptFile, "'\(source)' is not a valid gzip file: \(why)")
        }
        guard bytes.count < Int(UInt32.max) else { throw corrupt("the compressed file is larger than 4 GiB") }
        var stream = z_stream()
        // 15 + 32: the largest window, and detect gzip or zlib headers automatically.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ResNetError(.io, "zlib could not start decompressing '\(source)' (out of memory?)")
        }
        defer { inflateEnd(&stream) }

        var out = [UInt8]()
        out.reserveCapacity(min(expectedSize(bytes), maximumSize))
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var input = bytes
        return try input.withUnsafeMutableBufferPointer { inBuf -> [UInt8] in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = UInt32(inBuf.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { c -> Int32 in
                    stream.next_out = c.baseAddress
                    stream.avail_out = UInt32(c.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                out.append(contentsOf: chunk[0..<produced])
                guard out.count <= maximumSize else { throw corrupt("it decompresses to more than \(maximumSize) bytes") }
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow; anything else after the end is junk.
                    guard stream.avail_in > 0 else { return out }
                    guard stream.next_in[0] == 0x1F else {
                        throw corrupt("\(stream.avail_in) unexpected bytes after the end of the compressed data")
                    }
                    guard inflateReset(&stream) == Z_OK else { throw corrupt("cannot restart after the first member") }
                case Z_OK:
                    // No progress with all input consumed: the stream stops before its end.
                    if produced == 0 && stream.avail_in == 0 {
                        throw corrupt("the compressed data is truncated (it ends before the gzip trailer)")
                    }
                case Z_BUF_ERROR:
                    throw corrupt("the compressed data is truncated (it ends before the gzip trailer)")
                case Z_DATA_ERROR:
                    let why = stream.msg.map { String(cString: $0) } ?? "invalid compressed data"
                    throw corrupt("\(why) (the file is damaged)")
                case Z_MEM_ERROR:
                    throw ResNetError(.io, "zlib ran out of memory decompressing '\(source)'")
                default:
                    throw corrupt("zlib error \(status)")
                }
            }
        }
    }

    /// `bytes` compressed as a single gzip member with no file name and no timestamp, so
    /// the same input always gives the same file.
    static func compress(_ bytes: [UInt8], level: Int32 = 9) throws -> [UInt8] {
        guard bytes.count < Int(UInt32.max) / 2 else {
            throw ResNetError(.invalidArgument, "gzip: \(bytes.count) bytes are too many to compress in one piece (limit 2 GiB)")
        }
        var stream = z_stream()
        // 15 + 16: the largest window, gzip header and trailer; memLevel 8 is zlib's default.
        guard
            deflateInit2_(
                &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else {
            throw ResNetError(.io, "zlib could not start compressing (out of memory?)")
        }
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
        var input = bytes
        let status = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(outBuf.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw ResNetError(.io, "zlib failed to compress (error \(status))") }
        out.removeLast(Int(stream.avail_out))
        return out
    }

    /// The size the gzip trailer announces (ISIZE, the length modulo 2³²), as a hint
    /// for reserving memory; never trusted for anything else.
    private static func expectedSize(_ bytes: [UInt8]) -> Int {
        guard bytes.count >= 18 else { return 0 }
        let t = bytes.count - 4
        return (0..<4).reduce(0) { $0 | Int(bytes[t + $1]) << (8 * $1) }
    }
}
