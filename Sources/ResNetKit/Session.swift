// A session's state: the stream of seeds for initialisers given none, and the counters
// behind Keras-style default layer names (conv2d, conv2d_1, …). Keras keeps the same state per
// thread (`threading.local`); here it belongs to a `Session`, bound to the running code with
// a task-local value, so two lessons (or two tests) running at once never disturb each other.
// Code that binds none uses the process's default session.

import Synchronization

/// Seeds and layer names for the code running in it.
///
/// ```swift
/// let model = try Session(seed: 42).run { try ResNetV1(depth: 20) }   // the same weights every time
/// ```
public final class Session: Sendable {
    private let seeds: Mutex<SeededGenerator>
    private let names = Mutex([String: Int]())

    /// A session whose seed stream starts from `seed` and whose layer names start afresh.
    public init(seed: UInt64 = 0) {
        seeds = Mutex(SeededGenerator(seed: seed))
    }

    /// The session of the running code (the process's default unless one is bound).
    @TaskLocal public static var current = Session()

    /// Runs `body` with this session as `Session.current`.
    public func run<T>(_ body: () throws -> T) rethrows -> T {
        try Session.$current.withValue(self, operation: body)
    }

    /// The next seed of the stream.
    public func nextSeed() -> UInt64 { seeds.withLock { $0.next() } }

    /// Restarts the stream from `seed` (Keras's `keras.utils.set_random_seed`).
    public func resetSeeds(to seed: UInt64) { seeds.withLock { $0 = SeededGenerator(seed: seed) } }

    /// The next free name for `base`: `base`, then `base_1`, `base_2`, …
    public func uniqueName(_ base: String) -> String {
        names.withLock { c in
            let n = c[base, default: 0]
            c[base] = n + 1
            return n == 0 ? base : "\(base)_\(n)"
        }
    }

    /// Forgets every name handed out (Keras's `clear_session`).
    public func resetNames() { names.withLock { $0 = [:] } }
}
