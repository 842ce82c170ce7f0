import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// The public posting for the people's opinion against the real database: posted by the standing agency
/// of the province the proposal goes to, for the catalogue's working days; objections recorded while the
/// list is up and each found on once; the council counts a Huân chương line only after its posting ran
/// and closed, and the appraisal finds it eligible only if no objection to it was upheld.
@Suite struct PostingTests {
    struct Round {
        let council: CouncilTests.Council
        let calendar: WorkingCalendar
        let today = LocalDate.todayInVietnam
        /// Twelve working days ago: a list posted then has run its 10 working days before today.
        let postedOn: LocalDate

        init() throws {
            council = try CouncilTests.Council()
            calendar = try TestDatabase.shippedCalendar()
            postedOn = calendar.adding(workingDays: -12, to: today)
        }

        var province: Province { council.province }
        func postings(_ login: String) throws -> PostingStore { PostingStore(try province.connect(login)) }

        /// Ea Kar's proposal to the province: a Huân chương Lao động hạng Ba, which needs the posting, and a
        /// Chiến sĩ thi đua cấp tỉnh, which does not.
        func proposal(number: String = "47/TTr-UBND", names: (String, String) = ("Nguyễn Thị Hoa", "Trần Văn Minh")) throws -> Int {
            let officer = ProposalStore(try province.connect(province.officerEaKar))
            let id = try officer.create(unitCode: "ea-kar", addresseeCode: "ubnd-tinh", round: .yearEnd, year: 2026,
                                        title: "Đề nghị khen thưởng năm 2026", movementCode: nil)
            try officer.add(proposal: id, lines: [
                ProposalRoundTests.line(2, names.0, award: "HUAN_CHUONG_LAO_DONG_HANG_BA"),
                ProposalRoundTests.line(3, names.1, award: "CSTD_CAP_TINH"),
            ])
            try officer.advance(id, event: "submit", fields: ["proposal_number": number, "proposal_date": today.iso])
            return id
        }
    }

    @Test func theCouncilCountsAHuanChuongLineOnlyAfterItsPostingRanItsDaysAndClosed() throws {
        let round = try Round()
        let proposal = try round.proposal()
        let agency = round.province.agency

        // Only the agency of the province it goes to posts it, and only once it is up.
        for login in [round.province.officerEaKar, round.province.provinceChair] {
            #expect(try refusal { _ = try round.postings(login).post(proposal: proposal, place: "https://sonoivu.daklak.gov.vn", on: round.postedOn) }?
                .sqlState == "42501", "\(login)")
        }
        let store = try round.postings(agency)
        let tomorrow = try refusal { _ = try store.post(proposal: proposal, place: "https://sonoivu.daklak.gov.vn", on: round.today.adding(days: 1)) }
        #expect(tomorrow?.sqlState == "22023")
        let (posting, endsOn) = try store.post(proposal: proposal, place: "https://sonoivu.daklak.gov.vn", on: round.postedOn)
        // Ten working days counting the day it went up.
        #expect(endsOn == round.calendar.adding(workingDays: 9, to: round.postedOn))
        #expect(try store.lines(posting).map(\.lineNo) == [1])
        #expect(try store.posting(posting)?.rule == "Nghị định 152/2025/NĐ-CP, Điều 60 khoản 3")
        #expect(try refusal { _ = try store.post(proposal: proposal, place: "Báo Đắk Lắk", on: round.postedOn) }?.sqlState == "23505")
        // Closing it is the agency's deadline, due the first working day after the list came down.
        let owner = try round.province.database.connect()
        func openDeadlines() throws -> [String] {
            try owner.query("SELECT due_on::text AS due FROM awards.deadlines WHERE posting_id = $1 AND closed_at IS NULL AND assignee_role = 'standing_agency'",
                            [posting]).rows.map { try $0.decode("due") }
        }
        #expect(try openDeadlines() == [round.calendar.adding(workingDays: 1, to: endsOn).iso])

        // Objections: to a posted line, received while the list was up, each found on once.
        let notPosted = try refusal { try store.object(posting: posting, line: 2, sender: "Nguyễn Văn A", summary: "Không đúng", receivedOn: round.postedOn) }
        #expect(notPosted?.message == "line 2 of proposal \(proposal) is not on public posting \(posting)")
        let late = try refusal { try store.object(posting: posting, line: 1, sender: "Nguyễn Văn A", summary: "Không đúng", receivedOn: endsOn.adding(days: 1)) }
        #expect(late?.sqlState == "22023")
        let objection = try store.object(posting: posting, line: 1, sender: "Nguyễn Văn A, thôn 3, xã Ea Tu",
                                         summary: "Chưa hoàn thành nhiệm vụ năm 2025", receivedOn: round.postedOn.adding(days: 1))
        let unfound = try refusal { try store.close(posting) }
        #expect(unfound?.message == "objections to public posting \(posting) not yet found on: \(objection)")

        // The council meets today; it cannot count the Huân chương line while its posting is not closed.
        let meeting = try round.council.store(round.council.clerk).openMeeting(unitCode: "ubnd-tinh", heldOn: round.today, place: "Phòng họp UBND tỉnh",
                                                                               proposals: [proposal], writtenOpinions: [])
        for login in round.council.voting {
            let member = try round.council.store(login)
            try member.vote(meeting: meeting, ballots: try member.linesOpenToMe(meeting: meeting).map { Ballot(proposal: $0.proposal, line: $0.line, choice: .agree) })
        }
        let secretary = try round.council.store(round.council.secretary)
        let early = try refusal { _ = try secretary.count(meeting: meeting, minutesNumber: "06/BB-HĐTĐKT", minutesDate: round.today) }
        #expect(early?.message == "these lines were not posted publicly for the people's opinion, and closed, before the council met: "
                + "\(proposal)/1 HUAN_CHUONG_LAO_DONG_HANG_BA — Nghị định 152/2025/NĐ-CP, Điều 60 khoản 3")

        // Straight at the tables, nobody writes or rewrites the posting, its objections or findings.
        let psql = try round.province.connect(agency)
        for statement in ["INSERT INTO awards.posting_objection_findings (objection_id, finding, reason) VALUES (\(objection), 'unfounded', 'x')",
                          "UPDATE awards.public_postings SET ends_on = posted_on", "DELETE FROM awards.posting_objections",
                          "INSERT INTO awards.public_posting_lines (posting_id, proposal_id, line_no, award_code) VALUES (\(posting), \(proposal), 2, 'CSTD_CAP_TINH')",
                          "UPDATE awards.public_postings SET closed_at = now(), closed_by = current_user"] {
            #expect(try refusal { try psql.query(statement) }?.sqlState == "42501", "\(statement)")
        }

        try store.find(objection: objection, .unfounded, reason: "Đã xác minh: hoàn thành xuất sắc nhiệm vụ năm 2025")
        #expect(try refusal { try store.find(objection: objection, .upheld, reason: "Xác minh lại") }?.sqlState == "23505")
        try store.close(posting)
        #expect(try openDeadlines() == [])
        #expect(try refusal { try store.object(posting: posting, line: 1, sender: "B", summary: "C", receivedOn: round.postedOn) }?.sqlState == "55000")
        #expect(try refusal { try owner.query("UPDATE awards.public_postings SET place = 'x' WHERE id = $1", [posting]) }?.sqlState == "42501")
        #expect(try refusal { try owner.query("DELETE FROM awards.posting_objections WHERE id = $1", [objection]) }?.sqlState == "42501")

        // The unit that proposed sees the posting and what was found.
        let officer = try round.postings(round.province.officerEaKar)
        #expect(try officer.objections(posting).map(\.finding) == ["unfounded"])

        #expect(try secretary.count(meeting: meeting, minutesNumber: "06/BB-HĐTĐKT", minutesDate: round.today) == 2)
    }

    @Test func anUpheldObjectionKeepsTheLineFromBeingFoundEligible() throws {
        let round = try Round()
        let proposal = try round.proposal()
        let appraisals = AppraisalStore(try round.province.connect(round.province.agency))
        let appraisal = try appraisals.receive(proposal: proposal)
        try appraisals.assign(appraisal, specialist: round.council.secretary)
        let specialist = AppraisalStore(try round.province.connect(round.council.secretary))

        let unposted = try refusal { try specialist.judge(appraisal, line: 1, verdict: .eligible, reason: nil) }
        #expect(unposted?.message == "line 1 of proposal \(proposal) (HUAN_CHUONG_LAO_DONG_HANG_BA) is found eligible only after its public posting "
                + "for 10 working days has closed (Nghị định 152/2025/NĐ-CP, Điều 60 khoản 3)")
        try specialist.judge(appraisal, line: 2, verdict: .eligible, reason: nil)

        let store = try round.postings(round.province.agency)
        let (posting, _) = try store.post(proposal: proposal, place: "Báo Đắk Lắk", on: round.postedOn)
        let objection = try store.object(posting: posting, line: 1, sender: "Trần Văn B, phường Tân Lợi",
                                         summary: "Đang bị xem xét kỷ luật", receivedOn: round.postedOn)
        #expect(try refusal { try store.find(objection: objection, .upheld, reason: " ") }?.sqlState == "22023")
        try store.find(objection: objection, .upheld, reason: "Đã xác minh: đang xem xét kỷ luật")
        try store.close(posting)

        let upheld = try refusal { try specialist.judge(appraisal, line: 1, verdict: .eligible, reason: nil) }
        #expect(upheld?.message == "line 1 of proposal \(proposal) cannot be found eligible: an objection to it was upheld: "
                + "Trần Văn B, phường Tân Lợi (Đã xác minh: đang xem xét kỷ luật)")
        try specialist.judge(appraisal, line: 1, verdict: .notEligible, reason: "Ý kiến phản ánh có cơ sở: đang xem xét kỷ luật")
        #expect(try specialist.lines(appraisal).map { $0.verdict } == ["not_eligible", "eligible"])

        // A list posted today is up for its days: it cannot be closed yet.
        let other = try round.proposal(number: "48/TTr-UBND", names: ("Phạm Văn Long", "Đỗ Thị Lan"))
        let (today, endsOn) = try store.post(proposal: other, place: "Báo Đắk Lắk", on: round.today)
        let early = try refusal { try store.close(today) }
        #expect(early?.message == "public posting \(today) is up until \(endsOn.vietnamese): it closes after its last day")
    }
}
