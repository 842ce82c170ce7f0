import ArgumentParser
import AwardsCore
import AwardsEngine
import AwardsStore
import Foundation

extension ObjectionFinding: ExpressibleByArgument {}

extension Language {
    func finding(_ code: String?) -> String? {
        guard self == .vi, let code else { return code }
        return code == "upheld" ? "có cơ sở" : "không có cơ sở"
    }
}

struct PostingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posting", abstract: "Lấy ý kiến Nhân dân: post the lines proposed for a Huân chương or Chiến sĩ thi đua toàn quốc, record objections.",
        discussion: """
            Example: a public posting, step by step (people of the standing agency)
              awards posting new 3 --place "https://sonoivu.daklak.gov.vn" --on 02/11/2026 --as truong.ban
              awards posting objection 1 2 --from "Nguyễn Văn A, thôn 3, xã Ea Tu" --summary "Chưa hoàn thành nhiệm vụ năm 2025" --received 05/11/2026 --as truong.ban
              awards posting find 1 unfounded --reason "Đã xác minh: hoàn thành xuất sắc nhiệm vụ năm 2025" --as truong.ban
              awards posting close 1 --as truong.ban
            The list stays up for the working days the catalogue gives its awards (10 from 2024).
            The council counts a line only if its posting ended and was closed before the meeting day.
            The appraisal cannot find a line eligible while an objection to it was upheld.
            """,
        subcommands: [New.self, Objection.self, Find.self, Close.self, List.self, Show.self])

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "new", abstract: "Record that the proposal's lines needing it were posted publicly, where and from which day.",
            discussion: """
                Example: awards posting new 3 --place "https://sonoivu.daklak.gov.vn" --on 02/11/2026 --as truong.ban
                Without --on: today. Only the lines whose award needs a posting on that day are posted.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The proposal's id.") var proposal: Int
        @Option(help: "Where the list is up: the portal's address or the newspaper.") var place: String
        @Option(help: "The day it went up, dd/mm/yyyy (default: today).") var on: String?

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try on.map { try parseDate($0, "--on", language) } ?? LocalDate.todayInVietnam
                let (proposal, place) = (proposal, place)
                let (id, endsOn) = try await withProposals(global) { service, _ in try service.postings.post(proposal: proposal, place: place, on: day) }
                print(language.text(vi: "đã công khai tờ trình \(proposal) để lấy ý kiến Nhân dân (đợt \(id)) từ \(day.vietnamese) đến hết \(endsOn.vietnamese)",
                                    en: "proposal \(proposal) posted publicly (posting \(id)) from \(day.vietnamese) until the end of \(endsOn.vietnamese)"))
            }
        }
    }

    struct Objection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "objection", abstract: "Record an objection received about one posted line while the list was up.",
            discussion: """
                Example: awards posting objection 1 2 --from "Nguyễn Văn A, thôn 3, xã Ea Tu" --summary "Chưa hoàn thành nhiệm vụ năm 2025" --received 05/11/2026 --as truong.ban
                Without --received: today.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The posting.") var posting: Int
        @Argument(help: "The line's number in the proposal.") var line: Int
        @Option(help: "Who sent it, as the letter signs it.") var from: String
        @Option(help: "What it says.") var summary: String
        @Option(help: "The day it was received, dd/mm/yyyy (default: today).") var received: String?

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try received.map { try parseDate($0, "--received", language) } ?? LocalDate.todayInVietnam
                let (posting, line, from, summary) = (posting, line, from, summary)
                let id = try await withProposals(global) { service, _ in
                    try service.postings.object(posting: posting, line: line, sender: from, summary: summary, receivedOn: day)
                }
                print(language.text(vi: "đã ghi nhận ý kiến phản ánh số \(id) về dòng \(line); kết luận: awards posting find \(id) upheld|unfounded --reason LÝ_DO",
                                    en: "recorded objection \(id) to line \(line); find on it with: awards posting find \(id) upheld|unfounded --reason TEXT"))
            }
        }
    }

    struct Find: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "find", abstract: "Record what looking into an objection found: upheld or unfounded, with the reason.",
            discussion: "Example: awards posting find 1 unfounded --reason \"Đã xác minh: hoàn thành xuất sắc nhiệm vụ năm 2025\" --as truong.ban")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The objection.") var objection: Int
        @Argument(help: "upheld or unfounded.") var finding: ObjectionFinding
        @Option(help: "Why.") var reason: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let (objection, finding, reason) = (objection, finding, reason)
                try await withProposals(global) { service, _ in try service.postings.find(objection: objection, finding, reason: reason) }
                print(language.text(vi: "ý kiến phản ánh \(objection): \(language.finding(finding.rawValue) ?? finding.rawValue)",
                                    en: "objection \(objection): \(finding.rawValue)"))
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "close", abstract: "Close the posting after its last day, every objection found on.",
            discussion: "Example: awards posting close 1 --as truong.ban")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The posting.") var posting: Int

        func run() async throws {
            try await reportingErrors(global) { language in
                let posting = posting
                try await withProposals(global) { service, _ in try service.postings.close(posting) }
                print(language.text(vi: "đã kết thúc đợt công khai \(posting)", en: "closed posting \(posting)"))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the public postings you may see.",
            discussion: "Example: awards posting list --proposal 3")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this proposal's.") var proposal: Int?
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let proposal = proposal
                let rows = try await withProposals(global) { service, _ in try service.postings.list(proposal: proposal) }
                if format == .json { print(json(rows)); return }
                let shown = format == .table ? language : .en
                var table = TableWriter(["id", "proposal", "from", "until", "lines", "objections", "closed by"],
                                        vi: ["đợt", "tờ trình", "từ ngày", "đến ngày", "số dòng", "ý kiến", "người kết thúc"], in: language)
                for row in rows {
                    table.add([String(row.id), row.proposalNumber ?? "#\(row.proposalID)", shown.readable(isoDate: row.postedOn),
                               shown.readable(isoDate: row.endsOn), String(row.lineCount), String(row.objectionCount), row.closedBy])
                }
                print(table.render(format))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a posting: its lines and the objections with their findings.",
            discussion: "Example: awards posting show 1")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The posting.") var posting: Int
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let posting = posting
                let shown = try await withProposals(global) { service, _ -> (PostingSummary, [PostedLine], [PostingObjection])? in
                    guard let summary = try service.postings.posting(posting) else { return nil }
                    return (summary, try service.postings.lines(posting), try service.postings.objections(posting))
                }
                guard let (summary, lines, objections) = shown else {
                    throw NominationError(vi: "không tìm thấy đợt công khai \(posting); xem: awards posting list",
                                          en: "public posting \(posting) not found; list them with: awards posting list")
                }
                if format == .json {
                    struct Shown: Encodable { let posting: PostingSummary; let lines: [PostedLine]; let objections: [PostingObjection] }
                    print(json(Shown(posting: summary, lines: lines, objections: objections)))
                    return
                }
                let say: (String, String) -> String = language.text
                print(say("Đợt công khai \(summary.id) — tờ trình \(summary.proposalNumber ?? "#\(summary.proposalID)"), đăng tại \(summary.place)",
                          "posting \(summary.id) — proposal \(summary.proposalNumber ?? "#\(summary.proposalID)"), posted at \(summary.place)"))
                print(say("từ \(language.readable(isoDate: summary.postedOn) ?? "") đến hết \(language.readable(isoDate: summary.endsOn) ?? "") (\(summary.workingDays) ngày làm việc, \(summary.rule)); "
                          + (summary.closedBy.map { "đã kết thúc (\($0))" } ?? "đang công khai"),
                          "from \(summary.postedOn) until the end of \(summary.endsOn) (\(summary.workingDays) working days, \(summary.rule)); "
                          + (summary.closedBy.map { "closed by \($0)" } ?? "open")))
                var table = TableWriter(["line", "nominee", "award"], vi: ["dòng", "người được đề nghị", "danh hiệu"], in: language)
                for line in lines { table.add([String(line.lineNo), line.nomineeName, line.awardCode]) }
                print(table.render(.table))
                if !objections.isEmpty {
                    var table = TableWriter(["objection", "line", "from", "received", "says", "finding", "reason"],
                                            vi: ["ý kiến", "dòng", "người gửi", "ngày nhận", "nội dung", "kết luận", "lý do"], in: language)
                    for objection in objections {
                        table.add([String(objection.id), String(objection.lineNo), objection.sender, language.readable(isoDate: objection.receivedOn),
                                   objection.summary, language.finding(objection.finding), objection.reason])
                    }
                    print(table.render(.table))
                }
            }
        }
    }
}
