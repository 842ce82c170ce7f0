import ArgumentParser
import AwardsCore
import AwardsEngine
import AwardsStore
import Foundation

struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit",
        abstract: "Units (đơn vị): departments, communes, enterprises, the standing agency.",
        subcommands: [Add.self, List.self, Show.self, Edit.self, Deactivate.self, Succeed.self, AddGroup.self, Groups.self])

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct a unit (administrators): its name, kind, parent or emulation group.",
            discussion: """
                Example: awards unit edit so-noi-vu --name "Sở Nội vụ tỉnh Đắk Lắk" --parent ubnd-tinh --as tuan.hm
                Only what you give changes; every change is recorded (awards changes).
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The unit's code.") var code: String
        @Option(help: "The new full name.") var name: String?
        @Option(help: "The new kind.") var kind: UnitKind?
        @Option(help: "Code of the new parent unit.") var parent: String?
        @Option(help: "Code of the new emulation cluster or block.") var group: String?

        func run() async throws {
            try await reportingErrors(global) { language in
                let (code, name, kind, parent, group) = (code, name, kind?.rawValue, parent, group)
                guard name != nil || kind != nil || parent != nil || group != nil else {
                    throw ValidationError(language.text(vi: "không có gì để sửa: hãy cho --name, --kind, --parent hoặc --group",
                                                        en: "nothing to change: give --name, --kind, --parent or --group"))
                }
                try await global.withSession { session in
                    try session.directory.editUnit(code: code, name: name, kind: kind, parentCode: parent, groupCode: group)
                }
                print(language.text(vi: "đã sửa đơn vị \(code)", en: "updated unit \(code)"))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One unit: its parent, group, and the units it succeeded or that succeed it.",
            discussion: "Example: awards unit show xa-ea-kly")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The unit's code.") var code: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let code = code
                guard let unit = try await global.withSession({ try $0.directory.unit(code: code) }) else { throw DirectoryError.unknownUnit(code) }
                print("\(unit.code) — \(unit.name) (\(language.label(unit.kind, UnitKind.self)))")
                if let parent = unit.parentCode { print(language.text(vi: "đơn vị cấp trên: \(parent)", en: "parent: \(parent)")) }
                if let group = unit.groupCode { print(language.text(vi: "cụm, khối thi đua: \(group)", en: "emulation group: \(group)")) }
                let line = succession(unit, language)
                if !line.isEmpty {
                    print(line + (unit.successionBasis.map { language.text(vi: " (theo \($0))", en: " (by \($0))") } ?? ""))
                }
                if !unit.predecessorCodes.isEmpty {
                    print(language.text(vi: "kế thừa đơn vị: \(unit.predecessorCodes.joined(separator: ", "))",
                                        en: "succeeds: \(unit.predecessorCodes.joined(separator: ", "))"))
                }
                if unit.deactivatedAt != nil { print(language.text(vi: "đã thôi sử dụng", en: "no longer in use")) }
            }
        }
    }

    struct Succeed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a unit is merged into, or renamed as, another from a day (administrators).",
            discussion: """
                From that day the unit's nominees belong to the successor, whose officers and managers see the unit's
                nominations, proposals and decisions; old decisions keep the old name. A rename is a succession by a
                new unit code (awards unit edit --name corrects a mistyped name). Recorded once; not undone.
                Example: awards unit succeed xa-ea-kly --by xa-krong-pac --on 01/07/2025 --kind merger --decision "1660/NQ-UBTVQH15" --as tuan.hm
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The unit that is succeeded.") var code: String
        @Option(help: "The unit that succeeds it.") var by: String
        @Option(help: "From, dd/mm/yyyy.") var on: String
        @Option(help: "merger (sáp nhập) or rename (đổi tên).") var kind: SuccessionKind = .merger
        @Option(help: "The resolution or decision that ordered it (số/ký hiệu).") var decision: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try parseDate(on, "--on", language)
                let (code, by, kind, decision) = (code, by, kind, decision)
                try await global.withSession {
                    try $0.directory.recordSuccession(predecessor: code, successor: by, on: day, kind: kind, legalBasis: decision)
                }
                print(kind == .merger
                      ? language.text(vi: "đơn vị \(code) sáp nhập vào \(by) từ \(day.vietnamese)", en: "unit \(code) merged into \(by) from \(day.vietnamese)")
                      : language.text(vi: "đơn vị \(code) đổi tên thành \(by) từ \(day.vietnamese)", en: "unit \(code) renamed as \(by) from \(day.vietnamese)"))
            }
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a unit out of use (administrators), e.g. after a merger; its nominations and history stay.",
            discussion: "Example: awards unit deactivate ubnd-huyen-krong-pac --as tuan.hm   (list it again with: awards unit list --all)")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The unit's code.") var code: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let code = code
                try await global.withSession { try $0.directory.deactivateUnit(code: code) }
                print(language.text(vi: "đơn vị \(code) đã thôi sử dụng; hồ sơ và lịch sử của đơn vị được giữ nguyên",
                                    en: "unit \(code) is no longer in use; its nominations and history are kept"))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a unit.",
            discussion: """
                Example: awards unit add snv "Sở Nội vụ" --kind standing_agency --parent ubnd-tinh
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Short code, e.g. snv (lower-case letters, digits, '.', '_', '-').") var code: String
        @Argument(help: "Full Vietnamese name, e.g. \"Sở Nội vụ\".") var name: String
        @Option(help: "What the unit is.") var kind: UnitKind
        @Option(help: "Code of the parent unit.") var parent: String?
        @Option(help: "Code of the emulation cluster or block (cụm, khối thi đua).") var group: String?

        func run() async throws {
            try await reportingErrors(global) { language in
                let (code, name, kind, parent, group) = (code, name, kind, parent, group)
                let id = try await global.withSession { session in
                    try session.directory.addUnit(code: code, name: name, kind: kind.rawValue, parentCode: parent, groupCode: group)
                }
                print(language.text(vi: "đã thêm đơn vị \(code) (id \(id))", en: "added unit \(code) (id \(id))"))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List units; --search matches names with or without diacritics.",
            discussion: "Example: awards unit list --search \"so noi vu\" --format csv")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Text to find in the name (diacritics optional) or an exact code.") var search: String?
        @Option(help: "Only units of this kind.") var kind: UnitKind?
        @Flag(help: "Also units taken out of use.") var all = false
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let (search, kind) = (search, kind?.rawValue)
                let all = all
                let units = try await global.withSession { try $0.directory.listUnits(search: search, kind: kind, includingDeactivated: all) }
                var table = TableWriter(["code", "name", "kind", "parent", "group", "succession"],
                                        vi: ["mã", "tên", "loại", "đơn vị cấp trên", "cụm, khối thi đua", "sắp xếp"], in: language)
                // People read words in a table; CSV and JSON keep the codes that programs and --kind take.
                let words = format == .table ? language : .en
                units.forEach { table.add([$0.code, $0.name, words.label($0.kind, UnitKind.self), $0.parentCode, $0.groupCode,
                                           succession($0, words)]) }
                print(format == .json ? json(units) : table.render(format))
            }
        }
    }

    struct AddGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-group",
            abstract: "Add an emulation cluster or block (cụm, khối thi đua).",
            discussion: "Example: awards unit add-group khoi-kinh-te \"Khối các cơ quan kinh tế\" --kind block")
        @OptionGroup var global: GlobalOptions
        @Argument var code: String
        @Argument var name: String
        @Option(help: "cluster (cụm) or block (khối).") var kind: EmulationGroupKind

        func run() async throws {
            try await reportingErrors(global) { language in
                let (code, name, kind) = (code, name, kind)
                let id = try await global.withSession { try $0.directory.addGroup(code: code, name: name, kind: kind.rawValue) }
                print(language.text(vi: "đã thêm \(kind.vietnamese) \(code) (id \(id))", en: "added \(kind.rawValue) \(code) (id \(id))"))
            }
        }
    }

    struct Groups: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List emulation clusters and blocks.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let groups = try await global.withSession { try $0.directory.listGroups() }
                var table = TableWriter(["code", "name", "kind"], vi: ["mã", "tên", "loại"], in: language)
                let words = format == .table ? language : .en
                groups.forEach { table.add([$0.code, $0.name, words.label($0.kind, EmulationGroupKind.self)]) }
                print(format == .json ? json(groups) : table.render(format))
            }
        }
    }
}

extension SuccessionKind: ExpressibleByArgument {}

/// "sáp nhập vào xa-krong-pac từ 01/07/2025", or nothing for a unit not succeeded.
func succession(_ unit: AwardsStore.Unit, _ language: Language) -> String {
    guard let successor = unit.successorCode, let day = unit.succeededOn.flatMap(LocalDate.init(parsing:)) else { return "" }
    return unit.successionKind == SuccessionKind.rename.rawValue
        ? language.text(vi: "đổi tên thành \(successor) từ \(day.vietnamese)", en: "renamed as \(successor) from \(day.vietnamese)")
        : language.text(vi: "sáp nhập vào \(successor) từ \(day.vietnamese)", en: "merged into \(successor) from \(day.vietnamese)")
}

struct PersonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "People: officers, managers, standing-agency staff and admins, each with a database login.",
        subcommands: [Add.self, List.self, Edit.self, Term.self, EndTerm.self, Terms.self, Deactivate.self])

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct a person (administrators): name, e-mail, unit, roles or authority level.",
            discussion: """
                Example: awards person edit an.nv --email an.nv@snv.daklak.gov.vn --unit snv --as tuan.hm
                         awards person edit lan.tt --role officer --role manager --authority unit_head --as tuan.hm
                Only what you give changes; --role replaces all roles, and the login's database roles follow.
                A new --authority starts a term of office today; for other dates use awards person term.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The person's login.") var login: String
        @Option(help: "The full name.") var name: String?
        @Option var email: String?
        @Option(help: "Code of the person's unit.") var unit: String?
        @Option(name: .customLong("role"), help: "The roles, all of them; repeat for several.") var roles: [PersonRole] = []
        @Option(help: "For managers: the authority level.") var authority: String?

        func run() async throws {
            try await reportingErrors(global) { language in
                let (login, name, email, unit, authority) = (login, name, email, unit, authority)
                let roles = roles.isEmpty ? nil : roles.map(\.rawValue)
                guard name != nil || email != nil || unit != nil || roles != nil || authority != nil else {
                    throw ValidationError(language.text(vi: "không có gì để sửa: hãy cho --name, --email, --unit, --role hoặc --authority",
                                                        en: "nothing to change: give --name, --email, --unit, --role or --authority"))
                }
                try await global.withSession { session in
                    try session.directory.editPerson(login: login, fullName: name, email: email, unitCode: unit, roles: roles,
                                                     authorityLevel: authority)
                }
                print(language.text(vi: "đã sửa thông tin của \(login)", en: "updated \(login)"))
            }
        }
    }

    struct Term: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a manager's term of office (nhiệm kỳ): the authority they sign at from one day (administrators).",
            discussion: """
                Example: awards person term duc.lq --authority province_chair --from 01/07/2026 \
                           --basis "Nghị quyết số 15/NQ-HĐND ngày 30/6/2026" --as tuan.hm
                The open term before it ends the day before. Approvals are judged by the term that covers
                the decision date: a decision signed after a term ended is refused.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The manager's login.") var login: String
        @Option(help: "The authority level of the term.") var authority: String
        @Option(help: "First day of the term.") var from: String
        @Option(help: "Last day of the term, when known.") var to: String?
        @Option(help: "The election or appointment decision.") var basis: String?

        func run() async throws {
            try await reportingErrors(global) { language in
                let starts = try parseDate(from, "--from", language)
                let ends = try to.map { try parseDate($0, "--to", language) }
                let (login, authority, basis) = (login, authority, basis)
                try await global.withSession { session in
                    try session.directory.addTerm(login: login, authorityLevel: authority, startsOn: starts, endsOn: ends, basis: basis)
                }
                let until = ends.map { language.text(vi: " đến \($0.vietnamese)", en: " to \($0.vietnamese)") } ?? ""
                print(language.text(vi: "đã ghi nhiệm kỳ của \(login): \(authority) từ \(starts.vietnamese)\(until)",
                                    en: "recorded the term of \(login): \(authority) from \(starts.vietnamese)\(until)"))
            }
        }
    }

    struct EndTerm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "end-term",
            abstract: "End a manager's term of office on a day (administrators): after it they sign at no level.",
            discussion: "Example: awards person end-term duc.lq --on 30/06/2026 --as tuan.hm")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The manager's login.") var login: String
        @Option(help: "The term's last day.") var on: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try parseDate(on, "--on", language)
                let login = login
                try await global.withSession { try $0.directory.endTerm(login: login, endsOn: day) }
                print(language.text(vi: "nhiệm kỳ của \(login) kết thúc ngày \(day.vietnamese)", en: "the term of \(login) ends on \(day.vietnamese)"))
            }
        }
    }

    struct Terms: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a manager's terms of office.",
            discussion: "Example: awards person terms duc.lq")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The manager's login.") var login: String
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let login = login
                let terms = try await global.withSession { try $0.directory.terms(login: login) }
                var table = TableWriter(["authority", "from", "to", "basis"], vi: ["thẩm quyền", "từ ngày", "đến ngày", "căn cứ"], in: language)
                let date = { (iso: String?) in format == .table ? language.readable(isoDate: iso) : iso }
                // An open end reads as “…” in a table; CSV and JSON leave it empty.
                let open = format == .table ? "…" : nil
                terms.forEach { table.add([$0.authorityLevel, date($0.startsOn) ?? open, date($0.endsOn) ?? open, $0.basis]) }
                print(format == .json ? json(terms) : table.render(format))
            }
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deactivate a person (admins only): their login can no longer connect or act; their history stays.",
            discussion: "Example: awards person deactivate an.nv --as tuan.hm")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The person's login, e.g. an.nv.") var login: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let login = login
                try await global.withSession { session in try session.directory.deactivatePerson(login: login) }
                print(language.text(vi: "đã vô hiệu hóa tài khoản \(login): không đăng nhập, không thao tác được nữa; lịch sử được giữ nguyên",
                                    en: "deactivated login \(login): it can no longer connect or act; its history is kept"))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a person and create their database login role (admins only).",
            discussion: """
                Example: awards person add "Nguyễn Văn An" --email an@snv.daklak.gov.vn --unit snv \\
                           --login an.nv --role officer
                Managers need an authority level: --role manager --authority province_chair.
                The password, if the server needs one, is read from AWARDS_NEW_PASSWORD and hashed here;
                only its SCRAM-SHA-256 verifier reaches the server.
                A database role of that name that already exists is refused, unless --adopt-existing-role
                makes it this person's login (its password is then left as it is).
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Full name, e.g. \"Nguyễn Văn An\".") var name: String
        @Option var email: String
        @Option(help: "Code of the person's unit.") var unit: String
        @Option(help: "Database login to create, e.g. an.nv.") var login: String
        @Option(name: .customLong("role"), help: "What the person does; repeat for several.") var roles: [PersonRole] = []
        @Option(help: "For managers: the authority level that decides which awards they grant.") var authority: String?
        @Flag(help: "Make an existing database role of that name this person's login; its password is left as it is.")
        var adoptExistingRole = false

        func run() async throws {
            try await reportingErrors(global) { language in
                guard !roles.isEmpty else {
                    throw ValidationError(language.text(vi: "cần ít nhất một --role (\(PersonRole.codeList.replacingOccurrences(of: " or ", with: " hoặc ")))",
                                                        en: "give at least one --role (\(PersonRole.codeList))"))
                }
                let (name, email, unit, login, roles, authority, adopt) = (name, email, unit, login, roles.map(\.rawValue), authority, adoptExistingRole)
                let password = ProcessInfo.processInfo.environment["AWARDS_NEW_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
                let id = try await global.withSession { session in
                    try session.directory.registerPerson(fullName: name, email: email, unitCode: unit, login: login,
                                                         roles: roles, authorityLevel: authority, password: password,
                                                         adoptingExistingRole: adopt)
                }
                let canonical = VietnameseText.canonical(name)
                print(language.text(vi: "đã đăng ký \(canonical) với tài khoản đăng nhập \(login) (id \(id))",
                                    en: "registered \(canonical) as login \(login) (id \(id))"))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List people; --search matches names with or without diacritics.",
            discussion: "Example: awards person list --search \"nguyen van an\"")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Text to find in the name (diacritics optional) or an exact login.") var search: String?
        @Option(help: "Only people of this unit.") var unit: String?
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let (search, unit) = (search, unit)
                let people = try await global.withSession { try $0.directory.listPeople(search: search, unitCode: unit) }
                var table = TableWriter(["login", "name", "unit", "roles", "authority", "email"],
                                        vi: ["tài khoản", "họ và tên", "đơn vị", "vai trò", "thẩm quyền", "thư điện tử"], in: language)
                let words = format == .table ? language : .en
                people.forEach { person in
                    let authority = words == .vi ? person.authorityName.map { "\($0) (\(person.authorityLevel ?? ""))" } : person.authorityLevel
                    table.add([person.login, person.fullName, person.unitCode,
                               person.roles.map { words.label($0, PersonRole.self) }.joined(separator: words == .vi ? "; " : ","),
                               authority, person.email])
                }
                print(format == .json ? json(people) : table.render(format))
            }
        }
    }
}

struct MovementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "movement",
        abstract: "Emulation movements (phong trào thi đua): regular annual or thematic.",
        subcommands: [Add.self, List.self, Edit.self])

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct a movement (administrators, the standing agency): its name, end or review date.",
            discussion: """
                Example: awards movement edit sang-tao-2021 --review 15/12/2025 --as thuy.nt
                Only what you give changes; every change is recorded (awards changes).
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The movement's code.") var code: String
        @Option(help: "The new name.") var name: String?
        @Option(help: "The new last day.") var ends: String?
        @Option(help: "The new review (tổng kết) date.") var review: String?

        func run() async throws {
            try await reportingErrors(global) { language in
                let endsOn = try ends.map { try parseDate($0, "--ends", language) }
                let reviewOn = try review.map { try parseDate($0, "--review", language) }
                let (code, name) = (code, name)
                guard name != nil || endsOn != nil || reviewOn != nil else {
                    throw ValidationError(language.text(vi: "không có gì để sửa: hãy cho --name, --ends hoặc --review",
                                                        en: "nothing to change: give --name, --ends or --review"))
                }
                try await global.withSession { try $0.directory.editMovement(code: code, name: name, endsOn: endsOn, reviewOn: reviewOn) }
                print(language.text(vi: "đã sửa phong trào thi đua \(code)", en: "updated movement \(code)"))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a movement.",
            discussion: """
                Example: awards movement add sang-tao-2021 "Thi đua sáng tạo, hiến kế xây dựng Đăk Lăk giàu đẹp, văn minh, bản sắc" \\
                           --kind thematic --starts 16/07/2021 --ends 31/12/2025 --launched-by ubnd-tinh
                Dates are dd/mm/yyyy or yyyy-mm-dd.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument var code: String
        @Argument var name: String
        @Option(help: "regular (thường xuyên) or thematic (theo chuyên đề).") var kind: MovementKind
        @Option(help: "First day.") var starts: String
        @Option(help: "Last day.") var ends: String?
        @Option(help: "Review (tổng kết) date.") var review: String?
        @Option(name: .customLong("launched-by"), help: "Code of the launching unit.") var launchedBy: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let startsOn = try parseDate(starts, "--starts", language)
                let endsOn = try ends.map { try parseDate($0, "--ends", language) }
                let reviewOn = try review.map { try parseDate($0, "--review", language) }
                let (code, name, kind, launchedBy) = (code, name, kind, launchedBy)
                let id = try await global.withSession { session in
                    try session.directory.addMovement(code: code, name: name, kind: kind.rawValue, startsOn: startsOn,
                                                      endsOn: endsOn, reviewOn: reviewOn, launchedBy: launchedBy)
                }
                print(language.text(vi: "đã thêm phong trào thi đua \(code) (id \(id))", en: "added movement \(code) (id \(id))"))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List movements; --search matches names with or without diacritics.",
            discussion: "Example: awards movement list --search \"dak lak\"")
        @OptionGroup var global: GlobalOptions
        @Option var search: String?
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let search = search
                let movements = try await global.withSession { try $0.directory.listMovements(search: search) }
                var table = TableWriter(["code", "name", "kind", "starts", "ends", "review", "launched by"],
                                        vi: ["mã", "tên", "loại", "bắt đầu", "kết thúc", "tổng kết", "đơn vị phát động"], in: language)
                // Dates for people to read in Vietnamese; CSV keeps them as the database gives them.
                let date = { (iso: String?) in format == .table ? language.readable(isoDate: iso) : iso }
                let words = format == .table ? language : .en
                movements.forEach { table.add([$0.code, $0.name, words.label($0.kind, MovementKind.self), date($0.startsOn), date($0.endsOn), date($0.reviewOn), $0.launchedBy]) }
                print(format == .json ? json(movements) : table.render(format))
            }
        }
    }
}

struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show which login role you act as and the person it belongs to.",
        discussion: "Example: awards whoami --as an.nv")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reportingErrors(global) { language in
            let text = try await global.withSession { session -> String in
                let login = try session.directory.sessionRole()
                guard let person = try session.directory.currentPerson() else {
                    return language.text(vi: "\(login): vai trò cơ sở dữ liệu không gắn với người đã đăng ký (quản trị viên hoặc chủ sở hữu)",
                                         en: "\(login): a database role that is not a registered person (an administrator or the owner)")
                }
                let roles = person.roles.map { language.label($0, PersonRole.self) }.joined(separator: ", ")
                var text = "\(person.login): \(person.fullName)" + (person.email.map { " <\($0)>" } ?? "") + ", "
                    + language.text(vi: "đơn vị \(person.unitCode), vai trò: \(roles)", en: "\(person.unitCode), roles: \(roles)")
                if let level = person.authorityLevel {
                    text += language.text(vi: ", thẩm quyền: \(person.authorityName ?? level) (\(level))", en: ", authority: \(level)")
                }
                return text
            }
            print(text)
        }
    }
}

func parseDate(_ text: String, _ option: String, _ language: Language) throws -> LocalDate {
    guard let date = LocalDate(parsing: text) else {
        throw ValidationError(language.text(vi: "\(option) \"\(text)\" không phải ngày hợp lệ; hãy viết dd/mm/yyyy hoặc yyyy-mm-dd",
                                            en: "\(option) \"\(text)\" is not a date; write dd/mm/yyyy or yyyy-mm-dd"))
    }
    return date
}

func json<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    // Instants as ISO 8601 in Việt Nam time with its offset (2026-12-03T19:00:05+07:00), which any
    // program reads; Swift's default was seconds since 2001.
    encoder.dateEncodingStrategy = .custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(vietnamInstant(date))
    }
    return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
}

/// `03/12/2026 19:00 +07:00`, as a table shows an instant: with the offset, so that a reader abroad, or a
/// log in UTC beside it, need not guess the zone.
func vietnamTime(_ date: Date) -> String {
    vietnamTimeFormatter.string(from: date)
}

private let vietnamTimeFormatter: DateFormatter = {
    let formatter = DateFormatter()
    formatter.dateFormat = "dd/MM/yyyy HH:mm xxx"
    formatter.timeZone = TimeZone(secondsFromGMT: LocalDate.vietnamUTCOffset)
    return formatter
}()

/// `2026-12-03T19:00:05+07:00`.
func vietnamInstant(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(secondsFromGMT: LocalDate.vietnamUTCOffset)
    return formatter.string(from: date)
}

struct ChangesCommand: AsyncParsableCommand {
    enum Table: String, CaseIterable, ExpressibleByArgument {
        case units, people, movements, emulationGroups = "emulation_groups", authorityTerms = "authority_terms"
    }

    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "What changed in units, people, movements and terms of office: who, when, before and after.",
        discussion: """
            Example: awards changes --table people --limit 20 --as tuan.hm
            Recorded by the database for every change, made here or with psql; administrators and the
            standing agency may read them.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only changes to this table.") var table: Table?
    @Option(help: "How many, newest first.") var limit: Int = 50
    @Option(help: "table, csv or json.") var format: OutputFormat = .table

    func run() async throws {
        try await reportingErrors(global) { language in
            let (table, limit) = (table?.rawValue, limit)
            let changes = try await global.withSession { try $0.directory.changes(table: table, limit: limit) }
            var output = TableWriter(["at", "login", "table", "row", "operation", "before", "after"],
                                     vi: ["thời điểm", "tài khoản", "bảng", "dòng", "thao tác", "trước", "sau"], in: language)
            for change in changes {
                output.add([format == .table ? vietnamTime(change.at) : vietnamInstant(change.at), change.login, change.table,
                            String(change.rowID), change.operation, change.before, change.after])
            }
            print(format == .json ? json(changes) : output.render(format))
        }
    }
}
