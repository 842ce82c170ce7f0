import AwardsCore
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
    }

    @Test func everyCodeHasVietnameseWords() {
        func check<Codes: ClosedSet>(_ codes: Codes.Type) {
            let words = Codes.allCases.map(\.vietnamese)
            #expect(Set(words).count == words.count, "\(Codes.self): no two codes read alike")
            #expect(words.allSatisfy { !$0.isEmpty && $0 == VietnameseText.canonical($0) }, "\(Codes.self): canonical (NFC) words")
        }
        check(UnitKind.self); check(EmulationGroupKind.self); check(PersonRole.self); check(MovementKind.self)
        check(Occupation.self); check(Gender.self); check(NomineeKind.self)
    }
}
