/// Reed–Solomon error correction over GF(2⁸) as QR codes use it: the field is built on
/// the polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D), and the generator of degree n has the
/// roots α⁰ … αⁿ⁻¹ with α = 2.
enum QRReedSolomon {
    /// The product of two field elements (carry-less multiplication reduced by 0x11D).
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var product = 0
        let x = Int(a)
        for bit in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            if (Int(b) >> bit) & 1 == 1 { product ^= x }
        }
        return UInt8(product & 0xFF)
    }

    /// The generator polynomial of `degree`, without its leading 1, highest power first.
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            // Multiply by (x − root): shift up and add root times the old coefficients.
            for index in 0..<degree {
                coefficients[index] = multiply(coefficients[index], root)
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
            root = multiply(root, 2)
        }
        return coefficients
    }

    /// The `count` error-correction codewords of `data`: the remainder of data · xⁿ
    /// divided by the generator.
    static func errorCorrection(_ data: [UInt8], count: Int) -> [UInt8] {
        let generator = generator(degree: count)
        var remainder = [UInt8](repeating: 0, count: count)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in 0..<count { remainder[index] ^= multiply(generator[index], factor) }
        }
        return remainder
    }
}
