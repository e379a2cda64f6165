// Training builtins: optimizers, schedules, callbacks, fit / evaluate / predict.

import Foundation
import ResNetKit

extension Builtins {
    func registerTraining() {
        /// `extras:` as given: nil when left out or nil.
        func extras(_ a: Args) throws -> OptimizerExtras? { try a.nullable("extras") { try a.native($0, OptimizerExtras.self) } }
        add(
            "training", ["SGD(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false, extras: OptimizerExtras? = nil)"],
            doc:
                "Stochastic gradient descent with optional (Nesterov) momentum — seed 004 uses SGD(learningRate: 0.1, momentum: 0.9, nesterov: true); extras: weight decay, EMA, a per-step schedule.",
            example: "let opt = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)", isType: true
        ) { a in
            .native(
                SGD(
                    learningRate: try a.optional("learningRate", a.float) ?? 0.01, momentum: try a.optional("momentum", a.float) ?? 0,
                    nesterov: try a.optional("nesterov", a.bool) ?? false, extras: try extras(a)) as Optimizer)
        }
        add(
            "training", ["Adam(learningRate: Float = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Float = 1e-7, extras: OptimizerExtras? = nil)"],
            doc: "Adam with Keras's defaults — seed 003's optimizer.", example: "let opt = Adam(learningRate: 1e-3)", isType: true
        ) { a in
            .native(
                Adam(
                    learningRate: try a.optional("learningRate", a.float) ?? 1e-3, beta1: try a.optional("beta1", a.double) ?? 0.9,
                    beta2: try a.optional("beta2", a.double) ?? 0.999, epsilon: try a.optional("epsilon", a.float) ?? 1e-7, extras: try extras(a)) as Optimizer)
        }
        add(
            "training",
            [
                "OptimizerExtras(weightDecay: Float? = nil, excludeFromWeightDecay: [String] = [], useEMA: Bool = false, emaMomentum: Float = 0.99, learningRateSchedule: LearningRateSchedule? = nil)"
            ],
            doc:
                "What Keras gives every optimizer: decoupled weight decay (weight_decay, names left out by substring), a weight EMA (use_ema, ema_momentum) and a per-step learning-rate schedule.",
            example: "let extras = try OptimizerExtras(weightDecay: 5e-4, excludeFromWeightDecay: [\"gamma\", \"beta\", \"bias\"])", isType: true
        ) { a in
            let schedule = try a.nullable("learningRateSchedule") { try a.native($0, LearningRateSchedule.self) }
            return .native(
                try OptimizerExtras(
                    weightDecay: try a.nullable("weightDecay", a.float), excludeFromWeightDecay: try a.strings("excludeFromWeightDecay", []),
                    useEMA: try a.optional("useEMA", a.bool) ?? false, emaMomentum: try a.optional("emaMomentum", a.float) ?? 0.99,
                    learningRateSchedule: schedule))
        }
        add(
            "training", ["lrSchedule(epoch: Int)"], doc: "Seed 003's learning-rate schedule: 1e-3, lowered after epochs 80, 120, 160, 180.",
            example: "lrSchedule(epoch: 100)"
        ) { a in .float(lrSchedule(epoch: try a.int("epoch"))) }
        add(
            "training", ["LearningRateScheduler(_ schedule: (Int, Float) -> Float)"],
            doc: "Sets the learning rate at the start of each epoch from a closure of (epoch, lr).",
            example: "let scheduler = LearningRateScheduler { epoch, lr in lrSchedule(epoch: epoch) }", isType: true
        ) { a in
            guard case .function(let f) = a["schedule"]! else { throw LabError("LearningRateScheduler expects a closure { epoch, lr in … }") }
            return .native(
                LearningRateScheduler { epoch, lr in
                    (try? f.body([ArgumentValue(label: nil, value: .int(epoch), position: nil), ArgumentValue(label: nil, value: .float(lr), position: nil)]).float("the schedule"))
                        ?? .nan
                } as Callback)
        }
        add(
            "training", ["ReduceLROnPlateau(monitor: String = \"val_loss\", factor: Float = 0.1, patience: Int = 10, minDelta: Float = 1e-4, cooldown: Int = 0, minLR: Float = 0)"],
            doc: "Multiplies the learning rate by factor when the monitored figure has not improved for patience epochs.",
            example: "let reduce = ReduceLROnPlateau(monitor: \"loss\", factor: 0.316, patience: 5, minDelta: 0.01, minLR: 1e-6)", isType: true
        ) { a in
            .native(
                ReduceLROnPlateau(
                    monitor: try a.optional("monitor", a.string) ?? "val_loss", factor: try a.optional("factor", a.double) ?? 0.1,
                    patience: try a.optional("patience", a.int) ?? 10, minDelta: try a.optional("minDelta", a.float) ?? 1e-4,
                    cooldown: try a.optional("cooldown", a.int) ?? 0, minLR: try a.optional("minLR", a.float) ?? 0) as Callback)
        }
        add(
            "training", ["EarlyStopping(monitor: String = \"val_loss\", minDelta: Float = 0, patience: Int = 0)"],
            doc: "Stops training when the monitored figure has not improved for patience epochs.",
            example: "let early = EarlyStopping(monitor: \"val_accuracy\", patience: 20)", isType: true
        ) { a in
            .native(
                EarlyStopping(
                    monitor: try a.optional("monitor", a.string) ?? "val_loss", minDelta: try a.optional("minDelta", a.float) ?? 0,
                    patience: try a.optional("patience", a.int) ?? 0) as Callback)
        }
        add(
            "training",
            [
                "FitOptions(shuffle: Bool = true, seed: UInt64 = 0, stepsPerEpoch: Int? = nil, augmentation: ImageDataGenerator? = nil, checkpointPath: String? = nil, reporter: TrainingReporter? = ConsoleReporter())"
            ],
            doc:
                "How fit trains beyond the model and data: shuffling, the seed of shuffling and augmentation, a cap on batches per epoch (a quick run), Keras's data augmentation, and where to save a checkpoint if training stops early (Ctrl-C, divergence).",
            example: "let options = FitOptions(seed: 1, stepsPerEpoch: 32)", isType: true
        ) { a in
            let seed = UInt64(truncatingIfNeeded: try a.optional("seed", a.int) ?? 0)
            let shuffle = try a.optional("shuffle", a.bool) ?? true, steps = try a.optional("stepsPerEpoch", a.int), path = try a.optional("checkpointPath", a.string)
            // reporter: nil trains silently, as Keras's verbose=0; the lab's own reporter is the default.
            if let r = a["reporter"], !r.isNil { throw LabError("FitOptions(reporter:) takes nil (silent) in the lab; leave it out for the progress bar") }
            let reporter: TrainingReporter? = a["reporter"] == nil ? ConsoleReporter() : nil
            if let generator = try a.optional("augmentation", { try a.native($0, ImageDataGenerator.self) }) {
                return .native(FitOptions(shuffle: shuffle, seed: seed, stepsPerEpoch: steps, augmentation: generator, checkpointPath: path, reporter: reporter))
            }
            return .native(FitOptions(shuffle: shuffle, seed: seed, stepsPerEpoch: steps, checkpointPath: path, reporter: reporter))
        }
        add(
            "training",
            [
                "fit(_ model: Model, x: Tensor, y: Tensor, validationData: (x: Tensor, y: Tensor)? = nil, epochs: Int = 1, batchSize: Int = 32, optimizer: Optimizer, callbacks: [Callback] = [], options: FitOptions = FitOptions())"
            ],
            doc: "Keras's model.fit for a model ending in softmax, with crossentropy; prints a progress bar; Ctrl-C stops at the next batch and keeps what was learnt.",
            example: "let history = try fit(model, x: train.images, y: train.labels, epochs: 2, batchSize: 128, optimizer: Adam())"
        ) { a in
            var validation: (x: Tensor, y: Tensor)?
            if let v = a["validationData"]?.unwrapped, !v.isNil {
                guard case .tuple(let items) = v, items.count == 2 else { throw LabError("validationData expects a tuple (x: images, y: labels)") }
                validation = (try items[0].value.tensor("validationData's x"), try items[1].value.tensor("validationData's y"))
            }
            var callbacks: [Callback] = []
            if case .array(let cs)? = a["callbacks"]?.unwrapped { callbacks = try cs.map { try $0.native(Callback.self, "callbacks") } }
            var options = try a.optional("options") { try a.native($0, FitOptions.self) } ?? FitOptions()
            // Progress goes through the session's output: a live bar on a terminal REPL, plain
            // lines when piped or inside a lesson (where the runner captures them).
            if options.reporter != nil {
                let session = Interpreter.current
                session?.flushOutput()
                let live = isatty(STDOUT_FILENO) != 0 && session?.isTerminal == true
                options.reporter = ConsoleReporter(live: live) { text in
                    if live {
                        FileHandle.standardOutput.write(Data(text.utf8)); session?.record?(text)
                    } else {
                        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() { session?.output(String(line)) ?? print(line) }
                    }
                }
            }
            return .native(
                try fit(
                    a.native("model", Model.self), x: a.tensor("x"), y: a.tensor("y"), validationData: validation,
                    epochs: try a.optional("epochs", a.int) ?? 1, batchSize: try a.optional("batchSize", a.int) ?? 32,
                    optimizer: a.native("optimizer", Optimizer.self), callbacks: callbacks, options: options))
        }
        add(
            "files", ["saveCheckpoint(_ model: Model, path: String)"],
            doc:
                "Saves every weight (and BatchNormalization's moving statistics) to a safetensors file, atomically: an interrupted save never damages the previous file. NumPy and PyTorch read it with the safetensors package.",
            example: "try saveCheckpoint(model, path: \"resnet20.safetensors\")"
        ) { a in
            try saveCheckpoint(a.native("model", Model.self), path: a.string("path"))
            return .void
        }
        add(
            "files", ["loadCheckpoint(path: String, into: Model)"],
            doc: "Restores weights saved by saveCheckpoint into a model of the same architecture; names and shapes are checked and any difference listed.",
            example: "try loadCheckpoint(path: \"resnet20.safetensors\", into: model)"
        ) { a in
            try loadCheckpoint(path: a.string("path"), into: a.native("into", Model.self))
            return .void
        }
        add(
            "training", ["evaluate(_ model: Model, x: Tensor, y: Tensor, batchSize: Int = 128)"],
            doc: "Loss (with the l2 penalty, as Keras reports it) and accuracy in inference mode.", example: "let (loss, acc) = try evaluate(model, x: test.images, y: test.labels)"
        ) { a in
            let r = try evaluate(a.native("model", Model.self), x: a.tensor("x"), y: a.tensor("y"), batchSize: try a.optional("batchSize", a.int) ?? 128)
            return .tuple([("loss", .float(r.loss)), ("accuracy", .float(r.accuracy))])
        }
        add(
            "training", ["predict(_ model: Model, x: Tensor, batchSize: Int = 128)"], doc: "The model's probabilities for each input.",
            example: "let probs = try predict(model, x: images)"
        ) { a in
            .tensor(try predict(a.native("model", Model.self), x: a.tensor("x"), batchSize: try a.optional("batchSize", a.int) ?? 128))
        }
        add(
            "training", ["accuracy(predictions: Tensor, labels: Tensor)"], doc: "Top-1 accuracy: how often the largest output is the labelled class.",
            example: "try accuracy(predictions: probs, labels: labels)"
        ) { a in
            .float(try accuracy(predictions: a.tensor("predictions"), labels: a.tensor("labels")))
        }
        add(
            "training", ["softmaxCrossEntropy(logits: Tensor, labels: Tensor)"], doc: "Crossentropy of softmax(logits) against one-hot labels, and its gradient (p − t)/N.",
            example: "let (loss, dLogits) = try softmaxCrossEntropy(logits: z, labels: oneHot(y, classes: 10))"
        ) { a in
            let (loss, grad) = try softmaxCrossEntropy(logits: a.tensor("logits"), labels: a.tensor("labels"))
            return .tuple([("loss", .float(loss)), ("gradient", .tensor(grad))])
        }
    }
}
