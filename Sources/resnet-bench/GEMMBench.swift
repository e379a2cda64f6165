// resnet-bench gemm — the matrix products of one ResNet-20 training step, one call at a time
// on one core: OpenBLAS (with the kernels OPENBLAS_CORETYPE selects) against the engine's own
// AVX-512 micro-kernel (Sources/ResNetKit/Kernels/MicroGEMM.swift). Tools/gemm_libraries.c
// times BLIS and libxsmm on the same shapes.
//
// Shapes as the convolution kernels call them for batch 128 (8 parts of 16 images, one pass
// of 1, 3 or 7 images for the 32², 16² and 8² stages): `calls` is how many such products one
// training step makes (the F(4×4) rows: one inference forward), so calls × µs is the CPU
// time they cost a step, both cores together.

import ArgumentParser
import COpenBLAS
import Foundation
import ResNetKit

struct GEMMBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "Time ResNet-20's GEMM shapes on one core: OpenBLAS against the engine's own micro-kernel.")

    @Option(help: "Timed batches of calls per shape (the best is reported), each lasting about 20 ms.")
    var repeats = 5

    func validate() throws {
        guard repeats > 0 else { throw ValidationError("--repeats must be positive; received \(repeats)") }
    }

    struct Shape {
        let name: String, transA: Bool, m: Int, n: Int, k: Int, accumulate: Bool, calls: Int
    }

    static let shapes = [
        Shape(name: "F(2×2) fwd/dx 32×32×16", transA: false, m: 256, n: 16, k: 16, accumulate: false, calls: 24576),
        Shape(name: "F(2×2) dW 32×32×16", transA: true, m: 16, n: 16, k: 256, accumulate: true, calls: 12288),
        Shape(name: "F(2×2) fwd/dx 16×16×32", transA: false, m: 192, n: 32, k: 32, accumulate: false, calls: 6400),
        Shape(name: "F(2×2) dW 16×16×32", transA: true, m: 32, n: 32, k: 192, accumulate: true, calls: 3200),
        Shape(name: "F(2×2) fwd/dx 8×8×64", transA: false, m: 112, n: 64, k: 64, accumulate: false, calls: 2560),
        Shape(name: "F(2×2) dW 8×8×64", transA: true, m: 64, n: 64, k: 112, accumulate: true, calls: 1280),
        Shape(name: "F(4×4) inference 32×32×16", transA: false, m: 64, n: 16, k: 16, accumulate: false, calls: 27648),
        Shape(name: "F(4×4) inference 16×16×32", transA: false, m: 48, n: 32, k: 32, accumulate: false, calls: 8640),
        Shape(name: "F(4×4) inference 8×8×64", transA: false, m: 28, n: 64, k: 64, accumulate: false, calls: 4320),
        Shape(name: "stem 3×3×3→16 fwd", transA: false, m: 9216, n: 16, k: 27, accumulate: false, calls: 8),
        Shape(name: "stem dW", transA: true, m: 27, n: 16, k: 9216, accumulate: true, calls: 8),
        Shape(name: "3×3/2 16→32 fwd", transA: false, m: 1792, n: 32, k: 144, accumulate: false, calls: 16),
        Shape(name: "3×3/2 16→32 dW", transA: true, m: 144, n: 32, k: 1792, accumulate: true, calls: 16),
        Shape(name: "3×3/2 16→32 dx (wᵀ copied)", transA: false, m: 1792, n: 144, k: 32, accumulate: false, calls: 16),
        Shape(name: "3×3/2 32→64 fwd", transA: false, m: 896, n: 64, k: 288, accumulate: false, calls: 16),
        Shape(name: "3×3/2 32→64 dW", transA: true, m: 288, n: 64, k: 896, accumulate: true, calls: 16),
        Shape(name: "3×3/2 32→64 dx (wᵀ copied)", transA: false, m: 896, n: 288, k: 64, accumulate: false, calls: 16),
        Shape(name: "1×1/2 16→32 fwd", transA: false, m: 4096, n: 32, k: 16, accumulate: false, calls: 8),
        Shape(name: "1×1/2 16→32 dW", transA: true, m: 16, n: 32, k: 4096, accumulate: true, calls: 8),
        Shape(name: "1×1/2 16→32 dx (wᵀ copied)", transA: false, m: 4096, n: 16, k: 32, accumulate: false, calls: 8),
        Shape(name: "1×1/2 32→64 fwd", transA: false, m: 1024, n: 64, k: 32, accumulate: false, calls: 8),
        Shape(name: "1×1/2 32→64 dW", transA: true, m: 32, n: 64, k: 1024, accumulate: true, calls: 8),
        Shape(name: "1×1/2 32→64 dx (wᵀ copied)", transA: false, m: 1024, n: 32, k: 64, accumulate: false, calls: 8),
    ]

    func run() throws {
        printHeader("resnet-bench gemm — ResNet-20's GEMMs (batch 128), one core, best of \(repeats) batches of calls")
        let started = CPUTime.now()
        let saved = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(saved) }
        var table = Table(["product", "op(A)", "M", "N", "K", "OpenBLAS µs", "GFLOP/s", "own µs", "GFLOP/s", "own / OpenBLAS", "max rel. diff"])
        var totals = (blas: 0.0, own: 0.0, blasTraining: 0.0, ownTraining: 0.0)
        for s in Self.shapes {
            let trial = GEMMTrial(transA: s.transA, m: s.m, n: s.n, k: s.k, accumulate: s.accumulate)
            let calls = Int(2e7 / trial.flops) + 1
            func best(micro: Bool) -> Double {
                for _ in 0..<50 { trial.run(micro: micro) }
                var best = Double.infinity
                for _ in 0..<repeats {
                    let t = monotonicSeconds()
                    for _ in 0..<calls { trial.run(micro: micro) }
                    best = Swift.min(best, (monotonicSeconds() - t) / Double(calls))
                }
                return best
            }
            let (blas, own) = (best(micro: false), best(micro: true))
            let training = !s.name.hasPrefix("F(4×4)")
            totals.blas += blas * Double(s.calls); totals.own += own * Double(s.calls)
            if training { totals.blasTraining += blas * Double(s.calls); totals.ownTraining += own * Double(s.calls) }
            table.add([
                s.name, s.transA ? "Aᵀ" : "A", "\(s.m)", "\(s.n)", "\(s.k)", sig3(blas * 1e6), sig3(trial.flops / blas * 1e-9),
                sig3(own * 1e6), sig3(trial.flops / own * 1e-9), sig3(blas / own) + "×", String(format: "%.1e", trial.difference()),
            ])
        }
        print(table.render())
        let inference = (blas: totals.blas - totals.blasTraining, own: totals.own - totals.ownTraining)
        print(
            "  CPU ms a training step spends in these products: OpenBLAS \(sig3(totals.blasTraining * 1e3)), own \(sig3(totals.ownTraining * 1e3))"
                + " (\(sig3(totals.blasTraining / totals.ownTraining))×); an inference forward's F(4×4) products: \(sig3(inference.blas * 1e3)) vs \(sig3(inference.own * 1e3)).")
        print("  OpenBLAS kernels: \(BLAS.kernels). own: MicroGEMM.swift (Swift SIMD16<Float>, AVX-512 FMAs).")
        let others = CPUTime.now().othersShare(since: started)
        if others.isFinite { print("  other processes used \(sig3(100 * others))% of the cores during the run.") }
    }
}
