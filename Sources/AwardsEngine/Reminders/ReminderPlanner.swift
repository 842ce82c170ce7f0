import AwardsCore
import AwardsMail
import AwardsStore
import Foundation
import Postgres

/// Turns due deadlines into reminders and the messages that carry them, in one transaction: either a
/// reminder, its message and the deadline's next reminder time are all recorded, or none is.
public struct ReminderPlanner: Sendable {
    public let policy: ReminderPolicy
    public let calendar: WorkingCalendar
    public let mail: MailSetup

    public init(policy: ReminderPolicy, calendar: WorkingCalendar, mail: MailSetup) {
        self.policy = policy
        self.calendar = calendar
        self.mail = mail
    }

    public struct Report: Sendable, Equatable {
        public var deadlines = 0
        public var reminders = 0
        public var messages = 0
        public var outsideWindow = false
    }

    private struct Pending {
        let recipient: Recipient
        let audience: AwardsMail.ReminderAudience
        var items: [(deadline: DueDeadline, step: ReminderStep)]
    }

    /// Plans the deadlines due at `now`, `batch` at a time, until none is left. Outside the send window
    /// (nights, weekends, holidays) it plans nothing: a step becomes due when the window opens.
    public func plan(_ connection: Connection, now: Date, batch: Int = 200) throws -> Report {
        var report = Report()
        let local = LocalDateTime(secondsSince1970: now.timeIntervalSince1970)
        guard policy.isInSendWindow(local, calendar: calendar) else {
            report.outsideWindow = true
            return report
        }
        while true {
            let done = try connection.transaction { connection -> Report in
                try planBatch(ReminderStore(connection), now: now, local: local, batch: batch)
            }
            report.deadlines += done.deadlines
            report.reminders += done.reminders
            report.messages += done.messages
            if done.deadlines < batch { return report }
        }
    }

    private func planBatch(_ store: ReminderStore, now: Date, local: LocalDateTime, batch: Int) throws -> Report {
        var report = Report()
        let deadlines = try store.claimDueDeadlines(now: now, limit: batch)
        report.deadlines = deadlines.count
        var pending: [String: Pending] = [:]
        var order: [String] = []
        for deadline in deadlines {
            for step in policy.dueSteps(dueDate: deadline.dueOn, now: local, calendar: calendar) {
                let (audience, people): (AwardsMail.ReminderAudience, [Recipient]) = switch step.audience {
                case .assignee: (.responsible, try store.recipients(unitID: deadline.unitID, role: deadline.assigneeRole))
                case .manager: (.manager, try store.recipients(unitID: deadline.unitID, role: "manager"))
                case .standingAgency: (.standingAgency, try store.standingAgency())
                }
                for person in people where try store.recordReminder(deadlineID: deadline.id, step: step.key, recipientEmail: person.email) {
                    report.reminders += 1
                    let group = policy.delivery == .digest
                        ? "\(person.email)|\(audience.rawValue)"
                        : "\(person.email)|\(audience.rawValue)|\(deadline.id)|\(step.key)"
                    if pending[group] == nil {
                        pending[group] = Pending(recipient: person, audience: audience, items: [])
                        order.append(group)
                    }
                    pending[group]!.items.append((deadline, step))
                }
            }
            let next = policy.nextStepInstant(dueDate: deadline.dueOn, after: local, calendar: calendar)
            try store.reschedule(deadlineID: deadline.id, next: next.map { Date(timeIntervalSince1970: Double($0.secondsSince1970())) })
        }
        for group in order {
            let message = pending[group]!
            let items = message.items.map { item($0.deadline, today: local.date) }
            let rendered = try message.items.count == 1 && policy.delivery == .perItem
                ? mail.templates.reminder(ReminderNotice(recipientName: message.recipient.name, audience: message.audience, item: items[0]), language: mail.language)
                : mail.templates.digest(ReminderDigest(recipientName: message.recipient.name, audience: message.audience, items: items), language: mail.language)
            let keys = message.items.map { "\($0.deadline.id).\($0.step.key)" }
            // Stable: the same reminders for the same person always make the same key, hence Message-ID.
            let key = "\(message.recipient.email)/\(Self.fingerprint(keys.joined(separator: ",")))"
            try store.enqueue(key: key, recipient: message.recipient, subject: rendered.subject, text: rendered.text,
                              html: rendered.html, reminders: message.items.map { ($0.deadline.id, $0.step.key) })
            report.messages += 1
        }
        return report
    }

    private func item(_ deadline: DueDeadline, today: LocalDate) -> ReminderItem {
        let due = policy.effectiveDueDate(deadline.dueOn, calendar: calendar)
        let left = calendar.workingDays(from: today, to: due)
        let command = if let obligation = deadline.obligationID {
            "awards obligation done \(obligation) --unit \(deadline.unitCode) --document SỐ/KÝ-HIỆU"
        } else if let nomination = deadline.nominationID {
            "awards show \(nomination)"
        } else {
            "awards list"
        }
        return ReminderItem(title: deadline.title, unit: deadline.unitName, receivingUnit: deadline.receivingUnitName,
                            dueDate: deadline.dueOn, workingDaysLeft: left, command: command)
    }

    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
