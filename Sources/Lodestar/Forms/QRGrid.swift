/// The module grid of a QR code being drawn: the function patterns (finders, timing,
/// alignment, format and version areas) and the data placed around them. `isFunction`
/// marks what masking and data placement leave alone.
struct QRGrid: Sendable {
    let size: Int
    private(set) var dark: [[Bool]]
    private var isFunction: [[Bool]]

    init(version: Int) {
        size = 17 + 4 * version
        dark = Array(repeating: Array(repeating: false, count: size), count: size)
        isFunction = dark
        for index in 0..<size {
            set(6, index, index % 2 == 0)
            set(index, 6, index % 2 == 0)
        }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] { drawFinder(x, y) }
        let centres = QRCode.alignmentCentres[version - 1]
        // Every pair of centres except the three that fall on the finders.
        let last = centres.count - 1
        for (row, y) in centres.enumerated() {
            for (column, x) in centres.enumerated() where !((row == 0 && (column == 0 || column == last)) || (row == last && column == 0)) {
                drawAlignment(x, y)
            }
        }
        drawFormat(mask: 0)  // reserves the format areas (and the dark module)
        if version >= 7 {
            let bits = QRCode.versionBits(version)
            for index in 0..<18 {
                let isDark = (bits >> index) & 1 == 1
                let (a, b) = (size - 11 + index % 3, index / 3)
                set(a, b, isDark)
                set(b, a, isDark)
            }
        }
    }

    private mutating func set(_ x: Int, _ y: Int, _ isDark: Bool) {
        dark[y][x] = isDark
        isFunction[y][x] = true
    }

    /// A 7×7 finder centred at (x, y) with its light separator, clipped to the grid.
    private mutating func drawFinder(_ x: Int, _ y: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let (column, row) = (x + dx, y + dy)
                guard (0..<size).contains(column), (0..<size).contains(row) else { continue }
                let ring = max(abs(dx), abs(dy))
                set(column, row, ring != 2 && ring != 4)
            }
        }
    }

    private mutating func drawAlignment(_ x: Int, _ y: Int) {
        for dy in -2...2 {
            for dx in -2...2 { set(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) }
        }
    }

    /// The format bits in both copies, and the dark module beside the lower-left finder.
    mutating func drawFormat(mask: Int) {
        let bits = QRCode.formatBits(mask: mask)
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 { set(8, index, bit(index)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for index in 9..<15 { set(14 - index, 8, bit(index)) }
        for index in 0..<8 { set(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { set(8, size - 15 + index, bit(index)) }
        set(8, size - 8, true)
    }

    /// The codewords' bits, most significant first, up and down the two-module columns
    /// from the right edge (skipping the vertical timing column). Leftover modules stay light.
    mutating func place(_ codewords: [UInt8]) {
        let total = codewords.count * 8
        var index = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = ((right + 1) & 2) == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y][x] {
                    if index < total {
                        dark[y][x] = (codewords[index >> 3] >> (7 - UInt8(index & 7))) & 1 == 1
                        index += 1
                    }
                }
            }
            right -= 2
        }
    }

    static func masks(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (y / 2 + x / 3) % 2 == 0
        case 5: (x * y) % 2 + (x * y) % 3 == 0
        case 6: ((x * y) % 2 + (x * y) % 3) % 2 == 0
        default: ((x + y) % 2 + (x * y) % 3) % 2 == 0
        }
    }

    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y][x] && Self.masks(mask, x: x, y: y) { dark[y][x].toggle() }
        }
    }

    /// The standard's penalty: long runs, 2×2 blocks, finder-like patterns, imbalance.
    func penalty() -> Int {
        var score = 0
        let columns = (0..<size).map { x in (0..<size).map { dark[$0][x] } }
        for line in dark + columns {
            var run = 1
            for index in 1..<size {
                if line[index] == line[index - 1] {
                    run += 1
                } else {
                    if run >= 5 { score += run - 2 }
                    run = 1
                }
            }
            if run >= 5 { score += run - 2 }
            let finderLike: [Bool] = [true, false, true, true, true, false, true]
            for start in 0...(size - 7) where Array(line[start..<start + 7]) == finderLike {
                let before = start >= 4 && !line[(start - 4)..<start].contains(true)
                let after = start + 11 <= size && !line[(start + 7)..<(start + 11)].contains(true)
                if before || after { score += 40 }
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = dark[y][x]
                if dark[y][x + 1] == colour, dark[y + 1][x] == colour, dark[y + 1][x + 1] == colour { score += 3 }
            }
        }
        let darkCount = dark.reduce(0) { $0 + $1.filter { $0 }.count }
        let percent = darkCount * 100 / (size * size)
        score += abs(percent - 50) / 5 * 10
        return score
    }
}
