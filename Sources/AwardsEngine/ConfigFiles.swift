import AwardsCore
import Foundation

/// Reads the data files in config/ and hands their text to the pure parsers in AwardsCore, adding the
/// file's path to any problem so that the user can go straight to the line.
public enum ConfigFiles {
    public static func text(_ name: String, in settings: Settings) throws -> (text: String, path: String) {
        let url = settings.configDirectory.appendingPathComponent(name)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw SettingsError("\(url.path) not found or unreadable; it ships with the project in config/")
        }
        return (text, url.path)
    }

    static func parse<T>(_ name: String, in settings: Settings, _ parse: (String) throws -> T) throws -> T {
        let (text, path) = try text(name, in: settings)
        do {
            return try parse(text)
        } catch let error as ConfigError {
            throw SettingsError("\(path): \(error)")
        }
    }

    /// The working-day calendar with the government's announced swaps from config/holidays.yaml.
    public static func workingCalendar(_ settings: Settings) throws -> WorkingCalendar {
        WorkingCalendar(announcements: try parse("holidays.yaml", in: settings, HolidayAnnouncements.parse(yaml:)))
    }

    /// The workflow definition and award catalogue, validated; every problem is listed with its line.
    public static func workflow(_ settings: Settings) throws -> NominationWorkflow {
        let (workflowText, workflowPath) = try text("workflow.yaml", in: settings)
        let (catalogueText, cataloguePath) = try text("awards.yaml", in: settings)
        do {
            let definition = try WorkflowDefinition.load(yaml: workflowText, file: workflowPath)
            let catalogue = try AwardCatalogue.load(yaml: catalogueText, file: cataloguePath)
            return NominationWorkflow(definition: definition, catalogue: catalogue)
        } catch {
            throw SettingsError("the workflow configuration has problems:\n\(error.description)")
        }
    }

    public static func reminderPolicy(_ settings: Settings) throws -> ReminderPolicy {
        try parse("reminders.yaml", in: settings, ReminderPolicy.parse(yaml:))
    }
}
