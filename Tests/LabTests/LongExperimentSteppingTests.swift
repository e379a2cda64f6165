// Stepping through a lesson in the REPL reaches its opt-in long experiment (`<!-- long -->`):
// the lab pauses and says so; Enter then runs the long cells, `:skip` jumps over them.

import Foundation
import Testing
@testable import Lab

@Suite("REPL: the opt-in long experiment")
struct LongExperimentSteppingTests {
    static let text = """
        # Scratch
        ```swift
        var steps = 1
        ```
        <!-- long -->
        Minutes of training.
        ```swift
        steps = 1000
        ```
        <!-- /long -->
        ```swift
        print("steps:", steps)
        ```
        The end.
        """

    /// What the lab printed stepping through the scratch lesson, with `between` typed at the pause.
    func step(_ between: String?) throws -> [String] {
        let entry = try JSONDecoder().decode(
            Manifest.Entry.self, from: Data(#"{"number": 99, "file": "99-scratch.md", "title": "Scratch", "hints": []}"#.utf8))
        var out: [String] = []
        let repl = REPL(interactive: false, out: { out.append($0) }, err: { out.append($0) })
        repl.cursor = LessonCursor(entry: entry, lesson: try Lesson(markdown: Self.text))
        repl.stepLesson()  // var steps = 1
        repl.stepLesson()  // the pause before the long experiment
        if let between { repl.handle(between) }
        repl.stepLesson()  // the long cell, or (after :skip) the last cell
        repl.stepLesson()
        return out
    }

    @Test("Enter at the pause runs the long cells")
    func enterRuns() throws {
        let out = try step(nil)
        #expect(out.contains { $0.contains("The next 1 cell is an opt-in long experiment") }, "\(out)")
        #expect(out.contains { $0.contains("Minutes of training.") })
        #expect(out.contains("steps: 1000"), "\(out)")
    }

    @Test(":skip at the pause jumps over them, prose and cells")
    func skipJumps() throws {
        let out = try step(":skip")
        #expect(out.contains { $0.contains("skipped the long experiment") })
        #expect(!out.contains { $0.contains("Minutes of training.") })
        #expect(out.contains("steps: 1"), "\(out)")
    }

    @Test(":skip with no long experiment ahead says so")
    func skipWithoutLong() throws {
        var out: [String] = []
        let repl = REPL(interactive: false, out: { out.append($0) }, err: { out.append($0) })
        repl.handle(":skip")
        #expect(out.joined().contains("no lesson is open"), "\(out)")
    }
}
