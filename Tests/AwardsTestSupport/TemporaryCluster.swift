import AwardsStore
import Foundation

extension EmbeddedCluster {
    /// Runs `body` with a cluster made in `home`, then stops it and removes `home`, whatever `body` did.
    public static func withTemporary<T>(in home: URL, _ body: (EmbeddedCluster) async throws -> T) async throws -> T {
        let cluster: EmbeddedCluster
        do {
            cluster = try await EmbeddedCluster(preferred: home)
        } catch {
            try? FileManager.default.removeItem(at: home)
            throw error
        }
        let value: T
        do {
            value = try await body(cluster)
        } catch {
            _ = try? await cluster.stop()
            try? FileManager.default.removeItem(at: home)
            throw error
        }
        _ = try? await cluster.stop()
        try? FileManager.default.removeItem(at: home)
        return value
    }
}
