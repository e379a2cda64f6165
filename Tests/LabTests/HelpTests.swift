// :help documents every builtin, with an example that is valid lab syntax.

import Testing
@testable import Lab

@Suite("Help")
struct HelpTests {
    @Test(":help lists every builtin; each has a doc and an example that parses")
    func everyBuiltinDocumented() throws {
        var shown = ""
        let repl = REPL(interactive: false, out: { shown += $0 + "\n" }, err: { shown += $0 + "\n" })
        repl.handle(":help")
        let all = Builtins.shared.all.values
        #expect(all.count >= 50, "\(all.count) builtins")
        for b in all {
            #expect(shown.contains(b.name), "\(b.name) missing from :help")
            #expect(!b.doc.isEmpty && !b.example.isEmpty, "\(b.name) needs a doc and an example")
            #expect(throws: Never.self, "\(b.name)'s example: \(b.example)") { _ = try Parser.parse(b.example) }
            var one = ""
            REPL(interactive: false, out: { one += $0 }, err: { one += $0 }).handle(":help \(b.name)")
            #expect(one.contains(b.signatures[0].text), ":help \(b.name)")
        }
        for c in REPL.commands + REPL.lessonCommands { #expect(shown.contains(c.name)) }
    }
}
