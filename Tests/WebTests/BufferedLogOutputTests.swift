import Foundation
import Testing
@testable import Web

@Suite struct BufferedLogOutputTests {
    /// Reads everything the pipe holds once the writer side is closed.
    private func withPipe(_ body: (Int32) -> Void) -> String {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        body(descriptors[1])
        close(descriptors[1])
        let handle = FileHandle(fileDescriptor: descriptors[0], closeOnDealloc: true)
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test func closeWritesEveryLineInOrder() {
        let text = withPipe { descriptor in
            let output = BufferedLogOutput(descriptor: descriptor, interval: .seconds(60))
            for number in 1...1000 { output.writer.write("line \(number)") }
            output.close()
        }
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1000)
        #expect(lines.first == "line 1")
        #expect(lines.last == "line 1000")
    }

    @Test func linesAppearWithoutCloseAfterTheInterval() throws {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        defer { close(descriptors[0]) }
        let output = BufferedLogOutput(descriptor: descriptors[1], interval: .milliseconds(20))
        defer {
            output.close()
            close(descriptors[1])
        }
        output.writer.write("hello")
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(descriptors[0], &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "hello\n")
    }

    @Test func dropsAndCountsLinesPastTheBoundInsteadOfGrowing() {
        let text = withPipe { descriptor in
            let output = BufferedLogOutput(descriptor: descriptor, interval: .seconds(60), batchBytes: 1 << 20, maxBufferedBytes: 100)
            for number in 1...50 { output.writer.write("line \(number)") }
            output.close()
        }
        #expect(text.hasPrefix("line 1\n"))
        #expect(text.contains("log lines dropped"))
        #expect(text.utf8.count < 200)
    }

    @Test func linesAfterCloseAreIgnored() {
        let text = withPipe { descriptor in
            let output = BufferedLogOutput(descriptor: descriptor)
            output.writer.write("before")
            output.close()
            output.writer.write("after")
            output.close()
        }
        #expect(text == "before\n")
    }
}
