import AwardsCore
import Foundation
import Postgres

/// What the standing agency found an objection to be (awards.posting_objection_findings.finding).
public enum ObjectionFinding: String, CaseIterable, Sendable, Codable {
    case upheld, unfounded
}

public struct PostingSummary: Sendable, Codable, Equatable {
    public var id: Int
    public var proposalID: Int
    public var proposalNumber: String?
    public var place: String
    public var postedOn: String
    public var endsOn: String
    public var workingDays: Int
    public var rule: String
    public var postedBy: String
    public var closedBy: String?
    public var lineCount: Int
    public var objectionCount: Int
}

public struct PostedLine: Sendable, Codable, Equatable {
    public var lineNo: Int
    public var nomineeName: String
    public var awardCode: String
}

public struct PostingObjection: Sendable, Codable, Equatable {
    public var id: Int
    public var lineNo: Int
    public var sender: String
    public var summary: String
    public var receivedOn: String
    public var finding: String?
    public var reason: String?
}

/// The public posting for the people's opinion (lấy ý kiến Nhân dân). Who may post, record and close is
/// the database's (awards.post_publicly and its neighbours in schema/0028).
public struct PostingStore {
    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    /// Posts the proposal's lines whose award needs it on that day; returns the posting's id and last day.
    public func post(proposal: Int, place: String, on day: LocalDate) throws -> (id: Int, endsOn: LocalDate) {
        let id = try connection.query("SELECT awards.post_publicly($1, $2, $3::date) AS id", [proposal, VietnameseText.canonical(place), day.iso])
            .singleRow().decode("id", as: Int.self)
        let endsOn: String = try connection.query("SELECT ends_on::text AS ends_on FROM awards.public_postings WHERE id = $1", [id])
            .singleRow().decode("ends_on")
        return (id, LocalDate(parsing: endsOn)!)
    }

    @discardableResult
    public func object(posting: Int, line: Int, sender: String, summary: String, receivedOn day: LocalDate) throws -> Int {
        try connection.query("SELECT awards.record_posting_objection($1, $2, $3, $4, $5::date) AS id",
                             [posting, line, VietnameseText.canonical(sender), VietnameseText.canonical(summary), day.iso])
            .singleRow().decode("id", as: Int.self)
    }

    public func find(objection: Int, _ finding: ObjectionFinding, reason: String) throws {
        try connection.query("SELECT awards.find_posting_objection($1, $2, $3)", [objection, finding.rawValue, VietnameseText.canonical(reason)])
    }

    public func close(_ posting: Int) throws {
        try connection.query("SELECT awards.close_public_posting($1)", [posting])
    }

    public func posting(_ id: Int) throws -> PostingSummary? {
        try summaries(where: "pp.id = $1", [id]).first
    }

    public func list(proposal: Int? = nil) throws -> [PostingSummary] {
        try summaries(where: "$1::bigint IS NULL OR pp.proposal_id = $1", [proposal])
    }

    private func summaries(where condition: String, _ parameters: [any PostgresBindable]) throws -> [PostingSummary] {
        try connection.query("""
            SELECT pp.id, pp.proposal_id, p.number, pp.place, pp.posted_on::text AS posted_on, pp.ends_on::text AS ends_on, pp.working_days,
                   pp.rule_text, pp.posted_by::text AS posted_by, pp.closed_by::text AS closed_by,
                   (SELECT count(*) FROM awards.public_posting_lines l WHERE l.posting_id = pp.id)::integer AS lines,
                   (SELECT count(*) FROM awards.posting_objections o WHERE o.posting_id = pp.id)::integer AS objections
            FROM awards.public_postings pp JOIN awards.proposals p ON p.id = pp.proposal_id
            WHERE \(condition)
            ORDER BY pp.id
            """, parameters).rows.map {
            PostingSummary(id: try $0.decode("id"), proposalID: try $0.decode("proposal_id"), proposalNumber: try $0.decode("number"),
                           place: try $0.decode("place"), postedOn: try $0.decode("posted_on"), endsOn: try $0.decode("ends_on"),
                           workingDays: try $0.decode("working_days"), rule: try $0.decode("rule_text"), postedBy: try $0.decode("posted_by"),
                           closedBy: try $0.decode("closed_by"), lineCount: try $0.decode("lines"), objectionCount: try $0.decode("objections"))
        }
    }

    public func lines(_ posting: Int) throws -> [PostedLine] {
        try connection.query("""
            SELECT pl.line_no, n.nominee_name::text AS nominee_name, pl.award_code
            FROM awards.public_posting_lines pl
            JOIN awards.proposal_lines l ON l.proposal_id = pl.proposal_id AND l.line_no = pl.line_no
            JOIN awards.nominations n ON n.id = l.nomination_id
            WHERE pl.posting_id = $1 ORDER BY pl.line_no
            """, [posting]).rows.map {
            PostedLine(lineNo: try $0.decode("line_no"), nomineeName: try $0.decode("nominee_name"), awardCode: try $0.decode("award_code"))
        }
    }

    public func objections(_ posting: Int) throws -> [PostingObjection] {
        try connection.query("""
            SELECT o.id, o.line_no, o.sender, o.summary, o.received_on::text AS received_on, f.finding, f.reason
            FROM awards.posting_objections o LEFT JOIN awards.posting_objection_findings f ON f.objection_id = o.id
            WHERE o.posting_id = $1 ORDER BY o.id
            """, [posting]).rows.map {
            PostingObjection(id: try $0.decode("id"), lineNo: try $0.decode("line_no"), sender: try $0.decode("sender"),
                             summary: try $0.decode("summary"), receivedOn: try $0.decode("received_on"),
                             finding: try $0.decode("finding"), reason: try $0.decode("reason"))
        }
    }
}
