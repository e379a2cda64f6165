// Atomic file replacement, so Ctrl-C or a crash during a save never costs the last good file:
//
//   1. write everything to a hidden temporary file in the SAME directory (rename is only
//      atomic within one file system)
//   2. fsync it, so its bytes are on disk before the name points at them
//   3. rename(2) it over the destination: readers see the old file or the new one, never half
//   4. fsync the directory, so the rename itself survives a power cut (best effort)
//
// On any error the temporary file is removed and the destination is untouched. A process
// killed between 1 and 3 leaves only a `.<name>.tmp-<pid>-<random>` file beside it, which is
// safe to delete: the next write into that folder deletes those whose process is gone.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a crash mid-write leaves the previous version in place.
///
/// ```swift
/// try AtomicFile.write(Array("epoch 3\n".utf8), to: "progress.txt")
/// ```
public enum AtomicFile {
    /// Replaces (or creates) the file at `path` with `bytes`, atomically.
    ///
    /// ```swift
    /// try AtomicFile.write(try SafeTensors(tensors: ["w": w]).encoded(), to: "w.safetensors")
    /// ```
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path, caller: "AtomicFile.write", afterEachChunk: nil) { sink in try bytes.withUnsafeBytes(sink) }
    }

    /// Streams the content through `produce`, which calls the sink once per chunk.
    /// `afterEachChunk` (tests only) sees the byte count so far and may throw to simulate a
    /// failure half-way through; `caller` names the public API in error messages.
    static func write(
        to path: String, caller: String, afterEachChunk: ((Int) throws -> Void)?,
        _ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        func failure(_ what: String, _ code: Int32 = errno) -> ResNetError {
            ResNetError(.io, "\(caller): cannot write '\(path)': \(what) failed: \(String(cString: strerror(code)))")
        }

        removeStaleTemporaries(in: directory)
        // O_EXCL: never reuse a stranger's file; 0o644 before the umask, like any new file.
        let fd = posixOpen(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("creating a temporary file in '\(directory)'") }
        var isOpen = true
        do {
            var written = 0
            try produce { chunk in
                var done = 0
                while done < chunk.count {
                    let n = posixWrite(fd, chunk.baseAddress! + done, chunk.count - done)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw failure("writing")
                    }
                    done += n
                }
                written += chunk.count
                try afterEachChunk?(written)
            }
            guard fsync(fd) == 0 else { throw failure("flushing to disk") }
            isOpen = false
            guard close(fd) == 0 else { throw failure("closing") }
            guard rename(temporary, path) == 0 else { throw failure("renaming the finished file over it") }
        } catch {
            if isOpen { close(fd) }
            unlink(temporary)
            throw error
        }
        // The new name is in place; making the directory entry durable is a bonus, not a
        // reason to report failure for a file that is already there.
        let dfd = posixOpen(directory, O_RDONLY | O_CLOEXEC, 0)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }
}

extension AtomicFile {
    /// Deletes `.<name>.tmp-<pid>-<hex>` files in `directory` left by processes that no longer
    /// exist (killed mid-save). A live process's file is kept, even if the pid was reused:
    /// leaving a stray file is harmless, deleting a file being written is not.
    ///
    /// ```swift
    /// let removed = AtomicFile.removeStaleTemporaries(in: "checkpoints")   // [".m.safetensors.tmp-4242-9f3a"]
    /// ```
    @discardableResult
    public static func removeStaleTemporaries(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let pid = temporaryOwner(name), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno != ESRCH { continue }  // alive (or not ours to judge)
            if unlink(directory + "/" + name) == 0 { removed.append(name) }
        }
        return removed
    }

    /// The pid in a name `write` gives its temporary files, `.<name>.tmp-<pid>-<hex>`; nil for
    /// any other name.
    static func temporaryOwner(_ name: String) -> pid_t? {
        guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards),
            marker.lowerBound > name.index(after: name.startIndex)
        else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, !parts[1].isEmpty,
            parts[1].allSatisfy(\.isHexDigit)
        else { return nil }
        return pid
    }
}

// Inside `AtomicFile`, `write` means the static method; these name the C functions.
private func posixWrite(_ fd: Int32, _ buf: UnsafeRawPointer, _ n: Int) -> Int { write(fd, buf, n) }
private func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
