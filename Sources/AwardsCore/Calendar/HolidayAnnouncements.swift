import Foundation

/// A named day in the calendar: a public holiday, a compensatory or swapped day off, or a Saturday made a
/// working day.
public struct Holiday: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// A day off named by the Labour Code 2019, art. 112 (1/1, Tết, Giỗ Tổ, 30/4, 1/5, Quốc khánh).
        case statutory
        /// The working day given back for a statutory holiday that fell on a weekend or on another holiday.
        case compensatory
        /// An extra day off the government announced for the year, usually swapped with a Saturday.
        case announcedDayOff
        /// A day that would be off (a Saturday, typically) made a working day by the government's announcement.
        case makeUpWorkingDay
    }

    public let date: LocalDate
    public let name: String
    public let kind: Kind

    public init(date: LocalDate, name: String, kind: Kind) {
        self.date = date
        self.name = name
        self.kind = kind
    }

    public var description: String { "\(date.iso) \(name)" }
}

/// The government's announced arrangement for given years: which days are Tết, which day joins Quốc
/// khánh, the swapped days off and the Saturdays worked to pay for them. Years absent here follow the
/// default rules (see `VietnamHolidayRules`). Parsed from `config/holidays.yaml`.
public struct HolidayAnnouncements: Sendable, Equatable {
    public struct Year: Sendable, Equatable {
        public let year: Int
        /// The five days of Tết the government chose; nil means the default (last day of the lunar year and
        /// the first four of the new one).
        public let tetDays: [LocalDate]?
        /// The day next to 2/9; nil means the default (1/9).
        public let nationalDaySecondDay: LocalDate?
        public let extraDaysOff: [Holiday]
        public let makeUpWorkingDays: [Holiday]
        /// Where the arrangement was published, for the reader of the file.
        public let source: String?

        public init(year: Int, tetDays: [LocalDate]? = nil, nationalDaySecondDay: LocalDate? = nil,
                    extraDaysOff: [Holiday] = [], makeUpWorkingDays: [Holiday] = [], source: String? = nil) {
            self.year = year
            self.tetDays = tetDays
            self.nationalDaySecondDay = nationalDaySecondDay
            self.extraDaysOff = extraDaysOff
            self.makeUpWorkingDays = makeUpWorkingDays
            self.source = source
        }
    }

    public let years: [Int: Year]

    public init(years: [Year] = []) {
        self.years = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { _, last in last })
    }

    public static let none = HolidayAnnouncements()

    static let yearKeys = ["source", "tet", "national_day_second_day", "days_off", "working_days"]

    /// Parses the text of `config/holidays.yaml`. Errors are `ConfigError`s naming the line.
    public static func parse(yaml text: String) throws -> HolidayAnnouncements {
        guard let root = try YAMLNode.parse(text) else { return .none }
        var years: [Year] = []
        for (_, _, yearsNode) in try root.mapping("the file", allowedKeys: ["years"]) {
            for (key, keyNode, body) in try yearsNode.mapping("years") {
                guard let year = Int(key), (1900...2199).contains(year) else {
                    throw keyNode.error("\"\(key)\" is not a year between 1900 and 2199")
                }
                years.append(try parseYear(year, body))
            }
        }
        return HolidayAnnouncements(years: years)
    }

    private static func parseYear(_ year: Int, _ body: YAMLNode) throws -> Year {
        var tetDays: [LocalDate]?
        var secondDay: LocalDate?
        var daysOff: [Holiday] = []
        var workingDays: [Holiday] = []
        var source: String?
        var nodes: [LocalDate: YAMLNode] = [:]

        for (key, _, value) in try body.mapping("year \(year)", allowedKeys: yearKeys) {
            switch key {
            case "source":
                source = try value.string("source")
            case "tet":
                let newYear = LunarCalendar.newYear(year)
                var days: [LocalDate] = []
                for item in try value.sequence("tet") {
                    let date = try item.date("a Tết day")
                    // Tết days sit around the lunar new year; a date far from it is a typing mistake.
                    guard abs(newYear.days(until: date)) <= 10 else {
                        throw item.error("\(date.iso) is not near Tết \(year) (mùng 1 Tết is \(newYear.iso))")
                    }
                    guard !days.contains(date) else { throw item.error("\(date.iso) is listed twice") }
                    days.append(date)
                }
                guard !days.isEmpty else { throw value.error("tet must list at least one day") }
                tetDays = days.sorted()
            case "national_day_second_day":
                let date = try value.date("national_day_second_day")
                guard date == LocalDate(year: year, month: 9, day: 1) || date == LocalDate(year: year, month: 9, day: 3) else {
                    throw value.error("the day next to Quốc khánh must be 01/09/\(year) or 03/09/\(year), not \(date.vietnamese)")
                }
                secondDay = date
            case "days_off", "working_days":
                let kind: Holiday.Kind = key == "days_off" ? .announcedDayOff : .makeUpWorkingDay
                for item in try value.sequence(key) {
                    let fields = try item.mapping("an entry of \(key)", allowedKeys: ["date", "name"])
                    guard let dateNode = fields.first(where: { $0.key == "date" })?.value else {
                        throw item.error("an entry of \(key) needs a date")
                    }
                    guard let nameNode = fields.first(where: { $0.key == "name" })?.value else {
                        throw item.error("an entry of \(key) needs a name")
                    }
                    let date = try dateNode.date("date")
                    guard abs(date.year - year) <= 1 else {
                        throw dateNode.error("\(date.iso) is too far from \(year) to belong to its arrangement")
                    }
                    if nodes[date] != nil { throw dateNode.error("\(date.iso) is listed twice in year \(year)") }
                    nodes[date] = dateNode
                    let holiday = Holiday(date: date, name: try nameNode.string("name"), kind: kind)
                    if kind == .announcedDayOff { daysOff.append(holiday) } else { workingDays.append(holiday) }
                }
            default:
                break
            }
        }

        let announced = Year(year: year, tetDays: tetDays, nationalDaySecondDay: secondDay,
                             extraDaysOff: daysOff, makeUpWorkingDays: workingDays, source: source)
        // A statutory holiday cannot be worked: the law names it a day off.
        let statutory = Set(VietnamHolidayRules.statutoryHolidays(year: year, announced: announced).map(\.date))
        for day in workingDays where statutory.contains(day.date) {
            throw nodes[day.date]!.error("\(day.date.iso) is a public holiday and cannot be made a working day")
        }
        return announced
    }
}
