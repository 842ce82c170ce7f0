import Foundation

/// The text of `awards calendar YEAR` and `awards calendar add DATE N`, so the CLI only prints it.
public enum CalendarListing {
    /// One line per non-working public holiday of `year`: the date, a space, the Vietnamese name.
    /// Holidays sharing a date get a line each.
    public static func holidayLines(year: Int, calendar: WorkingCalendar, in language: Language) -> [String] {
        calendar.holidays(inYear: year).map { "\(written($0.date, language)) \($0.name)" }
    }

    /// The Saturdays (or other days off) the government made working days in `year`, in the same shape.
    public static func makeUpWorkingDayLines(year: Int, calendar: WorkingCalendar, in language: Language) -> [String] {
        calendar.makeUpWorkingDays(inYear: year).map { "\(written($0.date, language)) \($0.name)" }
    }

    /// The date `workingDays` working days after `date` (before it when negative); see
    /// `WorkingCalendar.adding(workingDays:to:)` for the convention at 0.
    public static func addLine(date: LocalDate, workingDays: Int, calendar: WorkingCalendar, in language: Language) -> String {
        written(calendar.adding(workingDays: workingDays, to: date), language)
    }

    /// dd/mm/yyyy as Vietnamese documents write dates; English output keeps the ISO form it always had.
    private static func written(_ date: LocalDate, _ language: Language) -> String {
        language.text(vi: date.vietnamese, en: date.iso)
    }
}
