import AwardsCore
import Foundation
import Postgres

public struct NomineeSummary: Sendable, Codable, Equatable {
    public var id: Int
    public var kind: String
    public var fullName: String
    public var birthDate: String?
    public var gender: String?
    public var ethnicity: String?
    public var occupation: String
    /// The unit it belongs to now (or last), by code.
    public var unitCode: String?
    public var unitName: String?
}

public struct NomineeSpan: Sendable, Codable, Equatable {
    public var unitCode: String
    public var unitName: String
    public var from: String
    public var to: String?
}

/// One decided award of a nominee (awards.award_history).
public struct HistoryEntry: Sendable, Codable, Equatable {
    public var awardCode: String
    public var year: Int
    public var decisionNumber: String
    public var decisionDate: String
    public var issuer: String
    public var revoked: Bool
    /// `decision` (made here) or `imported`.
    public var source: String
}

public struct InitiativeRecord: Sendable, Codable, Equatable {
    public var id: Int
    public var kind: String
    public var title: String
    public var scope: String
    public var recognisedBy: String
    public var document: String
    public var recognisedOn: String
}

public struct BlockRecord: Sendable, Codable, Equatable {
    public var id: Int
    public var kind: String
    public var from: String
    public var to: String?
    public var note: String
}

/// A nominee's whole record, for `awards history`.
public struct NomineeRecord: Sendable, Codable, Equatable {
    public var nominee: NomineeSummary
    public var units: [NomineeSpan]
    public var awards: [HistoryEntry]
    /// The latest rating of each year.
    public var ratings: [Int: String]
    public var initiatives: [InitiativeRecord]
    public var blocks: [BlockRecord]
    public var collectiveSizes: [Int: Int]
}

extension PastAwardInput {
    var json: [String: Any] {
        var object: [String: Any] = ["row": row, "kind": kind.rawValue, "name": VietnameseText.canonical(name), "unit": unit, "award": award,
                                     "year": year, "decision_number": decisionNumber, "decision_date": decisionDate.iso,
                                     "issuer": VietnameseText.canonical(issuer)]
        object["birth_date"] = birthDate?.iso
        object["gender"] = gender?.rawValue
        object["revoked_number"] = revokedNumber
        object["revoked_date"] = revokedDate?.iso
        return object
    }
}

public struct HistoryRowProblem: Sendable, Equatable, CustomStringConvertible {
    public var row: Int
    public var field: String
    public var problem: String
    public var description: String { "row \(row), \(field): \(problem)" }
}

/// One rule's judgement of a nominee for an award (a row of awards.eligibility).
public struct EligibilityFinding: Sendable, Codable, Equatable {
    public var rule: Int
    public var parent: Int?
    public var kind: String
    public var passed: Bool
    public var severity: String
    /// What the rule saw, as awards.eligibility states it (per kind: have/missing years, initiatives found, blocks…).
    public var facts: [String: JSONValue]
    public var document: String
    public var article: String?
    public var confidence: String
}

/// Whether a nominee qualifies for an award, and every finding behind it.
public struct EligibilityVerdict: Sendable, Codable, Equatable {
    public var nomineeID: Int
    public var fullName: String
    public var kind: String
    public var unitCode: String
    public var awardCode: String
    public var qualifies: Bool
    /// How many rules that refuse do not hold.
    public var failing: Int
    public var findings: [EligibilityFinding]
}

/// Nominees, their history and the facts eligibility is judged from. Who may read and record what is
/// the database's (schema/0030, 0031); eligibility is judged by awards.eligibility alone.
public struct NomineeStore {
    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    /// `cu`: the unit the nominee `n` belongs to now, or last did.
    private static let currentUnit = """
        LEFT JOIN LATERAL (SELECT un.code, un.name FROM awards.nominee_units s JOIN awards.units un ON un.id = s.unit_id
                           WHERE s.nominee_id = n.id ORDER BY s.valid_from DESC LIMIT 1) cu ON true
        """

    @discardableResult
    public func register(kind: NomineeKind, name: String, birthDate: LocalDate?, gender: Gender?, ethnicity: String?, occupation: Occupation,
                         unitCode: String, from: LocalDate) throws -> Int {
        try connection.query("SELECT awards.register_nominee($1, $2, $3::date, $4, $5, $6, $7, $8::date) AS id",
                             [kind.rawValue, VietnameseText.canonical(name), birthDate?.iso, gender?.rawValue, ethnicity.map(VietnameseText.canonical),
                              occupation.rawValue, unitCode, from.iso]).singleRow().decode("id", as: Int.self)
    }

    public func move(_ nominee: Int, toUnit unitCode: String, from: LocalDate) throws {
        try connection.query("SELECT awards.move_nominee($1, $2, $3::date)", [nominee, unitCode, from.iso])
    }

    public func rate(_ nominee: Int, year: Int, _ rating: PerformanceRating) throws {
        try connection.query("SELECT awards.rate_nominee($1, $2, $3)", [nominee, year, rating.rawValue])
    }

    @discardableResult
    public func recordInitiative(_ nominee: Int, kind: InitiativeKind, title: String, scope: InitiativeScope, recognisedBy: String,
                                 document: String, on day: LocalDate) throws -> Int {
        try connection.query("SELECT awards.record_initiative($1, $2, $3, $4, $5, $6, $7::date) AS id",
                             [nominee, kind.rawValue, VietnameseText.canonical(title), scope.rawValue, VietnameseText.canonical(recognisedBy),
                              document, day.iso]).singleRow().decode("id", as: Int.self)
    }

    @discardableResult
    public func recordBlock(_ nominee: Int, kind: BlockKind, from: LocalDate, note: String) throws -> Int {
        try connection.query("SELECT awards.record_block($1, $2, $3::date, $4) AS id", [nominee, kind.rawValue, from.iso, VietnameseText.canonical(note)])
            .singleRow().decode("id", as: Int.self)
    }

    public func endBlock(_ block: Int, on day: LocalDate) throws {
        try connection.query("SELECT awards.end_block($1, $2::date)", [block, day.iso])
    }

    public func recordCollectiveSize(_ nominee: Int, year: Int, members: Int) throws {
        try connection.query("SELECT awards.record_collective_size($1, $2, $3)", [nominee, year, members])
    }

    private static func json(_ rows: [PastAwardInput]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: rows.map(\.json), options: [.sortedKeys]), as: UTF8.self)
    }

    /// Every problem the database finds in the rows (unknown award or unit, a decision twice…), writing nothing.
    public func problems(_ rows: [PastAwardInput]) throws -> [HistoryRowProblem] {
        try connection.query("SELECT \"row\", field, problem FROM awards.award_history_problems($1::jsonb)", [try Self.json(rows)]).rows.map {
            HistoryRowProblem(row: try $0.decode("row"), field: try $0.decode("field"), problem: try $0.decode("problem"))
        }
    }

    /// Imports the rows, all or none; returns how many awards were recorded.
    @discardableResult
    public func importHistory(_ rows: [PastAwardInput]) throws -> Int {
        try connection.query("SELECT awards.import_award_history($1::jsonb) AS n", [try Self.json(rows)]).singleRow().decode("n", as: Int.self)
    }

    /// The nominees whose name matches, with or without diacritics (awards.search_key), that the caller may see.
    public func search(_ text: String, limit: Int = 50) throws -> [NomineeSummary] {
        try summaries(where: "n.search_key LIKE '%' || awards.search_key($1) || '%'", [text], limit: limit)
    }

    public func nominee(_ id: Int) throws -> NomineeSummary? {
        try summaries(where: "n.id = $1", [id], limit: 1).first
    }

    private func summaries(where condition: String, _ parameters: [any PostgresBindable], limit: Int) throws -> [NomineeSummary] {
        try connection.query("""
            SELECT n.id, n.kind, n.full_name::text AS full_name, n.birth_date::text AS birth_date, n.gender, n.ethnicity, n.occupation,
                   cu.code AS unit_code, cu.name::text AS unit_name
            FROM awards.nominees n
            \(Self.currentUnit)
            WHERE \(condition)
            ORDER BY n.search_key, n.id
            LIMIT \(limit)
            """, parameters).rows.map {
            NomineeSummary(id: try $0.decode("id"), kind: try $0.decode("kind"), fullName: try $0.decode("full_name"),
                           birthDate: try $0.decode("birth_date"), gender: try $0.decode("gender"), ethnicity: try $0.decode("ethnicity"),
                           occupation: try $0.decode("occupation"), unitCode: try $0.decode("unit_code"), unitName: try $0.decode("unit_name"))
        }
    }

    /// Everything recorded about a nominee the caller may see; nil otherwise.
    public func record(_ id: Int) throws -> NomineeRecord? {
        guard let nominee = try nominee(id) else { return nil }
        let units = try connection.query("""
            SELECT u.code, u.name::text AS name, s.valid_from::text AS valid_from, s.valid_to::text AS valid_to
            FROM awards.nominee_units s JOIN awards.units u ON u.id = s.unit_id WHERE s.nominee_id = $1 ORDER BY s.valid_from
            """, [id]).rows.map {
            NomineeSpan(unitCode: try $0.decode("code"), unitName: try $0.decode("name"), from: try $0.decode("valid_from"), to: try $0.decode("valid_to"))
        }
        let awards = try connection.query("""
            SELECT award_code, year, decision_number, decision_date::text AS decision_date, issuer, revoked, source
            FROM awards.award_history WHERE nominee_id = $1 ORDER BY year, decision_date, award_code
            """, [id]).rows.map {
            HistoryEntry(awardCode: try $0.decode("award_code"), year: try $0.decode("year"), decisionNumber: try $0.decode("decision_number"),
                         decisionDate: try $0.decode("decision_date"), issuer: try $0.decode("issuer"), revoked: try $0.decode("revoked"),
                         source: try $0.decode("source"))
        }
        var ratings: [Int: String] = [:]
        for row in try connection.query("""
            SELECT DISTINCT ON (year) year, rating FROM awards.performance_ratings WHERE nominee_id = $1 ORDER BY year, seq DESC
            """, [id]).rows {
            ratings[try row.decode("year")] = try row.decode("rating")
        }
        let initiatives = try connection.query("""
            SELECT id, kind, title, scope, recognised_by, document, recognised_on::text AS recognised_on
            FROM awards.initiatives WHERE nominee_id = $1 ORDER BY recognised_on, id
            """, [id]).rows.map {
            InitiativeRecord(id: try $0.decode("id"), kind: try $0.decode("kind"), title: try $0.decode("title"), scope: try $0.decode("scope"),
                             recognisedBy: try $0.decode("recognised_by"), document: try $0.decode("document"), recognisedOn: try $0.decode("recognised_on"))
        }
        let blocks = try connection.query("""
            SELECT id, kind, from_date::text AS from_date, to_date::text AS to_date, note FROM awards.nominee_blocks WHERE nominee_id = $1 ORDER BY from_date, id
            """, [id]).rows.map {
            BlockRecord(id: try $0.decode("id"), kind: try $0.decode("kind"), from: try $0.decode("from_date"), to: try $0.decode("to_date"),
                        note: try $0.decode("note"))
        }
        var sizes: [Int: Int] = [:]
        for row in try connection.query("SELECT year, members FROM awards.collective_sizes WHERE nominee_id = $1", [id]).rows {
            sizes[try row.decode("year")] = try row.decode("members")
        }
        return NomineeRecord(nominee: nominee, units: units, awards: awards, ratings: ratings, initiatives: initiatives, blocks: blocks,
                             collectiveSizes: sizes)
    }

    /// Who of the unit (and the units under it) qualifies, nearly qualifies or does not, for each award
    /// with rules (or the one asked), in the year, under the rules in force on `on`.
    public func eligibility(unitCode: String, year: Int, award: String?, on day: LocalDate) throws -> [EligibilityVerdict] {
        try verdicts(connection.query("SELECT * FROM awards.unit_eligibility($1, $2, $3, $4::date)", [unitCode, year, award, day.iso]).rows)
    }

    /// One nominee against the awards asked.
    public func eligibility(nominee: Int, awards: [String], year: Int, on day: LocalDate) throws -> [EligibilityVerdict] {
        try verdicts(connection.query("""
            SELECT v.nominee_id, n.full_name::text AS full_name, n.kind, coalesce(cu.code, '') AS unit_code, v.award_code, v.qualifies, v.failing, v.findings
            FROM awards.eligibility_verdicts(ARRAY[$1::bigint], $2::text[], $3, $4::date) v
            JOIN awards.nominees n ON n.id = v.nominee_id
            \(Self.currentUnit)
            ORDER BY v.award_code
            """, [nominee, awards, year, day.iso]).rows)
    }

    private func verdicts(_ rows: [Row]) throws -> [EligibilityVerdict] {
        try rows.map { row in
            let findings = try JSONDecoder().decode([EligibilityFinding].self, from: Data((try row.decode("findings", as: String.self)).utf8))
            return EligibilityVerdict(nomineeID: try row.decode("nominee_id"), fullName: try row.decode("full_name"), kind: try row.decode("kind"),
                                      unitCode: try row.decode("unit_code"), awardCode: try row.decode("award_code"),
                                      qualifies: try row.decode("qualifies"), failing: try row.decode("failing"), findings: findings)
        }
    }
}

/// A JSON value as the database sends it inside facts.
public enum JSONValue: Sendable, Codable, Equatable {
    case string(String), number(Double), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    public var text: String? { if case .string(let value) = self { value } else { nil } }
    public var int: Int? { if case .number(let value) = self { Int(value) } else { nil } }
    public var list: [JSONValue] { if case .array(let value) = self { value } else { [] } }
    public var fields: [String: JSONValue] { if case .object(let value) = self { value } else { [:] } }
}
