// How the engine asks glibc's malloc to keep freed memory for the next step.
//
// A training step allocates and frees tensors of up to a few MB by the dozen (activations,
// their gradients, each convolution's per-part scratch). By default glibc's malloc gives
// large freed blocks back to the kernel (munmap, or trimming the top of a heap), so the next
// step gets fresh pages and pays a page fault, and a page zeroed, for every 4 KB it first
// touches. Keeping blocks up to 32 MB on the heap and never trimming it halved the page
// faults of `resnet-bench model` (155 000 → 74 000) and made ResNet-20's training step
// 187 → 177 ms and its forward pass 37.9 → 35.7 ms of CPU time (the two builds alternating,
// medians of 5 runs each, load ≈ 4; GLIBC_TUNABLES with the same values: 181 → 173 ms).
// Peak memory does not grow (≈ 290 MiB either way): the next step's tensors reuse the blocks.
//
// Like OpenBLAS's thread count (Parallel.swift) this is the process's setting, made once,
// when the engine first runs a parallel loop; a program that tunes malloc itself can call
// mallopt afterwards or set GLIBC_TUNABLES (mallopt is then not called).

#if canImport(Glibc)
import Glibc
#endif
import Foundation

enum Allocation {
    /// Sets malloc's thresholds once; evaluated by `Parallel` before its first loop.
    static let configured: Bool = {
        #if canImport(Glibc)
        guard ProcessInfo.processInfo.environment["GLIBC_TUNABLES"] == nil else { return false }
        // mallopt is declared in <malloc.h>, which Swift's Glibc module leaves out: looked up
        // by name (a null handle is RTLD_DEFAULT). Its parameters are glibc's stable constants.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mTrimThreshold: Int32 = -1, mMmapThreshold: Int32 = -3
        guard let symbol = dlsym(nil, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mMmapThreshold, 32 << 20)  // glibc's largest allowed value on 64-bit
        _ = mallopt(mTrimThreshold, Int32.max)
        return true
        #else
        return false
        #endif
    }()
}
