import AwardsCore
import Foundation

/// The two kinds of file a proposal sheet comes in.
public enum SheetFormat: String, CaseIterable, Hashable, Sendable {
    case xlsx, csv

    /// From a file name's extension, ignoring case; nil for any other.
    public init?(fileExtension: String) {
        self.init(rawValue: fileExtension.lowercased())
    }
}

/// One nominee of a proposal sheet, as checked: every value is one the engine accepts, except that the
/// unit's existence is the database's to check.
public struct ProposalSheetRow: Hashable, Sendable {
    /// As the spreadsheet shows it: the header is row 1 (when it is the sheet's first row).
    public let rowNumber: Int
    /// NFC, white space trimmed and folded.
    public let name: String
    public let kind: NomineeKind
    /// Individuals only.
    public let birthDate: LocalDate?
    /// Individuals only.
    public let gender: Gender?
    public let occupation: Occupation
    /// Lower case, as unit codes are.
    public let unitCode: String
    /// The catalogue's code (`LAO_DONG_TIEN_TIEN`), whatever the sheet wrote.
    public let awardCode: String
    public let periodFrom: LocalDate
    public let periodTo: LocalDate
    public let note: String?

    public init(rowNumber: Int, name: String, kind: NomineeKind, birthDate: LocalDate? = nil, gender: Gender? = nil,
                occupation: Occupation, unitCode: String, awardCode: String, periodFrom: LocalDate, periodTo: LocalDate,
                note: String? = nil) {
        self.rowNumber = rowNumber
        self.name = name
        self.kind = kind
        self.birthDate = birthDate
        self.gender = gender
        self.occupation = occupation
        self.unitCode = unitCode
        self.awardCode = awardCode
        self.periodFrom = periodFrom
        self.periodTo = periodTo
        self.note = note
    }
}

/// A proposal sheet as read: the rows that passed every check, and a problem for each thing that did not.
/// The sheet is imported whole or not at all: a caller imports nothing while `problems` is not empty.
public struct ProposalSheet: Hashable, Sendable {
    /// The good rows, in sheet order.
    public let rows: [ProposalSheetRow]
    /// In sheet order: the header's problems first, then each row's, column by column.
    public let problems: [SheetProblem]

    public init(rows: [ProposalSheetRow], problems: [SheetProblem]) {
        self.rows = rows
        self.problems = problems
    }

    /// True when there is nothing to mend: the sheet may be imported.
    public var isImportable: Bool { problems.isEmpty }
}
