import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// Eligibility judged from a nominee's history against the shipped catalogue's dated rules, by the real
/// database: each rule and each date boundary, the facts it saw, scope, and bad history rows.
@Suite struct EligibilityTests {
    struct Unit {
        let province: Province
        let officer: NomineeStore
        let nominee: Int

        init() throws {
            province = try Province()
            officer = NomineeStore(try province.connect(province.officerEaKar))
            nominee = try officer.register(kind: .individual, name: "Phạm Văn  An", birthDate: LocalDate(year: 1980, month: 2, day: 3), gender: .male,
                                           ethnicity: "Kinh", occupation: .civilServant, unitCode: "ea-kar", from: LocalDate(year: 2015, month: 1, day: 1)!)
        }

        func past(_ row: Int, _ award: String, _ year: Int, name: String = "Phạm Văn An", unit: String = "ea-kar", number: String? = nil) -> PastAwardInput {
            PastAwardInput(row: row, kind: .individual, name: name, birthDate: LocalDate(year: 1980, month: 2, day: 3), unit: unit, award: award,
                           year: year, decisionNumber: number ?? "\(row)/QĐ-UBND", decisionDate: LocalDate(year: year, month: 12, day: 20)!,
                           issuer: "Chủ tịch UBND huyện Ea Kar")
        }

        func verdict(_ award: String, year: Int, on day: LocalDate) throws -> EligibilityVerdict? {
            try officer.eligibility(unitCode: "ea-kar", year: year, award: award, on: day).first { $0.nomineeID == nominee }
        }
    }

    static let july2026 = LocalDate(year: 2026, month: 7, day: 15)!

    @Test func theProvincialTitleNeedsThreeConsecutiveGrassrootsTitlesAndAProvincialInitiative() throws {
        let unit = try Unit()
        #expect(try unit.officer.importHistory([unit.past(2, "CSTD_CO_SO", 2024), unit.past(3, "CSTD_CO_SO", 2025)]) == 2)
        let nearly = try #require(try unit.verdict("CSTD_CAP_TINH", year: 2026, on: Self.july2026))
        #expect(!nearly.qualifies && nearly.failing == 2)
        let consecutive = try #require(nearly.findings.first { $0.kind == "consecutive_award" })
        #expect(consecutive.facts["have"]?.list.compactMap(\.int) == [2024, 2025] && consecutive.facts["missing"]?.list.compactMap(\.int) == [2026])
        #expect(consecutive.document == "Luật Thi đua, khen thưởng 06/2022/QH15" && consecutive.article == "Điều 22")

        try unit.officer.importHistory([unit.past(4, "CSTD_CO_SO", 2026)])
        try unit.officer.recordInitiative(unit.nominee, kind: .initiative, title: "Số hoá hồ sơ một cửa", scope: .province,
                                          recognisedBy: "Hội đồng sáng kiến tỉnh", document: "15/QĐ-HĐSK", on: LocalDate(year: 2025, month: 6, day: 1)!)
        #expect(try unit.verdict("CSTD_CAP_TINH", year: 2026, on: Self.july2026)?.qualifies == true)

        // A revoked title does not count.
        try unit.officer.importHistory([PastAwardInput(row: 5, kind: .individual, name: "Phạm Văn An", birthDate: LocalDate(year: 1980, month: 2, day: 3),
                                                       unit: "ea-kar", award: "CSTD_CO_SO", year: 2023, decisionNumber: "9/QĐ-UBND",
                                                       decisionDate: LocalDate(year: 2023, month: 12, day: 20)!, issuer: "Chủ tịch UBND huyện Ea Kar",
                                                       revokedNumber: "2/QĐ-UBND", revokedDate: LocalDate(year: 2024, month: 3, day: 1)!)])
        let before = try #require(try unit.verdict("CSTD_CAP_TINH", year: 2025, on: Self.july2026))
        #expect(before.findings.first { $0.kind == "consecutive_award" }?.facts["missing"]?.list.compactMap(\.int) == [2023])

        // A discipline being considered blocks every award while it lasts.
        let block = try unit.officer.recordBlock(unit.nominee, kind: .disciplinePending, from: LocalDate(year: 2026, month: 7, day: 1)!,
                                                 note: "Đang xem xét kỷ luật theo Thông báo 12/TB-UBND")
        let blocked = try #require(try unit.verdict("CSTD_CAP_TINH", year: 2026, on: Self.july2026))
        #expect(!blocked.qualifies && blocked.findings.first { $0.kind == "no_block" }?.passed == false)
        try unit.officer.endBlock(block, on: LocalDate(year: 2026, month: 7, day: 10)!)
        #expect(try unit.verdict("CSTD_CAP_TINH", year: 2026, on: Self.july2026)?.qualifies == true)
    }

    /// Until 31/12/2023 the grassroots title needed an initiative; from 01/01/2024 excellent completion of
    /// duties may stand in for it.
    @Test func anExcellentRatingReplacesTheInitiativeFromTheFirstOf2024() throws {
        let unit = try Unit()
        try unit.officer.rate(unit.nominee, year: 2023, .excellent)
        let old = try #require(try unit.verdict("CSTD_CO_SO", year: 2023, on: LocalDate(year: 2023, month: 12, day: 31)!))
        #expect(!old.qualifies)
        #expect(old.findings.contains { $0.kind == "initiative" && $0.article == "Điều 9 khoản 3" && !$0.passed })
        let new = try #require(try unit.verdict("CSTD_CO_SO", year: 2023, on: LocalDate(year: 2024, month: 1, day: 1)!))
        #expect(new.qualifies)
        #expect(new.findings.contains { $0.kind == "any_of" && $0.passed && $0.article == "Điều 23" })

        // A later rating of the same year corrects the earlier.
        try unit.officer.rate(unit.nominee, year: 2023, .good)
        #expect(try unit.verdict("CSTD_CO_SO", year: 2023, on: LocalDate(year: 2024, month: 1, day: 1)!)?.qualifies == false)
        #expect(try unit.verdict("LAO_DONG_TIEN_TIEN", year: 2023, on: LocalDate(year: 2024, month: 1, day: 1)!)?.qualifies == true)
    }

    @Test func anotherUnitNeitherSeesNorRecordsTheNominee() throws {
        let unit = try Unit()
        try unit.officer.importHistory([unit.past(2, "CSTD_CO_SO", 2025)])
        let outsider = NomineeStore(try unit.province.connect(unit.province.officerKrongPac))
        #expect(try outsider.search("Pham Van An").isEmpty)
        #expect(try unit.officer.search("pham van an").map(\.id) == [unit.nominee])
        #expect(try outsider.record(unit.nominee) == nil)
        #expect(try outsider.eligibility(nominee: unit.nominee, awards: ["CSTD_CAP_TINH"], year: 2026, on: Self.july2026).isEmpty)
        #expect(try refusal { try outsider.rate(unit.nominee, year: 2025, .excellent) }?.sqlState == "42501")

        let psql = try unit.province.connect(unit.province.officerEaKar)
        for statement in ["INSERT INTO awards.past_awards (nominee_id, award_code, year, decision_number, decision_date, issuer) VALUES (\(unit.nominee), 'CSTD_CO_SO', 2026, '1/QĐ', '2026-12-01', 'x')",
                          "UPDATE awards.nominees SET full_name = 'X'", "DELETE FROM awards.performance_ratings",
                          "INSERT INTO awards.nominee_blocks (nominee_id, kind, from_date, note) VALUES (\(unit.nominee), 'complaint', '2026-01-01', 'x')"] {
            #expect(try refusal { try psql.query(statement) }?.sqlState == "42501", "\(statement)")
        }
        let owner = try unit.province.database.connect()
        #expect(try refusal { try owner.query("DELETE FROM awards.past_awards") }?.sqlState == "42501")
    }

    @Test func aSheetOfPastAwardsWithABadRowWritesNothing() throws {
        let unit = try Unit()
        let rows = [unit.past(2, "CSTD_CO_SO", 2024), unit.past(3, "CSTD_CO_SO_X", 2025), unit.past(4, "CSTD_CO_SO", 2024, number: "2/QĐ-UBND"),
                    unit.past(5, "CSTD_CO_SO", 2025, unit: "krong-pac"), unit.past(6, "CSTD_CO_SO", 2025, name: "Nguyễn Thị Hà")]
        let problems = try unit.officer.problems(rows)
        #expect(problems.map(\.description) == [
            "row 3, award: unknown award \"CSTD_CO_SO_X\"",
            "row 4, decision_number: decision 2/QĐ-UBND of Phạm Văn An for CSTD_CO_SO is on row 2 too",
            "row 5, unit: unit krong-pac is outside your units",
        ])
        let refused = try refusal { try unit.officer.importHistory(rows) }
        #expect(refused?.message == "row 3: unknown award \"CSTD_CO_SO_X\"; nothing was imported")
        #expect(try unit.officer.record(unit.nominee)?.awards == [])
        #expect(try unit.officer.search("Nguyễn Thị Hà").isEmpty)

        // The good rows alone go in; a nominee not yet known is registered in the row's unit.
        try unit.officer.importHistory([rows[0], rows[4]])
        #expect(try unit.officer.record(unit.nominee)?.awards.map(\.year) == [2024])
        let new = try #require(try unit.officer.search("Nguyen Thi Ha").first)
        #expect(try unit.officer.record(new.id)?.units.map(\.unitCode) == ["ea-kar"])
        #expect(try refusal { try unit.officer.importHistory([rows[0]]) }?.message
                == "row 2: decision 2/QĐ-UBND of Phạm Văn An for CSTD_CO_SO is already recorded; nothing was imported")
    }
}
