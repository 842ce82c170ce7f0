import ArgumentParser
import AwardsCore
import AwardsEngine
import AwardsStore
import Foundation

struct DecisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decision", abstract: "Quyết định: one signed decision rewarding the lines of proposals, with the money.",
        discussion: """
            Example: awards decision sign --proposal 1 --number 1234/QĐ-SNN --date 15/12/2026 --lower 3=LAO_DONG_TIEN_TIEN --leave-out 7 --as giamdoc.snn
                     awards decision show 1 --as giamdoc.snn
            """,
        subcommands: [Sign.self, List.self, Show.self, Revoke.self])

    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sign", abstract: "Sign one decision for the lines of proposals addressed to your unit.",
            discussion: """
                Example: awards decision sign --proposal 1 --number 1234/QĐ-SNN --date 15/12/2026 --lower 3=LAO_DONG_TIEN_TIEN --reason 3="Chưa có sáng kiến" --as giamdoc.snn
                Every open line is rewarded as proposed, except those --lower grants a lower award (hạ mức) and those --leave-out leaves unrewarded.
                A line is its number in the proposal (awards proposal show); with several --proposal, write PROPOSAL/LINE (1/3).
                The money is the catalogue's on the decision date. A line beyond your authority refuses the whole decision, naming it.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("proposal"), help: ArgumentHelp("A proposal it decides; repeat for several.", valueName: "id")) var proposals: [Int]
        @Option(help: "The decision's number, e.g. 1234/QĐ-UBND.") var number: String
        @Option(help: "The decision's date, dd/mm/yyyy.") var date: String
        @Option(help: ArgumentHelp("A line granted a lower award: LINE=AWARD; repeat.", valueName: "line=award")) var lower: [String] = []
        @Option(name: .customLong("leave-out"), help: ArgumentHelp("A line not rewarded; repeat.", valueName: "line")) var leaveOut: [String] = []
        @Option(help: ArgumentHelp("Why a line is lowered or left out: LINE=TEXT; repeat.", valueName: "line=text")) var reason: [String] = []
        @Option(name: .customLong("basis"), help: ArgumentHelp("A document the decision cites besides the awards' legal bases; repeat.", valueName: "text"))
        var bases: [String] = []

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try parseDate(date, "--date", language)
                let changes = try changeList(language)
                let (number, proposals, bases) = (number, proposals, bases)
                let (summary, lines) = try await withProposals(global) { service, _ in
                    let id = try service.store.sign(number: number, date: day, proposals: proposals, changes: changes, legalBases: bases)
                    return (try service.store.decision(id), try service.store.decisionLines(id))
                }
                guard let summary else { return }
                print(language.text(
                    vi: "đã ký Quyết định số \(summary.number) ngày \(day.vietnamese): \(summary.lineCount) dòng, tổng tiền thưởng \(Money.readable(summary.totalDong, in: .vi)) đồng",
                    en: "signed decision \(summary.number) of \(day.vietnamese): \(summary.lineCount) lines, \(Money.readable(summary.totalDong, in: .en)) đồng in all"))
                print(DecisionCommand.lineTable(lines, language: language).render(.table))
            }
        }

        /// The lines named by --lower, --leave-out and --reason, as (proposal, line).
        func changeList(_ language: Language) throws -> [DecisionChange] {
            func line(_ text: Substring) throws -> (Int, Int) {
                let parts = text.split(separator: "/")
                if parts.count == 1, let line = Int(parts[0]), proposals.count == 1 { return (proposals[0], line) }
                if parts.count == 2, let proposal = Int(parts[0]), let line = Int(parts[1]) { return (proposal, line) }
                throw ValidationError(language.text(
                    vi: "“\(text)” không phải một dòng; hãy viết số dòng (3), hoặc TỜ-TRÌNH/DÒNG (1/3) khi quyết định nhiều tờ trình",
                    en: "“\(text)” is not a line; write its number (3), or PROPOSAL/LINE (1/3) when deciding several proposals"))
            }
            func pair(_ text: String, _ option: String) throws -> (Int, Int, String) {
                let parts = text.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else {
                    throw ValidationError(language.text(vi: "\(option) \(text) phải có dạng DÒNG=GIÁ-TRỊ", en: "\(option) \(text) must be LINE=VALUE"))
                }
                let (proposal, number) = try line(parts[0])
                return (proposal, number, String(parts[1]))
            }
            var reasons: [String: String] = [:]
            for entry in reason {
                let (proposal, number, text) = try pair(entry, "--reason")
                reasons["\(proposal)/\(number)"] = text
            }
            var changes = try lower.map { entry -> DecisionChange in
                let (proposal, number, award) = try pair(entry, "--lower")
                return DecisionChange(proposal: proposal, line: number, award: award, reason: reasons["\(proposal)/\(number)"])
            }
            changes += try leaveOut.map { entry in
                let (proposal, number) = try line(Substring(entry))
                return DecisionChange(proposal: proposal, line: number, leaveOut: true, reason: reasons["\(proposal)/\(number)"])
            }
            return changes
        }
    }

    static func lineTable(_ lines: [DecisionLine], language: Language, format: OutputFormat = .table) -> TableWriter {
        let words = format == .table ? language : .en
        var table = TableWriter(["line", "nominee", "kind", "unit", "proposed", "granted", "multiple", "base_salary", "money", "revoked", "recovered"],
                                vi: ["stt", "tên cá nhân/tập thể", "loại", "đơn vị", "đề nghị", "khen thưởng", "hệ số", "lương cơ sở", "tiền thưởng",
                                     "thu hồi", "số tiền thu hồi"], in: language)
        for line in lines {
            let money: (Int) -> String = { format == .table ? Money.readable($0, in: language) : String($0) }
            table.add([String(line.lineNo), line.nomineeName, words.label(line.nomineeKind, NomineeKind.self), line.unitCode,
                       line.proposedAward, line.grantedAward, RewardMultiple(tenThousandths: line.rewardMultiple).description,
                       money(line.baseSalary), money(line.moneyDong),
                       line.revoked ? words.text(vi: "đã thu hồi", en: "revoked") : "", line.recoverDong.map(money)])
        }
        return table
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the decisions you may see.",
            discussion: "Example: awards decision list --year 2026 --format csv --as giamdoc.snn")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this year's decisions.") var year: Int?
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let year = year
                let rows = try await withProposals(global) { service, _ in try service.store.decisions(year: year) }
                if format == .json { print(json(rows)); return }
                var table = TableWriter(["id", "number", "date", "issuer", "signer", "authority", "lines", "total", "proposals"],
                                        vi: ["số", "số quyết định", "ngày", "cơ quan ban hành", "người ký", "thẩm quyền", "số dòng", "tổng tiền", "tờ trình"],
                                        in: language)
                for row in rows {
                    table.add([String(row.id), row.number, (format == .table ? language : .en).readable(isoDate: row.decisionDate), row.issuingUnitCode,
                               row.signerName, row.authorityLevel, String(row.lineCount),
                               format == .table ? Money.readable(row.totalDong, in: language) : String(row.totalDong),
                               row.proposalIDs.map(String.init).joined(separator: " ")])
                }
                print(table.render(format))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a decision: its register entry, legal bases and every line with its money.",
            discussion: """
                Example: awards decision show 1 --as giamdoc.snn
                         awards decision show 1 --format csv > quyet-dinh-1.csv   (the attached list)
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The decision's id (awards decision list).") var id: Int
        @Option(help: "table, csv (the lines) or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let id = id
                let (summary, lines) = try await withProposals(global) { service, _ in (try service.store.decision(id), try service.store.decisionLines(id)) }
                guard let summary else {
                    throw NominationError(vi: "không tìm thấy quyết định \(id); xem: awards decision list", en: "decision \(id) not found; list them with: awards decision list")
                }
                if format == .json {
                    struct Shown: Encodable { let decision: DecisionSummary; let lines: [DecisionLine] }
                    print(json(Shown(decision: summary, lines: lines)))
                    return
                }
                let table = DecisionCommand.lineTable(lines, language: language, format: format)
                if format == .csv { print(table.render(.csv)); return }
                let say: (String, String) -> String = language.text
                let date = LocalDate(parsing: summary.decisionDate)?.vietnamese ?? summary.decisionDate
                print(say("Quyết định số \(summary.number) ngày \(date) — \(summary.issuingUnitName) (\(summary.issuingUnitCode)), người ký: \(summary.signerName) (\(summary.authorityLevel))",
                          "decision \(summary.number) of \(date) — \(summary.issuingUnitName) (\(summary.issuingUnitCode)), signed by \(summary.signerName) (\(summary.authorityLevel))"))
                print(say("căn cứ: \(summary.legalBases.joined(separator: "; "))", "legal bases: \(summary.legalBases.joined(separator: "; "))"))
                print(say("danh mục áp dụng: phiên bản \(summary.catalogueVersion); tờ trình: \(summary.proposalIDs.map(String.init).joined(separator: ", "))",
                          "catalogue version \(summary.catalogueVersion); proposals: \(summary.proposalIDs.map(String.init).joined(separator: ", "))"))
                print(table.render(.table))
                print(say("tổng cộng: \(summary.lineCount) dòng, \(Money.readable(summary.totalDong, in: language)) đồng",
                          "total: \(summary.lineCount) lines, \(Money.readable(summary.totalDong, in: language)) đồng"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Thu hồi: annul one line of a decision, with the money to recover (managers of the issuer).",
            discussion: "Example: awards decision revoke 1 3 --reason \"Khai không đúng thành tích\" --recover 760000 --number 15/QĐ-SNN --date 20/12/2026 --as giamdoc.snn")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The decision's id.") var id: Int
        @Argument(help: "The line's number in the decision.") var line: Int
        @Option(help: "Why (Luật Thi đua, khen thưởng, chương VII).") var reason: String
        @Option(help: "Đồng to recover, at most what the line paid.") var recover: Int
        @Option(help: "The revoking decision's number.") var number: String
        @Option(help: "The revoking decision's date, dd/mm/yyyy.") var date: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try parseDate(date, "--date", language)
                let (id, line, reason, recover, number) = (id, line, reason, recover, number)
                try await withProposals(global) { service, _ in
                    try service.store.revoke(decision: id, line: line, reason: reason, recoverDong: recover, revokingNumber: number, revokingDate: day)
                }
                print(language.text(vi: "đã thu hồi dòng \(line) của quyết định \(id); số tiền phải thu hồi: \(Money.readable(recover, in: .vi)) đồng",
                                    en: "revoked line \(line) of decision \(id); to recover: \(Money.readable(recover, in: .en)) đồng"))
            }
        }
    }
}

struct MoneyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "money", abstract: "Sổ tiền thưởng: the reward money decided in a year, with totals by award.",
        discussion: """
            Example: awards money --year 2026 --unit snnptnt --as ketoan.snn
                     awards money --year 2026 --format csv > tien-thuong-2026.csv
            Revoked lines stay in the ledger with the money to recover.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "The year of the decisions.") var year: Int
    @Option(help: "Only nominees of this unit and the units below it.") var unit: String?
    @Option(help: "table (lines and totals), csv (lines) or json (lines and totals).") var format: OutputFormat = .table

    func run() async throws {
        try await reportingErrors(global) { language in
            let (year, unit) = (year, unit)
            let entries = try await withProposals(global) { service, _ in try service.store.ledger(year: year, unitCode: unit) }
            let sums = entries.totalsByAward
            if format == .json {
                struct Ledger: Encodable { let year: Int; let entries: [LedgerEntry]; let totals: [LedgerTotal]; let totalDong: Int; let recoverDong: Int }
                print(json(Ledger(year: year, entries: entries, totals: sums, totalDong: entries.map(\.moneyDong).reduce(0, +),
                                  recoverDong: entries.map(\.recoverDong).reduce(0, +))))
                return
            }
            let money: (Int) -> String = { format == .table ? Money.readable($0, in: language) : String($0) }
            var table = TableWriter(["decision", "date", "unit", "nominee", "kind", "award", "money", "recover"],
                                    vi: ["quyết định", "ngày", "đơn vị", "tên cá nhân/tập thể", "loại", "khen thưởng", "tiền thưởng", "phải thu hồi"],
                                    in: language)
            let words = format == .table ? language : .en
            for entry in entries {
                table.add([entry.decisionNumber, words.readable(isoDate: entry.decisionDate), entry.unitCode, entry.nomineeName,
                           words.label(entry.nomineeKind, NomineeKind.self), entry.awardCode, money(entry.moneyDong),
                           entry.recoverDong > 0 ? money(entry.recoverDong) : ""])
            }
            if format == .csv { print(table.render(.csv)); return }
            print(table.render(.table))
            var byAward = TableWriter(["award", "name", "lines", "money", "recover"],
                                      vi: ["khen thưởng", "tên", "số dòng", "tiền thưởng", "phải thu hồi"], in: language)
            for sum in sums { byAward.add([sum.award, sum.name, String(sum.lines), money(sum.dong), money(sum.recoverDong)]) }
            byAward.add([language.text(vi: "Tổng cộng", en: "Total"), "", String(entries.count), money(entries.map(\.moneyDong).reduce(0, +)),
                         money(entries.map(\.recoverDong).reduce(0, +))])
            print("")
            print(byAward.render(.table))
        }
    }
}
