// `resnet-lab watch`: poll the exercise files' modification times and re-check the one that
// was saved. Polling (twice a second) needs no platform API and costs nothing measurable.

import Foundation

/// Watches exercise files and calls back when one has been saved.
///
/// ```swift
/// let watcher = ExerciseWatcher(root: root, exercises: try ExerciseCatalog.all)
/// watcher.run { exercise in print("saved", exercise.file) }   // until the process ends
/// ```
public struct ExerciseWatcher: Sendable {
    public let root: URL
    public let exercises: [ExerciseInfo]
    /// Seconds between polls.
    public let interval: Double

    public init(root: URL, exercises: [ExerciseInfo], interval: Double = 0.5) {
        self.root = root
        self.exercises = exercises
        self.interval = max(interval, 0.05)
    }

    /// The files whose modification time differs from `seen`, updating it.
    public func changes(since seen: inout [String: Date]) -> [ExerciseInfo] {
        var changed: [ExerciseInfo] = []
        for e in exercises {
            let now = ExerciseFiles.modificationDate(e, root: root)
            if seen[e.id] != now {
                if seen.keys.contains(e.id) { changed.append(e) }
                seen[e.id] = now
            }
        }
        return changed
    }

    /// Polls forever (Ctrl-C ends the process); `onSave` runs for each saved exercise, after
    /// the file has stopped changing for one interval (editors write in several steps).
    public func run(onSave: (ExerciseInfo) -> Void) -> Never {
        var seen: [String: Date] = [:]
        _ = changes(since: &seen)
        while true {
            Thread.sleep(forTimeInterval: interval)
            var pending = changes(since: &seen)
            guard !pending.isEmpty else { continue }
            while true {  // until the file is quiet
                Thread.sleep(forTimeInterval: interval)
                let more = changes(since: &seen)
                if more.isEmpty { break }
                for e in more where !pending.contains(e) { pending.append(e) }
            }
            for e in pending { onSave(e) }
        }
    }
}
