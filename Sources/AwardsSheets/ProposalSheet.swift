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

/// A proposal sheet as read: the rows that passed every check, and a problem for each thing that did not.
/// The sheet is imported whole or not at all: a caller imports nothing while `problems` is not empty.
public struct ProposalSheet: Hashable, Sendable {
    /// The good rows, in sheet order.
    public let rows: [ProposalLineInput]
    /// In sheet order: the header's problems first, then each row's, column by column.
    public let problems: [SheetProblem]

    public init(rows: [ProposalLineInput], problems: [SheetProblem]) {
        self.rows = rows
        self.problems = problems
    }

    /// True when there is nothing to mend: the sheet may be imported.
    public var isImportable: Bool { problems.isEmpty }
}
