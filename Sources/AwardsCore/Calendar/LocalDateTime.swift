import Foundation

/// A wall-clock moment in Việt Nam: a civil date and the minute of that day (0…1439). The daemon turns
/// its clock (or `--now`) into one of these; the core never reads a clock.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: LocalDate
    public let minuteOfDay: Int

    public init(date: LocalDate, minuteOfDay: Int) {
        precondition((0..<1440).contains(minuteOfDay), "minute of day out of range: \(minuteOfDay)")
        self.date = date
        self.minuteOfDay = minuteOfDay
    }

    public init(date: LocalDate, hour: Int, minute: Int) {
        self.init(date: date, minuteOfDay: hour * 60 + minute)
    }

    public init(secondsSince1970: Double, utcOffsetSeconds: Int = LocalDate.vietnamUTCOffset) {
        let local = Int((secondsSince1970 + Double(utcOffsetSeconds)).rounded(.down))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        self.init(date: LocalDate(daysSinceEpoch: days), minuteOfDay: (local - days * 86_400) / 60)
    }

    /// Seconds since 1970-01-01T00:00Z of this local minute, for storing as `timestamptz`.
    public func secondsSince1970(utcOffsetSeconds: Int = LocalDate.vietnamUTCOffset) -> Int {
        date.daysSinceEpoch * 86_400 + minuteOfDay * 60 - utcOffsetSeconds
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.minuteOfDay) < (rhs.date, rhs.minuteOfDay)
    }

    /// `2025-01-27 08:00`
    public var description: String {
        let hours = String(minuteOfDay / 60), minutes = String(minuteOfDay % 60)
        return "\(date.iso) \(hours.count < 2 ? "0" + hours : hours):\(minutes.count < 2 ? "0" + minutes : minutes)"
    }
}
