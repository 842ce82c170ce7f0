import Foundation
import Postgres

/// A notice of a transition waiting to become a message (awards.notices, written by the transition's
/// own transaction).
public struct PendingNotice: Sendable, Equatable {
    public var id: Int
    public var nominationID: Int?
    public var proposalID: Int?
    public var event: String
    public var eventLabel: String?
    public var fromState: String?
    public var fromLabel: String?
    public var toState: String
    public var toLabel: String?
    public var subjectName: String
    public var unitName: String
    public var actorLogin: String
    public var actorName: String
    public var recipient: Recipient
    public var lines: Int?
}

/// The daemon's side of notices: it claims those not yet queued and ties each to the message that carries it.
public struct NoticeStore {
    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    /// Notices not yet queued, locked (SKIP LOCKED: two daemons share them out); call inside a transaction.
    public func claim(limit: Int) throws -> [PendingNotice] {
        try connection.query("""
            SELECT id, nomination_id, proposal_id, event, event_label, from_state, from_label, to_state, to_label, subject_name,
                   unit_name, actor_login::text AS actor_login, actor_name, recipient_email, recipient_name, lines
            FROM awards.notices WHERE outbox_id IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
            """, [limit]).rows.map {
            PendingNotice(id: try $0.decode("id"), nominationID: try $0.decode("nomination_id"), proposalID: try $0.decode("proposal_id"),
                          event: try $0.decode("event"), eventLabel: try $0.decode("event_label"), fromState: try $0.decode("from_state"),
                          fromLabel: try $0.decode("from_label"), toState: try $0.decode("to_state"), toLabel: try $0.decode("to_label"),
                          subjectName: try $0.decode("subject_name"), unitName: try $0.decode("unit_name"),
                          actorLogin: try $0.decode("actor_login"), actorName: try $0.decode("actor_name"),
                          recipient: Recipient(email: try $0.decode("recipient_email"), name: try $0.decode("recipient_name")),
                          lines: try $0.decode("lines"))
        }
    }

    /// The message key a notice's e-mail carries: one message per notice, whoever queues it.
    public static func messageKey(_ id: Int) -> String { "notice:\(id)" }

    /// Marks the notices queued, by their messages' keys.
    public func markQueued(_ ids: [Int]) throws {
        guard !ids.isEmpty else { return }
        try connection.query("""
            UPDATE awards.notices n SET outbox_id = o.id
            FROM awards.outbox o WHERE o.message_key = 'notice:' || n.id AND n.id = ANY ($1::bigint[])
            """, [ids.map(String.init)])
    }
}
