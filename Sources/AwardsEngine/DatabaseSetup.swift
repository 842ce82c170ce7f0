import AwardsCore
import AwardsStore

/// Brings a database to the current schema, workflow definition and award catalogue.
public enum DatabaseSetup {
    public struct Report: Sendable {
        public var appliedMigrations: [String]
        public var workflowLoaded: Bool
        public var workflowVersion: String
        public var daemonLogin: DaemonLoginState
    }

    /// Whether awardsd's login (settings daemon.user) exists to connect with.
    public enum DaemonLoginState: Sendable, Equatable {
        case ready(String)
        /// Created now, on the embedded cluster (whose sockets trust the local user: no password).
        case created(String)
        /// Missing on a server of the user's own: the administrator creates it, with a password.
        case missing(String)
    }

    /// The years whose working days the database can count with.
    public static let calendarYears = 2015...2045

    public static func migrate(_ session: AwardsSession) throws -> Report {
        let workflow = try ConfigFiles.workflow(session.settings)
        let proposals = try ConfigFiles.proposals(session.settings, nominations: workflow.definition)
        let applied = try session.migrator().migrate(session.connection).map(\.fileName)
        let store = WorkflowStore(session.connection)
        let loaded = try store.load(workflow.definition)
        try store.sync(workflow.catalogue)
        try store.load(proposals)
        try CalendarStore(session.connection).sync(try ConfigFiles.workingCalendar(session.settings), years: calendarYears)
        return Report(appliedMigrations: applied, workflowLoaded: loaded, workflowVersion: workflow.definition.version,
                      daemonLogin: try ensureDaemonLogin(session))
    }

    static func ensureDaemonLogin(_ session: AwardsSession) throws -> DaemonLoginState {
        let login = session.settings.daemonUser
        guard session.isEmbedded else { return try session.directory.loginRoleExists(login) ? .ready(login) : .missing(login) }
        return try DaemonLogin.ensure(login, on: session.connection) ? .created(login) : .ready(login)
    }
}

extension DatabaseSetup.DaemonLoginState {
    /// What `awards db migrate` tells the user; nothing when all is in place.
    public func line(in language: Language) -> String? {
        switch self {
        case .ready: nil
        case .created(let login):
            language.text(vi: "đã tạo tài khoản \(login) (thuộc awards_daemon) cho awardsd",
                          en: "created the login \(login) (in awards_daemon) for awardsd")
        case .missing(let login):
            language.text(vi: "awardsd cần tài khoản \(login), máy chủ chưa có; người quản trị cơ sở dữ liệu hãy chạy: \(DaemonLogin.creationAdvice(login))",
                          en: "awardsd needs the login \(login), which the server lacks; a database administrator should run: \(DaemonLogin.creationAdvice(login))")
        }
    }
}
