import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// The annual round against the real database: a unit's proposal with many lines, moved as one; one
/// decision signed for it with the money computed from the catalogue; what psql cannot do.
@Suite struct ProposalRoundTests {
    static let year = 2026
    static let period = (LocalDate(year: 2026, month: 1, day: 1)!, LocalDate(year: 2026, month: 12, day: 31)!)

    static func line(_ row: Int, _ name: String, kind: NomineeKind = .individual, award: String = "LAO_DONG_TIEN_TIEN",
                     unit: String = "ea-kar", from: LocalDate = period.0, to: LocalDate = period.1,
                     birth: LocalDate? = LocalDate(year: 1985, month: 3, day: 14)) -> ProposalLineInput {
        ProposalLineInput(rowNumber: row, name: name, kind: kind, birthDate: kind == .individual ? birth : nil,
                          gender: kind == .individual ? .female : nil, occupation: kind == .individual ? .civilServant : .other,
                          unitCode: unit, awardCode: award, periodFrom: from, periodTo: to)
    }

    /// A draft year-end proposal of Ea Kar to its own head, with `lines`.
    static func draft(_ province: Province, _ lines: [ProposalLineInput]) throws -> (ProposalStore, Int) {
        let officer = ProposalStore(try province.connect(province.officerEaKar))
        let id = try officer.create(unitCode: "ea-kar", addresseeCode: "ea-kar", round: .yearEnd, year: year,
                                    title: "Đề nghị công nhận danh hiệu thi đua năm 2026", movementCode: nil)
        if !lines.isEmpty { try officer.add(proposal: id, lines: lines) }
        return (officer, id)
    }

    static func submitted(_ province: Province, _ lines: [ProposalLineInput], number: String = "45/TTr-UBND") throws -> (ProposalStore, Int) {
        let (officer, id) = try draft(province, lines)
        // These tests are about the round; the rules of eligibility have their own (EligibilityTests).
        try Qualification.qualifyLines(of: id, through: try province.connect(province.officerEaKar))
        try officer.advance(id, event: "submit", fields: ["proposal_number": number, "proposal_date": LocalDate.todayInVietnam.iso])
        return (officer, id)
    }

    @Test func linesJoinAProposalAndMoveWithIt() throws {
        let province = try Province()
        let (officer, id) = try Self.draft(province, [Self.line(2, "Nguyễn Thị Hoa"), Self.line(3, "Trần Văn Minh"),
                                                      Self.line(4, "Phòng Tài chính – Kế hoạch", kind: .collective, award: "TAP_THE_LAO_DONG_TIEN_TIEN")])
        let lines = try officer.lines(id)
        #expect(lines.map(\.lineNo) == [1, 2, 3])
        #expect(lines.map(\.sheetRow) == [2, 3, 4])
        #expect(lines.allSatisfy { $0.nominationState == "summarized" })
        let nominations = NominationStore(try province.connect(province.officerEaKar))
        #expect(try nominations.history(lines[0].nominationID).map(\.event) == ["nominate", "join_proposal"])
        #expect(try nominations.history(lines[0].nominationID)[1].fields["achievement_to"] == "2026-12-31")

        #expect(try officer.advance(id, event: "submit", fields: ["proposal_number": "45/TTr-UBND",
                                                                  "proposal_date": LocalDate.todayInVietnam.iso]) == "submitted")
        #expect(try officer.lines(id).allSatisfy { $0.nominationState == "pending_approval" })
        #expect(try nominations.history(lines[2].nominationID).map(\.event) == ["nominate", "join_proposal", "propose"])
        let proposal = try #require(try officer.find(id))
        #expect(proposal.number == "45/TTr-UBND" && proposal.state == "submitted" && proposal.lineCount == 3)
        #expect(try officer.history(id).map(\.event) == ["create", "submit"])
        #expect(try officer.history(id).last?.linesMoved == 3)

        let head = ProposalStore(try province.connect(province.unitHeadEaKar))
        #expect(try head.advance(id, event: "return", fields: ["reason": "Bổ sung biên bản họp Hội đồng"]) == "returned")
        #expect(try officer.lines(id).allSatisfy { $0.nominationState == "summarized" })
        try officer.removeLine(proposal: id, line: 2, reason: "Chuyển công tác")
        #expect(try officer.find(id)?.lineCount == 2)
        #expect(try nominations.history(lines[1].nominationID).last?.event == "leave_proposal")
    }

    /// Lines written in one statement open their stage deadlines in one statement too: each nomination of
    /// a sheet has the one deadline its state gives it (summarized: the movement's review date), as when a
    /// nomination steps into that state alone, and the history the set-based check let through is unbroken.
    @Test func importedLinesEachOpenTheirStageDeadline() throws {
        let province = try Province()
        let officer = ProposalStore(try province.connect(province.officerEaKar))
        let id = try officer.create(unitCode: "ea-kar", addresseeCode: "ea-kar", round: .preliminary, year: Self.year,
                                    title: "Đề nghị khen thưởng sơ kết phong trào Thi đua sáng tạo", movementCode: "sang-tao")
        try officer.add(proposal: id, lines: (2...41).map { Self.line($0, "Cán bộ số \($0)") })
        let owner = try province.database.connect()
        let deadlines = try owner.query("""
            SELECT n.nominee_name, d.state, d.due_on::text AS due, d.assignee_role, d.title
            FROM awards.proposal_lines l JOIN awards.nominations n ON n.id = l.nomination_id
            LEFT JOIN awards.deadlines d ON d.nomination_id = n.id AND d.closed_at IS NULL
            WHERE l.proposal_id = $1 ORDER BY l.line_no
            """, [id]).rows
        #expect(deadlines.count == 40)
        for row in deadlines {
            let name = try row.decode("nominee_name", as: String.self)
            #expect(try row.decode("state", as: String?.self) == "summarized")
            let due = try row.decode("due", as: String?.self)
            #expect(due == "2030-11-30")
            #expect(try row.decode("assignee_role", as: String?.self) == "officer")
            #expect(try row.decode("title", as: String?.self) == "\(name) — Đã tổng kết thành tích")
        }
        let histories = try owner.query("""
            SELECT count(*) FILTER (WHERE h.seq = 1 AND h.from_state IS NULL) AS created,
                   count(*) FILTER (WHERE h.seq = 2 AND h.from_state = 'detected' AND h.to_state = 'summarized') AS joined
            FROM awards.proposal_lines l JOIN awards.nomination_history h ON h.nomination_id = l.nomination_id WHERE l.proposal_id = $1
            """, [id]).singleRow()
        #expect(try histories.decode("created", as: Int.self) == 40 && histories.decode("joined", as: Int.self) == 40)
    }

    @Test func badLinesAreAllReportedAndNothingIsAdded() throws {
        let province = try Province()
        let (officer, id) = try Self.draft(province, [])
        let lines = [
            Self.line(2, "Nguyễn Thị Hoa"),
            Self.line(3, "Lê Văn Tám", unit: "khong-co"),
            Self.line(4, "Phạm Thị Thu", award: "KHONG_CO"),
            Self.line(5, "Nguyễn  Thị Hoa"),                                  // the same nominee as row 2, spaced differently
            Self.line(6, "Tổ Văn thư", kind: .collective, award: "CSTD_CO_SO"), // a title for individuals
            Self.line(7, "Y Bhin Niê", unit: "ea-phe"),                        // a unit outside Ea Kar
            Self.line(8, "Đỗ Văn Nam", from: Self.period.1, to: Self.period.0),
        ]
        let problems = try officer.problems(proposal: id, lines: lines)
        #expect(problems.map(\.row) == [3, 4, 5, 6, 7, 8])
        #expect(problems.first { $0.row == 3 }?.problem == "unknown unit")
        #expect(problems.first { $0.row == 4 }?.problem == "unknown award")
        #expect(problems.first { $0.row == 5 }?.problem == "nominee listed twice for the award")
        #expect(problems.first { $0.row == 5 }?.detail == "2")
        #expect(problems.first { $0.row == 6 }?.problem == "award not for this kind of nominee")
        #expect(problems.first { $0.row == 7 }?.problem == "unit outside the proposal's unit")
        #expect(problems.first { $0.row == 8 }?.field == "period_to")
        let refused = try refusal { try officer.add(proposal: id, lines: lines) }
        #expect(refused?.sqlState == "AW003")
        #expect(refused?.message == "row 3: unknown unit (khong-co); 6 problems in all, nothing was added")
        #expect(try officer.lines(id).isEmpty)
        let owner = try province.database.connect()
        #expect(try owner.query("SELECT count(*)::integer AS n FROM awards.nominations").singleRow().decode("n", as: Int.self) == 0)
    }

    @Test func oneDecisionRewardsTheLinesWithTheirMoney() throws {
        let province = try Province()
        let (officer, id) = try Self.submitted(province, [
            Self.line(2, "Nguyễn Thị Hoa"), Self.line(3, "Trần Văn Minh", award: "CSTD_CO_SO"), Self.line(4, "Lê Thị Mai"),
            Self.line(5, "Phòng Tài chính – Kế hoạch", kind: .collective, award: "TAP_THE_LAO_DONG_TIEN_TIEN"),
        ])
        let head = ProposalStore(try province.connect(province.unitHeadEaKar))
        let today = LocalDate.todayInVietnam
        let decision = try head.sign(number: "1234/QĐ-UBND", date: today, proposals: [id], changes: [
            DecisionChange(proposal: id, line: 2, award: "LAO_DONG_TIEN_TIEN", reason: "Chưa có sáng kiến được công nhận"),
            DecisionChange(proposal: id, line: 3, leaveOut: true, reason: "Chưa đủ thời gian công tác"),
        ])
        let summary = try #require(try head.decision(decision))
        let lines = try head.decisionLines(decision)
        #expect(lines.map(\.nomineeName) == ["Nguyễn Thị Hoa", "Trần Văn Minh", "Phòng Tài chính – Kế hoạch"])
        #expect(lines[1].proposedAward == "CSTD_CO_SO" && lines[1].grantedAward == "LAO_DONG_TIEN_TIEN")
        // The money is the catalogue's, computed by the pure core independently.
        let catalogue = try TestDatabase.shippedWorkflow().catalogue
        for line in lines {
            let award = try catalogue.award(code: line.grantedAward, on: today)
            let expected = try catalogue.reward(for: award, nominee: NomineeKind(rawValue: line.nomineeKind)!, decisionDate: today)
            #expect(line.moneyDong == expected.dong && line.rewardMultiple == expected.multiple.tenThousandths
                    && line.baseSalary == expected.baseSalary.amount, "\(line.nomineeName)")
        }
        #expect(summary.totalDong == lines.map(\.moneyDong).reduce(0, +) && summary.lineCount == 3)
        #expect(summary.authorityLevel == "unit_head" && summary.issuingUnitCode == "ea-kar")
        #expect(summary.catalogueVersion == catalogue.version)
        #expect(!summary.legalBases.isEmpty)
        #expect(try officer.find(id)?.state == "decided")

        let nominations = NominationStore(try province.connect(province.officerEaKar))
        let downgraded = try nominations.history(lines[1].nominationID).map(\.event)
        #expect(downgraded == ["nominate", "join_proposal", "propose", "downgrade", "approve"])
        let left = try officer.lines(id).first { $0.lineNo == 3 }
        #expect(left?.nominationState == "rejected")
        #expect(try nominations.find(lines[0].nominationID)?.decisionNumber == "1234/QĐ-UBND")

        let ledger = try head.ledger(year: today.year)
        #expect(ledger.count == 3 && ledger.map(\.moneyDong).reduce(0, +) == summary.totalDong)
    }

    @Test func aDecisionBeyondTheSignersAuthorityNamesEveryLineAndWritesNothing() throws {
        let province = try Province()
        let (_, id) = try Self.submitted(province, [
            Self.line(2, "Nguyễn Thị Hoa"), Self.line(3, "Trần Văn Minh", award: "CSTD_CAP_TINH"),
            Self.line(4, "Lê Thị Mai", award: "BANG_KHEN_CHU_TICH_TINH"),
        ])
        let head = ProposalStore(try province.connect(province.unitHeadEaKar))
        let refused = try refusal { _ = try head.sign(number: "12/QĐ-UBND", date: .todayInVietnam, proposals: [id]) }
        #expect(refused?.sqlState == "42501")
        let message = refused?.message ?? ""
        #expect(message.hasPrefix("authority unit_head does not grant these lines on "))
        #expect(message.contains("\(id)/2 Trần Văn Minh: CSTD_CAP_TINH (granted by: province_chair)"))
        #expect(message.contains("\(id)/3 Lê Thị Mai: BANG_KHEN_CHU_TICH_TINH"))
        #expect(!message.contains("Nguyễn Thị Hoa"))
        let owner = try province.database.connect()
        #expect(try owner.query("SELECT count(*)::integer AS n FROM awards.decisions").singleRow().decode("n", as: Int.self) == 0)
        #expect(try owner.query("SELECT count(*)::integer AS n FROM awards.nominations WHERE state <> 'pending_approval'")
                    .singleRow().decode("n", as: Int.self) == 0)
    }

    @Test func aDecisionNumberIsUsedOncePerIssuerAndYear() throws {
        let province = try Province()
        let (_, first) = try Self.submitted(province, [Self.line(2, "Nguyễn Thị Hoa")], number: "1/TTr-UBND")
        let (_, second) = try Self.submitted(province, [Self.line(2, "Trần Văn Minh")], number: "2/TTr-UBND")
        let head = ProposalStore(try province.connect(province.unitHeadEaKar))
        _ = try head.sign(number: "7/QĐ-UBND", date: .todayInVietnam, proposals: [first])
        let again = try refusal { _ = try head.sign(number: "7/QĐ-UBND", date: .todayInVietnam, proposals: [second]) }
        #expect(again?.message == "decision number 7/QĐ-UBND is already in the register of ea-kar for \(LocalDate.todayInVietnam.year)")
    }

    @Test func anAchievementIsRewardedOnce() throws {
        let province = try Province()
        let (_, first) = try Self.submitted(province, [Self.line(2, "Nguyễn Thị Hoa")], number: "1/TTr-UBND")
        let head = ProposalStore(try province.connect(province.unitHeadEaKar))
        _ = try head.sign(number: "8/QĐ-UBND", date: .todayInVietnam, proposals: [first])
        let (officer, second) = try Self.draft(province, [])
        let problems = try officer.problems(proposal: second, lines: [
            Self.line(2, "Nguyễn Thị Hoa", from: LocalDate(year: 2026, month: 6, day: 1)!, to: LocalDate(year: 2026, month: 12, day: 31)!),
        ])
        #expect(problems == [ProposalLineProblem(row: 2, field: "period_from", problem: "achievement already rewarded", detail: "8/QĐ-UBND")])
    }

    @Test func aSignerOutsideTheAddresseeIsRefused() throws {
        let province = try Province()
        let (_, id) = try Self.submitted(province, [Self.line(2, "Nguyễn Thị Hoa")])
        let chair = ProposalStore(try province.connect(province.provinceChair))
        let refused = try refusal { _ = try chair.sign(number: "9/QĐ-UBND", date: .todayInVietnam, proposals: [id]) }
        #expect(refused?.message == "\(province.provinceChair) may not decide proposal \(id): it is addressed to unit ea-kar")
        let districtChair = ProposalStore(try province.connect(province.districtChair))
        let unseen = try refusal { _ = try districtChair.sign(number: "9/QĐ-UBND", date: .todayInVietnam, proposals: [id]) }
        #expect(unseen?.message == "proposal \(id) not found")
    }

    /// With psql and their own logins, an officer cannot sign, nobody can change a line's money or
    /// edit a signed decision, and the owner's triggers refuse even the owner.
    @Test func psqlCanDoNoMoreThanTheCommands() throws {
        let province = try Province()
        let (_, id) = try Self.submitted(province, [Self.line(2, "Nguyễn Thị Hoa")])
        let officer = try province.connect(province.officerEaKar)
        let sign = try refusal {
            try officer.query("SELECT awards.sign_decision('5/QĐ-UBND', current_date, ARRAY[$1::bigint])", [id])
        }
        #expect(sign?.sqlState == "42501")
        let head = ProposalStore(try province.connect(province.unitHeadEaKar))
        let decision = try head.sign(number: "5/QĐ-UBND", date: .todayInVietnam, proposals: [id])
        let manager = try province.connect(province.unitHeadEaKar)
        for statement in ["UPDATE awards.decision_lines SET money_dong = 99000000",
                          "UPDATE awards.decisions SET number = '6/QĐ-UBND'",
                          "DELETE FROM awards.decision_lines",
                          "INSERT INTO awards.decisions (issuing_unit_id, number, decision_date, year, signer_id, authority_level, legal_bases, catalogue_version, line_count, total_dong) SELECT issuing_unit_id, '6/QĐ-UBND', decision_date, year, signer_id, authority_level, legal_bases, catalogue_version, 0, 0 FROM awards.decisions",
                          "UPDATE awards.proposals SET state = 'draft'",
                          "UPDATE awards.proposal_lines SET award_code = 'CSTD_CO_SO'"] {
            #expect(try refusal { try manager.query(statement) }?.sqlState == "42501", "\(statement)")
            #expect(try refusal { try officer.query(statement) }?.sqlState == "42501", "\(statement)")
        }
        let owner = try province.database.connect()
        let rewrite = try refusal { try owner.query("UPDATE awards.decision_lines SET money_dong = 1 WHERE decision_id = $1", [decision]) }
        #expect(rewrite?.message == "a signed decision cannot be changed; revoke a line instead (awards decision revoke)")
    }

    @Test func aRevokedLineKeepsItsRecordAndFreesTheAchievement() throws {
        let province = try Province()
        let (_, id) = try Self.submitted(province, [Self.line(2, "Nguyễn Thị Hoa")], number: "1/TTr-UBND")
        let head = ProposalStore(try province.connect(province.unitHeadEaKar))
        let today = LocalDate.todayInVietnam
        let decision = try head.sign(number: "10/QĐ-UBND", date: today, proposals: [id])
        let paid = try #require(try head.decisionLines(decision).first).moneyDong
        let tooMuch = try refusal {
            try head.revoke(decision: decision, line: 1, reason: "Khai man thành tích", recoverDong: paid + 1,
                            revokingNumber: "11/QĐ-UBND", revokingDate: today)
        }
        #expect(tooMuch?.message == "the money to recover must be between 0 and the \(paid) đồng the line paid")
        try head.revoke(decision: decision, line: 1, reason: "Khai man thành tích", recoverDong: paid,
                        revokingNumber: "11/QĐ-UBND", revokingDate: today)
        let line = try #require(try head.decisionLines(decision).first)
        #expect(line.revoked && line.recoverDong == paid && line.revocationReason == "Khai man thành tích")
        #expect(try head.ledger(year: today.year).first?.recoverDong == paid)
        let again = try refusal {
            try head.revoke(decision: decision, line: 1, reason: "x", recoverDong: 0, revokingNumber: "12/QĐ-UBND", revokingDate: today)
        }
        #expect(again?.message == "line 1 of decision 10/QĐ-UBND is already revoked")
        let (officer, second) = try Self.draft(province, [])
        #expect(try officer.problems(proposal: second, lines: [Self.line(2, "Nguyễn Thị Hoa")]).isEmpty)
    }
}
