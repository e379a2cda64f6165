// How exercise results are shown: the list of `resnet-lab exercises` and the verdict of
// `resnet-lab check` (and of the REPL's `:check`).

/// Text for exercise results, shared by the command line and the REPL.
public enum ExerciseReport {
    /// One exercise's verdict, a few friendly lines.
    ///
    /// ```swift
    /// print(ExerciseReport.verdict(result))
    /// // ✔ exercise 5 · the identity block: solved — every check agrees with Keras.
    /// ```
    public static func verdict(_ r: ExerciseResult) -> String {
        let e = r.exercise, head = "exercise \(e.id) · \(e.title)"
        switch r.status {
        case .solved:
            return "✔ \(head): solved — every check agrees with the reference values.\n  Compare with the course's solution: resnet-lab solution \(e.id)"
        case .notAttempted:
            return
                "○ \(head): not attempted yet.\n  Open \(e.path), replace the `throw ExerciseError.notAttempted` line with your \(e.function), and check again (resnet-lab hint \(e.id) for a nudge)."
        case .failing:
            let more = r.details.count > 1 ? "\n  (\(r.details.count - 1) more difference\(r.details.count == 2 ? "" : "s") after this one)" : ""
            return "✘ \(head): not yet. The first difference:\n" + indent(r.details.first ?? "") + more
                + "\n  Fix it in \(e.path) and check again; resnet-lab hint \(e.id) if you are stuck."
        case .doesNotCompile:
            let shown = r.details.prefix(5)
            return "✘ \(head): the package does not compile.\n" + shown.map { indent($0) }.joined(separator: "\n")
                + (r.details.count > shown.count ? "\n  … and \(r.details.count - shown.count) more errors" : "")
        case .crashed:
            return "✘ \(head): your code crashed the tests (a trap: an index out of range, a force unwrap of nil, …):\n" + indent(r.details.first ?? "")
        case .started:
            return "… \(head): started, not checked yet: resnet-lab check \(e.id)"
        }
    }

    /// The course at a glance, with "k of N solved".
    ///
    /// ```swift
    /// print(ExerciseReport.table(try ExerciseRunner().checkAll()))
    /// ```
    public static func table(_ results: [ExerciseResult]) -> String {
        var lines = ["  #    lesson  exercise" + String(repeating: " ", count: 49) + "status"]
        for r in results {
            let e = r.exercise
            let status: String
            switch r.status {
            case .solved: status = "✔ solved"
            case .notAttempted: status = "○ not attempted"
            case .failing: status = "✘ failing"
            case .doesNotCompile: status = "✘ does not compile"
            case .crashed: status = "✘ crashes"
            case .started: status = "… started (not checked)"
            }
            lines.append("  " + pad(e.id, 5) + pad(String(e.lesson), 8) + pad(e.title, 57) + status)
        }
        let solved = results.filter { $0.status == .solved }.count
        if !results.contains(where: { $0.status == .started }) { lines.append("\(solved) of \(results.count) solved") }
        if let next = results.first(where: { $0.status != .solved }) {
            lines.append("next: resnet-lab check \(next.exercise.id)  (\(next.exercise.path))")
        }
        return lines.joined(separator: "\n")
    }

    /// A hint, the n-th (1-based) of the exercise's, with where the others are.
    ///
    /// ```swift
    /// print(ExerciseReport.hint(try ExerciseCatalog.one("5"), 2))
    /// ```
    public static func hint(_ e: ExerciseInfo, _ n: Int) -> String {
        let i = min(max(n, 1), e.hints.count)
        let more = i < e.hints.count ? "\n(hint \(i) of \(e.hints.count); the next: resnet-lab hint \(e.id) \(i + 1))" : "\n(hint \(i) of \(e.hints.count))"
        return "exercise \(e.id) · \(e.title) — write \(e.function) in \(e.path)\nhint \(i): \(e.hints[i - 1])" + more
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }
}
