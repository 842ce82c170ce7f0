import Foundation

/// A day of the Vietnamese lunisolar calendar (âm lịch). `year` is the Gregorian year in which that lunar
/// year's first day (Tết) falls, so the 12th month of lunar year 2024 runs into January 2025.
public struct LunarDate: Hashable, Sendable, CustomStringConvertible {
    public let day: Int
    public let month: Int
    public let year: Int
    public let isLeapMonth: Bool

    public init(day: Int, month: Int, year: Int, isLeapMonth: Bool = false) {
        self.day = day
        self.month = month
        self.year = year
        self.isLeapMonth = isLeapMonth
    }

    /// `10/3/2025` or `15/2 nhuận/2023`, as almanacs write it.
    public var description: String {
        "\(day)/\(month)\(isLeapMonth ? " nhuận" : "")/\(year)"
    }
}

/// Converts between the Gregorian calendar and the Vietnamese lunar calendar, computed astronomically
/// for the meridian of UTC+7 rather than read from a table, so it needs no update for future years.
///
/// The rules (those of the Chinese calendar, applied to Việt Nam's time zone):
/// - a month begins on the local day that contains a new moon;
/// - the month that contains the winter solstice is month 11;
/// - when 13 new moons begin between two consecutive months 11, the first month after month 11 that
///   contains no major solar term (trung khí: the Sun's longitude crossing a multiple of 30°) is a leap
///   month and repeats the number of the month before it.
///
/// Việt Nam moved from UTC+8 to UTC+7 in 1967; almanacs for earlier years can differ by a day here and there.
/// Checked day by day against a high-precision ephemeris for 1900–2100; defined for Gregorian years
/// 2…9998 (a conversion looks at the neighbouring years), though the astronomy drifts far from today.
public enum LunarCalendar {
    public static let utcOffsetHours = 7.0

    /// One lunar month as laid on the solar calendar.
    public struct Month: Hashable, Sendable {
        public let number: Int
        public let lunarYear: Int
        public let isLeap: Bool
        public let firstDay: LocalDate
        public let length: Int
    }

    public static func lunarDate(from date: LocalDate) -> LunarDate {
        let months = monthsOfSegment(containing: date)
        // The segment is ordered; the month is the last one starting on or before `date`.
        let month = months.last(where: { $0.firstDay <= date })!
        return LunarDate(day: month.firstDay.days(until: date) + 1, month: month.number,
                         year: month.lunarYear, isLeapMonth: month.isLeap)
    }

    /// Nil when no such lunar day exists (day 30 of a 29-day month, a leap month the year does not have).
    public static func solarDate(from lunar: LunarDate) -> LocalDate? {
        guard (1...12).contains(lunar.month), (1...30).contains(lunar.day) else { return nil }
        // Months 11 and 12 follow the winter solstice of the same Gregorian year; months 1–10 the one before.
        let segmentYear = lunar.month >= 11 ? lunar.year : lunar.year - 1
        guard let month = months(ofSegmentStartingIn: segmentYear).first(where: {
            $0.number == lunar.month && $0.lunarYear == lunar.year && $0.isLeap == lunar.isLeapMonth
        }), lunar.day <= month.length else { return nil }
        return month.firstDay.adding(days: lunar.day - 1)
    }

    /// The first day (mùng 1 Tết) of the lunar year that begins in the Gregorian `year`.
    public static func newYear(_ year: Int) -> LocalDate {
        solarDate(from: LunarDate(day: 1, month: 1, year: year))!
    }

    /// The month (if any) that is a leap month in the lunar year that begins in the Gregorian `year`.
    public static func leapMonth(ofLunarYear year: Int) -> Month? {
        (months(ofSegmentStartingIn: year - 1) + months(ofSegmentStartingIn: year))
            .first(where: { $0.isLeap && $0.lunarYear == year })
    }

    // MARK: - Construction

    /// The local day on which new moon number `k` falls.
    static func newMoonDay(_ k: Int) -> LocalDate {
        Astronomy.localDate(jd: Astronomy.newMoonJD(k), utcOffsetHours: utcOffsetHours)
    }

    /// The number of the new moon that begins the month containing `date`.
    static func newMoonNumber(startingMonthContaining date: LocalDate) -> Int {
        let jd = Astronomy.startJD(of: date, utcOffsetHours: utcOffsetHours)
        var k = Int(((jd - 2_451_550.09766) / 29.530588861).rounded(.down))
        while newMoonDay(k) > date { k -= 1 }
        while newMoonDay(k + 1) <= date { k += 1 }
        return k
    }

    /// The new moon that begins month 11, the month of the December solstice of Gregorian `year`.
    static func month11NewMoon(ofYear year: Int) -> Int {
        let estimate = Astronomy.startJD(of: LocalDate(year: year, month: 12, day: 21)!, utcOffsetHours: utcOffsetHours)
        let solstice = Astronomy.solarLongitudeInstant(270, near: estimate)
        return newMoonNumber(startingMonthContaining: Astronomy.localDate(jd: solstice, utcOffsetHours: utcOffsetHours))
    }

    /// The Sun's longitude when the local day begins.
    static func sunLongitudeAtStart(of date: LocalDate) -> Double {
        Astronomy.sunLongitude(jd: Astronomy.startJD(of: date, utcOffsetHours: utcOffsetHours))
    }

    /// Whether a major solar term falls within the days [first, next): the Sun crosses a multiple of 30°.
    static func containsMajorTerm(from first: LocalDate, to next: LocalDate) -> Bool {
        Int(sunLongitudeAtStart(of: first) / 30) != Int(sunLongitudeAtStart(of: next) / 30)
    }

    /// The months from month 11 of Gregorian `year` up to (not including) month 11 of the next year.
    static func months(ofSegmentStartingIn year: Int) -> [Month] {
        let first = month11NewMoon(ofYear: year)
        let end = month11NewMoon(ofYear: year + 1)
        let starts = (first...end).map(newMoonDay)
        let isLeapYear = end - first == 13
        var leapIndex: Int?
        if isLeapYear {
            leapIndex = (1..<(end - first)).first { !containsMajorTerm(from: starts[$0], to: starts[$0 + 1]) }
        }
        var result: [Month] = []
        var number = 11
        var lunarYear = year
        for index in 0..<(end - first) {
            let isLeap = index == leapIndex
            if index > 0 && !isLeap {
                number += 1
                if number == 13 {
                    number = 1
                    lunarYear += 1
                }
            }
            result.append(Month(number: number, lunarYear: lunarYear, isLeap: isLeap,
                                firstDay: starts[index], length: starts[index].days(until: starts[index + 1])))
        }
        return result
    }

    static func monthsOfSegment(containing date: LocalDate) -> [Month] {
        let current = months(ofSegmentStartingIn: date.year)
        return date < current[0].firstDay ? months(ofSegmentStartingIn: date.year - 1) : current
    }
}
