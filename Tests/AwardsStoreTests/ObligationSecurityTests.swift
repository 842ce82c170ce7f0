import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// Obligations within the caller's scope, each attempt as the person's own login over TCP.
@Suite struct ObligationSecurityTests {
    let province: Province
    let today: LocalDate

    init() throws {
        province = try Province()
        let owner = try province.database.connect()
        today = LocalDate(parsing: try owner.query("SELECT ((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)::text AS d")
            .singleRow().decode("d", as: String.self))!
    }

    func obligations(_ login: String) throws -> ObligationStore { ObligationStore(try province.connect(login)) }

    func count() throws -> Int {
        try province.database.connect().query("SELECT count(*) AS n FROM awards.obligations").singleRow().decode("n", as: Int.self)
    }

    @Test func anOfficerImposesObligationsOnlyOnUnitsUnderTheirOwn() throws {
        let eaKar = try obligations(province.officerEaKar)
        #expect(try refusal {
            try eaKar.add(title: "Báo cáo", dueOn: today.adding(days: 10), receivingUnit: "ea-kar", unitCodes: ["krong-pac", "ea-phe"])
        }?.message == "you may not impose an obligation on unit(s) outside yours: ea-phe, krong-pac")
        #expect(try count() == 0)

        let krongPac = try obligations(province.officerKrongPac)
        try krongPac.add(title: "Báo cáo sơ kết", dueOn: today.adding(days: 10), receivingUnit: "krong-pac", unitCodes: ["ea-phe"])
        // The standing agency speaks for the whole province.
        try obligations(province.agency).add(title: "Báo cáo tổng kết", dueOn: today.adding(days: 10), receivingUnit: "snv",
                                            unitCodes: ["krong-pac", "ea-kar"])
        #expect(try count() == 2)
    }

    @Test func aDueDateInThePastIsForAdministratorsOnly() throws {
        let yesterday = today.adding(days: -1)
        let message = "the due date \(yesterday.vietnamese) is in the past"
        #expect(try refusal {
            try obligations(province.officerKrongPac).add(title: "Báo cáo", dueOn: yesterday, receivingUnit: "krong-pac", unitCodes: ["ea-phe"])
        }?.message == message)
        #expect(try refusal {
            try obligations(province.agency).add(title: "Báo cáo", dueOn: yesterday, receivingUnit: "snv", unitCodes: ["ea-kar"])
        }?.message == message)
        #expect(try count() == 0)
        try obligations(province.officerKrongPac).add(title: "Báo cáo hôm nay", dueOn: today, receivingUnit: "krong-pac", unitCodes: ["ea-phe"])
        #expect(try count() == 1)
    }

    /// An outsider is told what a unit that owes nothing is told: nothing about who owes what.
    @Test func completingAnotherUnitsObligationAnswersAsForAUnitThatOwesNothing() throws {
        let id = try obligations(province.agency).add(title: "Báo cáo tổng kết", dueOn: today.adding(days: 10), receivingUnit: "snv",
                                                      unitCodes: ["krong-pac"])
        let outsider = try obligations(province.officerEaKar)
        let owes = try refusal { try outsider.complete(id, unitCode: "krong-pac", documentNumber: "12/BC") }
        let owesNothing = try refusal { try outsider.complete(id, unitCode: "ea-kar", documentNumber: "12/BC") }
        #expect(owes?.message == "unit krong-pac owes nothing under obligation \(id)")
        #expect(owesNothing?.message == "unit ea-kar owes nothing under obligation \(id)")
        let open = try province.database.connect().query("SELECT count(*) AS n FROM awards.obligation_units WHERE done_at IS NULL")
            .singleRow().decode("n", as: Int.self)
        #expect(open == 1)
        try obligations(province.officerKrongPac).complete(id, unitCode: "krong-pac", documentNumber: "12/BC")
    }
}

/// Corrections of obligations (issue 11, item 1), each as the person's own login.
@Suite struct ObligationCorrectionTests {
    let province: Province
    let today: LocalDate

    init() throws {
        province = try Province()
        today = LocalDate(parsing: try province.database.connect().query("SELECT ((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)::text AS d")
            .singleRow().decode("d", as: String.self))!
    }

    func obligations(_ login: String) throws -> ObligationStore { ObligationStore(try province.connect(login)) }

    func deadline(_ obligation: Int, _ unit: String) throws -> (open: Bool, due: String) {
        let row = try province.database.connect().query("""
            SELECT d.closed_at IS NULL AS open, d.due_on::text AS due FROM awards.deadlines d JOIN awards.units u ON u.id = d.unit_id
            WHERE d.obligation_id = $1 AND u.code = $2
            """, [obligation, unit]).singleRow()
        return (try row.decode("open"), try row.decode("due"))
    }

    @Test func aWrongDoneIsReopenedWithAReasonAndTheUnitIsRemindedAgain() throws {
        let officer = try obligations(province.officerKrongPac)
        let id = try officer.add(title: "Báo cáo sơ kết", dueOn: today.adding(days: 10), receivingUnit: "krong-pac", unitCodes: ["ea-phe"])
        try officer.complete(id, unitCode: "ea-phe", documentNumber: "12/BC-UBND")
        #expect(try !deadline(id, "ea-phe").open)
        let outsider = try refusal { try obligations(province.officerEaKar).reopen(id, unitCode: "ea-phe", reason: "nhầm") }
        #expect(outsider?.message == "unit ea-phe owes nothing under obligation \(id)", "an outsider learns nothing")
        try officer.reopen(id, unitCode: "ea-phe", reason: "Ghi nhầm văn bản của nhiệm vụ khác")
        #expect(try deadline(id, "ea-phe").open)
        let status = try officer.list(unitCode: "ea-phe", today: today).first
        #expect(status?.doneAt == nil && status?.documentNumber == nil)
        #expect(try refusal { try officer.reopen(id, unitCode: "ea-phe", reason: "lại") }?.message
                == "unit ea-phe has not completed obligation \(id)")
        let reasons = try province.database.connect().query(
            "SELECT after->>'reopened_because' AS why FROM awards.changes WHERE table_name = 'obligation_units' AND row_id = $1 AND after ? 'reopened_because'",
            [id]).rows.map { try $0.decode("why", as: String.self) }
        #expect(reasons == ["Ghi nhầm văn bản của nhiệm vụ khác"])
    }

    @Test func onlyWhoeverRecordedItOrAnAdministratorEditsOrCancelsAnObligation() throws {
        let agency = try obligations(province.agency)
        let id = try agency.add(title: "Báo cáo tổng kết", dueOn: today.adding(days: 10), receivingUnit: "snv", unitCodes: ["krong-pac", "ea-kar"])
        let other = try refusal { try obligations(province.officerKrongPac).cancel(id, reason: "không cần") }
        #expect(other?.sqlState == "42501" && other?.message.hasPrefix("only whoever recorded obligation \(id)") == true, "\(other?.message ?? "")")

        try agency.edit(id, title: "Báo cáo tổng kết năm 2026", dueOn: today.adding(days: 20))
        #expect(try deadline(id, "ea-kar").due == today.adding(days: 20).iso, "the open deadlines follow the new date")
        #expect(try refusal { try agency.edit(id, title: nil, dueOn: today.adding(days: -1)) }?.message
                == "the due date \(today.adding(days: -1).vietnamese) is in the past")

        try agency.cancel(id, reason: "Ghi trùng với nhiệm vụ khác")
        #expect(try !deadline(id, "krong-pac").open && !deadline(id, "ea-kar").open, "no reminder goes for a cancelled obligation")
        #expect(try agency.list(today: today).isEmpty, "a cancelled obligation leaves the lists")
        let late = try refusal { try obligations(province.officerKrongPac).complete(id, unitCode: "krong-pac", documentNumber: "1/BC") }
        #expect(late?.message == "obligation \(id) was cancelled on \(today.vietnamese)")
        #expect(try refusal { try agency.cancel(id, reason: "lần nữa") }?.message == "obligation \(id) was cancelled on \(today.vietnamese)")
    }
}
