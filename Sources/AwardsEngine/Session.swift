import AwardsCore
import AwardsStore
import Foundation
import Postgres

/// One user's way into the database: the configured server, or the embedded cluster started on demand,
/// connected as the login role the user acts as — which is who they are to PostgreSQL's privileges
/// and row-level security.
public final class AwardsSession {
    public let connection: Connection
    public let settings: Settings
    /// The embedded cluster, which this program created, rather than a server of the user's own.
    public let isEmbedded: Bool

    /// Connects to `target` as it is; an embedded cluster is started beforehand by `target.prepare()`.
    /// The daemon never prepares: a user who stopped the embedded cluster with `awards db stop` meant it.
    public init(settings: Settings, target: DatabaseTarget, actingAs login: String? = nil) throws {
        self.settings = settings
        var configuration = target.configuration
        if let login = login ?? settings.databaseUser { configuration.set("user", login) }
        isEmbedded = target.embedded != nil
        do {
            connection = try Connection(configuration)
        } catch let error as PostgresError {
            throw SessionError.cannotConnect(target: configuration.description, reason: error.message, embedded: target.embedded != nil)
        }
    }

    public var directory: DirectoryStore { DirectoryStore(connection) }

    public func migrator() throws -> Migrator {
        try Migrator(directory: settings.schemaDirectory)
    }
}

/// Where the database is: `database.url` when set, else the embedded cluster.
public struct DatabaseTarget: Sendable {
    public let configuration: ConnectionConfiguration
    public let embedded: EmbeddedCluster?

    public init(settings: Settings) async throws {
        if let url = settings.databaseURL {
            configuration = try ConnectionConfiguration(url: url)
            embedded = nil
        } else {
            let cluster = try await EmbeddedCluster(preferred: settings.embeddedDirectory)
            configuration = cluster.connectionConfiguration
            embedded = cluster
        }
    }

    /// Starts the embedded cluster if it is the target; returns what it did.
    public func prepare() async throws -> [String] {
        guard let embedded else { return [] }
        return embedded.notes + (try await embedded.ensureRunning())
    }
}

public enum SessionError: Error, CustomStringConvertible, LocalizedError, BilingualError {
    case cannotConnect(target: String, reason: String, embedded: Bool)

    public func message(in language: Language) -> String {
        switch self {
        case .cannotConnect(let target, let reason, let embedded):
            // The server answered, but has no such login: the person, not the server, is the trouble.
            if let login = Self.unknownRole(in: reason) {
                return language.text(
                    vi: "không có tài khoản đăng nhập \(login) trên máy chủ PostgreSQL (\(target)); kiểm tra --as (hoặc DATABASE_USER), xem danh sách: awards person list",
                    en: "there is no login \(login) on the PostgreSQL server (\(target)); check --as (or DATABASE_USER), and list people with: awards person list")
            }
            // libpq's reason stays as libpq wrote it.
            let advice = embedded
                ? language.text(vi: "cơ sở dữ liệu nhúng không nhận kết nối; xem nhật ký của nó, hoặc chạy: awards db start",
                                en: "the embedded database did not accept the connection; see its log, or run: awards db start")
                : language.text(vi: "hãy kiểm tra DATABASE_URL (hoặc database.url trong config/settings.yaml), máy chủ và mật khẩu (PGPASSWORD hoặc ~/.pgpass)",
                                en: "check DATABASE_URL (or database.url in config/settings.yaml), the server, and the password (PGPASSWORD or ~/.pgpass)")
            return language.text(vi: "không kết nối được PostgreSQL với \(target): \(reason) — \(advice)",
                                 en: "cannot connect to PostgreSQL as \(target): \(reason) — \(advice)")
        }
    }

    /// The login in libpq's `FATAL:  role "x" does not exist`.
    static func unknownRole(in reason: String) -> String? {
        guard let start = reason.range(of: "role \""), let end = reason[start.upperBound...].range(of: "\" does not exist") else {
            return nil
        }
        return String(reason[start.upperBound..<end.lowerBound])
    }
    public var description: String { message(in: .en) }
    public var errorDescription: String? { description }
}
