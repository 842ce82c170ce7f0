import Foundation

/// Public holidays of Việt Nam as the Labour Code 2019 (art. 111–112, in force from 2021) gives them to
/// civil servants, whose weekly rest days are Saturday and Sunday.
///
/// - 1/1 (Tết Dương lịch); Tết Nguyên đán, five days; Giỗ Tổ Hùng Vương, 10/3 lunar; 30/4; 1/5;
///   Quốc khánh, 2/9 and one day next to it.
/// - The Prime Minister fixes the five Tết days and the day next to 2/9 each year; without an announcement
///   we take the last day of the lunar year plus the first four of the new year, and 1/9.
/// - A holiday that falls on a weekly rest day, or on another holiday, is given back on the next working
///   day (art. 111(3)); when two such days are owed, they take the next free working days in order.
/// - Announced extra days off and Saturdays worked in exchange come from `HolidayAnnouncements`.
///
/// Which rules apply on which days (the second day of Quốc khánh only from 2021, under the Labour Code
/// 2019; Ngày Văn hóa Việt Nam from 2026) is data: the `rules` of config/holidays.yaml.
public enum VietnamHolidayRules {
    public static let newYearName = "Tết Dương lịch"
    public static let tetName = "Tết Nguyên đán"
    public static let hungKingsName = "Giỗ Tổ Hùng Vương"
    public static let reunificationName = "Ngày Chiến thắng"
    public static let labourDayName = "Ngày Quốc tế Lao động"
    public static let nationalDayName = "Quốc khánh"
    public static let compensatoryPrefix = "Nghỉ bù "

    /// The five default Tết days of the lunar year beginning in Gregorian `year`.
    public static func defaultTetDays(year: Int) -> [LocalDate] {
        let newYear = LunarCalendar.newYear(year)
        return (-1...3).map { newYear.adding(days: $0) }
    }

    public static func hungKingsDay(year: Int) -> LocalDate {
        LunarCalendar.solarDate(from: LunarDate(day: 10, month: 3, year: year))!
    }

    /// The statutory holidays that belong to `year`'s arrangement, in date order: each rule in force on
    /// the day it falls.
    public static func statutoryHolidays(year: Int, announced: HolidayAnnouncements.Year?,
                                         rules: [HolidayRule] = HolidayRule.labourCode2019) -> [Holiday] {
        var holidays: [Holiday] = []
        for rule in rules {
            let dates: [LocalDate] = switch rule.day {
            case .fixed(let month, let day): LocalDate(year: year, month: month, day: day).map { [$0] } ?? []
            case .lunar(let month, let day): LunarCalendar.solarDate(from: LunarDate(day: day, month: month, year: year)).map { [$0] } ?? []
            case .tet: announced?.tetDays ?? defaultTetDays(year: year)
            case .nationalDayAdjacent: [announced?.nationalDaySecondDay ?? LocalDate(year: year, month: 9, day: 1)!]
            }
            holidays += dates.filter(rule.applies(on:)).map { Holiday(date: $0, name: rule.name, kind: .statutory) }
        }
        return holidays.sorted { $0.date < $1.date }
    }

    /// Every named day of `year`'s arrangement: statutory holidays, the compensatory days they earn, the
    /// announced days off and the make-up working days. Some may fall in a neighbouring year (a swap for
    /// 1/1 can reach back into December).
    public static func arrangement(year: Int, announced: HolidayAnnouncements.Year?,
                                   rules: [HolidayRule] = HolidayRule.labourCode2019) -> [Holiday] {
        let statutory = statutoryHolidays(year: year, announced: announced, rules: rules)
        let extraDaysOff = announced?.extraDaysOff ?? []
        let makeUp = announced?.makeUpWorkingDays ?? []
        let statutoryDates = Set(statutory.map(\.date))
        let extraDates = Set(extraDaysOff.map(\.date))

        var seen = Set<LocalDate>()
        var owed: [Holiday] = []
        for holiday in statutory {
            if holiday.date.isWeekend || seen.contains(holiday.date) { owed.append(holiday) }
            seen.insert(holiday.date)
        }
        var compensatory: [Holiday] = []
        var given = Set<LocalDate>()
        for holiday in owed {
            var candidate = holiday.date.adding(days: 1)
            while candidate.isWeekend || statutoryDates.contains(candidate) || extraDates.contains(candidate)
                    || given.contains(candidate) {
                candidate = candidate.adding(days: 1)
            }
            given.insert(candidate)
            compensatory.append(Holiday(date: candidate, name: compensatoryPrefix + holiday.name, kind: .compensatory))
        }
        return statutory + compensatory + extraDaysOff + makeUp
    }
}
