import AwardsCore
import Foundation
import Postgres

/// The project-local PostgreSQL cluster used when no database is configured: created on first use
/// (initdb), started when needed, kept across runs, reachable only through a Unix socket.
///
/// initdb refuses to run as root, so when we are root the server runs as the `postgres` system user,
/// and its folders must be reachable by that user; when the preferred folder is not (a project cloned
/// under root's 0700 home, say), the cluster lives under /var/tmp instead and `notes` says so.
public struct EmbeddedCluster: Sendable {
    public static let superuser = "awards_owner"
    public static let databaseName = "awards"
    public static let port = 5432

    /// Holds the lock file and the log; the data and socket folders live inside it unless relocated.
    public let baseDirectory: URL
    public let dataDirectory: URL
    public let socketDirectory: URL
    public let databaseName: String
    /// Facts worth telling the user (a relocated folder), in the order they were found.
    public private(set) var notes: [String] = []

    static var runningAsRoot: Bool { getuid() == 0 }

    /// Chooses the folders for a cluster whose preferred home is `preferred` (e.g. `<project>/.awards`).
    public init(preferred: URL, databaseName: String = EmbeddedCluster.databaseName) throws {
        self.databaseName = databaseName
        var base = preferred.standardizedFileURL
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        if Self.runningAsRoot && !Self.serverUserCanReach(base) {
            let relocated = URL(fileURLWithPath: "/var/tmp/awards-\(FNV1a64.hex(of: base.path))")
            try FileManager.default.createDirectory(at: relocated, withIntermediateDirectories: true)
            notes.append("the postgres user cannot reach \(base.path); the embedded database lives in \(relocated.path)")
            base = relocated
        }
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
    public func ensureRunning() throws -> [String] {
        try withLock {
            var done: [String] = []
            if !isInitialized {
                try initialize()
                done.append("created a PostgreSQL cluster in \(dataDirectory.path)")
            }
            if try !isRunning() {
                try prepareServerFolders()
                try runAsServerUser(try Self.binary("pg_ctl"), [
                    "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60", "-s",
                    "-o", "-c unix_socket_directories='\(socketDirectory.path)'", "start",
                ])
                done.append("started PostgreSQL (socket in \(socketDirectory.path), log in \(logFile.path))")
            }
            try createDatabaseIfMissing()
            return done
        }
    }

    /// Stops the server if it runs; returns whether it was running.
    @discardableResult
    public func stop() throws -> Bool {
        try withLock {
            guard isInitialized, try isRunning() else { return false }
            try runAsServerUser(try Self.binary("pg_ctl"), ["-D", dataDirectory.path, "-m", "fast", "-w", "-s", "stop"])
            return true
        }
    }

    public func isRunning() throws -> Bool {
        guard isInitialized else { return false }
        // pg_ctl status: 0 running, 3 not running, 4 no accessible data folder.
        let status = try Self.run(try Self.binary("pg_ctl"), ["-D", dataDirectory.path, "status"], asServerUser: Self.runningAsRoot)
        return status.exitCode == 0
    }

    private func initialize() throws {
        try prepareServerFolders()
        // initdb wants an empty or missing folder; a half-made one from an interrupted run is cleared.
        if FileManager.default.fileExists(atPath: dataDirectory.path) {
            try FileManager.default.removeItem(at: dataDirectory)
        }
        try runAsServerUser(try Self.binary("initdb"), [
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

    private func prepareServerFolders() throws {
        try FileManager.default.createDirectory(at: socketDirectory, withIntermediateDirectories: true)
        guard Self.runningAsRoot else { return }
        // The server user must own what it writes: its socket folder, its log, and (later) its data.
        for path in [socketDirectory.path, baseDirectory.path] {
            _ = try Self.run("/bin/chown", ["postgres:postgres", path], asServerUser: false)
        }
        if FileManager.default.fileExists(atPath: logFile.path) {
            _ = try Self.run("/bin/chown", ["postgres:postgres", logFile.path], asServerUser: false)
        }
    }

    private func createDatabaseIfMissing() throws {
        let connection = try Connection(connectionConfiguration.setting("dbname", "postgres"))
        let exists = try connection.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName])
        guard exists.isEmpty else { return }
        try connection.query("CREATE DATABASE \(try connection.quoteIdentifier(databaseName))")
    }

    // MARK: Helpers

    private func withLock<T>(_ body: () throws -> T) throws -> T {
        let path = baseDirectory.appendingPathComponent("cluster.lock").path
        let descriptor = open(path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else { throw EmbeddedClusterError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw EmbeddedClusterError("cannot lock \(path)") }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    private func runAsServerUser(_ executable: String, _ arguments: [String]) throws {
        let result = try Self.run(executable, arguments, asServerUser: Self.runningAsRoot)
        guard result.exitCode == 0 else {
            let name = URL(fileURLWithPath: executable).lastPathComponent
            throw EmbeddedClusterError("\(name) failed (exit \(result.exitCode)): \(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) — see \(logFile.path)")
        }
    }

    static func serverUserCanReach(_ folder: URL) -> Bool {
        (try? run("/usr/bin/test", ["-x", folder.path], asServerUser: true).exitCode) == 0
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

    static func run(_ executable: String, _ arguments: [String], asServerUser: Bool) throws -> RunResult {
        let argv = asServerUser ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments
                                : [executable] + arguments
        let result = try ChildProcess.run(argv, workingDirectory: "/")
        return RunResult(exitCode: result.exitCode, output: result.output)
    }
}

public struct EmbeddedClusterError: Error, CustomStringConvertible, LocalizedError {
    public let description: String
    init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }
}
