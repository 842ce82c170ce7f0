import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// Officers and managers read people's e-mail addresses only within their units; outside, the name,
/// unit and function. Each check as the person's own login over TCP.
@Suite struct PersonalDataTests {
    @Test func anOfficerReadsAddressesOnlyWithinTheirUnits() throws {
        let province = try Province()
        let officer = try province.connect(province.officerKrongPac)
        func addresses(_ connection: Connection) throws -> [String: String?] {
            var seen: [String: String?] = [:]
            for person in try DirectoryStore(connection).listPeople() { seen[person.login] = person.email }
            return seen
        }
        let seen = try addresses(officer)
        #expect(seen.count == 6, "everyone is listed, by name")
        #expect(seen[province.officerKrongPac] == "\(province.officerKrongPac)@daklak.gov.vn", "their own")
        #expect(seen[province.districtChair] == "\(province.districtChair)@daklak.gov.vn", "their district's chair")
        for outside in [province.officerEaKar, province.unitHeadEaKar, province.provinceChair, province.agency] {
            #expect(seen[outside] == .some(nil), "\(outside) is outside Krông Pắc: no address")
        }
        #expect(try refusal { try officer.query("SELECT email FROM awards.people") }?.sqlState == "42501")
        #expect(try refusal { try officer.query("SELECT * FROM awards.people") }?.sqlState == "42501")
        // A manager likewise; the standing agency works province-wide and sees every address.
        #expect(try addresses(try province.connect(province.unitHeadEaKar))[province.officerKrongPac] == .some(nil))
        #expect(try addresses(try province.connect(province.agency)).values.allSatisfy { $0 != nil })
    }
}
