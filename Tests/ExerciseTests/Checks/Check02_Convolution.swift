// Exercises 2a and 2b: Keras's own Conv2D, read off by exercise_fixtures.py.

import Testing
import Exercises
import ExerciseSolutions
import ResNetKit

typealias OutputSizeSolution = @Sendable (Int, Int, Int, Padding) throws -> (output: Int, padBefore: Int, padAfter: Int)

enum OutputSizeCheck {
    static let exercise = Exercise<OutputSizeSolution>(
        id: "2a",
        learner: Exercises.convOutputSize, reference: ExerciseSolutions.convOutputSize,
        wrong: [
            .init(name: "extra padding row before the input", mentions: "after the input", solution: Wrong02a.extraRowBefore),
            .init(name: "same rounds down", mentions: "round up", solution: Wrong02a.sameRoundsDown),
            .init(name: "valid without + 1", mentions: "+ 1", solution: Wrong02a.validWithoutPlusOne),
        ],
        probe: { _ = try $0(8, 3, 2, .same) },
        check: check)

    /// 267 (n, k, s, padding) cases; one failure with the first mismatch and how many differ.
    static func check(_ size: OutputSizeSolution, _ c: inout Checker) throws {
        let cases = (try ExerciseFixture("").json("output_size")["cases"] as? [[String: Any]]) ?? []
        var first: String?, wrong = 0
        for k in cases {
            let (n, kernel, s) = (k.int("input")!, k.int("kernel")!, k.int("stride")!)
            let padding: Padding = k["padding"] as? String == "same" ? .same : .valid
            let expected = (k.int("output")!, k.int("pad_before")!, k.int("pad_after")!)
            let call = "convOutputSize(inputSize: \(n), kernelSize: \(kernel), stride: \(s), padding: .\(padding))"
            guard let r = try c.call(call, { try size(n, kernel, s, padding) }) else { return }
            guard (r.output, r.padBefore, r.padAfter) != expected else { continue }
            wrong += 1
            if first == nil {
                first =
                    "\(call): expected (output: \(expected.0), padBefore: \(expected.1), padAfter: \(expected.2)), received (output: \(r.output), padBefore: \(r.padBefore), padAfter: \(r.padAfter))"
                    + (diagnose(n, kernel, s, padding, expected, (r.output, r.padBefore, r.padAfter)).map { "\n  → " + $0 } ?? "")
            }
        }
        if let first { c.fail(first + (wrong > 1 ? "\n  (\(wrong) of \(cases.count) cases differ)" : "")) }
    }

    static func diagnose(_ n: Int, _ k: Int, _ s: Int, _ padding: Padding, _ e: (Int, Int, Int), _ r: (Int, Int, Int)) -> String? {
        if padding == .valid {
            if r.0 == (n - k) / s { return "(n − k) / s counts the steps between windows: add 1 for the first window, ⌊(n − k)/s⌋ + 1" }
            if r.1 != 0 || r.2 != 0 { return "padding valid pads nothing" }
        } else {
            if r.0 == n / s, r.0 != e.0 { return "with padding same the output is ⌈n / s⌉: round up, so the last partial window still counts" }
            if r.0 == e.0, r.1 + r.2 == e.1 + e.2, r.1 > r.2 {
                return "TensorFlow puts the odd extra row of padding after the input (bottom/right): padBefore = ⌊total / 2⌋"
            }
            if r.0 == e.0, r.1 + r.2 != e.1 + e.2 { return "total padding = max((output − 1)·s + k − n, 0): just enough for the last window" }
        }
        return nil
    }
}

typealias ConvSolution = @Sendable (Tensor, Tensor, Tensor, Int, Padding) throws -> Tensor

enum NaiveConvCheck {
    static let exercise = Exercise<ConvSolution>(
        id: "2b",
        learner: Exercises.naiveConv2D, reference: ExerciseSolutions.naiveConv2D,
        wrong: [
            .init(name: "flipped kernel", mentions: "cross-correlation", solution: Wrong02b.flippedKernel),
            .init(name: "no bias", mentions: "bias", solution: Wrong02b.noBias),
            .init(name: "off-by-one padding", mentions: "extra row", solution: Wrong02b.extraPaddingBefore),
        ],
        probe: { _ = try $0(try .zeros([1, 3, 3, 1]), try .ones([3, 3, 1, 1]), try .zeros([1]), 1, .same) },
        check: check)

    static let mistakes = [
        "flipped_kernel": "this is the kernel flipped (a true convolution): Keras's Conv2D is a cross-correlation — multiply x at offset (a, b) by kernel[a, b], without reversing",
        "no_bias": "the bias is missing: add bias[f] to every output of filter f",
        "pad_before": "the padding is off by one: with an odd total, TensorFlow puts the extra row/column after the input (bottom/right), not before",
    ]

    static func check(_ conv: ConvSolution, _ c: inout Checker) throws {
        let root = ExerciseFixture("conv")
        for name in root.cases {
            let f = root.sub(name), config = try f.json()
            let s = config.int("strides")!, padding: Padding = config["padding"] as? String == "same" ? .same : .valid
            let (x, w, b) = (try f.array("x"), try f.array("kernel"), try f.array("bias"))
            let call = "naiveConv2D(x \(x.shape), kernel: \(w.shape), bias: \(b.shape), strides: \(s), padding: .\(padding))"
            guard let y = try c.call(call, { try conv(x, w, b, s, padding) }) else { continue }
            c.expectClose(call, y, try f.array("y"), mistakes: try f.mistakes(mistakes))
        }
    }
}

@Suite("Exercise 2a · the convolution output-size formula")
struct Exercise02a_OutputSize {
    // Skipped while Sources/Exercises/Exercise02a_OutputSize.swift still throws notAttempted.
    @Test("agrees with Keras's Conv2D output sizes", .enabled(if: OutputSizeCheck.exercise.erased.attempted(), notAttemptedComment("Exercise02a_OutputSize.swift")))
    func check() { OutputSizeCheck.exercise.erased.recordLearner() }
}

@Suite("Exercise 2b · a naive Conv2D forward pass")
struct Exercise02b_NaiveConv2D {
    // Skipped while Sources/Exercises/Exercise02b_NaiveConv2D.swift still throws notAttempted.
    @Test("agrees with Keras's Conv2D", .enabled(if: NaiveConvCheck.exercise.erased.attempted(), notAttemptedComment("Exercise02b_NaiveConv2D.swift")))
    func check() { NaiveConvCheck.exercise.erased.recordLearner() }
}
