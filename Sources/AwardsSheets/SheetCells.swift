import AwardsCore
import Foundation

/// A cell as a reader found it, before it means anything.
enum SheetCell: Sendable {
    case empty
    case text(String)
    /// An .xlsx numeric cell: a spreadsheet date in a date column, its written digits elsewhere.
    case number(Double, raw: String)
    case boolean(Bool)
}

/// Which day a spreadsheet's date number 0 is (Excel's two date systems).
enum SpreadsheetDateSystem: Sendable {
    /// Windows Excel, LibreOffice, openpyxl: serial 1 is 01/01/1900, and 60 the 29/02/1900 that Lotus 1-2-3
    /// invented, so from 01/03/1900 on serial n is n days after 30/12/1899.
    case from1900
    /// Old Mac Excel (`<workbookPr date1904="1"/>`): serial 0 is 01/01/1904.
    case from1904

    private static let dec30of1899 = LocalDate(year: 1899, month: 12, day: 30)!.daysSinceEpoch
    private static let jan1of1904 = LocalDate(year: 1904, month: 1, day: 1)!.daysSinceEpoch

    /// The day of a date number (a time of day, the fraction, is dropped); nil outside 1900–9999.
    func date(serial: Double) -> LocalDate? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        let whole = Int(serial.rounded(.down))
        let days: Int
        switch self {
        case .from1900:
            guard whole >= 1, whole != 60 else { return nil }  // 0 is “00/01/1900”, 60 the day that never was
            days = Self.dec30of1899 + whole + (whole < 60 ? 1 : 0)
        case .from1904:
            days = Self.jan1of1904 + whole
        }
        let date = LocalDate(daysSinceEpoch: days)
        return date.year <= 9999 ? date : nil
    }
}

/// What a reader hands each row to as it parses: the checker of one kind of sheet. Readers know cells,
/// not columns; one reader of each format serves every kind of sheet.
protocol SheetRowSink {
    /// Takes the next row (`number` as the spreadsheet shows it); false when reading should stop.
    mutating func take(row number: Int, cells: [SheetCell]) -> Bool
}

/// Reading cells as values, the same way in every kind of sheet.
enum SheetValues {
    /// The schema's `awards.code` domain: `^[a-z0-9][a-z0-9_.-]{0,62}$`.
    static func isUnitCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        func allowed(_ byte: UInt8, first: Bool) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            case UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"): !first
            default: false
            }
        }
        return bytes.enumerated().allSatisfy { allowed($0.element, first: $0.offset == 0) }
    }

    /// What a text column reads from a cell: numbers as they were written, booleans as Excel shows them.
    static func text(of cell: SheetCell) -> String? {
        switch cell {
        case .empty: nil
        case .text(let text): text
        case .number(_, let raw): raw
        case .boolean(let value): value ? "TRUE" : "FALSE"
        }
    }

    enum DateReading {
        case empty
        case date(LocalDate)
        case problem(SheetProblemReason)
    }

    static func date(_ cell: SheetCell, system: SpreadsheetDateSystem) -> DateReading {
        switch cell {
        case .empty:
            return .empty
        case .boolean(let value):
            return .problem(.notADate(value ? "TRUE" : "FALSE"))
        case .number(let serial, let raw):
            return system.date(serial: serial).map(DateReading.date) ?? .problem(.notADate(raw))
        case .text(let written):
            let text = TextFolding.trimmedNFC(written)
            if text.isEmpty { return .empty }
            return parseDate(text)
        }
    }

    /// `dd/mm/yyyy` (one-digit days and months too, `-` or `.` between them), or ISO `yyyy-mm-dd` with an
    /// optional time after it (strict OOXML's date cells).
    static func parseDate(_ text: String) -> DateReading {
        var text = Substring(text)
        if let t = text.firstIndex(of: "T"), text.distance(from: text.startIndex, to: t) == 10 { text = text[..<t] }
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) else { return .problem(.notADate(String(text))) }
        let (year, month, day): (Int, Int, Int)
        if parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2 {
            (year, month, day) = (a, b, c)
        } else if parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 4 {
            (year, month, day) = (c, b, a)
        } else {
            return .problem(.notADate(String(text)))
        }
        guard let date = LocalDate(year: year, month: month, day: day) else { return .problem(.notARealDate(String(text))) }
        return .date(date)
    }

    /// `C7` for column index 2 of row 7.
    static func reference(column index: Int, row: Int) -> String {
        columnLetters(index) + String(row)
    }

    static func columnLetters(_ index: Int) -> String {
        var letters = "", n = index + 1
        while n > 0 {
            let remainder = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    static func isBlank(_ cell: SheetCell) -> Bool {
        switch cell {
        case .empty: true
        case .text(let text): text.allSatisfy(\.isWhitespace)
        case .number, .boolean: false
        }
    }

    /// The same closed set read from its Vietnamese labels (folded) and its codes.
    static func lookup<T>(_ values: some Sequence<T>, vietnamese: (T) -> String, code: (T) -> String) -> [String: T] {
        var map: [String: T] = [:]
        for value in values {
            map[TextFolding.fold(vietnamese(value))] = value
            map[code(value)] = value
        }
        return map
    }

    static let kinds = lookup(NomineeKind.allCases, vietnamese: \.vietnamese, code: \.rawValue)
    static let genders = lookup(Gender.allCases, vietnamese: \.vietnamese, code: \.rawValue)
}

/// The header row of a sheet whose columns are `Column`: which column each recognised header is.
struct SheetHeader<Column: SheetColumn> {
    private let columnsByHeader: [String: Column]

    init() {
        var map: [String: Column] = [:]
        for column in Column.allCases {
            for header in column.foldedHeaders { map[header] = column }
        }
        columnsByHeader = map
    }

    /// The column index of each recognised header, and the header's problems: a column named twice, a
    /// required column missing.
    func read(row: Int, cells: [SheetCell]) -> (columns: [Column: Int], problems: [SheetProblemOf<Column>]) {
        var found: [Column: Int] = [:]
        var problems: [SheetProblemOf<Column>] = []
        for (index, cell) in cells.enumerated() {
            guard let header = SheetValues.text(of: cell), let column = columnsByHeader[TextFolding.foldHeader(header)] else { continue }
            if let first = found[column] {
                problems.append(SheetProblemOf(row: row, column: column, cell: SheetValues.reference(column: index, row: row),
                                               reason: .repeatedColumn(firstCell: SheetValues.reference(column: first, row: row))))
            } else {
                found[column] = index
            }
        }
        for column in Column.allCases where column.isRequired && found[column] == nil {
            problems.append(SheetProblemOf(row: nil, column: column, reason: .missingColumn))
        }
        return (found, problems)
    }
}

/// One row of data, its cells found by column, and the problems met reading them.
struct SheetRow<Column: SheetColumn> {
    let number: Int
    let cells: [SheetCell]
    let columns: [Column: Int]
    let dateSystem: SpreadsheetDateSystem
    private(set) var problems: [SheetProblemOf<Column>] = []

    init(number: Int, cells: [SheetCell], columns: [Column: Int], dateSystem: SpreadsheetDateSystem) {
        self.number = number
        self.cells = cells
        self.columns = columns
        self.dateSystem = dateSystem
    }

    func cell(_ column: Column) -> SheetCell {
        guard let index = columns[column], index < cells.count else { return .empty }
        return cells[index]
    }

    mutating func report(_ column: Column, _ reason: SheetProblemReason) {
        let cellName = columns[column].map { SheetValues.reference(column: $0, row: number) }
        problems.append(SheetProblemOf(row: number, column: column, cell: cellName, reason: reason))
    }

    /// The cell's text, canonical; nil when empty (reported when the column is required).
    mutating func text(_ column: Column) -> String? {
        let value = SheetValues.text(of: cell(column)).map(TextFolding.canonical)
        guard let value, !value.isEmpty else {
            if column.isRequired { report(column, .required) }
            return nil
        }
        return value
    }

    /// The text, at most `limit` characters (reported and nil when longer).
    mutating func text(_ column: Column, atMost limit: Int) -> String? {
        guard let value = text(column) else { return nil }
        let length = value.unicodeScalars.count
        guard length <= limit else {
            report(column, .tooLong(characters: length, atMost: limit))
            return nil
        }
        return value
    }

    mutating func date(_ column: Column) -> LocalDate? {
        switch SheetValues.date(cell(column), system: dateSystem) {
        case .empty:
            if column.isRequired { report(column, .required) }
            return nil
        case .date(let date):
            return date
        case .problem(let reason):
            report(column, reason)
            return nil
        }
    }

    /// A value of a closed set, by its label or code; `reason` names a value that is none of them.
    mutating func choice<T>(_ column: Column, in values: [String: T], else reason: (String) -> SheetProblemReason) -> T? {
        guard let value = text(column) else { return nil }
        guard let found = values[TextFolding.fold(value)] else {
            report(column, reason(value))
            return nil
        }
        return found
    }
}
