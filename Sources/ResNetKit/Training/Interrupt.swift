// Ctrl-C during training: the signal handler only raises a flag (an atomic store is
// async-signal-safe); `fit` looks at it between batches, so the model is never left
// half-updated and the history so far is kept.

import Foundation
import Synchronization

/// The Ctrl-C flag that long computations poll.
///
/// ```swift
/// try Interrupt.catchingCtrlC {
///     while !Interrupt.requested { /* one batch */ }
/// }
/// ```
public enum Interrupt {
    static let flag = Atomic<Bool>(false)

    /// True once Ctrl-C was pressed inside `catchingCtrlC`.
    public static var requested: Bool { flag.load(ordering: .relaxed) }

    /// Raises the flag, as Ctrl-C does (for tests and for a REPL that catches SIGINT itself).
    public static func request() { flag.store(true, ordering: .relaxed) }

    /// Lowers the flag.
    public static func clear() { flag.store(false, ordering: .relaxed) }

    /// Makes sure SIGINT reaches this thread: a parent (a test runner, a shell script) may
    /// have blocked it, and a blocked mask is inherited across exec.
    public static func unblockCtrlC() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Runs `body` with SIGINT turned into the flag, then restores the previous handler.
    public static func catchingCtrlC<T>(_ body: () throws -> T) rethrows -> T {
        clear()
        unblockCtrlC()
        var action = sigaction(), previous = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.flag.store(true, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, &previous)
        defer { sigaction(SIGINT, &previous, nil) }
        return try body()
    }
}
