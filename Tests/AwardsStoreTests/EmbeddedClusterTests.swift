import AwardsCore
@testable import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

@Suite struct EmbeddedClusterTests {
    /// The embedded default keeps its data across a stop and a start, and starting twice is harmless.
    @Test(.timeLimit(.minutes(2))) func survivesARestartWithItsData() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("awards-embedded-test-\(UUID().uuidString.prefix(8))")
        try await EmbeddedCluster.withTemporary(in: home) { cluster in
            let firstStart = try await cluster.ensureRunning()
            #expect(firstStart.contains { $0.hasPrefix("created") })
            #expect(try await cluster.ensureRunning().isEmpty, "a second call finds it running and does nothing")
            // An administrator appending a setting (shared_preload_libraries…) must not glue it to ours.
            let conf = try String(contentsOf: cluster.dataDirectory.appendingPathComponent("postgresql.conf"), encoding: .utf8)
            #expect(conf.hasSuffix("\n"))

            let name = "Trần Thị Bích Hằng"
            try Connection(cluster.connectionConfiguration).executeScript("CREATE TABLE kept (name text)")
            try Connection(cluster.connectionConfiguration).query("INSERT INTO kept VALUES ($1)", [name])

            #expect(try await cluster.stop())
            #expect(try await !cluster.isRunning())
            #expect(throws: PostgresError.self) { _ = try Connection(cluster.connectionConfiguration) }

            let restart = try await cluster.ensureRunning()
            #expect(restart.count == 1 && restart[0].hasPrefix("started"))
            let row = try Connection(cluster.connectionConfiguration).query("SELECT name FROM kept").first
            #expect(try row?.decode("name", as: String.self) == name)
            // Reachable only through its socket: no TCP listener.
            let tcp = try Connection(cluster.connectionConfiguration).query("SHOW listen_addresses").first
            #expect(try tcp?.decode("listen_addresses", as: String.self) == "")
        }
    }

    /// The socket trusts, so only the server's own account (and root) may reach it: as root that account
    /// is awards-db, not the `postgres` account other clusters and services share.
    @Test(.timeLimit(.minutes(2)), .enabled(if: getuid() == 0, "the server changes account only when started by root"))
    func asRootTheServerRunsAsItsOwnAccountBehindAPrivateSocket() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("awards-account-test-\(UUID().uuidString.prefix(8))")
        try await EmbeddedCluster.withTemporary(in: home) { cluster in
            try await cluster.ensureRunning()
            #expect(cluster.serverUser == EmbeddedCluster.serverAccount)
            let pid = try #require(try String(contentsOf: cluster.dataDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8)
                .split(separator: "\n").first.map(String.init))
            let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
            let uid = try #require(status.split(separator: "\n").first { $0.hasPrefix("Uid:") }?.split(separator: "\t").dropFirst().first)
            #expect(UInt32(uid) == getpwnam(EmbeddedCluster.serverAccount)?.pointee.pw_uid)
            for folder in [cluster.socketDirectory, cluster.baseDirectory] {
                let attributes = try FileManager.default.attributesOfItem(atPath: folder.path)
                #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o700, "\(folder.path)")
                #expect(attributes[.ownerAccountName] as? String == EmbeddedCluster.serverAccount, "\(folder.path)")
            }
            // Debian's shared postgres account cannot even reach the socket.
            let psql = try await EmbeddedCluster.run("psql", ["-X", "-h", cluster.socketDirectory.path, "-p", String(EmbeddedCluster.port),
                                                              "-U", EmbeddedCluster.superuser, "-d", "postgres", "-c", "SELECT 1"], as: "postgres")
            #expect(psql.exitCode != 0)
            #expect(psql.output.contains("Permission denied"), "\(psql.output)")
        }
    }

    /// The programs the cluster runs (pg_ctl leaves a server behind) get nothing of ours but /dev/null
    /// and their output pipe: a parent watching us through a descriptor we inherited would otherwise
    /// wait for that server. Nor do they inherit a blocked or ignored signal, and they run in /.
    @Test func programsItRunsInheritNoDescriptorAndNoSignalMask() async throws {
        let stray = open("/dev/null", O_RDONLY)
        #expect(stray > 2)
        defer { close(stray) }
        // The shell's own descriptors, listed by its child.
        let shell = try await EmbeddedCluster.run("/bin/sh", ["-c", "ls /proc/$$/fd; readlink /proc/$$/fd/0; pwd"], as: nil)
        #expect(shell.output == "0\n1\n2\n/dev/null\n/\n", "\(shell.output)")
        // The program's own signals, read by itself: a shell blocks them all while it waits for a child.
        let signals = try await EmbeddedCluster.run("/usr/bin/grep", ["-E", "^Sig(Blk|Ign)", "/proc/self/status"], as: nil)
        let lines = signals.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "SigBlk:\t0000000000000000", "\(signals.output)")
        // glibc's posix_spawn leaves its two internal signals (32 and 33) ignored; 1–31 must not be.
        let ignored = lines.dropFirst().first.flatMap { UInt64($0.dropFirst("SigIgn:\t".count), radix: 16) }
        #expect(ignored.map { $0 & 0x7fff_ffff } == 0, "\(signals.output)")
    }

    /// Under /var/tmp anyone may plant a link where a relocated cluster would go; it is refused, and
    /// nothing it points to changes owner.
    @Test(.enabled(if: getuid() == 0, "clusters move to /var/tmp only when started by root"))
    func aLinkPlantedWhereTheClusterWouldMoveIsRefused() async throws {
        let closed = FileManager.default.temporaryDirectory.appendingPathComponent("awards-closed-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: closed, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: closed) }
        let preferred = closed.appendingPathComponent("project/.awards").standardizedFileURL
        let victim = closed.appendingPathComponent("victim")
        try FileManager.default.createDirectory(at: victim, withIntermediateDirectories: true)
        let planted = "/var/tmp/awards-\(FNV1a64.hex(of: preferred.path))"
        try FileManager.default.createSymbolicLink(atPath: planted, withDestinationPath: victim.path)
        defer { unlink(planted) }
        let refused = await #expect(throws: PrivateDirectoryError.self) { _ = try await EmbeddedCluster(preferred: preferred) }
        #expect(refused?.description == "\(planted) is not a folder (a link?); remove it, it was not made by awards")
        #expect(try FileManager.default.attributesOfItem(atPath: victim.path)[.ownerAccountName] as? String == "root")
    }
}
