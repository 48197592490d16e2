extension BinaryInteger {
    /// The number with commas between groups of three digits ("12,345"), the same on every
    /// machine whatever its locale: how every page writes counts, totals and page numbers.
    var grouped: String {
        let digits = String(magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return self < 0 ? "-" + result : result
    }
}
