/// The rows a statement returned, copied out of libpq's result so the result can be freed at once.
public struct QueryResult: Sendable {
    public let columns: [Column]
    public let rows: [Row]
    /// For INSERT/UPDATE/DELETE/COPY: how many rows the statement touched (`PQcmdTuples`).
    public let affectedRows: Int
    /// The command tag (`PQcmdStatus`): "INSERT 0 1", "COMMIT" — or "ROLLBACK" for a COMMIT of a
    /// transaction that had failed.
    public let commandTag: String

    public struct Column: Sendable {
        public let name: String
        public let type: PostgresType
    }

    init(columns: [Column], cells: [[String?]], affectedRows: Int, commandTag: String = "") {
        self.columns = columns
        let index = Dictionary(columns.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
        self.rows = cells.map { Row(values: $0, columns: columns, index: index) }
        self.affectedRows = affectedRows
        self.commandTag = commandTag
    }

    public var first: Row? { rows.first }
    public var isEmpty: Bool { rows.isEmpty }

    /// The row of a result that must have exactly one (an aggregate, a function call, INSERT … RETURNING
    /// of one row): anything else is an error, not a crash.
    public func singleRow() throws -> Row {
        guard rows.count == 1 else { throw PostgresError.client("expected exactly one row, got \(rows.count)") }
        return rows[0]
    }
}

/// One result row. Decode cells by column name or position into any `PostgresDecodable` type;
/// use an Optional type where the column may be NULL.
public struct Row: Sendable {
    let values: [String?]
    let columns: [QueryResult.Column]
    let index: [String: Int]

    public func decode<T: PostgresDecodable>(at position: Int, as type: T.Type = T.self) throws -> T {
        guard columns.indices.contains(position) else {
            throw PostgresError.client("no column at position \(position); the row has \(columns.count)")
        }
        let column = columns[position]
        do {
            guard let text = values[position] else { return try T.decodeNull(type: column.type) }
            return try T.decode(postgresText: text, type: column.type)
        } catch var error as PostgresError {
            error.message = "column \"\(column.name)\": \(error.message)"
            throw error
        }
    }

    public func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let position = index[name] else {
            throw PostgresError.client("no column named \"\(name)\"; columns are \(columns.map(\.name).joined(separator: ", "))")
        }
        return try decode(at: position, as: type)
    }

    /// The raw text of a cell (nil for NULL), whatever its type.
    public subscript(name: String) -> String? {
        index[name].flatMap { values[$0] }
    }

    public var count: Int { values.count }
}
