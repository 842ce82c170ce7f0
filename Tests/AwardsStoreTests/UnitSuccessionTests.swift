import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// Units that merge or are renamed (the 2025 reorganisation): a succession recorded once by an
/// administrator, refused with nothing written when it is bad; from its day the predecessor's nominees,
/// scope and eligibility follow the successor, and old decisions keep the old name.
@Suite struct UnitSuccessionTests {
    /// The province of the other suites, plus a commune that succeeds the Ea Kar district, its officer and
    /// an administrator.
    struct Merger {
        let province: Province
        let admin: DirectoryStore
        let officerOfSuccessor: String
        static let july = LocalDate(year: 2025, month: 7, day: 1)!

        init() throws {
            province = try Province()
            let owner = DirectoryStore(try province.database.connect())
            try owner.addUnit(code: "xa-ea-kar", name: "UBND xã Ea Kar", kind: "commune", parentCode: "ubnd-tinh", groupCode: nil)
            func person(_ unit: String, _ roles: [String]) throws -> String {
                let login = TestDatabase.uniqueLogin(roles[0])
                try owner.registerPerson(fullName: "Người \(login)", email: "\(login)@daklak.gov.vn", unitCode: unit, login: login,
                                         roles: roles, authorityLevel: nil, password: TestDatabase.personPassword)
                return login
            }
            admin = DirectoryStore(try province.connect(try person("snv", ["admin"])))
            officerOfSuccessor = try person("xa-ea-kar", ["officer"])
        }

        func count(_ table: String) throws -> Int {
            try province.database.connect().query("SELECT count(*) AS n FROM awards.\(table)").singleRow().decode("n", as: Int.self)
        }

        func past(_ row: Int, _ year: Int, unit: String) -> PastAwardInput {
            PastAwardInput(row: row, kind: .individual, name: "Phạm Văn An", birthDate: LocalDate(year: 1980, month: 2, day: 3), unit: unit,
                           award: "CSTD_CO_SO", year: year, decisionNumber: "\(row)/QĐ-UBND", decisionDate: LocalDate(year: year, month: 12, day: 20)!,
                           issuer: "Chủ tịch UBND huyện Ea Kar")
        }
    }

    @Test func aSuccessionIsRecordedAndShownOnBothUnits() throws {
        let merger = try Merger()
        try merger.admin.recordSuccession(predecessor: "ea-kar", successor: "xa-ea-kar", on: Merger.july, kind: .merger, legalBasis: "  202/2025/QH15 ")
        let old = try #require(try merger.admin.unit(code: "ea-kar"))
        #expect(old.successorCode == "xa-ea-kar" && old.succeededOn == "2025-07-01" && old.successionKind == "merger"
                && old.successionBasis == "202/2025/QH15")
        #expect(try merger.admin.unit(code: "xa-ea-kar")?.predecessorCodes == ["ea-kar"])
        // Append-only, even for the owner.
        let owner = try merger.province.database.connect()
        #expect(try refusal { try owner.query("UPDATE awards.unit_successions SET took_effect_on = '2025-08-01'") } != nil)
        #expect(try refusal { try owner.query("DELETE FROM awards.unit_successions") } != nil)
    }

    /// A cycle (directly or through a chain), a second successor, the unit itself, an unknown unit and a
    /// day before the predecessor came into being are each refused in one line; nothing is written.
    @Test func badSuccessionsAreRefusedAndWriteNothing() throws {
        let merger = try Merger()
        let owner = DirectoryStore(try merger.province.database.connect())
        for (code, name) in [("xa-a", "UBND xã A"), ("xa-b", "UBND xã B"), ("xa-c", "UBND xã C")] {
            try owner.addUnit(code: code, name: name, kind: "commune", parentCode: "ubnd-tinh", groupCode: nil)
        }
        try merger.admin.recordSuccession(predecessor: "xa-a", successor: "xa-b", on: Merger.july, kind: .merger, legalBasis: "202/2025/QH15")
        try merger.admin.recordSuccession(predecessor: "xa-b", successor: "xa-c", on: LocalDate(year: 2025, month: 9, day: 1)!, kind: .rename,
                                          legalBasis: "15/NQ-HĐND")
        let (successions, spans) = (try merger.count("unit_successions"), try merger.count("nominee_units"))
        let later = LocalDate(year: 2026, month: 1, day: 1)!
        let cases: [(String, String, LocalDate, String, String)] = [
            ("xa-b", "xa-a", later, "23505", "unit xa-b was already succeeded by xa-c from 01/09/2025"),
            ("xa-c", "xa-a", later, "23514", "unit xa-c cannot be succeeded by xa-a: the successions of xa-a already lead to xa-c"),
            ("xa-c", "xa-b", later, "23514", "unit xa-c cannot be succeeded by xa-b: the successions of xa-b already lead to xa-c"),
            ("xa-a", "krong-pac", later, "23505", "unit xa-a was already succeeded by xa-b from 01/07/2025"),
            ("krong-pac", "krong-pac", later, "23514", "unit krong-pac cannot succeed itself"),
            ("khong-co", "krong-pac", later, "23503", "unknown unit \"khong-co\""),
            ("xa-c", "krong-pac", LocalDate(year: 2025, month: 9, day: 1)!, "22023", "unit xa-c came into being on 01/09/2025: it can be succeeded only after that"),
            ("krong-pac", "xa-a", later, "22023", "unit xa-a was itself succeeded from 01/07/2025: choose the unit that succeeded it"),
        ]
        for (old, new, day, state, message) in cases {
            let error = try refusal { try merger.admin.recordSuccession(predecessor: old, successor: new, on: day, kind: .merger, legalBasis: "1/NQ") }
            #expect(error?.message == message, "\(old) → \(new)")
            #expect(error?.sqlState == state, "\(old) → \(new): \(error?.sqlState ?? "none")")
        }
        #expect(try merger.count("unit_successions") == successions && merger.count("nominee_units") == spans)
    }

    /// psql as an officer: neither the function nor the table.
    @Test func onlyAnAdministratorRecordsASuccession() throws {
        let merger = try Merger()
        let psql = try merger.province.connect(merger.province.officerEaKar)
        for statement in ["SELECT awards.record_succession('ea-kar', 'xa-ea-kar', '2025-07-01', 'merger', '202/2025/QH15')",
                          "INSERT INTO awards.unit_successions (predecessor_id, successor_id, took_effect_on, kind, legal_basis) "
                          + "SELECT a.id, b.id, '2025-07-01', 'merger', 'x' FROM awards.units a, awards.units b WHERE a.code = 'ea-kar' AND b.code = 'xa-ea-kar'"] {
            #expect(try refusal { try psql.query(statement) }?.sqlState == "42501", "\(statement)")
        }
        #expect(try merger.count("unit_successions") == 0)
    }

    /// CSTD_CO_SO in 2023 and 2024 in the old unit, 2025 in the new: the new unit sees three consecutive
    /// years from the day of the merger; the day before, the nominee is still the old unit's.
    @Test func eligibilityFollowsTheSuccessorFromItsDay() throws {
        let merger = try Merger()
        let oldOfficer = NomineeStore(try merger.province.connect(merger.province.officerEaKar))
        let nominee = try oldOfficer.register(kind: .individual, name: "Phạm Văn An", birthDate: LocalDate(year: 1980, month: 2, day: 3), gender: .male,
                                              ethnicity: "Kinh", occupation: .civilServant, unitCode: "ea-kar", from: LocalDate(year: 2015, month: 1, day: 1)!)
        #expect(try oldOfficer.importHistory([merger.past(2, 2023, unit: "ea-kar"), merger.past(3, 2024, unit: "ea-kar")]) == 2)
        try merger.admin.recordSuccession(predecessor: "ea-kar", successor: "xa-ea-kar", on: Merger.july, kind: .merger, legalBasis: "202/2025/QH15")
        let newOfficer = NomineeStore(try merger.province.connect(merger.officerOfSuccessor))
        // The line of 2025 carries the new unit: the same nominee, not a new one.
        #expect(try newOfficer.importHistory([merger.past(4, 2025, unit: "xa-ea-kar")]) == 1)
        let record = try #require(try newOfficer.record(nominee))
        #expect(record.units.map(\.unitCode) == ["ea-kar", "xa-ea-kar"] && record.units.map(\.to) == ["2025-06-30", nil])
        #expect(record.awards.map(\.year).sorted() == [2023, 2024, 2025])

        func verdict(_ store: NomineeStore, _ unit: String, _ day: LocalDate) throws -> EligibilityVerdict? {
            try store.eligibility(unitCode: unit, year: 2025, award: "CSTD_CAP_TINH", on: day).first { $0.nomineeID == nominee }
        }
        let dayBefore = LocalDate(year: 2025, month: 6, day: 30)!
        #expect(try verdict(newOfficer, "xa-ea-kar", dayBefore) == nil)
        #expect(try verdict(oldOfficer, "ea-kar", dayBefore)?.unitCode == "ea-kar")
        let dayOf = try #require(try verdict(newOfficer, "xa-ea-kar", Merger.july))
        #expect(dayOf.unitCode == "xa-ea-kar")
        let consecutive = try #require(dayOf.findings.first { $0.kind == "consecutive_award" })
        #expect(consecutive.passed && consecutive.facts["have"]?.list.compactMap(\.int) == [2023, 2024, 2025])
        #expect(try verdict(oldOfficer, "ea-kar", Merger.july) == nil)
    }

    /// From the day on, the successor's officer sees the predecessor's nominations, proposals, decisions
    /// and nominees; an officer of an unrelated unit still does not; the decision keeps the old name.
    @Test func scopeFollowsAndOldDecisionsKeepTheOldName() throws {
        let merger = try Merger()
        let province = merger.province
        let nomination = try province.store(province.officerEaKar).nominate(kind: .individual, name: "Lê Thị Mai", unitCode: "ea-kar",
                                                                             occupation: .farmer, gender: .female, movementCode: nil,
                                                                             fields: ["detection_note": "Mô hình sản xuất giỏi"])
        let (_, proposal) = try ProposalRoundTests.submitted(province, [ProposalRoundTests.line(2, "Nguyễn Thị Hoa")])
        let head = ProposalStore(try province.connect(province.unitHeadEaKar))
        let today = LocalDate.todayInVietnam
        let decision = try head.sign(number: "77/QĐ-UBND", date: today, proposals: [proposal], changes: [])
        let nominee = try #require(try NomineeStore(try province.connect(province.officerEaKar)).search("Nguyễn Thị Hoa").first?.id)

        let successor = try province.connect(merger.officerOfSuccessor)
        let unrelated = try province.connect(province.officerKrongPac)
        #expect(try NominationStore(successor).find(nomination) == nil, "not before the succession")
        try merger.admin.recordSuccession(predecessor: "ea-kar", successor: "xa-ea-kar", on: today, kind: .merger, legalBasis: "202/2025/QH15")

        #expect(try NominationStore(successor).find(nomination) != nil)
        #expect(try ProposalStore(successor).find(proposal) != nil)
        #expect(try NomineeStore(successor).record(nominee) != nil)
        let shown = try #require(try ProposalStore(successor).decision(decision))
        #expect(shown.issuingUnitCode == "ea-kar" && shown.issuingUnitName == "UBND huyện Ea Kar (nay: UBND xã Ea Kar)")
        #expect(try ProposalStore(successor).decisionLines(decision).map(\.unitName) == ["UBND huyện Ea Kar (nay: UBND xã Ea Kar)"])

        #expect(try NominationStore(unrelated).find(nomination) == nil)
        #expect(try ProposalStore(unrelated).find(proposal) == nil)
        #expect(try ProposalStore(unrelated).decision(decision) == nil)
        #expect(try NomineeStore(unrelated).record(nominee) == nil)
        // The officer of the successor may act on the predecessor's nomination (in_scope walks the succession).
        _ = try NominationStore(successor).advance(nomination, event: "cultivate", fields: ["cultivation_plan": "Nhân rộng mô hình"])
    }
}
