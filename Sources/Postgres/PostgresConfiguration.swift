/// Where and how to connect: parsed from a `postgres://` / `postgresql://` URL or from the
/// `PG*` environment variables. Settings left nil fall back to libpq's own defaults.
///
/// The password is never part of `description`.
public struct PostgresConfiguration: Sendable, CustomStringConvertible, Equatable {
    /// Host name, IP address, or (when it starts with `/`) the directory of a unix socket.
    public var host: String?
    public var port: Int?
    public var user: String?
    public var password: String?
    public var database: String?
    /// libpq `sslmode`: disable, allow, prefer, require, verify-ca or verify-full.
    public var sslMode: String?
    /// Shown in `pg_stat_activity`.
    public var applicationName: String?
    /// Seconds libpq waits for a connection to be established.
    public var connectTimeoutSeconds: Int?
    /// Any other libpq connection keywords given as URL query parameters.
    public var otherParameters: [String: String]

    /// A configuration given in code; nil settings use libpq's defaults.
    public init(
        host: String? = nil, port: Int? = nil, user: String? = nil, password: String? = nil,
        database: String? = nil, sslMode: String? = nil, applicationName: String? = nil,
        connectTimeoutSeconds: Int? = nil, otherParameters: [String: String] = [:]
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
        self.applicationName = applicationName
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.otherParameters = otherParameters
    }

    private static let knownKeywords: Set<String> = [
        "host", "hostaddr", "port", "user", "password", "dbname", "sslmode", "application_name",
        "connect_timeout", "options", "sslcert", "sslkey", "sslrootcert", "sslcrl", "target_session_attrs",
        "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
        "channel_binding", "gssencmode", "sslcompression", "sslsni", "passfile", "service",
        "fallback_application_name", "krbsrvname", "requirepeer", "ssl_min_protocol_version",
        "ssl_max_protocol_version", "load_balance_hosts",
    ]

    /// Parses `postgres://user:password@host:port/database?sslmode=require&application_name=x`.
    /// `postgresql://` works too; `postgres:///db?host=/run/postgresql` connects over the unix
    /// socket in that directory. User, password and database are percent-decoded.
    public init(url: String) throws {
        self.init()
        let rest: Substring
        if url.hasPrefix("postgresql://") {
            rest = url.dropFirst("postgresql://".count)
        } else if url.hasPrefix("postgres://") {
            rest = url.dropFirst("postgres://".count)
        } else {
            throw PostgresError.configuration("a database URL must start with postgres:// or postgresql://")
        }
        var main = rest
        var queryPart: Substring = ""
        if let question = rest.firstIndex(of: "?") {
            main = rest[..<question]
            queryPart = rest[rest.index(after: question)...]
        }
        var authority = main
        var path: Substring = ""
        if let slash = main.firstIndex(of: "/") {
            authority = main[..<slash]
            path = main[main.index(after: slash)...]
        }
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = try Self.decode(credentials[..<colon], what: "user")
                password = try Self.decode(credentials[credentials.index(after: colon)...], what: "password")
            } else if !credentials.isEmpty {
                user = try Self.decode(credentials, what: "user")
            }
        }
        if !authority.isEmpty {
            var hostPart = authority
            var portPart: Substring?
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else {
                    throw PostgresError.configuration("the database URL has an unclosed [IPv6 address]")
                }
                hostPart = authority[authority.index(after: authority.startIndex)..<close]
                let after = authority[authority.index(after: close)...]
                if after.hasPrefix(":") { portPart = after.dropFirst() }
            } else if let colon = authority.lastIndex(of: ":") {
                hostPart = authority[..<colon]
                portPart = authority[authority.index(after: colon)...]
            }
            if !hostPart.isEmpty { host = try Self.decode(hostPart, what: "host") }
            if let portPart, !portPart.isEmpty { port = try Self.port(String(portPart)) }
        }
        if !path.isEmpty { database = try Self.decode(path, what: "database name") }
        for pair in queryPart.split(separator: "&", omittingEmptySubsequences: true) {
            let key: String
            let value: String
            if let equals = pair.firstIndex(of: "=") {
                key = try Self.decode(pair[..<equals], what: "parameter name")
                value = try Self.decode(pair[pair.index(after: equals)...], what: "parameter \(key)")
            } else {
                key = try Self.decode(pair, what: "parameter name")
                value = ""
            }
            try set(keyword: key, value: value)
        }
    }

    /// Reads `DATABASE_URL` when present, otherwise `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
    /// `PGDATABASE`, `PGSSLMODE`, `PGAPPNAME` and `PGCONNECT_TIMEOUT`.
    public init(environment: [String: String]) throws {
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            try self.init(url: url)
            return
        }
        self.init()
        host = environment["PGHOST"]
        if let text = environment["PGPORT"] { port = try Self.port(text) }
        user = environment["PGUSER"]
        password = environment["PGPASSWORD"]
        database = environment["PGDATABASE"]
        sslMode = environment["PGSSLMODE"]
        applicationName = environment["PGAPPNAME"]
        if let text = environment["PGCONNECT_TIMEOUT"] {
            guard let seconds = Int(text), seconds >= 0 else {
                throw PostgresError.configuration("PGCONNECT_TIMEOUT must be a whole number of seconds, not '\(text)'")
            }
            connectTimeoutSeconds = seconds
        }
    }

    private mutating func set(keyword: String, value: String) throws {
        switch keyword {
        case "host": host = value
        case "port": port = try Self.port(value)
        case "user": user = value
        case "password": password = value
        case "dbname": database = value
        case "sslmode": sslMode = value
        case "application_name": applicationName = value
        case "connect_timeout":
            guard let seconds = Int(value), seconds >= 0 else {
                throw PostgresError.configuration("connect_timeout must be a whole number of seconds, not '\(value)'")
            }
            connectTimeoutSeconds = seconds
        default:
            guard Self.knownKeywords.contains(keyword) else {
                throw PostgresError.configuration("unknown database URL parameter '\(keyword)'")
            }
            otherParameters[keyword] = value
        }
    }

    /// The same configuration pointing at another database (tests and tools make scratch databases).
    public func with(database: String) -> PostgresConfiguration {
        var copy = self
        copy.database = database
        return copy
    }

    /// libpq keyword/value pairs, in a stable order.
    var connectionParameters: [(String, String)] {
        var pairs: [(String, String)] = []
        if let host { pairs.append(("host", host)) }
        if let port { pairs.append(("port", String(port))) }
        if let user { pairs.append(("user", user)) }
        if let password { pairs.append(("password", password)) }
        if let database { pairs.append(("dbname", database)) }
        if let sslMode { pairs.append(("sslmode", sslMode)) }
        if let applicationName { pairs.append(("application_name", applicationName)) }
        if let connectTimeoutSeconds { pairs.append(("connect_timeout", String(connectTimeoutSeconds))) }
        for key in otherParameters.keys.sorted() where key != "password" {
            pairs.append((key, otherParameters[key] ?? ""))
        }
        return pairs
    }

    /// A URL-like summary with the password replaced by `***`.
    public var description: String {
        var text = "postgresql://"
        if let user { text += user + (password == nil ? "" : ":***") + "@" }
        if let host, !host.hasPrefix("/") { text += host.contains(":") ? "[\(host)]" : host }
        if let port, host?.hasPrefix("/") != true { text += ":\(port)" }
        text += "/" + (database ?? "")
        var query: [String] = []
        if let host, host.hasPrefix("/") { query.append("host=\(host)") }
        if let port, host?.hasPrefix("/") == true { query.append("port=\(port)") }
        if let sslMode { query.append("sslmode=\(sslMode)") }
        if let applicationName { query.append("application_name=\(applicationName)") }
        for key in otherParameters.keys.sorted() where key != "password" {
            query.append("\(key)=\(otherParameters[key] ?? "")")
        }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }

    private static func port(_ text: String) throws -> Int {
        guard let number = Int(text), (1...65535).contains(number) else {
            throw PostgresError.configuration("the database port must be a number from 1 to 65535, not '\(text)'")
        }
        return number
    }

    private static func decode(_ text: Substring, what: String) throws -> String {
        guard text.contains("%") || text.contains("+") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw PostgresError.configuration("the database URL's \(what) has a bad %-escape")
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
}
