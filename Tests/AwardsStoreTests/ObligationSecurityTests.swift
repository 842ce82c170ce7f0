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
