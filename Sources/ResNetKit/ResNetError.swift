// Every mistake a caller or a file can make becomes a `ResNetError` that names the layer,
// the values received and what was expected, in Keras's words. Traps are reserved for the
// engine's own invariants.

/// An error from the engine: a wrong shape, a bad argument, an unreadable file.
///
/// The message is written for a learner: it names the layer, what it received and what it
/// expected.
///
/// ```swift
/// let conv = try Conv2D(filters: 8, kernelSize: 3, name: "res2a_branch2a")
/// _ = try conv(Tensor.zeros([32, 32, 3]))
/// // Conv2D 'res2a_branch2a' expected 4-D input (N, H, W, C), received shape [32, 32, 3]
/// ```
public struct ResNetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, broadly, so callers can react without parsing the message.
    public enum Kind: String, Sendable {
        case invalidArgument, shapeMismatch, invalidState, io, corruptFile, interrupted
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// "Received filters=0": Keras's phrasing for a bad constructor argument.
    static func argument(_ layer: String, _ message: String) -> ResNetError {
        ResNetError(.invalidArgument, "\(layer): \(message)")
    }

    static func shape(_ layer: String, _ message: String) -> ResNetError {
        ResNetError(.shapeMismatch, "\(layer) \(message)")
    }
}

/// Formats a shape the way the lab prints it everywhere: `[2, 32, 32, 3]`.
func describe(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
