/// A PostgreSQL type, identified by its OID as the server reports it for a result column
/// or expects it for a parameter. OID 0 (`unspecified`) lets the server infer the type.
public struct PostgresType: Sendable, Hashable, CustomStringConvertible {
    /// The type's object identifier in `pg_type`.
    public let oid: UInt32

    /// The type with this OID (for types created in the database, look the OID up in `pg_type`).
    public init(oid: UInt32) { self.oid = oid }

    public static let unspecified = PostgresType(oid: 0)
    public static let bool = PostgresType(oid: 16)
    public static let bytea = PostgresType(oid: 17)
    public static let char = PostgresType(oid: 18)
    public static let name = PostgresType(oid: 19)
    public static let int8 = PostgresType(oid: 20)
    public static let int2 = PostgresType(oid: 21)
    public static let int4 = PostgresType(oid: 23)
    public static let text = PostgresType(oid: 25)
    public static let oidType = PostgresType(oid: 26)
    public static let json = PostgresType(oid: 114)
    public static let xml = PostgresType(oid: 142)
    public static let float4 = PostgresType(oid: 700)
    public static let float8 = PostgresType(oid: 701)
    public static let unknown = PostgresType(oid: 705)
    public static let bpchar = PostgresType(oid: 1042)
    public static let varchar = PostgresType(oid: 1043)
    public static let date = PostgresType(oid: 1082)
    public static let timestamp = PostgresType(oid: 1114)
    public static let timestamptz = PostgresType(oid: 1184)
    public static let numeric = PostgresType(oid: 1700)
    public static let uuid = PostgresType(oid: 2950)
    public static let jsonb = PostgresType(oid: 3802)

    public static let boolArray = PostgresType(oid: 1000)
    public static let byteaArray = PostgresType(oid: 1001)
    public static let int2Array = PostgresType(oid: 1005)
    public static let int4Array = PostgresType(oid: 1007)
    public static let textArray = PostgresType(oid: 1009)
    public static let int8Array = PostgresType(oid: 1016)
    public static let float4Array = PostgresType(oid: 1021)
    public static let float8Array = PostgresType(oid: 1022)
    public static let timestamptzArray = PostgresType(oid: 1185)
    public static let dateArray = PostgresType(oid: 1182)
    public static let numericArray = PostgresType(oid: 1231)
    public static let uuidArray = PostgresType(oid: 2951)
    public static let jsonbArray = PostgresType(oid: 3807)

    /// Types whose binary form is their text in UTF-8. OIDs from 16384 up are created in the
    /// database (enums, `citext`, ...); their binary form is text for the types an
    /// application stores as strings, so they decode as `String` too.
    var isTextLike: Bool {
        switch oid {
        case 25, 1043, 1042, 19, 18, 705, 114, 142: return true
        default: return oid >= 16384
        }
    }

    public var description: String {
        switch oid {
        case 0: return "unspecified"
        case 16: return "boolean"
        case 17: return "bytea"
        case 18: return "\"char\""
        case 19: return "name"
        case 20: return "bigint"
        case 21: return "smallint"
        case 23: return "integer"
        case 25: return "text"
        case 26: return "oid"
        case 114: return "json"
        case 142: return "xml"
        case 700: return "real"
        case 701: return "double precision"
        case 705: return "unknown"
        case 1042: return "character"
        case 1043: return "character varying"
        case 1082: return "date"
        case 1114: return "timestamp"
        case 1184: return "timestamptz"
        case 1700: return "numeric"
        case 2950: return "uuid"
        case 3802: return "jsonb"
        case 1000: return "boolean[]"
        case 1001: return "bytea[]"
        case 1005: return "smallint[]"
        case 1007: return "integer[]"
        case 1009: return "text[]"
        case 1015: return "character varying[]"
        case 1016: return "bigint[]"
        case 1021: return "real[]"
        case 1022: return "double precision[]"
        case 1182: return "date[]"
        case 1185: return "timestamptz[]"
        case 1231: return "numeric[]"
        case 2951: return "uuid[]"
        case 3807: return "jsonb[]"
        default: return "type oid \(oid)"
        }
    }
}
