import ArgumentParser
import AwardsEngine
import Foundation
import Logging
import ServiceLifecycle

@main
struct AwardsDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "awardsd",
        abstract: "The reminder daemon: e-mails deadline reminders and escalations.",
        discussion: """
            Runs until SIGTERM or SIGINT, finishing the work in hand before it exits.
            Example: awardsd --once   (one pass, for cron and tests)
            """)

    @Option(help: ArgumentHelp("The settings file (default: config/settings.yaml in the project folder).", valueName: "path"))
    var config: String?

    @Flag(help: "Do one pass and exit.")
    var once = false

    @Option(help: ArgumentHelp("Seconds between passes when nothing wakes the daemon.", valueName: "seconds"))
    var interval: Int = 60

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        if interval < 1 { throw ValidationError("--interval must be at least 1 second") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level \(logLevel) is not a level") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "awardsd")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let settings: Settings
        do {
            settings = try await Settings.load(file: Settings.settingsFile(explicit: config))
        } catch {
            logger.critical("cannot start: \(UserFacingError.describe(error))")
            throw ExitCode(1)
        }
        let service = ReminderService(settings: settings, logger: logger, interval: .seconds(interval))
        if once {
            do {
                try await service.pass()
            } catch {
                logger.error("pass failed: \(UserFacingError.describe(error))")
                throw ExitCode(1)
            }
            return
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.info("stopped")
    }
}

/// Wakes on a timer and does one pass each time. A pass that fails (the database restarting, say) is
/// logged and retried on the next tick rather than ending the daemon.
struct ReminderService: Service {
    let settings: Settings
    let logger: Logger
    let interval: Duration

    func run() async throws {
        logger.info("started", metadata: ["interval": "\(interval)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await pass()
            } catch {
                logger.warning("pass failed; will retry", metadata: ["error": "\(UserFacingError.describe(error))"])
            }
            // A graceful shutdown ends the wait at once; a pass in progress is never interrupted.
            try? await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
        }
        logger.info("shutting down")
    }

    func pass() async throws {
        let settings = settings
        let facts = try await runBlocking { () -> (String, Int) in
            let session = try AwardsSession(settings: settings)
            let applied = try session.migrator().status(session.connection).filter { $0.state == .applied }.count
            return (session.connection.configuration.description, applied)
        }
        logger.info("pass done", metadata: ["database": "\(facts.0)", "migrations_applied": "\(facts.1)"])
    }
}
