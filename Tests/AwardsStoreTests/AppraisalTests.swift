import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// The standing agency's appraisal against the real database: received by the agency of the province
/// the proposal goes to, assigned to a specialist with a deadline, judged line by line, returned or
/// submitted; a decision grants only what the appraisal allows. Each attack through the person's own login.
@Suite struct AppraisalTests {
    struct Agency {
        let province: Province
        let specialist: String
        /// A specialist of another province's agency.
        let outsider: String

        init() throws {
            province = try Province()
            let directory = DirectoryStore(try province.database.connect())
            try directory.addUnit(code: "tinh-khac", name: "UBND tỉnh Khánh Hòa", kind: "province", parentCode: nil, groupCode: nil)
            try directory.addUnit(code: "snv-khac", name: "Sở Nội vụ tỉnh Khánh Hòa", kind: "standing_agency", parentCode: "tinh-khac", groupCode: nil)
            func person(_ unit: String) throws -> String {
                let login = TestDatabase.uniqueLogin("specialist")
                try directory.registerPerson(fullName: "Chuyên viên \(login)", email: "\(login)@x.gov.vn", unitCode: unit, login: login,
                                             roles: ["standing_agency"], authorityLevel: nil, password: TestDatabase.personPassword)
                return login
            }
            specialist = try person("snv")
            outsider = try person("snv-khac")
        }

        func store(_ login: String) throws -> AppraisalStore { AppraisalStore(try province.connect(login)) }

        /// Ea Kar's proposal to the province: three Bằng khen of the provincial chair, submitted.
        func proposal() throws -> Int {
            let officer = ProposalStore(try province.connect(province.officerEaKar))
            let id = try officer.create(unitCode: "ea-kar", addresseeCode: "ubnd-tinh", round: .yearEnd, year: 2026,
                                        title: "Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2026", movementCode: nil)
            try officer.add(proposal: id, lines: [
                ProposalRoundTests.line(2, "Nguyễn Thị Hoa", award: "BANG_KHEN_CHU_TICH_TINH"),
                ProposalRoundTests.line(3, "Trần Văn Minh", award: "BANG_KHEN_CHU_TICH_TINH"),
                ProposalRoundTests.line(4, "Lê Thị Mai", award: "BANG_KHEN_CHU_TICH_TINH"),
            ])
            try officer.advance(id, event: "submit", fields: ["proposal_number": "46/TTr-UBND", "proposal_date": LocalDate.todayInVietnam.iso])
            return id
        }
    }

    @Test func theDecisionTakesOnlyTheLinesTheSubmittedAppraisalFoundEligible() throws {
        let agency = try Agency()
        let proposal = try agency.proposal()
        let today = LocalDate.todayInVietnam
        let chair = ProposalStore(try agency.province.connect(agency.province.provinceChair))
        let early = try refusal { _ = try chair.sign(number: "200/QĐ-UBND", date: today, proposals: [proposal]) }
        #expect(early?.sqlState == "AW002")
        #expect(early?.message == "these lines have not passed the standing agency's appraisal: \(proposal)/1 Nguyễn Thị Hoa: BANG_KHEN_CHU_TICH_TINH; "
                + "\(proposal)/2 Trần Văn Minh: BANG_KHEN_CHU_TICH_TINH; \(proposal)/3 Lê Thị Mai: BANG_KHEN_CHU_TICH_TINH")

        // Only the agency of the province it goes to receives it.
        for login in [agency.province.officerEaKar, agency.outsider, agency.province.provinceChair] {
            #expect(try refusal { try agency.store(login).receive(proposal: proposal) }?.sqlState == "42501", "\(login)")
        }
        let appraisal = try agency.store(agency.province.agency).receive(proposal: proposal)
        #expect(try ProposalStore(try agency.province.connect(agency.province.officerEaKar)).find(proposal)?.state == "received")
        #expect(try refusal { try agency.store(agency.province.agency).receive(proposal: proposal) }?.sqlState == "23505")

        let due = try agency.store(agency.province.agency).assign(appraisal, specialist: agency.specialist)
        #expect(due == (try TestDatabase.shippedCalendar().adding(workingDays: 10, to: today)))
        let owner = try agency.province.database.connect()
        let deadline = try owner.query("SELECT due_on::text AS due, assignee_role, unit_id FROM awards.deadlines WHERE appraisal_id = $1 AND closed_at IS NULL",
                                       [appraisal]).rows
        #expect(deadline.count == 1)
        #expect(try deadline.first?.decode("due", as: String.self) == due.iso)

        // Only the assigned specialist judges.
        for login in [agency.province.officerEaKar, agency.province.agency, agency.outsider, agency.province.provinceChair] {
            #expect(try refusal { try agency.store(login).judge(appraisal, line: 1, verdict: .eligible, reason: nil) }?.sqlState == "42501", "\(login)")
        }
        let specialist = try agency.store(agency.specialist)
        try specialist.judge(appraisal, line: 1, verdict: .eligible, reason: nil)
        try specialist.judge(appraisal, line: 2, verdict: .moreDocuments, reason: "Thiếu báo cáo thành tích có xác nhận")
        let noReason = try refusal { try specialist.judge(appraisal, line: 3, verdict: .notEligible, reason: nil) }
        #expect(noReason?.message == "a line judged not_eligible needs its reason")
        try specialist.judge(appraisal, line: 3, verdict: .notEligible, reason: "Đang xem xét kỷ luật")
        try specialist.judge(appraisal, line: 3, verdict: .eligible, reason: "Đã có kết luận không kỷ luật")
        #expect(try specialist.lines(appraisal).map { $0.verdict } == ["eligible", "more_documents", "eligible"])

        // Straight at the tables, nobody writes a verdict or the result.
        let psql = try agency.province.connect(agency.specialist)
        for statement in ["INSERT INTO awards.appraisal_verdicts (appraisal_id, proposal_id, line_no, seq, verdict) VALUES (\(appraisal), \(proposal), 2, 9, 'eligible')",
                          "UPDATE awards.appraisals SET outcome = 'submitted'", "DELETE FROM awards.appraisal_verdicts",
                          "UPDATE awards.deadlines SET closed_at = now()"] {
            #expect(try refusal { try psql.query(statement) }?.sqlState == "42501", "\(statement)")
        }

        #expect(try refusal { try specialist.submit(appraisal, resultNumber: " ", date: today) }?.sqlState == "22023")
        try specialist.submit(appraisal, resultNumber: "120/TTr-SNV", date: today)
        #expect(try owner.query("SELECT count(*)::integer AS n FROM awards.deadlines WHERE appraisal_id = $1 AND closed_at IS NULL", [appraisal])
                .singleRow().decode("n", as: Int.self) == 0)
        #expect(try refusal { try specialist.judge(appraisal, line: 2, verdict: .eligible, reason: nil) } != nil)
        #expect(try refusal { try owner.query("UPDATE awards.appraisals SET result_number = '1/TTr' WHERE id = $1", [appraisal]) }?.sqlState == "42501")

        let refused = try refusal { _ = try chair.sign(number: "200/QĐ-UBND", date: today, proposals: [proposal]) }
        #expect(refused?.message == "these lines have not passed the standing agency's appraisal: \(proposal)/2 Trần Văn Minh: BANG_KHEN_CHU_TICH_TINH")
        let decision = try chair.sign(number: "200/QĐ-UBND", date: today, proposals: [proposal],
                                      changes: [DecisionChange(proposal: proposal, line: 2, leaveOut: true, reason: "Chưa bổ sung hồ sơ")])
        #expect(try chair.decisionLines(decision).map(\.proposalLineNo) == [1, 3])
    }

    @Test func anIncompleteDossierGoesBackToItsUnitAndIsAppraisedAfresh() throws {
        let agency = try Agency()
        let proposal = try agency.proposal()
        let first = try agency.store(agency.province.agency).receive(proposal: proposal)
        try agency.store(agency.province.agency).assign(first, specialist: agency.specialist, workingDays: 5)
        let specialist = try agency.store(agency.specialist)
        #expect(try refusal { try specialist.returnForDocuments(first, reason: "  ") }?.sqlState == "22023")
        try specialist.returnForDocuments(first, reason: "Thiếu biên bản họp Hội đồng Thi đua – Khen thưởng huyện")

        let officer = ProposalStore(try agency.province.connect(agency.province.officerEaKar))
        #expect(try officer.find(proposal)?.state == "returned")
        #expect(try officer.lines(proposal).allSatisfy { $0.nominationState == "summarized" })
        #expect(try officer.history(proposal).last?.fields["reason"] == "Thiếu biên bản họp Hội đồng Thi đua – Khen thưởng huyện")
        #expect(try specialist.find(first)?.outcome == "returned")
        let owner = try agency.province.database.connect()
        #expect(try owner.query("SELECT count(*)::integer AS n FROM awards.deadlines WHERE appraisal_id = $1 AND closed_at IS NULL", [first])
                .singleRow().decode("n", as: Int.self) == 0)

        try officer.advance(proposal, event: "submit", fields: ["proposal_number": "46/TTr-UBND", "proposal_date": LocalDate.todayInVietnam.iso])
        let second = try agency.store(agency.province.agency).receive(proposal: proposal)
        #expect(second != first)
        #expect(try specialist.list(openOnly: true).map(\.id) == [second])
    }
}
