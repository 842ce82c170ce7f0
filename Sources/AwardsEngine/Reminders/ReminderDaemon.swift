import AwardsCore
import AwardsMail
import AwardsStore
import Foundation
import Postgres
import Synchronization

/// One pass of the daemon: plan the reminders due at `now`, then deliver what is queued.
public struct ReminderDaemon: Sendable {
    public let settings: Settings
    public let planner: ReminderPlanner
    public let delivery: OutboxDelivery
    public let notices: NoticeQueue
    /// The one connection passes work on, kept between them.
    let work: DaemonConnection

    /// The database it works on, which it never starts.
    public var target: DatabaseTarget { work.target }

    public init(settings: Settings, target: DatabaseTarget, owner: String) throws {
        self.settings = settings
        (planner, delivery, notices) = try Self.engine(settings, owner: owner)
        work = DaemonConnection(settings: settings, target: target)
    }

    /// On the database the settings name, found once the settings have passed their checks.
    public init(settings: Settings, owner: String) async throws {
        self.settings = settings
        (planner, delivery, notices) = try Self.engine(settings, owner: owner)
        work = DaemonConnection(settings: settings, target: try await DatabaseTarget(settings: settings))
    }

    private static func engine(_ settings: Settings, owner: String) throws -> (ReminderPlanner, OutboxDelivery, NoticeQueue) {
        // The engine refuses to start on an invalid workflow definition or catalogue.
        let workflow = try ConfigFiles.workflow(settings)
        let mail = try MailSetup(settings: settings)
        let planner = ReminderPlanner(policy: try ConfigFiles.reminderPolicy(settings),
                                      calendar: try ConfigFiles.workingCalendar(settings), mail: mail,
                                      workflow: workflow.definition)
        return (planner, OutboxDelivery(mail: mail, owner: owner), NoticeQueue(mail: mail))
    }

    public struct Report: Sendable, Equatable {
        public var planned: ReminderPlanner.Report
        public var notices: Int = 0
        public var delivered: OutboxDelivery.Report
    }

    /// Blocking: call it from a thread of its own (`runBlocking`).
    public func pass(now: Date, shouldStop: @Sendable () -> Bool = { false }) throws -> Report {
        try work.use { connection in
            let planned = try planner.plan(connection, now: now)
            // Notices are queued whenever they come; like reminders, they leave only inside the send window.
            let notices = try self.notices.queue(connection)
            let local = LocalDateTime(secondsSince1970: now.timeIntervalSince1970)
            guard planner.policy.isInSendWindow(local, calendar: planner.calendar) else {
                return Report(planned: planned, notices: notices, delivered: OutboxDelivery.Report())
            }
            return Report(planned: planned, notices: notices, delivered: try delivery.deliver(connection, shouldStop: shouldStop))
        }
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

/// The daemon's work connection, as its own login (checked to be no more than awards_daemon), opened on
/// first use and kept; after an error that left it broken (the database restarted) the next use opens a
/// new one. It never starts the embedded cluster.
///
/// Unchecked Sendable: the connection is only touched under the lock, by one caller at a time.
final class DaemonConnection: @unchecked Sendable {
    private let settings: Settings
    let target: DatabaseTarget
    private let lock = NSLock()
    private var held: Connection?

    init(settings: Settings, target: DatabaseTarget) {
        self.settings = settings
        self.target = target
    }

    func use<T>(_ body: (Connection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if let open = held, !open.isOpen { held = nil }
        let current = try held ?? DaemonConnection.open(settings, target)
        held = current
        do {
            return try body(current)
        } catch {
            if !current.isOpen { held = nil }
            throw error
        }
    }

    static func open(_ settings: Settings, _ target: DatabaseTarget) throws -> Connection {
        let connection = try AwardsSession(settings: settings, target: target, actingAs: settings.daemonUser).connection
        try DaemonLogin.verify(connection)
        return connection
    }
}

/// Turns `awards_deadlines` notifications into wake-ups: one thread of its own holds the LISTEN
/// connection for the daemon's life, reconnecting after failures, and yields into `wakeups`, where the
/// daemon's interval ticks arrive too. Several changes committed together make one wake-up.
public final class DeadlineNotifications: Sendable {
    public let wakeups: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let stopped = Atomic(false)
    private let settings: Settings
    private let target: DatabaseTarget

    public init(settings: Settings, target: DatabaseTarget) {
        self.settings = settings
        self.target = target
        (wakeups, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Wakes the daemon now (its first pass, and each interval tick).
    public func wake() { continuation.yield() }

    /// Starts listening on its own thread; `onError` hears each failure (the database away) before the
    /// next attempt, a second later.
    public func start(onError: @escaping @Sendable (any Error) -> Void) {
        let thread = Thread { [self] in
            var connection: Connection?
            while !stopped.load(ordering: .relaxed) {
                do {
                    if connection == nil {
                        let opened = try DaemonConnection.open(settings, target)
                        try opened.listen("awards_deadlines")
                        connection = opened
                    }
                    // A short timeout, so that stop() is noticed within a second.
                    if try connection!.waitForNotification(timeout: .seconds(1)) != nil {
                        while try connection!.waitForNotification(timeout: .zero) != nil {}
                        continuation.yield()
                    }
                } catch {
                    connection = nil
                    onError(error)
                    if !stopped.load(ordering: .relaxed) { sleep(1) }
                }
            }
            continuation.finish()
        }
        thread.name = "awardsd LISTEN awards_deadlines"
        thread.start()
    }

    /// Ends the listening thread (within a second) and the stream of wake-ups.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        continuation.finish()
    }
}
