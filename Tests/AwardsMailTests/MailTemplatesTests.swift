import AwardsTestSupport
import AwardsCore
import Foundation
import Testing
@testable import AwardsMail

@Suite("Mail templates")
struct MailTemplatesTests {
    static let configFolder = SMTPSink.packageRoot.appendingPathComponent("config/mail").path

    let templates: MailTemplates
    init() throws {
        templates = try MailTemplates(directory: Self.configFolder)
    }

    static func item(daysLeft: Int, title: String = "Văn bản triển khai Chỉ thị 19/CT-TTg",
                     unit: String = "Sở Tư pháp", receivingUnit: String? = "Sở Nội vụ",
                     command: String = "awards obligation done 12 --document 123/STP") -> ReminderItem {
        ReminderItem(title: title, unit: unit, receivingUnit: receivingUnit,
                     dueDate: LocalDate(year: 2021, month: 10, day: 15)!, workingDaysLeft: daysLeft, command: command)
    }

    @Test("both languages load from config/mail")
    func loadsBothLanguages() {
        #expect(templates.languages == [.vi, .en])
    }

    @Test("a Vietnamese reminder: subject, due date, working days left, unit and the exact command")
    func vietnameseReminder() throws {
        let mail = try templates.reminder(ReminderNotice(recipientName: "Văn phòng Sở Tư pháp", item: Self.item(daysLeft: 2)))
        #expect(mail.subject == "[Thi đua – Khen thưởng] Nhắc hạn: Văn bản triển khai Chỉ thị 19/CT-TTg")
        #expect(mail.text.hasPrefix("Kính gửi Văn phòng Sở Tư pháp,\n"))
        #expect(mail.text.contains("  Hạn chót:          15/10/2021 (còn 2 ngày làm việc)\n"))
        #expect(mail.text.contains("  Đơn vị thực hiện:  Sở Tư pháp\n"))
        #expect(mail.text.contains("  Nơi nhận:          Sở Nội vụ\n"))
        #expect(mail.text.contains("\n    awards obligation done 12 --document 123/STP\n"))
        #expect(!mail.text.contains("quá hạn"))
        #expect(mail.html.contains("<strong>15/10/2021</strong> (còn 2 ngày làm việc)"))
        #expect(mail.html.contains("<pre><code>awards obligation done 12 --document 123/STP</code></pre>"))
        for part in [mail.subject, mail.text, mail.html] {
            #expect(!part.contains("{{") && !part.contains("}}"))
        }
    }

    @Test("due today, overdue, and no receiving unit are worded accordingly")
    func statusWording() throws {
        let today = try templates.reminder(ReminderNotice(item: Self.item(daysLeft: 0, receivingUnit: nil)))
        #expect(today.subject.hasPrefix("[Thi đua – Khen thưởng] Nhắc hạn: "))
        #expect(today.text.hasPrefix("Kính gửi Sở Tư pháp,\n"), "the unit is greeted when no name is known")
        #expect(today.text.contains("15/10/2021 (hạn chót là hôm nay)"))
        #expect(!today.text.contains("Nơi nhận"))

        let overdue = try templates.reminder(ReminderNotice(item: Self.item(daysLeft: -3)))
        #expect(overdue.subject == "[Thi đua – Khen thưởng] Quá hạn: Văn bản triển khai Chỉ thị 19/CT-TTg")
        #expect(overdue.text.contains("15/10/2021 (đã quá hạn 3 ngày làm việc)"))
        #expect(!overdue.text.contains("còn "))
    }

    @Test("escalations address the manager and then the standing agency")
    func escalations() throws {
        let manager = try templates.reminder(ReminderNotice(audience: .manager, item: Self.item(daysLeft: -5)))
        #expect(manager.text.hasPrefix("Kính gửi lãnh đạo Sở Tư pháp,\n"))
        let agency = try templates.reminder(ReminderNotice(audience: .standingAgency, item: Self.item(daysLeft: -10)))
        #expect(agency.text.hasPrefix("Kính gửi Cơ quan thường trực Hội đồng Thi đua – Khen thưởng,\n"))
        #expect(agency.text.contains("Việc sau đây của Sở Tư pháp đã quá hạn"))
    }

    @Test("HTML escapes values, plain text and subject keep them as typed")
    func escaping() throws {
        let title = "Báo cáo <khẩn> & \"gấp\" của 'Phòng 1'"
        let mail = try templates.reminder(ReminderNotice(item: Self.item(daysLeft: 1, title: title, command: "awards obligation done 7 --document \"12/BC & PL\"")))
        #expect(mail.subject == "[Thi đua – Khen thưởng] Nhắc hạn: \(title)")
        #expect(mail.text.contains("  Nội dung:          \(title)\n"))
        #expect(mail.text.contains("awards obligation done 7 --document \"12/BC & PL\""))
        #expect(mail.html.contains("<td>Báo cáo &lt;khẩn&gt; &amp; &quot;gấp&quot; của &#39;Phòng 1&#39;</td>"))
        #expect(!mail.html.contains("<khẩn>"))
    }

    @Test("a digest lists every item with its status and command")
    func digest() throws {
        let items = [
            Self.item(daysLeft: 2),
            Self.item(daysLeft: 0, title: "Báo cáo tổng kết phong trào thi đua năm 2021", command: "awards obligation done 13 --document 45/BC"),
            Self.item(daysLeft: -4, title: "Hồ sơ đề nghị khen thưởng", receivingUnit: nil, command: "awards obligation done 14 --document 9/TTr"),
        ]
        let mail = try templates.digest(ReminderDigest(items: items))
        #expect(mail.subject == "[Thi đua – Khen thưởng] Nhắc hạn: 3 việc cần hoàn thành (1 việc đã quá hạn)")
        #expect(mail.text.hasPrefix("Kính gửi Sở Tư pháp,\n"))
        #expect(mail.text.contains("xin nhắc 3 việc, trong đó 1 việc đã quá hạn:"))
        #expect(mail.text.contains("1. Văn bản triển khai Chỉ thị 19/CT-TTg\n   Đơn vị thực hiện: Sở Tư pháp\n   Nơi nhận: Sở Nội vụ\n   Hạn chót: 15/10/2021 (còn 2 ngày làm việc)\n   Khi hoàn thành: awards obligation done 12 --document 123/STP\n"))
        #expect(mail.text.contains("2. Báo cáo tổng kết phong trào thi đua năm 2021\n"))
        #expect(mail.text.contains("(hạn chót là hôm nay)"))
        #expect(mail.text.contains("3. Hồ sơ đề nghị khen thưởng\n   Đơn vị thực hiện: Sở Tư pháp\n   Hạn chót: 15/10/2021 (đã quá hạn 4 ngày làm việc)\n"))
        #expect(mail.html.components(separatedBy: "<tr><td>").count - 1 == 3)

        let severalUnits = try templates.digest(ReminderDigest(audience: .responsible, items: [Self.item(daysLeft: 1), Self.item(daysLeft: 1, unit: "Sở Y tế")]))
        #expect(severalUnits.text.hasPrefix("Kính gửi Quý đơn vị,\n"))
        #expect(severalUnits.subject == "[Thi đua – Khen thưởng] Nhắc hạn: 2 việc cần hoàn thành")
    }

    @Test("English variants")
    func english() throws {
        let mail = try templates.reminder(ReminderNotice(item: Self.item(daysLeft: -2)), language: .en)
        #expect(mail.subject == "[Emulation & Commendation] Overdue: Văn bản triển khai Chỉ thị 19/CT-TTg")
        #expect(mail.text.contains("Due:           15/10/2021 (overdue by 2 working day(s))"))
        let digest = try templates.digest(ReminderDigest(items: [Self.item(daysLeft: 3)]), language: .en)
        #expect(digest.subject == "[Emulation & Commendation] Reminder: 1 item(s) to complete")
    }

    @Test("a transition's notice names who did what to which nomination or proposal, in both languages")
    func transition() throws {
        let notice = TransitionNotice(recipientName: "Lê Quang Đức", isProposal: true, number: 3, subject: "45/TTr-SNN — Đề nghị công nhận danh hiệu thi đua năm 2026",
                                      unit: "Sở Nông nghiệp và Phát triển nông thôn", event: "submit", eventLabel: "Trình tờ trình",
                                      fromState: "draft", fromLabel: "Dự thảo", toState: "submitted", toLabel: "Đã trình",
                                      actorName: "H'Linh Niê", actorLogin: "linh.hn", lines: 33)
        let vi = try templates.transition(notice)
        #expect(vi.subject == "[Thi đua – Khen thưởng] Tờ trình số 3 — Trình tờ trình: 45/TTr-SNN — Đề nghị công nhận danh hiệu thi đua năm 2026")
        #expect(vi.text.contains("H'Linh Niê (linh.hn) vừa thực hiện “Trình tờ trình” đối với tờ trình số 3:"), "\(vi.text)")
        #expect(vi.text.contains("Dự thảo → Đã trình") && vi.text.contains("Số dòng:           33") && vi.text.contains("awards proposal show 3"))
        #expect(vi.html.contains("H&#39;Linh Niê") || vi.html.contains("H&apos;Linh Niê") || vi.html.contains("H&#x27;Linh Niê"), "\(vi.html)")
        let en = try templates.transition(notice, language: .en)
        #expect(en.subject.hasPrefix("[Emulation & Commendation] Proposal 3 — submit: "))
        #expect(en.text.contains("State:      draft → submitted"))
    }

    @Test("a missing template is refused at load time; an unloaded language at render time")
    func missingTemplates() throws {
        var files: [String: String] = [:]
        for kind in MailTemplateKind.allCases.map(\.rawValue) {
            for part in ["subject", "txt", "html"] { files["\(kind).\(part).mustache"] = "{{title}}" }
        }
        let viOnly = try MailTemplates(files: files)
        #expect(viOnly.languages == [.vi])
        #expect(throws: MailTemplateError.languageNotLoaded(.en)) {
            try viOnly.reminder(ReminderNotice(item: Self.item(daysLeft: 1)), language: .en)
        }
        files["digest.html.mustache"] = nil
        #expect(throws: MailTemplateError.missing("digest.html.mustache")) { try MailTemplates(files: files) }
        files["digest.html.mustache"] = "{{#items}}"
        #expect(throws: MailTemplateError.self) { try MailTemplates(files: files) }
    }

    @Test("a rendered reminder becomes a message whose parts decode back to the templates' output")
    func renderedToMessage() throws {
        let mail = try templates.reminder(ReminderNotice(item: Self.item(daysLeft: 2)))
        let message = MailMessage(from: Fixtures.sender, to: try MailAddress("stp@example.gov.vn"), rendered: mail,
                                  messageID: try MessageID(key: "obligation:12/step:5/stp", domain: "awards.example.gov.vn"),
                                  date: Fixtures.fixedDate)
        let parsed = try ParsedMessage(message.rendered())
        #expect(parsed.subject == mail.subject)
        #expect(parsed.parts.map(\.content) == [Fixtures.decodedText(mail.text), Fixtures.decodedText(mail.html)])
    }
}
