import AwardsCore
import AwardsStore
import Foundation
import Postgres

/// Where the council benchmark meets (issue 14): a department of its own under the province, whose
/// council is its chair (the head of the unit), its secretary and members, recorded by an officer of
/// the unit who sits on it not (nobody records their own seat).
struct CouncilBenchPeople: Sendable {
    static let unit = "bench-hd"
    static let clerk = "bench_hd_cb"
    static let chair = "bench_hd_chu_tich"
    static let secretary = "bench_hd_thu_ky"
    static let founded = LocalDate(year: LocalDate.todayInVietnam.year, month: 1, day: 1)!
    static let decision = "01/QĐ-STP"

    /// Family names FreshNominees never draws: no member is ever the nominee of a line, so
    /// awards.names_the_member never bars anyone, though both sides still look on every line.
    static let families = ["Tôn", "Quách", "Kiều", "Thái", "Lục", "Khổng", "Âu", "Doãn", "Tiêu", "Khúc"]

    /// The chair, the secretary, then members bench_hd_tv01…: `count` voting seats in all.
    static func logins(_ count: Int) -> [String] {
        [chair, secretary] + (1..<(count - 1)).map { String(format: "bench_hd_tv%02d", $0) }
    }

    static func fullName(_ index: Int) -> String {
        let female = index % 2 == 1
        let middle = female ? VietnameseNames.femaleMiddle : VietnameseNames.maleMiddle
        let given = female ? VietnameseNames.femaleGiven : VietnameseNames.maleGiven
        return "\(families[index % families.count]) \(middle[index % middle.count]) \(given[(index / 2) % given.count])"
    }

    /// The unit, its people (through the directory, as the tests do) and its council of `members`
    /// voting seats from 1 January (through CouncilStore, as the clerk).
    static func register(_ owner: Connection, cluster: BenchCluster, members: Int) throws {
        let directory = DirectoryStore(owner)
        try directory.addUnit(code: unit, name: "Sở Tư pháp (benchmark: hội đồng thi đua – khen thưởng)", kind: "department",
                              parentCode: "ubnd-tinh", groupCode: nil)
        try directory.registerPerson(fullName: "Lương Thị Bích Ngọc", email: "\(clerk)@daklak.gov.vn", unitCode: unit, login: clerk,
                                     roles: ["officer"], authorityLevel: nil)
        for (index, login) in logins(members).enumerated() {
            let head = login == chair
            try directory.registerPerson(fullName: fullName(index), email: "\(login)@daklak.gov.vn", unitCode: unit, login: login,
                                         roles: [head ? "manager" : "officer"], authorityLevel: head ? "unit_head" : nil)
        }
        let council = CouncilStore(try cluster.connect(as: clerk))
        try council.create(unitCode: unit, name: "Hội đồng Thi đua – Khen thưởng Sở Tư pháp", decision: decision, foundedOn: founded)
        for login in logins(members) {
            let position: CouncilPosition = login == chair ? .chair : login == secretary ? .secretary : .member
            try council.addMember(unitCode: unit, login: login, position: position, votes: true, from: founded, decision: decision)
        }
    }
}

/// A council meeting of `members` voting members on one submitted proposal of `lines` Chiến sĩ thi đua
/// cấp tỉnh lines (an award whose rule is ≥ 90 % of all members, so the count judges every line), all
/// present. Every member votes on every line, the same way on both sides (`choice`): most agree, some
/// disagree, some name a lower award, so lines pass, pass lower and fail.
///
/// Ours: each member casts all their ballots with CouncilStore.vote (awards.cast_ballots) on their own
/// connection, one member after another, then the chair counts with CouncilStore.count
/// (awards.count_council_ballots); only the calls are timed, on connections opened for each meeting beforehand.
/// Baseline: pgbench as the owner, for a second identical meeting (a fresh proposal of as many lines,
/// the same members, the same ballots): one script of one transaction per member that locks the meeting
/// and writes the same receipts and ballots from the same JSON, then one script that counts by hand
/// (the same tally written as set-based SQL, the same rows into council_results, the ballots deleted
/// under awards.counting_meeting and kept in counted_ballots as their tally, one row per line and thing
/// said with its number of ballots, the meeting marked counted). The time is
/// what pgbench's per-transaction log (-l, -t 1) records for each script, connecting excluded, as for
/// ours. The tables' triggers fire on both sides: that is the same work. What the baseline leaves out
/// is what ours adds: who may vote or count, the checks of each ballot, the quorum. After each pair the
/// two meetings' effects are compared line by line; runs alternate which side goes first.
struct CouncilBench {
    let options: BenchOptions
    let cluster: BenchCluster
    let members: Int
    let lines: Int

    static let award = "CSTD_CAP_TINH"

    /// How member `member` (0-based, of `members`) votes on line `line` (1-based): by the line's last
    /// digit, with a fifth of the council (rounded up) enough to sink the 90 % rule.
    static func choice(member: Int, of members: Int, line: Int) -> BallotChoice {
        let fifth = (members + 4) / 5
        switch line % 10 {
        case 5: return member == (line / 10) % members ? .disagree : .agree
        case 6: return member == line % members ? .lower(award: "CSTD_CO_SO") : .agree
        case 7: return member < fifth ? .lower(award: "CSTD_CO_SO") : member == fifth ? .lower(award: "GIAY_KHEN") : .agree
        case 8: return member < fifth ? .disagree : .agree
        case 9: return member < fifth ? .disagree : member == fifth ? .lower(award: "GIAY_KHEN") : .agree
        default: return .agree
        }
    }

    struct Side {
        var cast: Double
        var count: Double
        var total: Double { cast + count }
    }

    func run() async throws -> [BenchResult] {
        guard let pgbench = which("pgbench") else { throw BenchError("pgbench not found (apt-get install postgresql-client)") }
        let owner = try cluster.connect()
        try CouncilBenchPeople.register(owner, cluster: cluster, members: members)
        let logins = CouncilBenchPeople.logins(members)
        let clerk = try cluster.connect(as: CouncilBenchPeople.clerk)
        let officer = ProposalStore(clerk), clerkCouncil = CouncilStore(clerk)
        var personIDs: [Int] = []
        for login in logins {
            personIDs.append(try owner.query("SELECT id FROM awards.people WHERE login_role::text = $1", [login]).singleRow().decode("id"))
        }
        let today = LocalDate.todayInVietnam
        var nominees = FreshNominees()
        var proposals = 0, minutes = 0

        /// A submitted proposal of the unit to itself, of `count` fresh nominees, and its meeting.
        func meeting(_ count: Int) throws -> (meeting: Int, proposal: Int) {
            proposals += 1
            let id = try officer.create(unitCode: CouncilBenchPeople.unit, addresseeCode: CouncilBenchPeople.unit, round: .yearEnd,
                                        year: today.year, title: "Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm \(today.year) (benchmark)",
                                        movementCode: nil)
            let input = (0..<count).map { index -> ProposalLineInput in
                let n = nominees.next(award: Self.award)
                return ProposalLineInput(rowNumber: index + 2, name: n.name, kind: .individual, birthDate: n.birth, gender: n.female ? .female : .male,
                                         occupation: n.occupation, unitCode: CouncilBenchPeople.unit, awardCode: n.award,
                                         periodFrom: LocalDate(year: today.year, month: 1, day: 1)!,
                                         periodTo: LocalDate(year: today.year, month: 12, day: 31)!, note: n.note)
            }
            try officer.add(proposal: id, lines: input)
            try officer.advance(id, event: "submit", fields: ["proposal_number": "\(proposals)/TTr-STP", "proposal_date": today.iso],
                                expectedState: "draft")
            let meeting = try clerkCouncil.openMeeting(unitCode: CouncilBenchPeople.unit, heldOn: today, place: "Phòng họp Sở Tư pháp",
                                                       proposals: [id])
            return (meeting, id)
        }
        func ballots(_ member: Int, proposal: Int, count: Int) -> [Ballot] {
            (1...count).map { Ballot(proposal: proposal, line: $0, choice: Self.choice(member: member, of: members, line: $0)) }
        }
        func ours(_ m: (meeting: Int, proposal: Int), count: Int) throws -> Side {
            let given = (0..<members).map { ballots($0, proposal: m.proposal, count: count) }
            minutes += 1
            let number = "\(minutes)/BB-HĐTĐKT"
            // Each member on a connection of their own login, opened for this meeting as `awards council
            // vote` opens one, and before the clock starts: a connection kept from an earlier, smaller
            // meeting would keep the foreign-key plans it made when proposal_lines was a page long (a
            // sequential scan per ballot), which no command-line member ever has.
            let voters = try logins.map { CouncilStore(try cluster.connect(as: $0)) }
            let chair = voters[0]
            let start = ContinuousClock.now
            for (member, store) in voters.enumerated() {
                let cast = try store.vote(meeting: m.meeting, ballots: given[member])
                guard cast == count else { throw BenchError("\(logins[member]) cast \(cast) ballots of \(count)") }
            }
            let counting = ContinuousClock.now
            let counted = try chair.count(meeting: m.meeting, minutesNumber: number, minutesDate: today)
            let end = ContinuousClock.now
            guard counted == count else { throw BenchError("awards.count_council_ballots counted \(counted) lines of \(count)") }
            return Side(cast: seconds(counting - start), count: seconds(end - counting))
        }
        func baseline(_ m: (meeting: Int, proposal: Int), count: Int) async throws -> Side {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            var cast = ""
            for member in 0..<members {
                let json = String(decoding: try encoder.encode(ballots(member, proposal: m.proposal, count: count)), as: UTF8.self)
                cast += Self.castScript(meeting: m.meeting, person: personIDs[member], ballots: json)
            }
            minutes += 1
            let tally = Self.countScript(meeting: m.meeting, countedBy: CouncilBenchPeople.chair, minutesNumber: "\(minutes)/BB-HĐTĐKT",
                                         minutesDate: today.iso)
            let castSeconds = try await timedScript(pgbench, cast, name: "council-cast-\(m.meeting)")
            let countSeconds = try await timedScript(pgbench, tally, name: "council-count-\(m.meeting)")
            return Side(cast: castSeconds, count: countSeconds)
        }
        func same(_ a: Int, _ b: Int, count: Int) throws -> String {
            let left = try effect(owner, meeting: a), right = try effect(owner, meeting: b)
            guard left == right else {
                let first = zip(left, right).first { $0 != $1 }.map { "\n  ours     \($0.0)\n  baseline \($0.1)" } ?? ""
                throw BenchError("the baseline's effect differs from awards.cast_ballots and awards.count_council_ballots' "
                                 + "(\(left.count) against \(right.count) entries)\(first)")
            }
            guard left.count == count + 1, left.last?.hasPrefix("receipts=\(members * count) voters=\(members) ") == true else {
                throw BenchError("a count of \(count) lines by \(members) members expected: \(left.last ?? "nothing")")
            }
            return try outcomes(owner, meeting: a)
        }

        // Warm-up, not measured: a small meeting each way, compared like the others.
        let warm = (try meeting(10), try meeting(10))
        _ = try ours(warm.0, count: 10)
        _ = try await baseline(warm.1, count: 10)
        _ = try same(warm.0.meeting, warm.1.meeting, count: 10)

        var runs: (ours: [Side], baseline: [Side]) = ([], [])
        var outcome = ""
        for repetition in 0..<options.repeats {
            let forOurs = try meeting(lines), forBaseline = try meeting(lines)
            var o: Side!, b: Side!
            if repetition % 2 == 0 {
                o = try ours(forOurs, count: lines)
                b = try await baseline(forBaseline, count: lines)
            } else {
                b = try await baseline(forBaseline, count: lines)
                o = try ours(forOurs, count: lines)
            }
            outcome = try same(forOurs.meeting, forBaseline.meeting, count: lines)
            runs.ours.append(o)
            runs.baseline.append(b)
            log("council of \(members) on \(lines) lines, run \(repetition + 1): awards cast \(format(o.cast * 1000, 0)) ms + count "
                + "\(format(o.count * 1000, 1)) ms, hand-written cast \(format(b.cast * 1000, 0)) ms + count \(format(b.count * 1000, 1)) ms "
                + "(effects compared: equal; \(outcome))")
        }

        let ballotCount = members * lines
        let medians = (ours: (total: median(runs.ours.map(\.total)), cast: median(runs.ours.map(\.cast)), count: median(runs.ours.map(\.count))),
                       baseline: (total: median(runs.baseline.map(\.total)), cast: median(runs.baseline.map(\.cast)),
                                  count: median(runs.baseline.map(\.count))))
        let ms = { (value: Double) in format(value * 1000, value < 1 ? 1 : 0) + " ms" }
        let setting = "\(members) members (a chair, a secretary, \(members - 2) members, all present) on one submitted proposal of \(lines) "
            + "\(Self.award) lines (rule ≥ 90 % of all members; \(outcome)), a fresh proposal and meeting each run, "
            + "\(options.repeats) runs each, alternating which side goes first; effects compared after every pair"
        let sides = "ours: each member's CouncilStore.vote (awards.cast_ballots, all \(lines) ballots as one JSON array) on their own "
            + "connection, one after another, then the chair's CouncilStore.count (awards.count_council_ballots); baseline: pgbench -t 1 as "
            + "the owner, one script of \(members) transactions (lock the meeting, insert the receipts and the shuffled ballots from the same "
            + "JSON), then one script of the count by hand (mark the meeting counted, the same tally as set-based SQL into council_results, "
            + "the box kept in counted_ballots as one row per line and choice with their number, then truncated under "
            + "awards.counting_meeting); times: ours around the calls, the baseline's "
            + "from pgbench's per-transaction log, connecting excluded on both sides; triggers fire on both"
        let raw: [String: [Double]] = [
            "ours_cast_seconds": runs.ours.map(\.cast), "ours_count_seconds": runs.ours.map(\.count),
            "baseline_cast_seconds": runs.baseline.map(\.cast), "baseline_count_seconds": runs.baseline.map(\.count),
        ]
        let size = "\(members) members × \(ImportBench.thousands(lines)) lines"
        return [
            BenchResult(name: "council: cast \(ImportBench.thousands(ballotCount)) ballots and count them (\(size))", unit: "ballots/s",
                        ours: Double(ballotCount) / medians.ours.total, baseline: Double(ballotCount) / medians.baseline.total,
                        goal: .atLeast(0.5),
                        detail: "\(sides); median cast + count: ours \(ms(medians.ours.total)), baseline \(ms(medians.baseline.total)); \(setting)",
                        runs: raw),
            BenchResult(name: "council: the count alone (\(size))", unit: "ms", ours: medians.ours.count * 1000, goal: .below(100, "ms"),
                        detail: "awards.count_council_ballots through CouncilStore.count as the chair, median of \(options.repeats) runs; the "
                            + "hand-written count of the baseline: median \(ms(medians.baseline.count)); \(setting)",
                        runs: ["ours_count_seconds": runs.ours.map(\.count), "baseline_count_seconds": runs.baseline.map(\.count)]),
            BenchResult(name: "council: casting alone (\(size))", unit: "ballots/s",
                        ours: Double(ballotCount) / medians.ours.cast, baseline: Double(ballotCount) / medians.baseline.cast, goal: nil,
                        detail: "diagnosis: the \(members) casts of the run above, without the count; median ours \(ms(medians.ours.cast)), "
                            + "baseline \(ms(medians.baseline.cast))",
                        runs: ["ours_seconds": runs.ours.map(\.cast), "baseline_seconds": runs.baseline.map(\.cast)]),
            BenchResult(name: "council: counting alone (\(size))", unit: "lines/s",
                        ours: Double(lines) / medians.ours.count, baseline: Double(lines) / medians.baseline.count, goal: nil,
                        detail: "diagnosis: the count of the run above against the hand-written count; median ours \(ms(medians.ours.count)), "
                            + "baseline \(ms(medians.baseline.count))",
                        runs: ["ours_seconds": runs.ours.map(\.count), "baseline_seconds": runs.baseline.map(\.count)]),
        ]
    }

    /// Runs `script` once (pgbench -t 1, one client, as the owner) and returns the seconds its
    /// transaction took, as pgbench's per-transaction log (-l) records it: connecting is not included.
    func timedScript(_ pgbench: String, _ script: String, name: String) async throws -> Double {
        let file = "\(cluster.base)/\(name).sql", prefix = "\(cluster.base)/\(name)-log"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let arguments = ["-n", "-t", "1", "-c", "1", "-f", file, "-l", "--log-prefix", prefix] + cluster.clientArguments(user: "awards_owner")
        let result = try await runProgram(pgbench, arguments)
        let folder = URL(fileURLWithPath: cluster.base)
        let logs = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("\(name)-log.") }.map { folder.appendingPathComponent($0) }
        defer { for log in logs { try? FileManager.default.removeItem(at: log) } }
        guard result.code == 0, !result.err.contains("aborted"),
              result.out.contains("number of transactions actually processed: 1/1") else {
            throw BenchError("pgbench \(name) failed (exit \(result.code)): \(result.err.suffix(1_500)) \(result.out.suffix(400))")
        }
        // "client_id transaction_no time script_no time_epoch time_us": the third field, in microseconds.
        let lines = try logs.flatMap { try String(contentsOf: $0, encoding: .utf8).split(separator: "\n") }
        guard lines.count == 1, let micros = lines[0].split(separator: " ").dropFirst(2).first.flatMap({ Double($0) }) else {
            throw BenchError("pgbench \(name): expected one transaction in its log, found \(lines)")
        }
        return micros / 1e6
    }

    /// One member's ballots by hand: lock the meeting as the count would, then the receipts and the
    /// ballots (shuffled, as cast_ballots writes them) from the same JSON array ours sends.
    static func castScript(meeting: Int, person: Int, ballots json: String) -> String {
        """
        BEGIN;
        SELECT id FROM awards.council_meetings WHERE id = \(meeting) AND counted_at IS NULL FOR UPDATE;
        WITH given AS (
            SELECT (b->>'proposal')::bigint AS proposal_id, (b->>'line')::integer AS line_no, b->>'choice' AS choice,
                   nullif(b->>'award', '') AS lower_award
            FROM jsonb_array_elements('\(json)'::jsonb) b
        ), receipts AS (
            INSERT INTO awards.ballot_receipts (meeting_id, person_id, proposal_id, line_no)
            SELECT \(meeting), \(person), proposal_id, line_no FROM given
        )
        INSERT INTO awards.ballots (meeting_id, proposal_id, line_no, choice, lower_award)
        SELECT \(meeting), proposal_id, line_no, choice, lower_award FROM given ORDER BY random();
        COMMIT;

        """
    }

    /// The count by hand, as one would write it: the meeting marked counted (its trigger then wants
    /// awards.counting_meeting for the results and the deletes), each line's tally in one set-based
    /// statement — the ballots grouped once per line rather than counted again per candidate award —
    /// with the same rule as awards.count_council_ballots (candidates: the proposed award and every lower
    /// award a ballot names; supporters: agreeing ballots and those naming an award of at least the
    /// candidate's multiple; the base: all members or those present, less those barred from the line;
    /// the highest award that passes its own rule, an award with no rule passing unvoted), then the box
    /// kept in counted_ballots as its tally (one row per line, choice and lower award with the
    /// number of ballots that said it) and truncated, as the meeting's own table (0034).
    static func countScript(meeting m: Int, countedBy: String, minutesNumber: String, minutesDate: String) -> String {
        """
        BEGIN;
        SELECT id FROM awards.council_meetings WHERE id = \(m) AND counted_at IS NULL FOR UPDATE;
        UPDATE awards.council_meetings SET counted_at = now(), counted_by = '\(countedBy)', minutes_number = '\(minutesNumber)',
               minutes_date = DATE '\(minutesDate)'
        WHERE id = \(m);
        SELECT set_config('awards.counting_meeting', '\(m)', true);
        WITH meeting AS (
            SELECT held_on FROM awards.council_meetings WHERE id = \(m)
        ), attendance AS (
            SELECT count(*) AS voting, count(*) FILTER (WHERE presence = 'present') AS present,
                   count(*) FILTER (WHERE presence = 'absent_written') AS written
            FROM awards.council_attendance WHERE meeting_id = \(m)
        ), open_lines AS (
            SELECT l.proposal_id, l.line_no, l.award_code, n.nominee_kind, n.nominee_name::text AS nominee_name, n.unit_id
            FROM awards.council_meeting_proposals mp
            JOIN awards.proposal_lines l ON l.proposal_id = mp.proposal_id AND l.left_at IS NULL
            JOIN awards.nominations n ON n.id = l.nomination_id
            WHERE mp.meeting_id = \(m)
        ), barred AS (
            SELECT x.proposal_id, x.line_no, a.person_id, a.presence
            FROM awards.council_recusals x JOIN awards.council_attendance a ON a.meeting_id = x.meeting_id AND a.person_id = x.person_id
            WHERE x.meeting_id = \(m)
            UNION
            SELECT l.proposal_id, l.line_no, a.person_id, a.presence
            FROM awards.council_attendance a JOIN awards.people p ON p.id = a.person_id
            JOIN open_lines l ON l.nominee_kind = 'individual' AND l.unit_id = p.unit_id
                             AND lower(normalize(l.nominee_name, NFC)) = lower(normalize(p.full_name::text, NFC))
            WHERE a.meeting_id = \(m)
        ), lines AS (
            SELECT l.proposal_id, l.line_no, l.award_code, l.nominee_kind, count(b.person_id) AS barred,
                   count(b.person_id) FILTER (WHERE b.presence = 'present') AS barred_present,
                   count(b.person_id) FILTER (WHERE b.presence = 'absent_written') AS barred_written
            FROM open_lines l LEFT JOIN barred b USING (proposal_id, line_no)
            GROUP BY l.proposal_id, l.line_no, l.award_code, l.nominee_kind
        ), box AS (
            SELECT proposal_id, line_no, choice, lower_award FROM awards.ballots WHERE meeting_id = \(m)
        ), tally AS (
            SELECT proposal_id, line_no, count(*) AS ballots, count(*) FILTER (WHERE choice = 'agree') AS agree,
                   count(*) FILTER (WHERE choice = 'disagree') AS disagree
            FROM box GROUP BY proposal_id, line_no
        ), lowered AS (
            SELECT proposal_id, line_no, lower_award AS award, count(*) AS n FROM box WHERE choice = 'lower'
            GROUP BY proposal_id, line_no, lower_award
        ), bases AS (
            SELECT DISTINCT ON (b.award_code) b.award_code, b.reward_multiples
            FROM awards.award_legal_bases b CROSS JOIN meeting
            WHERE b.valid_from <= meeting.held_on AND (b.valid_to IS NULL OR b.valid_to >= meeting.held_on)
            ORDER BY b.award_code, b.valid_from DESC
        ), rules AS (
            SELECT r.* FROM awards.council_vote_rules r CROSS JOIN meeting
            WHERE r.valid_from <= meeting.held_on AND (r.valid_to IS NULL OR r.valid_to >= meeting.held_on)
        ), candidates AS (
            SELECT proposal_id, line_no, award_code AS award FROM lines
            UNION
            SELECT w.proposal_id, w.line_no, w.award FROM lowered w JOIN lines USING (proposal_id, line_no)
        ), judged AS (
            SELECT c.proposal_id, c.line_no, c.award, (cb.reward_multiples->>l.nominee_kind)::integer AS multiple,
                   r.award_code AS ruled, r.agree_percent, r.at_least,
                   coalesce(t.agree, 0) + coalesce((
                       SELECT sum(w.n) FROM lowered w JOIN bases wb ON wb.award_code = w.award
                       WHERE w.proposal_id = c.proposal_id AND w.line_no = c.line_no
                         AND (wb.reward_multiples->>l.nominee_kind)::integer >= (cb.reward_multiples->>l.nominee_kind)::integer), 0) AS supporters,
                   CASE r.share_of WHEN 'all_members' THEN a.voting - l.barred
                        ELSE a.present - l.barred_present + CASE WHEN r.written_opinions THEN a.written - l.barred_written ELSE 0 END END AS base
            FROM candidates c JOIN lines l USING (proposal_id, line_no) CROSS JOIN attendance a
            LEFT JOIN tally t USING (proposal_id, line_no)
            LEFT JOIN bases cb ON cb.award_code = c.award
            LEFT JOIN rules r ON r.award_code = c.award
        ), passing AS (
            SELECT DISTINCT ON (proposal_id, line_no) proposal_id, line_no, award, ruled
            FROM judged
            WHERE ruled IS NULL OR base > 0 AND CASE WHEN at_least THEN supporters * 100 >= agree_percent * base
                                                     ELSE supporters * 100 > agree_percent * base END
            ORDER BY proposal_id, line_no, multiple DESC NULLS LAST, award
        )
        INSERT INTO awards.council_results (meeting_id, proposal_id, line_no, proposed_award, voting_members, present_members,
                                            ballots, agree, disagree, lower_votes, outcome, passed_award, rule_text)
        SELECT \(m), l.proposal_id, l.line_no, l.award_code, a.voting, a.present,
               coalesce(t.ballots, 0), coalesce(t.agree, 0), coalesce(t.disagree, 0),
               coalesce((SELECT jsonb_object_agg(w.award, w.n) FROM lowered w WHERE w.proposal_id = l.proposal_id AND w.line_no = l.line_no), '{}'),
               CASE WHEN p.award IS NULL THEN 'failed' WHEN p.award <> l.award_code THEN 'passed_lower'
                    WHEN p.ruled IS NULL THEN 'no_vote_needed' ELSE 'passed' END,
               p.award,
               CASE WHEN r.award_code IS NOT NULL THEN
                   format('%s %s%% %s — %s%s', CASE WHEN r.at_least THEN '≥' ELSE '>' END, trim_scale(r.agree_percent),
                          CASE r.share_of WHEN 'all_members' THEN 'tổng số thành viên' ELSE 'số thành viên có mặt' END,
                          r.document, coalesce(', ' || r.article, '')) END
        FROM lines l CROSS JOIN attendance a
        LEFT JOIN tally t USING (proposal_id, line_no)
        LEFT JOIN passing p USING (proposal_id, line_no)
        LEFT JOIN rules r ON r.award_code = l.award_code;
        INSERT INTO awards.counted_ballots (meeting_id, proposal_id, line_no, choice, lower_award, ballots)
        SELECT meeting_id, proposal_id, line_no, choice, lower_award, count(*) FROM awards.ballots WHERE meeting_id = \(m)
        GROUP BY meeting_id, proposal_id, line_no, choice, lower_award;
        TRUNCATE awards.ballots_of_meeting_\(m);
        SELECT set_config('awards.counting_meeting', '', true);
        COMMIT;

        """
    }

    /// What a meeting's ballots and count left, as text to compare across meetings (their ids and
    /// proposals differ by construction): each line's result by line number, then the receipts, the
    /// opened ballots, what is left in the box, and the meeting's minutes.
    func effect(_ owner: Connection, meeting: Int) throws -> [String] {
        var entries = try owner.query("""
            SELECT format('line %s %s: %s voting, %s present; %s ballots, %s agree, %s disagree, lower %s; %s %s; %s', line_no,
                          proposed_award, voting_members, present_members, ballots, agree, disagree, lower_votes, outcome,
                          coalesce(passed_award, '-'), coalesce(rule_text, '-')) AS entry
            FROM awards.council_results WHERE meeting_id = $1 ORDER BY line_no
            """, [meeting]).rows.map { try $0.decode("entry", as: String.self) }
        entries.append(try owner.query("""
            SELECT format('receipts=%s voters=%s receipts_digest=%s counted=%s counted_rows=%s counted_digest=%s left_in_box=%s meeting=%s',
                (SELECT count(*) FROM awards.ballot_receipts WHERE meeting_id = $1),
                (SELECT count(DISTINCT person_id) FROM awards.ballot_receipts WHERE meeting_id = $1),
                (SELECT md5(string_agg(person_id || ' ' || line_no, ',' ORDER BY person_id, line_no)) FROM awards.ballot_receipts WHERE meeting_id = $1),
                (SELECT sum(ballots) FROM awards.counted_ballots WHERE meeting_id = $1),
                (SELECT count(*) FROM awards.counted_ballots WHERE meeting_id = $1),
                (SELECT md5(string_agg(format('%s %s %s %s', line_no, choice, lower_award, ballots), ',' ORDER BY line_no, choice, lower_award))
                 FROM awards.counted_ballots WHERE meeting_id = $1),
                (SELECT count(*) FROM awards.ballots WHERE meeting_id = $1),
                (SELECT (counted_at IS NOT NULL) || ' ' || counted_by || ' ' || minutes_date FROM awards.council_meetings WHERE id = $1)) AS entry
            """, [meeting]).singleRow().decode("entry", as: String.self))
        return entries
    }

    /// How the lines came out, for the log and the detail: "700 passed, 200 passed_lower, 100 failed".
    func outcomes(_ owner: Connection, meeting: Int) throws -> String {
        try owner.query("""
            SELECT string_agg(n || ' ' || outcome, ', ' ORDER BY array_position(ARRAY['passed', 'passed_lower', 'failed', 'no_vote_needed'], outcome)) AS text
            FROM (SELECT outcome, count(*) AS n FROM awards.council_results WHERE meeting_id = $1 GROUP BY outcome) o
            """, [meeting]).singleRow().decode("text", as: String.self)
    }
}
