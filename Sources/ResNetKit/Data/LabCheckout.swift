// Finding the ResNet Lab checkout at run time: the lessons, the committed data subset, the
// exercises and the tools live in the package's folder, not inside the binary. Nothing here
// uses the path the sources were compiled at (#filePath), so a checkout that was moved or
// copied still finds its own files once `swift build` has run in it. Looked for, in order:
//
//   1. $RESNETLAB_ROOT, when set (and nothing else: an explicit answer must not be second-guessed)
//   2. the current folder and the folders above it (a learner inside the checkout)
//   3. the folders above the running binary (<checkout>/.build/<config>/resnet-lab, or the
//      test bundle in the same folder), so `resnet-lab` works from any folder
//
// A folder counts when it holds Package.swift and the file or folder asked for.

import Foundation

/// Locates files of the ResNet Lab package (lessons, data subset, exercises, tools).
///
/// ```swift
/// let lessons = try LabCheckout.locate("Lessons/manifest.json")   // the checkout's root folder
/// print(lessons.path)
/// ```
public enum LabCheckout {
    /// The environment variable naming the checkout explicitly.
    public static let environmentVariable = "RESNETLAB_ROOT"

    /// The checkout's root folder: the first candidate holding Package.swift and `relative`.
    /// Throws an error listing every folder it looked in and how to point elsewhere.
    ///
    /// ```swift
    /// let root = try LabCheckout.locate("Datasets/fashion-mnist-subset")
    /// ```
    public static func locate(
        _ relative: String,
        from start: String = FileManager.default.currentDirectoryPath,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> URL {
        let looked = candidates(from: start, environment: environment)
        if let found = looked.first(where: { holds($0, relative) }) { return found }
        let places = looked.map { "  " + $0.appendingPathComponent(relative).path }.joined(separator: "\n")
        if let explicit = environment[environmentVariable], !explicit.isEmpty {
            throw ResNetError(
                .io,
                """
                cannot find \(relative) in \(environmentVariable)=\(explicit). Looked for:
                \(places)
                Set \(environmentVariable) to the ResNet Lab checkout (the folder with Package.swift), or unset it.
                """)
        }
        throw ResNetError(
            .io,
            """
            cannot find \(relative) (the ResNet Lab checkout's own files). Looked for:
            \(places)
            Run from inside the checkout, or set \(environmentVariable) to the folder that holds Package.swift and \(relative).
            """)
    }

    /// The folders `locate` tries, in order (the environment variable alone when it is set).
    static func candidates(from start: String, environment: [String: String]) -> [URL] {
        if let explicit = environment[environmentVariable], !explicit.isEmpty {
            return [URL(fileURLWithPath: explicit).standardizedFileURL]
        }
        var out = ancestors(of: URL(fileURLWithPath: start).standardizedFileURL)
        if let binary = executableFolder() {
            for url in ancestors(of: binary) where !out.contains(url) { out.append(url) }
        }
        return out
    }

    static func holds(_ root: URL, _ relative: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: root.appendingPathComponent("Package.swift").path)
            && fm.fileExists(atPath: root.appendingPathComponent(relative).path)
    }

    static func ancestors(of url: URL) -> [URL] {
        var out = [url], current = url
        while current.path != "/" && !current.path.isEmpty {
            current = current.deletingLastPathComponent().standardizedFileURL
            out.append(current)
        }
        return out
    }

    /// The folder of the running executable, symbolic links resolved (.build/release is one).
    static func executableFolder() -> URL? {
        let fm = FileManager.default
        let path =
            (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments.first
        guard let path, path.hasPrefix("/") else { return nil }
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
    }
}
