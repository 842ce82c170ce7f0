import Foundation
import Yams

/// A mistake in a configuration text, located so that the person editing the file can find it.
/// The shell prefixes the file's path: `config/holidays.yaml:12:5: unknown key "tett" …`.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int?
    public let column: Int?
    public let message: String

    public init(line: Int?, column: Int?, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        guard let line else { return message }
        return "line \(line)\(column.map { ", column \($0)" } ?? ""): \(message)"
    }
}

/// Reading helpers over Yams' node tree, so that every error names the line of the offending node and
/// unknown keys are refused rather than silently ignored (a misspelt key would otherwise be a lost rule).
struct YAMLNode {
    let node: Node

    static func parse(_ text: String) throws -> YAMLNode? {
        do {
            return try Yams.compose(yaml: text).map(YAMLNode.init)
        } catch let error as YamlError {
            throw Self.configError(from: error)
        }
    }

    private static func configError(from error: YamlError) -> ConfigError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return ConfigError(line: mark.line, column: mark.column, message: "not valid YAML: \(detail)")
        default:
            return ConfigError(line: nil, column: nil, message: "not valid YAML: \(error)")
        }
    }

    var line: Int? { node.mark?.line }
    var column: Int? { node.mark?.column }

    func error(_ message: String) -> ConfigError {
        ConfigError(line: line, column: column, message: message)
    }

    /// The entries of a mapping, in file order, after checking every key is one of `allowed`.
    func mapping(_ what: String, allowedKeys allowed: [String]? = nil) throws -> [(key: String, keyNode: YAMLNode, value: YAMLNode)] {
        guard case let .mapping(mapping) = node else { throw error("\(what) must be a mapping of keys to values") }
        return try mapping.map { key, value in
            let keyNode = YAMLNode(node: key)
            guard let name = key.scalar?.string else { throw keyNode.error("a key in \(what) must be plain text") }
            if let allowed, !allowed.contains(name) {
                throw keyNode.error("unknown key \"\(name)\" in \(what) (expected one of: \(allowed.joined(separator: ", ")))")
            }
            return (name, keyNode, YAMLNode(node: value))
        }
    }

    func sequence(_ what: String) throws -> [YAMLNode] {
        guard case let .sequence(sequence) = node else { throw error("\(what) must be a list") }
        return sequence.map(YAMLNode.init)
    }

    func string(_ what: String) throws -> String {
        guard let scalar = node.scalar else { throw error("\(what) must be a single value") }
        return scalar.string
    }

    func int(_ what: String, range: ClosedRange<Int>? = nil) throws -> Int {
        let text = try string(what)
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw error("\(what) must be a whole number, not \"\(text)\"")
        }
        if let range, !range.contains(value) {
            throw error("\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(value)")
        }
        return value
    }

    func date(_ what: String) throws -> LocalDate {
        let text = try string(what)
        guard let date = LocalDate(parsing: text) else {
            throw error("\(what) is not a valid date: \"\(text)\" (write 2025-01-27 or 27/01/2025)")
        }
        return date
    }

    /// `08:00` → 480.
    func minuteOfDay(_ what: String) throws -> Int {
        let text = try string(what)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0...24).contains(hours), (0..<60).contains(minutes), hours * 60 + minutes <= 1440 else {
            throw error("\(what) must be a time of day such as 08:00, not \"\(text)\"")
        }
        return hours * 60 + minutes
    }
}
