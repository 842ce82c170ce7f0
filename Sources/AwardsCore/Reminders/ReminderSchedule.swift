import Foundation

/// One reminder of a deadline: what it is, whom it goes to, and from when it may be sent.
public struct ReminderStep: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// `n` working days before the due date (n ≥ 1).
        case beforeDue(Int)
        /// On the due date.
        case due
        /// The `n`-th reminder after the due date has passed (n ≥ 1).
        case overdue(Int)
        case escalateToManager
        case escalateToAgency
    }

    public let kind: Kind
    public let audience: ReminderAudience
    /// The working day on which the step falls.
    public let date: LocalDate
    /// From when it may be sent: the opening of the send window on `date`.
    public let instant: LocalDateTime
    /// Working days from the (effective) due date to `date`: negative before it, positive once overdue.
    public let workingDaysFromDue: Int

    /// Stable across runs and policy reloads, for the outbox's unique key (deadline, step, recipient):
    /// `before-5`, `due`, `overdue-1`, `overdue-2`, `escalate-manager`, `escalate-agency`.
    public var key: String {
        switch kind {
        case let .beforeDue(days): "before-\(days)"
        case .due: "due"
        case let .overdue(number): "overdue-\(number)"
        case .escalateToManager: "escalate-manager"
        case .escalateToAgency: "escalate-agency"
        }
    }

    public var description: String { "\(key) → \(audience.rawValue) at \(instant)" }

    /// The audience a recorded step was for, from its key.
    public static func audience(ofKey key: String) -> ReminderAudience {
        switch key {
        case "escalate-manager": .manager
        case "escalate-agency": .standingAgency
        default: .assignee
        }
    }
}

extension ReminderPolicy {
    /// A due date that falls on a day off moves to the next working day (Civil Code 2015, art. 148(5)):
    /// reminders and overdue counts run from this date.
    public func effectiveDueDate(_ dueDate: LocalDate, calendar: WorkingCalendar) -> LocalDate {
        calendar.workingDay(onOrAfter: dueDate)
    }

    /// Mail may go out now: a working day, within `[from, to)` of the send window.
    public func isInSendWindow(_ now: LocalDateTime, calendar: WorkingCalendar) -> Bool {
        calendar.isWorkingDay(now.date)
            && sendWindow.fromMinute <= now.minuteOfDay && now.minuteOfDay < sendWindow.toMinute
    }

    /// `now` when inside the send window, otherwise the moment the window next opens.
    public func nextSendWindowOpening(atOrAfter now: LocalDateTime, calendar: WorkingCalendar) -> LocalDateTime {
        if isInSendWindow(now, calendar: calendar) { return now }
        if calendar.isWorkingDay(now.date) && now.minuteOfDay < sendWindow.fromMinute {
            return opening(now.date)
        }
        return opening(calendar.adding(workingDays: 1, to: now.date))
    }

    /// Every step of a deadline that falls on or before `last`, in time order. For display and tests;
    /// the daemon sends `dueSteps`.
    public func schedule(dueDate: LocalDate, calendar: WorkingCalendar, through last: LocalDate) -> [ReminderStep] {
        let clock = OverdueClock(policy: self, dueDate: dueDate, calendar: calendar,
                                 now: LocalDateTime(date: last, minuteOfDay: 1439))
        var steps = beforeSteps(clock).filter { $0.date <= last }
        let overdueDays = clock.count
        if overdueDays >= 1 {
            steps += (1...min(overdueIndex(reachedOn: overdueDays), overdueLimit)).map { clock.overdueStep($0) }
        }
        steps += escalationSteps(clock).filter { $0.workingDaysFromDue <= overdueDays }
        return Self.ordered(steps)
    }

    /// The steps to send for a deadline at `now`: for each audience, the latest step whose instant has
    /// come. Earlier steps of the same audience that were never sent (the daemon was down, or the
    /// deadline was created late) are superseded rather than sent in a burst; a step already sent is
    /// kept out by the outbox's unique key.
    public func dueSteps(dueDate: LocalDate, now: LocalDateTime, calendar: WorkingCalendar) -> [ReminderStep] {
        let clock = OverdueClock(policy: self, dueDate: dueDate, calendar: calendar, now: now)
        var latest: [ReminderStep] = []
        let reached = clock.reachedCount
        if reached >= 1 {
            latest.append(clock.overdueStep(min(overdueIndex(reachedOn: reached), overdueLimit)))
        } else if let before = beforeSteps(clock).last(where: { $0.instant <= now }) {
            latest.append(before)
        }
        latest += escalationSteps(clock).filter { $0.workingDaysFromDue <= reached }
        return Self.ordered(latest)
    }

    /// The earliest instant strictly after `now` at which another step of this deadline becomes due, or
    /// nil when none ever will. The daemon indexes open deadlines by this value, so finding due work is a
    /// range scan over the due items only.
    public func nextStepInstant(dueDate: LocalDate, after now: LocalDateTime, calendar: WorkingCalendar) -> LocalDateTime? {
        let clock = OverdueClock(policy: self, dueDate: dueDate, calendar: calendar, now: now)
        let reached = clock.reachedCount
        var candidates = beforeSteps(clock).filter { $0.instant > now }.map(\.instant)
        // The first overdue reminder whose working day has not yet been reached.
        let nextIndex: Int
        if reached < 1 {
            nextIndex = 1
        } else if let every = overdueRepeatEvery {
            nextIndex = (reached - 1) / every + 2
        } else {
            nextIndex = Int.max
        }
        if nextIndex <= overdueLimit { candidates.append(clock.overdueStep(nextIndex).instant) }
        candidates += escalationSteps(clock).filter { $0.workingDaysFromDue > reached }.map(\.instant)
        return candidates.min()
    }

    /// Groups what one run sends: one batch per recipient (digest) or one per item.
    public func deliveryBatches<Item>(_ items: [Item], recipient: (Item) -> String) -> [[Item]] {
        switch delivery {
        case .perItem:
            return items.map { [$0] }
        case .digest:
            var order: [String] = []
            var groups: [String: [Item]] = [:]
            for item in items {
                let who = recipient(item)
                if groups[who] == nil { order.append(who) }
                groups[who, default: []].append(item)
            }
            return order.map { groups[$0]! }
        }
    }

    // MARK: - Parts

    fileprivate func opening(_ date: LocalDate) -> LocalDateTime {
        LocalDateTime(date: date, minuteOfDay: sendWindow.fromMinute)
    }

    private var overdueLimit: Int {
        overdueRepeatEvery == nil ? 1 : (overdueRepeatLimit ?? Int.max)
    }

    /// The number of the latest overdue reminder whose working day is `overdueDays` or earlier.
    private func overdueIndex(reachedOn overdueDays: Int) -> Int {
        guard overdueDays >= 1 else { return 0 }
        guard let every = overdueRepeatEvery else { return 1 }
        return (overdueDays - 1) / every + 1
    }

    private func beforeSteps(_ clock: OverdueClock) -> [ReminderStep] {
        beforeDue.map { days in
            let date = days == 0 ? clock.due : clock.calendar.adding(workingDays: -days, to: clock.due)
            return ReminderStep(kind: days == 0 ? .due : .beforeDue(days), audience: .assignee, date: date,
                                instant: opening(date), workingDaysFromDue: -days)
        }
    }

    private func escalationSteps(_ clock: OverdueClock) -> [ReminderStep] {
        var steps: [ReminderStep] = []
        if let days = escalateToManagerAfter {
            steps.append(clock.step(.escalateToManager, audience: .manager, overdueDay: days))
        }
        if let days = escalateToAgencyAfter {
            steps.append(clock.step(.escalateToAgency, audience: .standingAgency, overdueDay: days))
        }
        return steps
    }

    private static func ordered(_ steps: [ReminderStep]) -> [ReminderStep] {
        let rank = Dictionary(uniqueKeysWithValues: ReminderAudience.allCases.enumerated().map { ($1, $0) })
        return steps.sorted { ($0.instant, rank[$0.audience]!) < ($1.instant, rank[$1.audience]!) }
    }
}

/// Positions a deadline's overdue working days relative to `now`, so that the date of overdue day `n`
/// is found by stepping from `now` rather than walking from a due date that may be years back.
private struct OverdueClock {
    let policy: ReminderPolicy
    let calendar: WorkingCalendar
    /// The effective due date.
    let due: LocalDate
    let now: LocalDateTime
    /// Working days after the due date up to and including `now.date`.
    let count: Int
    /// Overdue working days whose reminders have come: `count`, less today's if the window is not yet open.
    let reachedCount: Int

    init(policy: ReminderPolicy, dueDate: LocalDate, calendar: WorkingCalendar, now: LocalDateTime) {
        self.policy = policy
        self.calendar = calendar
        self.due = policy.effectiveDueDate(dueDate, calendar: calendar)
        self.now = now
        self.count = calendar.workingDays(from: due, to: now.date)
        let todayNotYetOpen = count >= 1 && calendar.isWorkingDay(now.date) && now.minuteOfDay < policy.sendWindow.fromMinute
        self.reachedCount = todayNotYetOpen ? count - 1 : count
    }

    /// The working day that is the `n`-th after the due date (n ≥ 1).
    func date(ofOverdueDay n: Int) -> LocalDate {
        guard count >= 1 else { return calendar.adding(workingDays: n, to: due) }
        if n > count { return calendar.adding(workingDays: n - count, to: now.date) }
        // `lastReached` is overdue day `count`.
        let lastReached = calendar.workingDay(onOrBefore: now.date)
        return n == count ? lastReached : calendar.adding(workingDays: n - count, to: lastReached)
    }

    func step(_ kind: ReminderStep.Kind, audience: ReminderAudience, overdueDay: Int) -> ReminderStep {
        let date = date(ofOverdueDay: overdueDay)
        return ReminderStep(kind: kind, audience: audience, date: date, instant: policy.opening(date),
                            workingDaysFromDue: overdueDay)
    }

    /// Overdue reminder number `index`: the first on overdue day 1, then every `overdueRepeatEvery`.
    func overdueStep(_ index: Int) -> ReminderStep {
        step(.overdue(index), audience: .assignee, overdueDay: 1 + (index - 1) * (policy.overdueRepeatEvery ?? 1))
    }
}
