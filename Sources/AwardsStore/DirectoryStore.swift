import AwardsCore
import Foundation
import Postgres

public struct Unit: Sendable, Codable, Equatable {
    public var id: Int
    public var code: String
    public var name: String
    public var kind: String
    public var parentCode: String?
    public var groupCode: String?
    /// When the unit was taken out of use; nil while it is in use.
    public var deactivatedAt: Date?
    /// The unit that succeeds this one (a merger or a rename), from which day, and how.
    public var successorCode: String? = nil
    public var successorName: String? = nil
    public var succeededOn: String? = nil
    public var successionKind: String? = nil
    public var successionBasis: String? = nil
    /// The units this one succeeded, by code.
    public var predecessorCodes: [String] = []
}

/// A merger or a rename: the predecessor is succeeded by the successor from a day, by a legal document.
public enum SuccessionKind: String, Sendable, Codable, CaseIterable {
    case merger, rename
}

/// One term of office of a manager: the level they sign at between two days (open ends unbounded).
public struct TermOfOffice: Sendable, Codable, Equatable {
    public var authorityLevel: String
    public var startsOn: String?
    public var endsOn: String?
    public var basis: String?
}

/// One recorded change to the reference data (awards.changes): who, when, and the values before and after.
public struct RecordedChange: Sendable, Codable, Equatable {
    public var at: Date
    public var login: String
    public var table: String
    public var rowID: Int
    public var operation: String
    /// The changed columns as JSON text, before and after (nil for an insert's before, a delete's after).
    public var before: String?
    public var after: String?
}

public struct Person: Sendable, Codable, Equatable {
    public var id: Int
    public var fullName: String
    /// nil for an officer or manager looking at someone outside their units: personal data stays in scope.
    public var email: String?
    public var unitCode: String
    public var login: String
    public var roles: [String]
    public var authorityLevel: String?
    /// The level's name in the catalogue, e.g. “Chủ tịch Ủy ban nhân dân tỉnh”.
    public var authorityName: String?
}

public struct Movement: Sendable, Codable, Equatable {
    public var id: Int
    public var code: String
    public var name: String
    public var kind: String
    public var startsOn: String
    public var endsOn: String?
    public var reviewOn: String?
    public var launchedBy: String
}

public struct EmulationGroup: Sendable, Codable, Equatable {
    public var id: Int
    public var code: String
    public var name: String
    public var kind: String
}

/// Units, emulation groups, people and movements: the reference data every nomination points at.
/// Text searches compare `awards.search_key`, so "nguyen van an" finds "Nguyễn Văn An".
public struct DirectoryStore {
    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    // MARK: Units

    @discardableResult
    public func addUnit(code: String, name: String, kind: String, parentCode: String?, groupCode: String?) throws -> Int {
        let row = try connection.query("""
            INSERT INTO awards.units (code, name, kind, parent_id, group_id)
            SELECT $1, $2, $3,
                   (SELECT id FROM awards.units WHERE code = $4),
                   (SELECT id FROM awards.emulation_groups WHERE code = $5)
            WHERE ($4::text IS NULL OR EXISTS (SELECT 1 FROM awards.units WHERE code = $4))
              AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM awards.emulation_groups WHERE code = $5))
            RETURNING id
            """, [code, VietnameseText.canonical(name), kind, parentCode, groupCode])
        guard let id = row.first else {
            if let parentCode, try unit(code: parentCode) == nil { throw DirectoryError.unknownUnit(parentCode) }
            throw DirectoryError.unknownGroup(groupCode ?? "")
        }
        return try id.decode("id", as: Int.self)
    }

    public func unit(code: String) throws -> Unit? {
        try units(where: "u.code = $1", [code]).first
    }

    /// Units in use; with `includingDeactivated`, those taken out of use as well.
    public func listUnits(search: String? = nil, kind: String? = nil, includingDeactivated: Bool = false) throws -> [Unit] {
        try units(where: """
            ($1::text IS NULL OR u.search_key LIKE '%' || awards.search_key($1) || '%' OR u.code = lower($1))
            AND ($2::text IS NULL OR u.kind = $2) AND ($3 OR u.deactivated_at IS NULL)
            """, [search.map(VietnameseText.canonical), kind, includingDeactivated])
    }

    /// Corrects a unit (administrators): only what is given changes. Every change is kept in awards.changes.
    public func editUnit(code: String, name: String?, kind: String?, parentCode: String?, groupCode: String?) throws {
        // One statement; only when it changes nothing does a lookup say which code was unknown (as addUnit).
        let changed = try connection.query("""
            UPDATE awards.units SET name = coalesce($2, name), kind = coalesce($3, kind),
                   parent_id = coalesce((SELECT id FROM awards.units WHERE code = $4), parent_id),
                   group_id = coalesce((SELECT id FROM awards.emulation_groups WHERE code = $5), group_id)
            WHERE code = $1
              AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM awards.units WHERE code = $4))
              AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM awards.emulation_groups WHERE code = $5))
            """, [code, name.map(VietnameseText.canonical), kind, parentCode, groupCode]).affectedRows
        guard changed == 0 else { return }
        if try unit(code: code) == nil { throw DirectoryError.unknownUnit(code) }
        if let parentCode, try unit(code: parentCode) == nil { throw DirectoryError.unknownUnit(parentCode) }
        throw DirectoryError.unknownGroup(groupCode ?? "")
    }

    /// Takes a unit out of use (administrators): it leaves the lists; its nominations and history stay.
    public func deactivateUnit(code: String) throws {
        let changed = try connection.query("""
            UPDATE awards.units SET deactivated_at = now(), deactivated_by = session_user
            WHERE code = $1 AND deactivated_at IS NULL
            """, [code]).affectedRows
        guard changed == 0 else { return }
        // Nothing changed: the unit is unknown or already out of use (others may not update units at all).
        guard try unit(code: code) != nil else { throw DirectoryError.unknownUnit(code) }
        throw DirectoryError.alreadyDeactivated(code)
    }

    /// Records that `predecessor` is succeeded by `successor` from `day` (administrators): its nominees
    /// move to the successor that day, scope and eligibility follow. Refused, with nothing written, for a
    /// unit already succeeded, a cycle, a day before the predecessor came into being, unknown units.
    public func recordSuccession(predecessor: String, successor: String, on day: LocalDate, kind: SuccessionKind, legalBasis: String) throws {
        try connection.query("SELECT awards.record_succession($1, $2, $3::date, $4, $5)",
                             [predecessor, successor, day.iso, kind.rawValue, VietnameseText.canonical(legalBasis)])
    }

    private func units(where condition: String, _ parameters: [any PostgresBindable]) throws -> [Unit] {
        try connection.query("""
            SELECT u.id, u.code, u.name, u.kind, p.code AS parent_code, g.code AS group_code, u.deactivated_at,
                   su.code AS successor_code, su.name AS successor_name, s.took_effect_on::text AS succeeded_on, s.kind AS succession_kind,
                   s.legal_basis, ARRAY(SELECT pu.code::text FROM awards.unit_successions ps JOIN awards.units pu ON pu.id = ps.predecessor_id
                                        WHERE ps.successor_id = u.id ORDER BY pu.code) AS predecessor_codes
            FROM awards.units u
            LEFT JOIN awards.units p ON p.id = u.parent_id
            LEFT JOIN awards.emulation_groups g ON g.id = u.group_id
            LEFT JOIN awards.unit_successions s ON s.predecessor_id = u.id
            LEFT JOIN awards.units su ON su.id = s.successor_id
            WHERE \(condition)
            ORDER BY u.code
            """, parameters).rows.map {
            Unit(id: try $0.decode("id"), code: try $0.decode("code"), name: try $0.decode("name"),
                 kind: try $0.decode("kind"), parentCode: try $0.decode("parent_code"), groupCode: try $0.decode("group_code"),
                 deactivatedAt: try $0.decode("deactivated_at"), successorCode: try $0.decode("successor_code"),
                 successorName: try $0.decode("successor_name"), succeededOn: try $0.decode("succeeded_on"),
                 successionKind: try $0.decode("succession_kind"), successionBasis: try $0.decode("legal_basis"),
                 predecessorCodes: try $0.decode("predecessor_codes", as: [String?].self).compactMap { $0 })
        }
    }

    // MARK: Emulation clusters and blocks

    @discardableResult
    public func addGroup(code: String, name: String, kind: String) throws -> Int {
        try connection.query("INSERT INTO awards.emulation_groups (code, name, kind) VALUES ($1, $2, $3) RETURNING id",
                             [code, VietnameseText.canonical(name), kind]).singleRow().decode("id", as: Int.self)
    }

    public func listGroups() throws -> [EmulationGroup] {
        try connection.query("SELECT id, code, name, kind FROM awards.emulation_groups ORDER BY code").rows.map {
            EmulationGroup(id: try $0.decode("id"), code: try $0.decode("code"), name: try $0.decode("name"), kind: try $0.decode("kind"))
        }
    }

    // MARK: People

    /// Registers a person and creates their login role (through `awards.register_person`, which
    /// only administrators may call). The password is hashed here; only its SCRAM verifier is sent.
    /// An existing database role is refused unless `adoptingExistingRole`, which leaves its password as it is.
    @discardableResult
    public func registerPerson(fullName: String, email: String, unitCode: String, login: String,
                               roles: [String], authorityLevel: String?, password: String? = nil,
                               adoptingExistingRole: Bool = false) throws -> Int {
        let verifier = try password.map { try connection.passwordVerifier($0, user: login) }
        return try connection.query("SELECT awards.register_person($1, $2, $3, $4, $5, $6, $7, $8) AS id", [
            VietnameseText.canonical(fullName), email.trimmingCharacters(in: .whitespaces), unitCode, login,
            roles, authorityLevel, verifier, adoptingExistingRole,
        ]).singleRow().decode("id", as: Int.self)
    }

    /// Deactivates a person (admins only): their login can no longer connect and loses its group roles,
    /// so a session still open can do nothing more; the person and their history stay.
    public func deactivatePerson(login: String) throws {
        try connection.query("SELECT awards.deactivate_person($1)", [login])
    }

    /// Corrects a person (administrators): name, e-mail, unit, roles (their login's group roles follow)
    /// and the authority level; nil leaves a value as it is. A new level starts a term of office today.
    public func editPerson(login: String, fullName: String?, email: String?, unitCode: String?, roles: [String]?,
                           authorityLevel: String?) throws {
        try connection.query("SELECT awards.edit_person($1, $2, $3, $4, $5, $6)", [
            login, fullName.map(VietnameseText.canonical), email?.trimmingCharacters(in: .whitespaces), unitCode, roles, authorityLevel,
        ])
    }

    /// Records a new term of office (administrators); the open term before it ends the day before.
    @discardableResult
    public func addTerm(login: String, authorityLevel: String, startsOn: LocalDate, endsOn: LocalDate?, basis: String?) throws -> Int {
        try connection.query("SELECT awards.add_authority_term($1, $2, $3::date, $4::date, $5) AS id",
                             [login, authorityLevel, startsOn.iso, endsOn?.iso, basis.map(VietnameseText.canonical)])
            .singleRow().decode("id", as: Int.self)
    }

    /// Ends the term running on `endsOn` (administrators): from the next day the person signs at no level.
    public func endTerm(login: String, endsOn: LocalDate) throws {
        try connection.query("SELECT awards.end_authority_term($1, $2::date)", [login, endsOn.iso])
    }

    public func terms(login: String) throws -> [TermOfOffice] {
        try connection.query("""
            SELECT t.authority_level, t.starts_on::text AS starts_on, t.ends_on::text AS ends_on, t.basis
            FROM awards.authority_terms t JOIN awards.people p ON p.id = t.person_id
            WHERE p.login_role = $1 ORDER BY t.starts_on NULLS FIRST
            """, [login]).rows.map {
            TermOfOffice(authorityLevel: try $0.decode("authority_level"), startsOn: try $0.decode("starts_on"),
                         endsOn: try $0.decode("ends_on"), basis: try $0.decode("basis"))
        }
    }

    /// The recorded changes to the reference data, newest first (administrators and the standing agency).
    public func changes(table: String? = nil, limit: Int = 50) throws -> [RecordedChange] {
        try connection.query("""
            SELECT at, by_login::text AS login, table_name, row_id, operation, before::text AS before, after::text AS after
            FROM awards.changes WHERE ($1::text IS NULL OR table_name = $1) ORDER BY id DESC LIMIT $2
            """, [table, limit]).rows.map {
            RecordedChange(at: try $0.decode("at"), login: try $0.decode("login"), table: try $0.decode("table_name"),
                           rowID: try $0.decode("row_id"), operation: try $0.decode("operation"),
                           before: try $0.decode("before"), after: try $0.decode("after"))
        }
    }

    /// Whether a database role of that name exists (roles are cluster-wide: a person may be re-registered
    /// in a new database of the same server).
    public func loginRoleExists(_ login: String) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS present", [login])
            .singleRow().decode("present", as: Bool.self)
    }

    public func listPeople(search: String? = nil, unitCode: String? = nil) throws -> [Person] {
        try connection.query("""
            SELECT p.id, p.full_name, p.email, u.code AS unit_code, p.login_role::text AS login, p.roles, p.authority_level,
                   (SELECT name FROM awards.authority_levels WHERE code = p.authority_level) AS authority_name
            FROM awards.people_directory p JOIN awards.units u ON u.id = p.unit_id
            WHERE ($1::text IS NULL OR p.search_key LIKE '%' || awards.search_key($1) || '%' OR p.login_role = lower($1))
              AND ($2::text IS NULL OR u.code = $2)
            ORDER BY u.code, p.full_name
            """, [search.map(VietnameseText.canonical), unitCode]).rows.map(Self.person)
    }

    /// The person this connection's login role belongs to, if it is a registered person.
    public func currentPerson() throws -> Person? {
        try connection.query("""
            SELECT id, full_name, email, unit_code, login_role::text AS login, roles, authority_level,
                   (SELECT name FROM awards.authority_levels WHERE code = me.authority_level) AS authority_name
            FROM awards.me
            """).rows.map(Self.person).first
    }

    public func sessionRole() throws -> String {
        try connection.query("SELECT session_user::text AS login").singleRow().decode("login", as: String.self)
    }

    private static func person(_ row: Row) throws -> Person {
        Person(id: try row.decode("id"), fullName: try row.decode("full_name"), email: try row.decode("email"),
               unitCode: try row.decode("unit_code"), login: try row.decode("login"),
               roles: try row.decode("roles", as: [String?].self).compactMap { $0 },
               authorityLevel: try row.decode("authority_level"), authorityName: try row.decode("authority_name"))
    }

    // MARK: Movements

    /// Corrects a movement (administrators and the standing agency): name, end and review dates.
    public func editMovement(code: String, name: String?, endsOn: LocalDate?, reviewOn: LocalDate?) throws {
        let changed = try connection.query("""
            UPDATE awards.movements SET name = coalesce($2, name), ends_on = coalesce($3::date, ends_on),
                   review_on = coalesce($4::date, review_on)
            WHERE code = $1
            """, [code, name.map(VietnameseText.canonical), endsOn?.iso, reviewOn?.iso]).affectedRows
        if changed == 0 { throw DirectoryError.unknownMovement(code) }
    }

    @discardableResult
    public func addMovement(code: String, name: String, kind: String, startsOn: LocalDate, endsOn: LocalDate?,
                            reviewOn: LocalDate?, launchedBy unitCode: String) throws -> Int {
        let row = try connection.query("""
            INSERT INTO awards.movements (code, name, kind, starts_on, ends_on, review_on, launched_by)
            SELECT $1, $2, $3, $4::date, $5::date, $6::date, id FROM awards.units WHERE code = $7
            RETURNING id
            """, [code, VietnameseText.canonical(name), kind, startsOn.iso, endsOn?.iso, reviewOn?.iso, unitCode])
        guard let id = row.first else { throw DirectoryError.unknownUnit(unitCode) }
        return try id.decode("id", as: Int.self)
    }

    public func listMovements(search: String? = nil) throws -> [Movement] {
        try connection.query("""
            SELECT m.id, m.code, m.name, m.kind, m.starts_on::text, m.ends_on::text, m.review_on::text, u.code AS launched_by
            FROM awards.movements m JOIN awards.units u ON u.id = m.launched_by
            WHERE ($1::text IS NULL OR m.search_key LIKE '%' || awards.search_key($1) || '%' OR m.code = lower($1))
            ORDER BY m.starts_on, m.code
            """, [search.map(VietnameseText.canonical)]).rows.map {
            Movement(id: try $0.decode("id"), code: try $0.decode("code"), name: try $0.decode("name"),
                     kind: try $0.decode("kind"), startsOn: try $0.decode("starts_on"), endsOn: try $0.decode("ends_on"),
                     reviewOn: try $0.decode("review_on"), launchedBy: try $0.decode("launched_by"))
        }
    }
}

public enum DirectoryError: Error, Equatable, CustomStringConvertible, BilingualError {
    case unknownUnit(String)
    case unknownGroup(String)
    case alreadyDeactivated(String)
    case unknownMovement(String)

    public func message(in language: Language) -> String {
        switch self {
        case .unknownUnit(let code):
            language.text(vi: "không có đơn vị \"\(code)\"; xem danh sách đơn vị: awards unit list",
                          en: "unknown unit \"\(code)\"; list units with: awards unit list")
        case .unknownGroup(let code):
            language.text(vi: "không có cụm, khối thi đua \"\(code)\"; xem danh sách: awards unit groups",
                          en: "unknown emulation cluster or block \"\(code)\"; list them with: awards unit groups")
        case .unknownMovement(let code):
            language.text(vi: "không có phong trào thi đua \"\(code)\"; xem danh sách: awards movement list",
                          en: "unknown movement \"\(code)\"; list them with: awards movement list")
        case .alreadyDeactivated(let code):
            language.text(vi: "đơn vị \(code) đã thôi sử dụng từ trước", en: "unit \(code) was already deactivated")
        }
    }

    public var description: String { message(in: .en) }
}
