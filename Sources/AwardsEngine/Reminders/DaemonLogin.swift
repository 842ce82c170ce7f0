import AwardsCore
import AwardsStore
import Postgres

/// awardsd runs with the least privilege that does its work: a login in the group role awards_daemon,
/// neither a superuser nor a member of the schema's owner, so a flaw in the daemon (or a leak of its
/// connection settings) cannot rewrite nominations.
public enum DaemonLogin {
    /// Refuses a connection whose login could do more than awards_daemon grants.
    public static func verify(_ connection: Connection) throws {
        guard let row = try connection.query("""
            SELECT current_user::text AS login, r.rolsuper AS superuser,
                   pg_has_role(current_user, n.nspowner, 'MEMBER') AS owner,
                   coalesce(pg_has_role(current_user, to_regrole('awards_daemon'), 'MEMBER'), false) AS daemon
            FROM pg_roles r CROSS JOIN pg_namespace n WHERE r.rolname = current_user AND n.nspname = 'awards'
            """).first else {
            throw DaemonLoginError.noSchema
        }
        let login = try row.decode("login", as: String.self)
        if try row.decode("superuser", as: Bool.self) { throw DaemonLoginError.superuser(login) }
        if try row.decode("owner", as: Bool.self) { throw DaemonLoginError.owner(login) }
        if try !row.decode("daemon", as: Bool.self) { throw DaemonLoginError.notDaemon(login) }
    }

    /// Makes `login` a member of awards_daemon, creating it without a password if missing — for a
    /// cluster whose socket trusts its one user (the embedded default, the benchmarks'); true if created.
    @discardableResult
    public static func ensure(_ login: String, on connection: Connection) throws -> Bool {
        let created = try !DirectoryStore(connection).loginRoleExists(login)
        let quoted = try connection.quoteIdentifier(login)
        if created { try connection.query("CREATE ROLE \(quoted) LOGIN") }
        try connection.query("GRANT awards_daemon TO \(quoted)")
        return created
    }

    /// The SQL that makes `login` awardsd's login on a server that has none: no password here, ever.
    public static func creationAdvice(_ login: String) -> String {
        "CREATE ROLE \(login) LOGIN IN ROLE awards_daemon; then set its password with psql's \\password \(login)"
    }
}

public enum DaemonLoginError: Error, BilingualError, CustomStringConvertible {
    case noSchema, superuser(String), owner(String), notDaemon(String)

    public func message(in language: Language) -> String {
        let advice = language.text(vi: "hãy đặt daemon.user (DAEMON_USER) là một tài khoản thuộc awards_daemon",
                                   en: "set daemon.user (DAEMON_USER) to a login in awards_daemon")
        switch self {
        case .noSchema:
            return language.text(vi: "cơ sở dữ liệu chưa có lược đồ awards; hãy chạy: awards db migrate",
                                 en: "the database has no awards schema; run: awards db migrate")
        case .superuser(let login):
            return language.text(vi: "awardsd không chạy với tài khoản \(login): đó là superuser; \(advice)",
                                 en: "awardsd will not run as \(login): it is a superuser; \(advice)")
        case .owner(let login):
            return language.text(vi: "awardsd không chạy với tài khoản \(login): tài khoản này sở hữu lược đồ awards; \(advice)",
                                 en: "awardsd will not run as \(login): it owns the awards schema; \(advice)")
        case .notDaemon(let login):
            return language.text(vi: "awardsd không chạy với tài khoản \(login): tài khoản này không thuộc awards_daemon; \(advice)",
                                 en: "awardsd will not run as \(login): it is not a member of awards_daemon; \(advice)")
        }
    }

    public var description: String { message(in: .en) }
}
