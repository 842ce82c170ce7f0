import AwardsCore

/// A problem in a proposal's list.
public typealias SheetProblem = SheetProblemOf<ProposalColumn>

/// One thing wrong in a sheet's content, located as the officer sees it: the row number the
/// spreadsheet shows, the column's Vietnamese header, and the cell.
public struct SheetProblemOf<Column: SheetColumn>: Error, Hashable, Sendable, CustomStringConvertible, BilingualError {
    /// Nil for a problem of the whole sheet (a missing column, an empty sheet).
    public let row: Int?
    /// Nil when no column is concerned (an empty sheet).
    public let column: Column?
    /// “E7”, where a cell is concerned.
    public let cell: String?
    public let reason: Reason

    public typealias Reason = SheetProblemReason

    public init(row: Int?, column: Column?, cell: String? = nil, reason: Reason) {
        self.row = row
        self.column = column
        self.cell = cell
        self.reason = reason
    }

    public func message(in language: Language) -> String {
        let (vi, en) = texts
        return language.text(vi: vi, en: en)
    }

    /// In English: logs and tests read it.
    public var description: String { message(in: .en) }

    private var texts: (String, String) {
        if reason == .missingColumn, let column {
            return ("Thiếu cột “\(column.vietnamese)” (mã \(column.code)) ở dòng tiêu đề; chưa đọc dòng nào",
                    "The column “\(column.vietnamese)” (\(column.code)) is missing from the header row; no row was read")
        }
        if reason == .noHeaderRow {
            return ("Bảng trống: không có dòng tiêu đề", "The sheet is empty: it has no header row")
        }
        var placeVi: [String] = [], placeEn: [String] = []
        if let row { placeVi.append("Dòng \(row)"); placeEn.append("Row \(row)") }
        if let column {
            placeVi.append("cột “\(column.vietnamese)”")
            placeEn.append("column “\(column.vietnamese)” (\(column.code)\(cell.map { ", cell \($0)" } ?? ""))")
            if let cell { placeVi[placeVi.count - 1] += " (ô \(cell))" }
        }
        let (vi, en) = reason.texts
        return ((placeVi.joined(separator: ", ") + ": " + vi).capitalizedFirst, (placeEn.joined(separator: ", ") + ": " + en).capitalizedFirst)
    }

    /// What is wrong, without where: “chưa điền (bắt buộc)”.
    public func reasonMessage(in language: Language) -> String {
        let (vi, en) = reason.texts
        return language.text(vi: vi, en: en)
    }
}

/// A sheet that cannot be read at all, or a template that cannot be written: nothing about its rows is known.
public struct SheetFileError: Error, Hashable, Sendable, CustomStringConvertible, BilingualError {
    public let vietnamese: String
    /// In English.
    public let message: String

    public init(vi vietnamese: String, en message: String) {
        self.vietnamese = vietnamese
        self.message = message
    }

    public func message(in language: Language) -> String { language.text(vi: vietnamese, en: message) }
    public var description: String { message }

    static func unknownFormat(_ path: String) -> SheetFileError {
        SheetFileError(vi: "không biết đọc tệp \(path): chỉ nhận tệp .xlsx hoặc .csv",
                       en: "cannot tell how to read \(path): only .xlsx and .csv files are read")
    }

    static func cannotOpen(_ path: String, _ detail: String) -> SheetFileError {
        SheetFileError(vi: "không mở được tệp \(path): \(detail)", en: "cannot open \(path): \(detail)")
    }

    static func notAWorkbook(_ path: String, _ detail: String) -> SheetFileError {
        SheetFileError(vi: "tệp \(path) không phải bảng tính .xlsx đọc được (\(detail)); hãy lưu lại bằng Excel hoặc LibreOffice dưới dạng .xlsx",
                       en: "\(path) is not a readable .xlsx workbook (\(detail)); save it again as .xlsx from Excel or LibreOffice")
    }

    static func notUTF8(_ path: String) -> SheetFileError {
        SheetFileError(vi: "tệp \(path) không phải văn bản UTF-8; hãy lưu lại dưới dạng “CSV UTF-8”",
                       en: "\(path) is not UTF-8 text; save it again as “CSV UTF-8”")
    }

    static func cannotWrite(_ path: String, _ detail: String) -> SheetFileError {
        SheetFileError(vi: "không ghi được tệp \(path): \(detail)", en: "cannot write \(path): \(detail)")
    }
}

extension String {
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}

/// Why a cell (or the header) is wrong.
public enum SheetProblemReason: Hashable, Sendable {
    /// No header names this required column: no row was read.
    case missingColumn
    /// Two headers name the same column; the first is at that cell.
    case repeatedColumn(firstCell: String)
    /// The sheet has no row at all, not even a header.
    case noHeaderRow
    /// A required cell is empty.
    case required
    case notAKind(String)
    case notAGender(String)
    case notAnOccupation(String)
    /// Not written as a date at all (nor a spreadsheet date).
    case notADate(String)
    /// Written as a date, but no such day exists (31/02/2026).
    case notARealDate(String)
    /// A birth date or a gender given for a collective.
    case onlyForIndividuals
    case unknownAward(String)
    /// The award exists but not for this kind of nominee; `allowed` are the kinds it is for.
    case awardNotForKind(award: String, awardName: String, allowed: [NomineeKind], kind: NomineeKind)
    case periodEndsBeforeStart(from: LocalDate, to: LocalDate)
    /// Names are at most 300 characters (the schema's rule).
    case nameTooLong(characters: Int)
    case notAUnitCode(String)
    /// Not a whole year between 1945 and 2100 (the schema's range).
    case notAYear(String)
    /// A decision number, an issuer: at most `atMost` characters (the schema's rule).
    case tooLong(characters: Int, atMost: Int)

    var texts: (String, String) {
        switch self {
        case .missingColumn:
            return ("thiếu cột này", "this column is missing")
        case .noHeaderRow:
            return ("không có dòng tiêu đề", "no header row")
        case .repeatedColumn(let first):
            return ("cột này đã có ở ô \(first)", "this column already appears at cell \(first)")
        case .required:
            return ("chưa điền (bắt buộc)", "empty, but required")
        case .notAKind(let value):
            return ("“\(value)” không phải “Cá nhân” hoặc “Tập thể”",
                    "“\(value)” is neither “Cá nhân” (individual) nor “Tập thể” (collective)")
        case .notAGender(let value):
            return ("“\(value)” không phải “Nam” hoặc “Nữ”", "“\(value)” is neither “Nam” (male) nor “Nữ” (female)")
        case .notAnOccupation(let value):
            return ("“\(value)” không phải một đối tượng; ghi một trong: \(Occupation.allCases.map { "“\($0.vietnamese)”" }.joined(separator: ", "))",
                    "“\(value)” is not an occupation; write one of: \(Occupation.allCases.map(\.rawValue).joined(separator: ", ")) (or its Vietnamese label)")
        case .notADate(let value):
            return ("“\(value)” không phải ngày theo dạng ngày/tháng/năm (ví dụ 15/10/1985)",
                    "“\(value)” is not a date written dd/mm/yyyy (e.g. 15/10/1985)")
        case .notARealDate(let value):
            return ("ngày “\(value)” không có thật", "“\(value)” is not a real date")
        case .onlyForIndividuals:
            return ("chỉ ghi cho cá nhân, để trống với tập thể", "for individuals only: leave it empty for a collective")
        case .unknownAward(let value):
            return ("không có danh hiệu, hình thức khen thưởng “\(value)” trong danh mục",
                    "“\(value)” is not an award of the catalogue")
        case .awardNotForKind(let award, let name, let allowed, let kind):
            return ("\(award) (\(name)) dành cho \(allowed.map(\.vietnamese).joined(separator: " hoặc ")), không dành cho \(kind.vietnamese)",
                    "award \(award) (\(name)) is for \(allowed.map(\.rawValue).joined(separator: " or ")) nominees, not \(kind.rawValue)")
        case .periodEndsBeforeStart(let from, let to):
            return ("thời gian thành tích kết thúc ngày \(to.vietnamese), trước ngày bắt đầu \(from.vietnamese)",
                    "the achievement period ends on \(to.vietnamese), before it starts on \(from.vietnamese)")
        case .nameTooLong(let count):
            return ("tên dài \(count) ký tự, tối đa 300", "the name is \(count) characters long, at most 300")
        case .notAUnitCode(let value):
            return ("“\(value)” không phải mã đơn vị (chữ thường không dấu, chữ số, '.', '_' hoặc '-', bắt đầu bằng chữ hoặc số, tối đa 63 ký tự)",
                    "“\(value)” is not a unit code (lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, at most 63 characters)")
        case .notAYear(let value):
            return ("“\(value)” không phải một năm (từ 1945 đến 2100, ví dụ 2025)", "“\(value)” is not a year from 1945 to 2100 (e.g. 2025)")
        case .tooLong(let count, let most):
            return ("dài \(count) ký tự, tối đa \(most)", "\(count) characters long, at most \(most)")
        }
    }
}
