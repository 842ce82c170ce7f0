import AwardsTestSupport
import Foundation
@testable import AwardsMail

/// Messages with the Vietnamese text the reminders carry.
enum Fixtures {
    static let sender = try! MailAddress("thiduakhenthuong@snv.example.gov.vn", displayName: "Phòng Thi đua – Khen thưởng, Sở Nội vụ")
    static let fixedDate = Date(timeIntervalSince1970: 1_634_261_400) // 2021-10-15 01:30:00 UTC, 08:30 in Hà Nội

    static func message(
        to address: String,
        name: String? = "Văn phòng Sở Tư pháp",
        key: String,
        subject: String = "Nhắc hạn: Văn bản triển khai Chỉ thị 19/CT-TTg — còn 2 ngày làm việc",
        text: String? = nil,
        html: String? = nil,
        encoding: BodyTransferEncoding = .automatic
    ) -> MailMessage {
        let body = text ?? """
            Kính gửi Văn phòng Sở Tư pháp,

            Hạn gửi văn bản triển khai Chỉ thị 19/CT-TTg về Sở Nội vụ là 15/10/2021 (còn 2 ngày làm việc).
            . Dòng này bắt đầu bằng dấu chấm, SMTP phải nhồi thêm một dấu chấm và bỏ đi khi nhận.
            Khi đã gửi, chạy lệnh: awards obligation done 12 --document 123/STP
            """
        return MailMessage(
            from: sender,
            to: try! MailAddress(address, displayName: name),
            subject: subject,
            text: body,
            html: html ?? "<p>Kính gửi <b>Văn phòng Sở Tư pháp</b>,</p>\n<p>Hạn chót: 15/10/2021 — còn 2 ngày làm việc.</p>",
            messageID: try! MessageID(key: key, domain: "awards.example.gov.vn"),
            date: fixedDate,
            extraHeaders: [try! MailHeader("X-Awards-Outbox-Key", key)],
            bodyEncoding: encoding
        )
    }

    /// What a decoder returns for a text part: LF line endings, exactly one final line break.
    static func decodedText(_ text: String) -> String {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("awards-mail-\(UUID().uuidString)").path
    }
}
