// The exercises as the lab presents them: number, lesson, title, file and hints. The checks
// themselves live in Tests/ExerciseTests (one suite per exercise, named after its file), the
// stubs in Sources/Exercises, their pristine copies in Stubs/ next to this file.

import Foundation

/// One exercise of the course.
///
/// ```swift
/// let e = try ExerciseCatalog.find("5")[0]
/// e.path      // "Sources/Exercises/Exercise05_IdentityBlock.swift"
/// e.hints[0]  // the first hint
/// ```
public struct ExerciseInfo: Sendable, Equatable {
    /// What `resnet-lab check` takes: "5", "8a".
    public let id: String
    /// The lesson it ends.
    public let lesson: Int
    public let title: String
    /// The function to write, with its argument labels.
    public let function: String
    /// The file name in Sources/Exercises.
    public let file: String
    /// From a nudge to nearly the answer.
    public let hints: [String]

    /// Sources/Exercises/<file>, relative to the repository root.
    public var path: String { "Sources/Exercises/" + file }
    /// The test suite that checks it (Tests/ExerciseTests): the file name without ".swift".
    public var suite: String { String(file.dropLast(".swift".count)) }
    /// The reference solution, relative to the repository root.
    public var referencePath: String {
        "Tests/ExerciseTests/ReferenceSolutions/Reference" + suite.dropFirst("Exercise".count) + ".swift"
    }
}

/// The course's exercises, in lesson order.
///
/// ```swift
/// ExerciseCatalog.all.count                    // 13
/// ExerciseCatalog.exercises(lesson: 8).map(\.id)   // ["8a", "8b"]
/// ```
public enum ExerciseCatalog {
    public static let all: [ExerciseInfo] = [
        ExerciseInfo(id: "2a", lesson: 2, title: "the convolution output-size formula",
                     function: "convOutputSize(inputSize:kernelSize:stride:padding:)", file: "Exercise02a_OutputSize.swift", hints: [
            "Work one axis at a time. For valid padding, the windows start at 0, s, 2s, … and must end at or before row n − 1: how many starts fit?",
            "For same padding the output is ⌈n / s⌉, which in integers is (n + s − 1) / s. The last window starts at (output − 1)·s and needs k rows.",
            "Total padding = max((output − 1)·s + k − n, 0). TensorFlow puts ⌊total / 2⌋ before and the rest after: 8 rows, k = 3, s = 2 gives (4, 0, 1).",
        ]),
        ExerciseInfo(id: "2b", lesson: 2, title: "a naive Conv2D forward pass",
                     function: "naiveConv2D(_:kernel:bias:strides:padding:)", file: "Exercise02b_NaiveConv2D.swift", hints: [
            "Seven nested loops: image n, output row i, output column j, filter f; then kernel row a, kernel column b, input channel c.",
            "Don't build a padded copy: compute row = i·s + a − padTop and skip it (it is a zero) when it falls outside 0..<H. Same for columns.",
            "NHWC offsets: x[((n·H + row)·W + col)·C + c] and kernel[((a·KW + b)·C + c)·F + f]. Start each sum at bias[f]; don't flip the kernel.",
        ]),
        ExerciseInfo(id: "3", lesson: 3, title: "BatchNormalization forward in training mode",
                     function: "batchNormForwardTraining(_:gamma:beta:movingMean:movingVariance:momentum:epsilon:)", file: "Exercise03_BatchNormTraining.swift", hints: [
            "Reshape x to (m, C) with x.reshaped([-1, C]): every row is one position, every column one channel. Then mean(axis: 0) is the per-channel mean.",
            "var = ((rows − mean)²).mean(axis: 0) — divide by m, not m − 1. Broadcasting lets a (C) vector meet an (m, C) matrix.",
            "y = (rows − mean) / (var + epsilon).sqrt() * gamma + beta, reshaped back to x.shape. The moving statistics are only updated: moving·momentum + batch·(1 − momentum).",
        ]),
        ExerciseInfo(id: "4", lesson: 4, title: "a Dense layer's backward pass",
                     function: "denseBackward(x:kernel:dy:)", file: "Exercise04_DenseBackward.swift", hints: [
            "Write y[n, u] = Σ_d x[n, d]·kernel[d, u] + bias[u] and differentiate one entry at a time; then find the matrix product that does all of them.",
            "Each gradient has the shape of its variable: dx (N, D), dKernel (D, U), dBias (U). The shapes alone tell you where the transposes go.",
            "dx = dy · kernelᵀ, dKernel = xᵀ · dy, dBias = Σ over the batch of dy: matmul(_:_:transposeA:transposeB:) and sum(axis: 0).",
        ]),
        ExerciseInfo(id: "5", lesson: 5, title: "the identity block",
                     function: "makeIdentityBlock(kernelSize:filters:stage:block:)", file: "Exercise05_IdentityBlock.swift", hints: [
            "ResidualBlock(main: [...], shortcut: [], post: Activation(.relu)) adds the main path to x itself when the shortcut is empty.",
            "The main path is eight layers: Conv2D, BatchNormalization, Activation(.relu), Conv2D, BN, ReLU, Conv2D, BN — no ReLU before the addition.",
            "Names: let conv = \"res\\(stage)\\(block)_branch\", bn = \"bn\\(stage)\\(block)_branch\"; then Conv2D(…, name: conv + \"2a\") and BatchNormalization(name: bn + \"2a\").",
        ]),
        ExerciseInfo(id: "6", lesson: 6, title: "the convolutional block",
                     function: "makeConvolutionalBlock(kernelSize:filters:stage:block:strides:)", file: "Exercise06_ConvolutionalBlock.swift", hints: [
            "Start from your identity block: the main path is the same except for the stride of its first 1×1 convolution.",
            "The shortcut changes shape exactly as the main path does: a 1×1 Conv2D with F3 filters and the same stride, then BatchNormalization.",
            "Shortcut names: conv + \"1\" and bn + \"1\" (res3a_branch1, bn3a_branch1). Conv2D(filters:kernelSize:strides:padding:name:) takes strides: Size2(s, s).",
        ]),
        ExerciseInfo(id: "7", lesson: 7, title: "the gradient-norm ratio, first to last layer",
                     function: "gradientNormRatio(model:images:labels:)", file: "Exercise07_GradientNormRatio.swift", hints: [
            "The number of classes is the model's output width: try model.outputShape(for: [1] + model.inputShape).last.",
            "logits = model.forwardLogits(images, training: true); softmaxCrossEntropy(logits:labels: oneHot(labels, classes:)) gives the loss and dL/dlogits.",
            "model.zeroGradients(), then model.backward(logitsGradient:); model.gradientRows(kernelsOnly: true) lists kernels from first to last with their gradientNorm.",
        ]),
        ExerciseInfo(id: "8a", lesson: 8, title: "seed 004's residual unit",
                     function: "makeResidualUnit(filters:stride:)", file: "Exercise08a_ResidualUnit.swift", hints: [
            "Two 3×3 convolutions with padding .same, useBias: false and kernelRegularizer: .l2(1e-4); only the first has the stride.",
            "The shortcut is empty for stride 1. For stride 2 it is AveragePooling2D(poolSize: 2), a 1×1 Conv2D (stride 1), then BatchNormalization.",
            "ResidualBlock(main: [conv_a, bn_a, relu, conv_b, bn_b], shortcut: [...], post: Activation(.relu)), with name: \"conv_a\", \"bn_a\", … on the layers.",
        ]),
        ExerciseInfo(id: "8b", lesson: 8, title: "a ResNet v1 of any depth",
                     function: "makeResNetV1(depth:inputShape:classes:)", file: "Exercise08b_ResNetV1.swift", hints: [
            "n = (depth − 2) / 6 units per stack; throw an error unless depth − 2 is a multiple of 6. resnetLayer(numFilters:) returns an array of layers.",
            "Loop stack in 0..<3 and unit in 0..<n; strides = 2 when stack > 0 && unit == 0. Main path: resnetLayer(numFilters: f, strides: s) + resnetLayer(numFilters: f, activation: nil).",
            "The projection is resnetLayer(numFilters: f, kernelSize: 1, strides: 2, activation: nil, batchNormalization: false). End with AveragePooling2D(poolSize: 8), Flatten(), Dense(units: classes, activation: .softmax).",
        ]),
        ExerciseInfo(id: "9a", lesson: 9, title: "seed 003's learning-rate schedule",
                     function: "learningRate(epoch:)", file: "Exercise09a_LRSchedule.swift", hints: [
            "An if / else if chain from the largest threshold down, exactly as the seed writes it.",
            "`epoch > 80` is strict: epoch 80 still trains at 1e-3, epoch 81 at 1e-4.",
            "Multiply a Double (var lr = 1e-3; lr *= 0.5e-3 …) and return Float(lr) once, as Python does before Keras stores a float32.",
        ]),
        ExerciseInfo(id: "9b", lesson: 9, title: "top-1 accuracy",
                     function: "top1Accuracy(predictions:labels:)", file: "Exercise09b_Accuracy.swift", hints: [
            "predictions.argmax(axis: -1) gives one predicted class per row, as Floats, and takes the first of equal maxima.",
            "Compare with labels.scalars element by element (zip) and count the matches.",
            "Return Float(correct) / Float(N) — divide by the number of rows, not of classes.",
        ]),
        ExerciseInfo(id: "10a", lesson: 10, title: "the plain twin of a ResNet",
                     function: "makePlainNet(depth:inputShape:classes:)", file: "Exercise10a_PlainNet.swift", hints: [
            "Copy your exercise 8b and remove what the addition needed: the ResidualBlock and the 1×1 projections.",
            "Each unit becomes resnetLayer(f, strides) + resnetLayer(f, activation: nil) + [Activation(.relu)], appended straight to the model's layers.",
            "Same stem, same strides (2 only in the first unit of stacks 2 and 3), same AveragePooling2D(8) → Flatten → Dense(softmax) head.",
        ]),
        ExerciseInfo(id: "10b", lesson: 10, title: "the paper's option A shortcut",
                     function: "zeroPaddingShortcut(_:strides:filters:)", file: "Exercise10b_ZeroPaddingShortcut.swift", hints: [
            "Output shape: (N, (H + s − 1) / s, (W + s − 1) / s, filters), all zeros to start with.",
            "Output pixel (i, j) is input pixel (i·s, j·s): rows 0, s, 2s, …",
            "The input's C channels land at channels before ..< before + C of the output, before = (filters − C) / 2.",
        ]),
    ]

    /// The exercises of a lesson (the REPL's `:check`), in order.
    public static func exercises(lesson: Int) -> [ExerciseInfo] { all.filter { $0.lesson == lesson } }

    /// "5" or "8a" or "08b"; a lesson number with several exercises ("2") gives them all;
    /// a file name or part of a title works too.
    public static func find(_ key: String) throws -> [ExerciseInfo] {
        let k = key.lowercased().trimmingCharacters(in: .whitespaces)
        let normalised = k.drop { $0 == "0" }.isEmpty ? k : String(k.drop { $0 == "0" })
        if let e = all.first(where: { $0.id == normalised }) { return [e] }
        if let lesson = Int(normalised), !exercises(lesson: lesson).isEmpty { return exercises(lesson: lesson) }
        let matches = all.filter { $0.file.lowercased().contains(k) || $0.title.lowercased().contains(k) }
        if !matches.isEmpty, !k.isEmpty { return matches }
        throw LabError("no exercise '\(key)'; the exercises are " + all.map(\.id).joined(separator: ", ") + " (resnet-lab exercises lists them)")
    }

    /// Exactly one exercise for `key`, or an error naming the choices.
    public static func one(_ key: String) throws -> ExerciseInfo {
        let found = try find(key)
        guard found.count == 1 else {
            throw LabError("'\(key)' matches exercises " + found.map(\.id).joined(separator: " and ") + ": say which")
        }
        return found[0]
    }
}
