import AwardsCore
import AwardsStore
import Postgres

/// The sample province of the README's main job, taken from the user's seed document: the Đắk Lắk plan
/// implementing Directive 19/CT-TTg. Loading it twice changes nothing: each item is added only if its
/// code (or login) is not there yet.
public struct SampleProvince {
    public struct UnitSeed: Sendable {
        public let code, name, kind: String
        public let parent: String?
        public let group: String?
    }

    public struct PersonSeed: Sendable {
        public let name, email, unit, login: String
        public let roles: [String]
        public let authority: String?
    }

    public static let groups: [(code: String, name: String, kind: String)] = [
        ("khoi-tong-hop", "Khối các cơ quan tổng hợp", "block"),
        ("khoi-van-hoa-xa-hoi", "Khối văn hoá – xã hội", "block"),
        ("cum-huyen-phia-dong", "Cụm thi đua các huyện phía Đông", "cluster"),
    ]

    public static let units: [UnitSeed] = [
        UnitSeed(code: "ubnd-tinh", name: "Ủy ban nhân dân tỉnh Đắk Lắk", kind: "province", parent: nil, group: nil),
        UnitSeed(code: "snv", name: "Sở Nội vụ (Ban Thi đua – Khen thưởng)", kind: "standing_agency", parent: "ubnd-tinh", group: "khoi-tong-hop"),
        UnitSeed(code: "stc", name: "Sở Tài chính", kind: "department", parent: "ubnd-tinh", group: "khoi-tong-hop"),
        UnitSeed(code: "stttt", name: "Sở Thông tin và Truyền thông", kind: "department", parent: "ubnd-tinh", group: "khoi-van-hoa-xa-hoi"),
        UnitSeed(code: "snnptnt", name: "Sở Nông nghiệp và Phát triển nông thôn", kind: "department", parent: "ubnd-tinh", group: "khoi-tong-hop"),
        UnitSeed(code: "ubnd-krong-pac", name: "UBND huyện Krông Pắc", kind: "district", parent: "ubnd-tinh", group: "cum-huyen-phia-dong"),
        UnitSeed(code: "ubnd-ea-kar", name: "UBND huyện Ea Kar", kind: "district", parent: "ubnd-tinh", group: "cum-huyen-phia-dong"),
        UnitSeed(code: "xa-ea-phe", name: "UBND xã Ea Phê", kind: "commune", parent: "ubnd-krong-pac", group: nil),
        UnitSeed(code: "cty-cao-su", name: "Công ty TNHH MTV Cao su Đắk Lắk", kind: "enterprise", parent: "ubnd-tinh", group: nil),
    ]

    public static let people: [PersonSeed] = [
        PersonSeed(name: "Nguyễn Văn An", email: "an.nv@snv.daklak.gov.vn", unit: "snv", login: "an.nv", roles: ["officer", "standing_agency"], authority: nil),
        PersonSeed(name: "Trần Thị Bích Hằng", email: "hang.ttb@krongpac.daklak.gov.vn", unit: "ubnd-krong-pac", login: "hang.ttb", roles: ["officer"], authority: nil),
        PersonSeed(name: "Y Đhăm Êban", email: "dham.ey@eakar.daklak.gov.vn", unit: "ubnd-ea-kar", login: "dham.ey", roles: ["officer"], authority: nil),
        PersonSeed(name: "Lê Quang Đức", email: "duc.lq@krongpac.daklak.gov.vn", unit: "ubnd-krong-pac", login: "duc.lq", roles: ["manager"], authority: "district_chair"),
        PersonSeed(name: "Phạm Ngọc Nghị", email: "nghi.pn@daklak.gov.vn", unit: "ubnd-tinh", login: "nghi.pn", roles: ["manager"], authority: "province_chair"),
        PersonSeed(name: "Hoàng Minh Tuấn", email: "tuan.hm@snv.daklak.gov.vn", unit: "snv", login: "tuan.hm", roles: ["admin"], authority: nil),
        PersonSeed(name: "Vũ Hồng Thắm", email: "tham.vh@caosudaklak.vn", unit: "cty-cao-su", login: "tham.vh", roles: ["officer"], authority: nil),
        PersonSeed(name: "Đinh Văn Khoa", email: "khoa.dv@caosudaklak.vn", unit: "cty-cao-su", login: "khoa.dv", roles: ["manager"], authority: "unit_head"),
        PersonSeed(name: "Lê Thị Mai", email: "mai.lt@stc.daklak.gov.vn", unit: "stc", login: "mai.lt", roles: ["officer"], authority: nil),
        PersonSeed(name: "Nguyễn Hữu Phước", email: "phuoc.nh@stc.daklak.gov.vn", unit: "stc", login: "phuoc.nh", roles: ["manager"], authority: "unit_head"),
        PersonSeed(name: "Phan Văn Tài", email: "tai.pv@stttt.daklak.gov.vn", unit: "stttt", login: "tai.pv", roles: ["officer"], authority: nil),
        PersonSeed(name: "Đỗ Thị Ngọc", email: "ngoc.dt@stttt.daklak.gov.vn", unit: "stttt", login: "ngoc.dt", roles: ["manager"], authority: "unit_head"),
        PersonSeed(name: "H'Linh Niê", email: "linh.hn@snnptnt.daklak.gov.vn", unit: "snnptnt", login: "linh.hn", roles: ["officer"], authority: nil),
        PersonSeed(name: "Võ Minh Quang", email: "quang.vm@snnptnt.daklak.gov.vn", unit: "snnptnt", login: "quang.vm", roles: ["manager"], authority: "unit_head"),
        // The provincial council's secretary (Trưởng Ban Thi đua – Khen thưởng), a member, and the agency's specialist.
        PersonSeed(name: "Trần Văn Bình", email: "binh.tv@snv.daklak.gov.vn", unit: "snv", login: "binh.tv", roles: ["standing_agency"], authority: nil),
        PersonSeed(name: "Nguyễn Thị Lan", email: "lan.nt@daklak.gov.vn", unit: "ubnd-tinh", login: "lan.nt", roles: ["officer"], authority: nil),
        PersonSeed(name: "Lương Thị Thu", email: "thu.lt@snv.daklak.gov.vn", unit: "snv", login: "thu.lt", roles: ["standing_agency"], authority: nil),
    ]

    public static let movementCode = "sang-tao-dak-lak-2021"
    public static let movementName = "Thi đua sáng tạo, hiến kế xây dựng Đăk Lăk giàu đẹp, văn minh, bản sắc"

    /// Adds whatever of the sample is missing; returns one line per item added.
    public static func load(into directory: DirectoryStore, language: Language) throws -> [String] {
        let say: (String, String) -> String = language.text
        var added: [String] = []
        let existingGroups = Set(try directory.listGroups().map(\.code))
        for group in groups where !existingGroups.contains(group.code) {
            try directory.addGroup(code: group.code, name: group.name, kind: group.kind)
            added.append(say("đã thêm \(group.kind == "cluster" ? "cụm" : "khối") \(group.name)", "added \(group.kind) \(group.name)"))
        }
        let existingUnits = Set(try directory.listUnits().map(\.code))
        for unit in units where !existingUnits.contains(unit.code) {
            try directory.addUnit(code: unit.code, name: unit.name, kind: unit.kind, parentCode: unit.parent, groupCode: unit.group)
            added.append(say("đã thêm đơn vị \(unit.name)", "added unit \(unit.name)"))
        }
        let existingPeople = Set(try directory.listPeople().map(\.login))
        for person in people where !existingPeople.contains(person.login) {
            // The sample's logins are its own: one left by an earlier sample database on the same server is taken back.
            try directory.registerPerson(fullName: person.name, email: person.email, unitCode: person.unit,
                                         login: person.login, roles: person.roles, authorityLevel: person.authority,
                                         adoptingExistingRole: try directory.loginRoleExists(person.login))
            let roles = person.roles.joined(separator: ", ")
            added.append(say("đã đăng ký \(person.name) (\(roles)), tài khoản đăng nhập \(person.login)",
                             "registered \(person.name) (\(roles)) as login \(person.login)"))
        }
        if try directory.listMovements(search: movementCode).isEmpty {
            try directory.addMovement(code: movementCode, name: movementName, kind: "thematic",
                                      startsOn: LocalDate(year: 2021, month: 7, day: 16)!,
                                      endsOn: LocalDate(year: 2025, month: 12, day: 31)!,
                                      reviewOn: LocalDate(year: 2025, month: 11, day: 30)!,
                                      launchedBy: "ubnd-tinh")
            added.append(say("đã thêm phong trào thi đua “\(movementName)”", "added movement “\(movementName)”"))
        }
        return added
    }
}
