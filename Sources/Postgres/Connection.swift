import CLibPQ
import Foundation

/// One open connection to PostgreSQL.
///
/// libpq allows a connection to be used by one thread at a time. This class is deliberately not
/// `Sendable`, so the compiler refuses to share it across concurrency domains; its calls block,
/// so async code reaches it through `ConnectionWorker`, which keeps them off Swift's cooperative pool.
public final class Connection {
    private let handle: OpaquePointer
    public let configuration: ConnectionConfiguration
    /// Statements prepared on this session by `queryPrepared`, by SQL text: a session's prepared
    /// statements last until it ends, whatever its transactions do.
    private var preparedNames: [String: String] = [:]

    /// Opens a connection. Every session gets ISO dates and UTF-8, whatever the server's defaults are,
    /// because decoding relies on both.
    public init(_ configuration: ConnectionConfiguration) throws {
        var configuration = configuration
        configuration.set("client_encoding", "UTF8")
        if configuration.value("application_name") == nil { configuration.set("application_name", "awards") }
        if configuration.value("connect_timeout") == nil { configuration.set("connect_timeout", "10") }
        let pinned = "-c DateStyle=ISO,YMD -c IntervalStyle=iso_8601 -c extra_float_digits=3"
        configuration.set("options", [configuration.value("options"), pinned].compactMap { $0 }.joined(separator: " "))
        self.configuration = configuration

        let keys = configuration.parameters.map { strdup($0.key) }
        let values = configuration.parameters.map { strdup($0.value) }
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keyArray: [UnsafePointer<CChar>?] = keys.map { UnsafePointer($0) } + [nil]
        let valueArray: [UnsafePointer<CChar>?] = values.map { UnsafePointer($0) } + [nil]
        guard let connection = PQconnectdbParams(keyArray, valueArray, 0) else {
            throw PostgresError(kind: .connection, message: "out of memory opening a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmedMessage
            PQfinish(connection)
            throw PostgresError(kind: .connection, message: message)
        }
        // Notices ("relation already exists, skipping") would otherwise go straight to stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        self.handle = connection
    }

    deinit {
        PQfinish(handle)
    }

    public var isOpen: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether a transaction is open on this session (active, idle in it, or failed in it).
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// The server's version as an integer, e.g. 150018 for 15.18.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// The login role this connection authenticated as.
    public var user: String { String(cString: PQuser(handle)) }

    /// The SCRAM-SHA-256 verifier of `password` for role `user`, computed here by libpq, so that the
    /// password itself never reaches the server, its SQL text or its logs (what psql's \\password does).
    public func passwordVerifier(_ password: String, user: String) throws -> String {
        guard let encrypted = PQencryptPasswordConn(handle, password, user, "scram-sha-256") else {
            throw PostgresError(kind: .client, message: String(cString: PQerrorMessage(handle)).trimmedMessage)
        }
        defer { PQfreemem(encrypted) }
        return String(cString: encrypted)
    }

    /// Re-establishes a broken connection with the same parameters.
    public func reset() throws {
        PQreset(handle)
        preparedNames = [:]
        guard isOpen else {
            throw PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)).trimmedMessage)
        }
    }

    // MARK: Statements

    /// Runs one statement with `$1, $2, …` placeholders bound to `parameters`. Values never become SQL text.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresBindable] = []) throws -> QueryResult {
        try consume(withTexts(of: parameters) { values in
            PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        })
    }

    /// Like `query(_:_:)`, but parsed and planned once per session and then only executed: for a
    /// statement a loop runs once per item (the daemon's "mark sent"), where parsing and planning cost
    /// as much as the work itself.
    @discardableResult
    public func queryPrepared(_ sql: String, _ parameters: [any PostgresBindable] = []) throws -> QueryResult {
        let name: String
        if let prepared = preparedNames[sql] {
            name = prepared
        } else {
            name = "awards_prepared_\(preparedNames.count + 1)"
            _ = try consume(PQprepare(handle, name, sql, Int32(parameters.count), nil))
            preparedNames[sql] = name
        }
        return try consume(withTexts(of: parameters) { values in
            PQexecPrepared(handle, name, Int32(parameters.count), values, nil, nil, 0)
        })
    }

    /// The parameters as the C strings libpq takes (NULL for nil), alive while `body` runs.
    private func withTexts(of parameters: [any PostgresBindable],
                           _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> OpaquePointer?) -> OpaquePointer? {
        let copies = parameters.map { $0.postgresParameter.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// Runs a script of several statements with no parameters (a migration file); returns nothing.
    /// Not for statements that carry values: those go through `query(_:_:)`.
    public func executeScript(_ sql: String) throws {
        let result = PQexec(handle, sql)
        _ = try consume(result)
    }

    private func consume(_ result: OpaquePointer?) throws -> QueryResult {
        defer { PQclear(result) }
        guard let result else {
            throw PostgresError(result: nil, connection: handle)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return QueryResult(columns: [], cells: [], affectedRows: affectedRows(result),
                               commandTag: String(cString: PQcmdStatus(result)))
        case PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE:
            return materialize(result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            throw PostgresError.client("COPY must go through copyIn(_:rows:)")
        default:
            throw PostgresError(result: result, connection: handle)
        }
    }

    private func affectedRows(_ result: OpaquePointer) -> Int {
        Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    private func materialize(_ result: OpaquePointer) -> QueryResult {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { column in
            QueryResult.Column(name: String(cString: PQfname(result, Int32(column))),
                               type: PostgresType(rawValue: PQftype(result, Int32(column))))
        }
        var cells: [[String?]] = []
        cells.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, Int32(row), Int32(column))))
                }
            }
            cells.append(values)
        }
        return QueryResult(columns: columns, cells: cells, affectedRows: affectedRows(result),
                           commandTag: String(cString: PQcmdStatus(result)))
    }

    // MARK: Identifiers

    /// Quotes a name (a channel, a role) for the few statements that take identifiers, not values.
    public func quoteIdentifier(_ name: String) throws -> String {
        guard let quoted = PQescapeIdentifier(handle, name, name.utf8.count) else {
            throw PostgresError.client(String(cString: PQerrorMessage(handle)).trimmedMessage)
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    // MARK: LISTEN / NOTIFY

    public struct Notification: Sendable, Equatable {
        public let channel: String
        public let payload: String
        public let senderProcessID: Int32
    }

    public func listen(_ channel: String) throws {
        try query("LISTEN \(try quoteIdentifier(channel))")
    }

    public func unlisten(_ channel: String) throws {
        try query("UNLISTEN \(try quoteIdentifier(channel))")
    }

    public func notify(_ channel: String, payload: String = "") throws {
        try query("SELECT pg_notify($1, $2)", [channel, payload])
    }

    /// Waits up to `timeout` for a notification on a channel this connection listens to;
    /// nil when the time ran out.
    public func waitForNotification(timeout: Duration) throws -> Notification? {
        let deadline = ContinuousClock.now + timeout
        while true {
            guard PQconsumeInput(handle) == 1 else {
                throw PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)).trimmedMessage)
            }
            if let notice = PQnotifies(handle) {
                defer { PQfreemem(notice) }
                return Notification(channel: String(cString: notice.pointee.relname),
                                    payload: String(cString: notice.pointee.extra),
                                    senderProcessID: notice.pointee.be_pid)
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return nil }
            let socket = PQsocket(handle)
            guard socket >= 0 else {
                throw PostgresError(kind: .connection, message: "the connection to the server is closed")
            }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000
                                     + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 && errno != EINTR {
                throw PostgresError(kind: .connection, message: "waiting for notifications failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    // MARK: COPY FROM STDIN

    /// Streams rows into `copyStatement` (a `COPY table (columns) FROM STDIN` statement) in text format.
    /// Returns how many rows the server stored. Either all rows arrive or none do.
    @discardableResult
    public func copyIn<Rows: Sequence>(_ copyStatement: String, rows: Rows) throws -> Int where Rows.Element == [String?] {
        let start = PQexec(handle, copyStatement)
        let status = PQresultStatus(start)
        if status != PGRES_COPY_IN {
            defer { PQclear(start) }
            if status == PGRES_FATAL_ERROR { throw PostgresError(result: start, connection: handle) }
            throw PostgresError.client("not a COPY … FROM STDIN statement")
        }
        PQclear(start)

        var buffer = [UInt8]()
        buffer.reserveCapacity(1 << 16)
        var failure: String?
        func flush() {
            guard failure == nil, !buffer.isEmpty else { return }
            let sent = buffer.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
            }
            if sent != 1 { failure = String(cString: PQerrorMessage(handle)).trimmedMessage }
            buffer.removeAll(keepingCapacity: true)
        }
        for row in rows {
            CopyText.append(row: row, to: &buffer)
            if buffer.count >= 1 << 16 { flush() }
            if failure != nil { break }
        }
        flush()
        let ended = failure.map { reason in PQputCopyEnd(handle, reason) } ?? PQputCopyEnd(handle, nil)
        guard ended == 1 else {
            throw PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)).trimmedMessage)
        }
        var stored = 0
        var error: PostgresError?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                stored = affectedRows(result)
            } else if error == nil {
                error = PostgresError(result: result, connection: handle)
            }
        }
        if let error { throw error }
        return stored
    }
}

/// COPY's text format: tab-separated, `\N` for NULL, backslash escapes for the characters that would
/// otherwise end a field or a row.
enum CopyText {
    static func append(row: [String?], to buffer: inout [UInt8]) {
        for (position, value) in row.enumerated() {
            if position > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard let value else {
                buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
                continue
            }
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(UInt8(ascii: "\n"))
    }
}
