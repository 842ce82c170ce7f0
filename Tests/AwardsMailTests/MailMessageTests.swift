import AwardsTestSupport
import AwardsCore
import Foundation
import Testing
@testable import AwardsMail

@Suite("Mail message rendering")
struct MailMessageTests {
    static let vietnameseSubject = "Nhắc hạn: Văn bản triển khai Chỉ thị 19/CT-TTg — còn 2 ngày làm việc"

    func checkLineRules(_ parsed: ParsedMessage, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in parsed.lines {
            #expect(line.utf8.count <= 998, sourceLocation: sourceLocation)
        }
        for line in parsed.rawHeaderLines where !line.hasPrefix("Message-ID:") {
            #expect(line.utf8.count <= 76, "header line too long: \(line)", sourceLocation: sourceLocation)
        }
        for header in parsed.headers {
            for word in ParsedMessage.encodedWords(in: header.value) {
                #expect(word.utf8.count <= 75, sourceLocation: sourceLocation)
                #expect(!ParsedMessage.decodeWords(word).contains("<word is not UTF-8 on its own>"),
                        "an encoded-word splits a UTF-8 character: \(word)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("the Vietnamese subject and bodies round-trip; every line keeps the limits")
    func vietnameseRoundTrip() throws {
        let message = Fixtures.message(to: "stp@quan1.example.gov.vn", key: "obligation:12/step:2/stp", subject: Self.vietnameseSubject)
        let parsed = try ParsedMessage(message.rendered())
        #expect(parsed.subject == Self.vietnameseSubject)
        #expect(parsed.header("Subject")?.hasPrefix("=?UTF-8?B?") == true)
        #expect(parsed.header("MIME-Version") == "1.0")
        #expect(parsed.header("Message-ID") == message.messageID.bracketed)
        #expect(parsed.header("X-Awards-Outbox-Key") == "obligation:12/step:2/stp")
        #expect(parsed.header("Content-Type")?.hasPrefix("multipart/alternative;") == true)
        try #require(parsed.parts.count == 2)
        #expect(parsed.parts[0].headers.first?.value == "text/plain; charset=UTF-8")
        #expect(parsed.parts[1].headers.first?.value == "text/html; charset=UTF-8")
        #expect(parsed.parts[0].content == Fixtures.decodedText(message.text))
        #expect(parsed.parts[1].content == Fixtures.decodedText(message.html!))
        #expect(ParsedMessage.decodeWords(parsed.header("To")!) == "Văn phòng Sở Tư pháp <stp@quan1.example.gov.vn>")
        #expect(ParsedMessage.decodeWords(parsed.header("From")!) == "Phòng Thi đua – Khen thưởng, Sở Nội vụ <thiduakhenthuong@snv.example.gov.vn>")
        checkLineRules(parsed)
    }

    @Test("any subject round-trips: Vietnamese (NFC and NFD), emoji, long words, plain ASCII", arguments: 0..<8)
    func subjectsRoundTrip(seed: UInt64) throws {
        var random = SeededGenerator(state: seed)
        let alphabet: [String] = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ ").map(String.init) + ["👍", "🇻🇳", "–", "—", "\u{0301}", "e\u{0323}\u{0302}", "=?", "?=", "\"", "_"]
        for _ in 0..<25 {
            let length = Int.random(in: 0...220, using: &random)
            var subject = String((0..<length).map { _ in alphabet.randomElement(using: &random)! }.joined())
            if Bool.random(using: &random) { subject = subject.decomposedStringWithCanonicalMapping }
            if Int.random(in: 0..<4, using: &random) == 0 { subject = String(repeating: "x", count: Int.random(in: 60...200, using: &random)) }
            let message = MailMessage(from: Fixtures.sender, to: try MailAddress("a@example.gov.vn"), subject: subject, text: "",
                                      messageID: try MessageID(key: "s", domain: "example.gov.vn"), date: Fixtures.fixedDate)
            let parsed = try ParsedMessage(message.rendered())
            #expect(parsed.subject == subject)
            checkLineRules(parsed)
        }
        let ascii = MailMessage(from: Fixtures.sender, to: try MailAddress("a@example.gov.vn"), subject: "Weekly report  with  double spaces and a longer tail that must fold somewhere",
                                text: "", messageID: try MessageID(key: "s", domain: "example.gov.vn"), date: Fixtures.fixedDate)
        let parsedASCII = try ParsedMessage(ascii.rendered())
        #expect(parsedASCII.header("Subject") == ascii.subject, "plain ASCII stays readable")
        #expect(parsedASCII.rawHeaderLines.filter { $0.hasPrefix(" ") }.isEmpty == false, "and is folded")
    }

    @Test("bodies round-trip through quoted-printable and base64, with lines of at most 76 octets",
          arguments: [BodyTransferEncoding.quotedPrintable, .base64, .automatic])
    func bodiesRoundTrip(encoding: BodyTransferEncoding) throws {
        var random = SeededGenerator(state: 42)
        let pieces = ["Thi đua", " ", "  ", "\t", "=", ".", "From ", "\n", "\r\n", "\n.\n", "khen thưởng", "🇻🇳", "=3D", "x", "trailing space \n", "tab\t\n"]
        for round in 0..<30 {
            var text = (0..<Int.random(in: 0...200, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            if round == 0 { text = String(repeating: "Văn bản triển khai ", count: 200) } // one line of ~4,000 octets
            if round == 1 { text = "From the office\n.\nFrom " }
            let message = MailMessage(from: Fixtures.sender, to: try MailAddress("a@example.gov.vn"), subject: "s", text: text, html: "<p>\(text)</p>",
                                      messageID: try MessageID(key: "b\(round)", domain: "example.gov.vn"), date: Fixtures.fixedDate, bodyEncoding: encoding)
            let parsed = try ParsedMessage(message.rendered())
            #expect(parsed.parts.map(\.content) == [Fixtures.decodedText(text), Fixtures.decodedText("<p>\(text)</p>")])
            let bodyStart = parsed.lines.firstIndex(of: "")!
            for line in parsed.lines[bodyStart...] {
                #expect(line.utf8.count <= 76)
                #expect(!line.hasPrefix("From "))
            }
            #expect(BodyEncoding.base64Length(text) == BodyEncoding.base64(text).utf8.count, "the length base64 will have")
            if encoding != .automatic {
                #expect(parsed.parts.allSatisfy { $0.transferEncoding == encoding.rawValue })
            }
        }
    }

    @Test("automatic encoding picks base64 for Vietnamese prose and quoted-printable for mostly ASCII")
    func automaticEncodingChoice() throws {
        let prose = MailMessage(from: Fixtures.sender, to: try MailAddress("a@example.gov.vn"), subject: "s",
                                text: "Đề nghị các đơn vị khẩn trương hoàn thiện hồ sơ đề nghị khen thưởng", html: "<html><body><p>Report</p></body></html>",
                                messageID: try MessageID(key: "a", domain: "example.gov.vn"), date: Fixtures.fixedDate)
        #expect(try ParsedMessage(prose.rendered()).parts.map(\.transferEncoding) == ["base64", "quoted-printable"])
    }

    @Test("the same key gives the same Message-ID, and the same message the same bytes")
    func stableIdentity() throws {
        let first = try MessageID(key: "obligation:12/step:2/stp", domain: "awards.example.gov.vn")
        let again = try MessageID(key: "obligation:12/step:2/stp", domain: "awards.example.gov.vn")
        let other = try MessageID(key: "obligation:12/step:3/stp", domain: "awards.example.gov.vn")
        #expect(first == again)
        #expect(first != other)
        #expect(first.bracketed == "<reminder.6f626c69676174696f6e3a31322f737465703a322f737470@awards.example.gov.vn>")
        #expect(first.key == "obligation:12/step:2/stp")
        #expect(try MessageID(key: "hạn chót", domain: "x.vn", kind: "digest").key == "hạn chót")
        let message = Fixtures.message(to: "a@example.gov.vn", key: "k")
        #expect(message.rendered() == Fixtures.message(to: "a@example.gov.vn", key: "k").rendered())
        #expect(throws: MessageIDError.self) { try MessageID(key: "", domain: "x.vn") }
        #expect(throws: MessageIDError.self) { try MessageID(key: String(repeating: "k", count: 201), domain: "x.vn") }
        #expect(throws: MessageIDError.self) { try MessageID(key: "k", domain: "bad domain") }
    }

    @Test("Date is RFC 5322 in Việt Nam's offset")
    func dateHeader() throws {
        let parsed = try ParsedMessage(Fixtures.message(to: "a@example.gov.vn", key: "d").rendered())
        #expect(parsed.header("Date") == "Fri, 15 Oct 2021 08:30:00 +0700")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 0), utcOffsetSeconds: -5 * 3600 - 1800) == "Wed, 31 Dec 1969 18:30:00 -0530")
    }

    @Test("display names: atoms stay, specials are quoted, non-ASCII is encoded")
    func displayNames() throws {
        func to(_ name: String) throws -> String {
            let message = MailMessage(from: Fixtures.sender, to: try MailAddress("a@example.gov.vn", displayName: name), subject: "s", text: "",
                                      messageID: try MessageID(key: "n", domain: "example.gov.vn"), date: Fixtures.fixedDate)
            return try ParsedMessage(message.rendered()).header("To")!
        }
        #expect(try to("Nguyen Van A") == "Nguyen Van A <a@example.gov.vn>")
        #expect(try to("Nguyen V. \"A\"") == "\"Nguyen V. \\\"A\\\"\" <a@example.gov.vn>")
        #expect(try to("Nguyễn Văn A").hasPrefix("=?UTF-8?B?"))
        #expect(ParsedMessage.decodeWords(try to("Nguyễn Văn A")) == "Nguyễn Văn A <a@example.gov.vn>")
    }

    @Test("line breaks in a subject, a name or an extra header cannot add header fields")
    func noHeaderInjection() throws {
        let message = MailMessage(
            from: Fixtures.sender,
            to: try MailAddress("a@example.gov.vn", displayName: "Sở Y tế\r\nBcc: spy@evil.example"),
            subject: "Nhắc hạn\r\nBcc: spy@evil.example", text: "x",
            messageID: try MessageID(key: "i", domain: "example.gov.vn"), date: Fixtures.fixedDate,
            extraHeaders: [try MailHeader("X-Awards-Outbox-Key", "k\r\nBcc: spy@evil.example")]
        )
        let parsed = try ParsedMessage(message.rendered())
        #expect(parsed.allHeaders("Bcc").isEmpty)
        #expect(parsed.subject == "Nhắc hạn Bcc: spy@evil.example")
        #expect(parsed.header("X-Awards-Outbox-Key") == "k Bcc: spy@evil.example")
        #expect(throws: MailHeaderError.reservedName("Subject")) { try MailHeader("Subject", "x") }
        #expect(throws: MailHeaderError.invalidName("X Bad")) { try MailHeader("X Bad", "x") }
    }

    @Test("addresses must be plain ASCII mailboxes", arguments: ["", "a", "a@", "@b.vn", "a b@c.vn", "a@b..vn", "nguyễn@b.vn", "a@-b.vn", "<a@b.vn>", "a@b.vn\r\nBcc: x@y.vn"])
    func rejectsBadAddresses(address: String) {
        #expect(throws: MailAddressError.invalidAddress(address)) { try MailAddress(address) }
    }

    @Test("without HTML the message is a single text/plain part")
    func textOnly() throws {
        let message = MailMessage(from: Fixtures.sender, to: try MailAddress("a@example.gov.vn"), subject: "s", text: "Chỉ có văn bản",
                                  messageID: try MessageID(key: "t", domain: "example.gov.vn"), date: Fixtures.fixedDate)
        let parsed = try ParsedMessage(message.rendered())
        #expect(parsed.header("Content-Type") == "text/plain; charset=UTF-8")
        #expect(parsed.parts.map(\.content) == ["Chỉ có văn bản\n"])
    }
}
