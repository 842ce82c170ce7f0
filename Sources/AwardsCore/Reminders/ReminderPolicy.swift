import Foundation

/// Who a reminder step is addressed to.
public enum ReminderAudience: String, Hashable, Sendable, CaseIterable {
    /// The officer or unit that owes the item.
    case assignee
    /// The unit's head (thủ trưởng), on escalation.
    case manager
    /// Sở Nội vụ (Ban Thi đua – Khen thưởng), the standing agency, on the last escalation.
    case standingAgency = "standing-agency"
}

/// When and to whom deadlines are reminded. Parsed from `config/reminders.yaml`; every count is in
/// working days of a `WorkingCalendar`.
public struct ReminderPolicy: Sendable, Equatable {
    public enum Delivery: String, Sendable, Equatable {
        /// One e-mail per recipient per run, listing all their items.
        case digest
        /// One e-mail per item.
        case perItem = "per_item"
    }

    /// Minutes of the local day during which mail may go out, on working days only: `[from, to)`.
    public struct SendWindow: Sendable, Equatable {
        public let fromMinute: Int
        public let toMinute: Int

        public init(fromMinute: Int, toMinute: Int) {
            precondition(0 <= fromMinute && fromMinute < toMinute && toMinute <= 1440, "empty send window")
            self.fromMinute = fromMinute
            self.toMinute = toMinute
        }
    }

    /// Working days before the due date at which to remind, e.g. [5, 2, 0] (0 is the due date itself).
    public let beforeDue: [Int]
    /// After the first overdue reminder (on the first overdue working day), repeat every this many
    /// working days; nil for a single overdue reminder.
    public let overdueRepeatEvery: Int?
    /// At most this many overdue reminders to the assignee; nil for no limit.
    public let overdueRepeatLimit: Int?
    /// Escalate to the unit's manager after this many overdue working days; nil never.
    public let escalateToManagerAfter: Int?
    /// Escalate to the standing agency after this many overdue working days; nil never.
    public let escalateToAgencyAfter: Int?
    public let sendWindow: SendWindow
    public let delivery: Delivery

    public init(beforeDue: [Int], overdueRepeatEvery: Int?, overdueRepeatLimit: Int? = nil,
                escalateToManagerAfter: Int?, escalateToAgencyAfter: Int?,
                sendWindow: SendWindow, delivery: Delivery) {
        precondition(beforeDue.allSatisfy { $0 >= 0 }, "reminders before the due date count forward from 0")
        precondition((overdueRepeatEvery ?? 1) >= 1 && (overdueRepeatLimit ?? 1) >= 1)
        precondition((escalateToManagerAfter ?? 1) >= 1 && (escalateToAgencyAfter ?? 1) >= 1)
        self.beforeDue = Array(Set(beforeDue)).sorted(by: >)
        self.overdueRepeatEvery = overdueRepeatEvery
        self.overdueRepeatLimit = overdueRepeatLimit
        self.escalateToManagerAfter = escalateToManagerAfter
        self.escalateToAgencyAfter = escalateToAgencyAfter
        self.sendWindow = sendWindow
        self.delivery = delivery
    }
}
