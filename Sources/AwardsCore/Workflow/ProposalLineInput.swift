/// One nominee to list in a proposal (a row of a sheet, or one typed line), as checked: every value is one
/// the engine accepts, except what only the database can say (the unit exists, the nominee is not
/// listed twice or already rewarded).
public struct ProposalLineInput: Hashable, Sendable {
    /// As the spreadsheet shows it (the header is row 1), or the line's place when typed.
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

