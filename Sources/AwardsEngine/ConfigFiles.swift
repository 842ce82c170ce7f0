import AwardsCore
import Foundation

/// Reads the data files in config/ and hands their text to the pure parsers in AwardsCore, adding the
/// file's path to any problem so that the user can go straight to the line.
public enum ConfigFiles {
    public static func text(_ name: String, in settings: Settings) throws -> (text: String, path: String) {
        let url = settings.configDirectory.appendingPathComponent(name)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw SettingsError(vi: "không tìm thấy hoặc không đọc được \(url.path); tệp này đi kèm dự án trong config/",
                                en: "\(url.path) not found or unreadable; it ships with the project in config/")
        }
        return (text, url.path)
    }

    /// Reads one file with its loader from AwardsCore. Only an unreadable file throws; problems in the
    /// text are the result's failure, so that several files' problems can be listed together.
    static func read<T>(_ name: String, in settings: Settings,
                        _ load: (_ text: String, _ file: String) throws(ConfigProblems) -> T) throws -> Result<T, ConfigProblems> {
        let (text, path) = try text(name, in: settings)
        return Result { () throws(ConfigProblems) in try load(text, path) }
    }

    /// The error for the problems of one or more files, a line each: `PATH:LINE: message`.
    static func problemsError(_ failures: [ConfigProblems]) -> SettingsError {
        // The problems themselves stay English, as the validators write them; each names its file and line.
        let lines = failures.map(\.description).joined(separator: "\n")
        return SettingsError(vi: "cấu hình có lỗi:\n\(lines)", en: "the configuration has problems:\n\(lines)")
    }

    static func load<T>(_ name: String, in settings: Settings,
                        _ load: (_ text: String, _ file: String) throws(ConfigProblems) -> T) throws -> T {
        switch try read(name, in: settings, load) {
        case .success(let value): return value
        case .failure(let problems): throw problemsError([problems])
        }
    }

    /// The working-day calendar with the government's announced swaps from config/holidays.yaml.
    public static func workingCalendar(_ settings: Settings) throws -> WorkingCalendar {
        WorkingCalendar(announcements: try load("holidays.yaml", in: settings, HolidayAnnouncements.load(yaml:file:)))
    }

    /// The workflow definition and award catalogue, validated; the problems of both files are listed at once.
    public static func workflow(_ settings: Settings) throws -> NominationWorkflow {
        let definition = try read("workflow.yaml", in: settings, WorkflowDefinition.load(yaml:file:))
        let catalogue = try read("awards.yaml", in: settings, AwardCatalogue.load(yaml:file:))
        guard case .success(let definition) = definition, case .success(let catalogue) = catalogue else {
            throw problemsError([definition.problems, catalogue.problems].compactMap { $0 })
        }
        return NominationWorkflow(definition: definition, catalogue: catalogue)
    }

    /// The proposal workflow, validated on its own and against the nomination workflow it moves lines by.
    public static func proposals(_ settings: Settings, nominations: WorkflowDefinition) throws -> ProposalWorkflow {
        let (text, path) = try text("proposals.yaml", in: settings)
        let problems = ProposalWorkflow.problems(yaml: text, file: path)
        guard problems.isEmpty else { throw problemsError([ConfigProblems(problems)]) }
        let definition = try ProposalWorkflow.load(yaml: text, file: path)
        let mismatches = definition.problems(against: nominations, file: path)
        guard mismatches.isEmpty else { throw problemsError([ConfigProblems(mismatches)]) }
        return definition
    }

    public static func reminderPolicy(_ settings: Settings) throws -> ReminderPolicy {
        try load("reminders.yaml", in: settings, ReminderPolicy.load(yaml:file:))
    }
}

private extension Result where Failure == ConfigProblems {
    var problems: ConfigProblems? {
        if case .failure(let problems) = self { problems } else { nil }
    }
}
