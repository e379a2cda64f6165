// Running the Keras side of a benchmark: the scripts in Tools/ of the checkout, with the Python
// that has TensorFlow. Found from --python, $RESNETLAB_PYTHON, ./.venv/bin/python, then
// python3; a missing TensorFlow is reported with the command that installs it.

import Foundation
import ResNetKit

enum KerasRunner {
    static func python(_ explicit: String?) -> String {
        if let p = explicit { return p }
        if let p = ProcessInfo.processInfo.environment["RESNETLAB_PYTHON"] { return p }
        let venv = FileManager.default.currentDirectoryPath + "/.venv/bin/python"
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/env python3"
    }

    static let setup = "python3 -m venv .venv && .venv/bin/pip install -r Tools/requirements.txt"

    /// Runs `script` with `arguments`, calling `line` for each line it prints on stdout.
    /// Returns false (after saying why) when Python or TensorFlow is missing or the script fails.
    @discardableResult
    static func run(python: String, script: String, arguments: [String], line: (String) -> Void) -> Bool {
        let path: String
        do { path = try LabCheckout.locate("Tools/" + script).appendingPathComponent("Tools/" + script).path } catch {
            print("  (Keras side skipped: \(error))")
            return false
        }
        let parts = python.split(separator: " ").map(String.init)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: parts[0])
        process.arguments = Array(parts.dropFirst()) + [path] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            print("  (Keras side skipped: cannot start \(python): \(error.localizedDescription). Set it up with: \(setup))")
            return false
        }
        var buffer = Data()
        let handle = out.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer += chunk
            while let nl = buffer.firstIndex(of: 10) {
                line(String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self))
                buffer = Data(buffer[(nl + 1)...])
            }
        }
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            let tail = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .split(separator: "\n").suffix(3).joined(separator: "\n    ")
            print("  (Keras side failed with status \(process.terminationStatus):\n    \(tail)\n   If TensorFlow is missing: \(setup))")
            return false
        }
        return true
    }

    /// The JSON object printed on a line, if it is one.
    static func json(_ line: String) -> [String: Any]? {
        guard line.hasPrefix("{"), let data = line.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
