import AwardsCore
import Postgres

/// Copies the working-day calendar into `awards.working_days`, which the database counts stage
/// deadlines with.
public struct CalendarStore {
    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    /// Replaces the working days of `years` in one transaction; returns how many days were written.
    @discardableResult
    public func sync(_ calendar: WorkingCalendar, years: ClosedRange<Int>) throws -> Int {
        let first = LocalDate(year: years.lowerBound, month: 1, day: 1)!
        let last = LocalDate(year: years.upperBound, month: 12, day: 31)!
        let days = (0...first.days(until: last)).lazy.map { first.adding(days: $0) }.filter(calendar.isWorkingDay)
        return try connection.transaction { connection in
            try connection.query("DELETE FROM awards.working_days WHERE day BETWEEN $1::date AND $2::date", [first.iso, last.iso])
            return try connection.copyIn("COPY awards.working_days (day) FROM STDIN", rows: days.map { [$0.iso] })
        }
    }
}
