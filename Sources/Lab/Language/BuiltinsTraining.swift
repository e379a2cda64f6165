// Training builtins: optimizers, schedules, callbacks, fit / evaluate / predict.

import Foundation
import ResNetKit

extension Builtins {
    func registerTraining() {
        add("training", ["SGD(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false)"],
            doc: "Stochastic gradient descent with optional (Nesterov) momentum — seed 004 uses SGD(learningRate: 0.1, momentum: 0.9, nesterov: true).",
            example: "let opt = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)", isType: true) { a in
            .native(SGD(learningRate: try a.optional("learningRate", a.float) ?? 0.01, momentum: try a.optional("momentum", a.float) ?? 0,
                        nesterov: try a.optional("nesterov", a.bool) ?? false) as Optimizer)
        }
        add("training", ["Adam(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7)"],
            doc: "Adam with Keras's defaults — seed 003's optimizer.", example: "let opt = Adam(learningRate: 1e-3)", isType: true) { a in
            .native(Adam(learningRate: try a.optional("learningRate", a.float) ?? 1e-3, beta1: try a.optional("beta1", a.double) ?? 0.9,
                         beta2: try a.optional("beta2", a.double) ?? 0.999, epsilon: try a.optional("epsilon", a.float) ?? 1e-7) as Optimizer)
        }
        add("training", ["lrSchedule(epoch: Int)"], doc: "Seed 003's learning-rate schedule: 1e-3, lowered after epochs 80, 120, 160, 180.",
            example: "lrSchedule(epoch: 100)") { a in .float(lrSchedule(epoch: try a.int("epoch"))) }
        add("training", ["LearningRateScheduler(_ schedule: (Int, Float) -> Float)"],
            doc: "Sets the learning rate at the start of each epoch from a closure of (epoch, lr).",
            example: "let scheduler = LearningRateScheduler { epoch, lr in lrSchedule(epoch: epoch) }", isType: true) { a in
            guard case .function(let f) = a["schedule"]! else { throw LabError("LearningRateScheduler expects a closure { epoch, lr in … }") }
            return .native(LearningRateScheduler { epoch, lr in
                (try? f.body([ArgumentValue(label: nil, value: .int(epoch), position: nil), ArgumentValue(label: nil, value: .float(lr), position: nil)]).float("the schedule")) ?? .nan
            } as Callback)
        }
        add("training", ["ReduceLROnPlateau(monitor: String = \"val_loss\", factor: Float = 0.1, patience: Int = 10, minDelta: Float = 1e-4, cooldown: Int = 0, minLR: Float = 0)"],
            doc: "Multiplies the learning rate by factor when the monitored figure has not improved for patience epochs.",
            example: "let reduce = ReduceLROnPlateau(monitor: \"loss\", factor: 0.316, patience: 5, minDelta: 0.01, minLR: 1e-6)", isType: true) { a in
            .native(ReduceLROnPlateau(monitor: try a.optional("monitor", a.string) ?? "val_loss", factor: try a.optional("factor", a.double) ?? 0.1,
                                      patience: try a.optional("patience", a.int) ?? 10, minDelta: try a.optional("minDelta", a.float) ?? 1e-4,
                                      cooldown: try a.optional("cooldown", a.int) ?? 0, minLR: try a.optional("minLR", a.float) ?? 0) as Callback)
        }
        add("training", ["EarlyStopping(monitor: String = \"val_loss\", minDelta: Float = 0, patience: Int = 0)"],
            doc: "Stops training when the monitored figure has not improved for patience epochs.",
            example: "let early = EarlyStopping(monitor: \"val_accuracy\", patience: 20)", isType: true) { a in
            .native(EarlyStopping(monitor: try a.optional("monitor", a.string) ?? "val_loss", minDelta: try a.optional("minDelta", a.float) ?? 0,
                                  patience: try a.optional("patience", a.int) ?? 0) as Callback)
        }
        add("training", ["fit(_ model: Model, x: Tensor, y: Tensor, validationData: [Tensor]? = nil, epochs: Int = 1, batchSize: Int = 32, optimizer: Optimizer, callbacks: [Callback] = [], augment: ImageDataGenerator? = nil, stepsPerEpoch: Int? = nil, seed: Int = 0, checkpoint: String? = nil)"],
            doc: "Trains a model ending in softmax with crossentropy; prints a progress bar; Ctrl-C stops at the next batch and keeps what was learnt.",
            example: "let history = fit(model, x: train.images, y: train.labels, epochs: 2, batchSize: 128, optimizer: Adam())") { a in
            var validation: (x: Tensor, y: Tensor)?
            if case .array(let v)? = a["validationData"] {
                guard v.count == 2 else { throw LabError("validationData expects [x, y]") }
                validation = (try v[0].tensor("validationData"), try v[1].tensor("validationData"))
            }
            var callbacks: [Callback] = []
            if case .array(let cs)? = a["callbacks"] { callbacks = try cs.map { try $0.native(Callback.self, "callbacks") } }
            // Progress goes through the session's output: a live bar on a terminal REPL, plain
            // lines when piped or inside a lesson (where the runner captures them).
            let session = Interpreter.current
            session?.flushOutput()
            let live = isatty(STDOUT_FILENO) != 0 && session?.isTerminal == true
            let reporter = ConsoleReporter(live: live) { text in
                if live { FileHandle.standardOutput.write(Data(text.utf8)) }
                else { for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() { session?.output(String(line)) ?? print(line) } }
            }
            var options = FitOptions(seed: UInt64(truncatingIfNeeded: try a.optional("seed", a.int) ?? 0), stepsPerEpoch: try a.optional("stepsPerEpoch", a.int),
                                     checkpointPath: try a.optional("checkpoint", a.string), reporter: reporter)
            if let generator = try a.optional("augment", { try a.native($0, ImageDataGenerator.self) }) {
                options.augment = { batch, rng in try generator.augment(&batch, using: &rng) }
            }
            return .native(try fit(a.native("model", Model.self), x: a.tensor("x"), y: a.tensor("y"), validationData: validation,
                                   epochs: try a.optional("epochs", a.int) ?? 1, batchSize: try a.optional("batchSize", a.int) ?? 32,
                                   optimizer: a.native("optimizer", Optimizer.self), callbacks: callbacks, options: options))
        }
        add("files", ["saveCheckpoint(_ model: Model, path: String)"],
            doc: "Saves every weight (and BatchNormalization's moving statistics) to a safetensors file, atomically: an interrupted save never damages the previous file. NumPy and PyTorch read it with the safetensors package.",
            example: "saveCheckpoint(model, path: \"resnet20.safetensors\")") { a in
            try Checkpoint.save(a.native("model", Model.self), to: a.string("path"))
            return .void
        }
        add("files", ["loadCheckpoint(path: String, into: Model)"],
            doc: "Restores weights saved by saveCheckpoint into a model of the same architecture; names and shapes are checked and any difference listed.",
            example: "loadCheckpoint(path: \"resnet20.safetensors\", into: model)") { a in
            try Checkpoint.read(a.string("path")).restore(into: a.native("into", Model.self))
            return .void
        }
        add("training", ["evaluate(_ model: Model, x: Tensor, y: Tensor, batchSize: Int = 128)"],
            doc: "Loss (with the l2 penalty, as Keras reports it) and accuracy in inference mode.", example: "let (loss, acc) = evaluate(model, x: test.images, y: test.labels)") { a in
            let r = try evaluate(a.native("model", Model.self), x: a.tensor("x"), y: a.tensor("y"), batchSize: try a.optional("batchSize", a.int) ?? 128)
            return .tuple([("loss", .float(r.loss)), ("accuracy", .float(r.accuracy))])
        }
        add("training", ["predict(_ model: Model, x: Tensor, batchSize: Int = 128)"], doc: "The model's probabilities for each input.",
            example: "let probs = predict(model, x: images)") { a in
            .tensor(try predict(a.native("model", Model.self), x: a.tensor("x"), batchSize: try a.optional("batchSize", a.int) ?? 128))
        }
        add("training", ["accuracy(predictions: Tensor, labels: Tensor)"], doc: "Top-1 accuracy: how often the largest output is the labelled class.",
            example: "accuracy(predictions: probs, labels: labels)") { a in
            .float(try accuracy(predictions: a.tensor("predictions"), labels: a.tensor("labels")))
        }
        add("training", ["softmaxCrossEntropy(logits: Tensor, labels: Tensor)"], doc: "Crossentropy of softmax(logits) against one-hot labels, and its gradient (p − t)/N.",
            example: "let (loss, dLogits) = softmaxCrossEntropy(logits: z, labels: oneHot(y, classes: 10))") { a in
            let (loss, grad) = try softmaxCrossEntropy(logits: a.tensor("logits"), labels: a.tensor("labels"))
            return .tuple([("loss", .float(loss)), ("gradient", .tensor(grad))])
        }
    }
}
