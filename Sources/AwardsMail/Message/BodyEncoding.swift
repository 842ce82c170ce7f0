import Foundation

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
            // base64's length follows from the byte count alone: only the winner is encoded twice over.
            let printable = quotedPrintable(text)
            return base64Length(text) < printable.utf8.count ? (base64(text), .base64) : (printable, .quotedPrintable)
        }
    }

    /// The length `base64(text)` will have: the CRLF-normalized bytes, 4 per 3, in lines of 76 plus CRLF.
    static func base64Length(_ text: String) -> Int {
        let normalized = lines(text).reduce(0) { $0 + $1.count + 2 }
        let encoded = (normalized + 2) / 3 * 4
        return encoded + (encoded + 75) / 76 * 2
    }

    /// The text's lines, whatever line endings it came with (CRLF, LF or CR), as UTF-8. A part always
    /// ends with a line break, so a final break in the text does not add an empty line.
    ///
    /// Bytes rather than Characters: rendering ran once per message on the daemon's sending path, and
    /// grapheme-by-grapheme it was a third of the daemon's CPU time.
    static func lines(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(bytes[start..<index])
                index += (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) ? 2 : 1
                start = index
            } else {
                index += 1
            }
        }
        lines.append(bytes[start..<bytes.count])
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
    private static let from = Array("From ".utf8)

    /// RFC 2045 §6.7. Each character's octets stay on one line, so a soft break never splits a UTF-8 sequence.
    ///
    /// Written into one byte buffer without temporary arrays: this runs for every message the daemon sends.
    static func quotedPrintable(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count * 2 + 64)
        func appendEscaped(_ byte: UInt8) {
            output.append(UInt8(ascii: "="))
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0f)])
        }
        for line in lines(text) {
            var currentLength = 0
            // "From " at the start of a line is mangled by mbox tools; "." is left to SMTP dot-stuffing.
            let guardsFrom = line.starts(with: from)
            var index = line.startIndex
            while index < line.endIndex {
                // One scalar: its lead byte and its continuation bytes (10xxxxxx).
                var end = index + 1
                while end < line.endIndex, line[end] & 0xC0 == 0x80 { end += 1 }
                let isLast = end == line.endIndex
                func isLiteral(_ byte: UInt8, atLineStart: Bool) -> Bool {
                    let printable = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                        || ((byte == 0x20 || byte == 0x09) && !isLast)
                    return printable && !(guardsFrom && atLineStart && byte == UInt8(ascii: "F"))
                }
                // Only a one-byte scalar can be literal: every byte of a longer one is ≥ 0x80.
                let width = end - index == 1 ? (isLiteral(line[index], atLineStart: currentLength == 0) ? 1 : 3) : 3 * (end - index)
                // 76 octets per line including the "=" of a soft break.
                if currentLength + width > 75 {
                    output.append(UInt8(ascii: "="))
                    output.append(0x0D)
                    output.append(0x0A)
                    currentLength = 0
                }
                if width == 1 {
                    output.append(line[index])
                } else {
                    for position in index..<end { appendEscaped(line[position]) }
                }
                currentLength += width
                index = end
            }
            output.append(0x0D)
            output.append(0x0A)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The text with CRLF line endings, base64-encoded in lines of 76 octets, each ending with CRLF.
    static func base64(_ text: String) -> String {
        var normalized: [UInt8] = []
        normalized.reserveCapacity(text.utf8.count + 64)
        for line in lines(text) {
            normalized.append(contentsOf: line)
            normalized.append(0x0D)
            normalized.append(0x0A)
        }
        let encoded = Data(normalized).base64EncodedString(
            options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return encoded.isEmpty ? encoded : encoded + "\r\n"
    }
}
