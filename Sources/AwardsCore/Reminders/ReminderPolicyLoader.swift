import Foundation

extension ReminderPolicy {
    /// Reads and validates `config/reminders.yaml`.
    /// Throws every problem found, each with its line; `file` is used only to locate them in messages.
    public static func load(yaml text: String, file: String) throws(ConfigProblems) -> ReminderPolicy {
        try ReminderPolicyLoader.load(text, file: file)
    }

    /// Every problem in the file, empty when it is valid.
    public static func problems(yaml text: String, file: String) -> [ConfigProblem] {
        ReminderPolicyLoader.problems(text, file: file)
    }
}

private struct ReminderPolicyLoader: ConfigFileLoader {
    var reader: ConfigReader

    mutating func load(_ text: String) -> ReminderPolicy? {
        guard let root = reader.parse(text),
              let top = reader.mapping(root, "the reminder policy", required: ["before_due", "send_window", "delivery"],
                                       optional: ["overdue_repeat_every", "overdue_repeat_limit",
                                                  "escalate_to_manager_after", "escalate_to_agency_after"])
        else { return nil }

        let beforeDue = top["before_due"].flatMap { loadBeforeDue($0.value) }
        let repeatEvery = top["overdue_repeat_every"].flatMap { reader.integer($0.value, "`overdue_repeat_every`", in: 1...365) }
        let repeatLimit = top["overdue_repeat_limit"].flatMap { reader.integer($0.value, "`overdue_repeat_limit`", in: 1...10_000) }
        let manager = top["escalate_to_manager_after"].flatMap { reader.integer($0.value, "`escalate_to_manager_after`", in: 1...365) }
        let agency = top["escalate_to_agency_after"].flatMap { reader.integer($0.value, "`escalate_to_agency_after`", in: 1...365) }
        if let manager, let agency, agency <= manager, let agencyEntry = top["escalate_to_agency_after"] {
            reader.report(agencyEntry.value, "`escalate_to_agency_after` (\(agency)) must come after `escalate_to_manager_after` (\(manager))")
        }
        let window = top["send_window"].flatMap { loadSendWindow($0.value) }
        var delivery: ReminderPolicy.Delivery?
        if let entry = top["delivery"], let text = reader.text(entry.value, "`delivery`") {
            delivery = ReminderPolicy.Delivery(rawValue: text)
            if delivery == nil {
                reader.report(entry.value, "`delivery` must be `digest` or `per_item`, not `\(text)`")
            }
        }

        guard reader.problems.isEmpty, let beforeDue, let window, let delivery else { return nil }
        return ReminderPolicy(beforeDue: beforeDue, overdueRepeatEvery: repeatEvery, overdueRepeatLimit: repeatLimit,
                              escalateToManagerAfter: manager, escalateToAgencyAfter: agency,
                              sendWindow: window, delivery: delivery)
    }

    private mutating func loadBeforeDue(_ node: ConfigNode) -> [Int]? {
        guard let items = reader.sequence(node, "`before_due`") else { return nil }
        var days: [Int] = []
        var firstLine: [Int: Int] = [:]
        for item in items {
            guard let count = reader.integer(item, "an entry of `before_due`", in: 0...365) else { continue }
            if let line = firstLine[count] {
                reader.report(item, "\(count) is listed twice in `before_due` (first at line \(line))")
                continue
            }
            firstLine[count] = item.line
            days.append(count)
        }
        return days
    }

    private mutating func loadSendWindow(_ node: ConfigNode) -> ReminderPolicy.SendWindow? {
        guard let settings = reader.mapping(node, "`send_window`", required: ["from", "to"]) else { return nil }
        let from = settings["from"].flatMap { reader.minuteOfDay($0.value, "`from` of `send_window`") }
        let to = settings["to"].flatMap { reader.minuteOfDay($0.value, "`to` of `send_window`") }
        guard let from, let to, let toEntry = settings["to"] else { return nil }
        guard from < to else {
            reader.report(toEntry.value, "`to` of `send_window` must be later than its `from`")
            return nil
        }
        return ReminderPolicy.SendWindow(fromMinute: from, toMinute: to)
    }
}
