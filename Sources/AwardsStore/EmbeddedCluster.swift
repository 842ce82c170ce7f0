import AwardsCore
import Foundation
import Postgres
import Subprocess
import SystemPackage

/// The project-local PostgreSQL cluster used when no database is configured: created on first use
/// (initdb), started when needed, kept across runs, reachable only through a Unix socket.
///
/// Who can reach it: the socket trusts every connection, so its folder is private (0700) to the account
/// the server runs as. Not root, that is the invoking user. As root (initdb refuses root) it is a system
/// account of its own, `awards-db`, created on first use — never Debian's shared `postgres`, whose other
/// clusters and services would otherwise be able to act as any person. Root reaches it too, as root
/// reaches everything. When the preferred folder is out of that account's reach (a project cloned under
/// root's 0700 home, say), the cluster lives under /var/tmp instead and `notes` says so; such folders are
/// made with mkdir and checked with lstat, so a link or a folder someone planted there is refused.
public struct EmbeddedCluster: Sendable {
    public static let superuser = "awards_owner"
    public static let databaseName = "awards"
    public static let port = 5432
    /// The system account the server runs as when we are root.
    public static let serverAccount = "awards-db"

    /// Holds the lock file and the log; the data and socket folders live inside it unless relocated.
    public let baseDirectory: URL
    public let dataDirectory: URL
    public let socketDirectory: URL
    public let databaseName: String
    /// The account that runs the server: nil when it is us (not root).
    public let serverUser: String?
    /// Facts worth telling the user (a relocated folder), in the order they were found.
    public private(set) var notes: [String] = []

    static var runningAsRoot: Bool { getuid() == 0 }

    /// Chooses the folders for a cluster whose preferred home is `preferred` (e.g. `<project>/.awards`).
    public init(preferred: URL, databaseName: String = EmbeddedCluster.databaseName) async throws {
        self.databaseName = databaseName
        var base = preferred.standardizedFileURL
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        var server: String? = nil
        if Self.runningAsRoot {
            try await Self.ensureServerAccount()
            server = Self.serverAccount
            if await !Self.user(Self.serverAccount, canReach: base) {
                let relocated = URL(fileURLWithPath: "/var/tmp/awards-\(FNV1a64.hex(of: base.path))")
                try PrivateDirectory.make(relocated, ownedBy: Self.serverAccount)
                notes.append("the \(Self.serverAccount) account cannot reach \(base.path); the embedded database lives in \(relocated.path)")
                base = relocated
            }
            // A cluster made before awards-db existed keeps the account that owns its data.
            if let owner = PrivateDirectory.ownerName(of: base.appendingPathComponent("pgdata")), owner != Self.serverAccount {
                server = owner
                notes.append("the embedded database in \(base.path) runs as \(owner), which other services may share; "
                             + "to run it as \(Self.serverAccount), stop it, remove \(base.appendingPathComponent("pgdata").path) and start again")
            }
        }
        serverUser = server
        baseDirectory = base
        dataDirectory = base.appendingPathComponent("pgdata")
        // A Unix socket path may not exceed 107 bytes.
        let socket = base.appendingPathComponent("run")
        socketDirectory = socket.path.utf8.count <= 80
            ? socket
            : URL(fileURLWithPath: "/tmp/awards-\(FNV1a64.hex(of: base.path))")
    }

    /// How to connect to the cluster's database as its owner.
    public var connectionConfiguration: ConnectionConfiguration {
        ConnectionConfiguration([
            ("host", socketDirectory.path),
            ("port", String(Self.port)),
            ("user", Self.superuser),
            ("dbname", databaseName),
        ])
    }

    public var isInitialized: Bool {
        FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path)
    }

    public var logFile: URL { baseDirectory.appendingPathComponent("server.log") }

    // MARK: Life cycle

    /// Creates, starts and provisions the cluster as needed; safe to call from several processes at once.
    /// Returns what it did, for the user ("created …", "started …"), empty if it was already running.
    @discardableResult
    public func ensureRunning() async throws -> [String] {
        try await withLock {
            var done: [String] = []
            if !isInitialized {
                try await initialize()
                done.append("created a PostgreSQL cluster in \(dataDirectory.path)")
            }
            if try await !isRunning() {
                try prepareServerFolders()
                try await runAsServerUser(try Self.binary("pg_ctl"), [
                    "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60", "-s",
                    "-o", "-c unix_socket_directories='\(socketDirectory.path)'", "start",
                ])
                done.append("started PostgreSQL (socket in \(socketDirectory.path), log in \(logFile.path))")
            }
            try await runBlocking { [self] in try createDatabaseIfMissing() }
            return done
        }
    }

    /// Stops the server if it runs; returns whether it was running.
    @discardableResult
    public func stop() async throws -> Bool {
        try await withLock {
            guard isInitialized, try await isRunning() else { return false }
            try await runAsServerUser(try Self.binary("pg_ctl"), ["-D", dataDirectory.path, "-m", "fast", "-w", "-s", "stop"])
            return true
        }
    }

    public func isRunning() async throws -> Bool {
        guard isInitialized else { return false }
        // pg_ctl status: 0 running, 3 not running, 4 no accessible data folder.
        let status = try await Self.run(try Self.binary("pg_ctl"), ["-D", dataDirectory.path, "status"], as: serverUser)
        return status.exitCode == 0
    }

    private func initialize() async throws {
        try prepareServerFolders()
        // initdb wants an empty or missing folder; a half-made one from an interrupted run is cleared.
        if FileManager.default.fileExists(atPath: dataDirectory.path) {
            try FileManager.default.removeItem(at: dataDirectory)
        }
        try await runAsServerUser(try Self.binary("initdb"), [
            "-D", dataDirectory.path, "-U", Self.superuser, "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions",
        ])
        let settings = """

            # Written by awards: a private cluster reachable only through its Unix socket.
            listen_addresses = ''
            port = \(Self.port)
            unix_socket_permissions = 0700
            timezone = 'Asia/Ho_Chi_Minh'
            max_connections = 100
            shared_buffers = '128MB'

            """
        let conf = dataDirectory.appendingPathComponent("postgresql.conf")
        let handle = try FileHandle(forWritingTo: conf)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
        try handle.close()
    }

    /// The server's folders, private to the account that runs it: it owns what it writes (its socket
    /// folder, its log and, through initdb, its data), and nobody else can reach the socket that trusts.
    private func prepareServerFolders() throws {
        try PrivateDirectory.make(baseDirectory, ownedBy: serverUser)
        try PrivateDirectory.make(socketDirectory, ownedBy: serverUser)
        if let serverUser, FileManager.default.fileExists(atPath: logFile.path) {
            try PrivateDirectory.changeOwner(of: logFile, to: serverUser)
        }
    }

    private func createDatabaseIfMissing() throws {
        let connection = try Connection(connectionConfiguration.setting("dbname", "postgres"))
        let exists = try connection.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName])
        guard exists.isEmpty else { return }
        try connection.query("CREATE DATABASE \(try connection.quoteIdentifier(databaseName))")
    }

    // MARK: Helpers

    private func withLock<T>(_ body: () async throws -> T) async throws -> T {
        let path = baseDirectory.appendingPathComponent("cluster.lock").path
        let descriptor = open(path, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw EmbeddedClusterError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        // Waiting for the holder (another process, or another task of ours) on a thread of its own: on the
        // cooperative pool, every one of its few threads could end up waiting for a holder that needs one.
        try await runBlocking {
            guard flock(descriptor, LOCK_EX) == 0 else { throw EmbeddedClusterError("cannot lock \(path)") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }

    private func runAsServerUser(_ executable: String, _ arguments: [String]) async throws {
        let result = try await Self.run(executable, arguments, as: serverUser)
        guard result.exitCode == 0 else {
            let name = URL(fileURLWithPath: executable).lastPathComponent
            throw EmbeddedClusterError("\(name) failed (exit \(result.exitCode)): \(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) — see \(logFile.path)")
        }
    }

    static func user(_ account: String, canReach folder: URL) async -> Bool {
        (try? await run("/usr/bin/test", ["-x", folder.path], as: account).exitCode) == 0
    }

    /// Creates the system account the server runs as when we are root, unless it exists.
    static func ensureServerAccount() async throws {
        guard getpwnam(serverAccount) == nil else { return }
        let result = try await run("/usr/sbin/useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                                                   "--shell", "/usr/sbin/nologin", "--comment", "awards embedded PostgreSQL", serverAccount], as: nil)
        // Another process may have created it meanwhile.
        guard result.exitCode == 0 || getpwnam(serverAccount) != nil else {
            throw EmbeddedClusterError("cannot create the system account \(serverAccount) for the embedded database: \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    /// Finds a PostgreSQL server program: Debian keeps them in /usr/lib/postgresql/<version>/bin,
    /// off the PATH; the newest version installed wins.
    static func binary(_ name: String) throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions {
            let path = "\(root)/\(version)/bin/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw EmbeddedClusterError("PostgreSQL's \(name) was not found; install the server (apt-get install postgresql postgresql-contrib) or set DATABASE_URL")
    }

    struct RunResult { let exitCode: Int32; let output: String }

    /// Runs a program to completion, as `account` when given (we are root then), in /, with nothing on
    /// its standard input; returns its exit code (128 + the signal that killed it) and what it printed
    /// on stdout and stderr together.
    ///
    /// Nothing of ours but that output pipe reaches the child, nor the server pg_ctl leaves running: a
    /// parent that watches us through a descriptor we inherited (Foundation's Process does) would
    /// otherwise wait for that server to exit before it saw us exit. Subprocess closes every descriptor
    /// from 3 up in the child (posix_spawn_file_actions_addclosefrom_np on glibc); a test checks it.
    static func run(_ executable: String, _ arguments: [String], as account: String?) async throws -> RunResult {
        let argv = account.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] + arguments } ?? [executable] + arguments
        do {
            let result = try await Subprocess.run(.path(FilePath(argv[0])), arguments: Arguments(Array(argv.dropFirst())),
                                                  workingDirectory: "/", input: .none,
                                                  output: .string(limit: 4 << 20), error: .combinedWithOutput)
            let exitCode = switch result.terminationStatus {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal
            }
            return RunResult(exitCode: exitCode, output: result.standardOutput)
        } catch let error as SubprocessError {
            throw EmbeddedClusterError("cannot run \(argv[0]): \(error)")
        }
    }
}

public struct EmbeddedClusterError: Error, CustomStringConvertible, LocalizedError {
    public let description: String
    init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }
}
