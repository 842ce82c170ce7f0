import ArgumentParser
import AwardsCore
import AwardsEngine
import AwardsStore
import Foundation
import Postgres

extension NomineeKind: ExpressibleByArgument {}
extension Occupation: ExpressibleByArgument {}
extension Gender: ExpressibleByArgument {}
extension UnitKind: ExpressibleByArgument {}
extension EmulationGroupKind: ExpressibleByArgument {}
extension PersonRole: ExpressibleByArgument {}
extension MovementKind: ExpressibleByArgument {}

/// Runs a nomination use case in a session, with the validated workflow.
func withNominations<T: Sendable>(_ global: GlobalOptions, _ body: @escaping @Sendable (NominationService) throws -> T) async throws -> T {
    let settings = try await global.settings()
    let workflow = try ConfigFiles.workflow(settings)
    let login = global.login
    let target = try await DatabaseTarget(settings: settings)
    let notes = try await target.prepare()
    return try await runBlocking {
        let session = try AwardsSession(settings: settings, target: target, actingAs: login)
        notes.forEach { Terminal.note($0, in: settings.language) }
        return try body(NominationService(session: session, workflow: workflow))
    }
}

struct NominateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nominate",
        abstract: "Record a candidate (phát hiện): an exemplary individual or collective.",
        discussion: """
            Example: awards nominate "Y Bhin Niê" --kind individual --occupation farmer --gender male \\
                       --unit xa-ea-phe --movement sang-tao-dak-lak-2021 --note "Mô hình tưới cà phê tiết kiệm nước" --as hang.ttb
            Prints the new nomination's number.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The nominee's name (a person or a collective).") var name: String
    @Option(help: "individual or collective.") var kind: NomineeKind
    @Option(help: "The occupation group Directive 19 counts.") var occupation: Occupation
    @Option(help: "For individuals.") var gender: Gender?
    @Option(help: "Code of the nominee's unit.") var unit: String
    @Option(help: "Code of the emulation movement.") var movement: String?
    @Option(help: "What was detected (detection_note).") var note: String

    func run() async throws {
        try await reportingErrors(global) { language in
            let (name, kind, occupation, gender, unit, movement, note) = (name, kind, occupation, gender, unit, movement, note)
            let line = try await withNominations(global) { service in
                let id = try service.nominate(kind: kind, name: name, unitCode: unit, occupation: occupation, gender: gender,
                                              movementCode: movement, fields: ["detection_note": note])
                let definition = service.workflow.definition
                return language.text(vi: "hồ sơ số \(id): \(VietnameseText.canonical(name)) — \(language.state(definition.initialState, in: definition))",
                                     en: "nomination \(id): \(VietnameseText.canonical(name)) — \(definition.initialState)")
            }
            print(line)
        }
    }
}

/// The parts every transition command shares: which nomination, an optional note, and the state the
/// user believes it is in.
struct TransitionOptions: ParsableArguments {
    @Argument(help: "The nomination's number.") var id: Int
    @Option(help: "A note for the history.") var note: String?
    @Option(name: .customLong("expect"), help: ArgumentHelp("Refuse unless the nomination is in this state (guards against acting on a stale view).", valueName: "state"))
    var expectedState: String?

    /// Prints e.g. `hồ sơ số 12: Bồi dưỡng → Đang bồi dưỡng (cultivating)`, or in English `nomination 12: cultivate → cultivating`.
    func fire(_ global: GlobalOptions, event: String, fields: [String: String?]) async throws {
        var given = fields.compactMapValues { $0 }
        if let note { given["note"] = note }
        let (id, expectedState, cleaned) = (id, expectedState, given)
        let line = try await withNominations(global) { service in
            let state = try service.advance(id, event: event, fields: cleaned, expectedState: expectedState)
            let (language, definition) = (service.language, service.workflow.definition)
            return language.text(vi: "hồ sơ số \(id): \(language.event(event, in: definition)) → \(language.state(state, in: definition))",
                                 en: "nomination \(id): \(event) → \(state)")
        }
        print(line)
    }
}

struct AdvanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Fire any workflow event on a nomination, with its fields as key=value.",
        discussion: """
            Example: awards advance 12 approve --field decision_number=123/QĐ-UBND --field decision_date=20/11/2026 --as nghi.pn
            The short forms (cultivate, summarize, propose, approve, …) do the same with named options.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Argument(help: "The event, e.g. cultivate, approve.") var event: String
    @Option(name: .customLong("field"), help: ArgumentHelp("A field as key=value; repeat for several.", valueName: "key=value"))
    var fields: [String] = []

    func validate() throws {
        for field in fields where !field.contains("=") {
            throw ValidationError("--field \(field) must be key=value")
        }
    }

    func run() async throws {
        try await reportingErrors(global) { language in
            var given: [String: String?] = [:]
            for field in fields {
                let parts = field.split(separator: "=", maxSplits: 1)
                given[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            try await transition.fire(global, event: event, fields: given)
        }
    }
}

struct CultivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cultivate", abstract: "Bồi dưỡng: start cultivating a detected candidate.",
        discussion: "Example: awards cultivate 12 --plan \"Hỗ trợ vốn, tập huấn kỹ thuật\" --as hang.ttb")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(help: "How the unit will support the candidate.") var plan: String
    func run() async throws { try await reportingErrors(global) { _ in try await transition.fire(global, event: "cultivate", fields: ["cultivation_plan": plan]) } }
}

struct SummarizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "summarize", abstract: "Tổng kết: record the achievement summary.",
        discussion: "Example: awards summarize 12 --summary \"Năng suất cà phê tăng 30%, tiết kiệm 40% nước tưới\" --as hang.ttb")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(help: "The achievements (báo cáo thành tích).") var summary: String
    func run() async throws { try await reportingErrors(global) { _ in try await transition.fire(global, event: "summarize", fields: ["achievement_summary": summary]) } }
}

struct ProposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "propose", abstract: "Propose an award from the catalogue to the competent authority.",
        discussion: """
            Example: awards propose 12 --award BANG_KHEN_CHU_TICH_TINH --as hang.ttb
                     awards propose 15 --award GIAY_KHEN --simplified dot_xuat --summary "Cứu người trong lũ ngày 03/11" --as tham.vh
            List awards with: awards catalog. --simplified takes the simplified procedure (thủ tục đơn giản,
            Luật 06/2022/QH15 Điều 85) straight from detection: for forms of commendation only, never titles.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(help: "The award's code (see awards catalog).") var award: String
    @Option(help: ArgumentHelp("The case of the simplified procedure, e.g. dot_xuat (an unexpected achievement).", valueName: "case"))
    var simplified: String?
    @Option(help: "With --simplified: the achievements (báo cáo thành tích).") var summary: String?

    func run() async throws {
        try await reportingErrors(global) { language in
            guard let simplified else {
                if summary != nil {
                    throw ValidationError(language.text(vi: "--summary chỉ dùng với --simplified; tổng kết thành tích bằng: awards summarize",
                                                        en: "--summary goes with --simplified only; record the summary with: awards summarize"))
                }
                return try await transition.fire(global, event: "propose", fields: ["award_code": award])
            }
            guard let summary else {
                throw ValidationError(language.text(vi: "thủ tục đơn giản cần --summary (báo cáo thành tích)",
                                                    en: "the simplified procedure needs --summary (the achievements)"))
            }
            try await transition.fire(global, event: "propose_simplified",
                                      fields: ["award_code": award, "simplified_case": simplified, "achievement_summary": summary])
        }
    }
}

struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve the proposed award (managers, within their authority).",
        discussion: "Example: awards approve 12 --decision 1234/QĐ-UBND --date 20/11/2026 --as nghi.pn")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(help: "The decision's number, e.g. 1234/QĐ-UBND.") var decision: String
    @Option(help: "The decision's date, dd/mm/yyyy.") var date: String
    func run() async throws {
        try await reportingErrors(global) { _ in try await transition.fire(global, event: "approve", fields: ["decision_number": decision, "decision_date": date]) }
    }
}

struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject the proposal (managers); the nomination ends.",
        discussion: "Example: awards reject 12 --reason \"Chưa đủ tiêu chuẩn\" --as nghi.pn")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(help: "Why.") var reason: String
    func run() async throws { try await reportingErrors(global) { _ in try await transition.fire(global, event: "reject", fields: ["reason": reason]) } }
}

struct ReturnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "return", abstract: "Return the proposal to the officer for more work (managers).",
        discussion: "Example: awards return 12 --reason \"Bổ sung biên bản họp hội đồng\" --as nghi.pn")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(help: "What is missing.") var reason: String
    func run() async throws { try await reportingErrors(global) { _ in try await transition.fire(global, event: "return", fields: ["reason": reason]) } }
}

struct DowngradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "downgrade",
        abstract: "Hạ mức khen: propose a lower award before approving it (managers).",
        discussion: """
            Example: awards downgrade 12 --award LAO_DONG_TIEN_TIEN --reason "Chưa có sáng kiến được công nhận" --as nghi.pn
            The lower award must pay no more than the proposed one; the same manager may then approve it.
            In a decision for a whole proposal, use: awards decision sign … --lower LINE=AWARD.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(help: "The lower award's code (see awards catalog).") var award: String
    @Option(help: "Why.") var reason: String
    func run() async throws {
        try await reportingErrors(global) { _ in try await transition.fire(global, event: "downgrade", fields: ["award_code": award, "reason": reason]) }
    }
}

struct AmendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "amend", abstract: "After a return, supplement the achievement summary before proposing again.",
        discussion: """
            Example: awards amend 12 --summary "Năng suất tăng 30%; kèm biên bản họp hội đồng số 5/BB-HĐ" --as hang.ttb
                     awards propose 12 --award LAO_DONG_TIEN_TIEN --as hang.ttb
            The history keeps every version; awards show marks what changed.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(help: "The whole achievement summary as it should now read.") var summary: String
    func run() async throws { try await reportingErrors(global) { _ in try await transition.fire(global, event: "amend", fields: ["achievement_summary": summary]) } }
}

struct ForwardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "forward", abstract: "Forward an award beyond the province's authority to a higher one.",
        discussion: "Example: awards forward 12 --submission 45/TTr-UBND --to \"Ban Thi đua – Khen thưởng Trung ương\" --as nghi.pn")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(help: "The submission letter's number (tờ trình).") var submission: String
    @Option(help: "The authority it goes to.") var to: String
    func run() async throws {
        try await reportingErrors(global) { _ in try await transition.fire(global, event: "forward", fields: ["submission_number": submission, "submitted_to": to]) }
    }
}

struct RecordDecisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "record-decision", abstract: "Record the higher authority's decision on a forwarded nomination.",
        discussion: "Example: awards record-decision 12 --outcome granted --decision 345/QĐ-CTN --date 25/11/2026 --as an.nv")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(help: "granted or refused.") var outcome: String
    @Option(help: "The decision's number.") var decision: String
    @Option(help: "The decision's date, dd/mm/yyyy.") var date: String
    func run() async throws {
        try await reportingErrors(global) { language in
            try await transition.fire(global, event: "record_external_decision",
                                      fields: ["outcome": outcome, "decision_number": decision, "decision_date": date])
        }
    }
}

struct ReplicateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replicate", abstract: "Nhân rộng: start spreading an approved exemplar.",
        discussion: "Example: awards replicate 12 --plan \"Giới thiệu mô hình tại hội nghị điển hình tiên tiến\" --as hang.ttb")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(help: "How it will be publicised and spread.") var plan: String
    func run() async throws { try await reportingErrors(global) { _ in try await transition.fire(global, event: "replicate", fields: ["replication_plan": plan]) } }
}

struct CloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Record where the exemplar was replicated; the nomination ends.",
        discussion: "Example: awards close 12 --where \"12 xã huyện Krông Pắc\" --as hang.ttb")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(name: .customLong("where"), help: "Where it was replicated.") var place: String
    func run() async throws { try await reportingErrors(global) { _ in try await transition.fire(global, event: "close", fields: ["replicated_where": place]) } }
}

struct WithdrawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Withdraw a nomination at any stage before it ends.",
        discussion: "Example: awards withdraw 12 --reason \"Trùng hồ sơ\" --as hang.ttb")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var transition: TransitionOptions
    @Option(help: "Why.") var reason: String
    func run() async throws { try await reportingErrors(global) { _ in try await transition.fire(global, event: "withdraw", fields: ["reason": reason]) } }
}

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a nomination's details and its full timeline.",
        discussion: """
            Example: awards show 12 --as hang.ttb
                     awards show 12 --format csv > ho-so-12.csv   (the timeline, one row per step)
            Times are Việt Nam time (UTC+07:00).
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The nomination's number.") var id: Int
    @Option(help: "table (details and timeline), csv (the timeline) or json (both).") var format: OutputFormat = .table

    func run() async throws {
        try await reportingErrors(global) { language in
            let id = id
            let (summary, history, definition, reward) = try await withNominations(global) { service -> (NominationSummary?, [HistoryRecord], WorkflowDefinition, NominationReward?) in
                (try service.store.find(id), try service.store.history(id), service.workflow.definition, try service.store.reward(id))
            }
            guard let summary else {
                throw NominationError(vi: "không tìm thấy hồ sơ số \(id) (hoặc hồ sơ thuộc đơn vị ngoài phạm vi của bạn); xem các hồ sơ của bạn: awards list",
                                      en: "nomination \(id) not found (or outside your units); list yours with: awards list")
            }
            if format == .json {
                struct Shown: Encodable { let nomination: NominationSummary; let history: [HistoryRecord]; let reward: NominationReward? }
                print(json(Shown(nomination: summary, history: history, reward: reward)))
                return
            }
            if format == .csv {
                var table = TableWriter(["seq", "at", "event", "from_state", "to_state", "login", "acting_role", "note", "fields"],
                                        vi: ["bước", "thời điểm", "sự kiện", "từ trạng thái", "sang trạng thái", "tài khoản", "vai trò", "ghi chú", "thông tin"], in: .en)
                for entry in history {
                    let fields = entry.fields.filter { $0.key != "note" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    table.add([String(entry.seq), vietnamInstant(entry.at), entry.event, entry.fromState, entry.toState, entry.login,
                               entry.actingRole, entry.note, fields.joined(separator: "; ")])
                }
                print(table.render(.csv))
                return
            }
            let say: (String, String) -> String = language.text
            let who = "\(summary.nomineeName) (\(language.label(summary.nomineeKind, NomineeKind.self)), \(language.label(summary.occupation, Occupation.self))"
                + (summary.gender.map { ", \(language.label($0, Gender.self))" } ?? "") + ")"
            print(say("hồ sơ số \(summary.id): \(who)", "nomination \(summary.id): \(who)"))
            print(say("đơn vị: \(summary.unitCode)   phong trào thi đua: \(summary.movementCode ?? "—")   quy trình: \(summary.definitionVersion)",
                      "unit: \(summary.unitCode)   movement: \(summary.movementCode ?? "—")   workflow: \(summary.definitionVersion)"))
            print(say("trạng thái: \(language.state(summary.state, in: definition)), giai đoạn \(language.stage(summary.stage))",
                      "state: \(summary.state) (stage \(summary.stage))"))
            if let award = summary.proposedAward { print(say("đề nghị khen thưởng: \(award)", "award: \(award)")) }
            if let number = summary.decisionNumber {
                let date = summary.decisionDate.flatMap(LocalDate.init(parsing:))?.vietnamese ?? "?"
                let catalogue = summary.catalogueVersion.map { say(" (danh mục khen thưởng \($0))", " (award catalogue \($0))") } ?? ""
                print(say("quyết định: số \(number) ngày \(date)", "decision: \(number) of \(date)") + catalogue)
            }
            if let reward {
                print(say("khen thưởng: \(reward.award), tiền thưởng \(Money.readable(reward.moneyDong, in: language)) đồng",
                          "granted: \(reward.award), \(Money.readable(reward.moneyDong, in: language)) đồng"))
                if reward.revoked {
                    let on = reward.revokingDate.flatMap(LocalDate.init(parsing:))?.vietnamese ?? "?"
                    let recover = Money.readable(reward.recoverDong ?? 0, in: language)
                    print(say("ĐÃ THU HỒI theo Quyết định số \(reward.revokingNumber ?? "?") ngày \(on): \(reward.revocationReason ?? ""); phải thu hồi \(recover) đồng",
                              "REVOKED by decision \(reward.revokingNumber ?? "?") of \(on): \(reward.revocationReason ?? ""); to recover: \(recover) đồng"))
                }
            }
            print(say("quá trình xử lý:", "timeline:"))
            var latest: [String: String] = [:]
            for entry in history {
                // A field set before (the summary amended after a return) shows its old value beside the new.
                let details = entry.fields.filter { $0.key != "note" }.sorted { $0.key < $1.key }.map { key, value in
                    guard let previous = latest[key], previous != value else { return "\(key)=\(value)" }
                    return "\(key): “\(previous)” → “\(value)”"
                }
                latest.merge(entry.fields) { $1 }
                let step = "\(language.event(entry.event, in: definition)): \(entry.fromState.map { language.state($0, in: definition) } ?? "—") → \(language.state(entry.toState, in: definition))"
                let by = say("bởi \(entry.login) (vai trò \(language.label(entry.actingRole, PersonRole.self)))", "by \(entry.login) as \(entry.actingRole)")
                print("  \(entry.seq). \(vietnamTime(entry.at))  \(step)  \(by)"
                      + (details.isEmpty ? "" : "  [\(details.joined(separator: ", "))]") + (entry.note.map { "  “\($0)”" } ?? ""))
            }
        }
    }
}

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the nominations you may see, with filters.",
        discussion: """
            Example: awards list --stage approval --search "y bhin" --format csv --as nghi.pn
                     awards list --overdue --as nghi.pn
            Stages: detection, cultivation, summarization, approval, replication, closed.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this stage.") var stage: String?
    @Option(help: "Only this state, e.g. pending_approval.") var state: String?
    @Option(help: "Only this unit and the units below it.") var unit: String?
    @Option(help: "Only this movement.") var movement: String?
    @Option(help: "Text in the nominee's name, with or without diacritics.") var search: String?
    @Flag(help: "Only those whose stage deadline has passed.") var overdue = false
    @Option(help: "The day that decides what is overdue (default: today).") var today: String?
    @Option(help: "table, csv or json.") var format: OutputFormat = .table

    func run() async throws {
        try await reportingErrors(global) { language in
            let day = try today.map { try parseDate($0, "--today", language) } ?? .todayInVietnam
            let filter = NominationFilter(stage: stage, state: state, unitCode: unit, movementCode: movement, search: search,
                                          overdueOn: overdue ? day : nil)
            let (rows, definition) = try await withNominations(global) { (try $0.store.list(filter), $0.workflow.definition) }
            var table = TableWriter(["id", "nominee", "kind", "occupation", "unit", "movement", "state", "stage", "award", "decision",
                                     "decision_date"],
                                    vi: ["số", "tên cá nhân/tập thể", "loại", "nghề nghiệp", "đơn vị", "phong trào", "trạng thái", "giai đoạn",
                                         "khen thưởng", "số quyết định", "ngày quyết định"],
                                    in: language)
            // People read words in a table; CSV keeps the codes that programs and --state take.
            let words = format == .table ? language : .en
            for row in rows {
                table.add([String(row.id), row.nomineeName, words.label(row.nomineeKind, NomineeKind.self), words.label(row.occupation, Occupation.self),
                           row.unitCode, row.movementCode, words.state(row.state, in: definition), words.stage(row.stage), row.proposedAward,
                           row.decisionNumber, words.readable(isoDate: row.decisionDate)])
            }
            print(format == .json ? json(rows) : table.render(format))
        }
    }
}

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "The awards in force on a date: who grants them and the reward money.",
        discussion: """
            Example: awards catalog --on 01/12/2026          (the list; the same as awards catalog list)
                     awards catalog show BANG_KHEN_CHU_TICH_TINH   (its whole dated history, with sources)
            """,
        subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the awards in force on a date, who grants them, and what each pays.",
            discussion: """
                Example: awards catalog --on 01/12/2026
                         awards catalog show BANG_KHEN_CHU_TICH_TINH
                The money is the multiple × the base salary in force on that date, rounded up (config/awards.yaml);
                a figure the project could not check against the legal text is marked (unconfirmed).
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The date (default: today).") var on: String?
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try on.map { try parseDate($0, "--on", language) } ?? .todayInVietnam
                let catalogue = try ConfigFiles.workflow(try await global.settings()).catalogue
                var table = TableWriter(["code", "name", "nominees", "granted_by", "individual_dong", "collective_dong", "legal_basis", "confidence"],
                                        vi: ["mã", "tên", "đối tượng", "thẩm quyền quyết định", "tiền thưởng cá nhân (đ)", "tiền thưởng tập thể (đ)",
                                             "căn cứ pháp lý", "mức độ xác nhận"], in: language)
                struct Row: Encodable {
                    let code, name: String; let nominees, grantedBy: [String]; let individualDong, collectiveDong: Int?
                    let legalBasis: String; let confidence: String?
                }
                var rows: [Row] = []
                for award in catalogue.awardsValid(on: day) {
                    let levels = catalogue.grantingLevels(of: award, on: day).map(\.code)
                    let basis = award.legalBasis(on: day)
                    func money(_ kind: NomineeKind) -> Int? { try? catalogue.reward(for: award, nominee: kind, decisionDate: day).dong }
                    let (individual, collective) = (money(.individual), money(.collective))
                    let shown = { (amount: Int?) in amount.map { format == .table ? Money.readable($0, in: language) : String($0) } }
                    let words = format == .table ? language : .en
                    table.add([award.code, award.name, award.nominees.map { words.label($0.rawValue, NomineeKind.self) }.joined(separator: ", "),
                               levels.joined(separator: ","),
                               shown(individual), shown(collective), basis?.document,
                               basis.map { format == .table ? language.confidence($0.confidence) : $0.confidence.rawValue }])
                    rows.append(Row(code: award.code, name: award.name, nominees: award.nominees.map(\.rawValue), grantedBy: levels,
                                    individualDong: individual, collectiveDong: collective, legalBasis: basis?.document ?? "",
                                    confidence: basis?.confidence.rawValue))
                }
                print(format == .json ? json(rows) : table.render(format))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "An award's whole dated history: who granted it, its legal bases, multiples and sources.",
            discussion: "Example: awards catalog show BANG_KHEN_CHU_TICH_TINH")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The award's code, e.g. GIAY_KHEN.") var code: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let catalogue = try ConfigFiles.workflow(try await global.settings()).catalogue
                guard let award = catalogue.awards.first(where: { $0.code == code.uppercased() }) else {
                    throw ValidationError(language.text(vi: "không có khen thưởng mã \(code); xem danh mục: awards catalog",
                                                        en: "no award has the code \(code); list them with: awards catalog"))
                }
                let say: (String, String) -> String = language.text
                func span(_ from: LocalDate?, _ to: LocalDate?) -> String {
                    (from?.vietnamese ?? "…") + " – " + (to?.vietnamese ?? "…")
                }
                print("\(award.code): \(award.name) (\(say(award.category == .title ? "danh hiệu thi đua" : "hình thức khen thưởng", award.category.rawValue)); "
                      + award.nominees.map { language.label($0.rawValue, NomineeKind.self) }.joined(separator: ", ") + ")")
                print(say("thẩm quyền quyết định:", "granted by:"))
                for grant in award.grants {
                    let level = catalogue.authorityLevel(code: grant.level)
                    let from = [grant.validFrom, level?.validFrom].compactMap { $0 }.max()
                    let to = [grant.validTo, level?.validTo].compactMap { $0 }.min()
                    print("  \(grant.level) (\(level?.name ?? "?")): \(span(from, to))" + (grant.article.map { " — \($0)" } ?? ""))
                }
                print(say("căn cứ pháp lý và hệ số tiền thưởng:", "legal bases and reward multiples:"))
                for basis in award.legalBases {
                    let multiples = award.nominees.compactMap { kind in
                        basis.rewardMultiples[kind].map {
                            "\(language.label(kind.rawValue, NomineeKind.self)) " + (language == .vi ? $0.description.replacingOccurrences(of: ".", with: ",") : $0.description)
                        }
                    }.joined(separator: ", ")
                    print("  \(span(basis.validFrom, basis.validTo)): \(basis.document)" + (basis.article.map { ", \($0)" } ?? "")
                          + (multiples.isEmpty ? say("; chưa có hệ số", "; no multiple") : "; " + say("hệ số ", "multiple ") + multiples)
                          + " (\(language.confidence(basis.confidence)))")
                }
            }
        }
    }
}

struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "workflow", abstract: "Check a workflow definition file.",
        subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every problem in a workflow file (FILE:LINE: message); exit 1 if any.",
            discussion: """
                Example: awards workflow check config/workflow.yaml
                         awards workflow check config/proposals.yaml
                A proposal workflow (config/proposals.yaml) is also checked against config/workflow.yaml, whose events move its lines.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The file (default: config/workflow.yaml).") var file: String?

        func run() async throws {
            try await reportingErrors(global) { language in
                var path = file ?? ""
                if file == nil { path = try await global.settings().configDirectory.appendingPathComponent("workflow.yaml").path }
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw NominationError(vi: "không tìm thấy hoặc không đọc được \(path)", en: "\(path) not found or unreadable")
                }
                // The nomination workflow names its roles; the proposal workflow borrows them.
                if !text.split(separator: "\n").contains(where: { $0.hasPrefix("roles:") }) {
                    try await checkProposals(text, path: path, language: language)
                    return
                }
                let problems = WorkflowDefinition.problems(yaml: text, file: path)
                guard problems.isEmpty else {
                    problems.forEach { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
                    throw ExitCode(1)
                }
                let definition = try WorkflowDefinition.load(yaml: text, file: path)
                print(language.text(
                    vi: "\(path): hợp lệ — phiên bản \(definition.version), \(definition.states.count) trạng thái, \(definition.events.count) thao tác, mã băm \(definition.fingerprint)",
                    en: "\(path): valid — version \(definition.version), \(definition.states.count) states, \(definition.events.count) events, fingerprint \(definition.fingerprint)"))
            }
        }

        private func checkProposals(_ text: String, path: String, language: Language) async throws {
            var problems = ProposalWorkflow.problems(yaml: text, file: path)
            if problems.isEmpty {
                let nominations = try ConfigFiles.workflow(try await global.settings()).definition
                problems = try ProposalWorkflow.load(yaml: text, file: path).problems(against: nominations, file: path)
            }
            guard problems.isEmpty else {
                problems.forEach { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
                throw ExitCode(1)
            }
            let definition = try ProposalWorkflow.load(yaml: text, file: path)
            print(language.text(
                vi: "\(path): hợp lệ — quy trình tờ trình phiên bản \(definition.version), \(definition.states.count) trạng thái, \(definition.events.count) thao tác, mã băm \(definition.fingerprint)",
                en: "\(path): valid — proposal workflow version \(definition.version), \(definition.states.count) states, \(definition.events.count) events, fingerprint \(definition.fingerprint)"))
        }
    }
}
