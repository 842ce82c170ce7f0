import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// Everyday corrections (issue 11, item 1) through each person's own login: edits recorded with who
/// and when whoever makes them, and terms of office that decide authority on the decision date.
@Suite struct AdministrationTests {
    let province: Province
    let admin: String

    init() throws {
        province = try Province()
        admin = TestDatabase.uniqueLogin("admin")
        try DirectoryStore(try province.database.connect()).registerPerson(
            fullName: "Hoàng Minh Tuấn", email: "tuan@daklak.gov.vn", unitCode: "ubnd-tinh", login: admin, roles: ["admin"],
            authorityLevel: nil, password: TestDatabase.personPassword)
    }

    func directory(_ login: String) throws -> DirectoryStore { DirectoryStore(try province.connect(login)) }

    func changes(_ table: String) throws -> [RecordedChange] {
        try directory(admin).changes(table: table).filter { $0.operation == "update" }
    }

    @Test func anEditIsRecordedWithWhoAndWhatChangedHoweverItIsMade() throws {
        try directory(admin).editUnit(code: "snv", name: "Sở Nội vụ tỉnh Đắk Lắk", kind: nil, parentCode: nil, groupCode: nil)
        // The same through a plain UPDATE, as psql would: the trigger records it alike.
        try province.connect(admin).query("UPDATE awards.units SET name = 'UBND xã Ea Phê, huyện Krông Pắc' WHERE code = 'ea-phe'")
        let recorded = try changes("units")
        try #require(recorded.count == 2)
        #expect(recorded.allSatisfy { $0.login == admin })
        #expect(recorded[1].before == #"{"name": "Sở Nội vụ"}"# && recorded[1].after == #"{"name": "Sở Nội vụ tỉnh Đắk Lắk"}"#,
                "only the changed column: \(recorded[1])")
        #expect(recorded[0].after == #"{"name": "UBND xã Ea Phê, huyện Krông Pắc"}"#)

        let officer = try province.connect(province.officerKrongPac)
        let edit = #expect(throws: PostgresError.self) { try officer.query("UPDATE awards.units SET name = 'X' WHERE code = 'ea-phe'") }
        #expect(edit?.sqlState == "42501")
        let read = #expect(throws: PostgresError.self) { try officer.query("SELECT * FROM awards.changes") }
        #expect(read?.sqlState == "42501", "an officer does not read who changed what")
        let rewrite = #expect(throws: PostgresError.self) { try province.database.connect().query("DELETE FROM awards.changes") }
        #expect(rewrite?.sqlState == "42501", "the record is append-only, for the owner too")
    }

    @Test func aDeactivatedUnitLeavesTheListsAndKeepsItsRecord() throws {
        let store = try directory(admin)
        try store.deactivateUnit(code: "ea-kar")
        #expect(try store.listUnits().map(\.code).contains("ea-kar") == false)
        #expect(try store.listUnits(includingDeactivated: true).first { $0.code == "ea-kar" }?.deactivatedAt != nil)
        #expect(throws: DirectoryError.alreadyDeactivated("ea-kar")) { try store.deactivateUnit(code: "ea-kar") }
        #expect(throws: DirectoryError.unknownUnit("nowhere")) { try store.deactivateUnit(code: "nowhere") }
        let officer = #expect(throws: PostgresError.self) { try directory(province.officerKrongPac).deactivateUnit(code: "ea-phe") }
        #expect(officer?.sqlState == "42501")
    }

    @Test func editingRolesMovesTheLoginsDatabaseRoles() throws {
        let store = try directory(admin)
        let login = province.officerEaKar
        func holds(_ group: String) throws -> Bool {
            try province.database.connect().query("SELECT pg_has_role($1, $2, 'MEMBER') AS held", [login, group])
                .singleRow().decode("held", as: Bool.self)
        }
        let missing = #expect(throws: PostgresError.self) {
            try store.editPerson(login: login, fullName: nil, email: nil, unitCode: nil, roles: ["officer", "manager"], authorityLevel: nil)
        }
        #expect(missing?.message == "a manager needs an authority level")
        try store.editPerson(login: login, fullName: "Lê Thị Lan", email: "lan@eakar.gov.vn", unitCode: nil,
                             roles: ["officer", "manager"], authorityLevel: "unit_head")
        #expect(try holds("awards_manager") && holds("awards_officer"))
        #expect(try store.terms(login: login).map(\.authorityLevel) == ["unit_head"], "an open first term")
        try store.editPerson(login: login, fullName: nil, email: nil, unitCode: nil, roles: ["officer"], authorityLevel: nil)
        #expect(try !holds("awards_manager"))
        let person = try store.listPeople(search: login).first
        #expect(person?.fullName == "Lê Thị Lan" && person?.authorityLevel == nil && person?.roles == ["officer"])
        let byOfficer = #expect(throws: PostgresError.self) {
            try directory(province.officerKrongPac).editPerson(login: login, fullName: "X", email: nil, unitCode: nil, roles: nil, authorityLevel: nil)
        }
        #expect(byOfficer?.sqlState == "42501")
        #expect(try changes("people").contains { $0.after?.contains("Lê Thị Lan") == true })
    }

    /// The chair whose term ended yesterday may not sign today; the new chair, whose term starts today,
    /// may. The pure core, given the terms the store reads, reaches the same verdicts.
    @Test func authorityIsTheTermThatCoversTheDecisionDate() throws {
        let workflow = try TestDatabase.shippedWorkflow()
        let today = try province.database.connect().query("SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS d")
            .singleRow().decode("d", as: String.self)
        let day = try #require(LocalDate(parsing: today))
        let store = try directory(admin)
        let successor = TestDatabase.uniqueLogin("chair")
        try DirectoryStore(try province.database.connect()).registerPerson(
            fullName: "Trần Văn Mới", email: "moi@daklak.gov.vn", unitCode: "ubnd-tinh", login: successor, roles: ["manager"],
            authorityLevel: "province_chair", password: TestDatabase.personPassword)
        try store.endTerm(login: province.provinceChair, endsOn: day.adding(days: -1))
        try store.addTerm(login: successor, authorityLevel: "province_chair", startsOn: day, endsOn: nil, basis: "Nghị quyết số 15/NQ-HĐND")
        #expect(try store.terms(login: successor).map { "\($0.authorityLevel) \($0.startsOn ?? "…")–\($0.endsOn ?? "…")" }
                == ["province_chair …–\(day.adding(days: -1).iso)", "province_chair \(today)–…"], "the open term ended the day before")

        let id = try province.pendingNomination()
        let fields = ["decision_number": "9/QĐ-UBND", "decision_date": today]
        for (login, granted) in [(province.provinceChair, false), (successor, true)] {
            let nominations = try province.store(login)
            let context = try #require(try nominations.context(nomination: id))
            let core = workflow.transition(nomination: context.snapshot, event: "approve", actor: context.actor, at: day, fields: fields)
            if granted {
                #expect((try? core.get()) != nil, "\(login): the core grants")
                #expect(try nominations.advance(id, event: "approve", fields: fields) == "approved", "\(login): the database grants")
            } else {
                #expect((try? core.get()) == nil, "\(login): the core refuses")
                let refusal = #expect(throws: PostgresError.self, "\(login): the database refuses") {
                    try nominations.advance(id, event: "approve", fields: fields)
                }
                #expect(refusal?.message.hasPrefix("cannot approve: authority none does not grant") == true, "\(refusal?.message ?? "")")
            }
        }
        let overlap = #expect(throws: PostgresError.self) {
            try store.addTerm(login: successor, authorityLevel: "province_chair", startsOn: day.adding(days: -10), endsOn: day, basis: nil)
        }
        #expect(overlap?.message == "the term of office overlaps another term of the same person")
    }
}
