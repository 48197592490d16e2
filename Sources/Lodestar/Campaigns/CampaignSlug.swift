import Foundation

/// The landing-page slug (`/f/{slug}`): lowercase ASCII letters and digits in words joined
/// by single hyphens, at most 80 characters, unique across all organizations (the
/// database's unique index decides; see `Transaction.storeWithSlug`).
enum CampaignSlug {
    static let maximumLength = 80

    static func isValid(_ slug: String) -> Bool {
        guard !slug.isEmpty, slug.utf8.count <= maximumLength else { return false }
        let words = slug.split(separator: "-", omittingEmptySubsequences: false)
        return words.allSatisfy { word in
            !word.isEmpty && word.utf8.allSatisfy { isLowercaseLetterOrDigit($0) }
        }
    }

    /// A slug made from a campaign name: accents dropped (`Été` -> `ete`), every run of other
    /// characters becomes one hyphen, cut at a word boundary to fit. A name with no ASCII
    /// letter or digit gives "campaign".
    static func make(from name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        var words: [String] = []
        var current = ""
        for byte in folded.utf8 {
            if isLowercaseLetterOrDigit(byte) {
                current.append(Character(Unicode.Scalar(byte)))
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var slug = ""
        for word in words {
            let candidate = slug.isEmpty ? word : slug + "-" + word
            if candidate.utf8.count > maximumLength - suffixRoom {
                if slug.isEmpty { slug = String(word.prefix(maximumLength - suffixRoom)) }
                break
            }
            slug = candidate
        }
        return slug.isEmpty ? "campaign" : slug
    }

    /// The slugs tried in turn for a generated slug: `base`, `base-2`, ... `base-9`, then
    /// `base-` and a random suffix (so a popular name still finds a free slug at once).
    static func candidates(base: String) -> [String] {
        [base] + (2...9).map { "\(base)-\($0)" }
            + (0..<3).map { _ in "\(base)-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))" }
    }

    /// Room kept for the `-<suffix>` of `candidates`.
    private static let suffixRoom = 8

    private static func isLowercaseLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
