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
}
