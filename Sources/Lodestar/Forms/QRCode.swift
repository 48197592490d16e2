/// A QR code (ISO/IEC 18004) of some bytes: byte mode, error-correction level M (about
/// 15% of the symbol may be damaged), versions 1 to 10 (up to 213 bytes, plenty for a
/// landing page's address). Build one with `QRCode(bytes:)`; `modules[y][x]` is true for
/// a dark module. The mask is the one with the lowest penalty score, as the standard asks.
struct QRCode: Sendable, Equatable {
    enum EncodingError: Error, Equatable { case tooLong(bytes: Int, maximum: Int) }

    /// Per version 1…10 at level M: error-correction codewords per block, and the blocks
    /// as (count, data codewords each).
    static let blockTable: [(ecPerBlock: Int, groups: [(count: Int, data: Int)])] = [
        (10, [(1, 16)]), (16, [(1, 28)]), (26, [(1, 44)]), (18, [(2, 32)]), (24, [(2, 43)]),
        (16, [(4, 27)]), (18, [(4, 31)]), (22, [(2, 38), (2, 39)]), (22, [(3, 36), (2, 37)]), (26, [(4, 43), (1, 44)]),
    ]
    /// Centres of the alignment patterns per version (rows and columns alike).
    static let alignmentCentres: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    let version: Int
    let mask: Int
    private(set) var modules: [[Bool]]
    var size: Int { modules.count }

    /// `mask` forces one of the eight masks (for tests); nil picks the lowest penalty.
    init(bytes: [UInt8], mask forcedMask: Int? = nil) throws(EncodingError) {
        guard let version = (1...10).first(where: { Self.dataCapacity($0) * 8 >= 4 + Self.countBits($0) + 8 * bytes.count }) else {
            throw .tooLong(bytes: bytes.count, maximum: (Self.dataCapacity(10) * 8 - 4 - Self.countBits(10)) / 8)
        }
        self.version = version
        let codewords = Self.interleaved(Self.dataCodewords(bytes, version: version), version: version)
        var grid = QRGrid(version: version)
        grid.place(codewords)
        var best: (mask: Int, grid: QRGrid, penalty: Int)?
        for mask in forcedMask.map({ [$0] }) ?? Array(0..<8) {
            var candidate = grid
            candidate.applyMask(mask)
            candidate.drawFormat(mask: mask)
            let penalty = candidate.penalty()
            if best == nil || penalty < best!.penalty { best = (mask, candidate, penalty) }
        }
        let chosen = best ?? (0, grid, 0)
        mask = chosen.mask
        modules = chosen.grid.dark
    }

    static func countBits(_ version: Int) -> Int { version < 10 ? 8 : 16 }

    static func dataCapacity(_ version: Int) -> Int {
        blockTable[version - 1].groups.reduce(0) { $0 + $1.count * $1.data }
    }

    /// Mode, length, the bytes, terminator and padding, as codewords filling the version.
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, countBits(version))
        for byte in bytes { append(Int(byte), 8) }
        let capacity = dataCapacity(version) * 8
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { ($0 << 1) | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while codewords.count < capacity / 8 {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// The data split into blocks, each with its error correction, interleaved column by
    /// column (data first, then error correction).
    static func interleaved(_ data: [UInt8], version: Int) -> [UInt8] {
        let layout = blockTable[version - 1]
        var blocks: [[UInt8]] = []
        var offset = 0
        for group in layout.groups {
            for _ in 0..<group.count {
                blocks.append(Array(data[offset..<offset + group.data]))
                offset += group.data
            }
        }
        let corrections = blocks.map { QRReedSolomon.errorCorrection($0, count: layout.ecPerBlock) }
        var result: [UInt8] = []
        for index in 0..<(blocks.map(\.count).max() ?? 0) {
            for block in blocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<layout.ecPerBlock {
            for correction in corrections { result.append(correction[index]) }
        }
        return result
    }

    /// The 15 format bits for level M and `mask` (BCH code, then XOR 0x5412).
    static func formatBits(mask: Int) -> Int {
        let data = (0b00 << 3) | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return ((data << 10) | (remainder & 0x3FF)) ^ 0x5412
    }

    /// The 18 version bits (versions 7 and up).
    static func versionBits(_ version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return (version << 12) | (remainder & 0xFFF)
    }
}
