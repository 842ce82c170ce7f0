/// How a text part travels in 7-bit mail.
public enum BodyTransferEncoding: String, Hashable, Sendable {
    /// Readable where the text is mostly ASCII (HTML markup, English).
    case quotedPrintable = "quoted-printable"
    /// Compact where most characters carry diacritics, as Vietnamese prose does.
    case base64
    /// Whichever of the two gives the shorter part; decided per part, deterministically.
    case automatic
}

enum BodyEncoding {
    /// The encoded part body, CRLF line endings, no line over 76 octets, ending with CRLF.
    static func encode(_ text: String, as encoding: BodyTransferEncoding) -> (body: String, encoding: BodyTransferEncoding) {
        switch encoding {
        case .quotedPrintable: return (quotedPrintable(text), .quotedPrintable)
        case .base64: return (base64(text), .base64)
        case .automatic:
            let printable = quotedPrintable(text)
            let compact = base64(text)
            return compact.utf8.count < printable.utf8.count ? (compact, .base64) : (printable, .quotedPrintable)
        }
    }

    /// The text's lines, whatever line endings it came with. A part always ends with a line break, so a
    /// final break in the text does not add an empty line.
    static func lines(_ text: String) -> [Substring] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// RFC 2045 §6.7. Each character's octets stay on one line, so a soft break never splits a UTF-8 sequence.
    static func quotedPrintable(_ text: String) -> String {
        var output = ""
        let hex = Array("0123456789ABCDEF")
        for line in lines(text) {
            var current = ""
            var currentLength = 0
            let characters = Array(line.unicodeScalars)
            for (index, scalar) in characters.enumerated() {
                let isLast = index == characters.count - 1
                var chunk = ""
                for byte in String(scalar).utf8 {
                    let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                        || ((byte == 0x20 || byte == 0x09) && !isLast)
                    // "From " at the start of a line is mangled by mbox tools; "." is left to SMTP dot-stuffing.
                    let guardsFrom = currentLength == 0 && byte == UInt8(ascii: "F") && line.hasPrefix("From ")
                    if literal && !guardsFrom {
                        chunk.unicodeScalars.append(Unicode.Scalar(byte))
                    } else {
                        chunk += "=" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0f)])
                    }
                }
                // 76 octets per line including the "=" of a soft break.
                if currentLength + chunk.utf8.count > 75 {
                    output += current + "=\r\n"
                    current = ""
                    currentLength = 0
                }
                current += chunk
                currentLength += chunk.utf8.count
            }
            output += current + "\r\n"
        }
        return output
    }

    /// The text with CRLF line endings, base64-encoded in lines of 76 octets.
    static func base64(_ text: String) -> String {
        let normalized = lines(text).map { $0 + "\r\n" }.joined()
        let encoded = Base64.encode(Array(normalized.utf8))
        var output = ""
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            output += encoded[index..<end] + "\r\n"
            index = end
        }
        return output
    }
}
