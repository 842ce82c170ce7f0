import AwardsTestSupport
import Foundation

/// A small MIME reader written for the tests, separately from the encoder: it decodes what
/// `MailMessage.rendered()` produced (RFC 2047 words, quoted-printable, base64) and checks the line rules.
struct ParsedMessage {
    struct Part {
        let headers: [(name: String, value: String)]
        let content: String
        let transferEncoding: String
    }

    let headers: [(name: String, value: String)]
    /// Header lines as they were, before unfolding.
    let rawHeaderLines: [String]
    let parts: [Part]
    let lines: [String]

    init(_ message: String) throws {
        guard !message.contains(where: { !$0.isASCII }) else { throw ParseError("non-ASCII octets in the message") }
        guard message.hasSuffix("\r\n") else { throw ParseError("message does not end with CRLF") }
        lines = message.components(separatedBy: "\r\n").dropLast()
        if lines.contains(where: { $0.contains("\r") || $0.contains("\n") }) { throw ParseError("bare CR or LF") }
        let (headerLines, body) = try Self.split(message)
        rawHeaderLines = headerLines
        headers = try Self.parseHeaders(headerLines)
        let contentType = headers.first { $0.name.lowercased() == "content-type" }?.value ?? "text/plain"
        if contentType.hasPrefix("multipart/") {
            guard let range = contentType.range(of: "boundary=\"") else { throw ParseError("no boundary") }
            let boundary = String(contentType[range.upperBound...].prefix { $0 != "\"" })
            let sections = body.components(separatedBy: "\r\n--\(boundary)")
            guard sections.last?.hasPrefix("--") == true else { throw ParseError("no closing boundary") }
            parts = try sections.dropFirst().dropLast().map { section in
                guard section.hasPrefix("\r\n") else { throw ParseError("boundary line has trailing text") }
                return try Self.parsePart(String(section.dropFirst(2)))
            }
        } else {
            parts = [try Self.parsePart(headerLines.filter { $0.lowercased().hasPrefix("content-") }.joined(separator: "\r\n") + "\r\n\r\n" + body)]
        }
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func allHeaders(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    var subject: String? { header("Subject").map(Self.decodeWords) }

    private static func split(_ text: String) throws -> ([String], String) {
        guard let separator = text.range(of: "\r\n\r\n") else { throw ParseError("no blank line after the header") }
        return (text[..<separator.lowerBound].components(separatedBy: "\r\n"), String(text[separator.upperBound...]))
    }

    private static func parseHeaders(_ lines: [String]) throws -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for line in lines {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                guard !fields.isEmpty else { throw ParseError("continuation before any field") }
                fields[fields.count - 1].value += line // unfolding removes only the CRLF
            } else {
                guard let colon = line.firstIndex(of: ":") else { throw ParseError("not a header field: \(line)") }
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " })))
            }
        }
        return fields
    }

    private static func parsePart(_ text: String) throws -> Part {
        let (headerLines, body) = try split(text)
        let headers = try parseHeaders(headerLines)
        let encoding = headers.first { $0.name.lowercased() == "content-transfer-encoding" }?.value.lowercased() ?? "7bit"
        let bytes: [UInt8]
        switch encoding {
        case "base64":
            guard let data = Data(base64Encoded: body, options: .ignoreUnknownCharacters) else { throw ParseError("bad base64") }
            bytes = Array(data)
        case "quoted-printable": bytes = try decodeQuotedPrintable(body)
        default: bytes = Array(body.utf8)
        }
        guard let content = String(validating: bytes, as: UTF8.self) else { throw ParseError("part is not UTF-8") }
        return Part(headers: headers, content: content.replacingOccurrences(of: "\r\n", with: "\n"), transferEncoding: encoding)
    }

    static func decodeQuotedPrintable(_ text: String) throws -> [UInt8] {
        var output: [UInt8] = []
        let input = Array(text.utf8)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                if index + 2 < input.count, input[index + 1] == 13, input[index + 2] == 10 {
                    index += 3 // soft line break
                    continue
                }
                guard index + 2 < input.count, let value = UInt8(String(decoding: input[index + 1...index + 2], as: UTF8.self), radix: 16) else {
                    throw ParseError("bad quoted-printable escape")
                }
                output.append(value)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// RFC 2047: each `=?charset?B|Q?text?=` is decoded; white space between two adjacent words is dropped.
    static func decodeWords(_ value: String) -> String {
        let pattern = try! NSRegularExpression(pattern: "=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=")
        var result = ""
        var cursor = value.startIndex
        var previousWasWord = false
        for match in pattern.matches(in: value, range: NSRange(value.startIndex..., in: value)) {
            let range = Range(match.range, in: value)!
            let between = String(value[cursor..<range.lowerBound])
            if !(previousWasWord && between.allSatisfy { $0 == " " || $0 == "\t" }) { result += between }
            let payload = String(value[Range(match.range(at: 3), in: value)!])
            let decoded: [UInt8]
            if value[Range(match.range(at: 2), in: value)!].uppercased() == "B" {
                decoded = Array(Data(base64Encoded: payload) ?? Data("<bad base64>".utf8))
            } else {
                decoded = (try? decodeQuotedPrintable(payload.replacingOccurrences(of: "_", with: " "))) ?? Array("<bad Q>".utf8)
            }
            result += String(validating: decoded, as: UTF8.self) ?? "<word is not UTF-8 on its own>"
            cursor = range.upperBound
            previousWasWord = true
        }
        result += value[cursor...]
        return result
    }

    /// The encoded-words in a header value, as written.
    static func encodedWords(in value: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "=\\?[^?]+\\?[BbQq]\\?[^?]*\\?=")
        return pattern.matches(in: value, range: NSRange(value.startIndex..., in: value)).map { String(value[Range($0.range, in: value)!]) }
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// SplitMix64: reproducible random cases.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
