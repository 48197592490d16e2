extension HTTPRequestHead {
    /// True when the request carries an `Expect` value other than `100-continue`. The parser
    /// accepts such heads; the server answers them 417 (RFC 9110 §10.1.1).
    public var hasUnsupportedExpectation: Bool {
        for value in headers.values("Expect") {
            for element in value.split(separator: ",") {
                let trimmed = element.trimmingASCIIWhitespace()
                if !trimmed.isEmpty, trimmed.lowercased() != "100-continue" { return true }
            }
        }
        return false
    }
}

extension Substring {
    func trimmingASCIIWhitespace() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
