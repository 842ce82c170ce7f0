import CLibPQ

/// Everything that can go wrong talking to PostgreSQL, with what the server said about it.
///
/// Callers tell a conflict from a bug by `sqlState` (see `isRetryable`, `isUniqueViolation`), and show
/// users `message`, `detail` and `hint` as the server wrote them.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The connection could not be opened, or was lost.
        case connection
        /// The server refused or failed a statement.
        case server
        /// The client misused the API or received something it cannot decode.
        case client
    }

    public var kind: Kind
    public var sqlState: String?
    public var severity: String?
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var table: String?
    public var column: String?

    public init(kind: Kind, message: String, sqlState: String? = nil, severity: String? = nil,
                detail: String? = nil, hint: String? = nil, constraint: String? = nil,
                table: String? = nil, column: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.severity = severity
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    static func client(_ message: String) -> PostgresError {
        PostgresError(kind: .client, message: message)
    }

    /// Builds an error from a failed result, reading the server's structured fields.
    init(result: OpaquePointer?, connection: OpaquePointer?) {
        func field(_ code: Character) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            let text = String(cString: value)
            return text.isEmpty ? nil : text
        }
        let state = field("C")
        let primary = field("M")
            ?? connection.flatMap { PQerrorMessage($0).map { String(cString: $0) } }?.trimmedMessage
            ?? "unknown error"
        let lost = connection.map { PQstatus($0) != CONNECTION_OK } ?? true
        self.init(
            kind: state == nil && lost ? .connection : .server,
            message: primary,
            sqlState: state,
            severity: field("V") ?? field("S"),
            detail: field("D"),
            hint: field("H"),
            constraint: field("n"),
            table: field("t"),
            column: field("c"))
    }

    /// Serialization failure (40001) or deadlock (40P01): running the transaction again may succeed.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
    public var isUniqueViolation: Bool { sqlState == "23505" }
    public var isConnectionProblem: Bool { kind == .connection || (sqlState?.hasPrefix("08") ?? false) || sqlState == "57P01" }

    public var description: String {
        var text = message
        if let detail { text += " (\(detail))" }
        if let hint { text += " Hint: \(hint)" }
        return text
    }
}

extension String {
    /// libpq messages end with a newline and sometimes carry a tab-indented second line.
    var trimmedMessage: String {
        split(whereSeparator: \.isNewline)
            .map { $0.trimmingPrefix(while: { $0 == "\t" || $0 == " " }) }
            .joined(separator: " ")
    }
}

extension Substring {
    func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        var s = self
        while let first = s.first, predicate(first) { s = s.dropFirst() }
        return s
    }
}
