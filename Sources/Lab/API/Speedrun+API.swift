// Lesson 13's helpers as Swift functions of the `Lab` module: the ladder of recipes, one
// speed run on the lab's data, a schedule's rates, accuracy against seconds.

import ResNetKit

/// The speed run's ladder: the baseline (Adam 1e-3, constant) then one trick of the final
/// recipe more per rung. The peak SGD rate follows the batch size (0.2 at 128; Goyal et al.'s
/// linear scaling rule).
///
/// ```swift
/// let rungs = try speedrunLadder(epochs: 2, batchSize: 64)
/// rungs.count   // 6
/// ```
public func speedrunLadder(epochs: Int = 4, batchSize: Int = 128, batchNormMomentum: Float = 0.99) throws -> [(name: String, recipe: SpeedrunRecipe)] {
    guard epochs >= 1, batchSize >= 1 else {
        throw ResNetError(.invalidArgument, "speedrunLadder: epochs and batchSize must be at least 1, received epochs: \(epochs), batchSize: \(batchSize)")
    }
    var final = SpeedrunRecipe.final
    final.epochs = epochs
    final.batchSize = batchSize
    final.batchNormMomentum = batchNormMomentum
    final.learningRate *= Float(batchSize) / Float(SpeedrunRecipe.final.batchSize)
    return SpeedrunRecipe.ladder(final).map { (name: $0.0, recipe: $0.1) }
}

/// Trains a fresh SpeedrunNet with `recipe` on `train` (raw 0…255 images) and evaluates it
/// once on `test`.
///
/// ```swift
/// // let result = try speedrun(rungs[0].recipe, train: train, test: test)
/// // result.accuracy, result.seconds
/// ```
public func speedrun(_ recipe: SpeedrunRecipe, train: Dataset, test: Dataset, seed: UInt64 = 0) throws
    -> (accuracy: Float, plainAccuracy: Float, seconds: Double, loss: Float)
{
    let r = try runSpeedrun(recipe, train: train, evaluateOn: test, seed: seed)
    return (r.accuracy, r.plainAccuracy, r.seconds, r.trainingLoss)
}

/// A per-step schedule's learning rate at steps 0, 1, …, steps − 1.
///
/// ```swift
/// let rates = try learningRates(try CosineDecay(initial: 0, decaySteps: 900, warmupTarget: 0.2, warmupSteps: 100), steps: 1000)
/// ```
public func learningRates(_ schedule: LearningRateSchedule, steps: Int) throws -> [Float] {
    guard (1...1_000_000).contains(steps) else { throw ResNetError(.invalidArgument, "learningRates: steps must be 1…1,000,000, received \(steps)") }
    return (0..<steps).map { schedule(step: $0) }
}

/// Accuracy against wall time, one point per run: how much each second buys.
///
/// ```swift
/// let picture = try plotAccuracyAgainstSeconds(seconds: [10, 20, 30], accuracies: [0.80, 0.85, 0.87])
/// ```
public func plotAccuracyAgainstSeconds(seconds: [Double], accuracies: [Float], name: String = "accuracy", svg: String? = nil) throws -> Picture {
    guard seconds.count == accuracies.count, !seconds.isEmpty else {
        throw ResNetError(.invalidArgument, "plotAccuracyAgainstSeconds: \(seconds.count) times but \(accuracies.count) accuracies; give one of each per run")
    }
    let order = seconds.indices.sorted { seconds[$0] < seconds[$1] }
    let plot = try LinePlot([.init(name, order.map { accuracies[$0] }, x: order.map { seconds[$0] })], xLabel: "seconds")
    if let svg { try plot.write(svgTo: svg) }
    return plot
}
