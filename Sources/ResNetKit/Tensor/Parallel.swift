// Splitting work across the machine's cores. Batches are cut into contiguous chunks, one
// per worker; each chunk's GEMM runs on one BLAS thread, so our threads and OpenBLAS's
// never fight over the same two cores (see DESIGN.md, "Known pitfalls").

import COpenBLAS
import Dispatch
import Foundation

/// How the engine spreads work over cores.
///
/// Two arrangements: `workers = cores` (the default) cuts each batch into one chunk per core
/// and gives every chunk's GEMM a single BLAS thread; `workers = 1` runs one chunk and lets
/// OpenBLAS thread each GEMM. `resnet-bench conv` measures both. On 2 cores the chunks won on
/// every 3×3 convolution of ResNet-20 (overall about 1.6× forward, 1.8× backward): the GEMMs
/// are skinny (16–64 output channels), which OpenBLAS splits across threads poorly, and with
/// one chunk im2col/col2im run on a single core while the other waits. Since the
/// convolutions' GEMMs run on the engine's own single-threaded micro-kernel (MicroGEMM.swift),
/// `workers = 1` leaves them on one core; only the GEMMs it hands to OpenBLAS (Dense, the
/// reference paths, `FastPaths.$microGEMM` off) are threaded then.
///
/// ```swift
/// Parallel.workers = 1   // one chunk; OpenBLAS threads the GEMMs instead
/// ```
public enum Parallel {
    /// The machine's cores.
    public static let cores = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)

    // First touched by the first parallel loop, before any of its GEMMs: sets BLAS threads.
    nonisolated(unsafe) private static var _workers: Int = {
        openblas_set_num_threads(1)
        _ = Allocation.configured
        return cores
    }()

    /// The number of chunks work is split into (default: the number of cores). Setting it
    /// also sets OpenBLAS's threads: one per chunk when chunking, all cores when not.
    public static var workers: Int {
        get { _workers }
        set {
            _workers = Swift.max(1, newValue)
            openblas_set_num_threads(Int32(_workers > 1 ? 1 : cores))
        }
    }

    /// How many parts `count` items split into, given at least `minChunk` items a part.
    ///
    /// Four parts per worker, not one: the parts are handed out to the cores as they come
    /// free, so when another process takes a core for a while the other core takes more
    /// parts instead of waiting for it at the end. With one part per core a training step
    /// on a machine loaded by other builds took 2.7× its CPU time in wall time; TensorFlow,
    /// whose thread pool splits work finely, lost far less (`resnet-bench model`).
    static func parts(_ count: Int, minChunk: Int = 1) -> Int {
        Swift.max(1, Swift.min(workers == 1 ? 1 : workers * partsPerWorker, count / Swift.max(1, minChunk)))
    }

    /// Parts per worker (see `parts`).
    static let partsPerWorker = 4

    /// Calls `body(part, range)` for `parts` disjoint, contiguous sub-ranges covering
    /// `0..<count`, concurrently. `part` indexes per-part scratch space (partial sums).
    static func run(_ count: Int, parts: Int, _ body: (Int, Range<Int>) -> Void) {
        if parts <= 1 {
            if count > 0 { body(0, 0..<count) }
            return
        }
        withoutActuallyEscaping(body) { body in
            // The parts touch disjoint memory by construction; the compiler cannot see that.
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = count * p / parts, hi = count * (p + 1) / parts
                if lo < hi { box.value(p, lo..<hi) }
            }
        }
    }

    /// Calls `body` on disjoint sub-ranges covering `0..<count`, concurrently when each
    /// part gets at least `minChunk` items.
    static func chunks(_ count: Int, minChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        run(count, parts: parts(count, minChunk: minChunk)) { _, r in body(r) }
    }
}

/// A new array of `n` floats, filled by `fill(range, out)` on disjoint ranges of `items`
/// (default: the elements; rows, when each row is several elements) across cores. The loops
/// live in the caller's closure, so each is compiled (and vectorised) as written, with no
/// call per element; the array is never zero-filled first. `fill` must write every element.
func filled(_ n: Int, items: Int? = nil, minChunk: Int = 1 << 15, _ fill: (Range<Int>, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
    [Float](unsafeUninitializedCapacity: n) { buffer, count in
        if let base = buffer.baseAddress { Parallel.chunks(items ?? n, minChunk: minChunk) { fill($0, base) } }
        count = n
    }
}

/// Carries a value into a concurrent loop whose iterations are known not to race.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
