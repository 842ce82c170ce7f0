import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// The province's emulation council against the real database: dated seats, a meeting on a proposal,
/// secret ballots cast by each member through their own login, the count under the catalogue's rule,
/// and a decision that takes only what the council passed. Every attack is tried through psql as the
/// person's own login.
@Suite struct CouncilTests {
    static let founded = LocalDate(year: 2026, month: 1, day: 1)!

    /// The province's council of five voting members: its chair, its secretary, and three members; one
    /// of them works in Ea Kar and is proposed there. A clerk (an officer of the province) records them.
    struct Council {
        let province: Province
        let clerk: String
        let chair: String
        let secretary: String
        let members: [String]
        /// The member who is also proposed, with their name.
        let nominee: (login: String, name: String)

        var voting: [String] { [chair, secretary] + members }

        init() throws {
            province = try Province()
            let directory = DirectoryStore(try province.database.connect())
            func person(_ unit: String, _ roles: [String], _ authority: String? = nil) throws -> String {
                let login = TestDatabase.uniqueLogin(roles[0])
                try directory.registerPerson(fullName: "Người \(login)", email: "\(login)@daklak.gov.vn", unitCode: unit, login: login,
                                             roles: roles, authorityLevel: authority, password: TestDatabase.personPassword)
                return login
            }
            clerk = try person("ubnd-tinh", ["officer"])
            chair = province.provinceChair
            secretary = try person("snv", ["standing_agency"])
            let fromEaKar = try person("ea-kar", ["officer"])
            members = [try person("ubnd-tinh", ["officer"]), try person("snv", ["standing_agency"]), fromEaKar]
            nominee = (fromEaKar, "Người \(fromEaKar)")

            let store = CouncilStore(try province.connect(clerk))
            try store.create(unitCode: "ubnd-tinh", name: "Hội đồng Thi đua – Khen thưởng tỉnh Đắk Lắk", decision: "01/QĐ-UBND", foundedOn: founded)
            try store.addMember(unitCode: "ubnd-tinh", login: chair, position: .chair, votes: true, from: founded, decision: "01/QĐ-UBND")
            try store.addMember(unitCode: "ubnd-tinh", login: secretary, position: .secretary, votes: true, from: founded, decision: "01/QĐ-UBND")
            for member in members {
                try store.addMember(unitCode: "ubnd-tinh", login: member, position: .member, votes: true, from: founded, decision: "01/QĐ-UBND")
            }
        }

        func store(_ login: String) throws -> CouncilStore { CouncilStore(try province.connect(login)) }

        /// Ea Kar's proposal to the province: three Chiến sĩ thi đua cấp tỉnh, the third the council member.
        func proposal() throws -> Int {
            let officer = ProposalStore(try province.connect(province.officerEaKar))
            let id = try officer.create(unitCode: "ea-kar", addresseeCode: "ubnd-tinh", round: .yearEnd, year: 2026,
                                        title: "Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2026", movementCode: nil)
            try officer.add(proposal: id, lines: [
                ProposalRoundTests.line(2, "Nguyễn Thị Hoa", award: "CSTD_CAP_TINH"),
                ProposalRoundTests.line(3, "Trần Văn Minh", award: "CSTD_CAP_TINH"),
                ProposalRoundTests.line(4, nominee.name, award: "CSTD_CAP_TINH"),
            ])
            try Qualification.qualifyLines(of: id, through: try province.connect(province.officerEaKar))
            try officer.advance(id, event: "submit", fields: ["proposal_number": "45/TTr-UBND", "proposal_date": LocalDate.todayInVietnam.iso])
            return id
        }
    }

    @Test func theCountPassesWhatNinetyPercentOfAllMembersAgreedAndTheDecisionTakesOnlyThat() throws {
        let council = try Council()
        let proposal = try council.proposal()
        let today = LocalDate.todayInVietnam
        let meeting = try council.store(council.clerk).openMeeting(unitCode: "ubnd-tinh", heldOn: today, place: "Phòng họp UBND tỉnh",
                                                                   proposals: [proposal], writtenOpinions: [council.members[1]])
        // Line 1: all five agree (one in writing). Line 2: four agree, one would give Chiến sĩ thi đua cơ sở:
        // 4 of 5 is below 90 % of all members. Line 3 names a member, who may not vote on it.
        for login in council.voting {
            let store = try council.store(login)
            if login == council.nominee.login {
                #expect(try store.linesOpenToMe(meeting: meeting).map(\.line) == [1, 2])
                let own = try refusal { try store.vote(meeting: meeting, ballots: [Ballot(proposal: proposal, line: 3, choice: .agree)]) }
                #expect(own?.sqlState == "42501")
                #expect(own?.message == "\(login) is the nominee of line 3 of proposal \(proposal) and cannot vote on it")
            }
            let lineTwo: BallotChoice = login == council.secretary ? .lower(award: "CSTD_CO_SO") : .agree
            var ballots = [Ballot(proposal: proposal, line: 1, choice: .agree), Ballot(proposal: proposal, line: 2, choice: lineTwo)]
            if login != council.nominee.login { ballots.append(Ballot(proposal: proposal, line: 3, choice: .agree)) }
            #expect(try store.vote(meeting: meeting, ballots: ballots) == ballots.count)
        }
        // Before the count nobody reads the box, and there is no tally to read.
        let member = try council.province.connect(council.members[0])
        for table in ["awards.ballots", "awards.counted_ballots"] {
            #expect(try refusal { try member.query("SELECT * FROM \(table)") }?.sqlState == "42501", "\(table)")
        }
        #expect(try member.query("SELECT count(*)::integer AS n FROM awards.council_results").singleRow().decode("n", as: Int.self) == 0)
        #expect(try council.store(council.members[0]).lines(meeting).allSatisfy { $0.result == nil })

        let notTheChair = try refusal { try council.store(council.members[0]).count(meeting: meeting, minutesNumber: "05/BB-HĐTĐKT", minutesDate: today) }
        #expect(notTheChair?.sqlState == "42501")
        #expect(try council.store(council.secretary).count(meeting: meeting, minutesNumber: "05/BB-HĐTĐKT", minutesDate: today) == 3)

        let results = try council.store(council.clerk).lines(meeting)
        #expect(results.map { $0.result?.outcome } == ["passed", "passed_lower", "passed"])
        #expect(results[0].result?.agree == 5 && results[0].result?.ballots == 5)
        #expect(results[1].result?.agree == 4 && results[1].result?.lowerVotes == ["CSTD_CO_SO": 1])
        #expect(results[1].result?.passedAward == "CSTD_CO_SO")
        #expect(results[1].result?.rule == "≥ 90% tổng số thành viên — Nghị định 152/2025/NĐ-CP")
        // The nominee is not counted on their own line: 4 of the 4 members who may vote on it.
        #expect(results[2].result?.agree == 4)
        let summary = try #require(try council.store(council.clerk).meeting(meeting))
        #expect(summary.minutesNumber == "05/BB-HĐTĐKT" && summary.present == 4 && summary.absentWritten == 1 && summary.voting == 5)

        // The standing agency finds every line eligible, so what stops the decision below is the council alone.
        let agency = AppraisalStore(try council.province.connect(council.province.agency))
        let appraisal = try agency.receive(proposal: proposal)
        try agency.assign(appraisal, specialist: council.secretary)
        let specialist = AppraisalStore(try council.province.connect(council.secretary))
        for line in 1...3 { try specialist.judge(appraisal, line: line, verdict: .eligible, reason: nil) }
        try specialist.submit(appraisal, resultNumber: "121/TTr-SNV", date: today)

        // The decision takes a Chiến sĩ thi đua cấp tỉnh only where the council passed it.
        let chair = ProposalStore(try council.province.connect(council.province.provinceChair))
        let refused = try refusal { _ = try chair.sign(number: "100/QĐ-UBND", date: today, proposals: [proposal]) }
        #expect(refused?.sqlState == "AW002")
        #expect(refused?.message == "these lines have not passed the council's vote their award needs: \(proposal)/2 Trần Văn Minh: CSTD_CAP_TINH")
        let decision = try chair.sign(number: "100/QĐ-UBND", date: today, proposals: [proposal],
                                      changes: [DecisionChange(proposal: proposal, line: 2, leaveOut: true, reason: "Hội đồng không thông qua")])
        #expect(try chair.decisionLines(decision).map(\.proposalLineNo) == [1, 3])
    }

    /// A Bằng khen has no council vote rule, so nothing counts an absent member's written opinion on it:
    /// the lines open to that member leave it out, and a ballot on it is refused.
    @Test func aWrittenOpinionIsOfferedOnlyTheLinesWhoseRuleCountsIt() throws {
        let council = try Council()
        let officer = ProposalStore(try council.province.connect(council.province.officerEaKar))
        let proposal = try officer.create(unitCode: "ea-kar", addresseeCode: "ubnd-tinh", round: .yearEnd, year: 2026,
                                          title: "Đề nghị khen thưởng năm 2026", movementCode: nil)
        try officer.add(proposal: proposal, lines: [
            ProposalRoundTests.line(2, "Nguyễn Thị Hoa", award: "CSTD_CAP_TINH"),
            ProposalRoundTests.line(3, "Trần Văn Minh", award: "BANG_KHEN_CHU_TICH_TINH"),
        ])
        try officer.advance(proposal, event: "submit", fields: ["proposal_number": "46/TTr-UBND", "proposal_date": LocalDate.todayInVietnam.iso])
        let writer = council.members[1]
        let meeting = try council.store(council.clerk).openMeeting(unitCode: "ubnd-tinh", heldOn: LocalDate.todayInVietnam, place: "Phòng họp UBND tỉnh",
                                                                   proposals: [proposal], writtenOpinions: [writer])
        let store = try council.store(writer)
        #expect(try store.linesOpenToMe(meeting: meeting).map(\.line) == [1])
        #expect(try council.store(council.members[0]).linesOpenToMe(meeting: meeting).map(\.line) == [1, 2])
        let refused = try refusal { try store.vote(meeting: meeting, ballots: [Ballot(proposal: proposal, line: 2, choice: .agree)]) }
        #expect(refused?.sqlState == "42501")
        #expect(try store.vote(meeting: meeting, ballots: [Ballot(proposal: proposal, line: 1, choice: .agree)]) == 1)
        #expect(try store.linesOpenToMe(meeting: meeting).isEmpty)
    }

    /// What a member, a non-member or the owner might try with psql, and what stops each; nothing changes.
    @Test func psqlCanDoNoMoreWithTheBallotsThanTheCommands() throws {
        let council = try Council()
        let proposal = try council.proposal()
        let today = LocalDate.todayInVietnam
        let absent = council.members[0]
        let meeting = try council.store(council.secretary).openMeeting(unitCode: "ubnd-tinh", heldOn: today, place: "Phòng họp UBND tỉnh",
                                                                       proposals: [proposal], absent: [absent])
        let member = council.members[1]
        let agreeAll = (1...3).map { Ballot(proposal: proposal, line: $0, choice: .agree) }
        let owner = try council.province.database.connect()
        func receipts() throws -> Int {
            try owner.query("SELECT count(*)::integer AS n FROM awards.ballot_receipts WHERE meeting_id = $1", [meeting]).singleRow().decode("n")
        }
        func boxed() throws -> Int {
            try owner.query("SELECT count(*)::integer AS n FROM awards.ballots WHERE meeting_id = $1", [meeting]).singleRow().decode("n")
        }

        // A recusal is recorded by the member, the chair or the secretary, and then binds.
        #expect(try refusal { try council.store(council.members[2]).recuse(meeting: meeting, login: council.secretary, proposal: proposal,
                                                                             line: 1, reason: "x") }?.sqlState == "42501")
        try council.store(council.secretary).recuse(meeting: meeting, login: council.secretary, proposal: proposal, line: 1,
                                                   reason: "Là người thân của người được đề nghị")
        let recused = try refusal { try council.store(council.secretary).vote(meeting: meeting, ballots: agreeAll) }
        #expect(recused?.message == "\(council.secretary) is recused from line 1 of proposal \(proposal) and cannot vote on it")

        #expect(try council.store(member).vote(meeting: meeting, ballots: agreeAll) == 3)
        let twice = try refusal { try council.store(member).vote(meeting: meeting, ballots: [Ballot(proposal: proposal, line: 2, choice: .disagree)]) }
        #expect(twice?.sqlState == "23505")
        let sameLineTwice = try refusal { try council.store(council.chair).vote(meeting: meeting, ballots: [
            Ballot(proposal: proposal, line: 2, choice: .agree), Ballot(proposal: proposal, line: 2, choice: .disagree)]) }
        #expect(sameLineTwice?.message == "line 2 of proposal \(proposal) has two ballots in what you cast; give one")
        let absentVotes = try refusal { try council.store(absent).vote(meeting: meeting, ballots: agreeAll) }
        #expect(absentVotes?.message == "\(absent) is recorded absent from council meeting \(meeting) without a written opinion, and cannot vote")
        let outsider = try refusal { try council.store(council.province.officerKrongPac).vote(meeting: meeting, ballots: agreeAll) }
        #expect(outsider?.sqlState == "42501")
        let higher = try refusal { try council.store(council.chair).vote(meeting: meeting, ballots: [
            Ballot(proposal: proposal, line: 2, choice: .lower(award: "CSTD_TOAN_QUOC"))]) }
        #expect(higher?.message == "the ballot on line 2 of proposal \(proposal) names CSTD_TOAN_QUOC, which is not below CSTD_CAP_TINH for this nominee")
        #expect(try receipts() == 3 && boxed() == 3)

        // Straight at the tables, as the member's own login: no ballot is read, written, or pinned on anyone.
        let psql = try council.province.connect(member)
        for statement in ["SELECT * FROM awards.ballots", "SELECT * FROM awards.counted_ballots",
                          "INSERT INTO awards.ballots (meeting_id, proposal_id, line_no, choice) VALUES (\(meeting), \(proposal), 1, 'agree')",
                          "INSERT INTO awards.ballot_receipts (meeting_id, person_id, proposal_id, line_no) SELECT \(meeting), id, \(proposal), 1 FROM awards.people WHERE login_role = '\(absent)'",
                          "UPDATE awards.ballots SET choice = 'disagree'", "DELETE FROM awards.ballot_receipts",
                          "UPDATE awards.council_attendance SET presence = 'present'",
                          "INSERT INTO awards.council_results (meeting_id, proposal_id, line_no, proposed_award, voting_members, present_members, ballots, agree, disagree, outcome, passed_award) VALUES (\(meeting), \(proposal), 1, 'CSTD_CAP_TINH', 5, 4, 4, 4, 0, 'passed', 'CSTD_CAP_TINH')",
                          "UPDATE awards.council_meetings SET minutes_number = '99/BB'",
                          "SELECT awards.ballot_bars(\(meeting), p) FROM awards.people p"] {
            #expect(try refusal { try psql.query(statement) }?.sqlState == "42501", "\(statement)")
        }
        // Nor can a member seat themself on a council.
        let ownSeat = try refusal { try council.store(council.clerk).addMember(unitCode: "ubnd-tinh", login: council.clerk, position: .member,
                                                                               votes: true, from: today, decision: "02/QĐ-UBND") }
        #expect(ownSeat?.sqlState == "42501")

        try council.store(council.chair).vote(meeting: meeting, ballots: agreeAll)
        try council.store(council.members[2]).vote(meeting: meeting, ballots: agreeAll.filter { $0.line != 3 })
        try council.store(council.secretary).count(meeting: meeting, minutesNumber: "06/BB-HĐTĐKT", minutesDate: today)
        #expect(try boxed() == 0)
        // The opened ballots are kept as their tally (0029): one row per line and thing said, with how many said it.
        let counted = try owner.query("""
            SELECT count(*)::integer AS rows, sum(ballots)::integer AS ballots, count(*) FILTER (WHERE ballots > 1)::integer AS grouped
            FROM awards.counted_ballots WHERE meeting_id = $1
            """, [meeting]).singleRow()
        #expect(try counted.decode("ballots", as: Int.self) == 8)
        #expect(try counted.decode("rows", as: Int.self) < 8 && counted.decode("grouped", as: Int.self) > 0)

        // After the count: no late ballot, no second count, and the minutes stay as counted, even for the owner.
        let late = try refusal { try council.store(council.members[2]).vote(meeting: meeting, ballots: [Ballot(proposal: proposal, line: 3, choice: .agree)]) }
        #expect(late?.sqlState == "42501")
        #expect(late?.message.hasPrefix("council meeting \(meeting) was counted on ") == true, "\(late?.message ?? "")")
        #expect(try refusal { try council.store(council.chair).count(meeting: meeting, minutesNumber: "07/BB", minutesDate: today) } != nil)
        for statement in ["UPDATE awards.council_meetings SET minutes_number = '99/BB' WHERE id = \(meeting)",
                          "UPDATE awards.counted_ballots SET choice = 'agree' WHERE meeting_id = \(meeting)",
                          "DELETE FROM awards.council_results WHERE meeting_id = \(meeting)",
                          "INSERT INTO awards.ballots (meeting_id, proposal_id, line_no, choice) VALUES (\(meeting), \(proposal), 3, 'agree')",
                          // Nor is an opened ballot added outside the count (0029 checks this per statement).
                          "INSERT INTO awards.counted_ballots (meeting_id, proposal_id, line_no, choice, ballots) VALUES (\(meeting), \(proposal), 3, 'disagree', 1)"] {
            #expect(try refusal { try owner.query(statement) }?.sqlState == "42501", "\(statement)")
        }
        // One row per thing said: a second row for line 3's agreeing ballots is refused by the key itself.
        #expect(try refusal { try owner.query("INSERT INTO awards.counted_ballots (meeting_id, proposal_id, line_no, choice, ballots) VALUES (\(meeting), \(proposal), 3, 'agree', 1)") }?.sqlState == "23505")
        #expect(try council.store(council.clerk).meeting(meeting)?.minutesNumber == "06/BB-HĐTĐKT")
    }

    /// 0032 checks the results and opened ballots once per statement in place of their foreign keys; what
    /// the keys guaranteed still holds: what a result refers to cannot be deleted or re-keyed, even by the
    /// owner, and the count itself cannot write a result for a line or award that does not exist.
    @Test func whatTheCountsResultsReferToCanBeNeitherDeletedNorRekeyedNorInvented() throws {
        let council = try Council()
        let proposal = try council.proposal()
        let today = LocalDate.todayInVietnam
        let meeting = try council.store(council.secretary).openMeeting(unitCode: "ubnd-tinh", heldOn: today, place: "Phòng họp UBND tỉnh",
                                                                       proposals: [proposal], absent: [])
        for voter in council.voting {
            try council.store(voter).vote(meeting: meeting, ballots: [
                Ballot(proposal: proposal, line: 1, choice: .agree), Ballot(proposal: proposal, line: 2, choice: .lower(award: "CSTD_CO_SO")),
                Ballot(proposal: proposal, line: 3, choice: .disagree)].filter { voter != council.nominee.login || $0.line != 3 })
        }
        let owner = try council.province.database.connect()
        // Even as the meeting's own count, a result for a line no proposal before it has, or naming an award that does not exist, is refused.
        func insertResult(line: Int, passed: String) -> String {
            """
            WITH counting AS (SELECT set_config('awards.counting_meeting', '\(meeting)', true) AS s)
            INSERT INTO awards.council_results (meeting_id, proposal_id, line_no, proposed_award, voting_members, present_members, ballots, agree,
                                                disagree, outcome, passed_award)
            SELECT \(meeting), \(proposal), \(line), 'CSTD_CAP_TINH', 5, 5, 5, 5, 0, 'passed', '\(passed)' FROM counting
            """
        }
        #expect(try refusal { try owner.query(insertResult(line: 99, passed: "CSTD_CAP_TINH")) }?.sqlState == "23503")
        #expect(try refusal { try owner.query(insertResult(line: 1, passed: "KHONG_CO")) }?.sqlState == "23503")
        try council.store(council.secretary).count(meeting: meeting, minutesNumber: "08/BB-HĐTĐKT", minutesDate: today)
        func results() throws -> String {
            try owner.query("""
                SELECT string_agg(r.line_no || ':' || l.line_no || ':' || r.outcome || ':' || coalesce(p.code, '-'), ',' ORDER BY r.line_no) AS s
                FROM awards.council_results r
                JOIN awards.proposal_lines l ON l.proposal_id = r.proposal_id AND l.line_no = r.line_no
                JOIN awards.award_types a ON a.code = r.proposed_award LEFT JOIN awards.award_types p ON p.code = r.passed_award
                WHERE r.meeting_id = $1
                """, [meeting]).singleRow().decode("s")
        }
        let before = try results()
        #expect(before == "1:1:passed:CSTD_CAP_TINH,2:2:passed_lower:CSTD_CO_SO,3:3:failed:-")

        for statement in ["DELETE FROM awards.proposal_lines WHERE proposal_id = \(proposal)",
                          "UPDATE awards.proposal_lines SET line_no = line_no + 100 WHERE proposal_id = \(proposal)",
                          "UPDATE awards.proposal_lines SET proposal_id = proposal_id + 1000 WHERE proposal_id = \(proposal)",
                          "DELETE FROM awards.award_types WHERE code = 'CSTD_CO_SO'",
                          "UPDATE awards.award_types SET code = 'CSTD_CO_SO_CU' WHERE code = 'CSTD_CO_SO'",
                          "TRUNCATE awards.award_types CASCADE", "TRUNCATE awards.proposal_lines CASCADE",
                          "TRUNCATE awards.council_meetings CASCADE", "DELETE FROM awards.council_meetings WHERE id = \(meeting)"] {
            #expect(try refusal { try owner.query(statement) }?.sqlState == "42501", "\(statement)")
        }
        // An award's other fields still change, as `db migrate` upserts them.
        try owner.query("UPDATE awards.award_types SET name = name WHERE code = 'CSTD_CO_SO'")

        // Within the count, an opened ballot naming an award that does not exist is refused as well.
        #expect(try refusal { try owner.query("""
            WITH counting AS (SELECT set_config('awards.counting_meeting', '\(meeting)', true) AS s)
            INSERT INTO awards.counted_ballots (meeting_id, proposal_id, line_no, choice, lower_award, ballots)
            SELECT \(meeting), \(proposal), 2, 'lower', 'KHONG_CO', 1 FROM counting
            """) }?.sqlState == "23503")
        #expect(try results() == before)
    }

    /// 0034: each meeting's ballots are a table of their own, which only the meeting's count empties, and
    /// which is gone once a later meeting is opened; no statement of the owner's reaches the ballots
    /// otherwise, and a ballot for no open meeting lands nowhere.
    @Test func aMeetingsBallotBoxIsEmptiedOnlyByItsCountThenDropped() throws {
        let council = try Council()
        let proposal = try council.proposal()
        let today = LocalDate.todayInVietnam
        let meeting = try council.store(council.secretary).openMeeting(unitCode: "ubnd-tinh", heldOn: today, place: "Phòng họp UBND tỉnh",
                                                                       proposals: [proposal], absent: [])
        let box = "awards.ballots_of_meeting_\(meeting)"
        for voter in council.voting {
            try council.store(voter).vote(meeting: meeting, ballots: [Ballot(proposal: proposal, line: 1, choice: .agree)])
        }
        let owner = try council.province.database.connect()
        func boxed() throws -> Int { try owner.query("SELECT count(*)::integer AS n FROM \(box)").singleRow().decode("n") }
        func exists() throws -> Bool { try owner.query("SELECT to_regclass($1) IS NOT NULL AS e", [box]).singleRow().decode("e") }
        #expect(try boxed() == council.voting.count)

        for statement in ["TRUNCATE \(box)", "TRUNCATE awards.ballots", "DELETE FROM awards.ballots WHERE meeting_id = \(meeting)",
                          "DELETE FROM \(box)", "UPDATE \(box) SET choice = 'disagree'"] {
            #expect(try refusal { try owner.query(statement) }?.sqlState == "42501", "\(statement)")
        }
        // Posing as another meeting's count is no better.
        try owner.query("SELECT set_config('awards.counting_meeting', $1, false)", ["\(meeting + 1)"])
        #expect(try refusal { try owner.query("TRUNCATE \(box)") }?.sqlState == "42501")
        try owner.query("SELECT set_config('awards.counting_meeting', '', false)")
        #expect(try boxed() == council.voting.count)
        let nowhere = try refusal { try owner.query("INSERT INTO awards.ballots (meeting_id, proposal_id, line_no, choice) VALUES (\(meeting + 1000), \(proposal), 1, 'agree')") }
        #expect(nowhere?.sqlState == "23503" && nowhere?.message == "council meeting \(meeting + 1000) not found", "\(nowhere?.message ?? "")")

        try council.store(council.secretary).count(meeting: meeting, minutesNumber: "09/BB-HĐTĐKT", minutesDate: today)
        #expect(try boxed() == 0 && exists())
        let tally = try owner.query("SELECT sum(ballots)::integer AS n FROM awards.counted_ballots WHERE meeting_id = $1", [meeting]).singleRow()
        #expect(try tally.decode("n", as: Int.self) == council.voting.count)

        // The next meeting gets a box of its own, and the counted meeting's empty one goes.
        let next = try council.store(council.secretary).openMeeting(unitCode: "ubnd-tinh", heldOn: today, place: "Phòng họp UBND tỉnh",
                                                                    proposals: [proposal], absent: [])
        #expect(try !exists())
        #expect(try owner.query("SELECT to_regclass($1) IS NOT NULL AS e", ["awards.ballots_of_meeting_\(next)"]).singleRow().decode("e", as: Bool.self))
        // A late ballot for the counted meeting is still refused as late, box or no box.
        let late = try refusal { try owner.query("INSERT INTO awards.ballots (meeting_id, proposal_id, line_no, choice) VALUES (\(meeting), \(proposal), 1, 'agree')") }
        #expect(late?.sqlState == "42501" && late?.message.hasPrefix("council meeting \(meeting) was counted on ") == true, "\(late?.message ?? "")")
    }
}
