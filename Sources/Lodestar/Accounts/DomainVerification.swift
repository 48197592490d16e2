import DNS
import Foundation

/// Reads the TXT records of a DNS name, for domain verification. The app uses the DNS
/// client (`init(resolver:)`, servers from `DNS_SERVERS`); tests may give a closure.
public struct DomainTXTLookup: Sendable {
    /// What asking for a name's TXT records gave.
    public enum Answer: Sendable, Equatable {
        /// The records' texts (each record's strings joined).
        case records([String])
        /// The name does not exist or has no TXT records: a definite answer.
        case noRecords
        /// The servers could not be asked or gave no usable answer; the text says why.
        case failed(String)
        /// The name cannot be asked for at all (not ASCII, say); the text says why.
        case unusableName(String)
    }

    private let lookup: @Sendable (String) -> Answer

    public init(_ lookup: @escaping @Sendable (String) -> Answer) {
        self.lookup = lookup
    }

    func txtRecords(for name: String) -> Answer { lookup(name) }

    /// Through the DNS client: NXDOMAIN and "no TXT records" are `.noRecords`; a refused
    /// name is `.unusableName`; anything else thrown means the servers gave no answer.
    public init(resolver: DNSResolver) {
        self.init { name in
            do throws(DNSError) {
                let texts = try resolver.txtRecords(for: name)
                return texts.isEmpty ? .noRecords : .records(texts)
            } catch {
                return error.isInvalidName ? .unusableName(error.description) : .failed(error.description)
            }
        }
    }
}

/// How an organization proves it holds a domain before its `@domain` whitelist entry
/// admits anyone: it publishes a TXT record `lodestar-verify=<token>` at
/// `_lodestar.<domain>` (a name of its own, like `_dmarc`, so the domain's other TXT
/// records are untouched), where `<token>` is the entry's random `verification_token`.
enum DomainVerification {
    static let valuePrefix = "lodestar-verify="

    /// `_lodestar.example.com` for `@example.com` (or `example.com`).
    static func recordName(for pattern: String) -> String {
        "_lodestar." + (pattern.hasPrefix("@") ? String(pattern.dropFirst()) : pattern)
    }

    static func recordValue(token: String) -> String { valuePrefix + token }

    enum Outcome: Sendable, Equatable {
        case verified
        /// TXT records exist at the name, but none carries this token.
        case otherRecords([String])
        case noRecord
        case lookupFailed(String)
        case unusableName(String)
    }

    static func check(pattern: String, token: String, lookup: DomainTXTLookup) -> Outcome {
        switch lookup.txtRecords(for: recordName(for: pattern)) {
        case .records(let texts):
            let expected = recordValue(token: token)
            // Surrounding quotes or spaces pasted into a DNS console are forgiven.
            let found = texts.contains { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" \t")) == expected }
            return found ? .verified : texts.isEmpty ? .noRecord : .otherRecords(texts)
        case .noRecords:
            return .noRecord
        case .failed(let reason):
            return .lookupFailed(reason)
        case .unusableName(let reason):
            return .unusableName(reason)
        }
    }
}
