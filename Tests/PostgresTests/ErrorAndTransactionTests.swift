import AwardsTestSupport
import Foundation
import Postgres
import Testing

@Suite struct ErrorTests {
    @Test func serverErrorsCarrySQLStateAndFields() throws {
        let connection = try TestDatabase.create().connect()
        try connection.query("CREATE TABLE units (code text CONSTRAINT units_code_key UNIQUE, size int CONSTRAINT size_positive CHECK (size > 0))")
        try connection.query("INSERT INTO units VALUES ('snv', 1)")

        let duplicate = #expect(throws: PostgresError.self) { try connection.query("INSERT INTO units VALUES ('snv', 2)") }
        #expect(duplicate?.sqlState == "23505")
        #expect(duplicate?.constraint == "units_code_key")
        #expect(duplicate?.detail == "Key (code)=(snv) already exists.")
        #expect(duplicate?.isUniqueViolation == true)
        #expect(duplicate?.kind == .server)

        let check = #expect(throws: PostgresError.self) { try connection.query("INSERT INTO units VALUES ('x', -1)") }
        #expect(check?.sqlState == "23514")
        #expect(check?.constraint == "size_positive")

        let syntax = #expect(throws: PostgresError.self) { try connection.query("SELEC 1") }
        #expect(syntax?.sqlState == "42601")

        let raised = #expect(throws: PostgresError.self) {
            try connection.executeScript("DO $$ BEGIN RAISE EXCEPTION 'thiếu trường' USING ERRCODE = 'P0001', HINT = 'thêm --reason'; END $$")
        }
        #expect(raised?.message == "thiếu trường")
        #expect(raised?.hint == "thêm --reason")

        // The connection stays usable after errors.
        #expect(try connection.query("SELECT count(*) AS n FROM units").singleRow().decode("n", as: Int.self) == 1)
    }

    @Test func unreachableServerIsAConnectionError() throws {
        let error = #expect(throws: PostgresError.self) {
            _ = try Connection(ConnectionConfiguration([("host", "127.0.0.1"), ("port", "1"), ("dbname", "x"), ("connect_timeout", "2")]))
        }
        #expect(error?.kind == .connection)
        #expect(error?.message.contains("Connection refused") == true)
    }

    @Test func wrongPasswordIsRefused() throws {
        let database = try TestDatabase.create()
        let login = TestDatabase.uniqueLogin("pw")
        try database.connect().query("CREATE ROLE \(login) LOGIN PASSWORD 'right'")
        let error = #expect(throws: PostgresError.self) { _ = try database.connect(as: login, password: "wrong") }
        #expect(error?.kind == .connection)
        #expect(error?.message.contains("password authentication failed") == true)
        #expect(try database.connect(as: login, password: "right").user == login)
    }

    @Test func malformedURLIsExplainedByLibpq() {
        let error = #expect(throws: PostgresError.self) { _ = try ConnectionConfiguration(url: "postgres://u@[::1/db") }
        #expect(error?.message.hasPrefix("invalid database URL") == true)
        let description = try? ConnectionConfiguration(url: "postgres://an:secret@db.example:5433/awards").description
        #expect(description == "an@db.example:5433/awards")
    }
}

@Suite struct TransactionTests {
    @Test func commitsOnSuccessAndRollsBackOnError() throws {
        let connection = try TestDatabase.create().connect()
        try connection.query("CREATE TABLE t (v int)")
        try connection.transaction { try $0.query("INSERT INTO t VALUES (1)") }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(try connection.query("SELECT array_agg(v)::text AS vs FROM t").singleRow().decode("vs", as: String.self) == "{1}")
    }

    @Test func aNestedTransactionIsRefusedAndTheOuterOneStillCommits() throws {
        let connection = try TestDatabase.create().connect()
        try connection.query("CREATE TABLE t (v int)")
        var refusal: PostgresError?
        try connection.transaction { connection in
            try connection.query("INSERT INTO t VALUES (1)")
            refusal = #expect(throws: PostgresError.self) {
                try connection.transaction { try $0.query("INSERT INTO t VALUES (2)") }
            }
            try connection.query("INSERT INTO t VALUES (3)")
        }
        #expect(refusal?.kind == .client)
        #expect(refusal?.message.contains("do not nest") == true)
        #expect(try connection.query("SELECT array_agg(v ORDER BY v)::text AS vs FROM t").singleRow().decode("vs", as: String.self) == "{1,3}",
                "the inner body never ran, and its refusal did not end the outer transaction")
    }

    @Test func aCommitThatRolledBackIsAnError() throws {
        let connection = try TestDatabase.create().connect()
        try connection.query("CREATE TABLE t (v int PRIMARY KEY)")
        let failure = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO t VALUES (1)")
                // The body swallows a failed statement and goes on: the server can only roll back.
                _ = try? connection.query("INSERT INTO t VALUES (1)")
            }
        }
        #expect(failure?.message.contains("rolled back") == true)
        #expect(try connection.query("SELECT count(*) AS n FROM t").singleRow().decode("n", as: Int.self) == 0)
        #expect(!connection.isInTransaction)
        try connection.transaction { try $0.query("INSERT INTO t VALUES (2)") }
        #expect(try connection.query("SELECT count(*) AS n FROM t").singleRow().decode("n", as: Int.self) == 1)
    }

    @Test func retriesSerializationFailuresThenGivesUp() throws {
        let connection = try TestDatabase.create().connect()
        try connection.executeScript("""
            CREATE FUNCTION fail_with(code text) RETURNS void LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'simulated conflict' USING ERRCODE = code; END $$;
            CREATE TABLE t (v int);
            """)
        var attempts = 0
        try connection.transaction(maxAttempts: 5) { connection in
            attempts += 1
            try connection.query("INSERT INTO t VALUES ($1)", [attempts])
            if attempts < 3 { try connection.query("SELECT fail_with('40001')") }
        }
        #expect(attempts == 3)
        // Only the successful attempt's row survives.
        #expect(try connection.query("SELECT array_agg(v)::text AS vs FROM t").singleRow().decode("vs", as: String.self) == "{3}")

        attempts = 0
        let deadlock = #expect(throws: PostgresError.self) {
            try connection.transaction(maxAttempts: 2) { connection in
                attempts += 1
                try connection.query("SELECT fail_with('40P01')")
            }
        }
        #expect(deadlock?.sqlState == "40P01")
        #expect(attempts == 2)

        attempts = 0
        #expect(throws: PostgresError.self) {
            try connection.transaction(maxAttempts: 5) { connection in
                attempts += 1
                try connection.query("SELECT fail_with('23505')")
            }
        }
        #expect(attempts == 1, "a unique violation is not worth retrying")
    }

    /// Real conflicts: concurrent serializable read-modify-write transactions on one row. Without the
    /// retries some would fail with 40001; with them every increment lands exactly once.
    @Test func concurrentSerializableIncrementsAllLand() async throws {
        let database = try TestDatabase.create()
        try database.connect().query("CREATE TABLE counter (id int PRIMARY KEY, value int NOT NULL)")
        try database.connect().query("INSERT INTO counter VALUES (1, 0)")
        let workers = 4, increments = 25
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    try await Task.detached {
                        let connection = try database.connect()
                        for _ in 0..<increments {
                            try connection.transaction(.serializable, maxAttempts: 50) { connection in
                                let value = try connection.query("SELECT value FROM counter WHERE id = 1").singleRow().decode("value", as: Int.self)
                                try connection.query("UPDATE counter SET value = $1 WHERE id = 1", [value + 1])
                            }
                        }
                    }.value
                }
            }
            try await group.waitForAll()
        }
        let total = try database.connect().query("SELECT value FROM counter").singleRow().decode("value", as: Int.self)
        #expect(total == workers * increments)
    }
}

@Suite struct PreparedStatementTests {
    /// Prepared once per session: the server lists one statement however often it runs, a rolled-back
    /// transaction keeps it, and a reset session prepares it again.
    @Test func aStatementIsPreparedOncePerSessionAndSurvivesRollbackAndReset() throws {
        let connection = try TestDatabase.create().connect()
        let statement = "SELECT $1::int + 1 AS next"
        func preparedCount() throws -> Int {
            try connection.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1", [statement])
                .singleRow().decode("n", as: Int.self)
        }
        for value in 1...3 {
            #expect(try connection.queryPrepared(statement, [value]).singleRow().decode("next", as: Int.self) == value + 1)
        }
        #expect(try preparedCount() == 1)

        struct Abandon: Error {}
        _ = try? connection.transaction { connection -> Void in
            _ = try connection.queryPrepared(statement, [10])
            throw Abandon()
        }
        #expect(try connection.queryPrepared(statement, [20]).singleRow().decode("next", as: Int.self) == 21)
        #expect(try preparedCount() == 1, "a rollback does not undo a prepared statement")

        try connection.reset()
        #expect(try preparedCount() == 0, "a new session")
        #expect(try connection.queryPrepared(statement, [30]).singleRow().decode("next", as: Int.self) == 31)
        #expect(try preparedCount() == 1)
    }

    @Test func aFailingPreparedStatementIsAnErrorAndTheNextRunWorks() throws {
        let connection = try TestDatabase.create().connect()
        let statement = "SELECT 10 / $1::int AS quotient"
        let failure = #expect(throws: PostgresError.self) { try connection.queryPrepared(statement, [0]) }
        #expect(failure?.sqlState == "22012")
        #expect(try connection.queryPrepared(statement, [5]).singleRow().decode("quotient", as: Int.self) == 2)
        #expect(throws: PostgresError.self) { try connection.queryPrepared("SELEC 1") }
    }
}
