import AwardsCore
import AwardsSheets
import AwardsStore
import Foundation
import Postgres

/// Officers' and managers' use cases on proposals (tờ trình) and decisions (quyết định). The database
/// decides every rule; this service turns its findings about many lines into one report a person can act on.
public struct ProposalService {
    public let store: ProposalStore
    /// The council that votes on the proposals' lines.
    public let councils: CouncilStore
    /// The standing agency's appraisal of the proposals addressed to its province.
    public let appraisals: AppraisalStore
    /// The public posting of the lines whose award needs the people's opinion.
    public let postings: PostingStore
    /// Nominees, their history and eligibility.
    public let nominees: NomineeStore
    /// Sheets of past awards.
    public let history: HistoryImportService
    public let language: Language
    public let catalogue: AwardCatalogue

    public init(session: AwardsSession, catalogue: AwardCatalogue) {
        self.store = ProposalStore(session.connection)
        self.councils = CouncilStore(session.connection)
        self.appraisals = AppraisalStore(session.connection)
        self.postings = PostingStore(session.connection)
        self.nominees = NomineeStore(session.connection)
        self.history = HistoryImportService(connection: session.connection, catalogue: catalogue)
        self.language = session.settings.language
        self.catalogue = catalogue
    }

    /// The sheet's problems and, when it has its columns, the database's about its rows, together.
    private func refuse(_ sheet: ProposalSheet, proposal: Int) throws -> Never {
        throw LineProblems(try problems(of: sheet, proposal: proposal))
    }

    private func problems(of sheet: ProposalSheet, proposal: Int) throws -> [LineProblems.Problem] {
        var problems = sheet.problems.map { problem in
            LineProblems.Problem(row: problem.row ?? 0, vi: problem.message(in: .vi), en: problem.message(in: .en))
        }
        // A sheet without its columns has no rows to ask about.
        if !sheet.problems.contains(where: { $0.row == nil }) {
            problems += try check(proposal: proposal, lines: sheet.rows)
        }
        return problems.sorted { $0.row < $1.row }
    }

    /// Reads the sheet and asks the database about its rows, writing nothing: every problem, the sheet's
    /// own (a missing column, 31/02/2026) and the database's (an unknown unit, an achievement already
    /// rewarded), in row order, and the rows.
    public func check(proposal: Int, sheet url: URL) throws -> [LineProblems.Problem] {
        try problems(of: try ProposalSheetReader(catalogue: catalogue).read(contentsOf: url), proposal: proposal)
    }

    /// All the sheet's rows or none.
    public func importSheet(proposal: Int, sheet url: URL) throws -> LinesAdded {
        let sheet = try ProposalSheetReader(catalogue: catalogue).read(contentsOf: url)
        guard sheet.problems.isEmpty else { try refuse(sheet, proposal: proposal) }
        return try add(proposal: proposal, lines: sheet.rows)
    }

    /// Adds every line or none: when the database finds problems, all of them are reported, a line each.
    /// Lines whose nominee does not (yet) qualify are added, and returned with what is missing.
    @discardableResult
    public func add(proposal: Int, lines: [ProposalLineInput]) throws -> LinesAdded {
        do {
            let count = try store.add(proposal: proposal, lines: lines)
            return LinesAdded(count: count, needingAttention: try store.eligibility(proposal: proposal, last: count).filter(\.needsAttention))
        } catch let error as PostgresError where error.sqlState == "AW003" {
            // The database checked once and named the first problem; now ask it for all of them.
            throw LineProblems(try check(proposal: proposal, lines: lines))
        }
    }

    /// A line that does not qualify, as the officer reads it: the line, the nominee, the award, and
    /// each rule that failed with the facts and the article.
    public func explain(_ line: LineEligibility, in language: Language) -> String {
        let award = catalogue.awards.first { $0.code == line.awardCode }?.name ?? line.awardCode
        let verdict = line.qualifies
            ? language.text(vi: "cần lưu ý", en: "to note")
            : language.text(vi: "chưa đủ điều kiện năm \(line.year)", en: "does not qualify for \(line.year)")
        return language.text(vi: "dòng \(line.line) (\(line.nomineeName)), \(award): \(verdict) — ",
                             en: "line \(line.line) (\(line.nomineeName)), \(award): \(verdict) — ")
            + EligibilityExplanation.failures(line.findings, in: language).joined(separator: "; ")
    }

    /// The problems the database finds, as lines to print; empty when the lines may be added.
    public func check(proposal: Int, lines: [ProposalLineInput]) throws -> [LineProblems.Problem] {
        try store.problems(proposal: proposal, lines: lines).map(Self.describe)
    }

    static func describe(_ problem: ProposalLineProblem) -> LineProblems.Problem {
        // Named as the sheet's header names the column, the code beside it in English, as the sheet reader does.
        let column = ProposalColumn(rawValue: problem.field)?.vietnamese ?? problem.field
        let detail = problem.detail.map { value -> (vi: String, en: String) in
            switch problem.problem {
            case "nominee listed twice for the award": ("trùng với dòng \(value)", "the same as row \(value)")
            case "nominee already in the proposal for the award": ("dòng \(value) của tờ trình", "line \(value) of the proposal")
            case "achievement already rewarded": ("Quyết định số \(value)", "decision \(value)")
            case "achievement already proposed": ("tờ trình số \(value)", "proposal \(value)")
            default: (value, value)
            }
        }
        let reason = DatabaseMessages.lineProblemWords[problem.problem] ?? problem.problem
        return LineProblems.Problem(
            row: problem.row,
            vi: "Dòng \(problem.row), cột “\(column)”: \(reason)" + (detail.map { " (\($0.vi))" } ?? ""),
            en: "Row \(problem.row), column “\(column)” (\(problem.field)): \(problem.problem)" + (detail.map { " (\($0.en))" } ?? ""))
    }
}

/// Lines added to a proposal, and those of them a rule found wanting.
public struct LinesAdded: Sendable, Equatable {
    public let count: Int
    public let needingAttention: [LineEligibility]
}

/// Every problem found with the lines of a proposal, one a line; nothing was written.
public struct LineProblems: Error, CustomStringConvertible, LocalizedError, BilingualError {
    public struct Problem: Sendable, Equatable {
        public let row: Int
        public let vi: String
        public let en: String
        public init(row: Int, vi: String, en: String) {
            self.row = row
            self.vi = vi
            self.en = en
        }
    }

    public let problems: [Problem]
    public init(_ problems: [Problem]) { self.problems = problems }

    public func message(in language: Language) -> String {
        let count = problems.count
        let head = language.text(vi: "danh sách có \(count) lỗi; chưa thêm dòng nào:", en: "the list has \(count) problem\(count == 1 ? "" : "s"); nothing was added:")
        return ([head] + problems.map { "  " + language.text(vi: $0.vi, en: $0.en) }).joined(separator: "\n")
    }

    public var description: String { message(in: .en) }
    public var errorDescription: String? { description }
}
