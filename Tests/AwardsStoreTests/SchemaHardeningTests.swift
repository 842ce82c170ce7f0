import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// What the schema's functions resolve names through and who may run them, read from the catalogue,
/// and the attack that made it matter, tried as an officer's own login over TCP with a password.
@Suite struct SchemaHardeningTests {
    /// Functions of the schema that are neither bound at creation (a SQL-standard body) nor pinned to
    /// `pg_catalog, awards, pg_temp`; the extensions' C functions are not ours and are left out.
    static let unpinnedFunctions = """
        SELECT p.oid::regprocedure::text AS signature
        FROM pg_proc p
        WHERE p.pronamespace = 'awards'::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
          AND p.prosqlbody IS NULL
          AND NOT coalesce('search_path=pg_catalog, awards, pg_temp' = ANY (p.proconfig), false)
        ORDER BY 1
        """

    @Test func everyFunctionHasAFixedSearchPathOrASQLStandardBody() throws {
        let database = try TestDatabase.create(migrated: true)
        let connection = try database.connect()
        let functions = try connection.query("""
            SELECT count(*) AS n FROM pg_proc p WHERE p.pronamespace = 'awards'::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            """).singleRow().decode("n", as: Int.self)
        #expect(functions > 20, "the query must see the schema's functions to mean anything")
        let unpinned = try connection.query(Self.unpinnedFunctions).rows.map { try $0.decode("signature", as: String.self) }
        #expect(unpinned == [])
    }

    @Test func publicMayExecuteNoneOfTheSchemasFunctions() throws {
        let database = try TestDatabase.create(migrated: true)
        let executable = try database.connect().query("""
            SELECT p.oid::regprocedure::text AS signature
            FROM pg_proc p
            WHERE p.pronamespace = 'awards'::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
              AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'))
            ORDER BY 1
            """).rows.map { try $0.decode("signature", as: String.self) }
        #expect(executable == [])
        // A function the owner creates from now on is not PUBLIC's either.
        let connection = try database.connect()
        try connection.query("CREATE FUNCTION awards.later() RETURNS int LANGUAGE sql RETURN 1")
        let later = try connection.query("""
            SELECT has_function_privilege('awards_officer', 'awards.later()', 'EXECUTE') AS officer,
                   coalesce((SELECT bool_or(a.grantee = 0) FROM pg_proc p, aclexplode(p.proacl) a WHERE p.oid = 'awards.later()'::regprocedure), false) AS public
            """).singleRow()
        #expect(try later.decode("officer", as: Bool.self) == false)
        #expect(try later.decode("public", as: Bool.self) == false)
    }

    /// The review's attack: an officer who may create objects in a schema of their own defines `=` on
    /// bigint to be always true, puts that schema before pg_catalog, and asks for another district's rows.
    @Test func anOperatorOfTheCallersOwnDoesNotWidenRowLevelSecurity() throws {
        let province = try Province()
        let id = try province.pendingNomination()
        let scratch = "scratch_\(province.officerEaKar)"
        let owner = try province.database.connect()
        try owner.query("CREATE SCHEMA \(try owner.quoteIdentifier(scratch)) AUTHORIZATION \(try owner.quoteIdentifier(province.officerEaKar))")

        let officer = try province.connect(province.officerEaKar)
        try officer.executeScript("""
            CREATE FUNCTION \(scratch).always(bigint, bigint) RETURNS boolean LANGUAGE sql AS 'SELECT true';
            CREATE OPERATOR \(scratch).= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = \(scratch).always);
            CREATE FUNCTION \(scratch).always(name, name) RETURNS boolean LANGUAGE sql AS 'SELECT true';
            CREATE OPERATOR \(scratch).= (LEFTARG = name, RIGHTARG = name, FUNCTION = \(scratch).always);
            SET search_path = \(scratch), pg_catalog, awards;
            """)
        #expect(try officer.query("SELECT 1::bigint = 2::bigint AS hijacked").singleRow().decode("hijacked", as: Bool.self),
                "the operator is in force for the attacker's own queries")
        for table in ["awards.nominations", "awards.nomination_history", "awards.deadlines"] {
            let seen = try officer.query("SELECT count(*) AS n FROM \(table)").singleRow().decode("n", as: Int.self)
            #expect(seen == 0, "\(table): \(seen) rows of Krông Pắc seen from Ea Kar")
        }
        #expect(try officer.query("SELECT count(*) AS n FROM awards.nominations WHERE id = $1", [id]).singleRow().decode("n", as: Int.self) == 0)
        // The owner still sees it: the nomination exists.
        #expect(try owner.query("SELECT count(*) AS n FROM awards.nominations WHERE id = $1", [id]).singleRow().decode("n", as: Int.self) == 1)
    }
}

/// The database's working-day arithmetic is the Swift calendar's, forwards and backwards.
@Suite struct WorkingDayAgreementTests {
    @Test func theDatabaseCountsWorkingDaysAsTheSwiftCalendarDoes() throws {
        let database = try TestDatabase.create(migrated: true)
        let calendar = try TestDatabase.shippedCalendar()
        let first = LocalDate(year: 2025, month: 1, day: 1)!
        let days = (0..<365).map { first.adding(days: $0) }
        let counts = Array(-15...15)
        let rows = try database.connect().query("""
            SELECT d::text AS day, n, awards.add_working_days(d, n)::text AS result
            FROM unnest($1::date[]) d CROSS JOIN unnest($2::int[]) n
            """, [days.map(\.iso), counts.map(String.init)]).rows
        #expect(rows.count == days.count * counts.count)
        var disagreements: [String] = []
        for row in rows {
            let day = LocalDate(parsing: try row.decode("day", as: String.self))!, n = try row.decode("n", as: Int.self)
            let expected = calendar.adding(workingDays: n, to: day).iso
            let got = try row.decode("result", as: String.self)
            if got != expected { disagreements.append("\(day.iso) \(n): database \(got), Swift \(expected)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5)) of \(disagreements.count)")
    }
}
