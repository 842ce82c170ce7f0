import AwardsTestSupport
import Foundation
import Postgres
import Testing

@Suite struct NotifyTests {
    @Test func listenerReceivesNotificationsWithPayload() throws {
        let database = try TestDatabase.create()
        let listener = try database.connect()
        let sender = try database.connect()
        try listener.listen("deadlines changed")
        try sender.notify("deadlines changed", payload: "đề nghị 42")
        let received = try listener.waitForNotification(timeout: .seconds(5))
        #expect(received?.channel == "deadlines changed")
        #expect(received?.payload == "đề nghị 42")
        // Notifications sent inside a transaction arrive only when it commits.
        try sender.transaction { connection in
            try connection.notify("deadlines changed", payload: "later")
            #expect(try listener.waitForNotification(timeout: .milliseconds(200)) == nil)
        }
        #expect(try listener.waitForNotification(timeout: .seconds(5))?.payload == "later")
    }

    @Test func waitTimesOutWhenNothingArrives() throws {
        let listener = try TestDatabase.create().connect()
        try listener.listen("quiet")
        let start = ContinuousClock.now
        #expect(try listener.waitForNotification(timeout: .milliseconds(300)) == nil)
        let waited = ContinuousClock.now - start
        #expect(waited >= .milliseconds(290))
        #expect(waited < .seconds(30), "the wait must end by itself")
    }
}

@Suite struct CopyTests {
    @Test func copiesRowsWithAwkwardCharactersExactly() throws {
        let connection = try TestDatabase.create().connect()
        try connection.query("CREATE TABLE people (n int, name text, note text)")
        let awkward = ["Nguyễn Văn An", "tab\there", "line\nbreak", "back\\slash\\N", "\\.", "carriage\rreturn", ""]
        let rows: [[String?]] = (0..<10_000).map { i in [String(i), awkward[i % awkward.count], i % 3 == 0 ? nil : "ghi chú \(i)"] }
        let stored = try connection.copyIn("COPY people (n, name, note) FROM STDIN", rows: rows)
        #expect(stored == 10_000)
        let back = try connection.query("SELECT n, name, note FROM people ORDER BY n").rows
        #expect(back.count == rows.count)
        for (row, expected) in zip(back, rows) {
            #expect(try row.decode("name", as: String.self) == expected[1])
            #expect(try row.decode("note", as: String?.self) == expected[2])
        }
    }

    @Test func badRowStoresNothingAndLeavesTheConnectionUsable() throws {
        let connection = try TestDatabase.create().connect()
        try connection.query("CREATE TABLE numbers (n int NOT NULL)")
        let rows: [[String?]] = [["1"], ["2"], ["not a number"], ["4"]]
        let error = #expect(throws: PostgresError.self) { try connection.copyIn("COPY numbers (n) FROM STDIN", rows: rows) }
        #expect(error?.sqlState == "22P02")
        #expect(try connection.query("SELECT count(*) AS n FROM numbers").singleRow().decode("n", as: Int.self) == 0)
    }
}
