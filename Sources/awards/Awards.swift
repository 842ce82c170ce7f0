import ArgumentParser
import AwardsCore
import AwardsEngine
import Foundation
import Postgres
import Synchronization

@main
struct Awards: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "awards",
        abstract: "Record and advance emulation and commendation nominations (thi đua – khen thưởng).",
        discussion: """
            With no database configured, awards creates and starts a private PostgreSQL cluster in .awards/ \
            on first use; set DATABASE_URL to use another server. You act as a database login role: \
            pass --as LOGIN (or set DATABASE_USER).

            Start with:  awards demo
            """,
        groupedSubcommands: [
            CommandGroup(name: "Nominations", subcommands: [
                NominateCommand.self, CultivateCommand.self, SummarizeCommand.self, ProposeCommand.self,
                ApproveCommand.self, RejectCommand.self, ReturnCommand.self, DowngradeCommand.self, AmendCommand.self, ForwardCommand.self,
                RecordDecisionCommand.self,
                ReplicateCommand.self, CloseCommand.self, WithdrawCommand.self, AdvanceCommand.self,
                ShowCommand.self, ListCommand.self,
            ]),
            CommandGroup(name: "The annual round", subcommands: [NomineeCommand.self, HistoryCommand.self, EligibleCommand.self, ProposalCommand.self, CouncilCommand.self, PostingCommand.self, AppraisalCommand.self, DecisionCommand.self, MoneyCommand.self]),
            CommandGroup(name: "Deadlines", subcommands: [ObligationCommand.self, RemindersCommand.self]),
            CommandGroup(name: "Reference", subcommands: [
                UnitCommand.self, PersonCommand.self, MovementCommand.self, ChangesCommand.self, CatalogCommand.self, CalendarCommand.self,
                WorkflowCommand.self, WhoAmICommand.self,
            ]),
            CommandGroup(name: "Set-up", subcommands: [DemoCommand.self, DatabaseCommand.self]),
        ])
}

/// Options every command that touches the database accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this database login role (a registered person's login).", valueName: "login"))
    var login: String?

    @Option(help: ArgumentHelp("""
        The settings file (default: $AWARDS_CONFIG, else $AWARDS_HOME/config/settings.yaml, else ./config/settings.yaml). \
        workflow.yaml, awards.yaml, holidays.yaml, reminders.yaml and mail/ are read from the same folder; \
        awards db status shows which.
        """, valueName: "path"))
    var config: String?

    @Option(name: .customLong("lang"), help: """
        Language of command output, refusals, errors and e-mails: vi or en (default: messages.language, \
        normally vi). Help texts, --format csv/json keys and messages raised inside PostgreSQL stay English.
        """)
    var language: Language?

    /// The language to speak: --lang, else the settings' (messages.language or MESSAGES_LANGUAGE); when the
    /// settings cannot be read, MESSAGES_LANGUAGE or Vietnamese, so that even that error is in the user's language.
    func spokenLanguage() async -> Language {
        await Self.spokenLanguage(given: language, config: config)
    }

    /// The same, from a `--lang` and `--config` picked out of arguments that did not parse.
    static func spokenLanguage(given: Language?, config: String?) async -> Language {
        if let given { return given }
        if let settings = try? await LoadedSettings.load(file: Settings.settingsFile(explicit: config)) { return settings.language }
        return ProcessInfo.processInfo.environment["MESSAGES_LANGUAGE"].flatMap(Language.init(rawValue:)) ?? .vi
    }

    func settings() async throws -> Settings {
        var settings = try await LoadedSettings.load(file: Settings.settingsFile(explicit: config))
        if let language { settings.language = language }
        return settings
    }

    /// Starts the embedded cluster if it is the database, then opens a session and runs `body` with it
    /// on a thread of its own (libpq blocks).
    func withSession<T: Sendable>(_ body: @escaping @Sendable (AwardsSession) throws -> T) async throws -> T {
        let settings = try await self.settings()
        let login = self.login
        let target = try await DatabaseTarget(settings: settings)
        let notes = try await target.prepare()
        return try await runBlocking {
            let session = try AwardsSession(settings: settings, target: target, actingAs: login)
            for note in notes { Terminal.note(note, in: settings.language) }
            return try body(session)
        }
    }
}

extension Language: ExpressibleByArgument {}

/// One command reads its settings file once, though several steps ask for it (the language to speak,
/// the session, the workflow files): a process runs one command, so the file cannot change meanwhile.
enum LoadedSettings {
    private static let loaded = Mutex<[URL: Settings]>([:])

    static func load(file: URL) async throws -> Settings {
        if let settings = loaded.withLock({ $0[file] }) { return settings }
        let settings = try await Settings.load(file: file)
        loaded.withLock { $0[file] = settings }
        return settings
    }
}

/// Runs a command body in the user's language and turns any failure into one line on stderr, in that
/// language, and a non-zero exit.
func reportingErrors(_ global: GlobalOptions, _ body: (Language) async throws -> Void) async throws {
    let language = await global.spokenLanguage()
    do {
        try await body(language)
    } catch let error as ExitCode {
        throw error
    } catch let error where error is CleanExit {
        throw error
    } catch {
        Terminal.error(UserFacingError.describe(error, in: language), in: language)
        throw ExitCode(1)
    }
}
