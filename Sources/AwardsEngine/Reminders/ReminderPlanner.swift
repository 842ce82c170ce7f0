import AwardsCore
import AwardsMail
import AwardsStore
import Foundation
import Postgres

/// Turns due deadlines into reminders and the messages that carry them.
///
/// Planning runs a batch of deadlines per transaction: each reminder is written once (the database
/// refuses a second) with the deadline's next reminder time. Then one transaction composes every
/// reminder no message carries yet into one message per person — all they must act on or are told of
/// in this pass, across batches and audiences — so a crash between the two leaves reminders that the
/// next pass composes, never a reminder lost or sent twice.
public struct ReminderPlanner: Sendable {
    public let policy: ReminderPolicy
    public let calendar: WorkingCalendar
    public let mail: MailSetup
    /// For the commands a reminder about a nomination names: the events of its state.
    public let workflow: WorkflowDefinition?

    public init(policy: ReminderPolicy, calendar: WorkingCalendar, mail: MailSetup, workflow: WorkflowDefinition? = nil) {
        self.policy = policy
        self.calendar = calendar
        self.mail = mail
        self.workflow = workflow
    }

    public struct Report: Sendable, Equatable {
        public var deadlines = 0
        public var reminders = 0
        public var messages = 0
        public var outsideWindow = false
    }

    /// Plans the deadlines due at `now`, `batch` at a time, until none is left, then composes the
    /// messages. Outside the send window (nights, weekends, holidays) it plans nothing: a step becomes
    /// due when the window opens.
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
            if done.deadlines < batch { break }
        }
        report.messages = try connection.transaction { connection in
            try compose(ReminderStore(connection), today: local.date)
        }
        return report
    }

    private func planBatch(_ store: ReminderStore, now: Date, local: LocalDateTime, batch: Int) throws -> Report {
        var report = Report()
        let deadlines = try store.claimDueDeadlines(now: now, limit: batch)
        report.deadlines = deadlines.count
        var recipientsByUnitRole: [String: [Recipient]] = [:]
        func recipients(_ unitID: Int, _ role: String) throws -> [Recipient] {
            let key = "\(unitID)/\(role)"
            if let known = recipientsByUnitRole[key] { return known }
            let found = role == "standing_agency" ? try store.standingAgency() : try store.recipients(unitID: unitID, role: role)
            recipientsByUnitRole[key] = found
            return found
        }
        var reminders: [ReminderStore.PlannedReminder] = []
        var next: [(deadlineID: Int, at: Date?)] = []
        for deadline in deadlines {
            // Nobody is escalated to about work that is their own: they hear of it as the assignee.
            let assignees = Set(try recipients(deadline.unitID, deadline.assigneeRole).map(\.email))
            for step in policy.dueSteps(dueDate: deadline.dueOn, now: local, calendar: calendar) {
                let people: [Recipient] = switch step.audience {
                case .assignee: try recipients(deadline.unitID, deadline.assigneeRole)
                case .manager: try recipients(deadline.unitID, "manager").filter { !assignees.contains($0.email) }
                case .standingAgency: try recipients(deadline.unitID, "standing_agency").filter { !assignees.contains($0.email) }
                }
                reminders += people.map { .init(deadlineID: deadline.id, step: step.key, recipientEmail: $0.email) }
            }
            let instant = policy.nextStepInstant(dueDate: deadline.dueOn, after: local, calendar: calendar)
            next.append((deadline.id, instant.map { Date(timeIntervalSince1970: Double($0.secondsSince1970())) }))
        }
        report.reminders = try store.recordReminders(reminders).count
        try store.reschedule(next)
        return report
    }

    /// One message per person (digest), or per reminder (per_item), for every reminder not yet carried.
    private func compose(_ store: ReminderStore, today: LocalDate) throws -> Int {
        let unsent = try store.unsentReminders()
        var groups: [String: [ReminderStore.UnsentReminder]] = [:]
        var order: [String] = []
        for entry in unsent {
            let group = policy.delivery == .digest
                ? entry.recipient.email
                : "\(entry.recipient.email)|\(entry.reminder.deadlineID)|\(entry.reminder.step)"
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(entry)
        }
        var messages: [ReminderStore.QueuedMessage] = []
        for group in order {
            let members = groups[group]!
            let first = members[0]
            let items = members.map { item($0, today: today) }
            // Addressed as what they all are, if they are one thing; else by name, item by item.
            let audiences = Set(items.map(\.audience))
            let audience = audiences.count == 1 ? audiences.first! : .responsible
            let rendered = try policy.delivery == .perItem
                ? mail.templates.reminder(ReminderNotice(recipientName: first.recipient.name, audience: audience, item: items[0]), language: mail.language)
                : mail.templates.digest(ReminderDigest(recipientName: first.recipient.name, audience: audience, items: items), language: mail.language)
            let keys = members.map { "\($0.reminder.deadlineID).\($0.reminder.step)" }
            // Stable: the same reminders for the same person always make the same key, hence Message-ID.
            let key = "\(first.recipient.email)/\(FNV1a64.hex(of: keys.joined(separator: ",")))"
            messages.append(.init(key: key, recipient: first.recipient, subject: rendered.subject, text: rendered.text,
                                  html: rendered.html, reminders: members.map(\.reminder)))
        }
        try store.enqueue(messages)
        return messages.count
    }

    private func item(_ entry: ReminderStore.UnsentReminder, today: LocalDate) -> ReminderItem {
        let deadline = entry.deadline
        let due = policy.effectiveDueDate(deadline.dueOn, calendar: calendar)
        let left = calendar.workingDays(from: today, to: due)
        let audience: AwardsMail.ReminderAudience = switch ReminderStep.audience(ofKey: entry.reminder.step) {
        case .assignee: .responsible
        case .manager: .manager
        case .standingAgency: .standingAgency
        }
        return ReminderItem(title: deadline.title, unit: deadline.unitName, receivingUnit: deadline.receivingUnitName,
                            dueDate: deadline.dueOn, workingDaysLeft: left,
                            command: command(deadline, state: entry.state), audience: audience)
    }

    /// Withdrawing ends the work rather than doing it; joining and leaving a proposal, and lowering an
    /// award, happen through `awards proposal` and `awards decision`.
    static let eventsNotRemindedOf: Set<String> = ["withdraw", "join_proposal", "leave_proposal", "downgrade"]

    /// The exact commands that deal with the item: for a nomination, its state's events as the CLI
    /// spells them (`awards approve 12`, `awards return 12` …).
    private func command(_ deadline: DueDeadline, state: String?) -> String {
        if let obligation = deadline.obligationID {
            return "awards obligation done \(obligation) --unit \(deadline.unitCode) --document SỐ/KÝ-HIỆU"
        }
        if let appraisal = deadline.appraisalID {
            return "awards appraisal judge \(appraisal) LINE eligible | awards appraisal submit \(appraisal) --number SỐ --date NGÀY (awards appraisal show \(appraisal))"
        }
        if let posting = deadline.postingID {
            return "awards posting close \(posting) (awards posting show \(posting))"
        }
        guard let nomination = deadline.nominationID else { return "awards list" }
        var seen: Set<String> = []
        let events = (workflow?.events(from: state) ?? []).map(\.name)
            .filter { !Self.eventsNotRemindedOf.contains($0) && seen.insert($0).inserted }
        guard !events.isEmpty else { return "awards show \(nomination)" }
        return events.map { "awards \($0 == "record_external_decision" ? "record-decision" : $0) \(nomination)" }.joined(separator: " | ")
            + " (awards show \(nomination); --help)"
    }
}
