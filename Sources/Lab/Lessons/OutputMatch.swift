// Comparing what a cell printed with what the lesson says it prints: words and symbols
// exactly (spacing aside), numbers within the lesson's relative tolerance — so a lesson
// survives the last digit of a float32 sum changing, but not a wrong figure.

import Foundation

enum OutputMatch {
    enum Piece: Equatable {
        case word(String)
        case number(Double, String)
    }

    /// Splits text into numbers (with their spelling) and words between them.
    static func pieces(_ text: String) -> [Piece] {
        var out: [Piece] = []
        for token in text.split(whereSeparator: { $0.isWhitespace }).map(String.init) {
            out += split(token)
        }
        return out
    }

    /// One whitespace-free token: numbers standing alone (not part of a name like conv2d_1
    /// or res2a) become `.number`; everything else is compared as text.
    static func split(_ token: String) -> [Piece] {
        let chars = Array(token)
        var out: [Piece] = [], word = ""
        var i = 0
        func isNumberStart(_ k: Int) -> Bool {
            guard k < chars.count else { return false }
            if chars[k].isNumber { return true }
            if chars[k] == "-" || chars[k] == "+" || chars[k] == ".", k + 1 < chars.count, chars[k + 1].isNumber { return true }
            return false
        }
        while i < chars.count {
            let touchesName = i > 0 && (chars[i - 1].isLetter || chars[i - 1] == "_" || chars[i - 1].isNumber)
            if isNumberStart(i), !touchesName {
                var j = i + 1
                while j < chars.count, chars[j].isNumber || chars[j] == "." || chars[j] == "," && j + 1 < chars.count && chars[j + 1].isNumber { j += 1 }
                if j < chars.count, chars[j] == "e" || chars[j] == "E", j + 1 < chars.count,
                    chars[j + 1].isNumber || ((chars[j + 1] == "-" || chars[j + 1] == "+") && j + 2 < chars.count && chars[j + 2].isNumber)
                {
                    j += 2
                    while j < chars.count, chars[j].isNumber { j += 1 }
                }
                let text = String(chars[i..<j])
                if j < chars.count, chars[j].isLetter || chars[j] == "_" {
                    word += text  // 2a, 3x3: part of a name
                } else if let v = Double(text.replacingOccurrences(of: ",", with: "")) {
                    if !word.isEmpty { out.append(.word(word)); word = "" }
                    out.append(.number(v, text))
                } else {
                    word += text
                }
                i = j
            } else {
                word.append(chars[i])
                i += 1
            }
        }
        if !word.isEmpty { out.append(.word(word)) }
        return out
    }

    /// nil when `actual` matches `expected`; otherwise what differs first.
    static func difference(expected: String, actual: String, tolerance: Double) -> String? {
        let e = pieces(expected), a = pieces(actual)
        for k in 0..<max(e.count, a.count) {
            guard k < e.count else { return "extra output: \(describe(a[k]))" }
            guard k < a.count else { return "output ends before \(describe(e[k]))" }
            switch (e[k], a[k]) {
            case (.word(let x), .word(let y)) where x == y: continue
            case (.number(let x, _), .number(let y, _)):
                if x == y || abs(x - y) <= tolerance * max(abs(x), abs(y)) || (x.isNaN && y.isNaN) { continue }
                return "expected \(describe(e[k])), got \(describe(a[k])) (tolerance \(tolerance) relative)"
            default:
                return "expected \(describe(e[k])), got \(describe(a[k]))"
            }
        }
        return nil
    }

    static func describe(_ p: Piece) -> String {
        switch p {
        case .word(let w): return "'\(w)'"
        case .number(_, let s): return s
        }
    }
}
