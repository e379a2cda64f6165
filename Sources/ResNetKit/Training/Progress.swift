// Progress while training: a bar redrawn in place on a terminal (step, loss, accuracy,
// images/s, ETA), or one plain line per epoch when the output is a file or a pipe, so logs
// and lesson outputs stay readable.

import Foundation

/// Receives progress from `fit`.
public protocol TrainingReporter: AnyObject {
    func batchEnded(epoch: Int, epochs: Int, step: Int, steps: Int, loss: Float, accuracy: Float, imagesPerSecond: Double, eta: Double)
    /// `step` of `steps` were run: all of them, unless training stopped mid-epoch (then `logs`
    /// holds the running loss and accuracy of the steps done, if any).
    func epochEnded(epoch: Int, epochs: Int, step: Int, steps: Int, logs: [String: Float], messages: [String])
}

/// Prints progress to standard output: a live bar on a terminal, plain lines otherwise.
///
/// ```swift
/// let history = try fit(model, x: x, y: y, epochs: 2, optimizer: Adam(), options: FitOptions(reporter: ConsoleReporter(live: false)))
/// ```
public final class ConsoleReporter: TrainingReporter {
    let live: Bool
    private var lastDraw = Date.distantPast
    private let write: (String) -> Void

    /// `live` defaults to whether standard output is a terminal.
    public init(live: Bool = isatty(STDOUT_FILENO) != 0, write: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.live = live
        self.write = write
    }

    public func batchEnded(epoch: Int, epochs: Int, step: Int, steps: Int, loss: Float, accuracy: Float, imagesPerSecond: Double, eta: Double) {
        guard live, step == steps || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        let width = 24, done = steps > 0 ? width * step / steps : width
        let bar = String(repeating: "=", count: done) + (done < width ? ">" + String(repeating: ".", count: width - done - 1) : "")
        write("\r\u{1B}[2KEpoch \(epoch + 1)/\(epochs) [\(bar)] \(step)/\(steps)  loss \(fixed(loss))  acc \(fixed(accuracy))  \(Int(imagesPerSecond)) img/s  ETA \(clock(eta))")
    }

    public func epochEnded(epoch: Int, epochs: Int, step: Int, steps: Int, logs: [String: Float], messages: [String]) {
        guard step > 0 else {  // stopped before the epoch's first step: the note alone
            write((live ? "\r\u{1B}[2K" : "") + messages.map { $0 + "\n" }.joined())
            return
        }
        var line = "Epoch \(epoch + 1)/\(epochs)  \(step)/\(steps)"
        for key in ["loss", "accuracy", "val_loss", "val_accuracy"] { if let v = logs[key] { line += "  \(key) \(fixed(v))" } }
        if let lr = logs["learning_rate"] { line += "  lr \(formatScalar(lr))" }
        if let s = logs["seconds"] { line += "  \(String(format: "%.1f", s))s" }
        if let ips = logs["images_per_second"] { line += "  \(Int(ips)) img/s" }
        write((live ? "\r\u{1B}[2K" : "") + line + "\n" + messages.map { "  " + $0 + "\n" }.joined())
    }

    private func fixed(_ v: Float) -> String { String(format: "%.4f", v) }
    private func clock(_ s: Double) -> String {
        guard s.isFinite, s >= 0 else { return "--:--" }
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }
}
