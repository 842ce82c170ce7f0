import Foundation
import Synchronization

/// Working days (ngày làm việc) of a Vietnamese state agency: Monday to Friday, less public holidays and
/// compensatory days, adjusted by the government's announced swaps.
///
/// Pure: everything follows from the rules and the announcements given at construction. Each Gregorian
/// year's days are worked out once, on first use, and kept (the lunar computation is the costly part).
public final class WorkingCalendar: Sendable {
    public let announcements: HolidayAnnouncements

    /// Years whose public holidays are known. Outside them only weekends are days off: the CLI should
    /// refuse such a year rather than print an empty list.
    public static let supportedYears = 1900...2199

    private struct YearDays: Sendable {
        /// Named days that fall in this Gregorian year, in date order (several may share a date).
        let named: [Holiday]
        /// Monday–Friday dates that are days off.
        let weekdaysOff: Set<LocalDate>
        /// Saturday/Sunday dates that are working days.
        let weekendsWorked: Set<LocalDate>
        let weekdaysOffSorted: [LocalDate]
        let weekendsWorkedSorted: [LocalDate]
    }

    private let cache = Mutex<[Int: YearDays]>([:])

    public init(announcements: HolidayAnnouncements = .none) {
        self.announcements = announcements
    }

    // MARK: - Queries

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        let days = yearDays(date.year)
        return date.isWeekend ? days.weekendsWorked.contains(date) : !days.weekdaysOff.contains(date)
    }

    /// The non-working named days of `year` in date order: statutory holidays (also those that fall on a
    /// weekend), compensatory days and announced days off. Make-up working days are not included.
    public func holidays(inYear year: Int) -> [Holiday] {
        yearDays(year).named.filter { $0.kind != .makeUpWorkingDay }
    }

    /// Days the government made working days in `year` (Saturdays worked in exchange for a day off).
    public func makeUpWorkingDays(inYear year: Int) -> [Holiday] {
        yearDays(year).named.filter { $0.kind == .makeUpWorkingDay }
    }

    /// The named days on `date`: usually none, one for a holiday.
    public func namedDays(on date: LocalDate) -> [Holiday] {
        yearDays(date.year).named.filter { $0.date == date }
    }

    /// `date` itself when it is a working day, otherwise the first working day after it — the rule of
    /// the Civil Code 2015, art. 148(5), for a time limit whose last day is a day off.
    public func workingDay(onOrAfter date: LocalDate) -> LocalDate {
        var day = date
        while !isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }

    public func workingDay(onOrBefore date: LocalDate) -> LocalDate {
        var day = date
        while !isWorkingDay(day) { day = day.adding(days: -1) }
        return day
    }

    /// The date `n` working days after `date` (before it when `n` is negative), counting neither `date`
    /// itself nor the days off in between: 1 is the next working day, −1 the previous one.
    /// `n == 0` gives `date` when it is a working day, otherwise the next working day (the same roll-forward
    /// as a deadline falling on a day off).
    public func adding(workingDays n: Int, to date: LocalDate) -> LocalDate {
        if n == 0 { return workingDay(onOrAfter: date) }
        let step = n > 0 ? 1 : -1
        var remaining = abs(n)
        var day = date
        while remaining > 0 {
            day = day.adding(days: step)
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// The number of working days `d` with `start < d ≤ end`; negative (the count of `end < d ≤ start`)
    /// when `end` is before `start`. So for working days a and b,
    /// `adding(workingDays: workingDays(from: a, to: b), to: a) == b`, and the count of working days
    /// overdue on `today` for a deadline due on `due` is `workingDays(from: due, to: today)`.
    public func workingDays(from start: LocalDate, to end: LocalDate) -> Int {
        if end < start { return -workingDays(from: end, to: start) }
        if end == start { return 0 }
        let first = start.adding(days: 1)
        var count = Self.weekdays(from: first, through: end)
        for year in first.year...end.year {
            let days = yearDays(year)
            count -= Self.count(days.weekdaysOffSorted, from: first, through: end)
            count += Self.count(days.weekendsWorkedSorted, from: first, through: end)
        }
        return count
    }

    // MARK: - Year tables

    private func yearDays(_ year: Int) -> YearDays {
        if let cached = cache.withLock({ $0[year] }) { return cached }
        let computed = computeYearDays(year)
        cache.withLock { $0[year] = computed }
        return computed
    }

    private func computeYearDays(_ year: Int) -> YearDays {
        // An arrangement may reach into the neighbouring years (a swap for 1/1 worked in late December).
        let named = (year - 1...year + 1)
            .filter(Self.supportedYears.contains)
            .flatMap { VietnamHolidayRules.arrangement(year: $0, announced: announcements.years[$0], rules: announcements.rules) }
            .filter { $0.date.year == year }
        let ordered = named.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
        let worked = Set(named.filter { $0.kind == .makeUpWorkingDay }.map(\.date))
        let off = Set(named.filter { $0.kind != .makeUpWorkingDay }.map(\.date)).subtracting(worked)
        let weekdaysOff = off.filter { !$0.isWeekend }
        let weekendsWorked = worked.filter(\.isWeekend)
        // A weekday listed as worked only cancels a day off, which `off.subtracting(worked)` already did.
        return YearDays(named: ordered, weekdaysOff: weekdaysOff, weekendsWorked: weekendsWorked,
                        weekdaysOffSorted: weekdaysOff.sorted(), weekendsWorkedSorted: weekendsWorked.sorted())
    }

    /// Monday–Friday dates in `first...last` (first ≤ last), in constant time.
    private static func weekdays(from first: LocalDate, through last: LocalDate) -> Int {
        weekdaysBefore(last.daysSinceEpoch + 1) - weekdaysBefore(first.daysSinceEpoch)
    }

    /// Monday–Friday days among day numbers [m, n) for a fixed Monday m; differences cancel the anchor.
    private static func weekdaysBefore(_ dayNumber: Int) -> Int {
        // Day −3 (1969-12-29) was a Monday.
        let sinceMonday = dayNumber + 3
        let weeks = sinceMonday >= 0 ? sinceMonday / 7 : (sinceMonday - 6) / 7
        let rest = sinceMonday - weeks * 7
        return weeks * 5 + min(rest, 5)
    }

    private static func count(_ sorted: [LocalDate], from first: LocalDate, through last: LocalDate) -> Int {
        sorted.lazy.filter { $0 >= first && $0 <= last }.count
    }
}
