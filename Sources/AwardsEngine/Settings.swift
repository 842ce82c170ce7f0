import AwardsCore
import Configuration
import Foundation
import SystemPackage

/// The settings both programs read: `config/settings.yaml`, overridden by environment variables.
public struct Settings: Sendable {
    public var projectDirectory: URL
    public var configDirectory: URL
    public var language: Language
    public var databaseURL: String?
    public var databaseUser: String?
    /// The login awardsd connects as: a member of awards_daemon, never the owner or a superuser.
    public var daemonUser: String
    public var embeddedDirectory: URL
    public var mail: MailSettings

    public struct MailSettings: Sendable {
        public var transport: String
        public var folder: URL
        public var from: String
        public var smtpHost: String
        public var smtpPort: Int
        public var smtpSecurity: String
        public var smtpUsername: String?
        public var smtpPassword: String?
        public var smtpTimeoutSeconds: Int
        public var retryBaseSeconds: Double
        public var retryMaxSeconds: Double
        public var leaseSeconds: Int
        public var batchSize: Int
    }

    /// The settings file: an explicit path, else `$AWARDS_CONFIG`, else `$AWARDS_HOME/config/settings.yaml`,
    /// else `./config/settings.yaml`. The other configuration files are read from the folder it is in.
    public static func settingsFile(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        settingsLookup(explicit: explicit, environment: environment).file
    }

    /// Where the settings file was looked for, and why there: what `awards db status` prints.
    public enum SettingsSource: String, Sendable {
        case option = "--config", configVariable = "AWARDS_CONFIG", homeVariable = "AWARDS_HOME", currentFolder = "the current folder"
    }

    public static func settingsLookup(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (file: URL, source: SettingsSource) {
        if let explicit, !explicit.isEmpty { return (URL(fileURLWithPath: explicit).standardizedFileURL, .option) }
        if let configured = environment["AWARDS_CONFIG"], !configured.isEmpty {
            return (URL(fileURLWithPath: configured).standardizedFileURL, .configVariable)
        }
        if let home = environment["AWARDS_HOME"], !home.isEmpty {
            return (URL(fileURLWithPath: home).appendingPathComponent("config/settings.yaml").standardizedFileURL, .homeVariable)
        }
        return (URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("config/settings.yaml")
            .standardizedFileURL, .currentFolder)
    }

    /// The files read from beside the settings file, each needed by some command.
    public static let companionFiles = ["workflow.yaml", "proposals.yaml", "awards.yaml", "holidays.yaml", "reminders.yaml", "mail/"]

    public static func load(file: URL, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> Settings {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw SettingsError(
                vi: "không tìm thấy tệp cấu hình \(file.path); hãy chạy trong thư mục dự án, hoặc đặt AWARDS_HOME hay AWARDS_CONFIG (hoặc dùng --config)",
                en: "settings file \(file.path) not found; run from the project folder, or set AWARDS_HOME or AWARDS_CONFIG (or pass --config)")
        }
        if let text = try? String(contentsOf: file, encoding: .utf8),
           let unknown = SettingsKeys.unknownKeys(yaml: text, file: file.path, known: knownKeys).first {
            let where_ = "\(unknown.file):\(unknown.line)"
            throw SettingsError(
                vi: "\(where_): không có thiết lập `\(unknown.key)`" + (unknown.suggestion.map { "; có phải ý là `\($0)`?" } ?? "; các thiết lập: \(knownKeys.joined(separator: ", "))"),
                en: "\(where_): unknown setting `\(unknown.key)`" + (unknown.suggestion.map { "; did you mean `\($0)`?" } ?? "; settings: \(knownKeys.joined(separator: ", "))"))
        }
        let fileProvider: FileProvider<YAMLSnapshot>
        do {
            fileProvider = try await FileProvider<YAMLSnapshot>(filePath: FilePath(file.path))
        } catch {
            throw SettingsError(vi: "tệp cấu hình \(file.path) không phải YAML hợp lệ: \(error)",
                                en: "settings file \(file.path) is not valid YAML: \(error)")
        }
        let config = ConfigReader(providers: [
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(["DATABASE_URL", "MAIL_SMTP_PASSWORD"])),
            fileProvider,
        ])
        let configDirectory = file.deletingLastPathComponent()
        let project = configDirectory.deletingLastPathComponent()
        func path(_ value: String) -> URL {
            value.hasPrefix("/") ? URL(fileURLWithPath: value) : project.appendingPathComponent(value).standardizedFileURL
        }
        func nonEmpty(_ value: String?) -> String? {
            guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return value
        }
        let languageName = config.string(forKey: "messages.language", default: "vi")
        guard let language = Language(rawValue: languageName) else {
            throw SettingsError(vi: "messages.language \"\(languageName)\" không được hỗ trợ; hãy dùng vi hoặc en",
                                en: "messages.language \"\(languageName)\" is not supported; use vi or en")
        }
        // The library's int(forKey:default:) answers the default for a value it cannot read as well as for
        // a missing one: MAIL_SMTP_PORT=abc became port 25. A value that is there must be a number in range.
        func number<Value: Comparable>(
            _ key: String, default fallback: Value, in range: ClosedRange<Value>, read: (ConfigKey) -> Value?
        ) throws -> Value {
            let value: Value
            if let read = read(ConfigKey(key)) {
                value = read
            } else if let text = config.string(forKey: ConfigKey(key)) {
                throw SettingsError(vi: "\(key) \"\(text)\" không phải là số", en: "\(key) \"\(text)\" is not a number")
            } else {
                value = fallback
            }
            guard range.contains(value) else {
                throw SettingsError(vi: "\(key) \(value) phải nằm trong khoảng \(range.lowerBound)–\(range.upperBound)",
                                    en: "\(key) \(value) must be between \(range.lowerBound) and \(range.upperBound)")
            }
            return value
        }
        func whole(_ key: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
            try number(key, default: fallback, in: range) { config.int(forKey: $0) }
        }
        func decimal(_ key: String, default fallback: Double, in range: ClosedRange<Double>) throws -> Double {
            try number(key, default: fallback, in: range) { config.double(forKey: $0) }
        }
        let port = try whole("mail.smtp.port", default: 25, in: 1...65535)
        let security = config.string(forKey: "mail.smtp.security", default: "starttls")
        guard ["none", "starttls", "tls"].contains(security) else {
            throw SettingsError(vi: "mail.smtp.security \"\(security)\" phải là none, starttls hoặc tls",
                                en: "mail.smtp.security \"\(security)\" must be none, starttls or tls")
        }
        let transport = config.string(forKey: "mail.transport", default: "folder")
        guard ["folder", "smtp"].contains(transport) else {
            throw SettingsError(vi: "mail.transport \"\(transport)\" phải là folder hoặc smtp",
                                en: "mail.transport \"\(transport)\" must be folder or smtp")
        }
        return Settings(
            projectDirectory: project,
            configDirectory: configDirectory,
            language: language,
            databaseURL: nonEmpty(config.string(forKey: "database.url", isSecret: true)),
            databaseUser: nonEmpty(config.string(forKey: "database.user")),
            daemonUser: nonEmpty(config.string(forKey: "daemon.user")) ?? "awardsd",
            embeddedDirectory: path(config.string(forKey: "database.embedded.directory", default: ".awards")),
            mail: MailSettings(
                transport: transport,
                folder: path(config.string(forKey: "mail.folder", default: ".awards/mail")),
                from: config.string(forKey: "mail.from", default: "awards@localhost"),
                smtpHost: config.string(forKey: "mail.smtp.host", default: "localhost"),
                smtpPort: port,
                smtpSecurity: security,
                smtpUsername: nonEmpty(config.string(forKey: "mail.smtp.username")),
                smtpPassword: nonEmpty(config.string(forKey: "mail.smtp.password", isSecret: true)),
                smtpTimeoutSeconds: try whole("mail.smtp.timeout_seconds", default: 30, in: 1...3600),
                retryBaseSeconds: try decimal("mail.retry.base_seconds", default: 30, in: 0.01...86400),
                retryMaxSeconds: try decimal("mail.retry.max_seconds", default: 3600, in: 0.01...604800),
                leaseSeconds: try whole("mail.lease_seconds", default: 120, in: 1...86400),
                batchSize: try whole("mail.batch_size", default: 50, in: 1...10000)))
    }

    public var schemaDirectory: URL { projectDirectory.appendingPathComponent("schema") }

    /// Every key `load` reads; a settings file with any other is refused.
    public static let knownKeys = [
        "messages.language", "database.url", "database.embedded.directory", "database.user", "daemon.user",
        "mail.transport", "mail.folder", "mail.from", "mail.smtp.host", "mail.smtp.port", "mail.smtp.security",
        "mail.smtp.username", "mail.smtp.password", "mail.smtp.timeout_seconds", "mail.retry.base_seconds",
        "mail.retry.max_seconds", "mail.lease_seconds", "mail.batch_size",
    ]
}

public struct SettingsError: Error, CustomStringConvertible, LocalizedError, BilingualError {
    /// In English.
    public let description: String
    public let vietnamese: String
    public init(vi vietnamese: String, en description: String) {
        self.description = description
        self.vietnamese = vietnamese
    }
    public var errorDescription: String? { description }
    public func message(in language: Language) -> String { language.text(vi: vietnamese, en: description) }
}
