import AwardsStore
import Foundation
import Postgres

/// The throwaway cluster of one run: the project's own EmbeddedCluster (initdb as the awards-db account
/// when we are root, trust on a private Unix socket, no TCP), in a fresh folder under /var/tmp.
struct BenchCluster: Sendable {
    let cluster: EmbeddedCluster
    let base: String
    let socket: String
    let port = EmbeddedCluster.port
    let database = "awards_bench"

    static func start(options: BenchOptions) throws -> BenchCluster {
        let folder = options.clusterDirectory
            ?? "/var/tmp/awards-bench-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))"
        let cluster = try EmbeddedCluster(preferred: URL(fileURLWithPath: folder), databaseName: "awards_bench")
        for note in cluster.notes { log(note) }
        let clock = ContinuousClock.now
        for line in try cluster.ensureRunning() { log(line) }
        log("throwaway cluster ready in \(format(seconds(ContinuousClock.now - clock), 1)) s (\(cluster.baseDirectory.path))")
        return BenchCluster(cluster: cluster, base: cluster.baseDirectory.path, socket: cluster.socketDirectory.path)
    }

    var ownerConfiguration: ConnectionConfiguration { cluster.connectionConfiguration.setting("application_name", "awards-bench") }

    func connect(as login: String? = nil) throws -> Connection {
        try Connection(login.map { ownerConfiguration.setting("user", $0) } ?? ownerConfiguration)
    }

    /// libpq's key=value form, for DATABASE_URL (no password: the socket trusts).
    var conninfo: String { "host=\(socket) port=\(port) dbname=\(database)" }

    /// Arguments that point psql and pgbench at the cluster.
    func clientArguments(user: String) -> [String] {
        ["-h", socket, "-p", String(port), "-U", user, "-d", database]
    }

    func destroy() {
        do {
            try cluster.stop()
            try FileManager.default.removeItem(atPath: base)
            if !socket.hasPrefix(base) { try? FileManager.default.removeItem(atPath: socket) }
        } catch {
            log("could not remove the throwaway cluster in \(base): \(error)")
        }
    }
}

/// Facts about the machine and the server that results depend on.
struct MachineFacts: Codable, Sendable {
    var cores: Int
    var cpu: String
    var memoryGiB: Double
    var postgresql: String
    var synchronousCommit: String
    var sharedBuffers: String
    var os: String

    static func collect(_ connection: Connection, synchronousCommit: String) throws -> MachineFacts {
        let version = try connection.query("SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS b").singleRow()
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let pretty = release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { String($0.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "unknown"
        return MachineFacts(
            cores: ProcessInfo.processInfo.activeProcessorCount, cpu: model,
            memoryGiB: (Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824 * 10).rounded() / 10,
            postgresql: try version.decode("v"), synchronousCommit: synchronousCommit,
            sharedBuffers: try version.decode("b"), os: pretty)
    }
}

/// Runs a program to completion; returns its exit code, stdout and stderr.
func runProgram(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                workingDirectory: URL? = nil) throws -> (code: Int32, out: String, err: String) {
    // Children inherit this thread's signal mask, and threads started by Swift block signals such as
    // SIGALRM, on which `pgbench -T` relies to stop: unblock them for the child.
    var none = sigset_t()
    sigemptyset(&none)
    pthread_sigmask(SIG_SETMASK, &none, nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let workingDirectory { process.currentDirectoryURL = workingDirectory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes to the end before waiting, so a chatty child never blocks on a full pipe.
    let errorData = LockedData()
    let reader = Thread { errorData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorData.done { usleep(200) }
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errorData.value, as: UTF8.self))
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var finished = false
    func set(_ value: Data) { lock.lock(); data = value; finished = true; lock.unlock() }
    var done: Bool { lock.lock(); defer { lock.unlock() }; return finished }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}

func which(_ name: String) -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}
