import Foundation
import Yams

/// A YAML document reduced to what configuration needs — text, mappings, lists — with every value
/// remembering where it was written. Values stay text: numbers and dates are read by our own parsers,
/// so `1.5` never passes through a binary floating point and `2024-07-01` never through a time zone.
struct ConfigNode: Sendable {
    enum Content: Sendable {
        case null
        case scalar(String)
        case mapping([ConfigEntry])
        case sequence([ConfigNode])
    }

    let content: Content
    let line: Int
    let column: Int

    var scalarText: String? {
        if case .scalar(let text) = content { return text }
        return nil
    }

    /// How the value reads in a message: its text, or what sort of thing it is.
    var shortDescription: String {
        switch content {
        case .null: "nothing"
        case .scalar(let text): "`\(text)`"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

struct ConfigEntry: Sendable {
    let key: String
    let keyLine: Int
    let keyColumn: Int
    let value: ConfigNode
}

/// Reads configuration text into `ConfigNode`s and collects problems with their positions.
struct ConfigReader {
    let file: String
    private(set) var problems: [ConfigProblem] = []

    init(file: String) {
        self.file = file
    }

    /// Parses YAML text; a syntax error becomes a problem and the result is nil. A file with no document
    /// (empty, or only comments) is a problem too, unless `mayBeEmpty`: then the result is nil and no
    /// problem is reported, for files whose every setting is optional.
    mutating func parse(_ text: String, mayBeEmpty: Bool = false) -> ConfigNode? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                if !mayBeEmpty { report(line: 1, column: 1, "the file is empty") }
                return nil
            }
            return convert(root)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                 .composer(_, let problem, let mark, _):
                report(line: mark.line, column: mark.column, "YAML syntax error: \(problem)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                report(line: context.mark.line, column: context.mark.column,
                       "duplicate key \(duplicates.map { "`\($0)`" }.joined(separator: ", ")) in one mapping")
            default:
                report(line: 1, column: 1, "YAML error: \(error)")
            }
            return nil
        } catch {
            report(line: 1, column: 1, "YAML error: \(error)")
            return nil
        }
    }

    private func convert(_ node: Node) -> ConfigNode {
        let line = node.mark?.line ?? 1
        let column = node.mark?.column ?? 1
        switch node {
        case .scalar(let scalar):
            let isNull = scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
            return ConfigNode(content: isNull ? .null : .scalar(scalar.string), line: line, column: column)
        case .mapping(let mapping):
            let entries = mapping.map { pair in
                ConfigEntry(key: pair.key.string ?? "\(pair.key)",
                            keyLine: pair.key.mark?.line ?? line,
                            keyColumn: pair.key.mark?.column ?? column,
                            value: convert(pair.value))
            }
            return ConfigNode(content: .mapping(entries), line: line, column: column)
        case .sequence(let sequence):
            return ConfigNode(content: .sequence(sequence.map(convert)), line: line, column: column)
        case .alias:
            return ConfigNode(content: .null, line: line, column: column)
        }
    }

    mutating func report(line: Int, column: Int, _ message: String) {
        problems.append(ConfigProblem(file: file, line: line, column: column, message: message))
    }

    mutating func report(_ node: ConfigNode, _ message: String) {
        report(line: node.line, column: node.column, message)
    }

    mutating func report(_ entry: ConfigEntry, _ message: String) {
        report(line: entry.keyLine, column: entry.keyColumn, message)
    }

    /// The entries of a mapping, after checking that no unknown key is present and no required one missing.
    mutating func mapping(_ node: ConfigNode, _ what: String,
                          required: [String] = [], optional: [String] = []) -> [String: ConfigEntry]? {
        guard case .mapping(let entries) = node.content else {
            report(node, "\(what) must be a mapping, not \(node.shortDescription)")
            return nil
        }
        let allowed = required + optional
        var byKey: [String: ConfigEntry] = [:]
        for entry in entries {
            if allowed.contains(entry.key) {
                byKey[entry.key] = entry
            } else {
                report(entry, "unknown key `\(entry.key)` in \(what); expected one of: \(allowed.joined(separator: ", "))")
            }
        }
        for key in required where byKey[key] == nil {
            report(node, "missing required setting `\(key)` in \(what)")
        }
        return byKey
    }

    /// Entries of a mapping whose keys are names chosen by the author (state names, role names…).
    mutating func namedEntries(_ node: ConfigNode, _ what: String) -> [ConfigEntry]? {
        guard case .mapping(let entries) = node.content else {
            report(node, "\(what) must be a mapping, not \(node.shortDescription)")
            return nil
        }
        return entries
    }

    mutating func sequence(_ node: ConfigNode, _ what: String) -> [ConfigNode]? {
        guard case .sequence(let items) = node.content else {
            report(node, "\(what) must be a list, not \(node.shortDescription)")
            return nil
        }
        return items
    }

    mutating func text(_ node: ConfigNode, _ what: String) -> String? {
        guard let text = node.scalarText, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            report(node, "\(what) must be text, not \(node.shortDescription)")
            return nil
        }
        return VietnameseText.canonical(text)
    }

    /// A single name or a list of names.
    mutating func names(_ node: ConfigNode, _ what: String) -> [(name: String, node: ConfigNode)]? {
        switch node.content {
        case .scalar(let text):
            return [(text, node)]
        case .sequence(let items):
            var names: [(String, ConfigNode)] = []
            for item in items {
                if let name = self.text(item, "each entry of \(what)") { names.append((name, item)) }
            }
            return names
        default:
            report(node, "\(what) must be a name or a list of names, not \(node.shortDescription)")
            return nil
        }
    }

    mutating func bool(_ node: ConfigNode, _ what: String) -> Bool? {
        switch node.scalarText {
        case "true": return true
        case "false": return false
        default:
            report(node, "\(what) must be true or false, not \(node.shortDescription)")
            return nil
        }
    }

    mutating func positiveInteger(_ node: ConfigNode, _ what: String) -> Int? {
        guard let text = node.scalarText, let value = Int(text.replacingOccurrences(of: "_", with: "")), value > 0 else {
            report(node, "\(what) must be a whole number above zero, not \(node.shortDescription)")
            return nil
        }
        return value
    }

    /// A whole number within `range`; underscores may group digits (`10_000`).
    mutating func integer(_ node: ConfigNode, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = node.scalarText, let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            report(node, "\(what) must be a whole number, not \(node.shortDescription)")
            return nil
        }
        guard range.contains(value) else {
            report(node, "\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(value)")
            return nil
        }
        return value
    }

    /// A time of day written `HH:MM`, as minutes after midnight: `08:00` is 480. `24:00` is allowed so
    /// that a span can run to the end of the day.
    mutating func minuteOfDay(_ node: ConfigNode, _ what: String) -> Int? {
        let parts = node.scalarText?.split(separator: ":", omittingEmptySubsequences: false) ?? []
        guard parts.count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0...24).contains(hours), (0..<60).contains(minutes), hours * 60 + minutes <= 1440 else {
            report(node, "\(what) must be a time of day such as 08:00, not \(node.shortDescription)")
            return nil
        }
        return hours * 60 + minutes
    }

    mutating func date(_ node: ConfigNode, _ what: String) -> LocalDate? {
        guard let text = node.scalarText, let date = LocalDate(parsing: text) else {
            report(node, "\(what) must be a date (YYYY-MM-DD or DD/MM/YYYY), not \(node.shortDescription)")
            return nil
        }
        return date
    }
}
