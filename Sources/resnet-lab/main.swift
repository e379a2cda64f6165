// resnet-lab: argument parsing only; everything else lives in the Lab module.

import ArgumentParser
import Foundation
import Lab

struct ResNetLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resnet-lab",
        abstract: "Residual networks, taught as a notebook: a REPL over a real ResNet engine.",
        discussion: "With no subcommand, starts the REPL (reading a script from standard input when it is not a terminal).",
        version: labVersion,
        subcommands: [Repl.self],
        defaultSubcommand: Repl.self)
}

struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "Start the interactive lab (the default).")

    func run() throws {
        let repl = REPL()
        repl.run()
        // A script piped in fails the run when any of its inputs failed.
        if !isatty(STDIN_FILENO).boolValue, repl.errorCount > 0 { throw ExitCode(1) }
    }
}

extension Int32 { var boolValue: Bool { self != 0 } }

ResNetLab.main()
