import ArgumentParser
import AwardsCore
import AwardsEngine

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "The Vietnamese working-day calendar: public holidays, and counting working days.",
        discussion: """
            Example: awards calendar 2025
                     awards calendar add 15/10/2021 10
            Tết and Giỗ Tổ Hùng Vương are computed from the lunar calendar; the holidays' dated rules and
            the government's announced days and swaps for each year come from config/holidays.yaml. A year
            not announced there is marked as estimated.
            """,
        subcommands: [Holidays.self, Add.self],
        defaultSubcommand: Holidays.self)

    struct Holidays: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "holidays",
            abstract: "Print a year's non-working public holidays, one a line: the date (dd/mm/yyyy; ISO with --lang en), then the name.",
            discussion: "Example: awards calendar 2026")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The year, e.g. 2026.") var year: Int
        @Flag(help: "Also list the Saturdays made working days.") var workingSaturdays = false

        func validate() throws {
            guard WorkingCalendar.supportedYears.contains(year) else {
                throw ValidationError("year \(year) is outside \(WorkingCalendar.supportedYears.lowerBound)–\(WorkingCalendar.supportedYears.upperBound)")
            }
        }

        func run() async throws {
            try await reportingErrors(global) { language in
                let calendar = try ConfigFiles.workingCalendar(try await global.settings())
                CalendarListing.holidayLines(year: year, calendar: calendar, in: language).forEach { print($0) }
                if workingSaturdays {
                    CalendarListing.makeUpWorkingDayLines(year: year, calendar: calendar, in: language).forEach { print($0) }
                }
                // On stderr, so the lines stay the list a script reads.
                if calendar.announcements.years[year] == nil {
                    Terminal.note(language.text(
                        vi: "lịch nghỉ năm \(year) chưa được ghi trong config/holidays.yaml: các ngày trên là ước tính theo quy tắc mặc định (Tết từ 30 tháng Chạp, ngày liền kề Quốc khánh là 01/09)",
                        en: "the \(year) schedule is not in config/holidays.yaml: these days are estimated by the default rules (Tết from the last day of the lunar year, 01/09 beside National Day)"),
                                  in: language)
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the date N working days after DATE (negative N counts back): dd/mm/yyyy, or ISO with --lang en.",
            discussion: "Example: awards calendar add 2025-01-24 1   → 2025-02-03 (after Tết)")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "dd/mm/yyyy or yyyy-mm-dd.") var date: String
        // Captured as raw words so that a negative count ("-10") is not taken for an option.
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Working days; negative counts back.", valueName: "days"))
        var count: [String] = []

        var days: Int {
            get throws {
                guard count.count == 1, let days = Int(count[0]) else {
                    throw ValidationError("give one whole number of working days, e.g. 10 or -10")
                }
                return days
            }
        }

        func validate() throws { _ = try days }

        func run() async throws {
            try await reportingErrors(global) { language in
                let start = try parseDate(date, "DATE", language)
                let calendar = try ConfigFiles.workingCalendar(try await global.settings())
                print(CalendarListing.addLine(date: start, workingDays: try days, calendar: calendar, in: language))
            }
        }
    }
}
