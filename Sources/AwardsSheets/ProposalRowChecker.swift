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

/// Turns a sheet's rows, as they are read, into checked nominees and problems. It keeps nothing per row
/// but the good rows: linear in the number of rows. Whether a nominee is listed twice, or already
/// rewarded, is the database's to say (awards.proposal_line_problems), as one rule for every way in.
struct ProposalRowChecker {
    private let awardsByCode: [String: Award]
    private let awardsByName: [String: Award]
    private let dateSystem: SpreadsheetDateSystem

    /// The column index of each recognised column, once the header was read.
    private var columnIndex: [ProposalColumn: Int]?
    private(set) var rows: [ProposalLineInput] = []
    private(set) var problems: [SheetProblem] = []
    init(catalogue: AwardCatalogue, dateSystem: SpreadsheetDateSystem) {
        var byCode: [String: Award] = [:], byName: [String: Award] = [:]
        for award in catalogue.awards {
            byCode[award.code.uppercased()] = award
            byName[TextFolding.fold(award.name)] = award
        }
        awardsByCode = byCode
        awardsByName = byName
        self.dateSystem = dateSystem
    }

    var sheet: ProposalSheet {
        var problems = problems
        if columnIndex == nil, problems.isEmpty {
            problems.append(SheetProblem(row: nil, column: nil, reason: .noHeaderRow))
        }
        return ProposalSheet(rows: rows, problems: problems)
    }

    /// Takes the next row (`number` as the spreadsheet shows it); false when reading should stop, because
    /// the header lacks a required column.
    mutating func take(row number: Int, cells: [SheetCell]) -> Bool {
        guard cells.contains(where: { !Self.isBlank($0) }) else { return true }  // empty rows, trailing or not
        guard let columnIndex else { return readHeader(row: number, cells: cells) }
        check(row: number, cells: cells, columns: columnIndex)
        return true
    }

    private static func isBlank(_ cell: SheetCell) -> Bool {
        switch cell {
        case .empty: true
        case .text(let text): text.allSatisfy(\.isWhitespace)
        case .number, .boolean: false
        }
    }

    // MARK: The header

    private static let columnsByHeader: [String: ProposalColumn] = {
        var map: [String: ProposalColumn] = [:]
        for column in ProposalColumn.allCases {
            for header in column.foldedHeaders { map[header] = column }
        }
        return map
    }()

    private mutating func readHeader(row: Int, cells: [SheetCell]) -> Bool {
        var found: [ProposalColumn: Int] = [:]
        for (index, cell) in cells.enumerated() {
            guard let header = Self.text(of: cell), let column = Self.columnsByHeader[TextFolding.foldHeader(header)] else { continue }
            if let first = found[column] {
                problems.append(SheetProblem(row: row, column: column, cell: Self.reference(column: index, row: row),
                                             reason: .repeatedColumn(firstCell: Self.reference(column: first, row: row))))
            } else {
                found[column] = index
            }
        }
        for column in ProposalColumn.allCases where column.isRequired && found[column] == nil {
            problems.append(SheetProblem(row: nil, column: column, reason: .missingColumn))
        }
        columnIndex = found
        return problems.isEmpty
    }

    // MARK: A nominee's row

    private mutating func check(row number: Int, cells: [SheetCell], columns: [ProposalColumn: Int]) {
        let problemsBefore = problems.count
        func cell(_ column: ProposalColumn) -> SheetCell {
            guard let index = columns[column], index < cells.count else { return .empty }
            return cells[index]
        }
        func report(_ column: ProposalColumn, _ reason: SheetProblem.Reason) {
            let cellName = columns[column].map { Self.reference(column: $0, row: number) }
            problems.append(SheetProblem(row: number, column: column, cell: cellName, reason: reason))
        }
        /// The cell's text, canonical; nil when empty (reported when the column is required).
        func text(_ column: ProposalColumn) -> String? {
            let value = Self.text(of: cell(column)).map(TextFolding.canonical)
            guard let value, !value.isEmpty else {
                if column.isRequired { report(column, .required) }
                return nil
            }
            return value
        }
        func date(_ column: ProposalColumn) -> LocalDate? {
            switch Self.date(cell(column), system: dateSystem) {
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

        var name = text(.name)
        if let value = name {
            let length = value.unicodeScalars.count
            if length > 300 {
                report(.name, .nameTooLong(characters: length))
                name = nil
            }
        }
        var kind: NomineeKind?
        if let value = text(.kind) {
            kind = Self.kinds[TextFolding.fold(value)]
            if kind == nil { report(.kind, .notAKind(value)) }
        }
        let birthDate = date(.birthDate)
        if birthDate != nil, kind == .collective { report(.birthDate, .onlyForIndividuals) }
        var gender: Gender?
        if let value = text(.gender) {
            gender = Self.genders[TextFolding.fold(value)]
            if gender == nil {
                report(.gender, .notAGender(value))
            } else if kind == .collective {
                report(.gender, .onlyForIndividuals)
            }
        }
        var occupation: Occupation?
        if let value = text(.occupation) {
            occupation = Self.occupations[TextFolding.fold(value)]
            if occupation == nil { report(.occupation, .notAnOccupation(value)) }
        }
        var unit: String?
        if let value = text(.unit) {
            let code = value.lowercased()
            if Self.isUnitCode(code) {
                unit = code
            } else {
                report(.unit, .notAUnitCode(value))
            }
        }
        var award: Award?
        if let value = text(.award) {
            award = awardsByCode[value.uppercased()] ?? awardsByName[TextFolding.fold(value)]
            if let found = award, let kind, !found.nominees.contains(kind) {
                report(.award, .awardNotForKind(award: found.code, awardName: found.name, allowed: found.nominees, kind: kind))
            } else if award == nil {
                report(.award, .unknownAward(value))
            }
        }
        let from = date(.periodFrom)
        var to = date(.periodTo)
        if let from, let end = to, end < from {
            report(.periodTo, .periodEndsBeforeStart(from: from, to: end))
            to = nil
        }
        let note = Self.text(of: cell(.note)).map(TextFolding.trimmedNFC)

        guard problems.count == problemsBefore, let name, let kind, let occupation, let unit, let award, let from, let to else { return }
        rows.append(ProposalLineInput(rowNumber: number, name: name, kind: kind, birthDate: birthDate, gender: gender,
                                     occupation: occupation, unitCode: unit, awardCode: award.code,
                                     periodFrom: from, periodTo: to, note: note?.isEmpty == false ? note : nil))
    }

    // MARK: Values

    private static let kinds: [String: NomineeKind] = {
        var map: [String: NomineeKind] = [:]
        for kind in NomineeKind.allCases {
            map[TextFolding.fold(kind.vietnamese)] = kind
            map[kind.rawValue] = kind
        }
        return map
    }()

    private static let genders: [String: Gender] = {
        var map: [String: Gender] = [:]
        for gender in Gender.allCases {
            map[TextFolding.fold(gender.vietnamese)] = gender
            map[gender.rawValue] = gender
        }
        return map
    }()

    private static let occupations: [String: Occupation] = {
        var map: [String: Occupation] = [:]
        for occupation in Occupation.allCases {
            map[TextFolding.fold(occupation.vietnamese)] = occupation
            map[occupation.rawValue] = occupation
        }
        return map
    }()

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
        case problem(SheetProblem.Reason)
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
}
