import Foundation
import Testing
@testable import Lodestar

/// The QR encoder behind the form builder's Share box, against published vectors: the
/// Reed–Solomon example of ISO/IEC 18004 (version 1-M), the format and version
/// information tables, and a whole symbol that an independent decoder (zbarimg) read back.
@Suite struct QRCodeTests {
    @Test func reedSolomonMatchesTheStandardsExample() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        #expect(QRReedSolomon.errorCorrection(data, count: 10) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
        #expect(QRReedSolomon.multiply(0x80, 2) == 0x1D)
    }

    @Test func formatAndVersionBitsMatchTheStandardsTables() {
        let levelM = [
            0b101010000010010, 0b101000100100101, 0b101111001111100, 0b101101101001011,
            0b100010111111001, 0b100000011001110, 0b100111110010111, 0b100101010100000,
        ]
        #expect((0..<8).map(QRCode.formatBits) == levelM)
        #expect((7...10).map(QRCode.versionBits) == [0x07C94, 0x085BC, 0x09A99, 0x0A4D3])
    }

    @Test func aLandingAddressEncodesToTheSymbolADecoderReads() throws {
        let code = try QRCode(bytes: Array("https://go.example.com/f/spring-webinar".utf8))
        #expect(code.version == 3 && code.mask == 2)
        let expected = [
            "#######..#..##..####..#######",
            "#.....#..#..######..#.#.....#",
            "#.###.#.#.##...#....#.#.###.#",
            "#.###.#.#....##..#.#..#.###.#",
            "#.###.#.#.#.#...#.###.#.###.#",
            "#.....#.##.....#.#..#.#.....#",
            "#######.#.#.#.#.#.#.#.#######",
            "........#.....#...###........",
            "#.#####..#######.###..#####..",
            "#.#...........#.#####.###...#",
            "###...#..#...#.###..#####....",
            "#...#...#.###..##..#.#.###.#.",
            "###.########...#.#.......##..",
            "..####..######..#..######...#",
            "###..###.#.#.######..#...##..",
            ".####..#.###.#..#..##..#...#.",
            "####.####.....####.#.....##..",
            "#####...##.#....#..#.##.#.#.#",
            "#..####..#.....##.#.#.##..#..",
            "#.#.#..###..#.###.#.#..#...#.",
            "#.....##.####....#..#####.###",
            "........###..##.....#...#####",
            "#######...###########.#.###..",
            "#.....#.####.#..#.###...#...#",
            "#.###.#.#####.##.#..#####.#..",
            "#.###.#.##...#..###......####",
            "#.###.#.###.#..#..###.######.",
            "#.....#..##.....#...##.#.#.#.",
            "#######.##.......#.#.#.##.#.."
        ]
        #expect(code.modules.map { String($0.map { $0 ? "#" : "." }) } == expected)
    }

    @Test func theVersionGrowsWithTheTextAndStopsAtItsLimit() throws {
        #expect(try QRCode(bytes: Array(repeating: 0x61, count: 14)).version == 1)
        #expect(try QRCode(bytes: Array(repeating: 0x61, count: 15)).version == 2)
        #expect(try QRCode(bytes: Array(repeating: 0x61, count: 213)).size == 57)
        #expect(throws: QRCode.EncodingError.tooLong(bytes: 214, maximum: 213)) {
            try QRCode(bytes: Array(repeating: 0x61, count: 214))
        }
    }

    @Test func theSVGDrawsEachDarkModuleInsideAQuietZoneAndEscapesItsLabel() throws {
        let code = try QRCode(bytes: Array("HELLO".utf8))
        let svg = code.svg(pixels: 150, label: "QR code of <x> & \"y\"")
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" class="qr-code" viewBox="0 0 29 29" width="150" height="150""#))
        #expect(svg.contains(#"aria-label="QR code of &lt;x&gt; &amp; &quot;y&quot;""#))
        let squares = svg.components(separatedBy: "h1v1h-1z").count - 1
        #expect(squares == code.modules.joined().filter { $0 }.count)
        #expect(svg.contains("M4 4h1v1h-1z"))  // the finder's corner, four modules in
    }
}
