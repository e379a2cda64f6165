// Picture builtins: images, grids, training curves and gradient bars in the terminal,
// each optionally written to an SVG file.

import ResNetKit

extension Builtins {
    func registerPictures() {
        func saved(_ p: Picture, _ a: Args) throws -> Value {
            if let path = try a.optional("svg", a.string) { try p.write(svgTo: path) }
            return .native(p)
        }
        add("pictures", ["show(_ image: Tensor, scale: Int = 1, svg: String? = nil)"],
            doc: "Draws an image (H, W), (H, W, C) or (1, H, W, C) with half-block characters; svg: also writes an SVG file.",
            example: "show(train.images[0])") { a in
            try saved(try ImagePicture(a.tensor("image"), scale: try a.optional("scale", a.int) ?? 1), a)
        }
        add("pictures", ["showImages(_ images: Tensor, labels: Tensor? = nil, classNames: [String] = [], columns: Int = 5, svg: String? = nil)"],
            doc: "A grid of images (N, H, W, C), captioned with their class names.",
            example: "showImages(train.images[0..<10], labels: train.labels[0..<10], classNames: train.classNames)") { a in
            let images = try a.tensor("images")
            var captions: [String] = []
            if let labels = try a.optional("labels", a.tensor) {
                var names: [String] = []
                if case .array(let items)? = a["classNames"] { names = try items.map { try $0.string("classNames") } }
                captions = labels.scalars.map { i in Int(i) < names.count && i >= 0 ? names[Int(i)] : String(Int(i)) }
            }
            return try saved(try PictureGrid(ImagePicture.batch(images), captions: captions, columns: try a.optional("columns", a.int) ?? 5), a)
        }
        add("pictures", ["plot(_ history: History, figures: [String] = [\"loss\", \"val_loss\"], logY: Bool = false, svg: String? = nil)"],
            doc: "Training curves from fit's history: loss, accuracy, val_loss, val_accuracy, learning_rate.",
            example: "plot(history, figures: [\"accuracy\", \"val_accuracy\"])") { a in
            var figures = ["loss", "val_loss"]
            if case .array(let items)? = a["figures"] { figures = try items.map { try $0.string("figures") } }
            let h = try a.native("history", History.self)
            return try saved(try LinePlot(history: h, figures: figures.filter { h.figures[$0] != nil || !$0.hasPrefix("val_") }, logY: try a.optional("logY", a.bool) ?? false), a)
        }
        add("pictures", ["plotSeries(_ values: [Float], name: String = \"value\", logY: Bool = false, svg: String? = nil)"],
            doc: "A line plot of one list of numbers.", example: "plotSeries([0.9, 0.5, 0.3, 0.2], name: \"loss\")") { a in
            guard case .array(let items)? = a["values"] else { throw LabError("plotSeries expects a list of numbers") }
            let values = try items.map { try $0.double("plotSeries") }
            return try saved(try LinePlot([.init(try a.optional("name", a.string) ?? "value", values)], logY: try a.optional("logY", a.bool) ?? false), a)
        }
        add("pictures", ["gradientBars(_ model: Model, svg: String? = nil)"],
            doc: "Each layer's gradient norm after a backward pass, on a log scale, input first: vanishing gradients at a glance.",
            example: "gradientBars(plain)") { a in
            let m = try a.native("model", Model.self)
            let rows = m.gradientRows(kernelsOnly: true)
            guard rows.contains(where: { $0.gradientNorm > 0 }) else { throw LabError("\(m.name) has no gradients yet: run a forward and backward pass first") }
            return try saved(try BarChart(gradients: rows), a)
        }
    }
}
