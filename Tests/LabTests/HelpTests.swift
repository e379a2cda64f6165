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

    @Test(":help language lists every construct; each example runs in the lab; the statement keywords each have help")
    func languageHelp() throws {
        var shown = ""
        REPL(interactive: false, out: { shown += $0 + "\n" }, err: { shown += $0 + "\n" }).handle(":help language")
        for entry in REPL.languageHelp {
            #expect(shown.contains(entry.keyword))
            let lab = Interpreter(output: { _ in })
            #expect(throws: Never.self, "\(entry.keyword)'s example: \(entry.example)") { _ = try lab.run(entry.example) }
        }
        for keyword in ["let", "var", "if", "guard", "for", "while", "repeat", "switch", "break", "continue", "func", "return", "struct", "enum", "do", "throw", "try", "import"] {
            var one = ""
            REPL(interactive: false, out: { one += $0 }, err: { one += $0 }).handle(":help \(keyword)")
            #expect(one.contains("example:"), ":help \(keyword): \(one)")
        }
        // Completion offers the keywords too.
        #expect(REPL.complete(Interpreter(), before: "", word: "whi").contains("while"))
    }
}
