import AwardsCore
import Foundation
import Postgres

public struct DueDeadline: Sendable {
    public var id: Int
    public var title: String
    public var action: String?
    public var dueOn: LocalDate
    public var unitID: Int
    public var unitName: String
    public var assigneeRole: String
    public var nominationID: Int?
    public var obligationID: Int?
    public var unitCode: String
    public var receivingUnitName: String?
    /// The standing agency's appraisal whose specialist must finish it.
    public var appraisalID: Int? = nil
    /// The public posting the standing agency must close once the list is down.
    public var postingID: Int? = nil
}

public struct Recipient: Sendable, Hashable {
    public var email: String
    public var name: String
}

public struct OutboxMessage: Sendable {
    public var id: Int
    public var messageKey: String
    public var recipientEmail: String
    public var recipientName: String?
    public var subject: String
    public var bodyText: String
    public var bodyHTML: String?
    public var attempts: Int
    public var status: String
    public var lastError: String?
    public var createdAt: Date
}

/// The daemon's SQL: due deadlines, reminders written once, and the outbox under leases.
public struct ReminderStore {
    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    /// Deadlines whose next reminder time has come, locked for this transaction; another daemon skips
    /// them rather than waiting. Uses the partial index on `next_reminder_at`: cost grows with the
    /// number due, not with the number open.
    public func claimDueDeadlines(now: Date, limit: Int) throws -> [DueDeadline] {
        try connection.query("""
            SELECT d.id, d.title, d.action, d.due_on::text, d.unit_id, u.name AS unit_name, u.code AS unit_code,
                   d.assignee_role, d.nomination_id, d.obligation_id, d.appraisal_id, d.posting_id, r.name AS receiving_name
            FROM (SELECT id, title, action, due_on, unit_id, assignee_role, nomination_id, obligation_id, appraisal_id, posting_id FROM awards.deadlines
                  WHERE closed_at IS NULL AND next_reminder_at IS NOT NULL AND next_reminder_at <= $1
                  ORDER BY next_reminder_at LIMIT $2 FOR UPDATE SKIP LOCKED) d
            JOIN awards.units u ON u.id = d.unit_id
            LEFT JOIN awards.obligations o ON o.id = d.obligation_id
            LEFT JOIN awards.units r ON r.id = o.receiving_unit_id
            """, [now, limit]).rows.map {
            DueDeadline(id: try $0.decode("id"), title: try $0.decode("title"), action: try $0.decode("action"),
                        dueOn: LocalDate(parsing: try $0.decode("due_on"))!, unitID: try $0.decode("unit_id"),
                        unitName: try $0.decode("unit_name"), assigneeRole: try $0.decode("assignee_role"),
                        nominationID: try $0.decode("nomination_id"), obligationID: try $0.decode("obligation_id"),
                        unitCode: try $0.decode("unit_code"), receivingUnitName: try $0.decode("receiving_name"),
                        appraisalID: try $0.decode("appraisal_id"), postingID: try $0.decode("posting_id"))
        }
    }

    /// People with `role` in the unit, or — when it has none — in the nearest unit above it that does.
    public func recipients(unitID: Int, role: String) throws -> [Recipient] {
        try connection.query(Self.nearestHolders(columns: "p.email, p.full_name") + " ORDER BY email", [unitID, role]).rows.map {
            Recipient(email: try $0.decode("email"), name: try $0.decode("full_name"))
        }
    }

    /// Of `unitCodes`, those where nobody would be reminded as `role` (no holder in the unit or above):
    /// what `awards obligation add` warns about. The same holders as `recipients`, asked in one
    /// statement for all the units, without the addresses an officer may not read.
    public func unitsWithNobodyToRemind(_ unitCodes: [String], role: String = "officer") throws -> [String] {
        let unreached = Set(try connection.query("""
            WITH RECURSIVE up(code, id, parent_id) AS (
                SELECT code, id, parent_id FROM awards.units WHERE code = ANY ($1)
                UNION ALL
                SELECT up.code, u.id, u.parent_id FROM awards.units u JOIN up ON u.id = up.parent_id
            )
            SELECT code FROM up GROUP BY code
            HAVING NOT bool_or(EXISTS (SELECT 1 FROM awards.people p WHERE p.unit_id = up.id AND \(Self.holds("p", role: "$2"))))
            """, [unitCodes, role]).rows.map { try $0.decode("code", as: String.self) })
        return unitCodes.filter(unreached.contains)
    }

    /// The holders of role $2 in unit $1 or in the nearest unit above it that has any.
    static func nearestHolders(columns: String) -> String {
        """
        WITH RECURSIVE up(id, parent_id, depth) AS (
            SELECT id, parent_id, 0 FROM awards.units WHERE id = $1
            UNION ALL
            SELECT u.id, u.parent_id, up.depth + 1 FROM awards.units u JOIN up ON u.id = up.parent_id
        ), holders AS (
            SELECT \(columns), up.depth FROM up JOIN awards.people p ON p.unit_id = up.id AND \(holds("p", role: "$2"))
        )
        SELECT * FROM holders WHERE depth = (SELECT min(depth) FROM holders)
        """
    }

    /// Whether `person` acts in `role` (an SQL expression of text): recorded with it, not deactivated,
    /// and its login still a member of the role's group. Deactivated or revoked, they are told nothing.
    static func holds(_ person: String, role: String) -> String {
        """
        \(role) = ANY (\(person).roles) AND \(person).deactivated_at IS NULL
        AND EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = \(person).login_role AND pg_has_role(r.oid, 'awards_' || \(role), 'MEMBER'))
        """
    }

    public func standingAgency() throws -> [Recipient] {
        try connection.query("""
            SELECT email, full_name FROM awards.people p WHERE \(Self.holds("p", role: "'standing_agency'")) ORDER BY email
            """).rows.map {
            Recipient(email: try $0.decode("email"), name: try $0.decode("full_name"))
        }
    }

    public struct PlannedReminder: Sendable, Hashable {
        public var deadlineID: Int
        public var step: String
        public var recipientEmail: String

        public init(deadlineID: Int, step: String, recipientEmail: String) {
            self.deadlineID = deadlineID
            self.step = step
            self.recipientEmail = recipientEmail
        }
    }

    /// Records reminders in one statement and returns those that are new: a (deadline, step,
    /// recipient) recorded before — by this daemon or another — comes back as not new.
    public func recordReminders(_ reminders: [PlannedReminder]) throws -> Set<PlannedReminder> {
        guard !reminders.isEmpty else { return [] }
        return Set(try connection.query("""
            INSERT INTO awards.reminders (deadline_id, step, recipient_email)
            SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])
            ON CONFLICT DO NOTHING
            RETURNING deadline_id, step, recipient_email
            """, [reminders.map { String($0.deadlineID) }, reminders.map(\.step), reminders.map(\.recipientEmail)]).rows.map {
            PlannedReminder(deadlineID: try $0.decode("deadline_id"), step: try $0.decode("step"), recipientEmail: try $0.decode("recipient_email"))
        })
    }

    /// A recorded reminder no message carries yet, with what its message needs to say.
    public struct UnsentReminder: Sendable {
        public var reminder: PlannedReminder
        public var recipient: Recipient
        public var deadline: DueDeadline
        /// The nomination's state when the deadline is a stage's (whose events the reminder names).
        public var state: String?
    }

    /// Every recorded reminder of an open deadline that no message carries yet — those planned in this
    /// pass, and any a crashed pass left behind — locked so that another daemon composes none of them.
    /// A daemon composing at the same moment waits (locks are taken in one order: no deadlock), then
    /// finds them carried and moves on to deliver its share. Reminders of deadlines closed since stay
    /// unsent: there is nothing left to remind of.
    public func unsentReminders() throws -> [UnsentReminder] {
        try connection.query("""
            SELECT r.deadline_id, r.step, r.recipient_email, coalesce(p.full_name, r.recipient_email) AS recipient_name,
                   d.title, d.action, d.due_on::text, d.unit_id, u.name AS unit_name, u.code AS unit_code, d.assignee_role,
                   d.nomination_id, d.obligation_id, d.appraisal_id, d.posting_id, d.state, rcv.name AS receiving_name
            FROM awards.reminders r
            JOIN awards.deadlines d ON d.id = r.deadline_id AND d.closed_at IS NULL
            JOIN awards.units u ON u.id = d.unit_id
            LEFT JOIN awards.obligations o ON o.id = d.obligation_id
            LEFT JOIN awards.units rcv ON rcv.id = o.receiving_unit_id
            LEFT JOIN LATERAL (SELECT full_name FROM awards.people WHERE email = r.recipient_email ORDER BY id LIMIT 1) p ON true
            WHERE r.outbox_id IS NULL
            ORDER BY r.recipient_email, d.due_on, r.deadline_id, r.step
            FOR UPDATE OF r
            """).rows.map { row in
            UnsentReminder(
                reminder: PlannedReminder(deadlineID: try row.decode("deadline_id"), step: try row.decode("step"),
                                          recipientEmail: try row.decode("recipient_email")),
                recipient: Recipient(email: try row.decode("recipient_email"), name: try row.decode("recipient_name")),
                deadline: DueDeadline(id: try row.decode("deadline_id"), title: try row.decode("title"), action: try row.decode("action"),
                                      dueOn: LocalDate(parsing: try row.decode("due_on"))!, unitID: try row.decode("unit_id"),
                                      unitName: try row.decode("unit_name"), assigneeRole: try row.decode("assignee_role"),
                                      nominationID: try row.decode("nomination_id"), obligationID: try row.decode("obligation_id"),
                                      unitCode: try row.decode("unit_code"), receivingUnitName: try row.decode("receiving_name"),
                                      appraisalID: try row.decode("appraisal_id"), postingID: try row.decode("posting_id")),
                state: try row.decode("state"))
        }
    }

    public struct QueuedMessage: Sendable {
        public var key: String
        public var recipient: Recipient
        public var subject: String
        public var text: String
        public var html: String?
        public var reminders: [PlannedReminder]

        public init(key: String, recipient: Recipient, subject: String, text: String, html: String?, reminders: [PlannedReminder]) {
            self.key = key
            self.recipient = recipient
            self.subject = subject
            self.text = text
            self.html = html
            self.reminders = reminders
        }
    }

    /// Queues messages and ties each reminder to the message that carries it: two statements for the
    /// whole batch. A key queued before keeps its first message.
    public func enqueue(_ messages: [QueuedMessage]) throws {
        guard !messages.isEmpty else { return }
        try connection.query("""
            INSERT INTO awards.outbox (message_key, recipient_email, recipient_name, subject, body_text, body_html)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
            ON CONFLICT (message_key) DO NOTHING
            """, [messages.map(\.key), messages.map(\.recipient.email), messages.map(\.recipient.name),
                  messages.map(\.subject), messages.map(\.text), PostgresArray(messages.map(\.html))])
        let carried = messages.flatMap { message in message.reminders.map { (message.key, $0) } }
        try connection.query("""
            UPDATE awards.reminders r SET outbox_id = o.id
            FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) AS c(message_key, deadline_id, step, recipient_email)
            JOIN awards.outbox o ON o.message_key = c.message_key
            WHERE r.deadline_id = c.deadline_id AND r.step = c.step AND r.recipient_email = c.recipient_email
            """, [carried.map(\.0), carried.map { String($0.1.deadlineID) }, carried.map(\.1.step), carried.map(\.1.recipientEmail)])
    }

    /// Sets each deadline's next reminder time (nil: none remains) in one statement.
    public func reschedule(_ next: [(deadlineID: Int, at: Date?)]) throws {
        guard !next.isEmpty else { return }
        try connection.query("""
            UPDATE awards.deadlines d SET next_reminder_at = n.at
            FROM unnest($1::bigint[], $2::timestamptz[]) AS n(id, at)
            WHERE d.id = n.id
            """, [next.map { String($0.deadlineID) }, PostgresArray(next.map { $0.at?.postgresParameter })])
    }

    // MARK: Delivery

    /// How long a lease lasts, and how much of it must be left when a message goes: more than one
    /// attempt can last, so that no other daemon can take it while it is being sent.
    public struct LeaseTerms: Sendable, Equatable {
        public let seconds: Int
        public let renewBelowSeconds: Int

        /// Renews once less than halfway between the longest attempt and the whole lease is left. The
        /// settings make sure a lease outlasts an attempt; were it not so, every send would renew.
        public init(seconds: Int, longestAttemptSeconds: Int) {
            self.seconds = seconds
            renewBelowSeconds = min(seconds, longestAttemptSeconds + max(1, (seconds - longestAttemptSeconds + 1) / 2))
        }
    }

    public struct Claim: Sendable {
        /// Leased to us, in id order.
        public var messages: [OutboxMessage]
        /// Ready messages whose reminders' deadlines had all closed: marked superseded, not leased.
        public var superseded: Int
    }

    /// Leases up to `limit` ready messages to `owner` and commits the lease at once, so a crashed
    /// daemon's messages return to the pool when the lease runs out. A message that only carries
    /// reminders of deadlines closed since (the daemon sees open deadlines only) is superseded instead.
    public func claimOutbox(owner: String, limit: Int, leaseSeconds: Int) throws -> Claim {
        try connection.transaction { connection in
            let rows = try connection.query("""
                WITH ready AS (
                    SELECT o.id, EXISTS (SELECT 1 FROM awards.reminders r WHERE r.outbox_id = o.id)
                                 AND NOT EXISTS (SELECT 1 FROM awards.reminders r JOIN awards.deadlines d ON d.id = r.deadline_id
                                                 WHERE r.outbox_id = o.id AND d.closed_at IS NULL) AS stale
                    FROM awards.outbox o
                    WHERE o.status = 'pending' AND o.next_attempt_at <= now() AND (o.lease_until IS NULL OR o.lease_until < now())
                    ORDER BY o.next_attempt_at, o.id LIMIT $2 FOR UPDATE OF o SKIP LOCKED
                ), superseded AS (
                    UPDATE awards.outbox o SET status = 'superseded', lease_owner = NULL, lease_until = NULL,
                           last_error = 'not sent: the deadlines it reminded of had closed'
                    FROM ready WHERE o.id = ready.id AND ready.stale
                    RETURNING o.id
                ), leased AS (
                    UPDATE awards.outbox o SET lease_owner = $1, lease_until = now() + make_interval(secs => $3), attempts = attempts + 1
                    FROM ready WHERE o.id = ready.id AND NOT ready.stale
                    RETURNING o.id, o.message_key, o.recipient_email, o.recipient_name, o.subject, o.body_text, o.body_html,
                              o.attempts, o.status, o.last_error, o.created_at
                )
                -- One row even when nothing was leased, to carry the count of superseded messages.
                SELECT leased.*, (SELECT count(*) FROM superseded) AS superseded FROM (SELECT 1) AS one LEFT JOIN leased ON true
                """, [owner, limit, leaseSeconds]).rows
            let superseded = try rows.first?.decode("superseded", as: Int.self) ?? 0
            let leased = try rows.filter { try $0.decode("id", as: Int?.self) != nil }
            return Claim(messages: try leased.map(Self.message).sorted { $0.id < $1.id }, superseded: superseded)
        }
    }

    /// Whether `owner` still holds message `id` with at least `terms.renewBelowSeconds` left, renewing
    /// the lease first when less is left. Checked before every send; cheap when nothing needs renewing.
    public func holdLease(_ id: Int, owner: String, terms: LeaseTerms) throws -> Bool {
        try connection.queryPrepared("""
            WITH renewed AS (\(Self.renewal(id: "$1", owner: "$2", terms: ("$3", "$4"))))
            SELECT \(Self.stillHeld(id: "$1", owner: "$2", renewBelow: "$4")) AS held
            """, [id, owner, terms.seconds, terms.renewBelowSeconds]).singleRow().decode("held", as: Bool.self)
    }

    /// Marks a message sent — false when the lease was no longer ours: it went, but someone else may
    /// send it too — and holds the lease of the `next` one (`holdLease`) in the same round trip.
    public func markSent(_ id: Int, owner: String, holding next: Int? = nil, terms: LeaseTerms) throws -> (sent: Bool, nextHeld: Bool) {
        let row = try connection.queryPrepared("""
            WITH sent AS (
                UPDATE awards.outbox SET status = 'sent', sent_at = now(), lease_owner = NULL, lease_until = NULL, last_error = NULL
                WHERE id = $1 AND lease_owner = $2
                RETURNING id
            ), renewed AS (\(Self.renewal(id: "$3", owner: "$2", terms: ("$4", "$5"))))
            SELECT EXISTS (SELECT 1 FROM sent) AS sent, \(Self.stillHeld(id: "$3", owner: "$2", renewBelow: "$5")) AS held
            """, [id, owner, next, terms.seconds, terms.renewBelowSeconds]).singleRow()
        return (try row.decode("sent", as: Bool.self), try row.decode("held", as: Bool.self))
    }

    /// Renews a lease the owner still holds, only when less than the renewal threshold is left (a write
    /// per message would rewrite the whole row each time); the arguments name the parameters.
    private static func renewal(id: String, owner: String, terms: (seconds: String, renewBelow: String)) -> String {
        """
        UPDATE awards.outbox SET lease_until = now() + make_interval(secs => \(terms.seconds))
        WHERE id = \(id) AND lease_owner = \(owner) AND status = 'pending'
          AND lease_until < now() + make_interval(secs => \(terms.renewBelow))
        RETURNING id
        """
    }

    /// True when `renewed` (see `renewal`) renewed the lease, or it still had enough left. The statement
    /// sees the row as it was before `renewed` ran: one of the two holds for a lease still ours.
    private static func stillHeld(id: String, owner: String, renewBelow: String) -> String {
        """
        (EXISTS (SELECT 1 FROM renewed) OR EXISTS (
            SELECT 1 FROM awards.outbox WHERE id = \(id) AND lease_owner = \(owner) AND status = 'pending'
              AND lease_until >= now() + make_interval(secs => \(renewBelow))))
        """
    }

    /// Back to the pool after `delaySeconds` (a transient failure, or a message never attempted).
    public func markRetry(_ id: Int, owner: String, error: String?, delaySeconds: Double) throws {
        try connection.query("""
            UPDATE awards.outbox SET next_attempt_at = now() + make_interval(secs => $3), lease_owner = NULL, lease_until = NULL,
                   last_error = coalesce($4, last_error)
            WHERE id = $1 AND lease_owner = $2
            """, [id, owner, delaySeconds, error])
    }

    public func markFailed(_ id: Int, owner: String, error: String) throws {
        try connection.query("""
            UPDATE awards.outbox SET status = 'failed', lease_owner = NULL, lease_until = NULL, last_error = $3
            WHERE id = $1 AND lease_owner = $2
            """, [id, owner, error])
    }

    public func messages(status: String?) throws -> [OutboxMessage] {
        try connection.query("""
            SELECT id, message_key, recipient_email, recipient_name, subject, body_text, body_html, attempts, status, last_error, created_at
            FROM awards.outbox WHERE ($1::text IS NULL OR status = $1) ORDER BY id
            """, [status]).rows.map(Self.message)
    }

    private static func message(_ row: Row) throws -> OutboxMessage {
        OutboxMessage(id: try row.decode("id"), messageKey: try row.decode("message_key"), recipientEmail: try row.decode("recipient_email"),
                      recipientName: try row.decode("recipient_name"), subject: try row.decode("subject"),
                      bodyText: try row.decode("body_text"), bodyHTML: try row.decode("body_html"),
                      attempts: try row.decode("attempts"), status: try row.decode("status"),
                      lastError: try row.decode("last_error"), createdAt: try row.decode("created_at"))
    }
}
