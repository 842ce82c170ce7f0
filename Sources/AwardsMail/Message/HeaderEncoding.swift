import Foundation

/// Header fields as RFC 5322 and RFC 2047 want them: 7-bit, CRLF-terminated, folded so that no line
/// exceeds 76 octets where that is possible, non-ASCII text carried in `=?UTF-8?B?…?=` encoded-words.
enum HeaderEncoding {
    static let lineLimit = 76
    private static let wordPrefix = "=?UTF-8?B?"
    private static let wordSuffix = "?="

    /// `Name: value` for unstructured text such as Subject. Plain ASCII stays readable; anything else
    /// (or ASCII that a decoder could mistake for an encoded-word) becomes encoded-words.
    static func unstructured(name: String, value: String) -> String {
        let text = singleLine(value)
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let readable = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7f }
            && !text.contains("=?")
            && words.allSatisfy { $0.utf8.count <= lineLimit - name.utf8.count - 3 }
        if readable {
            return fold(name: name, tokens: words)
        }
        return fold(name: name, tokens: encodedWords(text, firstLineRoom: lineLimit - name.utf8.count - 2))
    }

    /// `Name: Display Name <address>`: the display name as a phrase (atoms, a quoted string, or encoded-words).
    static func address(name: String, _ mailbox: MailAddress) -> String {
        guard let displayName = mailbox.displayName else {
            return fold(name: name, tokens: [mailbox.address])
        }
        var tokens: [String]
        if displayName.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) && !displayName.contains("=?") {
            tokens = phraseAtoms(displayName)
        } else {
            tokens = encodedWords(displayName, firstLineRoom: lineLimit - name.utf8.count - 2)
        }
        tokens.append("<\(mailbox.address)>")
        return fold(name: name, tokens: tokens)
    }

    /// Joins tokens with single spaces, breaking a line (CRLF + space) before a token that would overflow.
    /// Unfolding (removing each CRLF) gives back exactly the tokens joined by spaces.
    static func fold(name: String, tokens: [String]) -> String {
        var output = "\(name):"
        var lineLength = output.utf8.count
        for token in tokens {
            let needed = 1 + token.utf8.count
            if lineLength + needed > lineLimit && lineLength > name.utf8.count + 1 {
                output += "\r\n"
                lineLength = 0
            }
            output += " " + token
            lineLength += needed
        }
        return output + "\r\n"
    }

    /// Splits UTF-8 text into B-encoded words of at most 75 octets, each holding whole characters, so that
    /// every word decodes on its own. The first word is sized to fit after `Name: ` on the first line.
    static func encodedWords(_ text: String, firstLineRoom: Int) -> [String] {
        let overhead = wordPrefix.utf8.count + wordSuffix.utf8.count
        func byteBudget(room: Int) -> Int { max(3, (min(room, 75) - overhead) / 4 * 3) }

        var words: [String] = []
        var chunk: [UInt8] = []
        var budget = byteBudget(room: firstLineRoom)
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append(wordPrefix + Data(chunk).base64EncodedString() + wordSuffix)
            chunk = []
            // Continuation lines start with one space, leaving 75 octets for a word.
            budget = byteBudget(room: lineLimit - 1)
        }
        for character in text {
            let length = character.utf8.count
            if length <= budget {
                if chunk.count + length > budget { flush() }
                chunk.append(contentsOf: character.utf8)
            } else {
                // A grapheme too long for one word (long combining sequences) is split between scalars,
                // which still never splits a UTF-8 sequence.
                for scalar in character.unicodeScalars {
                    let length = UTF8.width(scalar)
                    if chunk.count + length > budget { flush() }
                    UTF8.encode(scalar) { chunk.append($0) }
                }
            }
        }
        flush()
        return words.isEmpty ? [wordPrefix + wordSuffix] : words
    }

    /// An ASCII display name as atoms when it needs no quoting, otherwise as one quoted string.
    private static func phraseAtoms(_ name: String) -> [String] {
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8)
        let atoms = name.split(separator: " ").map(String.init)
        if atoms.allSatisfy({ $0.utf8.allSatisfy(atext.contains) }) {
            return atoms
        }
        var quoted = "\""
        for character in name {
            if character == "\"" || character == "\\" { quoted += "\\" }
            quoted.append(character)
        }
        return [quoted + "\""]
    }

    static func singleLine(_ text: String) -> String {
        var result = ""
        var lastWasSpace = false
        for character in text {
            if character.isNewline || character == "\t" {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = character == " "
            }
        }
        return result
    }
}
