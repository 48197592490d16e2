import CLinux
import Glibc
import HTTP

/// Collects a request body as it arrives: in memory up to the spool threshold, then in a
/// temporary file (so large uploads do not sit in memory).
struct BodyAccumulator {
    private(set) var count = 0
    private var bytes: [UInt8] = []
    private var fileDescriptor: Int32 = -1
    private var path: String?
    private let spoolThreshold: Int

    init(spoolThreshold: Int, expectedLength: Int?) {
        self.spoolThreshold = spoolThreshold
        if let expectedLength, expectedLength <= spoolThreshold {
            bytes.reserveCapacity(expectedLength)
        }
    }

    mutating func append(_ piece: [UInt8]) throws(HTTPServerError) {
        count += piece.count
        if fileDescriptor < 0, count > spoolThreshold {
            try openSpoolFile()
            try writeToFile(bytes)
            bytes = []
        }
        if fileDescriptor >= 0 {
            try writeToFile(piece)
        } else if bytes.isEmpty {
            bytes = piece
        } else {
            bytes.append(contentsOf: piece)
        }
    }

    /// The finished body and the spool file to delete after the response, if any.
    mutating func finish() -> (RequestBody, spoolPath: String?) {
        if fileDescriptor >= 0, let path {
            close(fileDescriptor)
            fileDescriptor = -1
            self.path = nil
            return (.file(path: path, count: count), path)
        }
        let body: RequestBody = count == 0 ? .empty : .bytes(bytes)
        bytes = []
        return (body, nil)
    }

    /// Drops the body, deleting any spool file.
    mutating func discard() {
        if fileDescriptor >= 0 {
            close(fileDescriptor)
            fileDescriptor = -1
        }
        if let path { unlink(path) }
        path = nil
        bytes = []
    }

    private mutating func openSpoolFile() throws(HTTPServerError) {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((directory + "/lodestar-body-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw .system("mkstemp in \(directory)") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        fileDescriptor = fd
        path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func writeToFile(_ data: [UInt8]) throws(HTTPServerError) {
        var written = 0
        while written < data.count {
            let result = data.withUnsafeBytes { buffer in
                write(fileDescriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .system("writing a request body to a temporary file")
            }
            written += result
        }
    }
}
