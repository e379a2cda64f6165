// FitOptions with Keras's data augmentation given as the generator itself, as seed 003
// passes `datagen.flow(...)` to `model.fit` — the form lessons and the lab use.

extension FitOptions {
    /// Options whose training batches are augmented by `augmentation`, from the fit's own
    /// seeded random stream.
    ///
    /// ```swift
    /// let options = FitOptions(seed: 1, augmentation: try ImageDataGenerator(widthShiftRange: 0.1, heightShiftRange: 0.1, horizontalFlip: true))
    /// ```
    public init(
        shuffle: Bool = true, seed: UInt64 = 0, stepsPerEpoch: Int? = nil, augmentation: ImageDataGenerator,
        checkpointPath: String? = nil, reporter: TrainingReporter? = ConsoleReporter()
    ) {
        self.init(
            shuffle: shuffle, seed: seed, stepsPerEpoch: stepsPerEpoch,
            augment: { batch, rng in try augmentation.augment(&batch, using: &rng) },
            checkpointPath: checkpointPath, reporter: reporter)
    }
}
