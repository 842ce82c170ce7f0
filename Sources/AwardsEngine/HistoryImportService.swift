import AwardsCore
import AwardsSheets
import AwardsStore
import Foundation
import Postgres

/// One problem of a sheet of past awards, located as a compiler locates one: `FILE:ROW: field: problem`.
public struct HistoryImportProblem: Sendable, Equatable {
    /// As the spreadsheet shows it; nil for the whole sheet (a missing column).
    public let row: Int?
    /// The column, by its code (`decision_number`); nil when none is concerned.
    public let field: String?
    public let vi: String
    public let en: String

    public init(row: Int?, field: String?, vi: String, en: String) {
        self.row = row
        self.field = field
        self.vi = vi
        self.en = en
    }

    /// `FILE:ROW: field: problem`, the field named as the sheet's Vietnamese header in Vietnamese and by
    /// its code in English.
    public func line(file: String, in language: Language) -> String {
        let place = file + (row.map { ":\($0)" } ?? "")
        let column = field.map { code in language == .vi ? HistoryColumn(rawValue: code)?.vietnamese ?? code : code }
        return [place, column, language.text(vi: vi, en: en)].compactMap { $0 }.joined(separator: ": ")
    }
}

/// Every problem found in a sheet of past awards; nothing was imported.
public struct HistoryImportProblems: Error, CustomStringConvertible, BilingualError {
    public let file: String
    public let problems: [HistoryImportProblem]

    public init(file: String, problems: [HistoryImportProblem]) {
        self.file = file
        self.problems = problems
    }

    /// One line a problem.
    public func lines(in language: Language) -> [String] { problems.map { $0.line(file: file, in: language) } }

    /// The lines, then what happened.
    public func message(in language: Language) -> String {
        let count = problems.count
        return (lines(in: language) + [language.text(vi: "\(file): \(count) lỗi; chưa nhập dòng nào",
                                                     en: "\(file): \(count) problem\(count == 1 ? "" : "s"); nothing was imported")])
            .joined(separator: "\n")
    }

    public var description: String { message(in: .en) }
}

/// Importing a sheet of past awards (lịch sử khen thưởng): read with the proposal sheets' readers, every
/// problem found first — the sheet's own and the database's (awards.award_history_problems) — and then
/// every row in one transaction, or none.
public struct HistoryImportService {
    let connection: Connection
    public let catalogue: AwardCatalogue

    public init(connection: Connection, catalogue: AwardCatalogue) {
        self.connection = connection
        self.catalogue = catalogue
    }

    /// Reads the sheet and asks the database about its rows, writing nothing: every problem in row order.
    public func check(sheet url: URL) throws -> [HistoryImportProblem] {
        let sheet = try AwardHistorySheetReader(catalogue: catalogue).read(contentsOf: url)
        return try problems(of: sheet, store: NomineeStore(connection))
    }

    /// Imports every row or none; returns how many awards were recorded. Throws `HistoryImportProblems`
    /// with every problem when there is any.
    public func importSheet(_ url: URL, displayName: String? = nil) throws -> Int {
        let sheet = try AwardHistorySheetReader(catalogue: catalogue).read(contentsOf: url)
        let file = displayName ?? url.path
        // The check and the writing in one transaction: what was checked is what is written.
        return try connection.transaction { connection in
            let store = NomineeStore(connection)
            let problems = try problems(of: sheet, store: store)
            guard problems.isEmpty else { throw HistoryImportProblems(file: file, problems: problems) }
            return try store.importHistory(sheet.rows)
        }
    }

    private func problems(of sheet: AwardHistorySheet, store: NomineeStore) throws -> [HistoryImportProblem] {
        var problems = sheet.problems.map { problem in
            HistoryImportProblem(row: problem.row, field: problem.column?.code,
                                 vi: problem.reasonMessage(in: .vi), en: problem.reasonMessage(in: .en))
        }
        // Without its columns no row was read; a row the sheet found wrong is not asked about.
        if sheet.hasItsColumns, !sheet.rows.isEmpty {
            problems += try store.problems(sheet.rows).map(Self.describe)
        }
        // Stable: within a row, the sheet's problems first, then the database's by field.
        return problems.enumerated().sorted { ($0.element.row ?? 0, $0.offset) < ($1.element.row ?? 0, $1.offset) }.map(\.element)
    }

    static func describe(_ problem: HistoryRowProblem) -> HistoryImportProblem {
        HistoryImportProblem(row: problem.row, field: problem.field,
                             vi: DatabaseMessages.translate(historyProblem: problem.problem) ?? problem.problem, en: problem.problem)
    }
}
