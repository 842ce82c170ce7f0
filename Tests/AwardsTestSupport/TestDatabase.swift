import AwardsCore
import AwardsStore
import Foundation
import Postgres
import Synchronization

/// A fresh database on the test server, one per test that asks, so tests run in parallel without
/// seeing each other's rows.
///
/// The server is the one the test command starts (`scripts/test` runs the suite under Debian's
/// pg_virtualenv, which sets PGHOST, PGPORT, PGUSER and PGPASSWORD for libpq). Without one, tests fail
/// and say how to run them; they never pass by skipping.
public struct TestDatabase: Sendable {
    public let name: String
    public let configuration: ConnectionConfiguration

    public static var serverConfiguration: ConnectionConfiguration {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            guard environment["PGHOST"] != nil || environment["AWARDS_TEST_DATABASE_URL"] != nil else {
                throw PostgresError(kind: .connection, message: "no PostgreSQL server for the tests: run them with scripts/test (it starts one), or set PGHOST/PGPORT/PGUSER/PGPASSWORD")
            }
            if let url = environment["AWARDS_TEST_DATABASE_URL"] { return try ConnectionConfiguration(url: url) }
            return ConnectionConfiguration()
        }
    }

    /// Creates an empty database; with `migrated`, applies the project's schema/ to it and loads the
    /// shipped workflow definition and award catalogue.
    public static func create(migrated: Bool = false) throws -> TestDatabase {
        let server = try serverConfiguration
        let name = "test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try Connection(server.setting("dbname", "postgres"))
        try admin.query("CREATE DATABASE \(try admin.quoteIdentifier(name))")
        let database = TestDatabase(name: name, configuration: server.setting("dbname", name))
        if migrated {
            let connection = try database.connect()
            try Migrator(directory: projectDirectory.appendingPathComponent("schema")).migrate(connection)
            let workflow = try shippedWorkflow()
            try WorkflowStore(connection).load(workflow.definition)
            try WorkflowStore(connection).sync(workflow.catalogue)
            try WorkflowStore(connection).load(try shippedProposals())
            try CalendarStore(connection).sync(try shippedCalendar(), years: 2015...2045)
            try ensureDaemonLogin(connection)
        }
        return database
    }

    /// awardsd's login on the test server, as an administrator would create it: one for the whole
    /// cluster (roles are cluster-wide), a member of awards_daemon, with a password checked over TCP.
    public static let daemonLogin = "awardsd"
    public static let daemonPassword = "mật-khẩu của awardsd"

    /// Once per test process, under a lock: concurrent ALTER ROLEs of one role fail with "tuple
    /// concurrently updated". Needs a migrated database (awards_daemon is created by the schema).
    private static let daemonLoginMade = Mutex(false)

    static func ensureDaemonLogin(_ connection: Connection) throws {
        try daemonLoginMade.withLock { made in
            guard !made else { return }
            try connection.query("""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'awardsd') THEN CREATE ROLE awardsd LOGIN; END IF;
                END $$
                """)
            try connection.query("GRANT awards_daemon TO awardsd")
            // The verifier is a SCRAM hash computed here, never the password (as register_person does it).
            let verifier = try connection.passwordVerifier(daemonPassword, user: daemonLogin)
            let statement = try connection.query("SELECT format('ALTER ROLE awardsd PASSWORD %L', $1::text) AS sql", [verifier])
                .singleRow().decode("sql", as: String.self)
            try connection.query(statement)
            made = true
        }
    }

    /// Settings that make awardsd (or ReminderDaemon in-process) connect as its own login, with its
    /// password: PGPASSWORD for a child process, the URL for this one.
    public var daemonEnvironment: [String: String] {
        ["DATABASE_URL": "dbname=\(name) password=\(Self.conninfoValue(Self.daemonPassword))", "DAEMON_USER": Self.daemonLogin]
    }

    /// A value for a libpq key=value string: quoted, with backslashes and quotes escaped.
    public static func conninfoValue(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// Connects as the server's superuser, or as `login` with `password` (the test server, like a
    /// production one, checks passwords on TCP).
    public func connect(as login: String? = nil, password: String? = nil) throws -> Connection {
        guard let login else { return try Connection(configuration) }
        return try Connection(configuration.setting("user", login).setting("password", password))
    }

    public static let personPassword = "mật-khẩu thử 'nghiệm'"

    /// A login role unique to this run, so parallel tests never collide on cluster-wide role names.
    public static func uniqueLogin(_ prefix: String) -> String {
        "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The workflow and catalogue in config/, as the engine loads them.
    public static func shippedWorkflow() throws -> NominationWorkflow {
        let config = projectDirectory.appendingPathComponent("config")
        let workflow = try String(contentsOf: config.appendingPathComponent("workflow.yaml"), encoding: .utf8)
        let catalogue = try String(contentsOf: config.appendingPathComponent("awards.yaml"), encoding: .utf8)
        return NominationWorkflow(definition: try WorkflowDefinition.load(yaml: workflow, file: "workflow.yaml"),
                                  catalogue: try AwardCatalogue.load(yaml: catalogue, file: "awards.yaml"))
    }

    /// The proposal workflow in config/proposals.yaml.
    public static func shippedProposals() throws -> ProposalWorkflow {
        let text = try String(contentsOf: projectDirectory.appendingPathComponent("config/proposals.yaml"), encoding: .utf8)
        return try ProposalWorkflow.load(yaml: text, file: "config/proposals.yaml")
    }

    public static func shippedCalendar() throws -> WorkingCalendar {
        let text = try String(contentsOf: projectDirectory.appendingPathComponent("config/holidays.yaml"), encoding: .utf8)
        return WorkingCalendar(announcements: try HolidayAnnouncements.load(yaml: text, file: "config/holidays.yaml"))
    }

    /// The repository root, found from this file's location.
    public static var projectDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
