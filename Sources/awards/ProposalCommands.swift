import ArgumentParser
import AwardsCore
import AwardsEngine
import AwardsSheets
import AwardsStore
import Foundation
import Postgres

extension ProposalRound: ExpressibleByArgument {}

/// Runs `body` with the proposal service and the proposal workflow (for its labels), off the cooperative pool.
func withProposals<T: Sendable>(_ global: GlobalOptions,
                                _ body: @escaping @Sendable (ProposalService, ProposalWorkflow) throws -> T) async throws -> T {
    let settings = try await global.settings()
    let nominations = try ConfigFiles.workflow(settings)
    let workflow = try ConfigFiles.proposals(settings, nominations: nominations.definition)
    let login = global.login
    let target = try await DatabaseTarget(settings: settings)
    let notes = try await target.prepare()
    return try await runBlocking {
        let session = try AwardsSession(settings: settings, target: target, actingAs: login)
        notes.forEach { Terminal.note($0, in: settings.language) }
        return try body(ProposalService(session: session, catalogue: nominations.catalogue), workflow)
    }
}

extension Language {
    /// A proposal's state as the reader reads it: “Đã trình (submitted)” in Vietnamese.
    func proposalState(_ code: String, in workflow: ProposalWorkflow) -> String {
        guard self == .vi, let label = workflow.state(named: code)?.label else { return code }
        return "\(label) (\(code))"
    }
}

struct ProposalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposal", abstract: "Tờ trình: a unit's proposal listing many nominees, moved as one.",
        discussion: """
            Example: a year-end round, step by step
              awards proposal new --unit snnptnt --to snnptnt --round year_end --year 2026 --title "Đề nghị công nhận danh hiệu thi đua năm 2026" --as hoa.nt
              awards proposal add 1 --name "Nguyễn Thị Hoa" --kind individual --occupation civil_servant --unit snnptnt --award LAO_DONG_TIEN_TIEN --from 01/01/2026 --to 31/12/2026 --as hoa.nt
              awards proposal submit 1 --number 45/TTr-SNN --date 10/12/2026 --as hoa.nt
              awards decision sign --proposal 1 --number 1234/QĐ-SNN --date 15/12/2026 --as giamdoc.snn
            """,
        subcommands: [New.self, Import.self, Template.self, Add.self, Remove.self, Submit.self, Receive.self, Return.self, Withdraw.self, List.self, Show.self])

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "new", abstract: "Start a draft proposal of a unit, addressed to the unit whose head decides.",
            discussion: """
                Example: awards proposal new --unit snnptnt --to snnptnt --round year_end --year 2026 --title "Đề nghị công nhận danh hiệu thi đua năm 2026" --as hoa.nt
                Rounds: year_end (tổng kết năm), preliminary (sơ kết phong trào), final (tổng kết phong trào), ad_hoc (đột xuất);
                preliminary and final need --movement.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The unit that proposes.") var unit: String
        @Option(name: .customLong("to"), help: ArgumentHelp("The unit whose head decides (its manager signs the decision).", valueName: "unit"))
        var addressee: String
        @Option(help: "year_end, preliminary, final or ad_hoc.") var round: ProposalRound = .yearEnd
        @Option(help: "The year of the round.") var year: Int
        @Option(help: "The movement (for preliminary and final).") var movement: String?
        @Option(help: "What the proposal asks, e.g. “Đề nghị công nhận danh hiệu thi đua năm 2026”.") var title: String

        func run() async throws {
            try await reportingErrors(global) { language in
                if round.needsMovement && movement == nil {
                    throw ValidationError(language.text(vi: "\(round.vietnamese) cần --movement (phong trào thi đua)",
                                                        en: "a \(round.rawValue) round needs --movement"))
                }
                let (unit, addressee, round, year, title, movement) = (unit, addressee, round, year, title, movement)
                let id = try await withProposals(global) { service, _ in
                    try service.store.create(unitCode: unit, addresseeCode: addressee, round: round, year: year, title: title, movementCode: movement)
                }
                print(language.text(vi: "đã lập tờ trình số \(id) (dự thảo); thêm danh sách bằng: awards proposal import \(id) DANH-SACH.xlsx",
                                    en: "proposal \(id) created (draft); add its list with: awards proposal import \(id) LIST.xlsx"))
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Fill a draft proposal from an .xlsx or .csv list: every row, or none.",
            discussion: """
                Example: awards proposal import 1 danh-sach-2026.xlsx --as hoa.nt
                         awards proposal import 1 danh-sach-2026.csv --check --as hoa.nt   (report the problems, add nothing)
                The columns are those of awards proposal template. Every bad row is reported with its row, column and reason,
                and nothing is added while any row is bad. Dates are dd/mm/yyyy or spreadsheet dates.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The proposal's number.") var id: Int
        @Argument(help: "The list: .xlsx (its first sheet) or .csv (UTF-8).") var file: String
        @Flag(help: "Only check: report every problem and add nothing.") var check = false

        func run() async throws {
            try await reportingErrors(global) { language in
                let (id, url, check) = (id, URL(fileURLWithPath: file), check)
                let added: (count: Int, warnings: [String])? = try await withProposals(global) { service, _ in
                    if check {
                        let problems = try service.check(proposal: id, sheet: url)
                        guard problems.isEmpty else { throw LineProblems(problems) }
                        return nil
                    }
                    let added = try service.importSheet(proposal: id, sheet: url)
                    return (added.count, added.needingAttention.map { service.explain($0, in: language) })
                }
                if let added {
                    added.warnings.forEach { Terminal.warning($0, in: language) }
                    print(language.text(vi: "đã thêm \(added.count) dòng vào tờ trình số \(id); xem: awards proposal show \(id)",
                                        en: "added \(added.count) lines to proposal \(id); see them with: awards proposal show \(id)"))
                } else {
                    print(language.text(vi: "\(file): không có lỗi; thêm vào tờ trình bằng: awards proposal import \(id) \(file)",
                                        en: "\(file): no problems; add it with: awards proposal import \(id) \(file)"))
                }
            }
        }
    }

    struct Template: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "template", abstract: "Write the blank list to fill in, with a sheet explaining each column.",
            discussion: """
                Example: awards proposal template danh-sach-de-nghi.xlsx
                         awards proposal template danh-sach-de-nghi.csv
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Where to write it: .xlsx or .csv.") var file: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let url = URL(fileURLWithPath: file)
                guard let format = SheetFormat(fileExtension: url.pathExtension) else {
                    throw ValidationError(language.text(vi: "\(file): hãy đặt tên tệp đuôi .xlsx hoặc .csv", en: "\(file): name it .xlsx or .csv"))
                }
                let settings = try await global.settings()
                try ProposalSheetTemplate.write(to: url, format: format, catalogue: try ConfigFiles.workflow(settings).catalogue)
                print(language.text(vi: "đã ghi mẫu danh sách vào \(file)", en: "wrote the blank list to \(file)"))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add one nominee to a draft or returned proposal.",
            discussion: """
                Example: awards proposal add 1 --name "Nguyễn Thị Hoa" --kind individual --birth 14/03/1985 --gender female --occupation civil_servant --unit snnptnt --award LAO_DONG_TIEN_TIEN --from 01/01/2026 --to 31/12/2026 --as hoa.nt
                For a whole list, use: awards proposal import.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The proposal's number.") var id: Int
        @Option(help: "The individual's full name or the collective's name.") var name: String
        @Option(help: "individual or collective.") var kind: NomineeKind
        @Option(name: .customLong("birth"), help: "Date of birth (individuals), dd/mm/yyyy.") var birth: String?
        @Option(help: "female or male (individuals).") var gender: Gender?
        @Option(help: "worker, farmer, direct_labourer, civil_servant, manager, scientist, enterprise or other.") var occupation: Occupation
        @Option(help: "The nominee's unit.") var unit: String
        @Option(help: "The award proposed (see awards catalog).") var award: String
        @Option(name: .customLong("from"), help: "The achievement's first day, dd/mm/yyyy.") var from: String
        @Option(name: .customLong("to"), help: "The achievement's last day, dd/mm/yyyy.") var to: String
        @Option(help: "A note.") var note: String?

        func run() async throws {
            try await reportingErrors(global) { language in
                let line = ProposalLineInput(rowNumber: 1, name: name, kind: kind, birthDate: try birth.map { try parseDate($0, "--birth", language) },
                                             gender: gender, occupation: occupation, unitCode: unit, awardCode: award,
                                             periodFrom: try parseDate(from, "--from", language), periodTo: try parseDate(to, "--to", language),
                                             note: note)
                let id = id
                let warnings = try await withProposals(global) { service, _ in
                    try service.add(proposal: id, lines: [line]).needingAttention.map { service.explain($0, in: language) }
                }
                warnings.forEach { Terminal.warning($0, in: language) }
                print(language.text(vi: "đã thêm \(name) vào tờ trình số \(id)", en: "added \(name) to proposal \(id)"))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Take a line out of a draft or returned proposal.",
            discussion: "Example: awards proposal remove 1 3 --reason \"Chuyển công tác\" --as hoa.nt")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The proposal's number.") var id: Int
        @Argument(help: "The line's number (awards proposal show).") var line: Int
        @Option(help: "Why.") var reason: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let (id, line, reason) = (id, line, reason)
                try await withProposals(global) { service, _ in try service.store.removeLine(proposal: id, line: line, reason: reason) }
                print(language.text(vi: "đã đưa dòng \(line) ra khỏi tờ trình số \(id)", en: "line \(line) left proposal \(id)"))
            }
        }
    }

    /// The moves of the proposal workflow, each a command.
    static func move(_ global: GlobalOptions, _ id: Int, event: String, fields: [String: String], expected: String?) async throws {
        let line = try await withProposals(global) { service, workflow in
            let state = try service.store.advance(id, event: event, fields: fields, expectedState: expected)
            let lines = try service.store.find(id)?.lineCount ?? 0
            let label = workflow.events(named: event).first?.label ?? event
            return service.language.text(
                vi: "tờ trình số \(id): \(label) → \(service.language.proposalState(state, in: workflow)); \(lines) dòng",
                en: "proposal \(id): \(event) → \(state); \(lines) line\(lines == 1 ? "" : "s")")
        }
        print(line)
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "submit", abstract: "The head has signed it: submit the proposal; every line is proposed.",
            discussion: "Example: awards proposal submit 1 --number 45/TTr-SNN --date 10/12/2026 --as hoa.nt")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The proposal's number.") var id: Int
        @Option(help: "The letter's number, e.g. 45/TTr-SNN.") var number: String
        @Option(help: "The letter's date, dd/mm/yyyy.") var date: String
        @Option(name: .customLong("expect"), help: ArgumentHelp("Refuse unless the proposal is in this state.", valueName: "state")) var expected: String?
        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try parseDate(date, "--date", language)
                try await ProposalCommand.move(global, id, event: "submit", fields: ["proposal_number": number, "proposal_date": day.iso], expected: expected)
            }
        }
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "receive", abstract: "Record that the proposal was received.",
            discussion: "Example: awards proposal receive 1 --as lan.snv")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The proposal's number.") var id: Int
        @Option(name: .customLong("expect"), help: ArgumentHelp("Refuse unless the proposal is in this state.", valueName: "state")) var expected: String?
        func run() async throws {
            try await reportingErrors(global) { _ in try await ProposalCommand.move(global, id, event: "receive", fields: [:], expected: expected) }
        }
    }

    struct Return: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "return", abstract: "Return the proposal for more work; every line returns with it (managers).",
            discussion: "Example: awards proposal return 1 --reason \"Bổ sung biên bản họp Hội đồng\" --as giamdoc.snn")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The proposal's number.") var id: Int
        @Option(help: "What is missing.") var reason: String
        @Option(name: .customLong("expect"), help: ArgumentHelp("Refuse unless the proposal is in this state.", valueName: "state")) var expected: String?
        func run() async throws {
            try await reportingErrors(global) { _ in try await ProposalCommand.move(global, id, event: "return", fields: ["reason": reason], expected: expected) }
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Withdraw a draft or returned proposal; its lines stay, free for another.",
            discussion: "Example: awards proposal withdraw 1 --reason \"Lập lại theo mẫu mới\" --as hoa.nt")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The proposal's number.") var id: Int
        @Option(help: "Why.") var reason: String
        func run() async throws {
            try await reportingErrors(global) { _ in try await ProposalCommand.move(global, id, event: "withdraw", fields: ["reason": reason], expected: nil) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the proposals you may see.",
            discussion: "Example: awards proposal list --year 2026 --state submitted --format csv --as lan.snv")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this unit and the units below it.") var unit: String?
        @Option(help: "Only this year's round.") var year: Int?
        @Option(help: "Only this state, e.g. submitted.") var state: String?
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let (unit, year, state) = (unit, year, state)
                let (rows, workflow) = try await withProposals(global) { service, workflow in
                    (try service.store.list(unitCode: unit, year: year, state: state), workflow)
                }
                if format == .json { print(json(rows)); return }
                let words = format == .table ? language : .en
                var table = TableWriter(["id", "unit", "to", "round", "year", "number", "date", "state", "lines", "title"],
                                        vi: ["số", "đơn vị", "gửi", "đợt", "năm", "số tờ trình", "ngày", "trạng thái", "số dòng", "trích yếu"], in: language)
                for row in rows {
                    table.add([String(row.id), row.unitCode, row.addresseeCode, words.label(row.round, ProposalRound.self), String(row.year),
                               row.number, words.readable(isoDate: row.proposalDate), words.proposalState(row.state, in: workflow),
                               String(row.lineCount), row.title])
                }
                print(table.render(format))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a proposal, its lines and its history.",
            discussion: """
                Example: awards proposal show 1 --as hoa.nt
                         awards proposal show 1 --format csv > to-trinh-1.csv   (its lines)
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The proposal's number.") var id: Int
        @Option(help: "table (details, lines, history), csv (the lines) or json (all).") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let id = id
                let (summary, lines, history, workflow, verdicts) = try await withProposals(global) { service, workflow in
                    (try service.store.find(id), try service.store.lines(id), try service.store.history(id), workflow,
                     try service.store.eligibility(proposal: id))
                }
                guard let summary else {
                    throw NominationError(vi: "không tìm thấy tờ trình số \(id) (hoặc tờ trình ngoài phạm vi của bạn); xem: awards proposal list",
                                          en: "proposal \(id) not found (or outside your units); list them with: awards proposal list")
                }
                if format == .json {
                    struct Shown: Encodable { let proposal: ProposalSummary; let lines: [ProposalLine]; let history: [ProposalHistoryRecord] }
                    print(json(Shown(proposal: summary, lines: lines, history: history)))
                    return
                }
                let words = format == .table ? language : .en
                let nominations = try ConfigFiles.workflow(try await global.settings()).definition
                var table = TableWriter(["line", "nomination", "nominee", "kind", "unit", "award", "from", "to", "state", "row", "eligible_when_added"],
                                        vi: ["dòng", "hồ sơ", "tên cá nhân/tập thể", "loại", "đơn vị", "đề nghị", "từ ngày", "đến ngày", "trạng thái", "dòng trong tệp",
                                             "điều kiện khi thêm"],
                                        in: language)
                let verdictOfLine = Dictionary(verdicts.map { ($0.line, $0) }, uniquingKeysWith: { $1 })
                for line in lines where !line.hasLeft {
                    table.add([String(line.lineNo), String(line.nominationID), line.nomineeName, words.label(line.nomineeKind, NomineeKind.self),
                               line.unitCode, line.awardCode, words.readable(isoDate: line.achievementFrom), words.readable(isoDate: line.achievementTo),
                               words.state(line.nominationState, in: nominations), line.sheetRow.map(String.init),
                               verdictOfLine[line.lineNo].map { Self.eligibility($0, csv: format == .csv) }])
                }
                if format == .csv { print(table.render(.csv)); return }
                let say: (String, String) -> String = language.text
                print(say("tờ trình số \(summary.id)\(summary.number.map { " — số \($0)" } ?? ""): \(summary.title)",
                          "proposal \(summary.id)\(summary.number.map { " — \($0)" } ?? ""): \(summary.title)"))
                print(say("đơn vị: \(summary.unitCode) → \(summary.addresseeCode)   đợt: \(ProposalRound(rawValue: summary.round)?.vietnamese ?? summary.round) \(summary.year)",
                          "unit: \(summary.unitCode) → \(summary.addresseeCode)   round: \(summary.round) \(summary.year)"))
                print(say("trạng thái: \(language.proposalState(summary.state, in: workflow)); \(summary.lineCount) dòng",
                          "state: \(summary.state); \(summary.lineCount) lines"))
                print(table.render(.table))
                print(say("quá trình xử lý:", "history:"))
                for entry in history {
                    let label = language == .vi ? (workflow.events(named: entry.event).first?.label ?? entry.event) : entry.event
                    let details = entry.fields.filter { $0.key != "note" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    print("  \(entry.seq). \(vietnamTime(entry.at))  \(label) → \(language.proposalState(entry.toState, in: workflow))  "
                          + say("bởi \(entry.login)", "by \(entry.login)")
                          + (entry.linesMoved > 0 ? say(", \(entry.linesMoved) dòng", ", \(entry.linesMoved) lines") : "")
                          + (details.isEmpty ? "" : "  [\(details.joined(separator: ", "))]") + (entry.note.map { "  “\($0)”" } ?? ""))
                }
                if verdicts.contains(where: { !$0.qualifies }) {
                    print(say("✗: chưa đủ điều kiện khi thêm (theo điều, khoản nêu bên cạnh); xem còn thiếu gì: awards eligible --unit \(summary.unitCode) --year \(summary.year)",
                              "✗: did not qualify when added (under the articles shown); what is missing: awards eligible --unit \(summary.unitCode) --year \(summary.year)"))
                }
            }
        }

        /// A line's kept verdict in a cell: ✓, or ✗ with the articles of the rules it failed (csv: true/false).
        static func eligibility(_ verdict: LineEligibility, csv: Bool) -> String {
            if csv { return verdict.qualifies ? "true" : "false" }
            if verdict.qualifies { return "✓" }
            let articles = verdict.findings.filter { $0.parent == nil && !$0.passed && $0.severity == "refuse" }.compactMap(\.article)
            return articles.reduce(into: ["✗"]) { shown, article in if !shown.contains(article) { shown.append(article) } }.joined(separator: " ")
        }
    }
}
