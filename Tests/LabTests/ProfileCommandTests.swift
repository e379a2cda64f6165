// `:profile` in the REPL (Sources/Lab/REPL/ProfileCommand.swift).

import Testing
@testable import Lab

@Suite("REPL :profile")
struct ProfileCommandTests {
    @Test func profilesAModelAndRejectsBadArguments() {
        let (repl, output) = session()
        repl.handle("let m = PlainNet(depth: 8, inputShape: [32, 32, 1], classes: 2)")
        _ = output()
        repl.handle(":profile m 2")
        let table = output()
        #expect(table.contains("plain_8, batch 2"))
        #expect(table.contains("Conv2D") && table.contains("GFLOP/s") && table.contains("█"))
        repl.handle(":profile m 0"); #expect(output().contains("whole number from 1 to 1024"))
        repl.handle(":profile"); #expect(output().contains("needs a model"))
        repl.handle(":profile 3"); #expect(output().lowercased().contains("model"))
    }
}
