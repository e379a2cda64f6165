// resnet-bench — how fast the engine runs on this machine.
//
//   swift run -c release resnet-bench conv [--batch 128] [--repeats 5]
//
// One subcommand per thing measured. To add one (`model`, `train`, …): write a
// `ParsableCommand` in its own file here, using the helpers in Measure.swift (timing,
// medians, GEMM peak, peak memory, CPUTime for a busy machine) and Report.swift (header,
// tables, 3-digit figures), and list it in `subcommands` below.

import ArgumentParser

struct ResNetBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resnet-bench",
        abstract: "Benchmarks for the ResNet Lab engine (build with -c release).",
        subcommands: [
            GEMMBench.self, ConvBench.self, ModelBench.self, TrainBench.self, ProfileBench.self, SpeedrunBench.self, DegradationBench.self,
        ])
}

ResNetBench.main()
