import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

@Suite struct MigratorTests {
    func scratchSchema(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, sql) in files {
            try sql.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func projectSchemaAppliesOnceThenIsUpToDate() throws {
        let database = try TestDatabase.create()
        let migrator = try Migrator(directory: TestDatabase.projectDirectory.appendingPathComponent("schema"))
        let connection = try database.connect()
        #expect(try migrator.status(connection).allSatisfy { $0.state == .pending })
        let applied = try migrator.migrate(connection)
        #expect(applied.count == migrator.migrations.count)
        #expect(try migrator.migrate(connection).isEmpty)
        #expect(try migrator.status(connection).allSatisfy { $0.state == .applied })
    }

    @Test func anEditedAppliedFileIsRefusedBeforeAnythingRuns() throws {
        let database = try TestDatabase.create()
        let connection = try database.connect()
        let first = try scratchSchema(["0001_first.sql": "CREATE TABLE a (x int);"])
        try Migrator(directory: first).migrate(connection)

        let edited = try scratchSchema([
            "0001_first.sql": "CREATE TABLE a (x int, y int);",
            "0002_second.sql": "CREATE TABLE b (x int);",
        ])
        let error = #expect(throws: MigrationError.self) { try Migrator(directory: edited).migrate(connection) }
        #expect(error == .checksumMismatch(version: 1, fileName: "0001_first.sql"))
        #expect(error?.description.contains("changed after it was applied") == true)
        // The pending second migration did not run either.
        #expect(try connection.query("SELECT to_regclass('b') IS NULL AS absent").singleRow().decode("absent", as: Bool.self))
        #expect(try Migrator(directory: edited).status(connection).map(\.state) == [.changed, .pending])
    }

    @Test func aFailingMigrationLeavesNoTraceAndNamesTheFile() throws {
        let connection = try TestDatabase.create().connect()
        let folder = try scratchSchema([
            "0001_ok.sql": "CREATE TABLE a (x int);",
            "0002_broken.sql": "CREATE TABLE b (x int); INSERT INTO nowhere VALUES (1);",
        ])
        let error = #expect(throws: PostgresError.self) { try Migrator(directory: folder).migrate(connection) }
        #expect(error?.message.contains("0002_broken.sql") == true)
        #expect(try connection.query("SELECT to_regclass('b') IS NULL AS absent").singleRow().decode("absent", as: Bool.self))
        #expect(try Migrator(directory: folder).status(connection).map(\.state) == [.applied, .pending])
    }

    @Test func badFileNamesAndDuplicateVersionsAreRejected() throws {
        #expect(throws: MigrationError.badFileName("first.sql")) {
            try Migrator(directory: try scratchSchema(["first.sql": "SELECT 1;"]))
        }
        #expect(throws: MigrationError.duplicateVersion(1, "0001_a.sql", "0001_b.sql")) {
            try Migrator(directory: try scratchSchema(["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 1;"]))
        }
    }

    /// Several migrators started together on one fresh database: the advisory lock serializes them,
    /// every one succeeds, and each migration is applied exactly once.
    @Test func concurrentMigratorsApplyEachMigrationOnce() async throws {
        let database = try TestDatabase.create()
        let directory = TestDatabase.projectDirectory.appendingPathComponent("schema")
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await Task.detached {
                        try Migrator(directory: directory).migrate(try database.connect()).count
                    }.value
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let total = try Migrator(directory: directory).migrations.count
        #expect(results.reduce(0, +) == total, "applied counts: \(results)")
        let rows = try database.connect().query("SELECT count(*) AS n FROM awards.schema_migrations").singleRow().decode("n", as: Int.self)
        #expect(rows == total)
    }
}
