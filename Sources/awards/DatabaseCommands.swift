import ArgumentParser
import AwardsEngine
import AwardsStore
import Foundation

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Set up and inspect the database: migrations, the embedded cluster.",
        subcommands: [Migrate.self, Status.self, Start.self, Stop.self])

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending migrations from schema/ and load the workflow and award catalogue from config/.",
            discussion: """
                Example: awards db migrate
                Run as the database owner (the default with the embedded cluster). Each migration runs in its
                own transaction; a changed workflow definition needs a new version.
                """)
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reportingErrors {
                let report = try await global.withSession { try DatabaseSetup.migrate($0) }
                print(report.appliedMigrations.isEmpty ? "schema is up to date" : report.appliedMigrations.map { "applied \($0)" }.joined(separator: "\n"))
                print(report.workflowLoaded ? "loaded workflow version \(report.workflowVersion)" : "workflow version \(report.workflowVersion) already loaded")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List applied and pending migrations.",
            discussion: "Example: awards db status")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reportingErrors {
                let lines = try await global.withSession { session in
                    let statuses = try session.migrator().status(session.connection)
                    var table = TableWriter(["version", "name", "state", "applied at"])
                    for status in statuses {
                        table.add([String(format: "%04d", status.version), status.name, status.state.rawValue,
                                   status.appliedAt.map { ISO8601DateFormatter().string(from: $0) }])
                    }
                    let pending = statuses.filter { $0.state == .pending }.count
                    return "database: \(session.connection.configuration.description)\n"
                        + table.render(.table)
                        + "\n\(statuses.count - pending) applied, \(pending) pending"
                }
                print(lines)
            }
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create (if needed) and start the embedded PostgreSQL cluster.",
            discussion: "Example: awards db start\nNot needed in daily use: every command starts it when it must.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reportingErrors {
                let settings = try await global.settings()
                let lines = try await runBlocking { () -> [String] in
                    let target = try DatabaseTarget(settings: settings)
                    guard let cluster = target.embedded else {
                        return ["a database URL is configured (\(target.configuration)); nothing to start"]
                    }
                    let done = cluster.notes + (try cluster.ensureRunning())
                    return done.isEmpty ? ["the embedded database is already running (\(cluster.dataDirectory.path))"] : done
                }
                lines.forEach { print($0) }
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the embedded PostgreSQL cluster; its data is kept.",
            discussion: "Example: awards db stop")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reportingErrors {
                let settings = try await global.settings()
                let line = try await runBlocking { () -> String in
                    let target = try DatabaseTarget(settings: settings)
                    guard let cluster = target.embedded else {
                        return "a database URL is configured (\(target.configuration)); awards does not stop external servers"
                    }
                    return try cluster.stop() ? "stopped the embedded database" : "the embedded database was not running"
                }
                print(line)
            }
        }
    }
}
