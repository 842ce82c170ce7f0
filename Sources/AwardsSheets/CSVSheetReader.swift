import AwardsCore
import CSV
import Foundation

/// Reads a .csv sheet (of any kind: the rows go to a `SheetRowSink`) with yaslab/CSV.swift, which parses RFC 4180 (quoted fields with commas,
/// doubled quotes and line breaks in them), skips a UTF-8 byte-order mark and stops on a byte that is not
/// UTF-8. Records are handed to the checker one at a time; record n is row n, as a spreadsheet opening the
/// file numbers it (a line break inside quotes does not start a row).
///
/// The file's bytes are read first and parsed from memory (`InputStream(data:)`): on Linux a file's
/// `InputStream` keeps `hasBytesAvailable` true up to the read that returns 0, and CSV.swift 2.5.2 takes
/// that read for a failure (`CSVError.cannotReadFile`) at the end of every file. A sheet of 10,000 rows
/// is about 1.5 MB.
///
/// Comma-separated, as asked; but Excel in a locale whose decimal mark is a comma (Vietnamese among
/// them) saves “CSV” with semicolons, so the header line decides: semicolons outside quotes outnumbering
/// commas there make `;` the separator.
enum CSVSheetReader {
    /// Hands every record to the sink `makeSink` makes, and returns it once the file is read.
    static func read<Sink: SheetRowSink>(data: Data, displayName: String,
                                         makeSink: (SpreadsheetDateSystem) -> Sink) throws(SheetFileError) -> Sink {
        let delimiter = data.withUnsafeBytes { separator(ofFirstLine: $0.prefix(65_536)) }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: InputStream(data: data), codecType: UTF8.self, delimiter: delimiter)
        } catch {
            throw SheetFileError.cannotOpen(displayName, String(describing: error))
        }
        var checker = makeSink(.from1900)
        var number = 0
        var cells: [SheetCell] = []
        while let record = reader.next() {
            number += 1
            cells.removeAll(keepingCapacity: true)
            for field in record { cells.append(field.isEmpty ? .empty : .text(field)) }
            if !checker.take(row: number, cells: cells) { break }
        }
        if let error = reader.error {
            if case CSVError.unicodeDecoding = error { throw SheetFileError.notUTF8(displayName) }
            throw SheetFileError.cannotOpen(displayName, String(describing: error))
        }
        return checker
    }

    /// `;` when the first record has more semicolons than commas outside quotes, `,` otherwise.
    static func separator(ofFirstLine bytes: some Sequence<UInt8>) -> UnicodeScalar {
        var commas = 0, semicolons = 0, quoted = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): quoted.toggle()
            case UInt8(ascii: ","): if !quoted { commas += 1 }
            case UInt8(ascii: ";"): if !quoted { semicolons += 1 }
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): if !quoted { return semicolons > commas ? ";" : "," }
            default: break
            }
        }
        return semicolons > commas ? ";" : ","
    }
}
