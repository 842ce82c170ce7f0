import AwardsStore
import Foundation
import Postgres
import Subprocess
import SystemPackage

/// The throwaway cluster of one run: the project's own EmbeddedCluster (initdb as the awards-db account
/// when we are root, trust on a private Unix socket, no TCP), in a fresh folder under /var/tmp.
struct BenchCluster: Sendable {
    let cluster: EmbeddedCluster
    let base: String
    let socket: String
    let port = EmbeddedCluster.port
    let database = "awards_bench"

    static func start(options: BenchOptions) async throws -> BenchCluster {
        let folder = options.clusterDirectory
            ?? "/var/tmp/awards-bench-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))"
        let cluster = try await EmbeddedCluster(preferred: URL(fileURLWithPath: folder), databaseName: "awards_bench")
        for note in cluster.notes { log(note) }
        let clock = ContinuousClock.now
        for line in try await cluster.ensureRunning() { log(line) }
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

    func destroy() async {
        do {
            try await cluster.stop()
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

/// Runs a program to completion, with nothing on its standard input; returns its exit code (128 + the
/// signal that killed it), stdout and stderr.
///
/// Threads started by Swift block signals such as SIGALRM, on which `pgbench -T` relies to stop, and a
/// child inherits the mask of the thread that spawns it: Subprocess resets the child's mask and
/// dispositions.
func runProgram(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                workingDirectory: URL? = nil) async throws -> (code: Int32, out: String, err: String) {
    let environment = environment.map { variables in
        Environment.custom(Dictionary(uniqueKeysWithValues: variables.map { (Environment.Key(rawValue: $0.key)!, $0.value) }))
    } ?? .inherit
    let result = try await Subprocess.run(.path(FilePath(executable)), arguments: Arguments(arguments), environment: environment,
                                          workingDirectory: workingDirectory.map { FilePath($0.path) },
                                          output: .string(limit: 64 << 20), error: .string(limit: 64 << 20))
    let code = switch result.terminationStatus {
    case .exited(let code): code
    case .signaled(let signal): 128 + signal
    }
    return (code, result.standardOutput, result.standardError)
}

func which(_ name: String) -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}
