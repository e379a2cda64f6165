// swift-tools-version: 6.0
// ResNet Lab — residual networks taught as a notebook, on a real engine.
// Layout and conventions: see DESIGN.md in the steering repo and README.md here.
import PackageDescription

// The engine is numeric code: a debug build of it runs 10–50× slower than an optimised
// one, which would make `swift test` and the lessons crawl. So the engine (and the tests
// that drive it) are always compiled with -O, whatever the configuration; everything a
// person reads (Lab, the REPL) keeps ordinary debug builds for fast iteration.
// On x86-64 the engine is also compiled for the CPU it is built on (`-target-cpu native`):
// the build is from source on the machine that runs it, and the element-wise passes
// (BatchNormalization, ReLU, Add, the Winograd transforms on SIMD16 lanes) then use
// AVX2/AVX-512 instead of SSE2. (Not measured on its own; without it the same code runs,
// each SIMD16 split into four SSE operations.)
#if arch(x86_64)
let cpu = ["-target-cpu", "native"]
#else
let cpu: [String] = []
#endif
let optimised: [SwiftSetting] = [.unsafeFlags(["-O", "-enforce-exclusivity=unchecked"] + cpu)]

let package = Package(
    name: "ResNetLab",
    products: [
        .library(name: "ResNetKit", targets: ["ResNetKit"]),
        .executable(name: "resnet-lab", targets: ["resnet-lab"]),
        .executable(name: "resnet-bench", targets: ["resnet-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation --target ResNetKit` (a command plugin: it adds
        // nothing to `swift build` but the package's resolution).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // System libraries from Debian: libopenblas-dev, libreadline-dev, zlib1g-dev.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "ResNetKit", dependencies: ["COpenBLAS", "CZlib"],
                swiftSettings: optimised),
        .target(name: "Lab", dependencies: ["ResNetKit", "CReadline"]),
        .target(name: "Exercises", dependencies: ["ResNetKit"]),
        // The course's solutions of the exercises: drop-ins for Sources/Exercises, checked by
        // ExerciseTests and shown by `resnet-lab solution` once the learner's own passes.
        .target(name: "ExerciseSolutions", dependencies: ["ResNetKit"], swiftSettings: optimised),
        .executableTarget(name: "resnet-lab", dependencies: [
            "Lab", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "resnet-bench", dependencies: [
            "ResNetKit", "COpenBLAS", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: optimised),

        .testTarget(name: "ResNetKitTests", dependencies: ["ResNetKit"],
                    swiftSettings: optimised),
        // SwiftParity/ holds whole Swift programs the tests compile with swiftc, not test sources.
        .testTarget(name: "LabTests", dependencies: ["Lab", "ResNetKit"], exclude: ["SwiftParity"]),
        .testTarget(name: "ExerciseTests", dependencies: ["Exercises", "ExerciseSolutions", "ResNetKit"],
                    swiftSettings: optimised),
        .testTarget(name: "LessonTests", dependencies: ["Lab", "ResNetKit"]),
    ]
)
