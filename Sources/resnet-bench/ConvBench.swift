// resnet-bench conv — the 3×3 convolutions of ResNet-20 (CIFAR-10, batch 128), forward and
// backward, under both threading arrangements, next to the GEMM peak of this machine.
//
// FLOPs: forward 2·N·OH·OW·KH·KW·Cin·Cout (one multiply-add per kernel tap per output);
// backward twice that (dx and dkernel are each a GEMM of the same size).

import ArgumentParser
import Foundation
import ResNetKit

struct ConvBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv",
        abstract: "Time ResNet-20's 3×3 convolutions, forward and backward, in both threading arrangements.")

    @Option(help: "Images per batch.")
    var batch = 128

    @Option(help: "Timed runs per measurement (the median is reported), after one warm-up run.")
    var repeats = 5

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be positive; received \(batch)") }
        guard repeats > 0 else { throw ValidationError("--repeats must be positive; received \(repeats)") }
    }

    /// One convolution of ResNet-20 v1 and how many times the network has it.
    struct Case {
        let size: Int, cin: Int, cout: Int, stride: Int, inResNet20: Int
        var name: String { "\(size)×\(size)×\(cin)→\(cout)" + (stride > 1 ? " /\(stride)" : "") }
        var out: Int { (size + stride - 1) / stride }
        func flops(batch: Int) -> Double { 2 * Double(batch * out * out * 9 * cin * cout) }
    }

    // Stage 1: 6 convs at 32×32×16; stages 2 and 3 open with a stride-2 conv, then 5 more.
    static let cases = [
        Case(size: 32, cin: 16, cout: 16, stride: 1, inResNet20: 6),
        Case(size: 16, cin: 32, cout: 32, stride: 1, inResNet20: 5),
        Case(size: 8, cin: 64, cout: 64, stride: 1, inResNet20: 5),
        Case(size: 32, cin: 16, cout: 32, stride: 2, inResNet20: 1),
        Case(size: 16, cin: 32, cout: 64, stride: 2, inResNet20: 1),
    ]

    /// Median seconds of one forward and one backward (dx + dkernel) pass.
    struct Timing { var forward: Double, backward: Double }

    func run() throws {
        printHeader("resnet-bench conv — batch \(batch), median of \(repeats) runs after a warm-up")
        let started = CPUTime.now()

        // The ceiling: large square GEMMs, one thread and all threads.
        var peak = Table(["GEMM peak (cblas_sgemm)", "threads", "ms", "GFLOP/s"])
        var bestPeak = 0.0, bestSingle = 0.0
        for n in [1024, 2048] {
            for threads in Set([1, Parallel.cores]).sorted() {
                log("gemm \(n)×\(n) on \(threads) thread(s)")
                let (t, gflops) = gemmPeak(n: n, threads: threads, repeats: repeats)
                if threads == Parallel.cores { bestPeak = Swift.max(bestPeak, gflops) }
                if threads == 1 { bestSingle = Swift.max(bestSingle, gflops) }
                peak.add(["\(n)×\(n) · \(n)×\(n)", "\(threads)", sig3(t * 1e3), sig3(gflops)])
            }
        }
        print(peak.render())
        // A big GEMM scales almost perfectly; if it didn't, something else is using the cores.
        if Parallel.cores > 1, bestPeak < 0.75 * Double(Parallel.cores) * bestSingle {
            print(
                "  warning: \(Parallel.cores) threads ran only \(sig3(bestPeak / bestSingle))× as fast as one;"
                    + " the machine looks busy, so the timings below are unreliable.")
        }
        print("")

        // Each case under each arrangement. Arrangements go in the outer loop, so OpenBLAS's
        // thread count changes once, not between every pair of measurements.
        var timings = [[Arrangement: Timing]](repeating: [:], count: Self.cases.count)
        for a in Arrangement.allCases {
            try with(a) {
                for (i, c) in Self.cases.enumerated() {
                    log("\(c.name): \(a.title)")
                    let conv = try Conv2D(
                        filters: c.cout, kernelSize: 3, strides: Size2(c.stride, c.stride),
                        padding: .same, useBias: false, name: "bench")
                    let x = try Tensor.randomNormal([batch, c.size, c.size, c.cin], seed: 1)
                    let dy = try Tensor.randomNormal([batch, c.out, c.out, c.cout], seed: 2)
                    let f = try medianSeconds(repeats: repeats) { _ = try conv.forward(x, training: true) }
                    _ = try conv.forward(x, training: true)  // backward needs the cached input
                    let b = try medianSeconds(repeats: repeats) { _ = try conv.backward(dy) }
                    timings[i][a] = Timing(forward: f, backward: b)
                }
            }
        }

        for pass in ["forward", "backward"] {
            let isForward = pass == "forward"
            let (c1, c2) = (Arrangement.chunks.short, Arrangement.blasThreads.short)
            var table = Table([
                isForward ? "forward" : "backward (dx + dkernel)", "uses", "GFLOP",
                "\(c1) ms", "\(c1) GFLOP/s", "\(c2) ms", "\(c2) GFLOP/s", "wins", "% peak",
            ])
            var totals: [Arrangement: Double] = [:]
            var totalFlops = 0.0
            for (c, row) in zip(Self.cases, timings) {
                let flops = c.flops(batch: batch) * (isForward ? 1 : 2)
                let t = Arrangement.allCases.map { a in isForward ? row[a]!.forward : row[a]!.backward }
                for (a, s) in zip(Arrangement.allCases, t) { totals[a, default: 0] += Double(c.inResNet20) * s }
                totalFlops += Double(c.inResNet20) * flops
                table.add(
                    ["\(batch)×" + c.name, "\(c.inResNet20)", sig3(flops * 1e-9)]
                        + cells(t, flops: flops, peak: bestPeak))
            }
            table.rule()
            let t = Arrangement.allCases.map { totals[$0]! }
            table.add(
                ["ResNet-20, all of the above", "", sig3(totalFlops * 1e-9)]
                    + cells(t, flops: totalFlops, peak: bestPeak))
            print(table.render())
            print("")
        }
        print(
            "  chunks: \(Arrangement.chunks.title) each (Parallel.workers = \(Parallel.cores));"
                + " BLAS: \(Arrangement.blasThreads.title) (Parallel.workers = 1).")
        print("  The convolutions' GEMMs run on the engine's own single-threaded micro-kernel: with 1 chunk they use one core.")
        print("  uses: how many times ResNet-20 (v1) has the layer; the row below the rule weighs them so.")
        print("  % peak: the winner's GFLOP/s over the best \(Parallel.cores)-thread GEMM above.")
        print("  default arrangement now: \(Arrangement.current.title)")
        print("  peak resident memory: \(sizeString(peakResidentBytes()))")
        let others = CPUTime.now().othersShare(since: started)
        if others.isFinite {
            print(
                "  other processes used \(sig3(100 * others))% of the cores during the run"
                    + (others > 0.05 ? " — rerun on a quiet machine for figures to trust." : "."))
        }
    }

    /// ms and GFLOP/s for each arrangement, then the winner and its share of the GEMM peak.
    private func cells(_ seconds: [Double], flops: Double, peak: Double) -> [String] {
        let best = seconds.indices.min { seconds[$0] < seconds[$1] }!
        let other = seconds.indices.filter { $0 != best }.map { seconds[$0] }.min() ?? seconds[best]
        let margin = other / seconds[best]
        let winner = Arrangement.allCases[best].short + " " + String(format: "%.2f×", margin)
        let gflops = flops / seconds[best] * 1e-9
        return seconds.flatMap { [sig3($0 * 1e3), sig3(flops / $0 * 1e-9)] }
            + [winner, sig3(100 * gflops / peak)]
    }

    private func log(_ message: String) {
        FileHandle.standardError.write(Data("  … \(message)\n".utf8))
    }
}
