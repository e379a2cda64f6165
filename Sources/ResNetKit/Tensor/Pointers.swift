// Pointer plumbing in one place: the fast kernels take raw pointers to several arrays at once,
// and nesting one `withUnsafeBufferPointer` closure per array would make a pyramid.

/// Calls `body` with the base address of each array's storage, valid for the call only.
/// Empty arrays get a dangling-but-never-read pointer (callers never read zero elements).
///
/// ```swift
/// let first = withBases([x.scalars, w.scalars]) { p in p[0][0] + p[1][0] }
/// ```
func withBases<R>(_ arrays: [[Float]], _ body: ([UnsafePointer<Float>]) throws -> R) rethrows -> R {
    var bases: [UnsafePointer<Float>] = []
    bases.reserveCapacity(arrays.count)
    func pin(_ i: Int) throws -> R {
        if i == arrays.count { return try body(bases) }
        return try arrays[i].withUnsafeBufferPointer { p in
            bases.append(p.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Float>.alignment)!)
            return try pin(i + 1)
        }
    }
    return try pin(0)
}

/// A new array of `count` floats written by `fill`, which must write every element
/// (the array is not zero-filled first).
func uninitializedFloats(_ count: Int, _ fill: (UnsafeMutablePointer<Float>) throws -> Void) rethrows -> [Float] {
    try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
        if let base = buffer.baseAddress { try fill(base) }
        initialized = count
    }
}

/// Calls `body` with the mutable base addresses of two arrays (nil when an array is empty):
/// for loops that write two outputs at once, such as values and their argmax indices.
///
/// ```swift
/// var sums = [Double](repeating: 0, count: 4), counts = [Int32](repeating: 0, count: 4)
/// withMutableBases(&sums, &counts) { s, n in s![0] = 1; n![0] = 1 }
/// ```
func withMutableBases<A, B, R>(
    _ a: inout [A], _ b: inout [B], _ body: (UnsafeMutablePointer<A>?, UnsafeMutablePointer<B>?) throws -> R
) rethrows -> R {
    try a.withUnsafeMutableBufferPointer { pa in try b.withUnsafeMutableBufferPointer { pb in try body(pa.baseAddress, pb.baseAddress) } }
}
