import AwardsCore
import AwardsMail
import AwardsStore
import Foundation
import Postgres

/// One pass of the daemon: plan the reminders due at `now`, then deliver what is queued.
public struct ReminderDaemon: Sendable {
    public let settings: Settings
    public let planner: ReminderPlanner
    public let delivery: OutboxDelivery

    public init(settings: Settings, owner: String) throws {
        self.settings = settings
        // The engine refuses to start on an invalid workflow definition or catalogue.
        _ = try ConfigFiles.workflow(settings)
        let mail = try MailSetup(settings: settings)
        planner = ReminderPlanner(policy: try ConfigFiles.reminderPolicy(settings),
                                  calendar: try ConfigFiles.workingCalendar(settings), mail: mail)
        delivery = OutboxDelivery(mail: mail, owner: owner)
    }

    public struct Report: Sendable, Equatable {
        public var planned: ReminderPlanner.Report
        public var delivered: OutboxDelivery.Report
    }

    /// Blocking: call it from a thread of its own (`runBlocking`).
    public func pass(now: Date, shouldStop: @Sendable () -> Bool = { false }) throws -> Report {
        let session = try AwardsSession(settings: settings, actingAs: settings.daemonUser)
        try DaemonLogin.verify(session.connection)
        let planned = try planner.plan(session.connection, now: now)
        // Nothing leaves outside the send window, retries included.
        let local = LocalDateTime(secondsSince1970: now.timeIntervalSince1970)
        guard planner.policy.isInSendWindow(local, calendar: planner.calendar) else {
            return Report(planned: planned, delivered: OutboxDelivery.Report())
        }
        return Report(planned: planned, delivered: try delivery.deliver(session.connection, shouldStop: shouldStop))
    }

    /// `2021-10-15 09:30` or `15/10/2021 09:30` in Việt Nam time (a date alone means 08:00), or an
    /// ISO 8601 instant with its offset.
    public static func parseInstant(_ text: String) -> Date? {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard let first = parts.first, let day = LocalDate(parsing: String(first)), parts.count <= 2 else { return nil }
        var minute = 8 * 60
        if parts.count == 2 {
            let clock = parts[1].split(separator: ":")
            guard clock.count == 2, let h = Int(clock[0]), let m = Int(clock[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
            minute = h * 60 + m
        }
        return Date(timeIntervalSince1970: Double(LocalDateTime(date: day, minuteOfDay: minute).secondsSince1970()))
    }
}

/// Waits for `awards_deadlines` notifications on a connection of its own, reconnecting after failures.
///
/// Used by one task at a time (the daemon's loop hands it from one blocking call to the next), which
/// is what makes the unchecked Sendable sound: libpq's connection is never used by two threads at once.
public final class DeadlineListener: @unchecked Sendable {
    private let settings: Settings
    private var connection: Connection?

    public init(settings: Settings) {
        self.settings = settings
    }

    /// True when woken by a notification, false when `timeout` passed. Throws when the database is away.
    public func wait(timeout: Duration) throws -> Bool {
        do {
            if connection == nil {
                let session = try AwardsSession(settings: settings, actingAs: settings.daemonUser)
                try session.connection.listen("awards_deadlines")
                connection = session.connection
            }
            guard try connection!.waitForNotification(timeout: timeout) != nil else { return false }
            // Several changes may have been committed together: one pass handles them all.
            while try connection!.waitForNotification(timeout: .zero) != nil {}
            return true
        } catch {
            connection = nil
            throw error
        }
    }
}
