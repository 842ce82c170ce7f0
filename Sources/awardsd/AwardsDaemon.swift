import ArgumentParser
import AwardsEngine
import Foundation
import Logging
import Postgres
import ServiceLifecycle
import Synchronization

@main
struct AwardsDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "awardsd",
        abstract: "The reminder daemon: e-mails deadline reminders and escalations.",
        discussion: """
            Wakes when deadlines change (LISTEN awards_deadlines) and every --interval seconds; plans the \
            reminders that are due, then delivers the queued messages. Holds two connections, as daemon.user \
            (awardsd): one to work on, one to listen on; never starts the embedded database. Several daemons \
            may run at once. Runs until SIGTERM or SIGINT (with --once too), finishing the message in flight.
            Example: awardsd --once --now "15/10/2021 08:30"   (one pass at a simulated time, for cron and tests)
            """)

    @Option(help: ArgumentHelp("The settings file (default: config/settings.yaml in the project folder).", valueName: "path"))
    var config: String?

    @Flag(help: "Do one pass and exit.")
    var once = false

    @Option(help: ArgumentHelp("Act as if it were this time (Việt Nam time, e.g. \"15/10/2021 08:30\", or ISO 8601).", valueName: "time"))
    var now: String?

    @Option(help: ArgumentHelp("Seconds between passes when nothing wakes the daemon.", valueName: "seconds"))
    var interval: Int = 60

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        if interval < 1 { throw ValidationError("--interval must be at least 1 second") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level \(logLevel) is not a level") }
        if let now, ReminderDaemon.parseInstant(now) == nil {
            throw ValidationError("--now \"\(now)\" is not a time; write e.g. \"15/10/2021 08:30\" or 2021-10-15T08:30:00+07:00")
        }
    }

    func run() async throws {
        // A parent may start us with these blocked (Foundation's Process does); blocked, a SIGTERM would
        // stay pending for ever and the daemon could never be stopped gracefully.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "awardsd")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let daemon: ReminderDaemon
        let settings: Settings
        do {
            settings = try await Settings.load(file: Settings.settingsFile(explicit: config))
            daemon = try await ReminderDaemon(settings: settings, owner: "\(ProcessInfo.processInfo.hostName)/\(getpid())")
        } catch {
            // The log is for operators and stays English; only the e-mails follow messages.language.
            logger.critical("cannot start: \(UserFacingError.describe(error, in: .en))")
            throw ExitCode(1)
        }
        let fixedNow = now.flatMap(ReminderDaemon.parseInstant)
        let service = ReminderService(daemon: daemon, notifications: once ? nil : DeadlineNotifications(settings: settings, target: daemon.target),
                                      logger: logger, interval: .seconds(interval), fixedNow: fixedNow)
        logger.info("starting", metadata: ["mail": "\(daemon.delivery.mail.transportDescription)"])
        // --once too runs in a service group: SIGTERM then finishes the message in flight and hands the
        // rest of the batch back, instead of killing the process with its messages leased.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
        } catch {
            logger.error("pass failed: \(UserFacingError.describe(error, in: .en))")
            throw ExitCode(1)
        }
        logger.info("stopped")
    }
}

/// Passes when deadlines change (LISTEN, on a thread of its own) or the interval ticks, on one work
/// connection. A failing pass (the database restarting, the SMTP server down) is logged and retried on
/// the next wake-up rather than ending the daemon. Without notifications (`--once`), one pass.
struct ReminderService: Service {
    let daemon: ReminderDaemon
    let notifications: DeadlineNotifications?
    let logger: Logger
    let interval: Duration
    let fixedNow: Date?
    let stopping = Stopping()

    final class Stopping: Sendable {
        let flag = Atomic(false)
    }

    func run() async throws {
        guard let notifications else {
            try await withGracefulShutdownHandler {
                try await pass()
            } onGracefulShutdown: { [stopping] in
                stopping.flag.store(true, ordering: .relaxed)
            }
            return
        }
        logger.info("started", metadata: ["interval": "\(interval)"])
        let logger = logger
        notifications.start { error in
            logger.debug("listening failed; retrying", metadata: ["error": "\(UserFacingError.describe(error, in: .en))"])
        }
        notifications.wake()
        let interval = interval
        let ticks = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                notifications.wake()
            }
        }
        defer {
            ticks.cancel()
            notifications.stop()
        }
        try await withGracefulShutdownHandler {
            for await _ in notifications.wakeups.cancelOnGracefulShutdown() {
                do {
                    try await pass()
                } catch let refusal as DaemonLoginError {
                    // Running with more privilege than awards_daemon is not a passing trouble.
                    throw refusal
                } catch {
                    logger.warning("pass failed; will retry", metadata: ["error": "\(UserFacingError.describe(error, in: .en))"])
                }
            }
        } onGracefulShutdown: { [stopping] in
            stopping.flag.store(true, ordering: .relaxed)
        }
        logger.info("shutting down")
    }

    func pass() async throws {
        let (daemon, stopping, fixedNow) = (daemon, stopping, fixedNow)
        let started = ContinuousClock.now
        let report = try await runBlocking {
            try daemon.pass(now: fixedNow ?? Date(), shouldStop: { stopping.flag.load(ordering: .relaxed) })
        }
        let elapsed = ContinuousClock.now - started
        if let trouble = report.delivered.serverTrouble {
            // A wrong host name or a server that is down would otherwise only show as retries.
            logger.warning("the mail server did not take messages; they wait for it", metadata: ["reason": "\(trouble)"])
        }
        logger.info("pass done", metadata: [
            "deadlines": "\(report.planned.deadlines)", "reminders": "\(report.planned.reminders)",
            "queued": "\(report.planned.messages)", "sent": "\(report.delivered.sent)",
            "retrying": "\(report.delivered.retrying)", "failed": "\(report.delivered.failed)",
            "superseded": "\(report.delivered.superseded)", "sent_after_lease_lost": "\(report.delivered.sentAfterLeaseLost)",
            "outside_window": "\(report.planned.outsideWindow)",
            "seconds": "\(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))",
        ])
    }
}
