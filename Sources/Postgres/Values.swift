import Foundation

// Values cross the wire in PostgreSQL's text format: parameters are sent as text with their type
// left for the server to infer from the statement, and results are decoded from text according to
// the column's type OID, so a mismatch ("decode a text column as Int") is caught, not guessed at.

/// A value that can be bound to a `$n` placeholder.
public protocol PostgresBindable: Sendable {
    /// The parameter in PostgreSQL's text format, or nil for SQL NULL.
    var postgresParameter: String? { get }
}

/// A value that can be read from a result column.
public protocol PostgresDecodable {
    static func decode(postgresText text: String, type: PostgresType) throws -> Self
    /// What a NULL becomes; non-optional types refuse it.
    static func decodeNull(type: PostgresType) throws -> Self
}

extension PostgresDecodable {
    public static func decodeNull(type: PostgresType) throws -> Self {
        throw PostgresError.client("unexpected NULL where a \(Self.self) was expected")
    }
}

/// SQL NULL as an explicit parameter, where no typed optional is at hand.
public struct PostgresNull: PostgresBindable {
    public init() {}
    public var postgresParameter: String? { nil }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    public var postgresParameter: String? { self?.postgresParameter }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws -> Self {
        try Wrapped.decode(postgresText: text, type: type)
    }
    public static func decodeNull(type: PostgresType) throws -> Self { nil }
}

private func mismatch<T>(_ swiftType: T.Type, _ type: PostgresType) -> PostgresError {
    .client("cannot decode a \(type) column as \(swiftType)")
}

// MARK: - Text

extension String: PostgresBindable, PostgresDecodable {
    public var postgresParameter: String? { self }
    public static func decode(postgresText text: String, type: PostgresType) throws -> String {
        // Anything has a text form; reading uuid, date or numeric as String is deliberate and harmless.
        text
    }
}

extension Substring: PostgresBindable {
    public var postgresParameter: String? { String(self) }
}

// MARK: - Numbers

extension Int: PostgresBindable, PostgresDecodable {
    public var postgresParameter: String? { String(self) }
    public static func decode(postgresText text: String, type: PostgresType) throws -> Int {
        guard type.isInteger, let value = Int(text) else { throw mismatch(Int.self, type) }
        return value
    }
}

extension Int32: PostgresBindable, PostgresDecodable {
    public var postgresParameter: String? { String(self) }
    public static func decode(postgresText text: String, type: PostgresType) throws -> Int32 {
        guard type.isInteger, let value = Int32(text) else { throw mismatch(Int32.self, type) }
        return value
    }
}

extension Int64: PostgresBindable, PostgresDecodable {
    public var postgresParameter: String? { String(self) }
    public static func decode(postgresText text: String, type: PostgresType) throws -> Int64 {
        guard type.isInteger, let value = Int64(text) else { throw mismatch(Int64.self, type) }
        return value
    }
}

extension Double: PostgresBindable, PostgresDecodable {
    public var postgresParameter: String? { String(self) }
    public static func decode(postgresText text: String, type: PostgresType) throws -> Double {
        guard [.float4, .float8, .numeric].contains(type) || type.isInteger, let value = Double(text) else {
            throw mismatch(Double.self, type)
        }
        return value
    }
}

extension Decimal: PostgresBindable, PostgresDecodable {
    public var postgresParameter: String? {
        var value = self
        return NSDecimalString(&value, Locale(identifier: "en_US_POSIX"))
    }
    public static func decode(postgresText text: String, type: PostgresType) throws -> Decimal {
        guard type == .numeric || type.isInteger,
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw mismatch(Decimal.self, type)
        }
        return value
    }
}

extension Bool: PostgresBindable, PostgresDecodable {
    public var postgresParameter: String? { self ? "t" : "f" }
    public static func decode(postgresText text: String, type: PostgresType) throws -> Bool {
        guard type == .bool else { throw mismatch(Bool.self, type) }
        return text == "t"
    }
}

// MARK: - Identifiers

extension UUID: PostgresBindable, PostgresDecodable {
    public var postgresParameter: String? { uuidString.lowercased() }
    public static func decode(postgresText text: String, type: PostgresType) throws -> UUID {
        guard type == .uuid || type.isTextual, let value = UUID(uuidString: text) else {
            throw mismatch(UUID.self, type)
        }
        return value
    }
}

// MARK: - Time

/// A `date` column: a civil day with no time zone.
public struct PostgresDate: Hashable, Sendable, PostgresBindable, PostgresDecodable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var postgresParameter: String? { description }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func decode(postgresText text: String, type: PostgresType) throws -> PostgresDate {
        // DateStyle is pinned to ISO for every connection, so dates arrive as YYYY-MM-DD.
        let parts = text.split(separator: "-")
        guard type == .date, parts.count == 3,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            throw mismatch(PostgresDate.self, type)
        }
        return PostgresDate(year: year, month: month, day: day)
    }
}

extension Date: PostgresBindable, PostgresDecodable {
    /// Sent with an explicit UTC offset, so the session's TimeZone setting cannot shift it.
    public var postgresParameter: String? {
        let seconds = timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let micros = Int(((seconds - whole) * 1_000_000).rounded())
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d.%06d+00",
                      parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, micros)
    }

    /// Reads ISO output such as `2026-11-28 10:19:48.123456+07`, `…+05:30` or `…+00`.
    public static func decode(postgresText text: String, type: PostgresType) throws -> Date {
        guard type == .timestamptz, let date = parseTimestamptz(text) else { throw mismatch(Date.self, type) }
        return date
    }

    private static func parseTimestamptz(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        guard scalars.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 {
                fraction += Double(scalars[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < scalars.count {
            let sign = scalars[index] == UInt8(ascii: "-") ? -1 : 1
            guard scalars[index] == UInt8(ascii: "+") || scalars[index] == UInt8(ascii: "-"),
                  let hours = number(index + 1..<index + 3) else { return nil }
            var minutes = 0
            var seconds = 0
            if index + 3 < scalars.count, scalars[index + 3] == UInt8(ascii: ":") {
                guard let m = number(index + 4..<index + 6) else { return nil }
                minutes = m
                if index + 6 < scalars.count, scalars[index + 6] == UInt8(ascii: ":") {
                    guard let s = number(index + 7..<index + 9) else { return nil }
                    seconds = s
                }
            }
            offsetSeconds = sign * (hours * 3600 + minutes * 60 + seconds)
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let epochSeconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return Date(timeIntervalSince1970: epochSeconds)
    }

    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

// MARK: - JSON

/// A `json`/`jsonb` value kept as its text; encode and decode with Codable when you need structure.
public struct PostgresJSON: Hashable, Sendable, PostgresBindable, PostgresDecodable {
    public var text: String

    public init(text: String) { self.text = text }

    public init<T: Encodable>(encoding value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    public var postgresParameter: String? { text }

    public static func decode(postgresText text: String, type: PostgresType) throws -> PostgresJSON {
        guard type == .jsonb || type == .json else { throw mismatch(PostgresJSON.self, type) }
        return PostgresJSON(text: text)
    }
}

// MARK: - Arrays of text

extension Array: PostgresBindable where Element == String {
    public var postgresParameter: String? { PostgresArray(map { $0 }).postgresParameter }
}

/// A one-dimensional array parameter whose elements may be NULL; cast it in SQL (`$1::bigint[]`) to
/// send numbers or timestamps, as `unnest` of several arrays does for a batch of rows.
public struct PostgresArray: PostgresBindable {
    public var elements: [String?]

    public init(_ elements: [String?]) {
        self.elements = elements
    }

    /// Every element quoted, so commas, braces and quotes inside names are safe.
    public var postgresParameter: String? {
        "{" + elements.map { element in
            guard let element else { return "NULL" }
            var quoted = "\""
            for character in element {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return quoted + "\""
        }.joined(separator: ",") + "}"
    }
}

extension Array: PostgresDecodable where Element == String? {
    public static func decode(postgresText text: String, type: PostgresType) throws -> [String?] {
        guard type.isTextArray, let elements = PostgresArrayLiteral.parse(text) else {
            throw mismatch([String?].self, type)
        }
        return elements
    }
}

/// Reads the text form of a one-dimensional array: `{a,"b c",NULL,"say \"hi\""}`.
enum PostgresArrayLiteral {
    static func parse(_ text: String) -> [String?]? {
        var characters = Substring(text)
        // An explicit lower bound ("[0:2]={…}") only appears for unusual arrays; skip it.
        if characters.first == "[", let equals = characters.firstIndex(of: "=") {
            characters = characters[characters.index(after: equals)...]
        }
        guard characters.first == "{", characters.last == "}" else { return nil }
        characters = characters.dropFirst().dropLast()
        var elements: [String?] = []
        guard !characters.isEmpty else { return elements }
        var iterator = characters.makeIterator()
        var current = ""
        var quoted = false
        var wasQuoted = false
        while let character = iterator.next() {
            if quoted {
                switch character {
                case "\\": if let next = iterator.next() { current.append(next) }
                case "\"": quoted = false
                default: current.append(character)
                }
            } else {
                switch character {
                case "\"": quoted = true; wasQuoted = true
                case ",":
                    elements.append(!wasQuoted && current == "NULL" ? nil : current)
                    current = ""
                    wasQuoted = false
                case "{": return nil // multi-dimensional arrays are not needed here
                default: current.append(character)
                }
            }
        }
        elements.append(!wasQuoted && current == "NULL" ? nil : current)
        return elements
    }
}
