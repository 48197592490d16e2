import Foundation
import HTTP
import Postgres
import Web

/// What the leads inbox and the CSV export show: a search, filters, an order and a page,
/// read from the address (`/app/leads?q=...&status=new&page=2`) and written back into
/// every link so they survive paging, sorting and exporting.
struct LeadFilter: Sendable, Equatable {
    /// Free text matched against email, name and answers.
    var search: String?
    var campaignID: Int64?
    var status: LeadStatus?
    /// Created on or after this day (UTC).
    var from: CalendarDate?
    /// Created on or before this day (UTC).
    var to: CalendarDate?
    /// A form field's key and the value its answer must have (both needed to filter).
    var field: String?
    var value: String?
    var sort: LeadSort = .newest
    var page: Int = 1

    static let maxPage = 100_000
    static let maxSearchLength = 200

    init() {}

    /// Reads the filter from query parameters; anything malformed is a 400 that says what.
    init(_ query: some FieldValues) throws {
        search = try Self.text(query["q"], name: "search")
        if let search, search.count > Self.maxSearchLength {
            throw WebError.badRequest("Searches are at most \(Self.maxSearchLength) characters.")
        }
        campaignID = try query.optionalInt64("campaign")
        if let text = Self.trimmed(query["status"]) {
            guard let status = LeadStatus(rawValue: text) else { throw WebError.badRequest("There is no lead status '\(text)'.") }
            self.status = status
        }
        from = try Self.day(query["from"], name: "from")
        to = try Self.day(query["to"], name: "to")
        if let key = Self.trimmed(query["field"]) {
            guard Self.isFieldKey(key) else { throw WebError.badRequest("'\(key)' is not a form field key.") }
            field = key
        }
        value = try Self.text(query["value"], name: "answer")
        if let text = Self.trimmed(query["sort"]) {
            guard let sort = LeadSort(rawValue: text) else { throw WebError.badRequest("Leads cannot be sorted by '\(text)'.") }
            self.sort = sort
        }
        let page = try query.optionalInt("page") ?? 1
        // Bounded so the offset arithmetic cannot overflow and absurd offsets never reach the database.
        guard page <= Self.maxPage else { throw WebError.badRequest("There is no page \(page) of leads.") }
        self.page = max(page, 1)
    }

    /// The inbox a form came from: its `back` field holds the inbox's query string. A
    /// missing or malformed one is the plain inbox (the form's own action still happens).
    init(back: String?) {
        self = (try? LeadFilter(QueryParameters(query: Substring(back ?? "")))) ?? LeadFilter()
    }

    /// True when anything narrows the list (the sort and page do not).
    var narrows: Bool {
        search != nil || campaignID != nil || status != nil || from != nil || to != nil || fieldMatch != nil
    }

    /// The field filter, when both a key and a value were given.
    var fieldMatch: (key: String, value: String)? {
        guard let field, let value else { return nil }
        return (field, value)
    }

    /// The SQL conditions on `leads l` (always scoped to the organization). The search and
    /// the field filter use the lead ids in `candidates` when given (see `Transaction.leadConditions`).
    func conditions(organizationID: Int64, candidates: LeadCandidates = LeadCandidates()) -> Query {
        var parts: [Query] = ["l.organization_id = \(organizationID)"]
        if let search {
            if let ids = candidates.search {
                parts.append("l.id = ANY(\(ids))")
            } else {
                // % and _ typed in the search are literal.
                parts.append("lead_search_text(l.email, l.name, l.answers) ILIKE '%' || \(Query.escapeLike(search)) || '%'")
            }
        }
        if let campaignID { parts.append("l.campaign_id = \(campaignID)") }
        if let status { parts.append("l.status = \(status.rawValue)") }
        if let from { parts.append("l.created_at >= (\(from)::date)::timestamp AT TIME ZONE 'UTC'") }
        if let to { parts.append("l.created_at < ((\(to)::date + 1)::timestamp AT TIME ZONE 'UTC')") }
        if let match = fieldMatch {
            if let ids = candidates.answer {
                parts.append("l.id = ANY(\(ids))")
            } else {
                // A plain answer, or one option of a checkbox group's array.
                parts.append(
                    """
                    (l.answers @> jsonb_build_object(\(match.key)::text, \(match.value)::text)
                     OR l.answers @> jsonb_build_object(\(match.key)::text, jsonb_build_array(\(match.value)::text)))
                    """)
            }
        }
        return Query.joined(parts, separator: " AND ")
    }

    /// The filter as query parameters (without the page), for links and hidden fields.
    var parameters: [(String, String)] {
        var pairs: [(String, String)] = []
        if let search { pairs.append(("q", search)) }
        if let campaignID { pairs.append(("campaign", String(campaignID))) }
        if let status { pairs.append(("status", status.rawValue)) }
        if let from { pairs.append(("from", from.description)) }
        if let to { pairs.append(("to", to.description)) }
        if let field { pairs.append(("field", field)) }
        if let value { pairs.append(("value", value)) }
        if sort != .newest { pairs.append(("sort", sort.rawValue)) }
        return pairs
    }

    /// The encoded query string of `parameters` plus `page` when past the first.
    func queryString(page: Int? = nil) -> String {
        var pairs = parameters
        if let page, page > 1 { pairs.append(("page", String(page))) }
        return pairs.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
    }

    /// `path` with the filter (and `page`) as its query.
    func url(_ path: String = "/app/leads", page: Int? = nil) -> String {
        let query = queryString(page: page)
        return query.isEmpty ? path : path + "?" + query
    }

    /// The filter as the audit log records it.
    var auditValues: [String: String] {
        Dictionary(parameters, uniquingKeysWith: { first, _ in first })
    }

    /// `^[a-z][a-z0-9_]{0,39}$`, the form builder's rule for field keys.
    static func isFieldKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard let first = bytes.first, (1...40).contains(bytes.count), first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
        return bytes.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_") }
    }

    /// Trimmed free text; a control character (PostgreSQL text cannot hold NUL, and nobody
    /// types the others into a search) is a 400 rather than a failed query.
    private static func text(_ text: String?, name: String) throws -> String? {
        guard let text = trimmed(text) else { return nil }
        if text.unicodeScalars.contains(where: isControl) {
            throw WebError.badRequest("The \(name) contains a control character; remove it and try again.")
        }
        return text
    }

    /// Control characters other than tab, line feed and carriage return.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        ControlCharacters.isControl(scalar, allowingLineBreaks: true)
    }

    private static func trimmed(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// A `YYYY-MM-DD` day in years 1 to 9999; 400 when present but not such a day.
    private static func day(_ text: String?, name: String) throws -> CalendarDate? {
        guard let text = trimmed(text) else { return nil }
        guard let day = CalendarDate(text), (1...9999).contains(day.year) else {
            throw WebError.badRequest("The '\(name)' date must be a day written as YYYY-MM-DD.")
        }
        return day
    }
}

/// The leads the search and the field filter match, found through their indexes: nil
/// where that filter is not set or matches too many leads to list (then the plain
/// condition applies).
struct LeadCandidates: Sendable, Equatable {
    var search: [Int64]?
    var answer: [Int64]?
}

/// The orders the inbox offers; each maps to a fixed ORDER BY (never text from the request).
enum LeadSort: String, Sendable, CaseIterable {
    case newest, oldest, email, name, status

    var label: String {
        switch self {
        case .newest: "Newest first"
        case .oldest: "Oldest first"
        case .email: "Email (A–Z)"
        case .name: "Name (A–Z)"
        case .status: "Status (pipeline order)"
        }
    }

    /// The ORDER BY clause over `leads l`; every order ends in a unique key so pages are stable.
    var orderBy: Query {
        switch self {
        case .newest: "l.created_at DESC, l.id DESC"
        case .oldest: "l.created_at ASC, l.id ASC"
        case .email: "l.email ASC NULLS LAST, l.id DESC"
        case .name: "nullif(l.name, '') ASC NULLS LAST, l.id DESC"
        case .status:
            "array_position(ARRAY['\(unsafeRaw: LeadStatus.allCases.map(\.rawValue).joined(separator: "','"))'], l.status), l.created_at DESC, l.id DESC"
        }
    }
}
