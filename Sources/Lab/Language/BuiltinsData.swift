// Data builtins: Fashion-MNIST (the committed subset and Debian's full set), CIFAR-10,
// the seeds' normalisation and augmentation.

import ResNetKit

extension Builtins {
    func registerData() {
        addType("FashionMNIST")
        addType("CIFAR10")
        addType("Normalizer")
        func split(_ a: Args) throws -> FashionMNIST.Split { try a.choice("split", FashionMNIST.Split.self) }
        add(
            "data", ["FashionMNIST.loadSubset(split: Split)"],
            doc: "The committed stratified subset: 3000 training images (300 per class), 1000 test images. Pixels 0…255, shape (N, 28, 28, 1).",
            example: "let train = try FashionMNIST.loadSubset(split: .train)"
        ) { a in .native(try FashionMNIST.loadSubset(split: split(a))) }
        add(
            "data", ["FashionMNIST.load(split: Split, directory: String? = nil)"],
            doc: "The full set (60000 / 10000) from Debian's dataset-fashion-mnist, $RESNETLAB_DATA or a folder you name.",
            example: "let train = try FashionMNIST.load(split: .train)"
        ) { a in
            .native(try FashionMNIST.load(split: split(a), directory: try a.optional("directory", a.string)))
        }
        add(
            "data", ["CIFAR10.load(directory: String, split: Split)"],
            doc: "CIFAR-10's binary version (data_batch_1.bin … test_batch.bin) from a folder you have.",
            example: "let train = try CIFAR10.load(directory: \"cifar-10-batches-bin\", split: .train)"
        ) { a in
            .native(try CIFAR10.load(directory: a.string("directory"), split: a.choice("split", CIFAR10.Split.self)))
        }
        add(
            "data", ["Normalizer.subtractPixelMean(fitOn: Tensor)"], doc: "Seed 003: x/255 minus the training set's per-pixel mean.",
            example: "let normalize = try Normalizer.subtractPixelMean(fitOn: train.images)"
        ) { a in
            .native(try Normalizer.subtractPixelMean(fitOn: a.tensor("fitOn")))
        }
        add(
            "data", ["Normalizer.standardize(fitOn: Tensor)"], doc: "Seed 004: (x − mean)/std per pixel.",
            example: "let normalize = try Normalizer.standardize(fitOn: train.images)"
        ) { a in
            .native(try Normalizer.standardize(fitOn: a.tensor("fitOn")))
        }
        add(
            "data", ["ImageDataGenerator(widthShiftRange: Float = 0, heightShiftRange: Float = 0, horizontalFlip: Bool = false)"],
            doc: "Keras's augmentation as the seeds use it: random shifts (nearest fill) and horizontal flips; pass it to fit as options: FitOptions(augmentation: generator).",
            example: "let augment = try ImageDataGenerator(widthShiftRange: 0.125, heightShiftRange: 0.125, horizontalFlip: true)", isType: true
        ) { a in
            .native(
                try ImageDataGenerator(
                    widthShiftRange: try a.optional("widthShiftRange", a.double) ?? 0,
                    heightShiftRange: try a.optional("heightShiftRange", a.double) ?? 0,
                    horizontalFlip: try a.optional("horizontalFlip", a.bool) ?? false))
        }
    }
}

extension Members {
    static func dataMembers(_ o: Any) -> ([String: () throws -> Value], [Method])? {
        if let d = o as? Dataset {
            return (
                [
                    "images": { .tensor(d.images) }, "labels": { .tensor(d.labels) }, "count": { .int(d.count) },
                    "classes": { .int(d.classes) }, "classNames": { .array(d.classNames.map { .string($0) }) },
                ],
                [
                    ("zeroPadded(_ padding: Int)", { a in .native(try d.zeroPadded(a.int("padding"))) }),
                    (
                        "slice(_ range: Range<Int>)",
                        { a in
                            guard case .range(let lo, let hi)? = a["range"] else { throw LabError("slice expects a range like 0..<100") }
                            return .native(try d.slice(lo..<hi))
                        }
                    ),
                    ("shuffled(seed: Int)", { a in .native(try d.shuffled(seed: UInt64(truncatingIfNeeded: a.int("seed")))) }),
                ]
            )
        }
        if let n = o as? Normalizer {
            return ([:], [("callAsFunction(_ images: Tensor)", { a in .tensor(try n(a.tensor("images"))) })])
        }
        return nil
    }
}
