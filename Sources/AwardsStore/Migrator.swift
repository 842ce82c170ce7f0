import Foundation
import Postgres

/// One file in `schema/`: `0001_foundation.sql` is version 1, named "foundation".
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    public let fileName: String

    public init(version: Int, name: String, sql: String, fileName: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.fileName = fileName
    }

    /// Reads every `NNNN_name.sql` in a folder, in version order. Other files are ignored;
    /// two files with one version number are an error.
    public static func load(from directory: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError.missingDirectory(directory.path)
        }
        var migrations: [Migration] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                throw MigrationError.badFileName(fileName)
            }
            if let clash = migrations.first(where: { $0.version == version }) {
                throw MigrationError.duplicateVersion(version, clash.fileName, fileName)
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(fileName), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]),
                                        sql: sql, fileName: fileName))
        }
        return migrations.sorted { $0.version < $1.version }
    }
}

public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case missingDirectory(String)
    case badFileName(String)
    case duplicateVersion(Int, String, String)
    case checksumMismatch(version: Int, fileName: String)
    case unknownApplied(version: Int, name: String)

    public var description: String {
        switch self {
        case .missingDirectory(let path):
            "migration folder \(path) not found; run from the project folder or set AWARDS_HOME"
        case .badFileName(let name):
            "migration file \(name) must be named NNNN_description.sql"
        case .duplicateVersion(let version, let first, let second):
            "migration version \(version) is used by both \(first) and \(second)"
        case .checksumMismatch(let version, let fileName):
            "migration \(fileName) (version \(version)) was changed after it was applied; restore the applied text and put the change in a new migration file"
        case .unknownApplied(let version, let name):
            "the database has migration \(version) (\(name)) applied, which is not in schema/; this build is older than the database"
        }
    }
}

/// What `awards db status` shows for one migration.
public struct MigrationStatus: Sendable {
    public enum State: String, Sendable { case applied, pending, changed }
    public let version: Int
    public let name: String
    public let state: State
    public let appliedAt: Date?
}

/// Applies `schema/` migrations: each in its own transaction, recorded with a checksum of its text.
///
/// Two migrators at once serialize on an advisory lock, so the second finds the work done rather than
/// failing halfway through it. Checksums are computed by PostgreSQL (`sha256`), the same function that
/// checks them later.
public struct Migrator {
    /// An arbitrary constant that names "migrating this database" among advisory locks.
    static let lockKey: Int64 = 0x4157_4152_4453 // "AWARDS"

    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    public init(directory: URL) throws {
        self.init(migrations: try Migration.load(from: directory))
    }

    private func ensureLedger(_ connection: Connection) throws {
        try connection.executeScript("""
            CREATE SCHEMA IF NOT EXISTS awards;
            CREATE TABLE IF NOT EXISTS awards.schema_migrations (
                version     integer PRIMARY KEY,
                name        text NOT NULL,
                checksum    text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now(),
                applied_by  name NOT NULL DEFAULT session_user
            );
            """)
    }

    private func checksums(_ connection: Connection) throws -> [Int: String] {
        guard !migrations.isEmpty else { return [:] }
        let sums = try connection.query("""
            SELECT encode(sha256(convert_to(sql, 'UTF8')), 'hex') AS sum FROM unnest($1::text[]) WITH ORDINALITY AS m(sql, n) ORDER BY n
            """, [migrations.map(\.sql)]).rows.map { try $0.decode("sum", as: String.self) }
        return Dictionary(uniqueKeysWithValues: zip(migrations.map(\.version), sums))
    }

    private func applied(_ connection: Connection) throws -> [(version: Int, name: String, checksum: String, at: Date)] {
        let exists = try connection.query("SELECT to_regclass('awards.schema_migrations') IS NOT NULL AS present").singleRow()
        guard try exists.decode("present", as: Bool.self) else { return [] }
        return try connection.query("SELECT version, name, checksum, applied_at FROM awards.schema_migrations ORDER BY version").rows.map {
            (try $0.decode("version", as: Int.self), try $0.decode("name", as: String.self),
             try $0.decode("checksum", as: String.self), try $0.decode("applied_at", as: Date.self))
        }
    }

    public func status(_ connection: Connection) throws -> [MigrationStatus] {
        let sums = try checksums(connection)
        let done = try applied(connection)
        var statuses = migrations.map { migration -> MigrationStatus in
            guard let record = done.first(where: { $0.version == migration.version }) else {
                return MigrationStatus(version: migration.version, name: migration.name, state: .pending, appliedAt: nil)
            }
            return MigrationStatus(version: migration.version, name: migration.name,
                                   state: record.checksum == sums[migration.version] ? .applied : .changed,
                                   appliedAt: record.at)
        }
        for record in done where !migrations.contains(where: { $0.version == record.version }) {
            statuses.append(MigrationStatus(version: record.version, name: record.name, state: .changed, appliedAt: record.at))
        }
        return statuses.sorted { $0.version < $1.version }
    }

    /// Applies what is pending and returns the migrations it applied (empty when up to date).
    /// Refuses to run anything if an applied file was edited, before touching the database.
    @discardableResult
    public func migrate(_ connection: Connection) throws -> [Migration] {
        try connection.query("SELECT pg_advisory_lock($1)", [Migrator.lockKey])
        defer { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [Migrator.lockKey]) }

        try ensureLedger(connection)
        let sums = try checksums(connection)
        let done = try applied(connection)
        for record in done {
            guard let migration = migrations.first(where: { $0.version == record.version }) else {
                throw MigrationError.unknownApplied(version: record.version, name: record.name)
            }
            if sums[migration.version] != record.checksum {
                throw MigrationError.checksumMismatch(version: migration.version, fileName: migration.fileName)
            }
        }
        let pending = migrations.filter { migration in !done.contains { $0.version == migration.version } }
        for migration in pending {
            try connection.transaction { connection in
                do {
                    try connection.executeScript(migration.sql)
                } catch var error as PostgresError {
                    error.message = "migration \(migration.fileName) failed: \(error.message)"
                    throw error
                }
                try connection.query(
                    "INSERT INTO awards.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    [migration.version, migration.name, sums[migration.version]!])
            }
        }
        return pending
    }
}

extension MigrationError: LocalizedError {
    public var errorDescription: String? { description }
}
