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

    static let keys = ["before_due", "overdue_repeat_every", "overdue_repeat_limit", "escalate_to_manager_after",
                       "escalate_to_agency_after", "send_window", "delivery"]

    /// Parses the text of `config/reminders.yaml`. Errors are `ConfigError`s naming the line.
    public static func parse(yaml text: String) throws -> ReminderPolicy {
        guard let root = try YAMLNode.parse(text) else {
            throw ConfigError(line: nil, column: nil, message: "the reminder policy is empty")
        }
        let fields = try root.mapping("the reminder policy", allowedKeys: keys)
        func field(_ key: String) -> YAMLNode? { fields.first(where: { $0.key == key })?.value }
        func required(_ key: String) throws -> YAMLNode {
            guard let node = field(key) else { throw root.error("the reminder policy needs \(key)") }
            return node
        }

        var before: [Int] = []
        for item in try required("before_due").sequence("before_due") {
            let days = try item.int("a before_due entry", range: 0...365)
            guard !before.contains(days) else { throw item.error("\(days) is listed twice in before_due") }
            before.append(days)
        }
        let repeatEvery = try field("overdue_repeat_every").map { try $0.int("overdue_repeat_every", range: 1...365) }
        let repeatLimit = try field("overdue_repeat_limit").map { try $0.int("overdue_repeat_limit", range: 1...10_000) }
        let manager = try field("escalate_to_manager_after").map { try $0.int("escalate_to_manager_after", range: 1...365) }
        let agency = try field("escalate_to_agency_after").map { try $0.int("escalate_to_agency_after", range: 1...365) }
        if let manager, let agency, agency <= manager, let node = field("escalate_to_agency_after") {
            throw node.error("escalate_to_agency_after (\(agency)) must come after escalate_to_manager_after (\(manager))")
        }

        let windowNode = try required("send_window")
        let windowFields = try windowNode.mapping("send_window", allowedKeys: ["from", "to"])
        func windowField(_ key: String) throws -> YAMLNode {
            guard let node = windowFields.first(where: { $0.key == key })?.value else {
                throw windowNode.error("send_window needs \(key)")
            }
            return node
        }
        let from = try windowField("from").minuteOfDay("send_window.from")
        let toNode = try windowField("to")
        let to = try toNode.minuteOfDay("send_window.to")
        guard from < to else { throw toNode.error("send_window.to must be later than send_window.from") }

        let deliveryNode = try required("delivery")
        let deliveryText = try deliveryNode.string("delivery")
        guard let delivery = Delivery(rawValue: deliveryText) else {
            throw deliveryNode.error("delivery must be digest or per_item, not \"\(deliveryText)\"")
        }
        return ReminderPolicy(beforeDue: before, overdueRepeatEvery: repeatEvery, overdueRepeatLimit: repeatLimit,
                              escalateToManagerAfter: manager, escalateToAgencyAfter: agency,
                              sendWindow: SendWindow(fromMinute: from, toMinute: to), delivery: delivery)
    }
}
