import AwardsCore
import Foundation

/// The columns of a sheet of past awards (lịch sử khen thưởng): one header row, then one award a row —
/// what a nominee received before the system, or from elsewhere, with its decision. Headers are
/// recognised as `SheetColumn` says (Vietnamese, the code, or the English name).
///
/// | code              | Vietnamese header                | content |
/// | ---               | ---                              | --- |
/// | `kind`            | Cá nhân / Tập thể                | required: “Cá nhân” or `individual`, “Tập thể” or `collective` |
/// | `name`            | Họ và tên / Tên tập thể          | required; stored in NFC, spaces trimmed and folded |
/// | `birth_date`      | Ngày sinh                        | optional, individuals only: with the name and unit, who the nominee is |
/// | `gender`          | Giới tính                        | optional, individuals only |
/// | `unit`            | Đơn vị                           | required: the unit code the nominee belonged to (`unit code`) |
/// | `award`           | Danh hiệu, hình thức khen thưởng | required: an award of the catalogue, by code or name (`award code`) |
/// | `year`            | Năm thành tích                   | required: the year the award is for |
/// | `decision_number` | Số quyết định                    | required, at most 60 characters |
/// | `decision_date`   | Ngày quyết định                  | required date |
/// | `issuer`          | Cấp quyết định                   | required: who decided, at most 300 characters |
/// | `revoked_number`  | Số quyết định thu hồi            | optional: the decision that revoked it |
/// | `revoked_date`    | Ngày thu hồi                     | optional date, with the number |
///
/// What only the database can say — the unit and the award exist, the unit is within the officer's, the
/// decision is dated in or after the year, a revocation has both its number and date, a decision is
/// not listed twice nor already recorded — it says (awards.award_history_problems).
public enum HistoryColumn: String, SheetColumn {
    case kind
    case name
    case birthDate = "birth_date"
    case gender
    case unit
    case award
    case year
    case decisionNumber = "decision_number"
    case decisionDate = "decision_date"
    case issuer
    case revokedNumber = "revoked_number"
    case revokedDate = "revoked_date"

    public var vietnamese: String {
        switch self {
        case .kind: "Cá nhân / Tập thể"
        case .name: "Họ và tên / Tên tập thể"
        case .birthDate: "Ngày sinh"
        case .gender: "Giới tính"
        case .unit: "Đơn vị"
        case .award: "Danh hiệu, hình thức khen thưởng"
        case .year: "Năm thành tích"
        case .decisionNumber: "Số quyết định"
        case .decisionDate: "Ngày quyết định"
        case .issuer: "Cấp quyết định"
        case .revokedNumber: "Số quyết định thu hồi"
        case .revokedDate: "Ngày thu hồi"
        }
    }

    public var englishHeaders: [String] {
        switch self {
        case .unit: ["unit code"]
        case .award: ["award code"]
        case .name: ["full name"]
        default: []
        }
    }

    public var isRequired: Bool {
        switch self {
        case .birthDate, .gender, .revokedNumber, .revokedDate: false
        default: true
        }
    }
}

/// A problem in a sheet of past awards.
public typealias HistorySheetProblem = SheetProblemOf<HistoryColumn>

/// A sheet of past awards as read: the rows that passed the sheet's own checks, and a problem for each
/// thing that did not. The database still has its say about the rows (NomineeStore.problems).
public struct AwardHistorySheet: Hashable, Sendable {
    /// The good rows, in sheet order.
    public let rows: [PastAwardInput]
    /// In sheet order: the header's problems first, then each row's, column by column.
    public let problems: [HistorySheetProblem]

    /// False when the header lacks a column: no row was read, so there is nothing to ask the database about.
    public var hasItsColumns: Bool { !problems.contains { $0.row == nil } }
}

/// Reads a sheet of past awards (.xlsx or .csv) with the same readers as proposal sheets.
public struct AwardHistorySheetReader: Sendable {
    public let catalogue: AwardCatalogue

    public init(catalogue: AwardCatalogue) {
        self.catalogue = catalogue
    }

    /// `format` defaults to the one the file's extension names.
    public func read(contentsOf url: URL, format: SheetFormat? = nil) throws(SheetFileError) -> AwardHistorySheet {
        try SheetFile.read(contentsOf: url, format: format) { HistoryRowChecker(catalogue: catalogue, dateSystem: $0) }.sheet
    }

    public func read(data: Data, format: SheetFormat, displayName: String = "the sheet") throws(SheetFileError) -> AwardHistorySheet {
        try SheetFile.read(data: data, format: format, displayName: displayName) { HistoryRowChecker(catalogue: catalogue, dateSystem: $0) }.sheet
    }
}

/// Turns a sheet's rows into past awards and problems, as ProposalRowChecker does for proposals.
struct HistoryRowChecker: SheetRowSink {
    private let awardCodes: [String: String]
    private let dateSystem: SpreadsheetDateSystem
    private let header = SheetHeader<HistoryColumn>()
    private var columnIndex: [HistoryColumn: Int]?
    private(set) var rows: [PastAwardInput] = []
    private(set) var problems: [HistorySheetProblem] = []

    init(catalogue: AwardCatalogue, dateSystem: SpreadsheetDateSystem) {
        var codes: [String: String] = [:]
        for award in catalogue.awards {
            codes[award.code.uppercased()] = award.code
            codes[TextFolding.fold(award.name)] = award.code
        }
        awardCodes = codes
        self.dateSystem = dateSystem
    }

    var sheet: AwardHistorySheet {
        var problems = problems
        if columnIndex == nil, problems.isEmpty {
            problems.append(HistorySheetProblem(row: nil, column: nil, reason: .noHeaderRow))
        }
        return AwardHistorySheet(rows: rows, problems: problems)
    }

    mutating func take(row number: Int, cells: [SheetCell]) -> Bool {
        guard cells.contains(where: { !SheetValues.isBlank($0) }) else { return true }
        guard let columnIndex else {
            let (columns, found) = header.read(row: number, cells: cells)
            columnIndex = columns
            problems += found
            return found.isEmpty
        }
        check(row: number, cells: cells, columns: columnIndex)
        return true
    }

    private mutating func check(row number: Int, cells: [SheetCell], columns: [HistoryColumn: Int]) {
        var row = SheetRow(number: number, cells: cells, columns: columns, dateSystem: dateSystem)
        defer { problems += row.problems }

        let kind = row.choice(.kind, in: SheetValues.kinds, else: SheetProblemReason.notAKind)
        var name = row.text(.name)
        if let value = name, value.unicodeScalars.count > 300 {
            row.report(.name, .nameTooLong(characters: value.unicodeScalars.count))
            name = nil
        }
        let birthDate = row.date(.birthDate)
        if birthDate != nil, kind == .collective { row.report(.birthDate, .onlyForIndividuals) }
        let gender = row.choice(.gender, in: SheetValues.genders, else: SheetProblemReason.notAGender)
        if gender != nil, kind == .collective { row.report(.gender, .onlyForIndividuals) }
        var unit: String?
        if let value = row.text(.unit) {
            let code = value.lowercased()
            if SheetValues.isUnitCode(code) { unit = code } else { row.report(.unit, .notAUnitCode(value)) }
        }
        // An award the catalogue does not know goes to the database as written: it says so, as for any way in.
        let award = row.text(.award).map { awardCodes[$0.uppercased()] ?? awardCodes[TextFolding.fold($0)] ?? $0 }
        let year = self.year(&row)
        let decisionNumber = row.text(.decisionNumber, atMost: 60)
        let decisionDate = row.date(.decisionDate)
        let issuer = row.text(.issuer, atMost: 300)
        let revokedNumber = row.text(.revokedNumber, atMost: 60)
        let revokedDate = row.date(.revokedDate)

        guard row.problems.isEmpty, let kind, let name, let unit, let award, let year, let decisionNumber, let decisionDate, let issuer
        else { return }
        rows.append(PastAwardInput(row: number, kind: kind, name: name, birthDate: birthDate, gender: gender, unit: unit, award: award,
                                   year: year, decisionNumber: decisionNumber, decisionDate: decisionDate, issuer: issuer,
                                   revokedNumber: revokedNumber, revokedDate: revokedDate))
    }

    /// A whole year from 1945 to 2100, as a number cell or as text.
    private func year(_ row: inout SheetRow<HistoryColumn>) -> Int? {
        let cell = row.cell(.year)
        let written: String
        switch cell {
        case .number(let value, let raw):
            if value == value.rounded(), (1945...2100).contains(value) { return Int(value) }
            written = raw
        default:
            guard let text = row.text(.year) else { return nil }  // empty: reported as required
            if let value = Int(text), (1945...2100).contains(value) { return value }
            written = text
        }
        row.report(.year, .notAYear(written))
        return nil
    }
}
