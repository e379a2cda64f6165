// The order in which `fit` visits the training images, for a training loop written by hand:
// one SeededGenerator per run, one shuffle of 0..<n per epoch — so a hand loop with the same
// seed sees exactly fit's batches (lesson 9 shows the two end with the same weights).

/// Fit's batch order, epoch after epoch.
///
/// ```swift
/// let shuffler = EpochShuffler(count: 3000, seed: 1)
/// let order = shuffler.nextEpoch()            // a permutation of 0..<3000
/// let rows = Array(order[0..<32])             // the first batch
/// ```
public final class EpochShuffler {
    public let count: Int
    public let shuffle: Bool
    private var generator: SeededGenerator

    /// Shuffles `0..<count` anew each epoch from `seed` (as `FitOptions(seed:)`), or keeps
    /// the order when `shuffle` is false.
    public init(count: Int, seed: UInt64 = 0, shuffle: Bool = true) {
        self.count = Swift.max(0, count)
        self.shuffle = shuffle
        generator = SeededGenerator(seed: seed)
    }

    /// The next epoch's order: a permutation of `0..<count`.
    public func nextEpoch() -> [Int] {
        var order = Array(0..<count)
        if shuffle { order.shuffle(using: &generator) }
        return order
    }
}

extension Tensor {
    /// The rows `indices` along the first axis, as one batch: `x.rows([4, 0, 7])`.
    ///
    /// ```swift
    /// let batch = try Tensor.arange(12, shape: [6, 2]).rows([5, 0])   // [[10, 11], [0, 1]]
    /// ```
    public func rows(_ indices: [Int]) throws -> Tensor {
        guard rank >= 1 else { throw ResNetError(.invalidArgument, "rows(_:) needs a tensor with a first axis, received a scalar") }
        if let bad = indices.first(where: { $0 < 0 || $0 >= shape[0] }) {
            throw ResNetError(.invalidArgument, "rows(_:): index \(bad) is out of range for \(shape[0]) rows")
        }
        return try gatherRows(self, indices)
    }
}
