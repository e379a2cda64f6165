// Exercises 9a (seed 003's schedule), 9b (top-1 accuracy), 10a (the plain twin), 10b (the
// paper's option A shortcut).

import Foundation
import Testing
import Exercises
import ExerciseSolutions
import ResNetKit

typealias ScheduleSolution = @Sendable (Int) throws -> Float

enum ScheduleCheck {
    static let exercise = Exercise<ScheduleSolution>(
        id: "9a",
        learner: Exercises.learningRate, reference: ExerciseSolutions.learningRate,
        wrong: [
            .init(name: "inclusive boundaries", mentions: "epoch > 80", solution: Wrong09a.inclusiveBoundaries),
            .init(name: "assigns 0.5e-3", mentions: "multiplies", solution: Wrong09a.assignsInsteadOfMultiplies),
            .init(name: "step every 40 epochs", mentions: "epoch: 40", solution: Wrong09a.stepEvery40),
        ],
        probe: { _ = try $0(0) },
        check: check)

    /// Epochs 0…200 against the seed's function run in Python.
    static func check(_ lr: ScheduleSolution, _ c: inout Checker) throws {
        let keras = try ExerciseFixture("").json("lr_schedule")
        let epochs = keras["epochs"] as? [Int] ?? [], values = (keras["lr"] as? [Double] ?? []).map(Float.init)
        var first: String?, wrong = 0
        for (epoch, expected) in zip(epochs, values) {
            guard let r = try c.call("learningRate(epoch: \(epoch))", { try lr(epoch) }) else { return }
            guard abs(r - expected) > 1e-6 * expected else { continue }
            wrong += 1
            guard first == nil else { continue }
            first = "learningRate(epoch: \(epoch)): expected \(num(expected)), received \(num(r))"
            if [80, 120, 160, 180].contains(epoch), epoch + 1 < values.count, abs(r - values[epoch + 1]) <= 1e-6 * values[epoch + 1] {
                first! += "\n  → the seed tests epoch > \(epoch), strictly: epoch \(epoch) still uses the earlier rate; the change comes at epoch \(epoch + 1)"
            } else if epoch > 180, abs(r - 0.5e-3) < 1e-9 {
                first! += "\n  → after epoch 180 the seed multiplies: lr *= 0.5e-3 gives 1e-3 · 0.5e-3 = 5e-7"
            }
        }
        if let first { c.fail(first + (wrong > 1 ? "\n  (\(wrong) of \(epochs.count) epochs differ)" : "")) }
    }
}

typealias AccuracySolution = @Sendable (Tensor, Tensor) throws -> Float

enum AccuracyCheck {
    static let exercise = Exercise<AccuracySolution>(
        id: "9b",
        learner: Exercises.top1Accuracy, reference: ExerciseSolutions.top1Accuracy,
        wrong: [
            .init(name: "ties count as correct", mentions: "tie", solution: Wrong09b.tiesCountAsCorrect),
            .init(name: "last of tied maxima", mentions: "first", solution: Wrong09b.lastOfTies),
            .init(name: "divides by classes", mentions: "number of rows", solution: Wrong09b.dividesByClasses),
        ],
        probe: { _ = try $0(try Tensor([[1, 0]]), Tensor([0])) },
        check: check)

    static func check(_ accuracy: AccuracySolution, _ c: inout Checker) throws {
        let cases = try ExerciseFixture("accuracy").json("accuracy").dict("cases")
        for name in ["ties", "ramp_12x5", "ramp_1000x10"] {
            let f = ExerciseFixture("accuracy/\(name)"), keras = cases.dict(name)
            let (p, labels) = (try f.array("predictions"), try f.array("labels"))
            let call = "top1Accuracy(predictions: \(p.shape) (case \(name)), labels: \(labels.shape))"
            guard let r = try c.call(call, { try accuracy(p, labels) }) else { continue }
            let acc = Float(keras.double("accuracy")!)
            c.expectClose(
                call, r, acc, rtol: 1e-6, atol: 1e-6,
                mistakes: [
                    (acc * Float(labels.count) / Float(p.shape[1]), "correct rows divided by the number of classes: divide by the number of rows N"),
                    (
                        Float(keras.double("mistake_ties_count_as_correct")!),
                        "a tie counted as correct: when the labelled class ties with an earlier one, argmax picks the earlier — wrong"
                    ),
                    (Float(keras.double("mistake_last_of_ties")!), "on a tie this takes the last largest score: Keras (argmax) takes the first"),
                ])
        }
    }
}

enum PlainNetCheck {
    static let exercise = Exercise<ModelSolution>(
        id: "10a",
        learner: Exercises.makePlainNet, reference: ExerciseSolutions.makePlainNet,
        wrong: [
            .init(name: "no ReLU closing each unit", mentions: "ReLU", solution: Wrong10a.noReluAfterUnit),
            .init(name: "strides 2 in every unit", mentions: "depth: 14", solution: Wrong10a.downsamplesEveryUnit),
        ],
        probe: { _ = try $0(8, [32, 32, 3], 10) },
        check: { make, c in
            try c.checkCIFARModel(
                make, name: "makePlainNet", fixture: ExerciseFixture("plain_net"),
                mistakes: [
                    "no_relu_after_unit": "these are the logits of a plain net whose units do not end in ReLU: keep the ReLU that followed the addition in the ResNet"
                ])
        })
}

typealias ShortcutSolution = @Sendable (Tensor, Int, Int) throws -> Tensor

enum ZeroPaddingShortcutCheck {
    static let exercise = Exercise<ShortcutSolution>(
        id: "10b",
        learner: Exercises.zeroPaddingShortcut, reference: ExerciseSolutions.zeroPaddingShortcut,
        wrong: [
            .init(name: "zeros after the channels", mentions: "before them", solution: Wrong10b.zerosAfter),
            .init(name: "centre samples", mentions: "0, s, 2s", solution: Wrong10b.centreSamples),
            .init(name: "rounds down", mentions: "⌈H/s⌉", solution: Wrong10b.roundsDown),
        ],
        probe: { _ = try $0(try .zeros([1, 2, 2, 1]), 2, 2) },
        check: check)

    static func check(_ shortcut: ShortcutSolution, _ c: inout Checker) throws {
        let root = ExerciseFixture("zero_padding_shortcut")
        for name in root.cases {
            let f = root.sub(name), config = try f.json()
            let (x, s, filters) = (try f.array("x"), config.int("strides")!, config.int("filters")!)
            let call = "zeroPaddingShortcut(x \(x.shape), strides: \(s), filters: \(filters))"
            guard let y = try c.call(call, { try shortcut(x, s, filters) }) else { continue }
            let expected = try f.array("y")
            guard
                c.expectShape(
                    call, received: y.shape, expected: expected.shape,
                    note: "(N, ⌈H/s⌉, ⌈W/s⌉, filters): an odd size keeps its last row, as x[:, ::s] does")
            else { continue }
            c.expectClose(
                call, y, expected,
                mistakes: try f.mistakes([
                    "pad_after": "the input's channels come first here: ⌊(filters − C)/2⌋ zero channels go before them, the rest after",
                    "offset": "these are rows s/2, s/2 + s, …: keep rows and columns 0, s, 2s, …",
                ]))
        }
    }
}

@Suite("Exercise 9a · seed 003's learning-rate schedule")
struct Exercise09a_LRSchedule {
    // Skipped while Sources/Exercises/Exercise09a_LRSchedule.swift still throws notAttempted.
    @Test("agrees with seed 003's lr_schedule", .enabled(if: ScheduleCheck.exercise.erased.attempted(), notAttemptedComment("Exercise09a_LRSchedule.swift")))
    func check() { ScheduleCheck.exercise.erased.recordLearner() }
}

@Suite("Exercise 9b · top-1 accuracy")
struct Exercise09b_Accuracy {
    // Skipped while Sources/Exercises/Exercise09b_Accuracy.swift still throws notAttempted.
    @Test("agrees with Keras's SparseCategoricalAccuracy", .enabled(if: AccuracyCheck.exercise.erased.attempted(), notAttemptedComment("Exercise09b_Accuracy.swift")))
    func check() { AccuracyCheck.exercise.erased.recordLearner() }
}

@Suite("Exercise 10a · the plain twin of a ResNet")
struct Exercise10a_PlainNet {
    // Skipped while Sources/Exercises/Exercise10a_PlainNet.swift still throws notAttempted.
    @Test("agrees with seed 003's network without shortcuts in Keras", .enabled(if: PlainNetCheck.exercise.erased.attempted(), notAttemptedComment("Exercise10a_PlainNet.swift")))
    func check() { PlainNetCheck.exercise.erased.recordLearner() }
}

@Suite("Exercise 10b · the option A shortcut")
struct Exercise10b_ZeroPaddingShortcut {
    // Skipped while Sources/Exercises/Exercise10b_ZeroPaddingShortcut.swift still throws notAttempted.
    @Test("agrees with tf.pad(x[:, ::s, ::s, :])", .enabled(if: ZeroPaddingShortcutCheck.exercise.erased.attempted(), notAttemptedComment("Exercise10b_ZeroPaddingShortcut.swift")))
    func check() { ZeroPaddingShortcutCheck.exercise.erased.recordLearner() }
}
