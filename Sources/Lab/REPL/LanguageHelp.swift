// `:help language` and `:help <keyword>`: the Swift the lab speaks, one line of syntax and
// one example per construct. Every example is Swift the lab runs (a test runs them all).

extension REPL {
    /// Keyword, syntax, example.
    static let languageHelp: [(keyword: String, syntax: String, example: String)] = [
        ("let", "let name = value, let name: Type = value", "let lr: Float = 0.1"),
        ("var", "var name = value (changeable)", "var losses: [Float] = []"),
        ("if", "if condition { … } else if … { … } else { … }; if let x = optional { … }", "if let n = Int(\"42\"), n > 40 { print(n) }"),
        ("guard", "guard condition else { return }", "func half(_ n: Int) -> Int? { guard n % 2 == 0 else { return nil }; return n / 2 }"),
        ("for", "for x in sequence where condition { … }", "for (i, name) in [\"conv\", \"bn\"].enumerated() { print(i, name) }"),
        ("while", "while condition { … }", "var k = 0; while k < 3 { k += 1 }"),
        ("repeat", "repeat { … } while condition", "var n = 10; repeat { n /= 2 } while n > 1"),
        ("switch", "switch value { case a, b: … case 1..<5: … case let x where x > 9: … default: … }", "switch 7 { case 0..<5: print(\"small\") default: print(\"big\") }"),
        ("break", "break (or break label) leaves a loop or a switch", "for i in 0..<10 { if i == 3 { break } }"),
        ("continue", "continue (or continue label) goes on with the next iteration", "for i in 0..<4 where true { if i % 2 == 0 { continue }; print(i) }"),
        ("func", "func name(label param: Type = default) throws -> Result { … }", "func scale(_ x: Float, by f: Float = 2) -> Float { x * f }"),
        ("return", "return value", "func square(_ v: Int) -> Int { return v * v }"),
        ("closure", "{ (a: Int, b: Int) -> Int in … }, { a, b in … }, { $0 + $1 }", "let double = { (v: Int) in v * 2 }"),
        ("struct", "struct Name { var field: Type; func method() { … } }", "struct Point { var x: Float; var y: Float }"),
        ("enum", "enum Name { case a, b(value: Int) }", "enum Phase { case train, test }"),
        ("do", "do { try … } catch pattern { … } catch { print(error) }", "do { _ = try ResNetV1(depth: 21) } catch { print(error) }"),
        ("throw", "throw value (a struct or enum declared : Error)", "struct TooBig: Error { let limit: Int }"),
        ("try", "try expression (try? gives nil on error, try! stops)", "let model = try ResNetV1(depth: 8)"),
        ("optional", "Type? holds a value or nil: x!, x ?? default, x?.member, if let", "let n: Int? = Int(\"7\"); print(n ?? 0)"),
        ("print", "print(values…, separator: \" \", terminator: \"\\n\")", "print(\"epoch\", 1, \"loss\", 0.25, separator: \" \")"),
        ("import", "import ResNetKit (accepted; everything is already there)", "import ResNetKit"),
    ]

    /// The language overview, or one construct.
    static func languageHelpText(_ topic: String) -> String? {
        if topic == "language" || topic == "swift" {
            let width = languageHelp.map(\.keyword.count).max() ?? 8
            return "The Swift the lab speaks (:help <keyword> for one):\n"
                + languageHelp.map {
                    "  " + $0.keyword.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.syntax
                }.joined(separator: "\n") + "\nOperators: + - * / % == != < <= > >= && || ! ?: ?? ..< ... += -= *= /=; strings \"\\(x)\"; arrays, dictionaries, tuples."
        }
        guard let entry = languageHelp.first(where: { $0.keyword == topic }) else { return nil }
        return "\(entry.keyword): \(entry.syntax)\n  example: \(entry.example)"
    }
}
