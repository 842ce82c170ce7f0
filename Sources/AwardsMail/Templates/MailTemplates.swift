import Foundation
import Mustache

public enum MailLanguage: String, Hashable, Sendable, CaseIterable {
    case vi
    case en
}

public enum MailTemplateKind: String, Hashable, Sendable, CaseIterable {
    /// One item.
    case reminder
    /// Several items for one recipient.
    case digest
    /// A step of a nomination or a proposal that the workflow's `notify:` tells people of.
    case transition
}

/// A rendered e-mail, ready to become a `MailMessage`.
public struct RenderedMail: Hashable, Sendable {
    public let subject: String
    public let text: String
    public let html: String
}

/// The e-mail templates: for each language and kind a subject, a plain-text and an HTML template.
///
/// Files are named `{kind}.subject.mustache`, `{kind}.txt.mustache`, `{kind}.html.mustache`; Vietnamese
/// ones sit at the top of the folder, other languages in a subfolder named by the language (`en/`). HTML
/// templates escape values; subject and text templates do not (they are not HTML). All templates are
/// parsed when loaded, so a broken or missing one fails at start-up, not at the first reminder.
public struct MailTemplates: Sendable {
    private let templates: [String: MustacheTemplate]
    public let languages: Set<MailLanguage>

    /// Relative path → content, e.g. `["reminder.subject.mustache": "…", "en/reminder.txt.mustache": "…"]`.
    public init(files: [String: String]) throws(MailTemplateError) {
        var templates: [String: MustacheTemplate] = [:]
        var languages: Set<MailLanguage> = []
        for language in MailLanguage.allCases {
            let present = MailTemplateKind.allCases.flatMap { kind in Part.allCases.map { Self.path(kind, $0, language) } }
                .filter { files[$0] != nil }
            guard !present.isEmpty || language == .vi else { continue }
            for kind in MailTemplateKind.allCases {
                for part in Part.allCases {
                    let path = Self.path(kind, part, language)
                    guard let source = files[path] else { throw .missing(path) }
                    // Subjects and plain text are not HTML: "&" must stay "&".
                    let pragma = part == .html ? "" : "{{% CONTENT_TYPE: TEXT}}\n"
                    do {
                        templates[path] = try MustacheTemplate(string: pragma + source)
                    } catch {
                        throw .unparsable(path, "\(error)")
                    }
                }
            }
            languages.insert(language)
        }
        self.templates = templates
        self.languages = languages
    }

    /// Reads `*.mustache` from the folder and its language subfolders (e.g. `config/mail`).
    public init(directory: String) throws(MailTemplateError) {
        var files: [String: String] = [:]
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        for language in MailLanguage.allCases {
            let subfolder = language == .vi ? folder : folder.appendingPathComponent(language.rawValue, isDirectory: true)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: subfolder.path)) ?? []
            for name in names where name.hasSuffix(".mustache") {
                let relative = language == .vi ? name : "\(language.rawValue)/\(name)"
                do {
                    files[relative] = try String(contentsOf: subfolder.appendingPathComponent(name), encoding: .utf8)
                } catch {
                    throw .unreadable(subfolder.appendingPathComponent(name).path, error.localizedDescription)
                }
            }
        }
        try self.init(files: files)
    }

    public func reminder(_ notice: ReminderNotice, language: MailLanguage = .vi) throws(MailTemplateError) -> RenderedMail {
        try render(.reminder, language: language, values: TemplateValues.notice(notice))
    }

    public func transition(_ notice: TransitionNotice, language: MailLanguage = .vi) throws(MailTemplateError) -> RenderedMail {
        try render(.transition, language: language, values: notice.templateValues)
    }

    public func digest(_ digest: ReminderDigest, language: MailLanguage = .vi) throws(MailTemplateError) -> RenderedMail {
        try render(.digest, language: language, values: TemplateValues.digest(digest))
    }

    /// Renders with any values; `reminder` and `digest` supply the documented ones.
    public func render(_ kind: MailTemplateKind, language: MailLanguage, values: [String: Any]) throws(MailTemplateError) -> RenderedMail {
        guard languages.contains(language) else { throw .languageNotLoaded(language) }
        func part(_ part: Part) -> String { templates[Self.path(kind, part, language)]!.render(values) }
        // A subject is one line, however the template was laid out.
        let subject = part(.subject).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return RenderedMail(subject: subject, text: part(.text), html: part(.html))
    }

    enum Part: String, CaseIterable {
        case subject, text = "txt", html
    }

    static func path(_ kind: MailTemplateKind, _ part: Part, _ language: MailLanguage) -> String {
        let name = "\(kind.rawValue).\(part.rawValue).mustache"
        return language == .vi ? name : "\(language.rawValue)/\(name)"
    }
}

public enum MailTemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    case missing(String)
    case unparsable(String, String)
    case unreadable(String, String)
    case languageNotLoaded(MailLanguage)

    public var description: String {
        switch self {
        case .missing(let path): "mail template missing: \(path)"
        case .unparsable(let path, let reason): "mail template \(path) does not parse: \(reason)"
        case .unreadable(let path, let reason): "cannot read mail template \(path): \(reason)"
        case .languageNotLoaded(let language): "no mail templates loaded for language \(language.rawValue)"
        }
    }
}
