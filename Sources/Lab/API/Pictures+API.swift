// The lab's picture helpers as Swift functions: what a lesson cell calls at the prompt is
// what a Swift program calls (`import Lab`), with the same labels and defaults.

import ResNetKit

/// Writes `picture` to an SVG file when asked, and returns it.
private func saved(_ picture: Picture, _ svg: String?) throws -> Picture {
    if let svg { try picture.write(svgTo: svg) }
    return picture
}

/// Draws an image (H, W), (H, W, C) or (1, H, W, C) with half-block characters; `svg:` also
/// writes an SVG file.
///
/// ```swift
/// let picture = try show(Tensor.zeros([28, 28, 1]))
/// print(picture.rendered())
/// ```
public func show(_ image: Tensor, scale: Int = 1, svg: String? = nil) throws -> Picture {
    try saved(try ImagePicture(image, scale: scale), svg)
}

/// A grid of images (N, H, W, C), captioned with their class names.
///
/// ```swift
/// let grid = try showImages(Tensor.zeros([4, 8, 8, 1]), labels: Tensor([0, 1, 0, 1]), classNames: ["a", "b"])
/// ```
public func showImages(_ images: Tensor, labels: Tensor? = nil, classNames: [String] = [], columns: Int = 5, svg: String? = nil) throws -> Picture {
    let captions = labels.map { $0.scalars.map { i in Int(i) < classNames.count && i >= 0 ? classNames[Int(i)] : String(Int(i)) } } ?? []
    return try saved(try PictureGrid(ImagePicture.batch(images), captions: captions, columns: columns), svg)
}

/// Training curves from `fit`'s history: loss, accuracy, val_loss, val_accuracy, learning_rate.
///
/// ```swift
/// // let curves = try plot(history, figures: ["accuracy", "val_accuracy"])
/// ```
public func plot(_ history: History, figures: [String] = ["loss", "val_loss"], logY: Bool = false, svg: String? = nil) throws -> Picture {
    let shown = figures.filter { history.figures[$0] != nil || !$0.hasPrefix("val_") }
    return try saved(try LinePlot(history: history, figures: shown, logY: logY), svg)
}

/// A line plot of one list of numbers.
///
/// ```swift
/// let curve = try plotSeries([0.9, 0.5, 0.3, 0.2], name: "loss")
/// ```
public func plotSeries(_ values: [Float], name: String = "value", logY: Bool = false, svg: String? = nil) throws -> Picture {
    try saved(try LinePlot([.init(name, values)], logY: logY), svg)
}

/// Each layer's gradient norm after a backward pass, on a log scale, input first: vanishing
/// gradients at a glance.
///
/// ```swift
/// // _ = try backpropagate(model, x: x, labels: labels); let bars = try gradientBars(model)
/// ```
public func gradientBars(_ model: Model, svg: String? = nil) throws -> Picture {
    let rows = model.gradientRows(kernelsOnly: true)
    guard rows.contains(where: { $0.gradientNorm > 0 }) else {
        throw ResNetError(.invalidState, "\(model.name) has no gradients yet: run a forward and backward pass first")
    }
    return try saved(try BarChart(gradients: rows), svg)
}

/// One figure (loss, accuracy, …) of several training runs on one plot, one line per run:
/// models compared as in the paper's Figure 1.
///
/// ```swift
/// // let figure1 = try plotHistories([h20, h56], names: ["plain-20", "plain-56"])
/// ```
public func plotHistories(_ histories: [History], names: [String], figure: String = "loss", logY: Bool = false, svg: String? = nil) throws -> Picture {
    guard !histories.isEmpty, histories.count == names.count else {
        throw ResNetError(.invalidArgument, "plotHistories: \(histories.count) histories but \(names.count) names; give one name per history")
    }
    let series = try zip(histories, names).map { h, n -> LinePlot.Series in
        guard let values = h.figures[figure] else {
            throw ResNetError(.invalidArgument, "plotHistories: the history of '\(n)' has no figure '\(figure)'; it has \(h.figures.keys.sorted().joined(separator: ", "))")
        }
        return LinePlot.Series(n, values)
    }
    return try saved(try LinePlot(series, xLabel: "epoch", yLabel: figure, logY: logY), svg)
}
