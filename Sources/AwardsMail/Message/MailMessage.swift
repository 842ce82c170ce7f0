import AwardsCore
import Foundation

/// One e-mail to one recipient, rendered as RFC 5322 + MIME: a text/plain part and, when given, an HTML
/// alternative, both UTF-8. Rendering is pure: the same message always gives the same bytes, so a retry
/// sends exactly what the first attempt sent.
public struct MailMessage: Hashable, Sendable {
    public var from: MailAddress
    /// The only recipient, in the header and in the SMTP envelope: one message per recipient lets each
    /// delivery succeed or fail on its own.
    public var to: MailAddress
    public var subject: String
    public var text: String
    public var html: String?
    public var messageID: MessageID
    public var date: Date
    /// The zone written in the Date header; Việt Nam (+07:00) unless said otherwise.
    public var utcOffsetSeconds: Int
    public var extraHeaders: [MailHeader]
    public var bodyEncoding: BodyTransferEncoding

    public init(
        from: MailAddress,
        to: MailAddress,
        subject: String,
        text: String,
        html: String? = nil,
        messageID: MessageID,
        date: Date,
        utcOffsetSeconds: Int = LocalDate.vietnamUTCOffset,
        extraHeaders: [MailHeader] = [],
        bodyEncoding: BodyTransferEncoding = .automatic
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.date = date
        self.utcOffsetSeconds = utcOffsetSeconds
        self.extraHeaders = extraHeaders
        self.bodyEncoding = bodyEncoding
    }

    /// The whole message: 7-bit ASCII, CRLF line endings, no line longer than 76 octets except a
    /// Message-ID or extra header value that cannot be folded (both stay far below the 998-octet limit).
    public func rendered() -> String {
        var output = ""
        output += "Date: \(RFC5322Date.format(date, utcOffsetSeconds: utcOffsetSeconds))\r\n"
        output += HeaderEncoding.address(name: "From", from)
        output += HeaderEncoding.address(name: "To", to)
        output += HeaderEncoding.unstructured(name: "Subject", value: subject)
        output += "Message-ID: \(messageID.bracketed)\r\n"
        for header in extraHeaders {
            output += HeaderEncoding.unstructured(name: header.name, value: header.value)
        }
        output += "MIME-Version: 1.0\r\n"

        guard let html else {
            return output + part(contentType: "text/plain", content: text)
        }
        // "=_" cannot occur in quoted-printable or base64 output, so this boundary never collides with a body.
        let boundary = "=_awards_alternative_\(FNV1a64.hex(of: messageID.value))"
        output += "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n"
        output += "\r\n"
        output += "This is a MIME message: plain text with an HTML alternative.\r\n"
        output += "\r\n--\(boundary)\r\n"
        output += part(contentType: "text/plain", content: text)
        output += "\r\n--\(boundary)\r\n"
        output += part(contentType: "text/html", content: html)
        output += "\r\n--\(boundary)--\r\n"
        return output
    }

    public func renderedBytes() -> [UInt8] { Array(rendered().utf8) }

    private func part(contentType: String, content: String) -> String {
        let (body, encoding) = BodyEncoding.encode(content, as: bodyEncoding)
        return "Content-Type: \(contentType); charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: \(encoding.rawValue)\r\n"
            + "\r\n"
            + body
    }
}

/// A header the caller adds, e.g. `X-Awards-Outbox-Key`. Names that the message writes itself are refused,
/// so that an extra header can never contradict or duplicate them.
public struct MailHeader: Hashable, Sendable {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) throws(MailHeaderError) {
        let isFieldName = !name.isEmpty && name.utf8.allSatisfy { $0 >= 33 && $0 <= 126 && $0 != UInt8(ascii: ":") }
        guard isFieldName, name.utf8.count <= 60 else { throw .invalidName(name) }
        guard !Self.reserved.contains(name.lowercased()) else { throw .reservedName(name) }
        self.name = name
        self.value = value
    }

    private static let reserved: Set<String> = [
        "date", "from", "to", "cc", "bcc", "subject", "message-id", "mime-version",
        "content-type", "content-transfer-encoding",
    ]
}

public enum MailHeaderError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidName(String)
    case reservedName(String)

    public var description: String {
        switch self {
        case .invalidName(let name): "not a header field name: \(name)"
        case .reservedName(let name): "the message writes \(name) itself; it cannot be an extra header"
        }
    }
}

/// `Sat, 28 Nov 2026 10:24:24 +0700`, computed without locales or time zone databases.
enum RFC5322Date {
    static func format(_ date: Date, utcOffsetSeconds: Int) -> String {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + utcOffsetSeconds
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        let day = LocalDate(daysSinceEpoch: days)
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let offsetMinutes = abs(utcOffsetSeconds) / 60
        return "\(weekdays[day.isoWeekday - 1]), \(day.day) \(months[day.month - 1]) \(day.year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) "
            + "\(utcOffsetSeconds < 0 ? "-" : "+")\(two(offsetMinutes / 60))\(two(offsetMinutes % 60))"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension MailMessage {
    /// A message carrying what the templates rendered.
    public init(
        from: MailAddress, to: MailAddress, rendered: RenderedMail, messageID: MessageID, date: Date,
        extraHeaders: [MailHeader] = []
    ) {
        self.init(from: from, to: to, subject: rendered.subject, text: rendered.text, html: rendered.html,
                  messageID: messageID, date: date, extraHeaders: extraHeaders)
    }
}
