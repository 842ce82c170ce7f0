import ArgumentParser
import AwardsCore
import AwardsEngine
import AwardsStore
import Foundation

extension AppraisalVerdict: ExpressibleByArgument {}

extension Language {
    func verdict(_ code: String?) -> String? {
        guard self == .vi, let code else { return code }
        switch code {
        case "eligible": return "đủ điều kiện"
        case "not_eligible": return "không đủ điều kiện"
        default: return "cần bổ sung hồ sơ"
        }
    }

    func appraisalOutcome(_ code: String?) -> String {
        switch code {
        case "submitted": return text(vi: "đã trình kết quả", en: "submitted")
        case "returned": return text(vi: "đã trả lại để bổ sung", en: "returned")
        default: return text(vi: "đang thẩm định", en: "open")
        }
    }
}

struct AppraisalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appraisal", abstract: "Thẩm định: the standing agency appraises a proposal addressed to its province, line by line.",
        discussion: """
            Example: an appraisal, step by step (people of the standing agency)
              awards appraisal receive 3 --as truong.ban
              awards appraisal assign 1 chuyenvien.lan --as truong.ban
              awards appraisal judge 1 1 eligible --as chuyenvien.lan
              awards appraisal judge 1 2 more_documents --reason "Thiếu xác nhận sáng kiến cấp tỉnh" --as chuyenvien.lan
              awards appraisal submit 1 --number 120/TTr-SNV --date 15/12/2026 --as chuyenvien.lan
            or, when the dossier is incomplete: awards appraisal return 1 --reason "Thiếu biên bản họp Hội đồng" --as chuyenvien.lan
            The specialist has the working days the catalogue gives the proposal's awards; the daemon reminds and escalates.
            A decision grants an award that needs appraisal only for a line judged eligible in the submitted result.
            """,
        subcommands: [Receive.self, Assign.self, Judge.self, Return.self, Submit.self, List.self, Show.self])

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "receive", abstract: "Receive a submitted proposal for appraisal (the standing agency of its province).",
            discussion: "Example: awards appraisal receive 3 --as truong.ban")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The proposal's id.") var proposal: Int

        func run() async throws {
            try await reportingErrors(global) { language in
                let proposal = proposal
                let id = try await withProposals(global) { service, _ in try service.appraisals.receive(proposal: proposal) }
                print(language.text(vi: "đã tiếp nhận tờ trình \(proposal) để thẩm định (phiếu thẩm định số \(id)); giao chuyên viên: awards appraisal assign \(id) TÀI_KHOẢN",
                                    en: "received proposal \(proposal) for appraisal \(id); assign a specialist with: awards appraisal assign \(id) LOGIN"))
            }
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "assign", abstract: "Assign the appraisal to a specialist of the agency, with its deadline in working days.",
            discussion: """
                Example: awards appraisal assign 1 chuyenvien.lan --as truong.ban
                         awards appraisal assign 1 chuyenvien.lan --working-days 15 --as truong.ban
                Without --working-days: the longest time the catalogue gives the proposal's awards today.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appraisal.") var appraisal: Int
        @Argument(help: "The specialist's login.") var specialist: String
        @Option(name: .customLong("working-days"), help: "The time allowed, in working days.") var workingDays: Int?

        func run() async throws {
            try await reportingErrors(global) { language in
                let (appraisal, specialist, days) = (appraisal, specialist, workingDays)
                let due = try await withProposals(global) { service, _ in try service.appraisals.assign(appraisal, specialist: specialist, workingDays: days) }
                print(language.text(vi: "đã giao phiếu thẩm định \(appraisal) cho \(specialist), hạn \(due.vietnamese)",
                                    en: "appraisal \(appraisal) assigned to \(specialist), due \(due.vietnamese)"))
            }
        }
    }

    struct Judge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "judge", abstract: "Judge one line: eligible, not_eligible or more_documents (the assigned specialist).",
            discussion: """
                Example: awards appraisal judge 1 2 not_eligible --reason "Chưa đủ 3 năm liên tục Chiến sĩ thi đua cơ sở" --as chuyenvien.lan
                A new judgement of the same line replaces the earlier one; both are kept.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appraisal.") var appraisal: Int
        @Argument(help: "The line's number in the proposal.") var line: Int
        @Argument(help: "eligible, not_eligible or more_documents.") var verdict: AppraisalVerdict
        @Option(help: "Why (required unless eligible).") var reason: String?

        func run() async throws {
            try await reportingErrors(global) { language in
                let (appraisal, line, verdict, reason) = (appraisal, line, verdict, reason)
                try await withProposals(global) { service, _ in try service.appraisals.judge(appraisal, line: line, verdict: verdict, reason: reason) }
                print(language.text(vi: "dòng \(line): \(language.verdict(verdict.rawValue) ?? verdict.rawValue)", en: "line \(line): \(verdict.rawValue)"))
            }
        }
    }

    struct Return: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "return", abstract: "Return the proposal to its unit for more documents (bổ sung); the appraisal ends.",
            discussion: "Example: awards appraisal return 1 --reason \"Thiếu biên bản họp Hội đồng Thi đua – Khen thưởng\" --as chuyenvien.lan")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appraisal.") var appraisal: Int
        @Option(help: "What is missing.") var reason: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let (appraisal, reason) = (appraisal, reason)
                try await withProposals(global) { service, _ in try service.appraisals.returnForDocuments(appraisal, reason: reason) }
                print(language.text(vi: "đã trả lại tờ trình để bổ sung: \(reason)", en: "returned the proposal for more documents: \(reason)"))
            }
        }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "submit", abstract: "Submit the appraisal result (tờ trình kết quả thẩm định) to the signer, every line judged.",
            discussion: "Example: awards appraisal submit 1 --number 120/TTr-SNV --date 15/12/2026 --as chuyenvien.lan")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appraisal.") var appraisal: Int
        @Option(help: "The result's number.") var number: String
        @Option(help: "The result's date, dd/mm/yyyy.") var date: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try parseDate(date, "--date", language)
                let (appraisal, number) = (appraisal, number)
                try await withProposals(global) { service, _ in try service.appraisals.submit(appraisal, resultNumber: number, date: day) }
                print(language.text(vi: "đã trình kết quả thẩm định số \(number) ngày \(day.vietnamese)",
                                    en: "submitted appraisal result \(number) of \(day.vietnamese)"))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the appraisals you may see.",
            discussion: "Example: awards appraisal list --open --as truong.ban")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only those still open.") var open = false
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let open = open
                let rows = try await withProposals(global) { service, _ in try service.appraisals.list(openOnly: open) }
                if format == .json { print(json(rows)); return }
                let shown = format == .table ? language : .en
                var table = TableWriter(["id", "proposal", "number", "specialist", "due", "outcome", "result"],
                                        vi: ["phiếu", "tờ trình", "số tờ trình", "chuyên viên", "hạn", "tình trạng", "kết quả"], in: language)
                for row in rows {
                    table.add([String(row.id), String(row.proposalID), row.proposalNumber, row.specialist, shown.readable(isoDate: row.dueOn),
                               format == .table ? shown.appraisalOutcome(row.outcome) : (row.outcome ?? "open"), row.resultNumber])
                }
                print(table.render(format))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an appraisal and each line's latest verdict.",
            discussion: "Example: awards appraisal show 1")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The appraisal.") var appraisal: Int
        @Option(help: "table, csv (the lines) or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let appraisal = appraisal
                let shown = try await withProposals(global) { service, _ -> (AppraisalSummary, [AppraisedLine])? in
                    guard let summary = try service.appraisals.find(appraisal) else { return nil }
                    return (summary, try service.appraisals.lines(appraisal))
                }
                guard let (summary, lines) = shown else {
                    throw NominationError(vi: "không tìm thấy phiếu thẩm định \(appraisal); xem: awards appraisal list",
                                          en: "appraisal \(appraisal) not found; list them with: awards appraisal list")
                }
                if format == .json {
                    struct Shown: Encodable { let appraisal: AppraisalSummary; let lines: [AppraisedLine] }
                    print(json(Shown(appraisal: summary, lines: lines)))
                    return
                }
                let words = format == .table ? language : .en
                var table = TableWriter(["line", "nominee", "award", "needs appraisal", "verdict", "reason"],
                                        vi: ["dòng", "người được đề nghị", "danh hiệu", "phải thẩm định", "kết luận", "lý do"], in: language)
                for line in lines {
                    table.add([String(line.lineNo), line.nomineeName, line.awardCode, line.needsAppraisal ? words.text(vi: "có", en: "yes") : words.text(vi: "không", en: "no"),
                               format == .table ? words.verdict(line.verdict) : line.verdict, line.reason])
                }
                if format == .csv { print(table.render(.csv)); return }
                let say: (String, String) -> String = language.text
                print(say("Phiếu thẩm định số \(summary.id) — tờ trình \(summary.proposalNumber ?? "#\(summary.proposalID)") (\(summary.proposalTitle)), \(summary.agencyCode)",
                          "appraisal \(summary.id) — proposal \(summary.proposalNumber ?? "#\(summary.proposalID)") (\(summary.proposalTitle)), \(summary.agencyCode)"))
                print(say("chuyên viên: \(summary.specialist ?? "(chưa giao)"), hạn: \(language.readable(isoDate: summary.dueOn) ?? "—"); \(language.appraisalOutcome(summary.outcome))",
                          "specialist: \(summary.specialist ?? "(not assigned)"), due: \(summary.dueOn ?? "—"); \(language.appraisalOutcome(summary.outcome))"))
                if let reason = summary.reason { print(say("lý do trả lại: \(reason)", "returned because: \(reason)")) }
                if let number = summary.resultNumber {
                    print(say("kết quả thẩm định số \(number) ngày \(language.readable(isoDate: summary.resultDate) ?? "")",
                              "appraisal result \(number) of \(summary.resultDate ?? "")"))
                }
                print(table.render(.table))
            }
        }
    }
}
