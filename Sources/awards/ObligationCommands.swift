import ArgumentParser
import AwardsCore
import AwardsEngine
import AwardsStore
import Foundation

struct ObligationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "obligation",
        abstract: "Unit obligations: a document each unit owes a receiving unit by a date.",
        subcommands: [Add.self, Done.self, List.self, Edit.self, Cancel.self, Reopen.self])

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give an obligation a new title or due date (whoever recorded it, or an administrator).",
            discussion: "Example: awards obligation edit 1 --due 25/10/2021 --as an.nv   (reminders follow the new date)")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The obligation's number.") var id: Int
        @Option(help: "The new title.") var title: String?
        @Option(help: "The new due date.") var due: String?

        func run() async throws {
            try await reportingErrors(global) { language in
                let dueOn = try due.map { try parseDate($0, "--due", language) }
                let (id, title) = (id, title)
                guard title != nil || dueOn != nil else {
                    throw ValidationError(language.text(vi: "không có gì để sửa: hãy cho --title hoặc --due", en: "nothing to change: give --title or --due"))
                }
                try await global.withSession { try ObligationStore($0.connection).edit(id, title: title, dueOn: dueOn) }
                print(language.text(vi: "đã sửa nhiệm vụ số \(id)", en: "updated obligation \(id)"))
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel an obligation with a reason (whoever recorded it, or an administrator): nobody owes it any more.",
            discussion: "Example: awards obligation cancel 1 --reason \"Ghi trùng với nhiệm vụ số 2\" --as an.nv")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The obligation's number.") var id: Int
        @Option(help: "Why.") var reason: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let (id, reason) = (id, reason)
                try await global.withSession { try ObligationStore($0.connection).cancel(id, reason: reason) }
                print(language.text(vi: "đã hủy nhiệm vụ số \(id); không còn nhắc việc này", en: "cancelled obligation \(id); no more reminders of it"))
            }
        }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo a \"done\" recorded by mistake, with a reason: the unit owes it again.",
            discussion: "Example: awards obligation reopen 1 --unit stc --reason \"Ghi nhầm: văn bản 245/STC-VP là của nhiệm vụ khác\" --as an.nv")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The obligation's number.") var id: Int
        @Option(help: "The unit.") var unit: String
        @Option(help: "Why.") var reason: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let (id, unit, reason) = (id, unit, reason)
                try await global.withSession { try ObligationStore($0.connection).reopen(id, unitCode: unit, reason: reason) }
                print(language.text(vi: "nhiệm vụ số \(id): \(unit) lại phải thực hiện; sẽ được nhắc lại",
                                    en: "obligation \(id): \(unit) owes it again and will be reminded"))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an obligation owed by several units; the daemon reminds them.",
            discussion: """
                Example: awards obligation add "Văn bản triển khai Chỉ thị 19/CT-TTg" --due 15/10/2021 --to snv \\
                           --all-departments --as an.nv
                Name the owing units with --unit (repeat), --group (a cluster or block), --all-departments, \\
                --all-districts, or several of these together.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "What is owed.") var title: String
        @Option(help: "The due date, dd/mm/yyyy.") var due: String
        @Option(name: .customLong("to"), help: "Code of the receiving unit.") var receiving: String
        @Option(name: .customLong("unit"), help: "An owing unit's code; repeat for several.") var units: [String] = []
        @Option(help: "Every unit of this emulation cluster or block.") var group: String?
        @Flag(help: "Every department (sở, ban, ngành).") var allDepartments = false
        @Flag(help: "Every district.") var allDistricts = false

        func validate() throws {
            if units.isEmpty && group == nil && !allDepartments && !allDistricts {
                throw ValidationError("name the owing units: --unit, --group, --all-departments or --all-districts")
            }
        }

        func run() async throws {
            try await reportingErrors(global) { language in
                let dueOn = try parseDate(due, "--due", language)
                let (title, receiving, units, group, departments, districts) = (title, receiving, units, group, allDepartments, allDistricts)
                let (id, owing, unreachable) = try await global.withSession { session -> (Int, [String], [String]) in
                    let store = ObligationStore(session.connection)
                    var owing = units
                    if let group {
                        let members = try store.unitCodes(group: group)
                        if members.isEmpty { throw DirectoryError.unknownGroup(group) }
                        owing += members
                    }
                    if departments { owing += try store.unitCodes(kind: "department") }
                    if districts { owing += try store.unitCodes(kind: "district") }
                    var seen = Set<String>()
                    owing = owing.filter { seen.insert($0).inserted }
                    let id = try store.add(title: title, dueOn: dueOn, receivingUnit: receiving, unitCodes: owing)
                    return (id, owing, try ReminderStore(session.connection).unitsWithNobodyToRemind(owing))
                }
                let owingList = owing.joined(separator: ", ")
                print(language.text(vi: "nhiệm vụ số \(id): hạn \(dueOn.vietnamese), \(owing.count) đơn vị phải gửi: \(owingList)",
                                    en: "obligation \(id): due \(dueOn.vietnamese), owed by \(owing.count) units: \(owingList)"))
                if !unreachable.isEmpty {
                    let list = unreachable.joined(separator: ", ")
                    Terminal.warning(language.text(
                        vi: "không ai được nhắc việc này ở \(list): đơn vị (và cấp trên) chưa có cán bộ thi đua (officer); hãy đăng ký: awards person add … --role officer",
                        en: "nobody will be reminded of it at \(list): neither the unit nor any above it has an officer; register one: awards person add … --role officer"), in: language)
                }
            }
        }
    }

    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a unit sent what it owed, with the document's number.",
            discussion: "Example: awards obligation done 1 --unit stc --document 245/STC-VP --as an.nv")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The obligation's number.") var id: Int
        @Option(help: "The unit that sent it.") var unit: String
        @Option(help: "The document's number, e.g. 245/STC-VP.") var document: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let (id, unit, document) = (id, unit, document)
                try await global.withSession { try ObligationStore($0.connection).complete(id, unitCode: unit, documentNumber: document) }
                print(language.text(vi: "nhiệm vụ số \(id): \(unit) đã hoàn thành (\(document))", en: "obligation \(id): \(unit) done (\(document))"))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List obligations per owing unit: open, done, overdue.",
            discussion: "Example: awards obligation list --overdue --today 20/10/2021")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only those not done.") var open = false
        @Flag(help: "Only those done.") var done = false
        @Flag(help: "Only those not done and past their due date.") var overdue = false
        @Option(help: "Only this unit.") var unit: String?
        @Option(help: "The day that decides what is overdue (default: today).") var today: String?
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try today.map { try parseDate($0, "--today", language) } ?? .todayInVietnam
                let (openFilter, overdue, unit): (Bool?, Bool, String?) = (open ? true : (done ? false : nil), overdue, unit)
                let rows = try await global.withSession {
                    try ObligationStore($0.connection).list(open: openFilter, overdueOnly: overdue, unitCode: unit, today: day)
                }
                var table = TableWriter(["id", "title", "due", "to", "unit", "status", "document"],
                                        vi: ["số", "nội dung", "hạn", "gửi đến", "đơn vị", "tình trạng", "văn bản"], in: language)
                // CSV keeps the English status words, which spreadsheets and scripts filter on.
                let words = format == .table ? language : .en
                for row in rows {
                    let status = row.doneAt != nil ? words.text(vi: "đã xong", en: "done")
                        : (row.overdue ? words.text(vi: "QUÁ HẠN", en: "OVERDUE") : words.text(vi: "chưa xong", en: "open"))
                    table.add([String(row.obligationID), row.title, LocalDate(parsing: row.dueOn)?.vietnamese, row.receivingUnit,
                               row.unitCode, status, row.documentNumber])
                }
                print(format == .json ? json(rows) : table.render(format))
            }
        }
    }
}

struct RemindersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminders",
        abstract: "List the reminder e-mails: failed ones (with the server's reply), pending, sent.",
        discussion: "Example: awards reminders --status failed")
    @OptionGroup var global: GlobalOptions
    enum Status: String, ExpressibleByArgument, CaseIterable {
        case failed, pending, sent, superseded, all
    }

    @Option(help: "failed (default), pending, sent, superseded (not sent: its deadlines had closed) or all.")
    var status: Status = .failed
    @Option(help: "table, csv or json.") var format: OutputFormat = .table

    func run() async throws {
        try await reportingErrors(global) { language in
            let filter = status == .all ? nil : status.rawValue
            let rows = try await global.withSession { try ReminderStore($0.connection).messages(status: filter) }
            var table = TableWriter(["id", "to", "subject", "status", "attempts", "last error"],
                                    vi: ["số", "người nhận", "tiêu đề", "tình trạng", "số lần gửi", "lỗi gần nhất"], in: language)
            rows.forEach { table.add([String($0.id), $0.recipientEmail, $0.subject, $0.status, String($0.attempts), $0.lastError]) }
            if format == .json {
                struct Shown: Encodable { let id: Int; let to, subject, status: String; let attempts: Int; let lastError: String? }
                print(json(rows.map { Shown(id: $0.id, to: $0.recipientEmail, subject: $0.subject, status: $0.status, attempts: $0.attempts, lastError: $0.lastError) }))
            } else {
                print(table.render(format))
            }
        }
    }
}
