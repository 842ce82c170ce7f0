import AwardsMail
import AwardsStore
import Foundation
import Postgres

/// Turns the notices transitions wrote into messages of the outbox, in the settings' language: each in
/// the same transaction as marking it queued, keyed by the notice, so a crash or a second daemon neither
/// loses nor doubles one.
public struct NoticeQueue: Sendable {
    let mail: MailSetup

    public init(mail: MailSetup) {
        self.mail = mail
    }

    /// Queues every pending notice, `batch` at a time; returns how many.
    @discardableResult
    public func queue(_ connection: Connection, batch: Int = 200) throws -> Int {
        var queued = 0
        while true {
            let done = try connection.transaction { connection -> Int in
                let store = NoticeStore(connection)
                let notices = try store.claim(limit: batch)
                let messages = try notices.map { notice -> ReminderStore.QueuedMessage in
                    let rendered = try mail.templates.transition(TransitionNotice(
                        recipientName: notice.recipient.name, isProposal: notice.proposalID != nil,
                        number: notice.proposalID ?? notice.nominationID ?? 0, subject: notice.subjectName, unit: notice.unitName,
                        event: notice.event, eventLabel: notice.eventLabel, fromState: notice.fromState, fromLabel: notice.fromLabel,
                        toState: notice.toState, toLabel: notice.toLabel, actorName: notice.actorName, actorLogin: notice.actorLogin,
                        lines: notice.lines), language: mail.language)
                    return ReminderStore.QueuedMessage(key: NoticeStore.messageKey(notice.id), recipient: notice.recipient,
                                                       subject: rendered.subject, text: rendered.text, html: rendered.html, reminders: [])
                }
                try ReminderStore(connection).enqueue(messages)
                try store.markQueued(notices.map(\.id))
                return notices.count
            }
            queued += done
            if done < batch { return queued }
        }
    }
}
