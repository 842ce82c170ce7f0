import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// A person acts only in the roles their login still holds, and can be deactivated; each attempt as
/// the person's own login over TCP.
@Suite struct OffboardingTests {
    /// Someone both officer and manager: with awards_manager revoked, the officer is all that is left.
    func sqlState(_ work: () throws -> Void) -> String? {
        do {
            try work()
            return nil
        } catch let error as PostgresError {
            return error.sqlState
        } catch {
            return "\(error)"
        }
    }

    @Test func revokingTheGroupRoleStopsTheManagerApproving() throws {
        let province = try Province()
        let id = try province.pendingNomination()
        let dual = TestDatabase.uniqueLogin("dual")
        try DirectoryStore(try province.database.connect()).registerPerson(
            fullName: "Phó Chủ Tịch", email: "\(dual)@daklak.gov.vn", unitCode: "ubnd-tinh", login: dual,
            roles: ["officer", "manager"], authorityLevel: "province_chair", password: TestDatabase.personPassword)
        let owner = try province.database.connect()
        try owner.query("REVOKE awards_manager FROM \(try owner.quoteIdentifier(dual))")
        #expect(try refusal {
            try province.store(dual).advance(id, event: "approve", fields: ["decision_number": "12/QĐ-UBND", "decision_date": LocalDate.todayInVietnam.iso])
        }?.message == "role officer may not approve; allowed roles: manager")
        // With no group role left, the database refuses before any function of ours runs.
        try owner.query("REVOKE awards_manager FROM \(try owner.quoteIdentifier(province.provinceChair))")
        #expect(try refusal {
            try province.store(province.provinceChair).advance(id, event: "approve", fields: ["decision_number": "12/QĐ-UBND", "decision_date": LocalDate.todayInVietnam.iso])
        }?.sqlState == "42501")
        #expect(try province.store(province.officerKrongPac).find(id)?.state == "pending_approval")
    }

    @Test func revokingTheStandingAgencyRoleEndsItsViewOfTheProvince() throws {
        let province = try Province()
        _ = try province.pendingNomination()
        let agency = TestDatabase.uniqueLogin("agency")
        try DirectoryStore(try province.database.connect()).registerPerson(
            fullName: "Chuyên Viên", email: "\(agency)@snv.gov.vn", unitCode: "snv", login: agency,
            roles: ["officer", "standing_agency"], authorityLevel: nil, password: TestDatabase.personPassword)
        let count = { try province.connect(agency).query("SELECT count(*) AS n FROM awards.nominations").singleRow().decode("n", as: Int.self) }
        #expect(try count() == 1)
        let owner = try province.database.connect()
        try owner.query("REVOKE awards_standing_agency FROM \(try owner.quoteIdentifier(agency))")
        #expect(try count() == 0, "an officer of Sở Nội vụ sees Sở Nội vụ's nominations only")
    }

    @Test func aDeactivatedPersonCanNeitherActNorConnectAndStaysOnRecord() throws {
        let province = try Province()
        let id = try province.pendingNomination()
        let directory = DirectoryStore(try province.database.connect())
        let admin = TestDatabase.uniqueLogin("admin")
        try directory.registerPerson(fullName: "Quản Trị Viên", email: "\(admin)@snv.gov.vn", unitCode: "snv", login: admin,
                                     roles: ["admin"], authorityLevel: nil, password: TestDatabase.personPassword)
        let adminDirectory = DirectoryStore(try province.connect(admin))
        let stillOpen = try province.store(province.provinceChair)

        #expect(try refusal { try DirectoryStore(try province.connect(province.officerKrongPac)).deactivatePerson(login: province.provinceChair) }?.message
                == "permission denied for function deactivate_person")
        #expect(try refusal { try adminDirectory.deactivatePerson(login: admin) }?.message == "you cannot deactivate yourself")
        try adminDirectory.deactivatePerson(login: province.provinceChair)

        #expect(try refusal {
            try stillOpen.advance(id, event: "approve", fields: ["decision_number": "12/QĐ-UBND", "decision_date": LocalDate.todayInVietnam.iso])
        }?.sqlState == "42501", "a session opened before still cannot act")
        #expect(try refusal { _ = try province.connect(province.provinceChair) }?.message.contains("is not permitted to log in") == true)
        #expect(try refusal { try adminDirectory.deactivatePerson(login: province.provinceChair) }?.message.hasPrefix("login \"\(province.provinceChair)\" was already deactivated on ") == true)
        let record = try province.database.connect().query(
            "SELECT deactivated_by::text AS by, deactivated_at IS NOT NULL AS done FROM awards.people WHERE login_role = $1", [province.provinceChair]).singleRow()
        #expect(try record.decode("by", as: String.self) == admin)
        #expect(try record.decode("done", as: Bool.self))
        #expect(try province.store(province.officerKrongPac).find(id)?.state == "pending_approval")
    }
}
