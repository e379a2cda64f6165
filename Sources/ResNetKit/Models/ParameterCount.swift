// The one number a learner asks of a model first: how many parameters it has.

extension Layer {
    /// Every parameter, trainable or not, as Keras's summary totals it (`Total params`).
    ///
    /// ```swift
    /// try ResNetV1(depth: 20).parameterCount   // 274,442 (Keras: 274,442)
    /// ```
    public var parameterCount: Int { trainableParameterCount + nonTrainableParameterCount }
}
