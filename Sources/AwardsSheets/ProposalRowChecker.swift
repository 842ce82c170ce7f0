import AwardsCore
import Foundation

/// Turns a sheet's rows, as they are read, into checked nominees and problems. It keeps nothing per row
/// but the good rows: linear in the number of rows. Whether a nominee is listed twice, or already
/// rewarded, is the database's to say (awards.proposal_line_problems), as one rule for every way in.
struct ProposalRowChecker: SheetRowSink {
    private let awardsByCode: [String: Award]
    private let awardsByName: [String: Award]
    private let dateSystem: SpreadsheetDateSystem
    private let header = SheetHeader<ProposalColumn>()

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
        guard cells.contains(where: { !SheetValues.isBlank($0) }) else { return true }  // empty rows, trailing or not
        guard let columnIndex else {
            let (columns, found) = header.read(row: number, cells: cells)
            columnIndex = columns
            problems += found
            return found.isEmpty
        }
        check(row: number, cells: cells, columns: columnIndex)
        return true
    }

    // MARK: A nominee's row

    private mutating func check(row number: Int, cells: [SheetCell], columns: [ProposalColumn: Int]) {
        var row = SheetRow(number: number, cells: cells, columns: columns, dateSystem: dateSystem)
        defer { problems += row.problems }

        var name = row.text(.name)
        if let value = name {
            let length = value.unicodeScalars.count
            if length > 300 {
                row.report(.name, .nameTooLong(characters: length))
                name = nil
            }
        }
        let kind = row.choice(.kind, in: SheetValues.kinds, else: SheetProblemReason.notAKind)
        let birthDate = row.date(.birthDate)
        if birthDate != nil, kind == .collective { row.report(.birthDate, .onlyForIndividuals) }
        let gender = row.choice(.gender, in: SheetValues.genders, else: SheetProblemReason.notAGender)
        if gender != nil, kind == .collective { row.report(.gender, .onlyForIndividuals) }
        let occupation = row.choice(.occupation, in: Self.occupations, else: SheetProblemReason.notAnOccupation)
        var unit: String?
        if let value = row.text(.unit) {
            let code = value.lowercased()
            if SheetValues.isUnitCode(code) {
                unit = code
            } else {
                row.report(.unit, .notAUnitCode(value))
            }
        }
        var award: Award?
        if let value = row.text(.award) {
            award = awardsByCode[value.uppercased()] ?? awardsByName[TextFolding.fold(value)]
            if let found = award, let kind, !found.nominees.contains(kind) {
                row.report(.award, .awardNotForKind(award: found.code, awardName: found.name, allowed: found.nominees, kind: kind))
            } else if award == nil {
                row.report(.award, .unknownAward(value))
            }
        }
        let from = row.date(.periodFrom)
        var to = row.date(.periodTo)
        if let from, let end = to, end < from {
            row.report(.periodTo, .periodEndsBeforeStart(from: from, to: end))
            to = nil
        }
        let note = SheetValues.text(of: row.cell(.note)).map(TextFolding.trimmedNFC)

        guard row.problems.isEmpty, let name, let kind, let occupation, let unit, let award, let from, let to else { return }
        rows.append(ProposalLineInput(rowNumber: number, name: name, kind: kind, birthDate: birthDate, gender: gender,
                                     occupation: occupation, unitCode: unit, awardCode: award.code,
                                     periodFrom: from, periodTo: to, note: note?.isEmpty == false ? note : nil))
    }

    private static let occupations = SheetValues.lookup(Occupation.allCases, vietnamese: \.vietnamese, code: \.rawValue)
}
