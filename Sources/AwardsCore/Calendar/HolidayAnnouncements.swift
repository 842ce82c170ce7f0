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
    /// The statutory holidays, each with the days its rule applies.
    public let rules: [HolidayRule]

    public init(years: [Year] = [], rules: [HolidayRule] = HolidayRule.labourCode2019) {
        self.years = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { _, last in last })
        self.rules = rules
    }

    public static let none = HolidayAnnouncements()
}

/// One statutory holiday as the law names it, for the days the law applies: a fixed day (30/4), a
/// lunar day (10/3 lunar, Giỗ Tổ), the five days of Tết, or the day next to Quốc khánh that the
/// Labour Code 2019 added from 2021. Loaded from the `rules` of `config/holidays.yaml`.
public struct HolidayRule: Hashable, Sendable {
    public enum Day: Hashable, Sendable {
        case fixed(month: Int, day: Int)
        case lunar(month: Int, day: Int)
        /// The five Tết days: the year's announced ones, or by default the last day of the lunar year
        /// and the first four of the new one.
        case tet
        /// The day next to 2/9: the year's announced one, or by default 1/9.
        case nationalDayAdjacent
    }

    public let name: String
    public let day: Day
    public let validFrom: LocalDate?
    public let validTo: LocalDate?
    /// The article that makes it a holiday, for the reader.
    public let basis: String?

    public init(name: String, day: Day, validFrom: LocalDate? = nil, validTo: LocalDate? = nil, basis: String? = nil) {
        self.name = name
        self.day = day
        self.validFrom = validFrom
        self.validTo = validTo
        self.basis = basis
    }

    /// Whether the rule was in force on `date`, the day the holiday falls.
    public func applies(on date: LocalDate) -> Bool {
        (validFrom.map { $0 <= date } ?? true) && (validTo.map { date <= $0 } ?? true)
    }

    /// The holidays of the Labour Code 2019, art. 112, undated: what a calendar without a holidays
    /// file assumes for every year. The shipped file dates each rule.
    public static let labourCode2019: [HolidayRule] = [
        HolidayRule(name: VietnamHolidayRules.newYearName, day: .fixed(month: 1, day: 1)),
        HolidayRule(name: VietnamHolidayRules.tetName, day: .tet),
        HolidayRule(name: VietnamHolidayRules.hungKingsName, day: .lunar(month: 3, day: 10)),
        HolidayRule(name: VietnamHolidayRules.reunificationName, day: .fixed(month: 4, day: 30)),
        HolidayRule(name: VietnamHolidayRules.labourDayName, day: .fixed(month: 5, day: 1)),
        HolidayRule(name: VietnamHolidayRules.nationalDayName, day: .nationalDayAdjacent),
        HolidayRule(name: VietnamHolidayRules.nationalDayName, day: .fixed(month: 9, day: 2)),
    ]
}
