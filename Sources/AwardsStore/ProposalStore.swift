import AwardsCore
import Foundation
import Postgres

/// Lines go to the database as a JSON array, in the keys awards.add_proposal_lines reads.
extension ProposalLineInput: Encodable {
    enum CodingKeys: String, CodingKey {
        case row, kind, name, birthDate = "birth_date", gender, occupation, unitCode = "unit", awardCode = "award"
        case periodFrom = "from", periodTo = "to", note
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rowNumber, forKey: .row)
        try container.encode(kind.rawValue, forKey: .kind)
        try container.encode(VietnameseText.canonical(name), forKey: .name)
        try container.encodeIfPresent(birthDate?.iso, forKey: .birthDate)
        try container.encodeIfPresent(gender?.rawValue, forKey: .gender)
        try container.encode(occupation.rawValue, forKey: .occupation)
        try container.encode(unitCode, forKey: .unitCode)
        try container.encode(awardCode, forKey: .awardCode)
        try container.encode(periodFrom.iso, forKey: .periodFrom)
        try container.encode(periodTo.iso, forKey: .periodTo)
        try container.encodeIfPresent(note, forKey: .note)
    }
}

/// What the database finds wrong with one row (awards.proposal_line_problems): `problem` is its fixed
/// English phrase, `detail` the value concerned.
public struct ProposalLineProblem: Sendable, Equatable, Codable {
    public var row: Int
    public var field: String
    public var problem: String
    public var detail: String?

    public init(row: Int, field: String, problem: String, detail: String?) {
        self.row = row
        self.field = field
        self.problem = problem
        self.detail = detail
    }
}

public struct ProposalSummary: Sendable, Codable, Equatable {
    public var id: Int
    public var unitCode: String
    public var addresseeCode: String
    public var round: String
    public var year: Int
    public var movementCode: String?
    public var title: String
    public var number: String?
    public var proposalDate: String?
    public var state: String
    public var lineCount: Int
    public var definitionVersion: String
    public var createdAt: Date
}

public struct ProposalLine: Sendable, Codable, Equatable {
    public var lineNo: Int
    public var nominationID: Int
    public var nomineeKind: String
    public var nomineeName: String
    public var unitCode: String
    public var awardCode: String
    public var achievementFrom: String
    public var achievementTo: String
    public var sheetRow: Int?
    public var nominationState: String
    public var hasLeft: Bool
}

public struct ProposalHistoryRecord: Sendable, Codable, Equatable {
    public var seq: Int
    public var event: String
    public var fromState: String?
    public var toState: String
    public var login: String
    public var actingRole: String
    public var at: Date
    public var note: String?
    public var fields: [String: String]
    public var linesMoved: Int
}

/// A line a decision decides otherwise than proposed: a lower award (hạ mức), or left out.
public struct DecisionChange: Sendable, Encodable, Equatable {
    public var proposal: Int
    public var line: Int
    public var award: String?
    public var leaveOut: Bool
    public var reason: String?

    public init(proposal: Int, line: Int, award: String? = nil, leaveOut: Bool = false, reason: String? = nil) {
        self.proposal = proposal
        self.line = line
        self.award = award
        self.leaveOut = leaveOut
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case proposal, line, award, leaveOut = "leave_out", reason }
}

public struct DecisionSummary: Sendable, Codable, Equatable {
    public var id: Int
    public var number: String
    public var decisionDate: String
    public var issuingUnitCode: String
    /// The issuer's name as it was when the decision was made, with what the unit is now if it was succeeded.
    public var issuingUnitName: String
    public var signerLogin: String
    public var signerName: String
    public var authorityLevel: String
    public var legalBases: [String]
    public var catalogueVersion: String
    public var lineCount: Int
    public var totalDong: Int
    public var proposalIDs: [Int]
    public var signedAt: Date
}

public struct DecisionLine: Sendable, Codable, Equatable {
    public var lineNo: Int
    public var nominationID: Int
    public var proposalID: Int
    public var proposalLineNo: Int
    public var nomineeKind: String
    public var nomineeName: String
    public var unitCode: String
    /// The unit's name as on the decision, with what it is now if it was succeeded.
    public var unitName: String
    public var proposedAward: String
    public var grantedAward: String
    public var achievementFrom: String
    public var achievementTo: String
    /// Ten-thousandths of the base salary.
    public var rewardMultiple: Int
    public var baseSalary: Int
    public var moneyDong: Int
    public var legalBasis: String
    public var revoked: Bool
    public var recoverDong: Int?
    public var revocationReason: String?
}

public struct LedgerEntry: Sendable, Codable, Equatable {
    public var decisionNumber: String
    public var decisionDate: String
    public var issuingUnitCode: String
    public var unitCode: String
    public var lineNo: Int
    public var nomineeKind: String
    public var nomineeName: String
    public var awardCode: String
    public var awardName: String
    public var moneyDong: Int
    public var revoked: Bool
    public var recoverDong: Int
}

/// The ledger's sum for one award: how many lines, what they paid, what revocations recover.
public struct LedgerTotal: Sendable, Codable, Equatable {
    public var award: String
    public var name: String
    public var lines: Int
    public var dong: Int
    public var recoverDong: Int
}

extension [LedgerEntry] {
    /// Totals by award, in code order.
    public var totalsByAward: [LedgerTotal] {
        var totals: [String: LedgerTotal] = [:]
        for entry in self {
            totals[entry.awardCode, default: LedgerTotal(award: entry.awardCode, name: entry.awardName, lines: 0, dong: 0, recoverDong: 0)]
                .lines += 1
            totals[entry.awardCode]!.dong += entry.moneyDong
            totals[entry.awardCode]!.recoverDong += entry.recoverDong
        }
        return totals.values.sorted { $0.award < $1.award }
    }
}

/// How a proposal's line was judged when it was added: for its award, the proposal's year, on that day.
public struct LineEligibility: Sendable, Equatable {
    public var line: Int
    public var nomineeName: String
    public var awardCode: String
    public var year: Int
    public var judgedOn: String
    public var catalogueVersion: String?
    public var qualifies: Bool
    /// Rules that refuse and do not hold.
    public var failing: Int
    public var findings: [EligibilityFinding]

    /// A rule failed: one that refuses (the line will not be decided as it is) or one that only warns.
    public var needsAttention: Bool { findings.contains { $0.parent == nil && !$0.passed } }
}

/// Proposals and decisions through the database's checked path: the awards.* functions are the only
/// writers, reads go through row-level security.
public struct ProposalStore {
    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    public func create(unitCode: String, addresseeCode: String, round: ProposalRound, year: Int, title: String,
                       movementCode: String?) throws -> Int {
        try connection.query("SELECT awards.create_proposal($1, $2, $3, $4, $5, $6) AS id", [
            unitCode, addresseeCode, round.rawValue, year, VietnameseText.canonical(title), movementCode,
        ]).singleRow().decode("id", as: Int.self)
    }

    /// Every problem the database finds with these lines, without adding any.
    public func problems(proposal: Int, lines: [ProposalLineInput]) throws -> [ProposalLineProblem] {
        try connection.query("SELECT \"row\", field, problem, detail FROM awards.proposal_line_problems($1, $2)", [
            proposal, try PostgresJSON(encoding: lines),
        ]).rows.map {
            ProposalLineProblem(row: try $0.decode("row"), field: try $0.decode("field"), problem: try $0.decode("problem"),
                                detail: try $0.decode("detail"))
        }
    }

    /// All the lines or none; returns how many were added.
    @discardableResult
    public func add(proposal: Int, lines: [ProposalLineInput]) throws -> Int {
        try connection.query("SELECT awards.add_proposal_lines($1, $2) AS n", [proposal, try PostgresJSON(encoding: lines)])
            .singleRow().decode("n", as: Int.self)
    }

    /// The verdicts kept when lines were added (awards.line_eligibility, 0035): of the `last` lines added
    /// to the proposal, or of all of them, in line order.
    public func eligibility(proposal: Int, last: Int? = nil) throws -> [LineEligibility] {
        try connection.query("""
            SELECT e.line_no, e.nominee_name, e.award_code, e.year, e.judged_on::text AS judged_on, e.catalogue_version,
                   e.qualifies, e.failing, e.findings::text AS findings
            FROM awards.line_eligibility e
            -- Lines are numbered on from the last, so the last n added are those above the highest less n:
            -- one range of the key, whatever the statistics know of the proposal's new lines.
            WHERE e.proposal_id = $1
              AND e.line_no > coalesce((SELECT max(x.line_no) FROM awards.line_eligibility x WHERE x.proposal_id = $1) - $2::integer, 0)
            ORDER BY e.line_no
            """, [proposal, last]).rows.map { row in
            LineEligibility(line: try row.decode("line_no"), nomineeName: try row.decode("nominee_name"), awardCode: try row.decode("award_code"),
                            year: try row.decode("year"), judgedOn: try row.decode("judged_on"), catalogueVersion: try row.decode("catalogue_version"),
                            qualifies: try row.decode("qualifies"), failing: try row.decode("failing"),
                            findings: try JSONDecoder().decode([EligibilityFinding].self, from: Data(try row.decode("findings", as: String.self).utf8)))
        }
    }

    public func removeLine(proposal: Int, line: Int, reason: String) throws {
        try connection.query("SELECT awards.remove_proposal_line($1, $2, $3)", [proposal, line, reason])
    }

    @discardableResult
    public func advance(_ id: Int, event: String, fields: [String: String], expectedState: String? = nil) throws -> String {
        try connection.query("SELECT awards.advance_proposal($1, $2, $3, $4) AS state", [
            id, event, try PostgresJSON(encoding: fields), expectedState,
        ]).singleRow().decode("state", as: String.self)
    }

    public func find(_ id: Int) throws -> ProposalSummary? {
        try summaries(where: "p.id = $1", [id]).first
    }

    public func list(unitCode: String? = nil, year: Int? = nil, state: String? = nil) throws -> [ProposalSummary] {
        try summaries(where: """
            ($1::text IS NULL OR p.unit_id IN (SELECT awards.unit_subtree((SELECT id FROM awards.units WHERE code = $1))))
            AND ($2::integer IS NULL OR p.year = $2) AND ($3::text IS NULL OR p.state = $3)
            """, [unitCode, year, state])
    }

    private func summaries(where condition: String, _ parameters: [any PostgresBindable]) throws -> [ProposalSummary] {
        try connection.query("""
            SELECT p.id, u.code AS unit_code, a.code AS addressee_code, p.round, p.year, m.code AS movement_code, p.title,
                   p.number, p.proposal_date::text, p.state, p.definition_version, p.created_at,
                   (SELECT count(*) FROM awards.proposal_lines l WHERE l.proposal_id = p.id AND l.left_at IS NULL)::integer AS line_count
            FROM awards.proposals p
            JOIN awards.units u ON u.id = p.unit_id
            JOIN awards.units a ON a.id = p.addressee_unit_id
            LEFT JOIN awards.movements m ON m.id = p.movement_id
            WHERE \(condition)
            ORDER BY p.id
            """, parameters).rows.map {
            ProposalSummary(id: try $0.decode("id"), unitCode: try $0.decode("unit_code"), addresseeCode: try $0.decode("addressee_code"),
                            round: try $0.decode("round"), year: try $0.decode("year"), movementCode: try $0.decode("movement_code"),
                            title: try $0.decode("title"), number: try $0.decode("number"), proposalDate: try $0.decode("proposal_date"),
                            state: try $0.decode("state"), lineCount: try $0.decode("line_count"),
                            definitionVersion: try $0.decode("definition_version"), createdAt: try $0.decode("created_at"))
        }
    }

    /// The lines, open ones and those that left, in order.
    public func lines(_ id: Int) throws -> [ProposalLine] {
        try connection.query("""
            SELECT l.line_no, l.nomination_id, n.nominee_kind, n.nominee_name, u.code AS unit_code, l.award_code,
                   l.achievement_from::text, l.achievement_to::text, l.sheet_row, n.state, l.left_at IS NOT NULL AS has_left
            FROM awards.proposal_lines l
            JOIN awards.nominations n ON n.id = l.nomination_id
            JOIN awards.units u ON u.id = n.unit_id
            WHERE l.proposal_id = $1 ORDER BY l.line_no
            """, [id]).rows.map {
            ProposalLine(lineNo: try $0.decode("line_no"), nominationID: try $0.decode("nomination_id"),
                         nomineeKind: try $0.decode("nominee_kind"), nomineeName: try $0.decode("nominee_name"),
                         unitCode: try $0.decode("unit_code"), awardCode: try $0.decode("award_code"),
                         achievementFrom: try $0.decode("achievement_from"), achievementTo: try $0.decode("achievement_to"),
                         sheetRow: try $0.decode("sheet_row"), nominationState: try $0.decode("state"), hasLeft: try $0.decode("has_left"))
        }
    }

    public func history(_ id: Int) throws -> [ProposalHistoryRecord] {
        try connection.query("""
            SELECT seq, event, from_state, to_state, session_role::text AS login, acting_role, at, note, fields, lines_moved
            FROM awards.proposal_history WHERE proposal_id = $1 ORDER BY seq
            """, [id]).rows.map {
            let fields = try $0.decode("fields", as: PostgresJSON.self).decode([String: JSONScalar].self).mapValues(\.text)
            return ProposalHistoryRecord(seq: try $0.decode("seq"), event: try $0.decode("event"), fromState: try $0.decode("from_state"),
                                         toState: try $0.decode("to_state"), login: try $0.decode("login"),
                                         actingRole: try $0.decode("acting_role"), at: try $0.decode("at"), note: try $0.decode("note"),
                                         fields: fields, linesMoved: try $0.decode("lines_moved"))
        }
    }

    // MARK: Decisions

    /// Signs the decision; returns its id.
    public func sign(number: String, date: LocalDate, proposals: [Int], changes: [DecisionChange] = [],
                     legalBases: [String] = []) throws -> Int {
        try connection.query("SELECT awards.sign_decision($1, $2::date, $3::bigint[], $4, $5) AS id", [
            number, date.iso, proposals.map(String.init), try PostgresJSON(encoding: changes), legalBases,
        ]).singleRow().decode("id", as: Int.self)
    }

    public func revoke(decision: Int, line: Int, reason: String, recoverDong: Int, revokingNumber: String, revokingDate: LocalDate) throws {
        try connection.query("SELECT awards.revoke_decision_line($1, $2, $3, $4, $5, $6::date)", [
            decision, line, reason, recoverDong, revokingNumber, revokingDate.iso,
        ])
    }

    public func decision(_ id: Int) throws -> DecisionSummary? {
        try decisions(where: "d.id = $1", [id]).first
    }

    public func decisions(year: Int? = nil) throws -> [DecisionSummary] {
        try decisions(where: "$1::integer IS NULL OR d.year = $1", [year])
    }

    private func decisions(where condition: String, _ parameters: [any PostgresBindable]) throws -> [DecisionSummary] {
        try connection.query("""
            SELECT d.id, d.number, d.decision_date::text, u.code AS unit_code, awards.unit_label(u.id) AS unit_name, d.signer_login::text AS signer_login,
                   coalesce(p.full_name, d.signer_login::text) AS signer_name, d.authority_level, d.legal_bases, d.catalogue_version,
                   d.line_count, d.total_dong, d.signed_at,
                   ARRAY(SELECT proposal_id FROM awards.decision_proposals x WHERE x.decision_id = d.id ORDER BY proposal_id)::text[] AS proposals
            FROM awards.decisions d
            JOIN awards.units u ON u.id = d.issuing_unit_id
            LEFT JOIN awards.people p ON p.id = d.signer_id
            WHERE \(condition)
            ORDER BY d.decision_date, d.id
            """, parameters).rows.map {
            DecisionSummary(id: try $0.decode("id"), number: try $0.decode("number"), decisionDate: try $0.decode("decision_date"),
                            issuingUnitCode: try $0.decode("unit_code"), issuingUnitName: try $0.decode("unit_name"), signerLogin: try $0.decode("signer_login"),
                            signerName: try $0.decode("signer_name"), authorityLevel: try $0.decode("authority_level"),
                            legalBases: try $0.decode("legal_bases", as: [String?].self).compactMap { $0 },
                            catalogueVersion: try $0.decode("catalogue_version"), lineCount: try $0.decode("line_count"),
                            totalDong: try $0.decode("total_dong"),
                            proposalIDs: try $0.decode("proposals", as: [String?].self).compactMap { $0.flatMap(Int.init) }, signedAt: try $0.decode("signed_at"))
        }
    }

    public func decisionLines(_ id: Int) throws -> [DecisionLine] {
        try connection.query("""
            SELECT l.line_no, l.nomination_id, l.proposal_id, l.proposal_line_no, l.nominee_kind, l.nominee_name, u.code AS unit_code,
                   awards.unit_label(u.id) AS unit_name, l.proposed_award, l.granted_award, l.achievement_from::text, l.achievement_to::text, l.reward_multiple,
                   l.base_salary, l.money_dong, l.legal_basis, l.revoked, r.recover_dong, r.reason
            FROM awards.decision_lines l
            JOIN awards.units u ON u.id = l.unit_id
            LEFT JOIN awards.revocations r ON r.decision_id = l.decision_id AND r.line_no = l.line_no
            WHERE l.decision_id = $1 ORDER BY l.line_no
            """, [id]).rows.map {
            DecisionLine(lineNo: try $0.decode("line_no"), nominationID: try $0.decode("nomination_id"),
                         proposalID: try $0.decode("proposal_id"), proposalLineNo: try $0.decode("proposal_line_no"),
                         nomineeKind: try $0.decode("nominee_kind"), nomineeName: try $0.decode("nominee_name"),
                         unitCode: try $0.decode("unit_code"), unitName: try $0.decode("unit_name"), proposedAward: try $0.decode("proposed_award"),
                         grantedAward: try $0.decode("granted_award"), achievementFrom: try $0.decode("achievement_from"),
                         achievementTo: try $0.decode("achievement_to"), rewardMultiple: try $0.decode("reward_multiple"),
                         baseSalary: try $0.decode("base_salary"), moneyDong: try $0.decode("money_dong"),
                         legalBasis: try $0.decode("legal_basis"), revoked: try $0.decode("revoked"),
                         recoverDong: try $0.decode("recover_dong"), revocationReason: try $0.decode("reason"))
        }
    }

    /// The reward-money ledger of a year: every decided line the reader may see, in the units under
    /// `unitCode` when given.
    public func ledger(year: Int, unitCode: String? = nil) throws -> [LedgerEntry] {
        try connection.query("""
            SELECT decision_number, decision_date::text, issuing_unit, unit, line_no, nominee_kind, nominee_name, granted_award,
                   award_name, money_dong, revoked, recover_dong
            FROM awards.reward_ledger
            WHERE year = $1 AND ($2::text IS NULL OR unit IN (SELECT u.code FROM awards.units u
                                 WHERE u.id IN (SELECT awards.unit_subtree((SELECT id FROM awards.units WHERE code = $2)))))
            ORDER BY decision_date, decision_id, line_no
            """, [year, unitCode]).rows.map {
            LedgerEntry(decisionNumber: try $0.decode("decision_number"), decisionDate: try $0.decode("decision_date"),
                        issuingUnitCode: try $0.decode("issuing_unit"), unitCode: try $0.decode("unit"), lineNo: try $0.decode("line_no"),
                        nomineeKind: try $0.decode("nominee_kind"), nomineeName: try $0.decode("nominee_name"),
                        awardCode: try $0.decode("granted_award"), awardName: try $0.decode("award_name"),
                        moneyDong: try $0.decode("money_dong"), revoked: try $0.decode("revoked"), recoverDong: try $0.decode("recover_dong"))
        }
    }

    /// What the database computes an award to pay, for the agreement test and `awards catalog`.
    public func rewardMoney(award: String, kind: NomineeKind, on date: LocalDate) throws -> (dong: Int, multiple: Int, baseSalary: Int)? {
        try connection.query("SELECT dong, multiple, base_salary FROM awards.reward_money($1, $2, $3::date)", [award, kind.rawValue, date.iso])
            .first.map { (try $0.decode("dong"), try $0.decode("multiple"), try $0.decode("base_salary")) }
    }
}

/// A JSON value of a history's fields, as text: the decision id a decision's move records is a number.
private enum JSONScalar: Decodable {
    case text(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) { self = .text(text) }
        else if let number = try? container.decode(Int.self) { self = .text(String(number)) }
        else if let flag = try? container.decode(Bool.self) { self = .text(String(flag)) }
        else { self = .text("") }
    }

    var text: String {
        switch self { case .text(let text): text }
    }
}
