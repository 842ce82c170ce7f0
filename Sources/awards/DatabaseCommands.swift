import ArgumentParser
import AwardsEngine
import AwardsStore
import Foundation
import Postgres

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
            try await reportingErrors(global) { language in
                let report = try await global.withSession { try DatabaseSetup.migrate($0) }
                let say: (String, String) -> String = language.text
                print(report.appliedMigrations.isEmpty
                      ? say("lược đồ cơ sở dữ liệu đã là mới nhất", "schema is up to date")
                      : report.appliedMigrations.map { say("đã áp dụng \($0)", "applied \($0)") }.joined(separator: "\n"))
                let version = report.workflowVersion
                print(report.workflowLoaded ? say("đã nạp quy trình phiên bản \(version)", "loaded workflow version \(version)")
                                            : say("quy trình phiên bản \(version) đã được nạp từ trước", "workflow version \(version) already loaded"))
                if let line = report.daemonLogin.line(in: language) { print(line) }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List applied and pending migrations.",
            discussion: "Example: awards db status")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reportingErrors(global) { language in
                let lookup = Settings.settingsLookup(explicit: global.config)
                let source = lookup.source == .currentFolder ? language.text(vi: "thư mục hiện tại", en: "the current folder") : lookup.source.rawValue
                let folder = lookup.file.deletingLastPathComponent()
                let files = Settings.companionFiles.map { name in
                    FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path)
                        ? name : name + language.text(vi: " (KHÔNG CÓ)", en: " (MISSING)")
                }
                let configuration = language.text(vi: "cấu hình: \(lookup.file.path) (theo \(source)); các tệp khác đọc từ cùng thư mục: ",
                                                  en: "settings: \(lookup.file.path) (from \(source)); the other files are read from the same folder: ")
                    + files.joined(separator: ", ")
                // First: when the settings are the trouble, this line is what explains it.
                print(configuration)
                let lines = try await global.withSession { session in
                    let statuses = try session.migrator().status(session.connection)
                    var table = TableWriter(["version", "name", "state", "applied at"],
                                            vi: ["phiên bản", "tên", "tình trạng", "thời điểm áp dụng"], in: language)
                    for status in statuses {
                        table.add([String(format: "%04d", status.version), status.name, status.state.rawValue,
                                   status.appliedAt.map { ISO8601DateFormatter().string(from: $0) }])
                    }
                    let pending = statuses.filter { $0.state == .pending }.count
                    return language.text(vi: "cơ sở dữ liệu: ", en: "database: ") + "\(session.connection.configuration.description)\n"
                        + table.render(.table) + "\n"
                        + language.text(vi: "đã áp dụng \(statuses.count - pending), chờ áp dụng \(pending)",
                                        en: "\(statuses.count - pending) applied, \(pending) pending")
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
            try await reportingErrors(global) { language in
                let settings = try await global.settings()
                let target = try await DatabaseTarget(settings: settings)
                guard let cluster = target.embedded else {
                    print(language.text(vi: "đã cấu hình địa chỉ cơ sở dữ liệu (\(target.configuration)); không có gì để khởi động",
                                        en: "a database URL is configured (\(target.configuration)); nothing to start"))
                    return
                }
                // What the cluster reports doing (created, started) comes from AwardsStore in English.
                let done = cluster.notes + (try await cluster.ensureRunning())
                let path = cluster.dataDirectory.path
                let lines = done.isEmpty ? [language.text(vi: "cơ sở dữ liệu nhúng đang chạy (\(path))",
                                                          en: "the embedded database is already running (\(path))")] : done
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
            try await reportingErrors(global) { language in
                let settings = try await global.settings()
                let target = try await DatabaseTarget(settings: settings)
                guard let cluster = target.embedded else {
                    print(language.text(vi: "đã cấu hình địa chỉ cơ sở dữ liệu (\(target.configuration)); awards không dừng máy chủ bên ngoài",
                                        en: "a database URL is configured (\(target.configuration)); awards does not stop external servers"))
                    return
                }
                print(try await cluster.stop() ? language.text(vi: "đã dừng cơ sở dữ liệu nhúng", en: "stopped the embedded database")
                                               : language.text(vi: "cơ sở dữ liệu nhúng không chạy", en: "the embedded database was not running"))
            }
        }
    }
}
