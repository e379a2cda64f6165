// Speed-run builtins (lesson 13): the small network, the recipe's ladder, one speed run,
// the per-step schedule, test-time flips, and accuracy plotted against seconds.

import Foundation
import ResNetKit

extension Builtins {
    func registerSpeedrun() {
        add(
            "models", ["SpeedrunNet(widths: [Int] = [16, 32, 64], units: [Int] = [0, 1], inputShape: [Int] = [28, 28, 1], classes: Int = 10)"],
            doc:
                "The speed run's residual network for 28×28 images: a stem convolution, then stages that convolve, halve the resolution (max pooling) and add `units` residual units each; global average pooling, softmax.",
            example: "let net = try SpeedrunNet(widths: [16, 32, 64], units: [0, 1])"
        ) { a in
            .native(
                try SpeedrunNet(
                    widths: try a.optional("widths", a.ints) ?? [16, 32, 64], units: try a.optional("units", a.ints) ?? [0, 1],
                    inputShape: try a.optional("inputShape", a.ints) ?? [28, 28, 1], classes: try a.optional("classes", a.int) ?? 10))
        }
        add(
            "training", ["speedrunLadder(epochs: Int = 4, batchSize: Int = 128, batchNormMomentum: Float = 0.99)"],
            doc:
                "The speed run's ladder: the baseline (Adam 1e-3, constant) then one trick of the final recipe more per rung — a list of (name, recipe), each trained by speedrun(_:train:test:seed:). The peak SGD rate is scaled with the batch size (0.2 at 128).",
            example: "let rungs = try speedrunLadder(epochs: 2, batchSize: 64)"
        ) { a in
            let rungs = try speedrunLadder(
                epochs: try a.optional("epochs", a.int) ?? 4, batchSize: try a.optional("batchSize", a.int) ?? 128,
                batchNormMomentum: try a.optional("batchNormMomentum", a.float) ?? 0.99)
            return .array(rungs.map { .tuple([("name", .string($0.name)), ("recipe", .native($0.recipe))]) })
        }
        add(
            "training", ["speedrun(_ recipe: SpeedrunRecipe, train: Dataset, test: Dataset, seed: UInt64 = 0)"],
            doc:
                "Trains a fresh SpeedrunNet with a recipe on train (raw 0…255 images) and evaluates it once on test: (accuracy, plainAccuracy (without test-time flips), seconds, loss).",
            example: "let result = try speedrun(rungs[0].recipe, train: train, test: test)"
        ) { a in
            let r = try speedrun(
                a.native("recipe", SpeedrunRecipe.self), train: a.native("train", Dataset.self), test: a.native("test", Dataset.self),
                seed: UInt64(truncatingIfNeeded: try a.optional("seed", a.int) ?? 0))
            return .tuple([("accuracy", .float(r.accuracy)), ("plainAccuracy", .float(r.plainAccuracy)), ("seconds", .double(r.seconds)), ("loss", .float(r.loss))])
        }
        add(
            "training", ["CosineDecay(initial: Float, decaySteps: Int, alpha: Float = 0, warmupTarget: Float? = nil, warmupSteps: Int = 0)"],
            doc: "Keras's per-step CosineDecay: with warmupTarget, a linear rise from initial over warmupSteps, then half a cosine down to initial·alpha over decaySteps.",
            example: "let schedule = try CosineDecay(initial: 0, decaySteps: 900, warmupTarget: 0.2, warmupSteps: 100)", isType: true
        ) { a in
            .native(
                try CosineDecay(
                    initial: a.float("initial"), decaySteps: a.int("decaySteps"), alpha: try a.optional("alpha", a.float) ?? 0,
                    warmupTarget: try a.optional("warmupTarget", a.float), warmupSteps: try a.optional("warmupSteps", a.int) ?? 0) as LearningRateSchedule)
        }
        add(
            "training", ["learningRates(_ schedule: LearningRateSchedule, steps: Int)"],
            doc: "A per-step schedule's learning rate at steps 0, 1, …, steps − 1, as a list (plotSeries draws it).",
            example: "try plotSeries(learningRates(schedule, steps: 1000), name: \"learning rate\")"
        ) { a in
            .array(try learningRates(a.native("schedule", LearningRateSchedule.self), steps: a.int("steps")).map { .float($0) })
        }
        add(
            "data", ["flipHorizontally(_ images: Tensor)"],
            doc: "Images (N, H, W, C) mirrored left–right: the view test-time augmentation adds.", example: "try show(flipHorizontally(test.images[0..<1]))"
        ) { a in
            .tensor(try flipHorizontally(a.tensor("images")))
        }
        add(
            "training", ["evaluateWithFlips(_ model: Model, x: Tensor, y: Tensor)"],
            doc: "Accuracy with test-time flips: each image's prediction is the mean of the model's outputs for it and its mirror image.",
            example: "try evaluateWithFlips(model, x: xTest, y: test.labels)"
        ) { a in
            .float(try evaluateWithFlips(a.native("model", Model.self), x: a.tensor("x"), y: a.tensor("y")))
        }
        add(
            "pictures", ["plotAccuracyAgainstSeconds(seconds: [Double], accuracies: [Float], name: String = \"accuracy\", svg: String? = nil)"],
            doc: "Accuracy against wall time, one point per run (the speed run's ladder): how much each second buys.",
            example: "try plotAccuracyAgainstSeconds(seconds: [10, 20, 30], accuracies: [0.80, 0.85, 0.87])"
        ) { a in
            guard case .array(let s)? = a["seconds"]?.unwrapped, case .array(let acc)? = a["accuracies"]?.unwrapped else {
                throw LabError("plotAccuracyAgainstSeconds expects two lists of numbers")
            }
            return .native(
                try plotAccuracyAgainstSeconds(
                    seconds: try s.map { try $0.double("seconds") }, accuracies: try acc.map { try $0.float("accuracies") },
                    name: try a.optional("name", a.string) ?? "accuracy", svg: try a.optional("svg", a.string)))
        }
    }
}
