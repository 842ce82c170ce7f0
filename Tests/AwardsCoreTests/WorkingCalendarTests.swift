import Foundation
import Testing
@testable import AwardsCore

private func date(_ iso: String) -> LocalDate { LocalDate(parsing: iso)! }

/// The announcements shipped in config/holidays.yaml, read the way the CLI reads them.
func shippedHolidayAnnouncements() throws -> HolidayAnnouncements {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(contentsOf: root.appendingPathComponent("config/holidays.yaml"), encoding: .utf8)
    return try HolidayAnnouncements.load(yaml: text, file: "config/holidays.yaml")
}

/// The days from `first` through `last` that are not working days.
private func daysOff(_ calendar: WorkingCalendar, _ first: String, _ last: String) -> [String] {
    var result: [String] = []
    var day = date(first)
    while day <= date(last) {
        if !calendar.isWorkingDay(day) { result.append(day.iso) }
        day = day.adding(days: 1)
    }
    return result
}

private func span(_ first: String, _ last: String) -> [String] {
    var result: [String] = []
    var day = date(first)
    while day <= date(last) {
        result.append(day.iso)
        day = day.adding(days: 1)
    }
    return result
}

@Suite struct PublishedArrangementsTests {
    let calendar: WorkingCalendar

    init() throws { calendar = WorkingCalendar(announcements: try shippedHolidayAnnouncements()) }

    @Test func tet2024RanFromThe8thToThe14thOfFebruary() {
        #expect(daysOff(calendar, "2024-02-01", "2024-02-29") == span("2024-02-03", "2024-02-04") + span("2024-02-08", "2024-02-14")
            + ["2024-02-17", "2024-02-18", "2024-02-24", "2024-02-25"])
        #expect(calendar.namedDays(on: date("2024-02-13")).map(\.name) == ["Nghỉ bù Tết Nguyên đán"])
    }

    @Test func reunificationDay2024SwappedMonday29AprilWithSaturday4May() {
        #expect(daysOff(calendar, "2024-04-26", "2024-05-05") == span("2024-04-27", "2024-05-01") + ["2024-05-05"])
        #expect(calendar.isWorkingDay(date("2024-05-04")))
        #expect(calendar.makeUpWorkingDays(inYear: 2024).map(\.date) == [date("2024-05-04")])
    }

    @Test func nationalDay2024TookThe3rdOfSeptember() {
        #expect(daysOff(calendar, "2024-08-30", "2024-09-04") == span("2024-08-31", "2024-09-03"))
    }

    @Test func tet2025RanFrom25JanuaryTo2February() {
        #expect(daysOff(calendar, "2025-01-20", "2025-02-09") == span("2025-01-25", "2025-02-02") + ["2025-02-08", "2025-02-09"])
    }

    @Test func reunificationDay2025SwappedFriday2MayWithSaturday26April() {
        #expect(daysOff(calendar, "2025-04-24", "2025-05-05") == ["2025-04-27"] + span("2025-04-30", "2025-05-04"))
        #expect(calendar.isWorkingDay(date("2025-04-26")))
    }

    @Test func nationalDay2025RanFrom30AugustTo2September() {
        #expect(daysOff(calendar, "2025-08-29", "2025-09-03") == span("2025-08-30", "2025-09-02"))
    }

    @Test func calendarListingFor2025() {
        #expect(CalendarListing.holidayLines(year: 2025, calendar: calendar, in: .en) == [
            "2025-01-01 Tết Dương lịch",
            "2025-01-27 Tết Nguyên đán",
            "2025-01-28 Tết Nguyên đán",
            "2025-01-29 Tết Nguyên đán",
            "2025-01-30 Tết Nguyên đán",
            "2025-01-31 Tết Nguyên đán",
            "2025-04-07 Giỗ Tổ Hùng Vương",
            "2025-04-30 Ngày Chiến thắng",
            "2025-05-01 Ngày Quốc tế Lao động",
            "2025-05-02 Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 26/04/2025)",
            "2025-09-01 Quốc khánh",
            "2025-09-02 Quốc khánh",
        ])
        #expect(CalendarListing.makeUpWorkingDayLines(year: 2025, calendar: calendar, in: .en) == ["2025-04-26 Làm bù cho thứ Sáu 02/05/2025"])
    }

    @Test func calendarListingFor2026GivesBackGioToOnMonday() {
        #expect(CalendarListing.holidayLines(year: 2026, calendar: calendar, in: .en) == [
            "2026-01-01 Tết Dương lịch",
            "2026-02-16 Tết Nguyên đán",
            "2026-02-17 Tết Nguyên đán",
            "2026-02-18 Tết Nguyên đán",
            "2026-02-19 Tết Nguyên đán",
            "2026-02-20 Tết Nguyên đán",
            "2026-04-26 Giỗ Tổ Hùng Vương",
            "2026-04-27 Nghỉ bù Giỗ Tổ Hùng Vương",
            "2026-04-30 Ngày Chiến thắng",
            "2026-05-01 Ngày Quốc tế Lao động",
            "2026-08-31 Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)",
            "2026-09-01 Quốc khánh",
            "2026-09-02 Quốc khánh",
            "2026-11-24 Ngày Văn hóa Việt Nam",
        ])
    }

    @Test func workingDaysRunAcrossTetAndTheSwappedSaturday() {
        // Friday before Tết 2025 → the Monday after it.
        #expect(calendar.adding(workingDays: 1, to: date("2025-01-24")) == date("2025-02-03"))
        #expect(calendar.adding(workingDays: -1, to: date("2025-02-03")) == date("2025-01-24"))
        #expect(calendar.workingDays(from: date("2025-01-24"), to: date("2025-02-03")) == 1)
        // Saturday 26/4/2025 is worked; the next working day after Tuesday 29/4 is Monday 5/5.
        #expect(calendar.adding(workingDays: 1, to: date("2025-04-25")) == date("2025-04-26"))
        #expect(calendar.adding(workingDays: 1, to: date("2025-04-26")) == date("2025-04-28"))
        #expect(calendar.adding(workingDays: 1, to: date("2025-04-29")) == date("2025-05-05"))
        #expect(CalendarListing.addLine(date: date("2025-04-24"), workingDays: 3, calendar: calendar, in: .en) == "2025-04-28")
        #expect(CalendarListing.addLine(date: date("2025-04-24"), workingDays: 3, calendar: calendar, in: .vi) == "28/04/2025")
        // 10 working days to appraise a dossier received on Tuesday 6/2/2024: 7/2, then 15/2 onwards.
        #expect(calendar.adding(workingDays: 10, to: date("2024-02-06")) == date("2024-02-27"))
    }
}

@Suite struct DefaultRulesTests {
    let calendar = WorkingCalendar()

    @Test func weekendHolidaysAreGivenBackOnTheNextFreeWorkingDays() {
        // 2023: Giỗ Tổ on Saturday 29/4 and 30/4 on Sunday, 1/5 on Monday: given back on 2/5 and 3/5.
        #expect(daysOff(calendar, "2023-04-28", "2023-05-04") == span("2023-04-29", "2023-05-03"))
        #expect(calendar.namedDays(on: date("2023-05-02")).map(\.name) == ["Nghỉ bù Giỗ Tổ Hùng Vương"])
        #expect(calendar.namedDays(on: date("2023-05-03")).map(\.name) == ["Nghỉ bù Ngày Chiến thắng"])
        // 2/9/2023 was a Saturday: Quốc khánh ran 1/9–4/9.
        #expect(daysOff(calendar, "2023-08-31", "2023-09-05") == span("2023-09-01", "2023-09-04"))
        #expect(calendar.namedDays(on: date("2023-09-04")).map(\.name) == ["Nghỉ bù Quốc khánh"])
        // 1/1/2022 was a Saturday: given back on Monday 3/1.
        #expect(calendar.namedDays(on: date("2022-01-03")).map(\.name) == ["Nghỉ bù Tết Dương lịch"])
    }

    @Test func defaultTetIsTheLastDayOfTheYearAndFourDaysOfTheNext() {
        let tet = calendar.holidays(inYear: 2027).filter { $0.name == VietnamHolidayRules.tetName }.map(\.date.iso)
        #expect(tet == span("2027-02-05", "2027-02-09"))
        // 2030: mùng 1 on Saturday 2/2, mùng 2 on Sunday: two days given back after the fifth.
        #expect(daysOff(calendar, "2030-01-31", "2030-02-08") == span("2030-02-01", "2030-02-07"))
    }

    @Test func holidaysListIncludesWeekendHolidaysAndIsSorted() {
        let holidays = calendar.holidays(inYear: 2023)
        #expect(holidays.map(\.date) == holidays.map(\.date).sorted())
        #expect(holidays.contains(Holiday(date: date("2023-04-30"), name: "Ngày Chiến thắng", kind: .statutory)))
    }

    @Test func aSwapForNewYearsDayReachesBackIntoDecember() throws {
        // The shape of the 2019 New Year: Monday 31/12/2018 off, Saturday 5/1/2019 worked.
        let announcements = try HolidayAnnouncements.load(yaml: """
        years:
          2019:
            days_off:
              - date: 2018-12-31
                name: Nghỉ hoán đổi dịp Tết Dương lịch
            working_days:
              - date: 2019-01-05
                name: Làm bù cho thứ Hai 31/12/2018
        """, file: "h.yaml")
        let swapped = WorkingCalendar(announcements: announcements)
        #expect(!swapped.isWorkingDay(date("2018-12-31")))
        #expect(swapped.isWorkingDay(date("2019-01-05")))
        #expect(swapped.holidays(inYear: 2018).last?.name == "Nghỉ hoán đổi dịp Tết Dương lịch")
        #expect(swapped.adding(workingDays: 1, to: date("2018-12-28")) == date("2019-01-02"))
        #expect(swapped.workingDays(from: date("2018-12-28"), to: date("2019-01-07")) == 5)
    }

    @Test func yearsOutsideTheRulesHaveOnlyWeekends() {
        #expect(calendar.holidays(inYear: 9999).isEmpty)
        #expect(calendar.isWorkingDay(date("9999-01-01")))
        #expect(!calendar.isWorkingDay(date("9999-01-02"))) // a Saturday
        #expect(calendar.holidays(inYear: 2199).count >= 11)
    }

    @Test func zeroWorkingDaysRollsForwardFromADayOff() {
        #expect(calendar.adding(workingDays: 0, to: date("2026-11-25")) == date("2026-11-25"))
        #expect(calendar.adding(workingDays: 0, to: date("2026-11-28")) == date("2026-11-30"))
        #expect(calendar.adding(workingDays: 1, to: date("2026-11-27")) == date("2026-11-30"))
        #expect(calendar.adding(workingDays: -1, to: date("2026-11-30")) == date("2026-11-27"))
        #expect(calendar.adding(workingDays: 5, to: date("2026-11-28")) == date("2026-12-04"))
    }

    @Test func countingAgreesWithSteppingAndWithABruteForceCount() throws {
        let shipped = WorkingCalendar(announcements: try shippedHolidayAnnouncements())
        var generator = SplitMix(seed: 42)
        for _ in 0..<400 {
            let a = date("2023-06-01").adding(days: Int(generator.next() % 1200))
            let b = date("2023-06-01").adding(days: Int(generator.next() % 1200))
            let (low, high) = a <= b ? (a, b) : (b, a)
            var brute = 0
            var day = low.adding(days: 1)
            while day <= high {
                if shipped.isWorkingDay(day) { brute += 1 }
                day = day.adding(days: 1)
            }
            let counted = shipped.workingDays(from: a, to: b)
            #expect(counted == (a <= b ? brute : -brute))
            if shipped.isWorkingDay(a) && shipped.isWorkingDay(b) {
                #expect(shipped.adding(workingDays: counted, to: a) == b)
            }
        }
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Each rule of config/holidays.yaml: a small invalid file and the exact problems it must produce.
@Suite struct HolidayConfigProblemTests {
    private func problems(_ yaml: String) -> [String] {
        HolidayAnnouncements.problems(yaml: yaml, file: "h.yaml").map(\.description)
    }

    @Test func unknownKeyIsNamedWithItsLineAndColumn() {
        let yaml = """
        years:
          2025:
            tet: [2025-01-27, 2025-01-28]
            tett: [2025-01-29]
        """
        #expect(problems(yaml) == [
            "h.yaml:4: unknown key `tett` in year 2025; expected one of: source, tet, national_day_second_day, days_off, working_days",
        ])
        #expect(HolidayAnnouncements.problems(yaml: yaml, file: "h.yaml").map { [$0.line, $0.column] } == [[4, 5]])
    }

    @Test func everyMistakeIsReportedAtOnceWithItsLine() {
        #expect(problems("""
        years:
          2025:
            tet: [2025-01-27, 2024-01-28]
            days_off:
              - date: 2025-05-02
            working_days:
              - date: 2025-04-30
                name: Làm bù
          2026:
            national_day_second_day: 2026-09-05
        """) == [
            "h.yaml:3: 2024-01-28 is not near Tết 2025 (mùng 1 Tết is 2025-01-29)",
            "h.yaml:5: missing required setting `name` in an entry of `days_off` of year 2025",
            "h.yaml:7: 2025-04-30 is a public holiday and cannot be made a working day",
            "h.yaml:10: the day next to Quốc khánh must be 01/09/2026 or 03/09/2026, not 05/09/2026",
        ])
    }

    @Test func unknownTopLevelKey() {
        #expect(problems("year:\n  2025: {}\n") == ["h.yaml:1: unknown key `year` in the holidays file; expected one of: years, rules"])
    }

    @Test func aHolidayRuleNeedsExactlyOneKindOfDay() {
        #expect(problems("""
            rules:
              - name: Hai kiểu
                date: 30/04
                tet: true
              - name: Ngày sai
                date: 31/13
              - name: Ngược
                date: 24/11
                from: 2026-01-01
                to: 2025-01-01
            """) == [
            "h.yaml:2: holiday rule `Hai kiểu` needs exactly one of: date, lunar_date, tet, national_day_adjacent",
            "h.yaml:6: `date` of `Ngày sai` must be a day and month such as 30/04, not `31/13`",
            "h.yaml:10: `to` of `Ngược` is before its `from`",
        ])
    }

    @Test func impossibleDateIsNamedWithItsLine() {
        #expect(problems("""
        years:
          2025:
            days_off:
              - date: 2025-02-30
                name: Nghỉ
        """) == ["h.yaml:4: `date` of an entry of `days_off` of year 2025 must be a date (YYYY-MM-DD or DD/MM/YYYY), not `2025-02-30`"])
    }

    @Test func tetDaysMustBeNearTetListedOnceAndAtLeastOne() {
        #expect(problems("years:\n  2025:\n    tet: [2025-01-27, 2024-01-28]\n")
            == ["h.yaml:3: 2024-01-28 is not near Tết 2025 (mùng 1 Tết is 2025-01-29)"])
        #expect(problems("years:\n  2025:\n    tet:\n      - 2025-01-27\n      - 27/01/2025\n")
            == ["h.yaml:5: 2025-01-27 is listed twice in `tet` of year 2025 (first at line 4)"])
        #expect(problems("years:\n  2025:\n    tet: []\n") == ["h.yaml:3: `tet` of year 2025 must list at least one day"])
    }

    @Test func aPublicHolidayCannotBeWorked() {
        #expect(problems("""
        years:
          2025:
            working_days:
              - date: 2025-04-30
                name: Làm bù
        """) == ["h.yaml:4: 2025-04-30 is a public holiday and cannot be made a working day"])
    }

    @Test func aChosenTetDayCannotBeWorked() {
        #expect(problems("""
        years:
          2025:
            tet: [2025-01-25, 2025-01-27, 2025-01-28, 2025-01-29, 2025-01-30]
            working_days:
              - date: 2025-01-25
                name: Làm bù
        """) == ["h.yaml:5: 2025-01-25 is a public holiday and cannot be made a working day"])
    }

    @Test func aTetThatFailsToReadLeavesOnlyTetDaysUnchecked() {
        // 2025-01-28 is a default Tết day; the author's own list is unreadable, so it may not be one.
        #expect(problems("""
        years:
          2025:
            tet: [2025-01-27, 2024-01-01]
            working_days:
              - date: 2025-01-28
                name: Làm bù
              - date: 2025-05-01
                name: Làm bù
        """) == [
            "h.yaml:3: 2024-01-01 is not near Tết 2025 (mùng 1 Tết is 2025-01-29)",
            "h.yaml:7: 2025-05-01 is a public holiday and cannot be made a working day",
        ])
    }

    @Test func aDayIsSwappedOnlyOnceAndNearItsYear() {
        #expect(problems("""
        years:
          2025:
            days_off:
              - date: 2025-05-02
                name: Nghỉ
            working_days:
              - date: 02/05/2025
                name: Làm bù
              - date: 2027-01-02
                name: Làm bù
        """) == [
            "h.yaml:7: 2025-05-02 is listed twice in year 2025 (first at line 4)",
            "h.yaml:9: 2027-01-02 is too far from 2025 to belong to its arrangement",
        ])
    }

    @Test func nationalDaySecondDayMustBeNextTo2September() {
        #expect(problems("years:\n  2025:\n    national_day_second_day: 2025-09-05\n")
            == ["h.yaml:3: the day next to Quốc khánh must be 01/09/2025 or 03/09/2025, not 05/09/2025"])
        #expect(problems("years:\n  2025:\n    national_day_second_day: 2025-09-03\n") == [])
    }

    @Test func yearsMustBeYearsInRangeAndListedOnce() {
        #expect(problems("years:\n  twenty:\n    tet: [2025-01-27]\n  1899: {}\n") == [
            "h.yaml:2: `twenty` is not a year between 1900 and 2199",
            "h.yaml:4: `1899` is not a year between 1900 and 2199",
        ])
        #expect(problems("years:\n  2025: {}\n  02025: {}\n") == ["h.yaml:3: year 2025 is listed twice (first at line 2)"])
    }

    @Test func brokenYamlReportsALine() {
        let found = problems("years:\n  2025:\n    tet: [2025-01-27\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("h.yaml:4: YAML syntax error") == true, "\(found)")
    }

    @Test func emptyTextMeansNoAnnouncements() throws {
        #expect(try HolidayAnnouncements.load(yaml: "# nothing yet\n", file: "h.yaml") == .none)
        #expect(try HolidayAnnouncements.load(yaml: "years: {}\n", file: "h.yaml") == .none)
    }

    @Test func yearsMustBeAMapping() {
        #expect(problems("years:\n") == ["h.yaml:1: `years` must be a mapping, not nothing"])
        #expect(problems("years: [2025]\n") == ["h.yaml:1: `years` must be a mapping, not a list"])
    }

    @Test func aFileWithProblemsCannotBeLoaded() {
        #expect(throws: ConfigProblems.self) {
            try HolidayAnnouncements.load(yaml: "years:\n  2025:\n    tett: []\n", file: "h.yaml")
        }
    }
}

/// Every weekday of 2015–2026 against an independent calendar: the days off that Python's `holidays`
/// package (0.109, `holidays.VN`, which cites the Labour Codes and each year's announcements) lists for
/// those years, taken as published schedules. Every other weekday must be a working day.
@Suite struct PublishedScheduleTests {
    static let weekdaysOff: [Int: [String]] = [
        2015: ["01/01", "02/01", "16/02", "17/02", "18/02", "19/02", "20/02", "23/02", "28/04", "29/04", "30/04", "01/05", "02/09"],
        2016: ["01/01", "08/02", "09/02", "10/02", "11/02", "12/02", "18/04", "02/05", "03/05", "02/09"],
        2017: ["02/01", "26/01", "27/01", "30/01", "31/01", "01/02", "06/04", "01/05", "02/05", "04/09"],
        2018: ["01/01", "14/02", "15/02", "16/02", "19/02", "20/02", "25/04", "30/04", "01/05", "03/09", "31/12"],
        2019: ["01/01", "04/02", "05/02", "06/02", "07/02", "08/02", "15/04", "29/04", "30/04", "01/05", "02/09"],
        2020: ["01/01", "23/01", "24/01", "27/01", "28/01", "29/01", "02/04", "30/04", "01/05", "02/09"],
        2021: ["01/01", "10/02", "11/02", "12/02", "15/02", "16/02", "21/04", "30/04", "03/05", "02/09", "03/09"],
        2022: ["03/01", "31/01", "01/02", "02/02", "03/02", "04/02", "11/04", "02/05", "03/05", "01/09", "02/09"],
        2023: ["02/01", "20/01", "23/01", "24/01", "25/01", "26/01", "01/05", "02/05", "03/05", "01/09", "04/09"],
        2024: ["01/01", "08/02", "09/02", "12/02", "13/02", "14/02", "18/04", "29/04", "30/04", "01/05", "02/09", "03/09"],
        2025: ["01/01", "27/01", "28/01", "29/01", "30/01", "31/01", "07/04", "30/04", "01/05", "02/05", "01/09", "02/09"],
        2026: ["01/01", "16/02", "17/02", "18/02", "19/02", "20/02", "27/04", "30/04", "01/05", "31/08", "01/09", "02/09", "24/11"],
    ]
    /// Saturdays made working days in exchange.
    static let saturdaysWorked = ["27/12/2014", "14/02/2015", "25/04/2015", "05/01/2019", "04/05/2019", "04/05/2024", "26/04/2025",
                                  "22/08/2026"]

    @Test(arguments: 2015...2026) func everyWeekdayOfTheYearIsAsPublished(_ year: Int) throws {
        let text = try String(contentsOf: ShippedConfig.root.appendingPathComponent("config/holidays.yaml"), encoding: .utf8)
        let calendar = WorkingCalendar(announcements: try HolidayAnnouncements.load(yaml: text, file: "holidays.yaml"))
        let off = Set(try #require(Self.weekdaysOff[year]).compactMap { LocalDate(parsing: "\($0)/\(year)") })
        var day = try #require(LocalDate(year: year, month: 1, day: 1))
        var wrong: [String] = []
        while day.year == year {
            if !day.isWeekend, calendar.isWorkingDay(day) == off.contains(day) {
                wrong.append("\(day.vietnamese) is \(calendar.isWorkingDay(day) ? "a working day" : "a day off")")
            }
            day = day.adding(days: 1)
        }
        #expect(wrong.isEmpty, "\(year): \(wrong.joined(separator: "; "))")
        // A Saturday worked for the next year's swap (27/12/2014) belongs to that year's arrangement.
        for saturday in Self.saturdaysWorked.compactMap(LocalDate.init(parsing:)) where saturday.year == year || saturday.year == year - 1 {
            #expect(calendar.isWorkingDay(saturday), "\(saturday.vietnamese) was worked in exchange")
        }
    }

    @Test func theSecondDayOfNationalDayStartsIn2021AndTheDayOfCultureIn2026() throws {
        let text = try String(contentsOf: ShippedConfig.root.appendingPathComponent("config/holidays.yaml"), encoding: .utf8)
        let rules = try HolidayAnnouncements.load(yaml: text, file: "holidays.yaml").rules
        let adjacent = try #require(rules.first { $0.day == .nationalDayAdjacent })
        #expect(adjacent.validFrom == LocalDate(year: 2021, month: 1, day: 1))
        let culture = try #require(rules.first { $0.name == "Ngày Văn hóa Việt Nam" })
        #expect(culture.day == .fixed(month: 11, day: 24) && culture.validFrom == LocalDate(year: 2026, month: 1, day: 1))
        #expect(rules.allSatisfy { $0.basis != nil }, "every rule says where it comes from")
    }
}
