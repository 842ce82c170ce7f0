import Foundation

/// A day on the civil calendar, without a time or a zone: what a legal document means by "15/10/2021".
/// Dates that are legal days live in Asia/Ho_Chi_Minh; turning an instant into a `LocalDate` is the
/// caller's business (see `LocalDate(instant:utcOffsetSeconds:)`).
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Fails on a day that does not exist (31/4, 29/2 of a common year).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before it); proleptic Gregorian calendar.
    public init(daysSinceEpoch: Int) {
        // Howard Hinnant's civil_from_days.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// The local day of an instant, at a fixed offset from UTC (Việt Nam: +7 h, no daylight saving).
    public init(secondsSince1970: Double, utcOffsetSeconds: Int = LocalDate.vietnamUTCOffset) {
        let local = Int((secondsSince1970 + Double(utcOffsetSeconds)).rounded(.down))
        self.init(daysSinceEpoch: local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    public static let vietnamUTCOffset = 7 * 3600

    /// Today in Việt Nam, by this machine's clock: the day the database's awards.advance also calls today.
    public static var todayInVietnam: LocalDate { LocalDate(secondsSince1970: Date().timeIntervalSince1970) }

    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        let d = daysSinceEpoch
        // 1970-01-01 was a Thursday (4).
        return ((d % 7 + 7) % 7 + 3) % 7 + 1
    }

    public var isWeekend: Bool { isoWeekday >= 6 }

    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    public func days(until other: LocalDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `2021-10-15`
    public var iso: String {
        "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    /// `15/10/2021`, as Vietnamese documents write dates.
    public var vietnamese: String {
        "\(Self.pad(day, 2))/\(Self.pad(month, 2))/\(Self.pad(year, 4))"
    }

    public var description: String { iso }

    /// Accepts `2021-10-15` (ISO) and `15/10/2021` or `15-10-2021` (day first, as written in Việt Nam).
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let isoParts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        if isoParts.count == 3, isoParts[0].count == 4 {
            guard let y = Int(isoParts[0]), let m = Int(isoParts[1]), let d = Int(isoParts[2]) else { return nil }
            self.init(year: y, month: m, day: d)
            return
        }
        let parts = trimmed.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        guard parts.count == 3, parts[2].count == 4,
              let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

