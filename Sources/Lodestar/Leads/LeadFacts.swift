/// How a lead's source and score read on its page: in words, not stored codes.
enum LeadFacts {
    /// `form` -> "Landing page form", and so on for every source the schema allows.
    static func source(_ raw: String) -> String {
        switch raw {
        case "form": "Landing page form"
        case "api": "Added through the API"
        case "import": "Imported from a file"
        case "manual": "Added by hand"
        default: raw
        }
    }

    /// The score with a word for how warm the lead is: "Hot (85 points)"; 0 is "Not scored yet".
    static func score(_ score: Int) -> String {
        guard score != 0 else { return "Not scored yet" }
        let points = abs(score) == 1 ? "\(score.grouped) point" : "\(score.grouped) points"
        switch score {
        case 70...: return "Hot (\(points))"
        case 40..<70: return "Warm (\(points))"
        default: return "Cold (\(points))"
        }
    }
}
