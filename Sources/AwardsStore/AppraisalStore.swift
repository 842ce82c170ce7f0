import AwardsCore
import Foundation
import Postgres

/// The standing agency's judgement of a proposal's line (awards.appraisal_verdicts.verdict).
public enum AppraisalVerdict: String, CaseIterable, Sendable, Codable {
    case eligible
    case notEligible = "not_eligible"
    case moreDocuments = "more_documents"
}

public struct AppraisalSummary: Sendable, Codable, Equatable {
    public var id: Int
    public var proposalID: Int
    public var proposalNumber: String?
    public var proposalTitle: String
    public var agencyCode: String
    public var receivedBy: String
    public var receivedAt: Date
    public var specialist: String?
    public var dueOn: String?
    public var outcome: String?
    public var reason: String?
    public var resultNumber: String?
    public var resultDate: String?
}

/// A line of the appraised proposal with its latest verdict, if judged.
public struct AppraisedLine: Sendable, Codable, Equatable {
    public var lineNo: Int
    public var nomineeName: String
    public var awardCode: String
    public var needsAppraisal: Bool
    public var verdict: String?
    public var reason: String?
    public var judgedBy: String?
}

/// The standing agency's appraisal (thẩm định). Who may do what, on which proposal, is the database's.
public struct AppraisalStore {
    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    /// Receives a submitted proposal for appraisal; returns the appraisal's id.
    @discardableResult
    public func receive(proposal: Int) throws -> Int {
        try connection.query("SELECT awards.receive_for_appraisal($1) AS id", [proposal]).singleRow().decode("id", as: Int.self)
    }

    /// Assigns the specialist; returns the deadline.
    @discardableResult
    public func assign(_ appraisal: Int, specialist: String, workingDays: Int? = nil) throws -> LocalDate {
        let due: String = try connection.query("SELECT awards.assign_appraisal($1, $2, $3)::text AS due", [appraisal, specialist, workingDays])
            .singleRow().decode("due")
        return LocalDate(parsing: due)!
    }

    public func judge(_ appraisal: Int, line: Int, verdict: AppraisalVerdict, reason: String?) throws {
        try connection.query("SELECT awards.judge_appraisal_line($1, $2, $3, $4)", [appraisal, line, verdict.rawValue, reason.map(VietnameseText.canonical)])
    }

    public func returnForDocuments(_ appraisal: Int, reason: String) throws {
        try connection.query("SELECT awards.return_appraisal($1, $2)", [appraisal, VietnameseText.canonical(reason)])
    }

    public func submit(_ appraisal: Int, resultNumber: String, date: LocalDate) throws {
        try connection.query("SELECT awards.submit_appraisal($1, $2, $3::date)", [appraisal, resultNumber, date.iso])
    }

    public func find(_ id: Int) throws -> AppraisalSummary? {
        try summaries(where: "a.id = $1", [id]).first
    }

    public func list(openOnly: Bool = false) throws -> [AppraisalSummary] {
        try summaries(where: "NOT $1 OR a.outcome IS NULL", [openOnly])
    }

    private func summaries(where condition: String, _ parameters: [any PostgresBindable]) throws -> [AppraisalSummary] {
        try connection.query("""
            SELECT a.id, a.proposal_id, p.number, p.title::text AS title, u.code AS agency, a.received_by::text AS received_by, a.received_at,
                   s.login_role::text AS specialist, a.due_on::text, a.outcome, a.reason, a.result_number, a.result_date::text
            FROM awards.appraisals a
            JOIN awards.proposals p ON p.id = a.proposal_id
            JOIN awards.units u ON u.id = a.agency_unit_id
            LEFT JOIN awards.people s ON s.id = a.specialist_id
            WHERE \(condition)
            ORDER BY a.id
            """, parameters).rows.map {
            AppraisalSummary(id: try $0.decode("id"), proposalID: try $0.decode("proposal_id"), proposalNumber: try $0.decode("number"),
                             proposalTitle: try $0.decode("title"), agencyCode: try $0.decode("agency"),
                             receivedBy: try $0.decode("received_by"), receivedAt: try $0.decode("received_at"),
                             specialist: try $0.decode("specialist"), dueOn: try $0.decode("due_on"), outcome: try $0.decode("outcome"),
                             reason: try $0.decode("reason"), resultNumber: try $0.decode("result_number"), resultDate: try $0.decode("result_date"))
        }
    }

    /// The proposal's open lines, each with its latest verdict in this appraisal.
    public func lines(_ appraisal: Int) throws -> [AppraisedLine] {
        try connection.query("""
            SELECT l.line_no, n.nominee_name::text AS nominee_name, l.award_code,
                   (awards.appraisal_rule(l.award_code, (a.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)).award_code IS NOT NULL AS needs,
                   v.verdict, v.reason, v.judged_by::text AS judged_by
            FROM awards.appraisals a
            JOIN awards.proposal_lines l ON l.proposal_id = a.proposal_id AND l.left_at IS NULL
            JOIN awards.nominations n ON n.id = l.nomination_id
            LEFT JOIN LATERAL (SELECT verdict, reason, judged_by FROM awards.appraisal_verdicts x
                               WHERE x.appraisal_id = a.id AND x.line_no = l.line_no ORDER BY seq DESC LIMIT 1) v ON true
            WHERE a.id = $1
            ORDER BY l.line_no
            """, [appraisal]).rows.map {
            AppraisedLine(lineNo: try $0.decode("line_no"), nomineeName: try $0.decode("nominee_name"), awardCode: try $0.decode("award_code"),
                          needsAppraisal: try $0.decode("needs"), verdict: try $0.decode("verdict"), reason: try $0.decode("reason"),
                          judgedBy: try $0.decode("judged_by"))
        }
    }
}
