// The speed run's engine features against Keras 3.15 / NumPy (Tests/References/
// make_speedrun_fixtures.py): label smoothing, CosineDecay with warm-up as a per-step
// schedule, decoupled weight decay, the weight EMA, model.fit with all of them, test-time
// flips, and the piecewise-linear (one-cycle) schedule.

import Foundation
import Testing
@testable import ResNetKit

@Suite("Speed-run features agree with Keras 3 and NumPy")
struct SpeedrunFeatureTests {
    @Test("label_smoothing=0.1: the loss and its gradient, on probabilities and on logits")
    func labelSmoothing() throws {
        let f = try Fixture("speedrun", "label_smoothing")
        let (t, p, z) = (try f.array("targets"), try f.array("probs"), try f.array("logits"))
        let loss = try CategoricalCrossentropy(labelSmoothing: 0.1)
        let (kerasProbsLoss, kerasLogitsLoss) = (try f.array("loss_probs").scalars[0], try f.array("loss_logits").scalars[0])
        #expect(abs(try loss(yTrue: t, yPred: p) - kerasProbsLoss) < 1e-5)
        expectClose(try loss.gradient(yTrue: t, yPred: p), try f.array("grad_probs"), rtol: 1e-4, atol: 1e-6, "d loss / d probs")
        let (value, dz) = try softmaxCrossEntropy(logits: z, labels: t, labelSmoothing: 0.1)
        #expect(abs(value - kerasLogitsLoss) < 1e-5)
        expectClose(dz, try f.array("grad_logits"), rtol: 1e-4, atol: 1e-6, "d loss / d logits")
        // Without smoothing the loss differs: the fixture would catch a smoothing that did nothing.
        #expect(abs(try CategoricalCrossentropy()(yTrue: t, yPred: p) - kerasProbsLoss) > 1e-3)
        #expect(throws: ResNetError.self) { try CategoricalCrossentropy(labelSmoothing: 1.5) }
    }

    @Test("CosineDecay with warmup_target / warmup_steps, as Keras computes it")
    func cosineWarmup() throws {
        let cases = (try trainingJSON("schedules/keras_schedules.json")["cases"] as! [[String: Any]])
            .filter { $0["class"] as! String == "CosineDecay" && (($0["config"] as! [String: Any])["warmup_steps"] as? Int ?? 0) > 0 }
        #expect(cases.count == 2)
        for c in cases {
            let cfg = c["config"] as! [String: Any]
            let schedule = try CosineDecay(
                initial: Float(cfg["initial_learning_rate"] as! Double), decaySteps: cfg["decay_steps"] as! Int,
                alpha: Float(cfg["alpha"] as! Double), warmupTarget: Float(cfg["warmup_target"] as! Double),
                warmupSteps: cfg["warmup_steps"] as! Int)
            for (step, v) in zip(c["steps"] as! [Int], c["values"] as! [Double]) {
                #expect(abs(Double(schedule(step: step)) - v) <= 1e-6 * v + 1e-7, "\(c["name"]!) step \(step)")
            }
        }
        #expect(throws: ResNetError.self) { try CosineDecay(initial: 0, decaySteps: 10) }
    }

    func extras(_ c: [String: Any]) throws -> OptimizerExtras {
        var schedule: LearningRateSchedule?
        if let s = c["schedule"] as? [String: Any] {
            schedule = try CosineDecay(
                initial: Float(s["initial_learning_rate"] as! Double), decaySteps: s["decay_steps"] as! Int,
                warmupTarget: Float(s["warmup_target"] as! Double), warmupSteps: s["warmup_steps"] as! Int)
        }
        return try OptimizerExtras(
            weightDecay: (c["weight_decay"] as? Double).map(Float.init), excludeFromWeightDecay: c["exclude_from_weight_decay"] as! [String],
            useEMA: c["use_ema"] as? Bool ?? true, emaMomentum: Float(c["ema_momentum"] as? Double ?? 0.99), learningRateSchedule: schedule)
    }

    @Test(
        "weight_decay (decoupled, bias excluded), a schedule as the learning rate, use_ema, finalize",
        arguments: ["optimizer_sgd_wd_schedule_ema", "optimizer_sgd_wd", "optimizer_adam_wd_ema"])
    func optimizer(_ name: String) throws {
        let f = try Fixture("speedrun", name)
        let c = f.config
        let x = try extras(c)
        let lr = Float(c["learning_rate"] as? Double ?? 0)
        let opt: Optimizer =
            c["optimizer"] as! String == "Adam"
            ? Adam(learningRate: lr, extras: x)
            : SGD(learningRate: lr, momentum: Float(c["momentum"] as! Double), nesterov: c["nesterov"] as! Bool, extras: x)
        let kernel = Parameter(name: "kernel", value: try f.array("kernel0")), bias = Parameter(name: "bias", value: try f.array("bias0"))
        let (gk, gb) = (try f.array("grads_kernel"), try f.array("grads_bias"))
        let (ks, bs) = (try f.array("kernel_steps"), try f.array("bias_steps"))
        let lrs = c["lr_per_step"] as! [Double]
        for k in 0..<6 {
            kernel.gradient = try gk[k]
            bias.gradient = try gb[k]
            opt.update([kernel, bias])
            #expect(abs(Double(opt.learningRate) - lrs[k]) <= 1e-6 * lrs[k] + 1e-9, "\(name) lr at step \(k)")
            expectClose(kernel.value, try ks[k], rtol: 1e-5, atol: 1e-6, "\(name) kernel step \(k + 1)")
            expectClose(bias.value, try bs[k], rtol: 1e-5, atol: 1e-6, "\(name) bias step \(k + 1)")
        }
        if f.has("kernel_ema") {
            let state = opt.state(for: [kernel, bias])
            expectClose(try #require(state["ema/0"]), try f.array("kernel_ema"), rtol: 1e-5, atol: 1e-6, "\(name) kernel EMA")
            expectClose(try #require(state["ema/1"]), try f.array("bias_ema"), rtol: 1e-5, atol: 1e-6, "\(name) bias EMA")
        }
        opt.finalizeVariableValues([kernel, bias])
        expectClose(kernel.value, try f.array("kernel_final"), rtol: 1e-5, atol: 1e-6, "\(name) kernel after finalize")
        expectClose(bias.value, try f.array("bias_final"), rtol: 1e-5, atol: 1e-6, "\(name) bias after finalize")
    }

    @Test("fit with label smoothing, a warm-up + cosine schedule, weight decay and EMA ends where Keras's fit does")
    func fitWithEverything() throws {
        let f = try Fixture("speedrun", "fit_smoothing_ema")
        let dense = try Dense(units: 3, activation: .softmax)
        let model = try Model(name: "fit_ema", inputShape: [5], layers: [dense])
        try dense.parameter("kernel").assign(f.array("kernel0"))
        try dense.parameter("bias").assign(f.array("bias0"))
        var c = f.config
        c["use_ema"] = true
        let opt = SGD(learningRate: 0, momentum: 0.9, nesterov: true, extras: try extras(c))
        var options = FitOptions(shuffle: false, reporter: nil)
        options.labelSmoothing = 0.2
        let history = try fit(model, x: f.array("x"), y: f.array("y"), epochs: 3, batchSize: 4, optimizer: opt, options: options)
        let losses = try f.array("loss").scalars
        for k in 0..<3 { #expect(abs(history.figures["loss"]![k] - losses[k]) <= 1e-5 * losses[k] + 1e-6, "epoch \(k + 1) loss") }
        expectClose(try dense.parameter("kernel").value, try f.array("kernel"), rtol: 1e-5, atol: 1e-6, "kernel after fit (EMA)")
        expectClose(try dense.parameter("bias").value, try f.array("bias"), rtol: 1e-5, atol: 1e-6, "bias after fit (EMA)")
    }

    @Test("test-time flips: the mean of the predictions for x and its mirror image (NumPy reference)")
    func testTimeFlips() throws {
        let f = try Fixture("speedrun", "tta")
        let conv = try Conv2D(filters: 2, kernelSize: 3, padding: .same), dense = try Dense(units: 3, activation: .softmax)
        let model = try Model(name: "tta", inputShape: [5, 6, 1], layers: [conv, GlobalAveragePooling2D(), dense])
        try conv.parameter("kernel").assign(f.array("conv_kernel"))
        try conv.parameter("bias").assign(f.array("conv_bias"))
        try dense.parameter("kernel").assign(f.array("dense_kernel"))
        try dense.parameter("bias").assign(f.array("dense_bias"))
        let x = try f.array("x")
        expectClose(try flipHorizontally(x), try f.array("x_flipped"), rtol: 0, atol: 0, "flipped images")
        expectClose(try predict(model, x: x), try f.array("probs"), rtol: 1e-4, atol: 1e-6, "plain predictions")
        let expected = try f.array("probs_tta")
        expectClose(try predictWithFlips(model, x: x), expected, rtol: 1e-4, atol: 1e-6, "flip-averaged predictions")
        let labels = try expected.argmax(axis: -1)
        #expect(try evaluateWithFlips(model, x: x, y: labels) == 1)
        #expect(throws: ResNetError.self) { try flipHorizontally(Tensor.zeros([2, 3])) }
    }

    @Test("PiecewiseLinearDecay is np.interp")
    func piecewiseLinear() throws {
        let data = try Data(contentsOf: fixturesRoot.appendingPathComponent("speedrun/piecewise_linear.json"))
        let j = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let s = try PiecewiseLinearDecay(steps: j["knots"] as! [Int], values: (j["values"] as! [Double]).map(Float.init))
        for (step, v) in zip(j["steps"] as! [Int], j["expected"] as! [Double]) {
            #expect(abs(Double(s(step: step)) - v) <= 1e-6, "step \(step)")
        }
        #expect(throws: ResNetError.self) { try PiecewiseLinearDecay(steps: [0, 0], values: [1, 2]) }
    }

    @Test("the ladder starts at the baseline, adds one setting per rung and ends at the final recipe")
    func ladder() throws {
        let rungs = SpeedrunRecipe.ladder(.final)
        #expect(rungs.first?.1.optimizer == "adam" && rungs.first?.1.labelSmoothing == 0 && rungs.first?.1.tta == false)
        #expect(rungs.last?.1 == SpeedrunRecipe.final)
        func settings(_ r: SpeedrunRecipe) -> [String] {
            [
                "\(r.optimizer) \(r.learningRate) \(String(describing: r.warmupFraction))", "\(String(describing: r.weightDecay))", "\(r.labelSmoothing)",
                "\(r.flips)", "\(r.shift)", "\(String(describing: r.emaMomentum))", "\(r.tta)",
            ]
        }
        for (a, b) in zip(rungs, rungs.dropFirst()) {
            let changed = zip(settings(a.1), settings(b.1)).filter { $0 != $1 }.count
            #expect(changed == 1, "\(b.0) changes \(changed) settings")
        }
    }

    @Test("bad speed-run settings throw, naming the value")
    func badSettings() throws {
        #expect(throws: ResNetError.self) { try SpeedrunNet(widths: [16], units: []) }
        #expect(throws: ResNetError.self) { try SpeedrunNet(widths: [16, 32], units: [-1]) }
        #expect(throws: ResNetError.self) { try OptimizerExtras(weightDecay: -1) }
        #expect(throws: ResNetError.self) { try OptimizerExtras(useEMA: true, emaMomentum: 1.5) }
        var r = SpeedrunRecipe.final
        r.optimizer = "rmsprop"
        #expect(throws: ResNetError.self) { try speedrunOptimizer(r, stepsPerEpoch: 10) }
        #expect(try SpeedrunNet().parameterCounts.total == 98_522)  // Keras: lesson13.json param_count
    }
}
