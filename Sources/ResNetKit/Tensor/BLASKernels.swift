// Which of OpenBLAS's CPU kernels run our GEMMs.
//
// Debian's OpenBLAS (0.3.21, DYNAMIC_ARCH) picks its kernels from the CPU at load time, but
// it does not know CPUs newer than itself: on this machine's AMD Zen 5 it falls back to its
// AVX2 "Haswell" kernels although the CPU runs AVX-512. Its own documented switch,
// OPENBLAS_CORETYPE=SkylakeX, selects the AVX-512 kernels; `resnet-bench conv` and a plain
// C loop over the GEMM shapes of ResNet-20 measured them at 150–250 GFLOP/s on one core
// against 85–120 for Haswell's (a 1024² GEMM: 237 vs 127 GFLOP/s).
//
// So, once, before the engine's first GEMM: when the user has not set OPENBLAS_CORETYPE,
// OpenBLAS chose an AVX2 kernel, and the CPU has the AVX-512 subsets SkylakeX's kernels
// use (F, DQ, BW, VL), we set the variable and let OpenBLAS run its own selection again
// (`gotoblas_dynamic_quit` then `_init`, looked up at run time so an OpenBLAS without dynamic
// dispatch simply keeps its kernels). Setting OPENBLAS_CORETYPE yourself always wins.

import COpenBLAS
import Foundation

enum BLASKernels {
    /// The kernel family in use after the check, e.g. "SkylakeX" (OpenBLAS's core name).
    static let selected: String = {
        let before = corename()
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              ["Haswell", "Zen"].contains(before), cpuHasAVX512(),
              let quit = dlsym(nil /* RTLD_DEFAULT */, "gotoblas_dynamic_quit"),
              let initialise = dlsym(nil, "gotoblas_dynamic_init")
        else { return before }
        setenv("OPENBLAS_CORETYPE", "SkylakeX", 0)
        // quit forgets the table chosen at load time (init does nothing while one is set).
        typealias Hook = @convention(c) () -> Void
        unsafeBitCast(quit, to: Hook.self)()
        unsafeBitCast(initialise, to: Hook.self)()
        return corename()
    }()

    /// True when OPENBLAS_CORETYPE holds OpenBLAS to AVX2 kernels on a CPU with AVX-512:
    /// the benchmarks say so, since it halves the GEMMs' speed.
    static var heldBack: Bool {
        ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] != nil && ["Haswell", "Zen"].contains(selected) && cpuHasAVX512()
    }

    private static func corename() -> String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// AVX-512 F, DQ, BW and VL, as the kernel reports them in /proc/cpuinfo (Linux).
    private static func cpuHasAVX512() -> Bool {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let flags = Set(line.split(separator: " ").map(String.init))
        return ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy(flags.contains)
    }
}
