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
        // Who receives what, decided first; then one statement records all of it and says what is new.
        var recipientsByUnitRole: [String: [Recipient]] = [:]
        func recipients(_ unitID: Int, _ role: String) throws -> [Recipient] {
            let key = "\(unitID)/\(role)"
            if let known = recipientsByUnitRole[key] { return known }
            let found = role == "standing_agency" ? try store.standingAgency() : try store.recipients(unitID: unitID, role: role)
            recipientsByUnitRole[key] = found
            return found
        }
        struct Candidate {
            let reminder: ReminderStore.PlannedReminder
            let recipient: Recipient
            let audience: AwardsMail.ReminderAudience
            let deadline: DueDeadline
        }
        var candidates: [Candidate] = []
        var next: [(deadlineID: Int, at: Date?)] = []
        for deadline in deadlines {
            for step in policy.dueSteps(dueDate: deadline.dueOn, now: local, calendar: calendar) {
                let (audience, people): (AwardsMail.ReminderAudience, [Recipient]) = switch step.audience {
                case .assignee: (.responsible, try recipients(deadline.unitID, deadline.assigneeRole))
                case .manager: (.manager, try recipients(deadline.unitID, "manager"))
                case .standingAgency: (.standingAgency, try recipients(deadline.unitID, "standing_agency"))
                }
                for person in people {
                    candidates.append(Candidate(reminder: .init(deadlineID: deadline.id, step: step.key, recipientEmail: person.email),
                                                recipient: person, audience: audience, deadline: deadline))
                }
            }
            let instant = policy.nextStepInstant(dueDate: deadline.dueOn, after: local, calendar: calendar)
            next.append((deadline.id, instant.map { Date(timeIntervalSince1970: Double($0.secondsSince1970())) }))
        }
        let new = try store.recordReminders(candidates.map(\.reminder))
        report.reminders = new.count

        var groups: [String: [Candidate]] = [:]
        var order: [String] = []
        for candidate in candidates where new.contains(candidate.reminder) {
            let group = policy.delivery == .digest
                ? "\(candidate.recipient.email)|\(candidate.audience.rawValue)"
                : "\(candidate.recipient.email)|\(candidate.audience.rawValue)|\(candidate.reminder.deadlineID)|\(candidate.reminder.step)"
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(candidate)
        }
        var messages: [ReminderStore.QueuedMessage] = []
        for group in order {
            let members = groups[group]!
            let first = members[0]
            let items = members.map { item($0.deadline, today: local.date) }
            let rendered = try policy.delivery == .perItem
                ? mail.templates.reminder(ReminderNotice(recipientName: first.recipient.name, audience: first.audience, item: items[0]), language: mail.language)
                : mail.templates.digest(ReminderDigest(recipientName: first.recipient.name, audience: first.audience, items: items), language: mail.language)
            let keys = members.map { "\($0.reminder.deadlineID).\($0.reminder.step)" }
            // Stable: the same reminders for the same person always make the same key, hence Message-ID.
            let key = "\(first.recipient.email)/\(FNV1a64.hex(of: keys.joined(separator: ",")))"
            messages.append(.init(key: key, recipient: first.recipient, subject: rendered.subject, text: rendered.text,
                                  html: rendered.html, reminders: members.map(\.reminder)))
        }
        try store.enqueue(messages)
        try store.reschedule(next)
        report.messages = messages.count
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
}
