// Measuring: wall-clock medians, the two threading arrangements, the GEMM peak, peak memory,
// and how much of the machine other processes took meanwhile.

import COpenBLAS
import Foundation
import ResNetKit

/// Seconds since an arbitrary start, monotonic.
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
}

/// The median wall-clock time of `repeats` runs of `body`, after `warmUp` untimed runs
/// (first runs pay for page faults, OpenBLAS's thread start-up and cold caches).
func medianSeconds(repeats: Int, warmUp: Int = 1, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<warmUp { try body() }
    var times: [Double] = []
    for _ in 0..<Swift.max(1, repeats) {
        let start = monotonicSeconds()
        try body()
        times.append(monotonicSeconds() - start)
    }
    return median(times)
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// The two ways the engine can use the cores (see `Parallel`): cut the batch into one chunk
/// per core, each chunk's GEMM on one BLAS thread; or one chunk, OpenBLAS threading the GEMM.
enum Arrangement: CaseIterable {
    case chunks, blasThreads

    /// Column heading, e.g. "2 chunks × 1 thread".
    var title: String {
        switch self {
        case .chunks: return "\(Parallel.cores) chunks × 1 BLAS thread"
        case .blasThreads: return "1 chunk × \(Parallel.cores) BLAS threads"
        }
    }

    /// Short name for the "wins" column.
    var short: String { self == .chunks ? "chunks" : "BLAS" }

    func apply() { Parallel.workers = self == .chunks ? Parallel.cores : 1 }

    /// The arrangement in force now.
    static var current: Arrangement { Parallel.workers > 1 ? .chunks : .blasThreads }
}

/// Runs `body` under `arrangement`, then restores the one that was in force.
func with<T>(_ arrangement: Arrangement, _ body: () throws -> T) rethrows -> T {
    let saved = Parallel.workers
    arrangement.apply()
    defer { Parallel.workers = saved }
    return try body()
}

/// GFLOP/s of a plain square `cblas_sgemm` (C = A·B, n×n) on `threads` OpenBLAS threads:
/// the ceiling any convolution built on GEMM can approach on this machine.
func gemmPeak(n: Int, threads: Int, repeats: Int) -> (seconds: Double, gflops: Double) {
    let saved = openblas_get_num_threads()
    openblas_set_num_threads(Int32(threads))
    defer { openblas_set_num_threads(saved) }
    var a = [Float](repeating: 0, count: n * n), b = a
    for i in 0..<(n * n) { a[i] = Float(i % 7) * 0.25 - 0.75; b[i] = Float(i % 5) * 0.5 - 1 }
    // Three arrays' pointers, two closures deep: a and b are only read, c only written.
    let t = a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            let out = UnsafeMutablePointer<Float>.allocate(capacity: n * n)
            defer { out.deallocate() }
            return medianSeconds(repeats: repeats) {
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n),
                    1, pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, out, Int32(n))
            }
        }
    }
    return (t, 2 * Double(n) * Double(n) * Double(n) / t * 1e-9)
}

/// The process's peak resident memory so far, in bytes (getrusage's ru_maxrss is in KiB on Linux).
func peakResidentBytes() -> Int {
    var usage = rusage()
    guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
    return usage.ru_maxrss * 1024
}

/// This process's CPU seconds so far (user + system, all threads): on a machine others are
/// loading, CPU time per step moves much less than wall time, so A/B comparisons use it too.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
}

/// CPU time so far: all processes on the machine (Linux's /proc/stat, steal included) and
/// this one (getrusage). Between two readings, the difference is what *others* took from us.
struct CPUTime {
    let wall: Double, machine: Double, own: Double

    static func now() -> CPUTime {
        var machine = Double.nan
        if let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ")
        {
            // user nice system idle iowait irq softirq steal …, in clock ticks
            let t = line.split(separator: " ").dropFirst().compactMap { Double($0) }
            if t.count >= 8 {
                machine = (t[0] + t[1] + t[2] + t[5] + t[6] + t[7]) / Double(sysconf(Int32(_SC_CLK_TCK)))
            }
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let own =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
        return CPUTime(wall: monotonicSeconds(), machine: machine, own: own)
    }

    /// The share of all cores that other processes used since `start` (NaN if unknown).
    func othersShare(since start: CPUTime) -> Double {
        let others = (machine - start.machine) - (own - start.own)
        return Swift.max(0, others) / ((wall - start.wall) * Double(Parallel.cores))
    }
}

/// OpenBLAS's build description, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64".
func openBLASConfig() -> String {
    guard let s = openblas_get_config() else { return "unknown" }
    return String(cString: s).trimmingCharacters(in: .whitespaces)
}
