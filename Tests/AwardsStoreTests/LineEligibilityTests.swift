import AwardsCore
import AwardsEngine
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// Eligibility where it matters (0035): a line that does not qualify is added with its verdict kept for
/// those who may see the line; a decision is refused while a line it grants does not qualify on its date.
@Suite struct LineEligibilityTests {
    static let year = ProposalRoundTests.year

    static func nominee(_ province: Province, named name: String) throws -> Int {
        try #require(try NomineeStore(try province.connect(province.officerEaKar)).search(name).first?.id)
    }

    @Test func aLineThatDoesNotQualifyIsAddedWithItsVerdictSeenOnlyWithinScope() throws {
        let province = try Province()
        let (officer, id) = try ProposalRoundTests.draft(province, [ProposalRoundTests.line(2, "Nguyễn Thị Hoa"),
                                                                    ProposalRoundTests.line(3, "Trần Văn Minh", award: "CSTD_CO_SO")])
        #expect(try officer.lines(id).count == 2, "added although neither qualifies yet")
        let verdicts = try officer.eligibility(proposal: id)
        #expect(verdicts.map(\.line) == [1, 2] && verdicts.allSatisfy { !$0.qualifies && $0.failing == 1 })
        #expect(verdicts.allSatisfy { $0.judgedOn == LocalDate.todayInVietnam.iso && $0.catalogueVersion != nil && $0.year == Self.year })
        let rating = try #require(verdicts[0].findings.first { $0.kind == "rating" })
        #expect(!rating.passed && rating.article == "Điều 24" && rating.facts["missing"]?.list.compactMap(\.int) == [Self.year])
        #expect(verdicts[1].findings.contains { $0.kind == "any_of" && !$0.passed && $0.article == "Điều 23" })
        #expect(try officer.eligibility(proposal: id, last: 1).map(\.line) == [2])

        // Recording the rating later changes what a new judgement says, not the verdict kept for the line.
        try NomineeStore(try province.connect(province.officerEaKar)).rate(try Self.nominee(province, named: "Nguyễn Thị Hoa"), year: Self.year, .good)
        #expect(try officer.eligibility(proposal: id).first?.qualifies == false)

        #expect(try ProposalStore(try province.connect(province.officerKrongPac)).eligibility(proposal: id).isEmpty)
        let psql = try province.connect(province.officerEaKar)
        for statement in ["INSERT INTO awards.line_eligibility SELECT proposal_id, 3, nominee_name, award_code, year, judged_on, catalogue_version, true, 0, '[]' FROM awards.line_eligibility",
                          "UPDATE awards.line_eligibility SET qualifies = true", "DELETE FROM awards.line_eligibility"] {
            #expect(try refusal { try psql.query(statement) }?.sqlState == "42501", "\(statement)")
        }
        let owner = try province.database.connect()
        for statement in ["UPDATE awards.line_eligibility SET qualifies = true", "DELETE FROM awards.line_eligibility",
                          "TRUNCATE awards.line_eligibility"] {
            #expect(try refusal { try owner.query(statement) }?.sqlState == "42501", "\(statement)")
        }
        #expect(try owner.query("SELECT count(*)::integer AS n FROM awards.line_eligibility WHERE NOT qualifies").singleRow().decode("n", as: Int.self) == 2)
    }

    @Test func aDecisionIsRefusedWhileALineItGrantsDoesNotQualifyWithTheRuleAndItsArticle() throws {
        let province = try Province()
        let (officer, id) = try ProposalRoundTests.draft(province, [ProposalRoundTests.line(2, "Nguyễn Thị Hoa"),
                                                                    ProposalRoundTests.line(3, "Trần Văn Minh", award: "CSTD_CO_SO")])
        try officer.advance(id, event: "submit", fields: ["proposal_number": "45/TTr-UBND", "proposal_date": LocalDate.todayInVietnam.iso])
        let head = ProposalStore(try province.connect(province.unitHeadEaKar))
        let today = LocalDate.todayInVietnam
        let owner = try province.database.connect()
        func decided() throws -> Int {
            try owner.query("SELECT count(*)::integer AS n FROM awards.decision_lines").singleRow().decode("n", as: Int.self)
        }

        let refused = try #require(try refusal { _ = try head.sign(number: "1/QĐ-UBND", date: today, proposals: [id]) })
        #expect(refused.sqlState == "AW004")
        #expect(refused.message == "line 1 of proposal \(id) (Nguyễn Thị Hoa) does not qualify for LAO_DONG_TIEN_TIEN on \(today.vietnamese), one of 2 lines of the decision that do not")
        let failing = try #require(try JSONSerialization.jsonObject(with: Data((refused.detail ?? "").utf8)) as? [[String: Any]])
        #expect(failing.compactMap { $0["line"] as? Int } == [1, 2] && failing.compactMap { $0["award"] as? String } == ["LAO_DONG_TIEN_TIEN", "CSTD_CO_SO"])
        let shown = UserFacingError.describe(refused, in: .vi)
        #expect(shown.hasPrefix("dòng 1 của tờ trình số \(id) (Nguyễn Thị Hoa) chưa đủ điều kiện LAO_DONG_TIEN_TIEN vào ngày \(today.vietnamese) (quyết định có 2 dòng chưa đủ điều kiện): ✗ chưa xếp loại hoàn thành tốt nhiệm vụ trở lên năm \(Self.year) (Luật Thi đua, khen thưởng 06/2022/QH15, Điều 24"), "\(shown)")
        #expect(!shown.contains("\n"))
        #expect(try decided() == 0)

        // Both rated good: Lao động tiên tiến qualifies, Chiến sĩ thi đua cơ sở (excellent, or an initiative) still does not…
        let nominees = NomineeStore(try province.connect(province.officerEaKar))
        for name in ["Nguyễn Thị Hoa", "Trần Văn Minh"] { try nominees.rate(try Self.nominee(province, named: name), year: Self.year, .good) }
        let still = try refusal { _ = try head.sign(number: "1/QĐ-UBND", date: today, proposals: [id]) }
        #expect(still?.sqlState == "AW004" && still?.message == "line 2 of proposal \(id) (Trần Văn Minh) does not qualify for CSTD_CO_SO on \(today.vietnamese)")
        // …and the decision is judged on the award it grants: lowered to Lao động tiên tiến, the line qualifies.
        let decision = try head.sign(number: "1/QĐ-UBND", date: today, proposals: [id], changes: [
            DecisionChange(proposal: id, line: 2, award: "LAO_DONG_TIEN_TIEN", reason: "Chưa hoàn thành xuất sắc nhiệm vụ"),
        ])
        #expect(try head.decision(decision)?.lineCount == 2 && decided() == 2)
    }

    /// The check at signing takes the decision's date as the day the rules are read on: a Chiến sĩ thi đua
    /// cơ sở rated excellent but without an initiative is refused on 31/12/2023 (Decree 91/2017 art. 9) and
    /// passes from 01/01/2024 (Law 2022 art. 23). A decision cannot be dated that far back through the
    /// commands, so the trigger's own evaluation is called with each day, as the officer may call it to
    /// preview a signing. Called by one who may not read the nominee, it does not pass.
    @Test func theRulesReadAtSigningAreThoseInForceOnTheDecisionDate() throws {
        let province = try Province()
        let (_, id) = try ProposalRoundTests.draft(province, [ProposalRoundTests.line(2, "Trần Văn Minh", award: "CSTD_CO_SO")])
        try NomineeStore(try province.connect(province.officerEaKar)).rate(try Self.nominee(province, named: "Trần Văn Minh"), year: 2023, .excellent)
        // The line as the trigger hands it over, read by the officer who added it.
        let line = try province.connect(province.officerEaKar).query("""
            SELECT jsonb_agg(jsonb_build_object('proposal_id', l.proposal_id, 'line_no', l.line_no, 'nominee_key', l.nominee_key,
                                                'award_code', l.award_code, 'year', 2023))::text AS lines
            FROM awards.proposal_lines l WHERE l.proposal_id = $1
            """, [id]).singleRow().decode("lines", as: String.self)
        func verdict(on day: String, by caller: Connection) throws -> (qualifies: Bool, articles: [String]) {
            let row = try caller.query("""
                SELECT v.qualifies, (SELECT coalesce(string_agg(f ->> 'article', '|' ORDER BY f ->> 'article'), '') FROM jsonb_array_elements(v.findings) f
                                     WHERE NOT (f ->> 'passed')::boolean AND f ->> 'parent' IS NULL) AS articles
                FROM awards.line_verdicts($1::jsonb, $2::date) v
                """, [line, day]).singleRow()
            return (try row.decode("qualifies"), try row.decode("articles", as: String.self).split(separator: "|").map(String.init))
        }
        let officer = try province.connect(province.officerEaKar)
        let before = try verdict(on: "2023-12-31", by: officer)
        #expect(!before.qualifies && before.articles == ["Điều 9 khoản 3"], "\(before)")
        let after = try verdict(on: "2024-01-01", by: officer)
        #expect(after.qualifies && after.articles.isEmpty, "\(after)")

        #expect(try verdict(on: "2023-12-31", by: try province.database.connect()) == before, "the owner judges as the officer does")
        let unseen = try verdict(on: "2024-01-01", by: try province.connect(province.officerKrongPac))
        #expect(!unseen.qualifies, "a nominee the caller may not read does not qualify by default")
    }
}
