import Foundation
import Glibc
import HTTP

/// One HTTP/1.1 exchange over a fresh TCP connection to 127.0.0.1, redirects not followed:
/// what a browser's first hop to the stand-in provider looks like, and how tests talk to
/// chromedriver (whose header lines, without a space after the colon, URLSession on Linux
/// refuses with "Failed writing header").
enum LoopbackHTTP {
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func get(_ url: String) throws -> Reply {
        try request("GET", url)
    }

    /// `method` on `url` (http://127.0.0.1:PORT/...), with a JSON body when given.
    static func request(_ method: String, _ url: String, json body: Data? = nil, timeout: Int = 10) throws -> Reply {
        try request(method, url, body: body, contentType: "application/json; charset=utf-8", timeout: timeout)
    }

    /// A POST of an urlencoded form.
    static func post(_ url: String, form: [(String, String)]) throws -> Reply {
        let body = form.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
        return try request("POST", url, body: Data(body.utf8), contentType: "application/x-www-form-urlencoded", timeout: 10)
    }

    private static func request(_ method: String, _ url: String, body: Data?, contentType: String, timeout: Int) throws -> Reply {
        guard let components = URLComponents(string: url), let port = components.port else {
            throw Failure(description: "not a loopback URL with a port: \(url)")
        }
        let target = components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let body {
            head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        }
        let raw = try exchange(port: port, Array((head + "\r\n").utf8) + Array(body ?? Data()), timeout: timeout)
        guard let split = raw.range(of: "\r\n\r\n") else { throw Failure(description: "no header end in \(raw)") }
        let lines = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line") }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Reply(status: status, headers: headers, body: String(raw[split.upperBound...]))
    }

    /// Sends `bytes` to 127.0.0.1:`port` and reads the reply until the server closes or one
    /// response with its Content-Length body has arrived.
    static func exchange(port: Int, _ bytes: [UInt8], timeout: Int) throws -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket failed") }
        defer { close(descriptor) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "cannot connect to port \(port)") }
        let sent = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        guard sent == bytes.count else { throw Failure(description: "short send") }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            reply += buffer[0..<count]
            if isComplete(reply) { break }
        }
        return String(decoding: reply, as: UTF8.self)
    }

    /// True once the headers and a Content-Length's worth of body have arrived.
    private static func isComplete(_ reply: [UInt8]) -> Bool {
        let text = String(decoding: reply, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return false }
        for line in text[..<split.lowerBound].components(separatedBy: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length",
               let length = Int(parts[1].trimmingCharacters(in: .whitespaces)) {
                return text.utf8.distance(from: split.upperBound, to: text.endIndex) >= length
            }
        }
        return false
    }
}
