// Throughput of HTTPRequestParser and HTTPResponseSerializer, compiled with the Sources/HTTP
// files by bench/http-parser.sh. Prints figures; asserts nothing.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

let browserRequest = Array((
    "GET /campaigns/42/leads?page=3&sort=created HTTP/1.1\r\n"
    + "Host: lodestar.example.com\r\n"
    + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\r\n"
    + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
    + "Accept-Language: en-US,en;q=0.9\r\n"
    + "Accept-Encoding: gzip, deflate, br\r\n"
    + "Cookie: session=4f9a1c2e8b7d6a5f4e3d2c1b0a9f8e7d; theme=dark\r\n"
    + "Connection: keep-alive\r\n\r\n").utf8)
let smallRequest = Array("GET /healthz HTTP/1.1\r\nHost: localhost:8080\r\n\r\n".utf8)

@inline(never)
func parseAll(_ stream: [UInt8], pieceSize: Int) -> Int {
    var parser = HTTPRequestParser()
    var requests = 0
    var start = 0
    while start < stream.count {
        let end = min(stream.count, start + pieceSize)
        stream[start..<end].withUnsafeBytes { parser.append($0) }
        start = end
        do {
            while let event = try parser.next() {
                if case .end = event { requests += 1 }
            }
        } catch {
            print("unexpected error: \(error)")
            return requests
        }
    }
    return requests
}

func benchParser(_ name: String, _ request: [UInt8], copies: Int, pieceSize: Int) {
    let stream = Array([[UInt8]](repeating: request, count: copies).joined())
    _ = parseAll(stream, pieceSize: pieceSize)
    let start = now()
    let requests = parseAll(stream, pieceSize: pieceSize)
    let seconds = now() - start
    let perSecond = Double(requests) / seconds
    let megabytes = Double(stream.count) / seconds / 1e6
    print("parse \(name) (\(request.count) B, \(pieceSize) B reads): \(Int(perSecond)) req/s, \(Int(megabytes)) MB/s")
}

func benchSerializer(iterations: Int) {
    let response = HTTPResponse(
        status: .ok, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"],
        body: .bytes(Array(repeating: 0x61, count: 512)))
    let context = ResponseContext()
    let date = HTTPDate.format(secondsSince1970: 1_700_000_000)
    var total = 0
    let start = now()
    for _ in 0..<iterations {
        total &+= HTTPResponseSerializer.head(for: response, answering: context, date: date).bytes.count
    }
    let seconds = now() - start
    print("serialize head: \(Int(Double(iterations) / seconds)) heads/s (\(total / iterations) B each)")
}

@main
struct Bench {
    static func main() {
        benchParser("browser GET", browserRequest, copies: 200_000, pieceSize: 65_536)
        benchParser("browser GET", browserRequest, copies: 50_000, pieceSize: 100)
        benchParser("small GET", smallRequest, copies: 500_000, pieceSize: 65_536)
        benchSerializer(iterations: 1_000_000)
    }
}
