// What `fit` returns: per-epoch figures, and why training stopped.

import Foundation

/// Keras's `History`: the logged figures of each epoch.
///
/// ```swift
/// let history = try fit(model, x: x, y: y, epochs: 3, optimizer: Adam())
/// history.figures["loss"]   // one value per epoch
/// print(history)            // a table
/// ```
public struct History: Sendable, CustomStringConvertible {
    /// Why training ended.
    public enum Stop: Sendable, Equatable {
        case completed
        /// A callback (EarlyStopping) asked to stop.
        case callback
        /// Ctrl-C: stopped at a batch boundary; the last epoch may be partial.
        case interrupted
        /// The loss became NaN or infinite; the message says what probably caused it.
        case diverged(String)
    }

    /// "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds" → per epoch.
    public internal(set) var figures: [String: [Float]] = [:]
    public internal(set) var stop: Stop = .completed
    /// Epochs finished (a partial epoch interrupted by Ctrl-C is not counted).
    public internal(set) var epochs = 0

    mutating func record(_ logs: [String: Float]) {
        for (k, v) in logs { figures[k, default: []].append(v) }
        epochs += 1
    }

    /// The last value of a figure. `history.last("val_accuracy")`
    public func last(_ name: String) -> Float? { figures[name]?.last }

    public var description: String {
        let order = ["loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds"].filter { figures[$0] != nil }
        func cell(_ s: String) -> String { s.padding(toLength: 15, withPad: " ", startingAt: 0) }
        var lines = ["epoch  " + order.map(cell).joined()]
        for e in 0..<epochs {
            lines.append(
                String(format: "%5d  ", e + 1)
                    + order.map { key in
                        let v = figures[key]![e]
                        return cell(key == "seconds" ? String(format: "%.1f", v) : key == "learning_rate" ? formatScalar(v) : String(format: "%.4f", v))
                    }.joined())
        }
        switch stop {
        case .completed: break
        case .callback: lines.append("(stopped by a callback)")
        case .interrupted: lines.append("(interrupted with Ctrl-C)")
        case .diverged(let why): lines.append("(stopped: \(why))")
        }
        return lines.joined(separator: "\n")
    }
}
