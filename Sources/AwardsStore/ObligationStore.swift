import AwardsCore
import Foundation
import Postgres

public struct ObligationStatus: Sendable, Codable, Equatable {
    public var obligationID: Int
    public var title: String
    public var dueOn: String
    public var receivingUnit: String
    public var unitCode: String
    public var unitName: String
    public var doneAt: Date?
    public var documentNumber: String?
    public var overdue: Bool
}

/// Unit obligations: a document each unit owes a receiving unit by a date.
public struct ObligationStore {
    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    @discardableResult
    public func add(title: String, dueOn: LocalDate, receivingUnit: String, unitCodes: [String]) throws -> Int {
        try connection.query("SELECT awards.add_obligation($1, $2::date, $3, $4) AS id",
                             [VietnameseText.canonical(title), dueOn.iso, receivingUnit, unitCodes]).singleRow().decode("id")
    }

    public func complete(_ obligation: Int, unitCode: String, documentNumber: String) throws {
        try connection.query("SELECT awards.complete_obligation($1, $2, $3)", [obligation, unitCode, documentNumber])
    }

    /// A new title or due date (whoever recorded it, or an administrator); open deadlines follow.
    public func edit(_ obligation: Int, title: String?, dueOn: LocalDate?) throws {
        try connection.query("SELECT awards.edit_obligation($1, $2, $3::date)", [obligation, title.map(VietnameseText.canonical), dueOn?.iso])
    }

    /// Cancels an obligation with a reason (whoever recorded it, or an administrator): nobody owes it any more.
    public func cancel(_ obligation: Int, reason: String) throws {
        try connection.query("SELECT awards.cancel_obligation($1, $2)", [obligation, VietnameseText.canonical(reason)])
    }

    /// Undoes a "done" recorded by mistake, with a reason: the unit owes it again and is reminded again.
    public func reopen(_ obligation: Int, unitCode: String, reason: String) throws {
        try connection.query("SELECT awards.reopen_obligation($1, $2, $3)", [obligation, unitCode, VietnameseText.canonical(reason)])
    }

    /// Unit codes for the ways an obligation names who owes it.
    public func unitCodes(group: String? = nil, kind: String? = nil) throws -> [String] {
        try connection.query("""
            SELECT u.code FROM awards.units u LEFT JOIN awards.emulation_groups g ON g.id = u.group_id
            WHERE ($1::text IS NULL OR g.code = $1) AND ($2::text IS NULL OR u.kind = $2) ORDER BY u.code
            """, [group, kind]).rows.map { try $0.decode("code") }
    }

    /// Per owing unit; `today` decides what is overdue (the Vietnamese calendar day by default).
    public func list(open: Bool? = nil, overdueOnly: Bool = false, unitCode: String? = nil, today: LocalDate) throws -> [ObligationStatus] {
        try connection.query("""
            SELECT o.id, o.title, o.due_on::text, r.code AS receiving, u.code AS unit_code, u.name AS unit_name,
                   ou.done_at, ou.document_number, (ou.done_at IS NULL AND o.due_on < $4::date) AS overdue
            FROM awards.obligations o
            JOIN awards.obligation_units ou ON ou.obligation_id = o.id
            JOIN awards.units u ON u.id = ou.unit_id
            JOIN awards.units r ON r.id = o.receiving_unit_id
            WHERE o.cancelled_at IS NULL AND ($1::bool IS NULL OR (ou.done_at IS NULL) = $1)
              AND (NOT $2 OR (ou.done_at IS NULL AND o.due_on < $4::date))
              AND ($3::text IS NULL OR u.code = $3)
            ORDER BY o.due_on, o.id, u.code
            """, [open, overdueOnly, unitCode, today.iso]).rows.map {
            ObligationStatus(obligationID: try $0.decode("id"), title: try $0.decode("title"), dueOn: try $0.decode("due_on"),
                             receivingUnit: try $0.decode("receiving"), unitCode: try $0.decode("unit_code"),
                             unitName: try $0.decode("unit_name"), doneAt: try $0.decode("done_at"),
                             documentNumber: try $0.decode("document_number"), overdue: try $0.decode("overdue"))
        }
    }
}
