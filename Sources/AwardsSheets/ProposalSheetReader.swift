import AwardsCore
import Foundation

/// Reads a proposal sheet (.xlsx or .csv; the columns are described at `ProposalColumn`) and checks every
/// row against the award catalogue.
///
/// Two kinds of failure, kept apart: a file that cannot be read at all throws `SheetFileError`; a file
/// that reads but holds mistakes returns them as `ProposalSheet.problems`, each with its row, column and
/// reason, so the officer can mend them all in one go. A header lacking a required column is reported,
/// one problem a column, before any row is read. Empty rows are skipped wherever they are.
///
/// Rows are checked as the file is parsed: 10,000 rows are one pass.
public struct ProposalSheetReader: Sendable {
    public let catalogue: AwardCatalogue

    public init(catalogue: AwardCatalogue) {
        self.catalogue = catalogue
    }

    /// `format` defaults to the one the file's extension names.
    public func read(contentsOf url: URL, format: SheetFormat? = nil) throws(SheetFileError) -> ProposalSheet {
        try SheetFile.read(contentsOf: url, format: format) { ProposalRowChecker(catalogue: catalogue, dateSystem: $0) }.sheet
    }

    /// A sheet already in memory (an upload, say); `displayName` names it in errors.
    public func read(data: Data, format: SheetFormat, displayName: String = "the sheet") throws(SheetFileError) -> ProposalSheet {
        try SheetFile.read(data: data, format: format, displayName: displayName) { ProposalRowChecker(catalogue: catalogue, dateSystem: $0) }.sheet
    }
}

/// The one way every kind of sheet is read from a file or from memory: the format from the extension, the
/// file checked, then the .xlsx or the .csv reader handing each row to the sink the kind of sheet makes.
enum SheetFile {
    static func read<Sink: SheetRowSink>(contentsOf url: URL, format: SheetFormat?,
                                         makeSink: (SpreadsheetDateSystem) -> Sink) throws(SheetFileError) -> Sink {
        guard let format = format ?? SheetFormat(fileExtension: url.pathExtension) else { throw .unknownFormat(url.path) }
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw .cannotOpen(url.path, FileManager.default.fileExists(atPath: url.path) ? "not readable" : "no such file")
        }
        switch format {
        case .xlsx:
            return try XLSXReader(url: url).read(makeSink: makeSink)
        case .csv:
            let data: Data
            do {
                data = try Data(contentsOf: url, options: .mappedIfSafe)
            } catch {
                throw .cannotOpen(url.path, error.localizedDescription)
            }
            return try CSVSheetReader.read(data: data, displayName: url.path, makeSink: makeSink)
        }
    }

    static func read<Sink: SheetRowSink>(data: Data, format: SheetFormat, displayName: String,
                                         makeSink: (SpreadsheetDateSystem) -> Sink) throws(SheetFileError) -> Sink {
        switch format {
        case .xlsx:
            return try XLSXReader(data: data, displayName: displayName).read(makeSink: makeSink)
        case .csv:
            return try CSVSheetReader.read(data: data, displayName: displayName, makeSink: makeSink)
        }
    }
}
