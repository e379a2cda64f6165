// Which of OpenBLAS's CPU kernels run our GEMMs.
//
// Debian's OpenBLAS (0.3.21, DYNAMIC_ARCH) picks its kernels from the CPU when it loads; on
// this machine's AMD Zen 5 it picks "Cooperlake", its AVX-512 kernels. Its documented
// variable OPENBLAS_CORETYPE overrides that choice, and an environment that sets it to
// "Haswell" (as this machine's does) holds every GEMM to AVX2: a 1024² sgemm then runs at
// 127 GFLOP/s on one core instead of 237, and ResNet-20's convolution GEMMs at 85–120
// instead of 150–250 (a C loop over their shapes; `resnet-bench conv`). The engine does not
// override a variable the user set; the benchmarks print a note when it holds them back.

import COpenBLAS
import Foundation

enum BLASKernels {
    /// OpenBLAS's kernel family, e.g. "Cooperlake" or "Haswell".
    static var corename: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// True when OPENBLAS_CORETYPE holds OpenBLAS to AVX2 kernels on a CPU with AVX-512.
    static var heldBack: Bool {
        ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] != nil && ["Haswell", "Zen"].contains(corename) && cpuHasAVX512()
    }

    /// AVX-512 F, DQ, BW and VL (what OpenBLAS's SkylakeX kernels use), from /proc/cpuinfo.
    private static func cpuHasAVX512() -> Bool {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        let flags = Set(line.split(separator: " ").map(String.init))
        return ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy(flags.contains)
    }
}
