import CLibPQ

/// Where and how to connect: libpq's own keywords (`host`, `port`, `dbname`, `user`, `password`,
/// `sslmode`, …), or a `postgres://` URL, which libpq itself expands.
///
/// Nothing is ever spliced into a connection string: the values travel to `PQconnectdbParams` as a
/// keyword/value array, so a password containing `'` or a space needs no escaping.
public struct ConnectionConfiguration: Sendable, CustomStringConvertible {
    public private(set) var parameters: [(key: String, value: String)]

    public init(_ parameters: [(key: String, value: String)] = []) {
        self.parameters = parameters
    }

    /// A `postgres://user:password@host:port/dbname?sslmode=…` URL or a `key=value …` string.
    /// Checked by libpq's own parser, so a malformed URL fails here with libpq's explanation.
    public init(url: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &error) else {
            let message = error.map { String(cString: $0).trimmedMessage } ?? "malformed connection URL"
            if let error { PQfreemem(error) }
            throw PostgresError(kind: .client, message: "invalid database URL: \(message)")
        }
        defer { PQconninfoFree(options) }
        var parameters: [(key: String, value: String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                parameters.append((String(cString: keyword), String(cString: value)))
            }
            option += 1
        }
        self.init(parameters)
    }

    /// Sets (or replaces) one keyword.
    public mutating func set(_ key: String, _ value: String?) {
        parameters.removeAll { $0.key == key }
        if let value { parameters.append((key, value)) }
    }

    public func value(_ key: String) -> String? {
        parameters.last { $0.key == key }?.value
    }

    public func setting(_ key: String, _ value: String?) -> ConnectionConfiguration {
        var copy = self
        copy.set(key, value)
        return copy
    }

    /// A description safe to print or log: never includes the password.
    public var description: String {
        let user = value("user") ?? "(default user)"
        let host = value("host") ?? value("hostaddr") ?? "(default host)"
        let port = value("port").map { ":\($0)" } ?? ""
        let database = value("dbname") ?? user
        return "\(user)@\(host)\(port)/\(database)"
    }
}
