import Foundation

/// A row of a sheet of past awards (a nominee's award decided before the system, or elsewhere), as
/// awards.award_history_problems and awards.import_award_history take it. The sheet reader fills it;
/// what only the database can say (the unit and award exist, a decision is not recorded twice) it asks there.
public struct PastAwardInput: Hashable, Sendable {
    public var row: Int
    public var kind: NomineeKind
    public var name: String
    public var birthDate: LocalDate?
    public var gender: Gender?
    public var unit: String
    public var award: String
    public var year: Int
    public var decisionNumber: String
    public var decisionDate: LocalDate
    public var issuer: String
    public var revokedNumber: String?
    public var revokedDate: LocalDate?

    public init(row: Int, kind: NomineeKind, name: String, birthDate: LocalDate? = nil, gender: Gender? = nil, unit: String, award: String,
                year: Int, decisionNumber: String, decisionDate: LocalDate, issuer: String, revokedNumber: String? = nil,
                revokedDate: LocalDate? = nil) {
        self.row = row
        self.kind = kind
        self.name = name
        self.birthDate = birthDate
        self.gender = gender
        self.unit = unit
        self.award = award
        self.year = year
        self.decisionNumber = decisionNumber
        self.decisionDate = decisionDate
        self.issuer = issuer
        self.revokedNumber = revokedNumber
        self.revokedDate = revokedDate
    }
}
