import Testing
@testable import AwardsCore

private func date(_ iso: String) -> LocalDate { LocalDate(parsing: iso)! }

@Suite struct LunarCalendarTests {
    /// Mùng 1 Tết as published for Việt Nam. 2030 is one of the years where the UTC+7 calendar differs
    /// from the Chinese one (new moon at 23:07 on 2 February, Hà Nội time; 00:07 on the 3rd in Beijing).
    static let tet: [Int: String] = [
        2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22",
        2024: "2024-02-10", 2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06",
        2028: "2028-01-26", 2029: "2029-02-13", 2030: "2030-02-02", 2031: "2031-01-23",
        2032: "2032-02-11", 2033: "2033-01-31", 2034: "2034-02-19", 2035: "2035-02-08",
    ]

    /// Giỗ Tổ Hùng Vương, 10/3 lunar. 2020–2026 from government and press announcements; 2027–2035
    /// from almanacs, cross-checked against an independent high-precision ephemeris.
    static let hungKings: [Int: String] = [
        2020: "2020-04-02", 2021: "2021-04-21", 2022: "2022-04-10", 2023: "2023-04-29",
        2024: "2024-04-18", 2025: "2025-04-07", 2026: "2026-04-26", 2027: "2027-04-16",
        2028: "2028-04-04", 2029: "2029-04-23", 2030: "2030-04-12", 2031: "2031-04-01",
        2032: "2032-04-19", 2033: "2033-04-09", 2034: "2034-04-28", 2035: "2035-04-17",
    ]

    /// Leap months of the lunar years 2020–2035 (none in the years not listed).
    static let leapMonths: [Int: Int] = [2020: 4, 2023: 2, 2025: 6, 2028: 5, 2031: 3, 2033: 11]

    @Test(arguments: 2020...2035) func tetFallsOnThePublishedDate(year: Int) {
        let published = date(Self.tet[year]!)
        #expect(LunarCalendar.newYear(year) == published)
        #expect(LunarCalendar.lunarDate(from: published) == LunarDate(day: 1, month: 1, year: year))
        // The day before is the last day of the previous lunar year's 12th month.
        let eve = LunarCalendar.lunarDate(from: published.adding(days: -1))
        #expect(eve.month == 12 && eve.year == year - 1 && !eve.isLeapMonth && (29...30).contains(eve.day))
    }

    @Test(arguments: 2020...2035) func hungKingsDayFallsOnThePublishedDate(year: Int) {
        let published = date(Self.hungKings[year]!)
        #expect(VietnamHolidayRules.hungKingsDay(year: year) == published)
        #expect(LunarCalendar.lunarDate(from: published) == LunarDate(day: 10, month: 3, year: year))
    }

    @Test(arguments: 2020...2035) func leapMonthsAreWhereAlmanacsPutThem(year: Int) {
        #expect(LunarCalendar.leapMonth(ofLunarYear: year)?.number == Self.leapMonths[year])
    }

    @Test func leapSecondMonthOf2023() {
        // 22/3/2023 was mùng 1 tháng 2 nhuận; Giỗ Tổ came after it, in the regular third month.
        #expect(LunarCalendar.lunarDate(from: date("2023-03-22")) == LunarDate(day: 1, month: 2, year: 2023, isLeapMonth: true))
        #expect(LunarCalendar.lunarDate(from: date("2023-03-21")) == LunarDate(day: 30, month: 2, year: 2023))
        #expect(LunarCalendar.solarDate(from: LunarDate(day: 10, month: 2, year: 2023, isLeapMonth: true)) == date("2023-03-31"))
    }

    @Test func leapFourthMonthOf2020() {
        #expect(LunarCalendar.lunarDate(from: date("2020-05-23")) == LunarDate(day: 1, month: 4, year: 2020, isLeapMonth: true))
        #expect(LunarCalendar.lunarDate(from: date("2020-06-21")) == LunarDate(day: 1, month: 5, year: 2020))
    }

    @Test func leapEleventhMonthOf2033SitsAfterTheSolsticeMonth() {
        #expect(LunarCalendar.lunarDate(from: date("2033-11-22")) == LunarDate(day: 1, month: 11, year: 2033))
        #expect(LunarCalendar.lunarDate(from: date("2033-12-22")) == LunarDate(day: 1, month: 11, year: 2033, isLeapMonth: true))
        #expect(LunarCalendar.newYear(2034) == date("2034-02-19"))
    }

    @Test func vietnameseNewYearsThatDifferFromTheChineseOnes() {
        // The time zone puts these new moons on the previous day in Hà Nội (and 1985 a month earlier).
        #expect(LunarCalendar.newYear(1985) == date("1985-01-21"))
        #expect(LunarCalendar.newYear(2007) == date("2007-02-17"))
        #expect(LunarCalendar.newYear(2053) == date("2053-02-18"))
    }

    @Test func impossibleLunarDatesHaveNoSolarDate() {
        #expect(LunarCalendar.solarDate(from: LunarDate(day: 1, month: 2, year: 2024, isLeapMonth: true)) == nil)
        #expect(LunarCalendar.solarDate(from: LunarDate(day: 31, month: 1, year: 2024)) == nil)
        #expect(LunarCalendar.solarDate(from: LunarDate(day: 1, month: 13, year: 2024)) == nil)
        // Tháng Chạp of lunar 2024 (Giáp Thìn) had 29 days: Tết 2025 came the day after the 29th.
        #expect(LunarCalendar.solarDate(from: LunarDate(day: 30, month: 12, year: 2024)) == nil)
        #expect(LunarCalendar.solarDate(from: LunarDate(day: 29, month: 12, year: 2024)) == date("2025-01-28"))
    }

    @Test func everyDayRoundTripsFrom1970To2060() {
        var day = date("1970-01-01")
        var previous = LunarCalendar.lunarDate(from: day.adding(days: -1))
        var failures = 0
        while day.year < 2060 {
            let lunar = LunarCalendar.lunarDate(from: day)
            if LunarCalendar.solarDate(from: lunar) != day { failures += 1 }
            // Consecutive days either continue the month or start the next one on day 1.
            let continues = lunar.day == previous.day + 1 && lunar.month == previous.month
                && lunar.isLeapMonth == previous.isLeapMonth && lunar.year == previous.year
            if !(continues || (lunar.day == 1 && (29...30).contains(previous.day))) { failures += 1 }
            previous = lunar
            day = day.adding(days: 1)
        }
        #expect(failures == 0)
    }

    @Test func newMoonMatchesMeeusWorkedExample() {
        // Meeus, Astronomical Algorithms, example 49.a: new moon of 1977 February 18, JDE 2443192.65118.
        #expect(abs(Astronomy.newMoonJDE(-283) - 2_443_192.65118) < 0.00005)
    }

    @Test func sunLongitudeMatchesMeeusWorkedExample() {
        // Example 25.a: 1992 October 13.0 TD, apparent longitude 199.90895° (low-accuracy method 199.90988°).
        let jd = 2_448_908.5 - Astronomy.deltaTSeconds(decimalYear: 1992.78) / 86_400
        #expect(abs(Astronomy.sunLongitude(jd: jd) - 199.909) < 0.002)
    }
}
