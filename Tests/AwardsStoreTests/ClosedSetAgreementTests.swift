import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// The closed sets the CLI parses and labels (AwardsCore/Catalogue/ClosedSets.swift) are exactly the
/// values the schema's CHECK constraints allow, read from the migrated database itself.
@Suite struct ClosedSetAgreementTests {
    let connection: Connection

    init() throws {
        connection = try TestDatabase.create(migrated: true).connect()
    }

    /// The quoted literals of the CHECK constraints on `table` over `column` alone.
    func allowedValues(_ table: String, _ column: String) throws -> Set<String> {
        let definitions = try connection.query("""
            SELECT pg_get_constraintdef(c.oid) AS definition
            FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
            WHERE c.contype = 'c' AND c.conrelid = ('awards.' || $1)::regclass AND a.attname = $2 AND cardinality(c.conkey) = 1
            """, [table, column]).rows.map { try $0.decode("definition", as: String.self) }
        #expect(!definitions.isEmpty, "a CHECK constraint on \(table).\(column)")
        var values = Set<String>()
        for definition in definitions {
            let regex = try NSRegularExpression(pattern: "'([a-z_]+)'::text")
            let range = NSRange(definition.startIndex..., in: definition)
            for match in regex.matches(in: definition, range: range) {
                values.insert(String(definition[Range(match.range(at: 1), in: definition)!]))
            }
        }
        return values
    }

    func expectSame<Codes: ClosedSet>(_ codes: Codes.Type, _ table: String, _ column: String) throws {
        #expect(Set(Codes.allCases.map(\.rawValue)) == (try allowedValues(table, column)), "\(Codes.self) and \(table).\(column)")
    }

    @Test func everyClosedSetMatchesItsConstraint() throws {
        try expectSame(UnitKind.self, "units", "kind")
        try expectSame(EmulationGroupKind.self, "emulation_groups", "kind")
        try expectSame(PersonRole.self, "people", "roles")
        try expectSame(MovementKind.self, "movements", "kind")
        try expectSame(Occupation.self, "nominations", "occupation")
        try expectSame(Gender.self, "nominations", "gender")
        try expectSame(NomineeKind.self, "nominations", "nominee_kind")
        try expectSame(ProposalRound.self, "proposals", "round")
    }

    @Test func everyCodeHasVietnameseWords() {
        func check<Codes: ClosedSet>(_ codes: Codes.Type) {
            let words = Codes.allCases.map(\.vietnamese)
            #expect(Set(words).count == words.count, "\(Codes.self): no two codes read alike")
            #expect(words.allSatisfy { !$0.isEmpty && $0 == VietnameseText.canonical($0) }, "\(Codes.self): canonical (NFC) words")
        }
        check(UnitKind.self); check(EmulationGroupKind.self); check(PersonRole.self); check(MovementKind.self)
        check(Occupation.self); check(Gender.self); check(NomineeKind.self); check(ProposalRound.self)
    }
}

/// Who may sign what on which day is one rule in the catalogue: the pure core (AwardCatalogue.canGrant)
/// and the database (awards.granting_levels, which awards.advance asks) agree on every award, every
/// authority level and every day where the law changed.
@Suite struct GrantAgreementTests {
    @Test func theCoreAndTheDatabaseAgreeOnEveryGrantOnEveryBoundaryDay() throws {
        let connection = try TestDatabase.create(migrated: true).connect()
        let catalogue = try TestDatabase.shippedWorkflow().catalogue
        let days = ["2017-09-30", "2017-10-01", "2023-12-31", "2024-01-01", "2025-06-30", "2025-07-01", "2026-06-30", "2026-07-01", "2026-12-01"]
            .compactMap(LocalDate.init(parsing:))
        var cases = 0
        for award in catalogue.awards {
            for level in catalogue.authorityLevels {
                for date in days {
                    let core = award.legalBasis(on: date) != nil && catalogue.grantingLevels(of: award, on: date).contains { $0.code == level.code }
                    let database = try connection.query("""
                        SELECT awards.award_in_force($1, $3::date)
                               AND EXISTS (SELECT 1 FROM awards.granting_levels($1, $3::date) WHERE code = $2) AS grants
                        """, [award.code, level.code, date.iso]).singleRow().decode("grants", as: Bool.self)
                    #expect(core == database, "\(level.code) for \(award.code) on \(date.iso): core \(core), database \(database)")
                    cases += 1
                }
            }
        }
        #expect(cases == catalogue.awards.count * catalogue.authorityLevels.count * days.count && cases > 1000)
    }
}

/// The reward money is one rule with two readers: the pure core (`awards catalog`, the downgrade guard)
/// and the database (the money a signed decision records). They agree on every award and nominee kind,
/// on the day before and the day of every change of a base salary or a legal basis, and on each
/// decade's 1 January.
@Suite struct RewardMoneyAgreementTests {
    @Test func theCoreAndTheDatabaseComputeTheSameMoneyOnEveryDayARuleChanges() throws {
        let database = try TestDatabase.create(migrated: true)
        let store = ProposalStore(try database.connect())
        let catalogue = try TestDatabase.shippedWorkflow().catalogue
        var days = Set(catalogue.baseSalaries.map(\.validFrom))
        for award in catalogue.awards {
            for basis in award.legalBases {
                days.insert(basis.validFrom)
                if let end = basis.validTo { days.insert(end); days.insert(end.adding(days: 1)) }
            }
        }
        days.formUnion(days.map { $0.adding(days: -1) })
        days.formUnion([2010, 2020, 2030].compactMap { LocalDate(year: $0, month: 1, day: 1) })
        var paid = 0, unpaid = 0
        for award in catalogue.awards {
            for kind in NomineeKind.allCases {
                for day in days.sorted() {
                    let core = try? catalogue.reward(for: award, nominee: kind, decisionDate: day)
                    let stored = try store.rewardMoney(award: award.code, kind: kind, on: day)
                    let what = "\(award.code) for \(kind.rawValue) on \(day.iso)"
                    #expect(core?.dong == stored?.dong, "\(what): core \(core.map { String($0.dong) } ?? "none"), database \(stored.map { String($0.dong) } ?? "none")")
                    #expect(core?.multiple.tenThousandths == stored?.multiple && core?.baseSalary.amount == stored?.baseSalary, "\(what)")
                    if core == nil { unpaid += 1 } else { paid += 1 }
                }
            }
        }
        // Both outcomes occur: awards that pay, and days or kinds for which the catalogue knows no money.
        #expect(paid > 300 && unpaid > 20, "\(paid) paid, \(unpaid) unpaid")
    }
}

/// The vote an award needs from the council is read by the core (`awards catalog`) and by the database
/// (the count and the decision's check): they find the same rule for every award on every day where one
/// starts or ends.
@Suite struct CouncilVoteAgreementTests {
    @Test func theCoreAndTheDatabaseFindTheSameCouncilRuleOnEveryBoundaryDay() throws {
        let connection = try TestDatabase.create(migrated: true).connect()
        let catalogue = try TestDatabase.shippedWorkflow().catalogue
        var days = Set<LocalDate>()
        for rule in catalogue.awards.flatMap(\.councilVotes) {
            days.formUnion([rule.validFrom, rule.validFrom.adding(days: -1)])
            if let to = rule.validTo { days.formUnion([to, to.adding(days: 1)]) }
        }
        #expect(!days.isEmpty, "the shipped catalogue has council rules")
        var withRule = 0
        for award in catalogue.awards {
            for day in days {
                let core = award.councilVote(on: day)
                let row = try connection.query("""
                    SELECT (r).agree_percent::text AS agree, (r).at_least, (r).share_of, (r).quorum_percent::text AS quorum,
                           (r).written_opinions, (r).document, (r).article, (r).confidence
                    FROM (SELECT awards.council_vote_rule($1, $2::date) AS r) x WHERE (r).award_code IS NOT NULL
                    """, [award.code, day.iso]).first
                #expect((core == nil) == (row == nil), "\(award.code) on \(day.iso)")
                guard let core, let row else { continue }
                withRule += 1
                #expect(try row.decode("agree", as: String.self) == numeric(core.agreeHundredthsPercent))
                #expect(try row.decode("at_least", as: Bool.self) == core.atLeast)
                #expect(try row.decode("share_of", as: String.self) == core.share.rawValue)
                #expect(try row.decode("quorum", as: String?.self) == core.quorumHundredthsPercent.map(numeric))
                #expect(try row.decode("written_opinions", as: Bool.self) == core.writtenOpinions)
                #expect(try row.decode("document", as: String.self) == core.document)
                #expect(try row.decode("article", as: String?.self) == core.article)
                #expect(try row.decode("confidence", as: String.self) == core.confidence.rawValue)
            }
        }
        #expect(withRule > 0)
    }
}

/// Hundredths of a percent as numeric(5,2) prints them: 9000 is "90.00".
private func numeric(_ hundredths: Int) -> String { String(format: "%d.%02d", hundredths / 100, hundredths % 100) }
