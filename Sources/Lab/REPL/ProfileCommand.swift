// `:profile model [batch]` — where a model spends a training step, layer by layer: the
// engine's `profile` (ResNetKit/Models/Profile.swift), rendered as a table with bars.

import ResNetKit

extension REPL {
    /// The command's line for :help.
    static let profileCommandHelp = (
        name: ":profile", usage: ":profile model [batch]",
        doc: "per-layer forward/backward ms, FLOPs, GFLOP/s and share of a training step"
    )

    /// Handles `:profile`; false for any other command.
    func profileCommand(_ name: String, _ rest: String) throws -> Bool {
        guard name == ":profile" else { return false }
        let args = rest.split(separator: " ").map(String.init)
        guard let source = args.first else { throw LabError(":profile needs a model, e.g. :profile model 32") }
        guard args.count <= 2, let batch = args.count == 2 ? Int(args[1]) : 32, batch > 0, batch <= 1024 else {
            throw LabError(":profile's batch must be a whole number from 1 to 1024, e.g. :profile model 32; received \(args.dropFirst().joined(separator: " "))")
        }
        let result = try profile(try model(source), batch: batch, repeats: 3)
        emit(result.render(top: 12))
        emit("(layers timed one by one in training mode; the step as it runs, with the fused kernels)")
        return true
    }
}
