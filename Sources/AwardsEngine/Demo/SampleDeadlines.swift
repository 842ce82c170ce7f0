import AwardsCore
import AwardsStore
import Foundation

/// The seed plan's deadline — each department sends its implementation document to Sở Nội vụ before
/// 15/10/2021 — and the daemon run at simulated times before, on and after it.
public struct SampleDeadlines {
    public static let title = "Văn bản triển khai thực hiện Chỉ thị 19/CT-TTg"
    public static let dueOn = LocalDate(year: 2021, month: 10, day: 15)!

    let settings: Settings
    let target: DatabaseTarget
    let print: (String) -> Void

    public init(settings: Settings, target: DatabaseTarget, print: @escaping (String) -> Void) {
        self.settings = settings
        self.target = target
        self.print = print
    }

    public func run() throws {
        let say: (String, String) -> String = settings.language.text
        // The plan's date is long past, and only an administrator may record an obligation already due.
        let admin = try AwardsSession(settings: settings, target: target, actingAs: "tuan.hm")
        let obligations = ObligationStore(admin.connection)
        let existing = try obligations.list(today: Self.dueOn).filter { $0.title == Self.title }
        if !existing.isEmpty {
            print(say("nhiệm vụ đã được ghi nhận từ trước (#\(existing[0].obligationID)); nhắc việc đã gửi sẽ không gửi lại",
                      "the obligation is already recorded (#\(existing[0].obligationID)); reminders already sent are not sent again"))
        }
        let departments = try obligations.unitCodes(kind: "department")
        let id = try existing.first?.obligationID
            ?? obligations.add(title: Self.title, dueOn: Self.dueOn, receivingUnit: "snv", unitCodes: departments)
        if existing.isEmpty {
            let owing = departments.joined(separator: ", ")
            print(say("  tuan.hm (quản trị, ghi lại kế hoạch năm 2021): nhiệm vụ #\(id) “\(Self.title)”, hạn \(Self.dueOn.vietnamese), các đơn vị \(owing) phải gửi cho snv",
                      "  tuan.hm (admin, recording the 2021 plan): obligation #\(id) “\(Self.title)”, due \(Self.dueOn.vietnamese), owed by \(owing) to snv"))
        }
        let daemon = try ReminderDaemon(settings: settings, target: target, owner: "demo")
        func pass(_ time: String) throws {
            let report = try daemon.pass(now: ReminderDaemon.parseInstant(time)!)
            let (reminders, messages, sent) = (report.planned.reminders, report.planned.messages, report.delivered.sent)
            let what = report.planned.outsideWindow
                ? say("ngoài khung giờ gửi: không gửi gì", "outside the send window: nothing sent")
                : say("\(reminders) nhắc việc trong \(messages) thư, đã gửi \(sent)", "\(reminders) reminders in \(messages) e-mails, \(sent) delivered")
            print(say("  tiến trình nhắc việc lúc \(time) (như `awardsd --once --now \"\(time)\"`): \(what)",
                      "  daemon at \(time) (as `awardsd --once --now \"\(time)\"`): \(what)"))
        }
        try pass("08/10/2021 08:30")
        if existing.isEmpty {
            try ObligationStore(try AwardsSession(settings: settings, target: target, actingAs: "mai.lt").connection)
                .complete(id, unitCode: "stc", documentNumber: "2150/STC-VP")
            print(say("  mai.lt: nhiệm vụ #\(id) của stc đã hoàn thành (2150/STC-VP)", "  mai.lt: obligation #\(id) done for stc (2150/STC-VP)"))
        }
        try pass("13/10/2021 08:30")
        try pass("15/10/2021 08:30")
        try pass("16/10/2021 09:00")
        if existing.isEmpty {
            try ObligationStore(try AwardsSession(settings: settings, target: target, actingAs: "tai.pv").connection)
                .complete(id, unitCode: "stttt", documentNumber: "1876/STTTT-VP")
            print(say("  tai.pv: nhiệm vụ #\(id) của stttt đã hoàn thành, trễ hạn (1876/STTTT-VP)",
                      "  tai.pv: obligation #\(id) done for stttt, late (1876/STTTT-VP)"))
        }
        try pass("20/10/2021 08:30")
        try pass("29/10/2021 08:30")
        for row in try obligations.list(today: LocalDate(year: 2021, month: 10, day: 29)!) where row.obligationID == id {
            let status = row.doneAt != nil ? say("đã xong", "done") + " (\(row.documentNumber ?? ""))"
                : (row.overdue ? say("QUÁ HẠN", "OVERDUE") : say("chưa xong", "open"))
            print("  \(row.unitCode): \(status)")
        }
    }
}
