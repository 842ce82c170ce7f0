import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

@Suite struct DirectoryTests {
    let database: TestDatabase
    let directory: DirectoryStore

    init() throws {
        database = try TestDatabase.create(migrated: true)
        directory = DirectoryStore(try database.connect())
        try directory.addUnit(code: "ubnd-tinh", name: "Ủy ban nhân dân tỉnh Đắk Lắk", kind: "province", parentCode: nil, groupCode: nil)
        try directory.addUnit(code: "snv", name: "Sở Nội vụ", kind: "standing_agency", parentCode: "ubnd-tinh", groupCode: nil)
    }

    func register(_ name: String, roles: [String] = ["officer"], authority: String? = nil) throws -> String {
        let login = TestDatabase.uniqueLogin("p")
        try directory.registerPerson(fullName: name, email: "\(login)@snv.gov.vn", unitCode: "snv", login: login,
                                     roles: roles, authorityLevel: authority, password: TestDatabase.personPassword)
        return login
    }

    @Test func vietnameseNamesRoundTripAndAreFoundWithoutDiacritics() throws {
        let login = try register("Nguyễn Văn An")
        _ = try register("Nguyễn Thị Ánh")
        let found = try directory.listPeople(search: "nguyen van an")
        #expect(found.map(\.login) == [login])
        #expect(found.first?.fullName == "Nguyễn Văn An")
        #expect(try directory.listPeople(search: "NGUYỄN").count == 2)
        #expect(try directory.listUnits(search: "so noi vu").map(\.code) == ["snv"])
        #expect(try directory.listUnits(search: "dak lak").map(\.code) == ["ubnd-tinh"])
        #expect(try directory.listPeople(search: "đức").isEmpty)
    }

    @Test func decomposedInputIsStoredComposed() throws {
        let decomposed = "Le\u{0302}\u{0301} Thi\u{0323} Ho\u{0300}a"
        _ = try register(decomposed)
        let stored = try directory.listPeople(search: "le thi hoa").first?.fullName
        #expect(stored == "Lế Thị Hòa")
        #expect(stored?.unicodeScalars.count == "Lế Thị Hòa".precomposedStringWithCanonicalMapping.unicodeScalars.count)
        // Raw SQL cannot slip a decomposed name past the database either.
        let error = #expect(throws: PostgresError.self) {
            try database.connect().query("INSERT INTO awards.units (code, name, kind) VALUES ('x', $1, 'other')", [decomposed])
        }
        #expect(error?.sqlState == "23514")
    }

    @Test func registeringAPersonCreatesTheirLoginAndWhoamiKnowsThem() throws {
        let login = try register("Trần Thị Bích Hằng", roles: ["manager"], authority: "province_chair")
        let own = DirectoryStore(try database.connect(as: login, password: TestDatabase.personPassword))
        let me = try own.currentPerson()
        #expect(me?.fullName == "Trần Thị Bích Hằng")
        #expect(me?.roles == ["manager"])
        #expect(me?.authorityLevel == "province_chair")
        #expect(try own.sessionRole() == login)
    }

    @Test func unknownUnitsAndBadValuesAreRefusedWithClearErrors() throws {
        #expect(throws: DirectoryError.unknownUnit("nope")) {
            try directory.addUnit(code: "x", name: "X", kind: "other", parentCode: "nope", groupCode: nil)
        }
        let unknown = #expect(throws: PostgresError.self) {
            try directory.registerPerson(fullName: "A", email: "a@b.vn", unitCode: "nope", login: TestDatabase.uniqueLogin("u"),
                                         roles: ["officer"], authorityLevel: nil)
        }
        #expect(unknown?.message == "unknown unit \"nope\"")
        let managerWithoutAuthority = #expect(throws: PostgresError.self) {
            try directory.registerPerson(fullName: "A", email: "a@b.vn", unitCode: "snv", login: TestDatabase.uniqueLogin("u"),
                                         roles: ["manager"], authorityLevel: nil)
        }
        #expect(managerWithoutAuthority?.sqlState == "23514")
        let reserved = #expect(throws: PostgresError.self) {
            try directory.registerPerson(fullName: "A", email: "a@b.vn", unitCode: "snv", login: "postgres",
                                         roles: ["officer"], authorityLevel: nil)
        }
        #expect(reserved?.message.contains("reserved") == true)
        // Nothing half-written: no person rows from the failed attempts.
        #expect(try directory.listPeople().isEmpty)
    }

    /// With their own login and psql, an officer can read the directory but cannot change it or
    /// register people.
    @Test func anOfficerCannotChangeTheDirectoryWithRawSQL() throws {
        let login = try register("Y Đhăm Êban")
        let officer = try database.connect(as: login, password: TestDatabase.personPassword)
        #expect(try officer.query("SELECT count(*) AS n FROM awards.units").singleRow().decode("n", as: Int.self) == 2)
        for attack in [
            "INSERT INTO awards.units (code, name, kind) VALUES ('hack', 'Hack', 'other')",
            "UPDATE awards.units SET name = 'Hacked'",
            "DELETE FROM awards.units",
            "UPDATE awards.people SET roles = ARRAY['admin']",
            "INSERT INTO awards.schema_migrations (version, name, checksum) VALUES (999, 'x', 'x')",
            "SELECT awards.register_person('X', 'x@y.vn', 'snv', 'sneaky_admin', ARRAY['admin'])",
        ] {
            let error = #expect(throws: PostgresError.self, "\(attack)") { try officer.query(attack) }
            #expect(error?.sqlState == "42501", "\(attack): \(error?.message ?? "")")
        }
        #expect(try directory.listUnits().map(\.name).contains("Sở Nội vụ"))
    }

    @Test func aUnitCannotBecomeItsOwnAncestor() throws {
        try directory.addUnit(code: "child", name: "Phòng", kind: "other", parentCode: "snv", groupCode: nil)
        let error = #expect(throws: PostgresError.self) {
            try database.connect().query("UPDATE awards.units SET parent_id = (SELECT id FROM awards.units WHERE code = 'child') WHERE code = 'ubnd-tinh'")
        }
        #expect(error?.sqlState == "23514")
    }
}

/// Control characters (an ESC that would recolour or hide text on other users' terminals) never reach a
/// stored name or address, whichever way they are written.
@Suite struct ControlCharacterTests {
    @Test(arguments: ["Nguyễn\u{1B}[2J Văn An", "Lê\u{07}Thị Mai", "Trần\nVăn Hùng", "Sở\u{7F}Nội vụ"])
    func namesWithControlCharactersAreRefused(name: String) throws {
        let database = try TestDatabase.create(migrated: true)
        let owner = try database.connect()
        let error = try refusal {
            try owner.query("INSERT INTO awards.units (code, name, kind) VALUES ('x', $1, 'department')", [name])
        }
        #expect(error?.sqlState == "23514")
        #expect(error?.constraint == "display_name_printable")
        #expect(try owner.query("SELECT count(*) AS n FROM awards.units").singleRow().decode("n", as: Int.self) == 0)
    }

    @Test func anAddressWithAControlCharacterIsRefused() throws {
        let database = try TestDatabase.create(migrated: true)
        let directory = DirectoryStore(try database.connect())
        try directory.addUnit(code: "snv", name: "Sở Nội vụ", kind: "standing_agency", parentCode: nil, groupCode: nil)
        let error = try refusal {
            try directory.registerPerson(fullName: "Nguyễn Văn An", email: "an\u{1B}[31m@snv.gov.vn", unitCode: "snv",
                                         login: TestDatabase.uniqueLogin("esc"), roles: ["officer"], authorityLevel: nil)
        }
        #expect(error?.constraint == "people_email_printable")
    }
}
