import ArgumentParser
import AwardsCore
import AwardsEngine
import Foundation

extension Awards {
    /// swift-argument-parser's own `main`, except that a usage error (a bad option value, a missing
    /// argument) is one line in the user's language, with the valid values of a closed set on it and
    /// the command whose --help explains more; help and errors raised while running stay as they were.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let language = await UsageError.language(arguments: Array(CommandLine.arguments.dropFirst()))
            let line = UsageError.line(message(for: error), fullMessage: fullMessage(for: error), in: language)
            Terminal.error(line, in: language)
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
    }
}

enum UsageError {
    /// The parser's message as one line: `The value 'planet' is invalid for '--kind <kind>'. Please provide
    /// one of the following: - province - department …` becomes `giá trị 'planet' không hợp lệ cho --kind;
    /// hãy chọn một trong: province, department, …; xem: awards unit add --help`.
    static func line(_ message: String, fullMessage: String, in language: Language) -> String {
        var lines = message.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let listed = lines.dropFirst().compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("- ") ? String(trimmed.dropFirst(2)) : nil
        }
        var head = lines.isEmpty ? message : lines.removeFirst()
        var choices: String?
        if let range = head.range(of: ". Please provide one of the following:") {
            head.removeSubrange(range.lowerBound...)
            choices = listed.joined(separator: ", ")
        } else if let range = head.range(of: ". Please provide one of ") {
            // A repeated option lists its values inline: "one of 'officer', 'manager' or 'admin'."
            choices = head[range.upperBound...].replacingOccurrences(of: "'", with: "")
                .replacingOccurrences(of: " or ", with: ", ").trimmingCharacters(in: CharacterSet(charactersIn: "."))
            head.removeSubrange(range.lowerBound...)
        }
        if head.hasPrefix("Error: ") { head.removeFirst("Error: ".count) }
        var text = language == .vi ? vietnamese(head) : head
        if let choices {
            text += language.text(vi: "; hãy chọn một trong: ", en: "; one of: ") + choices
        }
        if let help = helpCommand(in: fullMessage) {
            text += language.text(vi: "; xem: ", en: "; see: ") + help
        }
        return text
    }

    /// `awards unit add --help`, from the parser's "See 'awards unit add --help' for more information."
    static func helpCommand(in fullMessage: String) -> String? {
        guard let start = fullMessage.range(of: "See '"), let end = fullMessage[start.upperBound...].range(of: "'") else {
            return nil
        }
        return String(fullMessage[start.upperBound..<end.lowerBound])
    }

    /// The parser's sentences that users meet, in Vietnamese; any other stays as the parser wrote it.
    static func vietnamese(_ sentence: String) -> String {
        let patterns: [(String, String)] = [
            (#"^The value '(.*)' is invalid for '(-[^ ']+)[^']*'$"#, "giá trị '$1' không hợp lệ cho $2"),
            (#"^Missing expected argument '(-[^ ']+)[^']*'$"#, "thiếu tùy chọn bắt buộc $1"),
            (#"^Missing expected argument '(.*)'$"#, "thiếu đối số bắt buộc $1"),
            (#"^Missing value for '(-[^ ']+)[^']*'$"#, "thiếu giá trị cho $1"),
            (#"^Unknown option '(.*)'$"#, "không có tùy chọn $1"),
            (#"^Unexpected argument '(.*)'$"#, "đối số thừa '$1'"),
            (#"^Unexpected arguments? (.*)$"#, "đối số thừa: $1"),
        ]
        for (pattern, template) in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            let range = NSRange(sentence.startIndex..., in: sentence)
            if regex.firstMatch(in: sentence, range: range) != nil {
                return regex.stringByReplacingMatches(in: sentence, range: range, withTemplate: template)
            }
        }
        return sentence
    }

    /// The language to speak although the arguments did not parse: --lang if it is there, else the
    /// settings (MESSAGES_LANGUAGE, messages.language), else Vietnamese.
    static func language(arguments: [String]) async -> Language {
        func value(of option: String) -> String? {
            for (index, argument) in arguments.enumerated() {
                if argument == option, index + 1 < arguments.count { return arguments[index + 1] }
                if argument.hasPrefix(option + "=") { return String(argument.dropFirst(option.count + 1)) }
            }
            return nil
        }
        return await GlobalOptions.spokenLanguage(given: value(of: "--lang").flatMap(Language.init(rawValue:)), config: value(of: "--config"))
    }
}
