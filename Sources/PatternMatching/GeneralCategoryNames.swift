/// The Unicode general categories `\p{…}` accepts, by their one- and two-letter names
/// (`L` letters, `Lu` uppercase letters, `N` numbers, …), as in Unicode's
/// PropertyValueAliases and every regular-expression engine that has `\p`.
enum GeneralCategoryNames {
    static func categories(named name: String) -> [Unicode.GeneralCategory]? {
        if let groups = groups[name] { return groups }
        return single[name].map { [$0] }
    }

    private static let single: [String: Unicode.GeneralCategory] = [
        "Lu": .uppercaseLetter, "Ll": .lowercaseLetter, "Lt": .titlecaseLetter, "Lm": .modifierLetter, "Lo": .otherLetter,
        "Mn": .nonspacingMark, "Mc": .spacingMark, "Me": .enclosingMark,
        "Nd": .decimalNumber, "Nl": .letterNumber, "No": .otherNumber,
        "Pc": .connectorPunctuation, "Pd": .dashPunctuation, "Ps": .openPunctuation, "Pe": .closePunctuation,
        "Pi": .initialPunctuation, "Pf": .finalPunctuation, "Po": .otherPunctuation,
        "Sm": .mathSymbol, "Sc": .currencySymbol, "Sk": .modifierSymbol, "So": .otherSymbol,
        "Zs": .spaceSeparator, "Zl": .lineSeparator, "Zp": .paragraphSeparator,
        "Cc": .control, "Cf": .format, "Cs": .surrogate, "Co": .privateUse, "Cn": .unassigned,
    ]

    private static let groups: [String: [Unicode.GeneralCategory]] = {
        var groups: [String: [Unicode.GeneralCategory]] = [:]
        for (name, category) in single {
            groups[String(name.prefix(1)), default: []].append(category)
        }
        groups["L&"] = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter]
        return groups
    }()
}
