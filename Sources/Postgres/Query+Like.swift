extension Query {
    /// `text` with LIKE's wildcards (`%`, `_`) and its escape character (`\`) made literal,
    /// for searches that look for what a person typed: bind the result as a parameter,
    /// e.g. `"name ILIKE \("%" + Query.escapeLike(search) + "%")"`.
    public static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
