// Exercise 3 (BatchNormalization, training mode) and 4 (Dense backward): Keras's layers,
// run by exercise_fixtures.py, with NumPy's versions of the likely mistakes.

import Testing
import Exercises
import ExerciseSolutions
import ResNetKit

typealias BatchNormSolution =
    @Sendable (Tensor, Tensor, Tensor, Tensor, Tensor, Float, Float) throws
    -> (y: Tensor, movingMean: Tensor, movingVariance: Tensor)

enum BatchNormCheck {
    static let exercise = Exercise<BatchNormSolution>(
        id: "3",
        learner: Exercises.batchNormForwardTraining, reference: ExerciseSolutions.batchNormForwardTraining,
        wrong: [
            .init(name: "moving statistics in training", mentions: "moving statistics", solution: Wrong03.usesMovingStatistics),
            .init(name: "unbiased variance", mentions: "m − 1", solution: Wrong03.unbiasedVariance),
            .init(name: "epsilon outside the root", mentions: "inside the square root", solution: Wrong03.epsilonOutsideRoot),
            .init(name: "momentum swapped", mentions: "momentum weights the old", solution: Wrong03.momentumSwapped),
        ],
        probe: { _ = try $0(try .ones([2, 1]), try .ones([1]), try .zeros([1]), try .zeros([1]), try .ones([1]), 0.99, 1e-3) },
        check: check)

    static func check(_ bn: BatchNormSolution, _ c: inout Checker) throws {
        let root = ExerciseFixture("batchnorm")
        for name in root.cases {
            let f = root.sub(name), config = try f.json()
            let (momentum, epsilon) = (Float(config.double("momentum")!), Float(config.double("epsilon")!))
            let x = try f.array("x")
            let call = "batchNormForwardTraining(x \(x.shape), …, momentum: \(momentum), epsilon: \(epsilon))"
            guard
                let r = try c.call(
                    call,
                    {
                        try bn(x, try f.array("gamma"), try f.array("beta"), try f.array("moving_mean"), try f.array("moving_variance"), momentum, epsilon)
                    })
            else { continue }
            c.expectClose(
                "\(call).y", r.y, try f.array("y"),
                mistakes: try f.mistakes([
                    "moving_statistics":
                        "y was normalised with the moving statistics: in training mode BatchNormalization uses this batch's own mean and variance (the moving ones are only updated)",
                    "unbiased_variance": "this is the variance divided by m − 1: Keras divides by m (the biased variance)",
                    "epsilon_outside": "epsilon belongs inside the square root: (x − mean) / √(var + epsilon)",
                ]))
            c.expectClose(
                "\(call).movingMean", r.movingMean, try f.array("moving_mean_after"),
                mistakes: try f.mistakes([
                    "momentum_swapped": "momentum weights the old moving value: movingMean · momentum + mean · (1 − momentum)"
                ]))
            c.expectClose(
                "\(call).movingVariance", r.movingVariance, try f.array("moving_variance_after"),
                mistakes: try f.mistakes([
                    "moving_variance_unbiased": "the update uses the variance divided by m − 1: Keras uses the same biased (÷ m) variance as for y",
                    "momentum_swapped_variance": "momentum weights the old moving value: movingVariance · momentum + var · (1 − momentum)",
                ]))
        }
    }
}

typealias DenseBackwardSolution = @Sendable (Tensor, Tensor, Tensor) throws -> (dx: Tensor, dKernel: Tensor, dBias: Tensor)

enum DenseBackwardCheck {
    static let exercise = Exercise<DenseBackwardSolution>(
        id: "4",
        learner: Exercises.denseBackward, reference: ExerciseSolutions.denseBackward,
        wrong: [
            .init(name: "bias gradient averaged", mentions: "sum", solution: Wrong04.biasGradientIsMean),
            .init(name: "kernel gradient transposed", mentions: "xᵀ · dy", solution: Wrong04.kernelGradientTransposed),
            .init(name: "input gradient untransposed", mentions: "threw", solution: Wrong04.inputGradientUntransposed),
        ],
        probe: { _ = try $0(try .ones([1, 1]), try .ones([1, 1]), try .ones([1, 1])) },
        check: check)

    static func check(_ backward: DenseBackwardSolution, _ c: inout Checker) throws {
        let f = ExerciseFixture("dense_backward")
        let (x, kernel, dy) = (try f.array("x"), try f.array("kernel"), try f.array("dy"))
        let call = "denseBackward(x: \(x.shape), kernel: \(kernel.shape), dy: \(dy.shape))"
        guard let r = try c.call(call, { try backward(x, kernel, dy) }) else { return }
        let (dx, dk, db) = (try f.array("dx"), try f.array("dkernel"), try f.array("dbias"))
        if c.expectShape("dx", received: r.dx.shape, expected: dx.shape, note: "dx has x's shape (N, D): dy · kernelᵀ") {
            c.expectClose("dx", r.dx, dx)
        }
        if c.expectShape("dKernel", received: r.dKernel.shape, expected: dk.shape, note: "dKernel has the kernel's shape (D, U): xᵀ · dy") {
            c.expectClose("dKernel", r.dKernel, dk)
        }
        if c.expectShape("dBias", received: r.dBias.shape, expected: db.shape, note: "dBias has the bias's shape (U): one number per unit") {
            c.expectClose(
                "dBias", r.dBias, db,
                mistakes: try f.mistakes([
                    "dbias_mean": "this is the mean of dy over the batch: every row added the same bias, so its gradient is the sum"
                ]))
        }
    }
}

@Suite("Exercise 3 · BatchNormalization forward in training mode")
struct Exercise03_BatchNormTraining {
    // Skipped while Sources/Exercises/Exercise03_BatchNormTraining.swift still throws notAttempted.
    @Test(
        "agrees with Keras's BatchNormalization(training=True)", .enabled(if: BatchNormCheck.exercise.erased.attempted(), notAttemptedComment("Exercise03_BatchNormTraining.swift"))
    )
    func check() { BatchNormCheck.exercise.erased.recordLearner() }
}

@Suite("Exercise 4 · a Dense layer's backward pass")
struct Exercise04_DenseBackward {
    // Skipped while Sources/Exercises/Exercise04_DenseBackward.swift still throws notAttempted.
    @Test("agrees with TensorFlow's gradients", .enabled(if: DenseBackwardCheck.exercise.erased.attempted(), notAttemptedComment("Exercise04_DenseBackward.swift")))
    func check() { DenseBackwardCheck.exercise.erased.recordLearner() }
}
