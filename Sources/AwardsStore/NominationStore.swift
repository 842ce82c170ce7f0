import AwardsCore
import Foundation
import Postgres

public struct NominationSummary: Sendable, Codable, Equatable {
    public var id: Int
    public var nomineeKind: String
    public var nomineeName: String
    public var occupation: String
    public var gender: String?
    public var unitCode: String
    public var movementCode: String?
    public var state: String
    public var stage: String
    public var proposedAward: String?
    public var decisionNumber: String?
    public var decisionDate: String?
    /// The award catalogue in force when the decision was recorded: the rules it was made under.
    public var catalogueVersion: String?
    public var definitionVersion: String
    public var stateEnteredAt: Date
}

public struct NominationReward: Sendable, Codable, Equatable {
    public var decisionNumber: String
    public var decisionDate: String
    public var award: String
    public var moneyDong: Int
    public var revoked: Bool
    public var revocationReason: String?
    public var recoverDong: Int?
    public var revokingNumber: String?
    public var revokingDate: String?
}

public struct HistoryRecord: Sendable, Codable, Equatable {
    public var seq: Int
    public var event: String
    public var fromState: String?
    public var toState: String
    public var login: String
    public var actingRole: String
    public var at: Date
    public var note: String?
    public var fields: [String: String]
}

/// What the pure transition needs from the database: the nomination as it is and the person acting.
public struct TransitionContext: Sendable {
    public var snapshot: NominationSnapshot
    public var actor: Actor
    /// The definition version the nomination started under (nil for one about to be created).
    public var definitionVersion: String?
}

public struct NominationFilter: Sendable {
    public var stage: String?
    public var state: String?
    public var unitCode: String?
    public var movementCode: String?
    public var search: String?
    /// Only nominations whose stage deadline passed before this day.
    public var overdueOn: LocalDate?

    public init(stage: String? = nil, state: String? = nil, unitCode: String? = nil, movementCode: String? = nil,
                search: String? = nil, overdueOn: LocalDate? = nil) {
        self.stage = stage
        self.state = state
        self.unitCode = unitCode
        self.movementCode = movementCode
        self.search = search
        self.overdueOn = overdueOn
    }
}

/// Nominations through the database's checked path: `awards.nominate` and `awards.advance` are the only
/// writers; reads go through row-level security, so each person sees their own scope.
public struct NominationStore {
    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    @discardableResult
    public func nominate(kind: NomineeKind, name: String, unitCode: String, occupation: Occupation, gender: Gender?,
                         movementCode: String?, fields: [String: String]) throws -> Int {
        try connection.query("SELECT awards.nominate($1, $2, $3, $4, $5, $6, $7) AS id", [
            kind.rawValue, VietnameseText.canonical(name), unitCode, occupation.rawValue, gender?.rawValue, movementCode,
            try PostgresJSON(encoding: fields),
        ]).singleRow().decode("id", as: Int.self)
    }

    /// Fires `event`; returns the new state. With `expectedState`, a nomination that moved on meanwhile
    /// is refused with "this nomination is now …".
    @discardableResult
    public func advance(_ id: Int, event: String, fields: [String: String], expectedState: String? = nil) throws -> String {
        try connection.query("SELECT awards.advance($1, $2, $3, $4) AS state", [
            id, event, try PostgresJSON(encoding: fields), expectedState,
        ]).singleRow().decode("state", as: String.self)
    }

    /// The acting person and the nomination (nil id: one about to be created in `unitCode`).
    public func context(nomination id: Int?, unitCode: String? = nil, nomineeKind: NomineeKind? = nil) throws -> TransitionContext? {
        guard let person = try connection.query("""
            SELECT p.login_role::text AS login, p.authority_level, u.code AS unit_code, awards.sees_all_units() AS everywhere,
                   -- the roles awards.acting_person counts: those whose group role the login still holds
                   ARRAY(SELECT r FROM unnest(p.roles) r WHERE pg_has_role(session_user, 'awards_' || r, 'MEMBER')) AS roles
            FROM awards.people p JOIN awards.units u ON u.id = p.unit_id WHERE p.login_role = session_user
            """).first else { return nil }
        let roles = Set(try person.decode("roles", as: [String?].self).compactMap { $0 })
        let login: String = try person.decode("login")
        let terms = try DirectoryStore(connection).terms(login: login).map {
            AuthorityTerm(level: $0.authorityLevel, startsOn: $0.startsOn.flatMap(LocalDate.init(parsing:)),
                          endsOn: $0.endsOn.flatMap(LocalDate.init(parsing:)))
        }
        let actor = Actor(id: login, roles: roles, authorityLevel: try person.decode("authority_level"),
                          authorityTerms: terms, scope: try person.decode("everywhere", as: Bool.self) ? .everywhere : .units([try person.decode("unit_code")]))
        if let id {
            guard let row = try connection.query("""
                SELECT n.state, n.nominee_kind, n.proposed_award, n.unit_id, n.definition_version, m.review_on::text AS review_on, m.ends_on::text AS ends_on,
                       (n.state_entered_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS entered_on,
                       (SELECT h.session_role::text FROM awards.nomination_history h WHERE h.nomination_id = n.id AND h.seq = 1) AS recorded_by,
                       (SELECT h.session_role::text FROM awards.nomination_history h
                        WHERE h.nomination_id = n.id AND h.from_state IS DISTINCT FROM h.to_state ORDER BY h.seq DESC LIMIT 1) AS entered_by
                FROM awards.nominations n LEFT JOIN awards.movements m ON m.id = n.movement_id WHERE n.id = $1
                """, [id]).first else { return nil }
            var dates: [String: LocalDate] = [:]
            if let review = try row.decode("review_on", as: String?.self).flatMap(LocalDate.init(parsing:)) { dates["movement.review_date"] = review }
            if let end = try row.decode("ends_on", as: String?.self).flatMap(LocalDate.init(parsing:)) { dates["movement.end_date"] = end }
            let state = try row.decode("state", as: String.self)
            let snapshot = NominationSnapshot(
                state: state, nomineeKind: NomineeKind(rawValue: try row.decode("nominee_kind"))!,
                unitLineage: try lineage(unitID: try row.decode("unit_id")), proposedAward: try row.decode("proposed_award"),
                dates: dates, recordedBy: try row.decode("recorded_by"), enteredStateBy: try row.decode("entered_by"),
                enteredStateOn: try row.decode("entered_on", as: String?.self).flatMap(LocalDate.init(parsing:)))
            return TransitionContext(snapshot: snapshot, actor: actor, definitionVersion: try row.decode("definition_version"))
        }
        guard let unitCode, let nomineeKind,
              let unit = try connection.query("SELECT id FROM awards.units WHERE code = $1", [unitCode]).first else { return nil }
        let snapshot = NominationSnapshot(state: nil, nomineeKind: nomineeKind, unitLineage: try lineage(unitID: try unit.decode("id")))
        return TransitionContext(snapshot: snapshot, actor: actor, definitionVersion: nil)
    }

    /// The unit's code first, then its parents' up to the root.
    private func lineage(unitID: Int) throws -> [String] {
        try connection.query("""
            WITH RECURSIVE up(id, parent_id, code, depth) AS (
                SELECT id, parent_id, code, 0 FROM awards.units WHERE id = $1
                UNION ALL
                SELECT u.id, u.parent_id, u.code, up.depth + 1 FROM awards.units u JOIN up ON u.id = up.parent_id
            )
            SELECT code FROM up ORDER BY depth
            """, [unitID]).rows.map { try $0.decode("code", as: String.self) }
    }

    public func find(_ id: Int) throws -> NominationSummary? {
        try summaries(where: "n.id = $1", [id]).first
    }

    public func list(_ filter: NominationFilter) throws -> [NominationSummary] {
        try summaries(where: """
            ($1::text IS NULL OR s.stage = $1) AND ($2::text IS NULL OR n.state = $2)
            AND ($3::text IS NULL OR n.unit_id IN (SELECT awards.unit_subtree((SELECT id FROM awards.units WHERE code = $3))))
            AND ($4::text IS NULL OR m.code = $4)
            AND ($5::text IS NULL OR n.search_key LIKE '%' || awards.search_key($5) || '%')
            AND ($6::date IS NULL OR n.id IN (SELECT nomination_id FROM awards.deadlines
                                              WHERE closed_at IS NULL AND nomination_id IS NOT NULL AND due_on < $6::date))
            """, [filter.stage, filter.state, filter.unitCode, filter.movementCode, filter.search.map(VietnameseText.canonical),
                  filter.overdueOn?.iso])
    }

    private func summaries(where condition: String, _ parameters: [any PostgresBindable]) throws -> [NominationSummary] {
        try connection.query("""
            SELECT n.id, n.nominee_kind, n.nominee_name, n.occupation, n.gender, u.code AS unit_code, m.code AS movement_code,
                   n.state, s.stage, n.proposed_award, n.decision_number, n.decision_date::text, n.catalogue_version,
                   n.definition_version, n.state_entered_at
            FROM awards.nominations n
            JOIN awards.units u ON u.id = n.unit_id
            JOIN awards.workflow_states s ON s.version = n.definition_version AND s.state = n.state
            LEFT JOIN awards.movements m ON m.id = n.movement_id
            WHERE \(condition)
            ORDER BY n.id
            """, parameters).rows.map {
            NominationSummary(id: try $0.decode("id"), nomineeKind: try $0.decode("nominee_kind"), nomineeName: try $0.decode("nominee_name"),
                              occupation: try $0.decode("occupation"), gender: try $0.decode("gender"), unitCode: try $0.decode("unit_code"),
                              movementCode: try $0.decode("movement_code"), state: try $0.decode("state"), stage: try $0.decode("stage"),
                              proposedAward: try $0.decode("proposed_award"), decisionNumber: try $0.decode("decision_number"),
                              decisionDate: try $0.decode("decision_date"), catalogueVersion: try $0.decode("catalogue_version"), definitionVersion: try $0.decode("definition_version"),
                              stateEnteredAt: try $0.decode("state_entered_at"))
        }
    }

    /// What a decision granted this nomination, and its revocation if any.
    public func reward(_ id: Int) throws -> NominationReward? {
        try connection.query("""
            SELECT d.number, d.decision_date::text, l.granted_award, l.money_dong, l.revoked, r.reason, r.recover_dong,
                   r.revoking_number, r.revoking_date::text
            FROM awards.decision_lines l JOIN awards.decisions d ON d.id = l.decision_id
            LEFT JOIN awards.revocations r ON r.decision_id = l.decision_id AND r.line_no = l.line_no
            WHERE l.nomination_id = $1
            """, [id]).first.map {
            NominationReward(decisionNumber: try $0.decode("number"), decisionDate: try $0.decode("decision_date"),
                             award: try $0.decode("granted_award"), moneyDong: try $0.decode("money_dong"), revoked: try $0.decode("revoked"),
                             revocationReason: try $0.decode("reason"), recoverDong: try $0.decode("recover_dong"),
                             revokingNumber: try $0.decode("revoking_number"), revokingDate: try $0.decode("revoking_date"))
        }
    }

    public func history(_ id: Int) throws -> [HistoryRecord] {
        try connection.query("""
            SELECT seq, event, from_state, to_state, session_role::text AS login, acting_role, at, note, fields
            FROM awards.nomination_history WHERE nomination_id = $1 ORDER BY seq
            """, [id]).rows.map {
            HistoryRecord(seq: try $0.decode("seq"), event: try $0.decode("event"), fromState: try $0.decode("from_state"),
                          toState: try $0.decode("to_state"), login: try $0.decode("login"), actingRole: try $0.decode("acting_role"),
                          at: try $0.decode("at"), note: try $0.decode("note"),
                          fields: try $0.decode("fields", as: PostgresJSON.self).decode([String: String].self))
        }
    }
}
