import AwardsCore

/// One thing a unit owes, as a reminder shows it. The daemon computes the working days; the mail only
/// words them.
public struct ReminderItem: Hashable, Sendable {
    public var title: String
    /// The unit that owes it.
    public var unit: String
    /// Where it must be sent, when there is such a place (e.g. "Sở Nội vụ").
    public var receivingUnit: String?
    public var dueDate: LocalDate
    /// Working days from today to the due date: positive ahead of it, 0 on the day, negative once overdue.
    public var workingDaysLeft: Int
    /// The exact command that records it as done, e.g. `awards obligation done 12 --document 123/SNV`.
    public var command: String
    /// Why this recipient hears of it: their own work, or an escalation (one digest may hold both).
    public var audience: ReminderAudience

    public init(title: String, unit: String, receivingUnit: String? = nil, dueDate: LocalDate,
                workingDaysLeft: Int, command: String, audience: ReminderAudience = .responsible) {
        self.title = title
        self.unit = unit
        self.receivingUnit = receivingUnit
        self.dueDate = dueDate
        self.workingDaysLeft = workingDaysLeft
        self.command = command
        self.audience = audience
    }
}

/// Who the reminder is addressed to: the unit that owes the work, or someone it is escalated to.
public enum ReminderAudience: String, Hashable, Sendable, CaseIterable {
    case responsible
    case manager
    case standingAgency
}

/// A reminder about one item.
public struct ReminderNotice: Hashable, Sendable {
    public var recipientName: String?
    public var audience: ReminderAudience
    public var item: ReminderItem

    public init(recipientName: String? = nil, audience: ReminderAudience = .responsible, item: ReminderItem) {
        self.recipientName = recipientName
        self.audience = audience
        self.item = item
    }
}

/// One e-mail listing all of a recipient's items for a run.
public struct ReminderDigest: Hashable, Sendable {
    public var recipientName: String?
    public var audience: ReminderAudience
    public var items: [ReminderItem]

    public init(recipientName: String? = nil, audience: ReminderAudience = .responsible, items: [ReminderItem]) {
        self.recipientName = recipientName
        self.audience = audience
        self.items = items
    }
}

/// The values templates see. Names are the template variables documented in config/mail/README.md.
enum TemplateValues {
    static func item(_ item: ReminderItem, number: Int? = nil) -> [String: Any] {
        var values: [String: Any] = [
            "title": item.title,
            "unit": item.unit,
            "receivingUnit": item.receivingUnit ?? "",
            "hasReceivingUnit": item.receivingUnit != nil,
            "dueDate": item.dueDate.vietnamese,
            "dueDateISO": item.dueDate.iso,
            "workingDaysLeft": item.workingDaysLeft,
            "daysLeft": max(item.workingDaysLeft, 0),
            "daysOverdue": max(-item.workingDaysLeft, 0),
            "isUpcoming": item.workingDaysLeft > 0,
            "isDueToday": item.workingDaysLeft == 0,
            "isOverdue": item.workingDaysLeft < 0,
            "command": item.command,
            "escalatedToManager": item.audience == .manager,
            "escalatedToAgency": item.audience == .standingAgency,
        ]
        if let number { values["number"] = number }
        return values
    }

    static func audience(_ audience: ReminderAudience, recipientName: String?) -> [String: Any] {
        [
            "recipientName": recipientName ?? "",
            "hasRecipientName": recipientName != nil,
            "toResponsible": audience == .responsible,
            "toManager": audience == .manager,
            "toStandingAgency": audience == .standingAgency,
            "isEscalation": audience != .responsible,
        ]
    }

    static func notice(_ notice: ReminderNotice) -> [String: Any] {
        var values = item(notice.item)
        values.merge(audience(notice.audience, recipientName: notice.recipientName)) { _, new in new }
        values["greetingName"] = notice.recipientName ?? notice.item.unit
        return values
    }

    static func digest(_ digest: ReminderDigest) -> [String: Any] {
        var values = audience(digest.audience, recipientName: digest.recipientName)
        let overdue = digest.items.filter { $0.workingDaysLeft < 0 }.count
        let dueToday = digest.items.filter { $0.workingDaysLeft == 0 }.count
        values["items"] = digest.items.enumerated().map { item($1, number: $0 + 1) }
        values["itemCount"] = digest.items.count
        values["overdueCount"] = overdue
        values["hasOverdue"] = overdue > 0
        values["dueTodayCount"] = dueToday
        values["hasDueToday"] = dueToday > 0
        values["upcomingCount"] = digest.items.count - overdue - dueToday
        let units = Set(digest.items.map(\.unit))
        values["singleUnit"] = units.count == 1
        values["unit"] = units.count == 1 ? units.first! : ""
        return values
    }
}
