// Picture builtins: images, grids, training curves and gradient bars in the terminal, each
// optionally written to an SVG file. Each is the Swift function of the same name in
// Sources/Lab/API/Pictures+API.swift, bound for the prompt.

import ResNetKit

extension Builtins {
    func registerPictures() {
        add(
            "pictures", ["show(_ image: Tensor, scale: Int = 1, svg: String? = nil)"],
            doc: "Draws an image (H, W), (H, W, C) or (1, H, W, C) with half-block characters; svg: also writes an SVG file.",
            example: "try show(train.images[0])"
        ) { a in
            .native(try show(a.tensor("image"), scale: try a.optional("scale", a.int) ?? 1, svg: try a.optional("svg", a.string)))
        }
        add(
            "pictures", ["showImages(_ images: Tensor, labels: Tensor? = nil, classNames: [String] = [], columns: Int = 5, svg: String? = nil)"],
            doc: "A grid of images (N, H, W, C), captioned with their class names.",
            example: "try showImages(train.images[0..<10], labels: train.labels[0..<10], classNames: train.classNames)"
        ) { a in
            .native(
                try showImages(
                    a.tensor("images"), labels: try a.optional("labels", a.tensor), classNames: try a.strings("classNames", []),
                    columns: try a.optional("columns", a.int) ?? 5, svg: try a.optional("svg", a.string)))
        }
        add(
            "pictures", ["plot(_ history: History, figures: [String] = [\"loss\", \"val_loss\"], logY: Bool = false, svg: String? = nil)"],
            doc: "Training curves from fit's history: loss, accuracy, val_loss, val_accuracy, learning_rate.",
            example: "try plot(history, figures: [\"accuracy\", \"val_accuracy\"])"
        ) { a in
            .native(
                try plot(
                    a.native("history", History.self), figures: try a.strings("figures", ["loss", "val_loss"]),
                    logY: try a.optional("logY", a.bool) ?? false, svg: try a.optional("svg", a.string)))
        }
        add(
            "pictures", ["plotSeries(_ values: [Float], name: String = \"value\", logY: Bool = false, svg: String? = nil)"],
            doc: "A line plot of one list of numbers.", example: "try plotSeries([0.9, 0.5, 0.3, 0.2], name: \"loss\")"
        ) { a in
            guard case .array(let items)? = a["values"]?.unwrapped else { throw LabError("plotSeries expects a list of numbers") }
            return .native(
                try plotSeries(
                    try items.map { try $0.float("plotSeries") }, name: try a.optional("name", a.string) ?? "value",
                    logY: try a.optional("logY", a.bool) ?? false, svg: try a.optional("svg", a.string)))
        }
        add(
            "pictures", ["gradientBars(_ model: Model, svg: String? = nil)"],
            doc: "Each layer's gradient norm after a backward pass, on a log scale, input first: vanishing gradients at a glance.",
            example: "try gradientBars(plain)"
        ) { a in
            .native(try gradientBars(a.native("model", Model.self), svg: try a.optional("svg", a.string)))
        }
    }
}
