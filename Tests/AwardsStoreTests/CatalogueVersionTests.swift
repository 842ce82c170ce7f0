import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// Catalogue versions are immutable in the database, and a decision keeps the version it was made under.
@Suite struct CatalogueVersionTests {
    @Test func aVersionIsLoadedOnceAndADecisionKeepsItsVersion() throws {
        let province = try Province()
        let owner = try province.database.connect()
        let store = WorkflowStore(owner)
        let text = try String(contentsOf: TestDatabase.projectDirectory.appendingPathComponent("config/awards.yaml"), encoding: .utf8)
        let shipped = try AwardCatalogue.load(yaml: text, file: "awards.yaml")
        func versions() throws -> [String] {
            try owner.query("SELECT version || (CASE WHEN in_force THEN '*' ELSE '' END) AS v FROM awards.catalogue_versions ORDER BY loaded_at, version")
                .rows.map { try $0.decode("v") }
        }
        try store.sync(shipped)
        #expect(try versions() == ["\(shipped.version)*"], "loading the same content again adds nothing")

        let id = try province.pendingNomination()
        try province.store(province.provinceChair).advance(id, event: "approve",
            fields: ["decision_number": "7/QĐ-UBND", "decision_date": LocalDate.todayInVietnam.iso])
        func decidedUnder(_ id: Int) throws -> String? {
            try owner.query("SELECT catalogue_version FROM awards.nominations WHERE id = $1", [id]).singleRow().decode("catalogue_version")
        }
        #expect(try decidedUnder(id) == shipped.version)

        // Changed content under the same version is refused; under a new version it loads and is in force.
        let changed = text.replacingOccurrences(of: "reward_rounding: 10_000", with: "reward_rounding: 1_000")
        #expect(throws: WorkflowStoreError.catalogueVersionReused(shipped.version)) {
            try store.sync(try AwardCatalogue.load(yaml: changed, file: "awards.yaml"))
        }
        let next = changed.replacingOccurrences(of: "version: \"\(shipped.version)\"", with: "version: \"\(shipped.version)-next\"")
        try store.sync(try AwardCatalogue.load(yaml: next, file: "awards.yaml"))
        #expect(try versions() == [shipped.version, "\(shipped.version)-next*"])
        #expect(try decidedUnder(id) == shipped.version, "the decision keeps the version it was made under")
        let content = try owner.query("SELECT content FROM awards.catalogue_versions WHERE version = $1", [shipped.version])
            .singleRow().decode("content", as: String.self)
        #expect(content == shipped.canonicalText, "the old version's rules stay readable as they were")

        let rewrite = #expect(throws: PostgresError.self) {
            try owner.query("UPDATE awards.catalogue_versions SET content = 'x' WHERE version = $1", [shipped.version])
        }
        #expect(rewrite?.sqlState == "42501")
        let delete = #expect(throws: PostgresError.self) { try owner.query("DELETE FROM awards.catalogue_versions") }
        #expect(delete?.sqlState == "42501", "append-only, for the owner too")
    }

    @Test func theFingerprintIgnoresCommentsAndSeesEveryRule() throws {
        let text = try String(contentsOf: TestDatabase.projectDirectory.appendingPathComponent("config/awards.yaml"), encoding: .utf8)
        let shipped = try AwardCatalogue.load(yaml: text, file: "awards.yaml")
        #expect(try AwardCatalogue.load(yaml: "# một dòng chú thích\n" + text, file: "x").fingerprint == shipped.fingerprint)
        let rate = text.replacingOccurrences(of: "reward_multiple: 0.3\n", with: "reward_multiple: 0.4\n")
        #expect(rate != text)
        #expect(try AwardCatalogue.load(yaml: rate, file: "x").fingerprint != shipped.fingerprint)
    }
}
