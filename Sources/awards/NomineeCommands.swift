import ArgumentParser
import AwardsCore
import AwardsEngine
import AwardsStore
import Foundation

extension InitiativeScope: ExpressibleByArgument {}
extension PerformanceRating: ExpressibleByArgument {}
extension BlockKind: ExpressibleByArgument {}

struct NomineeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nominee", abstract: "Người được đề nghị: the people and collectives proposed, and the facts eligibility is judged from.",
        discussion: """
            Example: an officer records what the rules read
              awards nominee add "Phạm Văn An" --birth 03/02/1980 --gender male --occupation civil_servant --unit ea-kar --as linh.hn
              awards nominee rate 1 --year 2026 --rating excellent --as linh.hn
              awards nominee initiative 1 --title "Số hoá hồ sơ một cửa" --scope province --by "Hội đồng sáng kiến tỉnh" --document 15/QĐ-HĐSK --on 01/06/2025 --as linh.hn
              awards nominee block 1 --kind discipline_pending --from 01/07/2026 --note "Thông báo 12/TB-UBND" --as linh.hn
            A line added to a proposal registers its nominee by itself; see them with: awards history NAME
            """,
        subcommands: [Add.self, Move.self, Rate.self, Initiative.self, Block.self, Unblock.self, Members.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Register a person or a collective of your unit.",
            discussion: "Example: awards nominee add \"Phạm Văn An\" --birth 03/02/1980 --gender male --occupation civil_servant --unit ea-kar")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The full name.") var name: String
        @Option(help: "individual or collective.") var kind: NomineeKind = .individual
        @Option(help: "Date of birth, dd/mm/yyyy (individuals).") var birth: String?
        @Option(help: "male or female (individuals).") var gender: Gender?
        @Option(help: "Ethnicity, where the unit records it.") var ethnicity: String?
        @Option(help: "Occupation group.") var occupation: Occupation = .other
        @Option(help: "The unit's code.") var unit: String
        @Option(help: "Member of the unit since, dd/mm/yyyy (default: today).") var from: String?

        func run() async throws {
            try await reportingErrors(global) { language in
                let birthDate = try birth.map { try parseDate($0, "--birth", language) }
                let since = try from.map { try parseDate($0, "--from", language) } ?? LocalDate.todayInVietnam
                let (name, kind, gender, ethnicity, occupation, unit) = (name, kind, gender, ethnicity, occupation, unit)
                let id = try await withProposals(global) { service, _ in
                    try service.nominees.register(kind: kind, name: name, birthDate: birthDate, gender: gender, ethnicity: ethnicity,
                                                  occupation: occupation, unitCode: unit, from: since)
                }
                print(language.text(vi: "đã ghi nhận người được đề nghị số \(id): \(name)", en: "registered nominee \(id): \(name)"))
            }
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "move", abstract: "The nominee moves to another unit from a day; its history follows.",
            discussion: "Example: awards nominee move 1 --unit krong-pac --from 01/07/2025")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The nominee.") var nominee: Int
        @Option(help: "The new unit's code.") var unit: String
        @Option(help: "From, dd/mm/yyyy.") var from: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try parseDate(from, "--from", language)
                let (nominee, unit) = (nominee, unit)
                try await withProposals(global) { service, _ in try service.nominees.move(nominee, toUnit: unit, from: day) }
                print(language.text(vi: "người được đề nghị \(nominee) chuyển về \(unit) từ \(day.vietnamese)", en: "nominee \(nominee) moved to \(unit) from \(day.vietnamese)"))
            }
        }
    }

    struct Rate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rate", abstract: "Record the year's performance rating (xếp loại); a later one corrects it.",
            discussion: "Example: awards nominee rate 1 --year 2026 --rating excellent")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The nominee.") var nominee: Int
        @Option(help: "The year.") var year: Int
        @Option(help: "excellent, good, completed or not_completed.") var rating: PerformanceRating

        func run() async throws {
            try await reportingErrors(global) { language in
                let (nominee, year, rating) = (nominee, year, rating)
                try await withProposals(global) { service, _ in try service.nominees.rate(nominee, year: year, rating) }
                print(language.text(vi: "năm \(year): \(rating.vietnamese)", en: "\(year): \(rating.rawValue)"))
            }
        }
    }

    struct Initiative: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "initiative", abstract: "Record an initiative (sáng kiến) or research recognised, at what scope.",
            discussion: "Example: awards nominee initiative 1 --title \"Số hoá hồ sơ một cửa\" --scope province --by \"Hội đồng sáng kiến tỉnh\" --document 15/QĐ-HĐSK --on 01/06/2025")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The nominee.") var nominee: Int
        @Option(help: "Its title.") var title: String
        @Option(help: "grassroots, province or national.") var scope: InitiativeScope
        @Option(help: "Who recognised it.") var by: String
        @Option(help: "The recognising document's number.") var document: String
        @Option(help: "The day it was recognised, dd/mm/yyyy.") var on: String
        @Flag(help: "A research project rather than an initiative.") var research = false

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try parseDate(on, "--on", language)
                let (nominee, title, scope, by, document, kind) = (nominee, title, scope, by, document, research ? InitiativeKind.research : .initiative)
                let id = try await withProposals(global) { service, _ in
                    try service.nominees.recordInitiative(nominee, kind: kind, title: title, scope: scope, recognisedBy: by, document: document, on: day)
                }
                print(language.text(vi: "đã ghi nhận \(kind.vietnamese) số \(id) (\(scope.vietnamese))", en: "recorded \(kind.rawValue) \(id) (\(scope.rawValue))"))
            }
        }
    }

    struct Block: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "block", abstract: "Record what keeps the nominee from being proposed (discipline, inspection, complaint…).",
            discussion: "Example: awards nominee block 1 --kind discipline_pending --from 01/07/2026 --note \"Thông báo 12/TB-UBND\"")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The nominee.") var nominee: Int
        @Option(help: "discipline_pending, disciplined, inspection, investigation or complaint.") var kind: BlockKind
        @Option(help: "Since, dd/mm/yyyy.") var from: String
        @Option(help: "What it is, with its document.") var note: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try parseDate(from, "--from", language)
                let (nominee, kind, note) = (nominee, kind, note)
                let id = try await withProposals(global) { service, _ in try service.nominees.recordBlock(nominee, kind: kind, from: day, note: note) }
                print(language.text(vi: "đã ghi nhận số \(id): \(kind.vietnamese) từ \(day.vietnamese); kết thúc bằng: awards nominee unblock \(id) --on NGÀY",
                                    en: "recorded \(id): \(kind.rawValue) since \(day.vietnamese); end it with: awards nominee unblock \(id) --on DATE"))
            }
        }
    }

    struct Unblock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unblock", abstract: "End a block on the day it ended.",
            discussion: "Example: awards nominee unblock 1 --on 10/07/2026")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The block.") var block: Int
        @Option(help: "The day it ended, dd/mm/yyyy.") var on: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try parseDate(on, "--on", language)
                let block = block
                try await withProposals(global) { service, _ in try service.nominees.endBlock(block, on: day) }
                print(language.text(vi: "đã kết thúc số \(block) ngày \(day.vietnamese)", en: "block \(block) ended on \(day.vietnamese)"))
            }
        }
    }

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "members", abstract: "Record a collective's number of members in a year.",
            discussion: "Example: awards nominee members 2 --year 2026 --members 14")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The collective.") var nominee: Int
        @Option(help: "The year.") var year: Int
        @Option(help: "How many members.") var members: Int

        func run() async throws {
            try await reportingErrors(global) { language in
                let (nominee, year, members) = (nominee, year, members)
                try await withProposals(global) { service, _ in try service.nominees.recordCollectiveSize(nominee, year: year, members: members) }
                print(language.text(vi: "năm \(year): \(members) thành viên", en: "\(year): \(members) members"))
            }
        }
    }
}

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Tra cứu: a nominee's awards by year with their decisions, ratings, initiatives and blocks.",
        discussion: """
            Example: awards history "Pham Van An"   (diacritics optional; = history show)
                     awards history 12 --format json
                     awards history import lich-su-khen-thuong.xlsx --as linh.hn
            """,
        subcommands: [Show.self, Import.self], defaultSubcommand: Show.self)

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "A nominee's awards by year with their decisions, ratings, initiatives and blocks (the default).",
            discussion: """
                Example: awards history "Pham Van An"     (with or without diacritics)
                         awards history show 12 --format json
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A name (or part of it), or a nominee's number.") var query: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let query = query
                let records = try await withProposals(global) { service, _ -> [NomineeRecord] in
                    let ids = try Int(query).map { [$0] } ?? service.nominees.search(query).map(\.id)
                    return try ids.compactMap { try service.nominees.record($0) }
                }
                if format == .json { print(json(records)); return }
                guard !records.isEmpty else {
                    throw NominationError(vi: "không tìm thấy người được đề nghị \"\(query)\" trong các đơn vị bạn được xem",
                                          en: "no nominee \"\(query)\" in the units you may see")
                }
                for record in records {
                    let n = record.nominee
                    let born = n.birthDate.flatMap(LocalDate.init(parsing:)).map { language.text(vi: ", sinh \($0.vietnamese)", en: ", born \($0.vietnamese)") } ?? ""
                    print("#\(n.id) \(n.fullName)\(born) — \(record.units.map { "\($0.unitName) (\($0.unitCode)) \(language.readable(isoDate: $0.from) ?? "")–\(language.readable(isoDate: $0.to) ?? "")" }.joined(separator: "; "))")
                    var table = TableWriter(["year", "award", "decision", "date", "issuer", "revoked", "source"],
                                            vi: ["năm", "danh hiệu", "quyết định", "ngày", "cấp quyết định", "thu hồi", "nguồn"], in: language)
                    for award in record.awards {
                        table.add([String(award.year), award.awardCode, award.decisionNumber, language.readable(isoDate: award.decisionDate), award.issuer,
                                   award.revoked ? language.text(vi: "đã thu hồi", en: "revoked") : "",
                                   award.source == "decision" ? language.text(vi: "trong hệ thống", en: "decided here") : language.text(vi: "nhập từ bảng", en: "imported")])
                    }
                    print(table.render(.table))
                    for (year, rating) in record.ratings.sorted(by: { $0.key < $1.key }) {
                        print("  " + language.text(vi: "xếp loại \(year): \(PerformanceRating(rawValue: rating)?.vietnamese ?? rating)", en: "rating \(year): \(rating)"))
                    }
                    for initiative in record.initiatives {
                        print("  " + language.text(vi: "sáng kiến: \(initiative.title) (\(InitiativeScope(rawValue: initiative.scope)?.vietnamese ?? initiative.scope), \(initiative.document))",
                                                   en: "initiative: \(initiative.title) (\(initiative.scope), \(initiative.document))"))
                    }
                    for block in record.blocks {
                        print("  " + language.text(vi: "\(BlockKind(rawValue: block.kind)?.vietnamese ?? block.kind) từ \(language.readable(isoDate: block.from) ?? "")\(block.to.map { " đến \(language.readable(isoDate: $0) ?? "")" } ?? ""): \(block.note)",
                                                   en: "\(block.kind) from \(block.from)\(block.to.map { " to \($0)" } ?? ""): \(block.note)"))
                    }
                }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Record past awards (lịch sử khen thưởng) from an .xlsx or .csv sheet: every row, or none.",
            discussion: """
                Example: awards history import lich-su-khen-thuong.xlsx --as linh.hn
                         awards history import lich-su.csv --check   (import nothing)
                One header row, then one award a row. Headers in Vietnamese or English,
                in any order (sample: config/samples/award-history.csv):
                  Cá nhân / Tập thể (kind), Họ và tên / Tên tập thể (name),
                  Ngày sinh (birth date), Giới tính (gender), Đơn vị (unit code),
                  Danh hiệu, hình thức khen thưởng (award code), Năm thành tích (year),
                  Số quyết định (decision number), Ngày quyết định (decision date),
                  Cấp quyết định (issuer), Số quyết định thu hồi (revoked number),
                  Ngày thu hồi (revoked date).
                Birth date, gender and the revocation may be empty; dates are
                dd/mm/yyyy or spreadsheet dates. A nominee not yet registered is
                registered in the row's unit. Every problem is printed as
                FILE:ROW: field: problem, and nothing is imported while there is any.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The sheet: .xlsx (its first sheet) or .csv (UTF-8).") var file: String
        @Flag(help: "Only check: report every problem and import nothing.") var check = false

        func run() async throws {
            try await reportingErrors(global) { language in
                let (url, file, check) = (URL(fileURLWithPath: file), file, check)
                let recorded: Int?
                do {
                    recorded = try await withProposals(global) { service, _ -> Int? in
                        guard check else { return try service.history.importSheet(url, displayName: file) }
                        let problems = try service.history.check(sheet: url)
                        guard problems.isEmpty else { throw HistoryImportProblems(file: file, problems: problems) }
                        return nil
                    }
                } catch let problems as HistoryImportProblems {
                    for line in problems.lines(in: language) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
                    let count = problems.problems.count
                    Terminal.error(language.text(vi: "\(file): \(count) lỗi; chưa nhập dòng nào",
                                                 en: "\(file): \(count) problem\(count == 1 ? "" : "s"); nothing was imported"), in: language)
                    throw ExitCode(1)
                }
                if let recorded {
                    print(language.text(vi: "đã ghi nhận \(recorded) khen thưởng từ \(file); xem bằng: awards history TÊN",
                                        en: "recorded \(recorded) award\(recorded == 1 ? "" : "s") from \(file); see them with: awards history NAME"))
                } else {
                    print(language.text(vi: "\(file): không có lỗi; nhập bằng: awards history import \(file)",
                                        en: "\(file): no problems; import it with: awards history import \(file)"))
                }
            }
        }
    }
}

struct EligibleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eligible", abstract: "Who of a unit qualifies for which award in a year, who nearly does and what is missing, with the article.",
        discussion: """
            Example: awards eligible --unit snnptnt --year 2026
                     awards eligible --unit snnptnt --year 2026 --award CSTD_CAP_TINH --all
            The rules are those in force on --on (default: today), from `eligibility:` in config/awards.yaml.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "The unit's code (the units under it are included).") var unit: String
    @Option(help: "The year of the achievement.") var year: Int
    @Option(help: "Only this award.") var award: String?
    @Option(help: "The day whose rules apply, dd/mm/yyyy (default: today).") var on: String?
    @Flag(help: "Also those missing more than one condition.") var all = false
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() async throws {
        try await reportingErrors(global) { language in
            let day = try on.map { try parseDate($0, "--on", language) } ?? LocalDate.todayInVietnam
            let (unit, year, award, all) = (unit, year, award, all)
            let verdicts = try await withProposals(global) { service, _ in try service.nominees.eligibility(unitCode: unit, year: year, award: award, on: day) }
                .filter { all || $0.failing <= 1 }
            if format == .json { print(json(verdicts)); return }
            var table = TableWriter(["award", "nominee", "unit", "verdict", "why"], vi: ["danh hiệu", "người được đề nghị", "đơn vị", "kết quả", "căn cứ"], in: language)
            for verdict in verdicts {
                let outcome = verdict.qualifies ? language.text(vi: "đủ điều kiện", en: "qualifies")
                    : verdict.failing == 1 ? language.text(vi: "gần đủ (thiếu 1)", en: "nearly (1 missing)")
                    : language.text(vi: "chưa đủ (thiếu \(verdict.failing))", en: "not yet (\(verdict.failing) missing)")
                table.add([verdict.awardCode, "#\(verdict.nomineeID) \(verdict.fullName)", verdict.unitCode, outcome,
                           EligibilityExplanation.lines(verdict, in: language, failedOnly: !verdict.qualifies).joined(separator: "; ")])
            }
            print(table.render(.table))
        }
    }
}
