import AwardsCore
import Foundation
import Postgres

/// A seat's position on the council (awards.council_members.position).
public enum CouncilPosition: String, CaseIterable, Sendable, Codable {
    case chair, viceChair = "vice_chair", secretary, member
}

/// A member's ballot on one line: agree, disagree, or a lower award.
public enum BallotChoice: Sendable, Equatable {
    case agree, disagree
    case lower(award: String)
}

public struct Ballot: Sendable, Equatable, Encodable {
    public var proposal: Int
    public var line: Int
    public var choice: BallotChoice

    public init(proposal: Int, line: Int, choice: BallotChoice) {
        self.proposal = proposal
        self.line = line
        self.choice = choice
    }

    enum CodingKeys: String, CodingKey { case proposal, line, choice, award }

    /// The keys awards.cast_ballots reads.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(proposal, forKey: .proposal)
        try container.encode(line, forKey: .line)
        switch choice {
        case .agree: try container.encode("agree", forKey: .choice)
        case .disagree: try container.encode("disagree", forKey: .choice)
        case .lower(let award):
            try container.encode("lower", forKey: .choice)
            try container.encode(award, forKey: .award)
        }
    }
}

public struct CouncilSeat: Sendable, Codable, Equatable {
    public var login: String
    public var fullName: String
    public var position: String
    public var votes: Bool
    public var validFrom: String
    public var validTo: String?
    public var decision: String
}

public struct CouncilMeetingSummary: Sendable, Codable, Equatable {
    public var id: Int
    public var unitCode: String
    public var councilName: String
    public var heldOn: String
    public var place: String
    public var proposalIDs: [Int]
    public var voting: Int
    public var present: Int
    public var absentWritten: Int
    public var ballotsCast: Int
    public var countedAt: Date?
    public var minutesNumber: String?
    public var minutesDate: String?
}

public struct CouncilAttendance: Sendable, Codable, Equatable {
    public var login: String
    public var fullName: String
    public var position: String
    public var presence: String
    public var linesVoted: Int
}

/// A line before the meeting; the tally once counted (nil before: the box stays closed).
public struct CouncilLine: Sendable, Codable, Equatable {
    public var proposalID: Int
    public var lineNo: Int
    public var nomineeName: String
    public var proposedAward: String
    public var recusals: Int
    public var result: CouncilResult?
}

public struct CouncilResult: Sendable, Codable, Equatable {
    public var ballots: Int
    public var agree: Int
    public var disagree: Int
    public var lowerVotes: [String: Int]
    public var outcome: String
    public var passedAward: String?
    public var rule: String?
}

/// The emulation council: membership, meetings, secret ballots and the count. Every rule (who may
/// record, vote or count; once; in secret; the threshold) is the database's.
public struct CouncilStore {
    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    @discardableResult
    public func create(unitCode: String, name: String, decision: String, foundedOn: LocalDate) throws -> Int {
        try connection.query("SELECT awards.create_council($1, $2, $3, $4::date) AS id", [
            unitCode, VietnameseText.canonical(name), decision, foundedOn.iso,
        ]).singleRow().decode("id", as: Int.self)
    }

    public func addMember(unitCode: String, login: String, position: CouncilPosition, votes: Bool, from: LocalDate, decision: String) throws {
        try connection.query("SELECT awards.add_council_member($1, $2, $3, $4, $5::date, $6)", [
            unitCode, login, position.rawValue, votes, from.iso, decision,
        ])
    }

    public func endMember(unitCode: String, login: String, lastDay: LocalDate, decision: String) throws {
        try connection.query("SELECT awards.end_council_member($1, $2, $3::date, $4)", [unitCode, login, lastDay.iso, decision])
    }

    /// Every seat of the unit's council the reader may see, those held on `day` when given.
    public func members(unitCode: String, on day: LocalDate? = nil) throws -> [CouncilSeat] {
        try connection.query("""
            SELECT p.login_role::text AS login, p.full_name::text AS full_name, m.position, m.votes, m.valid_from::text,
                   m.valid_to::text, m.decision
            FROM awards.council_members m
            JOIN awards.councils c ON c.id = m.council_id
            JOIN awards.units u ON u.id = c.unit_id
            JOIN awards.people p ON p.id = m.person_id
            WHERE u.code = $1 AND ($2::date IS NULL OR (m.valid_from <= $2 AND (m.valid_to IS NULL OR m.valid_to >= $2)))
            ORDER BY m.valid_from, array_position(ARRAY['chair', 'vice_chair', 'secretary', 'member'], m.position), p.full_name
            """, [unitCode, day?.iso]).rows.map {
            CouncilSeat(login: try $0.decode("login"), fullName: try $0.decode("full_name"), position: try $0.decode("position"),
                        votes: try $0.decode("votes"), validFrom: try $0.decode("valid_from"), validTo: try $0.decode("valid_to"),
                        decision: try $0.decode("decision"))
        }
    }

    /// Records the meeting with its attendance: every voting member present except those named.
    public func openMeeting(unitCode: String, heldOn: LocalDate, place: String, proposals: [Int], absent: [String] = [],
                            writtenOpinions: [String] = []) throws -> Int {
        try connection.query("SELECT awards.open_council_meeting($1, $2::date, $3, $4::bigint[], $5::text[], $6::text[]) AS id", [
            unitCode, heldOn.iso, VietnameseText.canonical(place), proposals.map(String.init), absent, writtenOpinions,
        ]).singleRow().decode("id", as: Int.self)
    }

    public func meeting(_ id: Int) throws -> CouncilMeetingSummary? {
        try meetings(where: "m.id = $1", [id]).first
    }

    public func meetings(unitCode: String? = nil) throws -> [CouncilMeetingSummary] {
        try meetings(where: "$1::text IS NULL OR u.code = $1", [unitCode])
    }

    private func meetings(where condition: String, _ parameters: [any PostgresBindable]) throws -> [CouncilMeetingSummary] {
        try connection.query("""
            SELECT m.id, u.code AS unit_code, c.name::text AS council_name, m.held_on::text, m.place::text AS place,
                   ARRAY(SELECT proposal_id FROM awards.council_meeting_proposals x WHERE x.meeting_id = m.id ORDER BY proposal_id)::text[] AS proposals,
                   (SELECT count(*) FROM awards.council_attendance a WHERE a.meeting_id = m.id)::integer AS voting,
                   (SELECT count(*) FROM awards.council_attendance a WHERE a.meeting_id = m.id AND a.presence = 'present')::integer AS present,
                   (SELECT count(*) FROM awards.council_attendance a WHERE a.meeting_id = m.id AND a.presence = 'absent_written')::integer AS written,
                   (SELECT count(*) FROM awards.ballot_receipts r WHERE r.meeting_id = m.id)::integer AS ballots,
                   m.counted_at, m.minutes_number, m.minutes_date::text
            FROM awards.council_meetings m
            JOIN awards.councils c ON c.id = m.council_id
            JOIN awards.units u ON u.id = c.unit_id
            WHERE \(condition)
            ORDER BY m.held_on, m.id
            """, parameters).rows.map {
            CouncilMeetingSummary(id: try $0.decode("id"), unitCode: try $0.decode("unit_code"), councilName: try $0.decode("council_name"),
                                  heldOn: try $0.decode("held_on"), place: try $0.decode("place"),
                                  proposalIDs: try $0.decode("proposals", as: [String?].self).compactMap { $0.flatMap(Int.init) },
                                  voting: try $0.decode("voting"), present: try $0.decode("present"),
                                  absentWritten: try $0.decode("written"), ballotsCast: try $0.decode("ballots"),
                                  countedAt: try $0.decode("counted_at"), minutesNumber: try $0.decode("minutes_number"),
                                  minutesDate: try $0.decode("minutes_date"))
        }
    }

    /// Who attended, and on how many lines each has voted (never how).
    public func attendance(_ meeting: Int) throws -> [CouncilAttendance] {
        try connection.query("""
            SELECT * FROM (
            SELECT p.login_role::text AS login, p.full_name::text AS full_name,
                   coalesce((SELECT s.position FROM awards.council_members s JOIN awards.council_meetings m ON m.id = a.meeting_id
                             WHERE s.council_id = m.council_id AND s.person_id = a.person_id AND s.valid_from <= m.held_on
                               AND (s.valid_to IS NULL OR s.valid_to >= m.held_on)), 'member') AS position,
                   a.presence,
                   (SELECT count(*) FROM awards.ballot_receipts r WHERE r.meeting_id = a.meeting_id AND r.person_id = a.person_id)::integer AS voted
            FROM awards.council_attendance a JOIN awards.people p ON p.id = a.person_id
            WHERE a.meeting_id = $1) t
            ORDER BY array_position(ARRAY['chair', 'vice_chair', 'secretary', 'member'], t.position), t.full_name
            """, [meeting]).rows.map {
            CouncilAttendance(login: try $0.decode("login"), fullName: try $0.decode("full_name"), position: try $0.decode("position"),
                              presence: try $0.decode("presence"), linesVoted: try $0.decode("voted"))
        }
    }

    /// The open lines of the meeting's proposals, each with its tally once the meeting is counted.
    public func lines(_ meeting: Int) throws -> [CouncilLine] {
        try connection.query("""
            SELECT l.proposal_id, l.line_no, n.nominee_name::text AS nominee_name, coalesce(r.proposed_award, l.award_code) AS award,
                   (SELECT count(*) FROM awards.council_recusals x WHERE x.meeting_id = mp.meeting_id
                      AND x.proposal_id = l.proposal_id AND x.line_no = l.line_no)::integer AS recusals,
                   r.ballots, r.agree, r.disagree, r.lower_votes, r.outcome, r.passed_award, r.rule_text
            FROM awards.council_meeting_proposals mp
            JOIN awards.proposal_lines l ON l.proposal_id = mp.proposal_id
            JOIN awards.nominations n ON n.id = l.nomination_id
            LEFT JOIN awards.council_results r ON r.meeting_id = mp.meeting_id AND r.proposal_id = l.proposal_id AND r.line_no = l.line_no
            WHERE mp.meeting_id = $1 AND (l.left_at IS NULL OR r.meeting_id IS NOT NULL)
            ORDER BY l.proposal_id, l.line_no
            """, [meeting]).rows.map { row in
            let outcome: String? = try row.decode("outcome")
            let result = try outcome.map { outcome in
                CouncilResult(ballots: try row.decode("ballots"), agree: try row.decode("agree"), disagree: try row.decode("disagree"),
                              lowerVotes: try row.decode("lower_votes", as: PostgresJSON.self).decode([String: Int].self),
                              outcome: outcome, passedAward: try row.decode("passed_award"), rule: try row.decode("rule_text"))
            }
            return CouncilLine(proposalID: try row.decode("proposal_id"), lineNo: try row.decode("line_no"),
                               nomineeName: try row.decode("nominee_name"), proposedAward: try row.decode("award"),
                               recusals: try row.decode("recusals"), result: result)
        }
    }

    public func recuse(meeting: Int, login: String, proposal: Int, line: Int, reason: String) throws {
        try connection.query("SELECT awards.recuse_council_member($1, $2, $3, $4, $5)", [meeting, login, proposal, line, reason])
    }

    /// The lines of the meeting the session's member may still vote on: not voted, not recused, not their own.
    public func linesOpenToMe(meeting: Int) throws -> [(proposal: Int, line: Int)] {
        try connection.query("SELECT proposal_id, line_no FROM awards.my_ballot_lines($1)", [meeting]).rows.map {
            (try $0.decode("proposal_id"), try $0.decode("line_no"))
        }
    }

    /// The session's own ballots, all or none; returns how many were cast.
    @discardableResult
    public func vote(meeting: Int, ballots: [Ballot]) throws -> Int {
        try connection.query("SELECT awards.cast_ballots($1, $2) AS n", [meeting, try PostgresJSON(encoding: ballots)])
            .singleRow().decode("n", as: Int.self)
    }

    /// Counts the ballots (kiểm phiếu) into the results, recorded in the minutes; returns the lines counted.
    @discardableResult
    public func count(meeting: Int, minutesNumber: String, minutesDate: LocalDate) throws -> Int {
        try connection.query("SELECT awards.count_council_ballots($1, $2, $3::date) AS n", [meeting, minutesNumber, minutesDate.iso])
            .singleRow().decode("n", as: Int.self)
    }
}
