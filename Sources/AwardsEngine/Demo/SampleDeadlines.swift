import AwardsCore
import AwardsStore
import Foundation

/// The seed plan's deadline — each department sends its implementation document to Sở Nội vụ before
/// 15/10/2021 — and the daemon run at simulated times before, on and after it.
public struct SampleDeadlines {
    public static let title = "Văn bản triển khai thực hiện Chỉ thị 19/CT-TTg"
    public static let dueOn = LocalDate(year: 2021, month: 10, day: 15)!

    let settings: Settings
    let print: (String) -> Void

    public init(settings: Settings, print: @escaping (String) -> Void) {
        self.settings = settings
        self.print = print
    }

    public func run() throws {
        let agency = try AwardsSession(settings: settings, actingAs: "an.nv")
        let obligations = ObligationStore(agency.connection)
        let existing = try obligations.list(today: Self.dueOn).filter { $0.title == Self.title }
        if !existing.isEmpty {
            print("the obligation is already recorded (#\(existing[0].obligationID)); reminders already sent are not sent again")
        }
        let departments = try obligations.unitCodes(kind: "department")
        let id = try existing.first?.obligationID
            ?? obligations.add(title: Self.title, dueOn: Self.dueOn, receivingUnit: "snv", unitCodes: departments)
        if existing.isEmpty {
            print("  an.nv: obligation #\(id) “\(Self.title)”, due \(Self.dueOn.vietnamese), owed by \(departments.joined(separator: ", ")) to snv")
        }
        let daemon = try ReminderDaemon(settings: settings, owner: "demo")
        func pass(_ time: String) throws {
            let report = try daemon.pass(now: ReminderDaemon.parseInstant(time)!)
            let what = report.planned.outsideWindow
                ? "outside the send window: nothing sent"
                : "\(report.planned.reminders) reminders in \(report.planned.messages) e-mails, \(report.delivered.sent) delivered"
            print("  daemon at \(time) (as `awardsd --once --now \"\(time)\"`): \(what)")
        }
        try pass("08/10/2021 08:30")
        if existing.isEmpty {
            try ObligationStore(try AwardsSession(settings: settings, actingAs: "mai.lt").connection)
                .complete(id, unitCode: "stc", documentNumber: "2150/STC-VP")
            print("  mai.lt: obligation #\(id) done for stc (2150/STC-VP)")
        }
        try pass("13/10/2021 08:30")
        try pass("15/10/2021 08:30")
        try pass("16/10/2021 09:00")
        if existing.isEmpty {
            try ObligationStore(try AwardsSession(settings: settings, actingAs: "tai.pv").connection)
                .complete(id, unitCode: "stttt", documentNumber: "1876/STTTT-VP")
            print("  tai.pv: obligation #\(id) done for stttt, late (1876/STTTT-VP)")
        }
        try pass("20/10/2021 08:30")
        try pass("29/10/2021 08:30")
        for row in try obligations.list(today: LocalDate(year: 2021, month: 10, day: 29)!) where row.obligationID == id {
            print("  \(row.unitCode): \(row.doneAt != nil ? "done (\(row.documentNumber ?? ""))" : (row.overdue ? "OVERDUE" : "open"))")
        }
    }
}
