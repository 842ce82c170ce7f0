import Foundation
import Testing
@testable import AwardsCore

private func date(_ iso: String) -> LocalDate { LocalDate(parsing: iso)! }
private func at(_ iso: String, _ hour: Int, _ minute: Int = 0) -> LocalDateTime {
    LocalDateTime(date: date(iso), hour: hour, minute: minute)
}

private let policy = ReminderPolicy(
    beforeDue: [5, 2, 0], overdueRepeatEvery: 2, escalateToManagerAfter: 3, escalateToAgencyAfter: 10,
    sendWindow: .init(fromMinute: 8 * 60, toMinute: 17 * 60), delivery: .digest)

private func summary(_ steps: [ReminderStep]) -> [String] {
    steps.map { "\($0.key) \($0.audience.rawValue) \($0.date.iso)" }
}

@Suite struct ReminderScheduleTests {
    let calendar: WorkingCalendar

    init() throws { calendar = WorkingCalendar(announcements: try shippedHolidayAnnouncements()) }

    @Test func seedDeadlineOf15October2021() {
        #expect(summary(policy.schedule(dueDate: date("2021-10-15"), calendar: calendar, through: date("2021-10-29"))) == [
            "before-5 assignee 2021-10-08",
            "before-2 assignee 2021-10-13",
            "due assignee 2021-10-15",
            "overdue-1 assignee 2021-10-18",
            "overdue-2 assignee 2021-10-20",
            "escalate-manager manager 2021-10-20",
            "overdue-3 assignee 2021-10-22",
            "overdue-4 assignee 2021-10-26",
            "overdue-5 assignee 2021-10-28",
            "escalate-agency standing-agency 2021-10-29",
        ])
    }

    @Test func stepsBecomeDueWhenTheWindowOpensOnTheirDay() {
        let due = date("2021-10-15")
        #expect(summary(policy.dueSteps(dueDate: due, now: at("2021-10-08", 7, 59), calendar: calendar)) == [])
        #expect(summary(policy.dueSteps(dueDate: due, now: at("2021-10-08", 8), calendar: calendar)) == ["before-5 assignee 2021-10-08"])
        #expect(summary(policy.dueSteps(dueDate: due, now: at("2021-10-20", 7, 59), calendar: calendar)) == ["overdue-1 assignee 2021-10-18"])
        #expect(summary(policy.dueSteps(dueDate: due, now: at("2021-10-20", 8), calendar: calendar)) == [
            "overdue-2 assignee 2021-10-20", "escalate-manager manager 2021-10-20",
        ])
        #expect(summary(policy.dueSteps(dueDate: due, now: at("2021-10-29", 9), calendar: calendar)) == [
            "escalate-manager manager 2021-10-20", "overdue-5 assignee 2021-10-28", "escalate-agency standing-agency 2021-10-29",
        ])
    }

    @Test func aLateRunSendsOnlyTheLatestStepOfEachAudience() {
        // The daemon was down from before the reminders began until Thursday 14/10: only before-2 is due.
        #expect(summary(policy.dueSteps(dueDate: date("2021-10-15"), now: at("2021-10-14", 16), calendar: calendar))
            == ["before-2 assignee 2021-10-13"])
    }

    @Test func nothingFallsOnAWeekendOrHolidayAndTheNextStepSkipsThem() {
        let due = date("2021-10-15")
        for step in policy.schedule(dueDate: due, calendar: calendar, through: date("2022-12-31")) {
            #expect(calendar.isWorkingDay(step.date), "\(step)")
        }
        // Friday 8/10 after before-5: next is Wednesday 13/10 at 08:00, not the weekend.
        #expect(policy.nextStepInstant(dueDate: due, after: at("2021-10-08", 9), calendar: calendar) == at("2021-10-13", 8))
        #expect(policy.nextStepInstant(dueDate: due, after: at("2021-10-15", 12), calendar: calendar) == at("2021-10-18", 8))
        #expect(policy.nextStepInstant(dueDate: due, after: at("2021-10-18", 7), calendar: calendar) == at("2021-10-18", 8))
    }

    @Test func escalationCountsWorkingDaysAcrossTet() {
        // Due Thursday 23/1/2025; Tết ran 25/1–2/2. Overdue day 1 is Friday 24/1, day 2 Monday 3/2.
        let steps = policy.schedule(dueDate: date("2025-01-23"), calendar: calendar, through: date("2025-02-14"))
        #expect(steps.first { $0.kind == .escalateToManager }?.date == date("2025-02-04"))
        #expect(steps.first { $0.kind == .escalateToAgency }?.date == date("2025-02-13"))
        // After overdue-1 on 24/1, nothing is due on day 2 (3/2); overdue-2 and the manager come on day 3.
        #expect(policy.nextStepInstant(dueDate: date("2025-01-23"), after: at("2025-01-24", 9), calendar: calendar) == at("2025-02-04", 8))
    }

    @Test func aDueDateOnADayOffMovesToTheNextWorkingDay() {
        // Saturday 5/4/2025; Monday 7/4 is Giỗ Tổ: the deadline is Tuesday 8/4.
        let steps = policy.schedule(dueDate: date("2025-04-05"), calendar: calendar, through: date("2025-04-09"))
        #expect(summary(steps) == [
            "before-5 assignee 2025-03-31", "before-2 assignee 2025-04-03", "due assignee 2025-04-08", "overdue-1 assignee 2025-04-09",
        ])
    }

    @Test func theWorkedSaturdayCarriesReminders() {
        // Due Monday 28/4/2025: the working day before it is Saturday 26/4, a make-up working day.
        let dayBefore = ReminderPolicy(beforeDue: [2, 1], overdueRepeatEvery: nil, escalateToManagerAfter: nil,
                                       escalateToAgencyAfter: nil, sendWindow: policy.sendWindow, delivery: .digest)
        let steps = dayBefore.schedule(dueDate: date("2025-04-28"), calendar: calendar, through: date("2025-04-28"))
        #expect(summary(steps) == ["before-2 assignee 2025-04-25", "before-1 assignee 2025-04-26"])
    }

    @Test func repeatLimitAndNoRepeats() {
        let limited = ReminderPolicy(beforeDue: [1], overdueRepeatEvery: 1, overdueRepeatLimit: 2, escalateToManagerAfter: 2,
                                     escalateToAgencyAfter: nil, sendWindow: policy.sendWindow, delivery: .perItem)
        let due = date("2021-10-15")
        #expect(summary(limited.schedule(dueDate: due, calendar: calendar, through: date("2021-12-31"))) == [
            "before-1 assignee 2021-10-14", "overdue-1 assignee 2021-10-18", "overdue-2 assignee 2021-10-19",
            "escalate-manager manager 2021-10-19",
        ])
        #expect(limited.nextStepInstant(dueDate: due, after: at("2021-10-19", 8), calendar: calendar) == nil)
        let single = ReminderPolicy(beforeDue: [0], overdueRepeatEvery: nil, escalateToManagerAfter: nil,
                                    escalateToAgencyAfter: nil, sendWindow: policy.sendWindow, delivery: .digest)
        #expect(summary(single.schedule(dueDate: due, calendar: calendar, through: date("2022-12-31")))
            == ["due assignee 2021-10-15", "overdue-1 assignee 2021-10-18"])
        #expect(single.nextStepInstant(dueDate: due, after: at("2021-10-18", 8), calendar: calendar) == nil)
    }

    /// A walk day by day from the due date, written independently of the policy's own arithmetic.
    private func referenceSchedule(_ policy: ReminderPolicy, due: LocalDate, through last: LocalDate) -> [String] {
        var effective = due
        while !calendar.isWorkingDay(effective) { effective = effective.adding(days: 1) }
        var steps: [(LocalDate, Int, String)] = []
        for n in policy.beforeDue {
            var day = effective, left = n
            while left > 0 {
                day = day.adding(days: -1)
                if calendar.isWorkingDay(day) { left -= 1 }
            }
            if day <= last { steps.append((day, 0, n == 0 ? "due assignee \(day.iso)" : "before-\(n) assignee \(day.iso)")) }
        }
        var day = effective, overdue = 0, sent = 0
        while day < last {
            day = day.adding(days: 1)
            guard calendar.isWorkingDay(day) else { continue }
            overdue += 1
            let every = policy.overdueRepeatEvery ?? Int.max
            if (overdue - 1) % every == 0 && sent < (policy.overdueRepeatEvery == nil ? 1 : policy.overdueRepeatLimit ?? Int.max) {
                sent += 1
                steps.append((day, 0, "overdue-\(sent) assignee \(day.iso)"))
            }
            if overdue == policy.escalateToManagerAfter { steps.append((day, 1, "escalate-manager manager \(day.iso)")) }
            if overdue == policy.escalateToAgencyAfter { steps.append((day, 2, "escalate-agency standing-agency \(day.iso)")) }
        }
        return steps.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    @Test func scheduleDueStepsAndNextInstantAgreeWithADayByDayWalk() {
        var generator = SplitMix(seed: 7)
        let start = date("2023-10-01")
        for _ in 0..<150 {
            let due = start.adding(days: Int(generator.next() % 700))
            let now = LocalDateTime(date: due.adding(days: Int(generator.next() % 120) - 20),
                                    minuteOfDay: Int(generator.next() % 1440))
            let horizon = now.date.adding(days: 40)
            let reference = referenceSchedule(policy, due: due, through: horizon)
            let scheduled = policy.schedule(dueDate: due, calendar: calendar, through: horizon)
            #expect(summary(scheduled) == reference, "due \(due)")

            // Due now: the latest reached step of each audience.
            let reached = scheduled.filter { $0.instant <= now }
            let expectedDue = ReminderAudience.allCases.compactMap { audience in reached.last { $0.audience == audience } }
            #expect(Set(summary(policy.dueSteps(dueDate: due, now: now, calendar: calendar))) == Set(summary(expectedDue)),
                    "due \(due) now \(now)")

            // Next: the first step strictly after now.
            let next = scheduled.filter { $0.instant > now }.map(\.instant).min()
            #expect(policy.nextStepInstant(dueDate: due, after: now, calendar: calendar) == next, "due \(due) now \(now)")
        }
    }

    @Test func aDeadlineYearsOverdueIsHandledWithoutWalkingFromTheDueDate() {
        let due = date("2021-10-15"), now = at("2026-11-27", 10)
        let overdueDays = calendar.workingDays(from: due, to: now.date)
        let steps = policy.dueSteps(dueDate: due, now: now, calendar: calendar)
        let assignee = steps.first { $0.audience == .assignee }!
        #expect(assignee.key == "overdue-\((overdueDays - 1) / 2 + 1)")
        #expect(assignee.workingDaysFromDue <= overdueDays && assignee.workingDaysFromDue > overdueDays - 2)
        #expect(calendar.workingDays(from: due, to: assignee.date) == assignee.workingDaysFromDue)
        let next = policy.nextStepInstant(dueDate: due, after: now, calendar: calendar)!
        #expect(next > now && calendar.workingDays(from: due, to: next.date) == assignee.workingDaysFromDue + 2)
    }
}

@Suite struct SendWindowTests {
    let calendar: WorkingCalendar

    init() throws { calendar = WorkingCalendar(announcements: try shippedHolidayAnnouncements()) }

    @Test func windowIsWorkingDaysFromEightToFive() {
        #expect(policy.isInSendWindow(at("2026-11-30", 8), calendar: calendar))
        #expect(policy.isInSendWindow(at("2026-11-30", 16, 59), calendar: calendar))
        #expect(!policy.isInSendWindow(at("2026-11-30", 7, 59), calendar: calendar))
        #expect(!policy.isInSendWindow(at("2026-11-30", 17), calendar: calendar))
        #expect(!policy.isInSendWindow(at("2026-11-28", 10), calendar: calendar)) // Saturday
        #expect(!policy.isInSendWindow(at("2025-09-02", 10), calendar: calendar)) // Quốc khánh
        #expect(!policy.isInSendWindow(at("2025-01-30", 10), calendar: calendar)) // Tết
        #expect(policy.isInSendWindow(at("2025-04-26", 10), calendar: calendar))  // Saturday worked
    }

    @Test func nextOpeningSkipsNightsWeekendsAndTet() {
        #expect(policy.nextSendWindowOpening(atOrAfter: at("2026-11-30", 9), calendar: calendar) == at("2026-11-30", 9))
        #expect(policy.nextSendWindowOpening(atOrAfter: at("2026-11-30", 6), calendar: calendar) == at("2026-11-30", 8))
        #expect(policy.nextSendWindowOpening(atOrAfter: at("2026-11-27", 17, 30), calendar: calendar) == at("2026-11-30", 8))
        #expect(policy.nextSendWindowOpening(atOrAfter: at("2025-01-24", 18), calendar: calendar) == at("2025-02-03", 8))
    }
}

@Suite struct ReminderPolicyConfigTests {
    private func shippedText() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("config/reminders.yaml"), encoding: .utf8)
    }

    private func problems(_ yaml: String) -> [String] {
        ReminderPolicy.problems(yaml: yaml, file: "r.yaml").map(\.description)
    }

    private let valid = """
    before_due: [5, 2, 0]
    overdue_repeat_every: 2
    escalate_to_manager_after: 3
    escalate_to_agency_after: 10
    send_window:
      from: "08:00"
      to: "17:00"
    delivery: digest
    """

    @Test func shippedPolicyParses() throws {
        #expect(try ReminderPolicy.load(yaml: shippedText(), file: "config/reminders.yaml") == policy)
        #expect(try ReminderPolicy.load(yaml: valid, file: "r.yaml") == policy)
    }

    private func problems(replacing original: String, with replacement: String) -> [String] {
        precondition(valid.contains(original), "the valid policy has no \(original)")
        return problems(valid.replacingOccurrences(of: original, with: replacement))
    }

    @Test func mistakesAreNamedWithTheirLine() {
        #expect(problems(replacing: "delivery: digest", with: "delivery: weekly")
            == ["r.yaml:8: `delivery` must be `digest` or `per_item`, not `weekly`"])
        #expect(problems(replacing: "overdue_repeat_every", with: "overdue_repeat") == [
            "r.yaml:2: unknown key `overdue_repeat` in the reminder policy; expected one of: before_due, send_window, delivery, overdue_repeat_every, overdue_repeat_limit, escalate_to_manager_after, escalate_to_agency_after",
        ])
        #expect(problems(replacing: "\"17:00\"", with: "\"5pm\"")
            == ["r.yaml:7: `to` of `send_window` must be a time of day such as 08:00, not `5pm`"])
        #expect(problems(replacing: "\"17:00\"", with: "\"24:30\"")
            == ["r.yaml:7: `to` of `send_window` must be a time of day such as 08:00, not `24:30`"])
        #expect(problems(replacing: "\"17:00\"", with: "\"07:00\"")
            == ["r.yaml:7: `to` of `send_window` must be later than its `from`"])
        #expect(problems(replacing: "10\n", with: "2\n")
            == ["r.yaml:4: `escalate_to_agency_after` (2) must come after `escalate_to_manager_after` (3)"])
        #expect(problems(replacing: "[5, 2, 0]", with: "[5, 2, 2]") == ["r.yaml:1: 2 is listed twice in `before_due` (first at line 1)"])
        #expect(problems(replacing: "[5, 2, 0]", with: "[5, -1]") == ["r.yaml:1: an entry of `before_due` must be between 0 and 365, not -1"])
        #expect(problems(replacing: "[5, 2, 0]", with: "[5, two]") == ["r.yaml:1: an entry of `before_due` must be a whole number, not `two`"])
        #expect(problems(replacing: "overdue_repeat_every: 2", with: "overdue_repeat_every: 0")
            == ["r.yaml:2: `overdue_repeat_every` must be between 1 and 365, not 0"])
        #expect(problems(replacing: "before_due: [5, 2, 0]\n", with: "")
            == ["r.yaml:1: missing required setting `before_due` in the reminder policy"])
        #expect(problems(replacing: "  to: \"17:00\"\n", with: "")
            == ["r.yaml:6: missing required setting `to` in `send_window`"])
    }

    @Test func everyMistakeIsReportedAtOnceWithItsLine() {
        #expect(problems("""
            before_due: [5, 2, 2]
            overdue_repeat_every: 2
            escalate_to_manager_after: 3
            escalate_to_agency_after: 10
            send_window:
              from: "8am"
              to: "17:00"
            delivery: weekly
            """) == [
            "r.yaml:1: 2 is listed twice in `before_due` (first at line 1)",
            "r.yaml:6: `from` of `send_window` must be a time of day such as 08:00, not `8am`",
            "r.yaml:8: `delivery` must be `digest` or `per_item`, not `weekly`",
        ])
    }

    @Test func anEmptyOrBrokenFileIsAProblem() {
        #expect(problems("# nothing\n") == ["r.yaml:1: the file is empty"])
        let broken = problems("before_due: [5, 2\n")
        #expect(broken.count == 1 && broken.first?.hasPrefix("r.yaml:2: YAML syntax error") == true, "\(broken)")
        #expect(throws: ConfigProblems.self) { try ReminderPolicy.load(yaml: "delivery: digest\n", file: "r.yaml") }
    }

    @Test func digestGroupsByRecipientAndPerItemDoesNot() {
        let items = [("a@x", 1), ("b@x", 2), ("a@x", 3)]
        #expect(policy.deliveryBatches(items, recipient: \.0).map { $0.map(\.1) } == [[1, 3], [2]])
        let perItem = ReminderPolicy(beforeDue: [0], overdueRepeatEvery: nil, escalateToManagerAfter: nil, escalateToAgencyAfter: nil,
                                     sendWindow: policy.sendWindow, delivery: .perItem)
        #expect(perItem.deliveryBatches(items, recipient: \.0).map { $0.map(\.1) } == [[1], [2], [3]])
    }
}

@Suite struct LocalDateTimeTests {
    @Test func instantsBecomeVietnamWallClock() {
        // 2021-10-15T01:00:00Z is 08:00 in Hà Nội.
        let moment = LocalDateTime(secondsSince1970: 1_634_259_600)
        #expect(moment == at("2021-10-15", 8))
        #expect(moment.secondsSince1970() == 1_634_259_600)
        #expect(moment.description == "2021-10-15 08:00")
    }
}
