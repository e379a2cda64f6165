// Seeded shuffles and draws for the data pipeline. The standard library's `shuffle(using:)`
// is deterministic for one Swift version but its algorithm is not promised to stay the
// same; the data a lesson prints must not change with the compiler, so the permutation
// and the bounded integer draw are written out here (Fisher–Yates, Lemire's method).

extension SeededGenerator {
    /// A uniform integer in `0..<n` (n ≥ 1): Lemire's multiply-shift with rejection,
    /// unbiased and the same on every platform.
    mutating func nextIndex(below n: Int) -> Int {
        let bound = UInt64(n)
        var m = bound.multipliedFullWidth(by: next())
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = bound.multipliedFullWidth(by: next()) }
        }
        return Int(m.high)
    }

    /// A random permutation of `0..<n` (Fisher–Yates, drawing from the last position down).
    mutating func permutation(_ n: Int) -> [Int] {
        var order = Array(0..<n)
        var i = n - 1
        while i > 0 {
            order.swapAt(i, nextIndex(below: i + 1))
            i -= 1
        }
        return order
    }

    /// A uniform number in `[low, high)`, as NumPy's `uniform(low, high)`.
    mutating func nextUniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * nextUnit()
    }
}

extension Tensor {
    /// The rows `indices` of the first axis, in that order (repeats allowed), copied on
    /// both cores when there is enough to copy. Indices are checked by the caller.
    func gathering(_ indices: [Int]) -> Tensor {
        let width = shape.isEmpty ? 0 : count / Swift.max(shape[0], 1)
        var out = [Float](repeating: 0, count: indices.count * width)
        // A chunk of at least ~256 K floats: below that, starting a thread costs more than the copy.
        let minChunk = Swift.max(1, (1 << 18) / Swift.max(width, 1))
        scalars.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                let box = UncheckedSendable(d)
                Parallel.chunks(indices.count, minChunk: minChunk) { range in
                    for i in range { (box.value + i * width).update(from: s + indices[i] * width, count: width) }
                }
            }
        }
        var newShape = shape
        newShape[0] = indices.count
        return Tensor(unchecked: newShape, scalars: out)
    }
}
