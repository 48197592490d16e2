import Foundation
import HTTP

/// The few file-system calls static files need, on POSIX directly.
struct FileStatus {
    /// A modification time with nanoseconds, as the validators need it.
    struct Time: Sendable, Equatable {
        var seconds: Int
        var nanoseconds: Int
    }

    let size: Int
    let modified: Time
    let isRegularFile: Bool

    /// The status of `path` after following symlinks; nil when it does not exist.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int(info.st_size)
        #if os(Linux)
        modified = Time(seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
        #else
        modified = Time(seconds: Int(info.st_mtimespec.tv_sec), nanoseconds: Int(info.st_mtimespec.tv_nsec))
        #endif
        isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The absolute path with every symlink, `.` and `..` resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The whole file, or nil when it cannot be read.
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                return bytes
            } else if errno != EINTR {
                return nil
            }
        }
    }

    /// Writes the file to `writer` piece by piece.
    static func stream(_ path: String, to writer: any ResponseBodyWriter) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileReadError(path: path, code: errno) }
        defer { close(descriptor) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                try writer.write(Array(chunk[0..<count]))
            } else if count == 0 {
                return
            } else if errno != EINTR {
                throw FileReadError(path: path, code: errno)
            }
        }
    }
}

/// A static file that could be opened for its headers but not read for its body.
struct FileReadError: Error, CustomStringConvertible {
    let path: String
    let code: Int32
    var description: String { "cannot read \(path): \(String(cString: strerror(code)))" }
}
