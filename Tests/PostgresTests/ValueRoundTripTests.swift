import AwardsTestSupport
import Foundation
import Postgres
import Testing

@Suite struct ValueRoundTripTests {
    let connection: Connection

    init() throws {
        connection = try TestDatabase.create().connect()
    }

    @Test(arguments: [
        "Nguyễn Văn An", "Đắk Lắk — Ê Đê", "Y Đhăm Êban", "", "quote ' and \" and \\ backslash",
        "tab\tnewline\nend", "emoji 🇻🇳", String(repeating: "ắ", count: 10_000),
    ])
    func textRoundTrips(_ text: String) throws {
        let row = try connection.query("SELECT $1::text AS value, length($1::text) AS length", [text]).singleRow()
        #expect(try row.decode("value", as: String.self) == text)
        #expect(try row.decode("length", as: Int.self) == text.unicodeScalars.count)
    }

    @Test func nullsDecodeAsNilAndRefuseNonOptionals() throws {
        let row = try connection.query("SELECT NULL::text AS t, NULL::int AS i, $1::date AS d", [PostgresNull()]).singleRow()
        #expect(try row.decode("t", as: String?.self) == nil)
        #expect(try row.decode("i", as: Int?.self) == nil)
        #expect(try row.decode("d", as: PostgresDate?.self) == nil)
        #expect(throws: PostgresError.self) { try row.decode("t", as: String.self) }
        let optional: String? = nil
        let bound = try connection.query("SELECT $1::text IS NULL AS is_null", [optional]).singleRow()
        #expect(try bound.decode("is_null", as: Bool.self))
    }

    @Test func integersBooleansAndNumerics() throws {
        let row = try connection.query(
            "SELECT $1::int8 AS big, $2::int4 AS small, $3::bool AS yes, $4::numeric AS money, 2::int2 AS tiny",
            [Int.max, Int32.min, true, Decimal(string: "123456789012345678901234.5678")!]).singleRow()
        #expect(try row.decode("big", as: Int.self) == Int.max)
        #expect(try row.decode("small", as: Int32.self) == Int32.min)
        #expect(try row.decode("yes", as: Bool.self))
        #expect(try row.decode("money", as: Decimal.self) == Decimal(string: "123456789012345678901234.5678")!)
        #expect(try row.decode("tiny", as: Int.self) == 2)
    }

    @Test func uuidDateAndTimestamptz() throws {
        let id = UUID()
        let instant = Date(timeIntervalSince1970: 1_634_232_600.123456)
        // A session time zone far from UTC must not shift instants.
        try connection.query("SET TIME ZONE 'Asia/Kathmandu'")
        let row = try connection.query("SELECT $1::uuid AS id, $2::date AS day, $3::timestamptz AS at, $3::timestamptz::text AS shown",
                                       [id, PostgresDate(year: 2021, month: 10, day: 15), instant]).singleRow()
        #expect(try row.decode("id", as: UUID.self) == id)
        #expect(try row.decode("day", as: PostgresDate.self) == PostgresDate(year: 2021, month: 10, day: 15))
        let decoded = try row.decode("at", as: Date.self)
        #expect(abs(decoded.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_001)
        #expect(try row.decode("shown", as: String.self).hasSuffix("+05:45"))
    }

    @Test func jsonbRoundTripsThroughCodable() throws {
        struct Achievement: Codable, Equatable { let title: String; let year: Int; let tags: [String] }
        let value = Achievement(title: "Sáng kiến tưới cà phê tiết kiệm nước", year: 2021, tags: ["nông dân", "sáng kiến"])
        let row = try connection.query("SELECT $1::jsonb AS doc, ($1::jsonb)->>'title' AS title", [try PostgresJSON(encoding: value)]).singleRow()
        #expect(try row.decode("doc", as: PostgresJSON.self).decode(Achievement.self) == value)
        #expect(try row.decode("title", as: String.self) == value.title)
    }

    @Test func textArraysKeepQuotesCommasAndNulls() throws {
        let values = ["officer", "a,b", "say \"hi\"", "back\\slash", "{brace}", "NULL", "Đắk Lắk", ""]
        let row = try connection.query("SELECT $1::text[] AS list, cardinality($1::text[]) AS n, ARRAY['x', NULL] AS with_null", [values]).singleRow()
        #expect(try row.decode("list", as: [String?].self) == values)
        #expect(try row.decode("n", as: Int.self) == values.count)
        #expect(try row.decode("with_null", as: [String?].self) == ["x", nil])
    }

    @Test func arraysWithNullsFeedUnnestAsRows() throws {
        let rows = try connection.query("""
            SELECT n, at FROM unnest($1::bigint[], $2::timestamptz[]) AS t(n, at) ORDER BY n
            """, [["1", "2"], PostgresArray([Date(timeIntervalSince1970: 0).postgresParameter, nil])]).rows
        try #require(try rows.map { try $0.decode("n", as: Int.self) } == [1, 2])
        #expect(try rows[0].decode("at", as: Date?.self) == Date(timeIntervalSince1970: 0))
        #expect(try rows[1].decode("at", as: Date?.self) == nil)
    }

    @Test func decodingTheWrongTypeIsAnErrorNotAGuess() throws {
        let row = try connection.query("SELECT 'abc'::text AS t, 1.5::numeric AS n").singleRow()
        #expect(throws: PostgresError.self) { try row.decode("t", as: Int.self) }
        #expect(throws: PostgresError.self) { try row.decode("n", as: Int.self) }
        #expect(throws: PostgresError.self) { try row.decode("missing", as: String.self) }
    }

    @Test func parametersAreNeverSQL() throws {
        try connection.query("CREATE TABLE victims (name text)")
        let hostile = "x'); DROP TABLE victims; --"
        try connection.query("INSERT INTO victims (name) VALUES ($1)", [hostile])
        let row = try connection.query("SELECT name FROM victims").singleRow()
        #expect(try row.decode("name", as: String.self) == hostile)
    }
}
