import AwardsStore
import Foundation
import Postgres
import Testing

@Suite struct EmbeddedClusterTests {
    /// The embedded default keeps its data across a stop and a start, and starting twice is harmless.
    @Test(.timeLimit(.minutes(2))) func survivesARestartWithItsData() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("awards-embedded-test-\(UUID().uuidString.prefix(8))")
        let cluster = try EmbeddedCluster(preferred: home)
        defer {
            _ = try? cluster.stop()
            try? FileManager.default.removeItem(at: home)
        }
        let firstStart = try cluster.ensureRunning()
        #expect(firstStart.contains { $0.hasPrefix("created") })
        #expect(try cluster.ensureRunning().isEmpty, "a second call finds it running and does nothing")
        // An administrator appending a setting (shared_preload_libraries…) must not glue it to ours.
        let conf = try String(contentsOf: cluster.dataDirectory.appendingPathComponent("postgresql.conf"), encoding: .utf8)
        #expect(conf.hasSuffix("\n"))

        let name = "Trần Thị Bích Hằng"
        try Connection(cluster.connectionConfiguration).executeScript("CREATE TABLE kept (name text)")
        try Connection(cluster.connectionConfiguration).query("INSERT INTO kept VALUES ($1)", [name])

        #expect(try cluster.stop())
        #expect(try !cluster.isRunning())
        #expect(throws: PostgresError.self) { _ = try Connection(cluster.connectionConfiguration) }

        let restart = try cluster.ensureRunning()
        #expect(restart.count == 1 && restart[0].hasPrefix("started"))
        let row = try Connection(cluster.connectionConfiguration).query("SELECT name FROM kept").first
        #expect(try row?.decode("name", as: String.self) == name)
        // Reachable only through its socket: no TCP listener.
        let tcp = try Connection(cluster.connectionConfiguration).query("SHOW listen_addresses").first
        #expect(try tcp?.decode("listen_addresses", as: String.self) == "")
    }
}
