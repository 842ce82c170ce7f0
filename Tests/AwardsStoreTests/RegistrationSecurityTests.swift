import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// Registering people as the review of issue 9 asked: no password in SQL text, no silent adoption of
/// an existing role, no authority beyond the province.
@Suite struct RegistrationSecurityTests {
    let database: TestDatabase
    let directory: DirectoryStore

    init() throws {
        database = try TestDatabase.create(migrated: true)
        directory = DirectoryStore(try database.connect())
        try directory.addUnit(code: "ubnd-tinh", name: "UBND tỉnh", kind: "province", parentCode: nil, groupCode: nil)
    }

    @Test func thePasswordTravelsAsAVerifierAndStillLogsIn() throws {
        let login = TestDatabase.uniqueLogin("pw")
        let password = "Mật khẩu rất dài 'với' dấu nháy"
        try directory.registerPerson(fullName: "Nguyễn Văn Mật", email: "\(login)@snv.gov.vn", unitCode: "ubnd-tinh", login: login,
                                     roles: ["officer"], authorityLevel: nil, password: password)
        let stored = try database.connect().query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [login])
            .singleRow().decode("rolpassword", as: String.self)
        #expect(stored.hasPrefix("SCRAM-SHA-256$"))
        #expect(!stored.contains(password))
        #expect(try database.connect(as: login, password: password).user == login, "the verifier is the password's")
        #expect(throws: PostgresError.self) { try database.connect(as: login, password: password + "x") }
    }

    /// Through psql a plain password is refused, and the refusal does not repeat it.
    @Test func aPlainPasswordIsRefusedWithoutBeingEchoed() throws {
        let secret = "bí-mật-không-được-lộ-42"
        let error = try refusal {
            try database.connect().query("SELECT awards.register_person('A', 'a@b.vn', 'ubnd-tinh', $1, ARRAY['officer'], NULL, $2)",
                                         [TestDatabase.uniqueLogin("plain"), secret])
        }
        #expect(error?.message == "a password must reach the server as a SCRAM-SHA-256 verifier, never as plain text")
        #expect(error.map { "\($0.message) \($0.detail ?? "") \($0.hint ?? "")" }?.contains(secret) == false)
    }

    @Test func anExistingRoleIsRefusedUnlessAdoptedAndAnAdoptedOneKeepsItsPassword() throws {
        let login = TestDatabase.uniqueLogin("existing")
        let owner = try database.connect()
        try owner.query("CREATE ROLE \(try owner.quoteIdentifier(login)) LOGIN PASSWORD 'cũ'")
        let register = { (adopt: Bool, password: String?) in
            try directory.registerPerson(fullName: "Trần Thị Cũ", email: "\(login)@snv.gov.vn", unitCode: "ubnd-tinh", login: login,
                                         roles: ["officer"], authorityLevel: nil, password: password, adoptingExistingRole: adopt)
        }
        #expect(try refusal { try register(false, nil) }?.message == "database role \"\(login)\" already exists")
        #expect(try refusal { try register(true, "mới") }?.message == "an adopted role keeps its password; none may be given")
        #expect(try owner.query("SELECT count(*) AS n FROM awards.people").singleRow().decode("n", as: Int.self) == 0)
        try register(true, nil)
        #expect(try database.connect(as: login, password: "cũ").user == login)
        let noSuchRole = TestDatabase.uniqueLogin("ghost")
        #expect(try refusal {
            try directory.registerPerson(fullName: "Không Có", email: "x@snv.gov.vn", unitCode: "ubnd-tinh", login: noSuchRole,
                                         roles: ["officer"], authorityLevel: nil, adoptingExistingRole: true)
        }?.message == "there is no database role \"\(noSuchRole)\" to adopt")
    }

    @Test(arguments: [
        ("president", "authority level \"president\" is above the province and cannot be given to its people"),
        ("prime_minister", "authority level \"prime_minister\" is above the province and cannot be given to its people"),
        ("king", "unknown authority level \"king\""),
    ])
    func authorityBeyondTheProvinceOrUnknownIsRefused(level: String, message: String) throws {
        let login = TestDatabase.uniqueLogin("mgr")
        let error = try refusal {
            try directory.registerPerson(fullName: "Lê Văn Quyền", email: "\(login)@snv.gov.vn", unitCode: "ubnd-tinh", login: login,
                                         roles: ["manager"], authorityLevel: level)
        }
        #expect(error?.message == message)
        #expect(error?.hint?.hasSuffix("board_chair, commune_chair, district_chair, enterprise_director, province_chair, unit_head") == true, "\(error?.hint ?? "no hint")")
        #expect(try directory.loginRoleExists(login) == false)
        try directory.registerPerson(fullName: "Lê Văn Quyền", email: "\(login)@snv.gov.vn", unitCode: "ubnd-tinh", login: login,
                                     roles: ["manager"], authorityLevel: "province_chair")
    }
}

/// A person's login cannot take the server from the others.
@Suite struct PersonLimitTests {
    @Test func aLoginHoldsTenConnectionsAndBoundedStatements() throws {
        let database = try TestDatabase.create(migrated: true)
        let directory = DirectoryStore(try database.connect())
        try directory.addUnit(code: "snv", name: "Sở Nội vụ", kind: "standing_agency", parentCode: nil, groupCode: nil)
        let login = TestDatabase.uniqueLogin("greedy")
        try directory.registerPerson(fullName: "Cán bộ Tham", email: "\(login)@snv.gov.vn", unitCode: "snv", login: login,
                                     roles: ["officer"], authorityLevel: nil, password: TestDatabase.personPassword)
        let held = try (0..<10).map { _ in try database.connect(as: login, password: TestDatabase.personPassword) }
        do {
            _ = try database.connect(as: login, password: TestDatabase.personPassword)
            Issue.record("an eleventh connection was accepted")
        } catch let error as PostgresError {
            #expect(error.message.contains("too many connections for role \"\(login)\""), "\(error)")
        }
        let settings = try held[0].query("SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS i")
            .singleRow()
        #expect(try settings.decode("s", as: String.self) == "30s")
        #expect(try settings.decode("i", as: String.self) == "1min")
        // The owner, who runs the migrations, is not limited.
        let owner = try (0..<12).map { _ in try database.connect() }
        #expect(owner.count == 12)
    }
}
