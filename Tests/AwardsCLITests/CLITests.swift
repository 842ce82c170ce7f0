import AwardsCore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// The CLI as a user meets it: help, output, and one clear line for every kind of bad input.
@Suite struct CLITests {
    let database: TestDatabase
    let environment: [String: String]

    init() async throws {
        database = try TestDatabase.create()
        // libpq takes host, port, user and password from the test server's PG* variables.
        environment = ["DATABASE_URL": "dbname=\(database.name)", "MESSAGES_LANGUAGE": "en"]
        let migrate = try await awards(["db", "migrate"])
        #expect(migrate.exitCode == 0, "\(migrate.standardError)")
        #expect(try await awards(["unit", "add", "ubnd-tinh", "Ủy ban nhân dân tỉnh Đắk Lắk", "--kind", "province"]).exitCode == 0)
    }

    func awards(_ arguments: [String], extra: [String: String] = [:]) async throws -> ProgramRun {
        try await ProgramRun.run("awards", arguments, environment: environment.merging(extra) { $1 })
    }

    func unitCount() throws -> Int {
        try database.connect().query("SELECT count(*) AS n FROM awards.units").singleRow().decode("n", as: Int.self)
    }

    @Test(arguments: [
        ["demo"], ["db", "migrate"], ["db", "status"], ["db", "start"], ["db", "stop"],
        ["unit", "add"], ["unit", "list"], ["unit", "show"], ["unit", "edit"], ["unit", "deactivate"], ["unit", "succeed"], ["unit", "add-group"], ["person", "add"], ["person", "list"],
        ["person", "edit"], ["person", "term"], ["person", "end-term"], ["person", "terms"], ["movement", "edit"], ["changes"], ["obligation", "edit"], ["obligation", "cancel"], ["obligation", "reopen"],
        ["movement", "add"], ["movement", "list"], ["whoami"], ["calendar", "holidays"], ["calendar", "add"],
        ["nominate"], ["cultivate"], ["summarize"], ["propose"], ["approve"], ["reject"], ["return"], ["forward"],
        ["amend"], ["record-decision"], ["replicate"], ["close"], ["withdraw"], ["advance"], ["show"], ["list"], ["catalog"], ["catalog", "show"],
        ["workflow", "check"], ["downgrade"],
        ["proposal"], ["proposal", "new"], ["proposal", "add"], ["proposal", "remove"], ["proposal", "submit"], ["proposal", "receive"],
        ["proposal", "return"], ["proposal", "withdraw"], ["proposal", "list"], ["proposal", "show"],
        ["decision"], ["decision", "sign"], ["decision", "list"], ["decision", "show"], ["decision", "revoke"], ["money"],
        ["council"], ["council", "create"], ["council", "member", "add"], ["council", "member", "end"], ["council", "members"],
        ["council", "meeting", "open"], ["council", "meetings"], ["council", "recuse"], ["council", "vote"], ["council", "count"],
        ["council", "show"],
        ["appraisal"], ["appraisal", "receive"], ["appraisal", "assign"], ["appraisal", "judge"], ["appraisal", "return"],
        ["appraisal", "submit"], ["appraisal", "list"], ["appraisal", "show"],
        ["nominee"], ["nominee", "add"], ["nominee", "move"], ["nominee", "rate"], ["nominee", "initiative"], ["nominee", "block"],
        ["nominee", "unblock"], ["nominee", "members"], ["history"], ["history", "show"], ["history", "import"], ["eligible"],
        ["posting"], ["posting", "new"], ["posting", "objection"], ["posting", "find"], ["posting", "close"], ["posting", "list"], ["posting", "show"],
    ])
    func everyCommandHasHelpWithAnExample(_ command: [String]) async throws {
        let run = try await awards(command + ["--help"])
        #expect(run.exitCode == 0)
        #expect(run.standardOutput.contains("Example:"), "\(command.joined(separator: " ")) --help has no example")
    }

    /// The whole help of the root and of three commands, as a user reads it: a change to any option,
    /// text or example shows here. After an intended change, regenerate with
    /// `COLUMNS=80 .build/debug/awards [COMMAND] --help > Tests/AwardsCLITests/HelpSnapshots/NAME.txt`.
    @Test(arguments: [("awards", [String]()), ("approve", ["approve"]), ("obligation-add", ["obligation", "add"]), ("history-import", ["history", "import"])])
    func helpReadsAsItsSnapshot(_ name: String, _ command: [String]) async throws {
        let snapshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("HelpSnapshots/\(name).txt")
        let expected = try String(contentsOf: snapshot, encoding: .utf8)
        let run = try await awards(command + ["--help"], extra: ["COLUMNS": "80"])
        #expect(run.exitCode == 0)
        #expect(run.standardOutput == expected, "regenerate \(snapshot.path) if the change is intended")
    }

    /// `db status` says which settings file was read, why that one, and whether the files read from
    /// beside it are there: a --config elsewhere needs them too.
    @Test func dbStatusShowsWhereTheConfigurationWasFound() async throws {
        let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shipped = project.appendingPathComponent("config/settings.yaml").path
        let status = try await awards(["db", "status", "--config", shipped, "--lang", "en"])
        #expect(status.exitCode == 0, "\(status.standardError)")
        #expect(status.standardOutput.hasPrefix("settings: \(shipped) (from --config); the other files are read from the same folder: "
                                                + "workflow.yaml, proposals.yaml, awards.yaml, holidays.yaml, reminders.yaml, mail/\n"), "\(status.standardOutput)")
        let alone = FileManager.default.temporaryDirectory.appendingPathComponent("alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: alone) }
        try FileManager.default.copyItem(atPath: shipped, toPath: alone.appendingPathComponent("settings.yaml").path)
        let lonely = try await awards(["db", "status", "--lang", "en"], extra: ["AWARDS_CONFIG": alone.appendingPathComponent("settings.yaml").path])
        #expect(lonely.standardOutput.hasPrefix("settings: \(alone.appendingPathComponent("settings.yaml").path) (from AWARDS_CONFIG); the other files are read "
                                                + "from the same folder: workflow.yaml (MISSING), proposals.yaml (MISSING), awards.yaml (MISSING)"), "\(lonely.standardOutput)\(lonely.standardError)")
    }

    @Test func unitsRoundTripThroughTheCLIWithSearchesWithoutDiacritics() async throws {
        let add = try await awards(["unit", "add", "snv", "  Sở   Nội vụ ", "--kind", "standing_agency", "--parent", "ubnd-tinh"])
        #expect(add.exitCode == 0, "\(add.standardError)")
        let csv = try await awards(["unit", "list", "--search", "SO NOI VU", "--format", "csv"])
        #expect(csv.standardOutput == "\u{FEFF}code,name,kind,parent,group,succession\r\nsnv,Sở Nội vụ,standing_agency,ubnd-tinh,,\n", "with a byte-order mark, for Excel")
        let json = try await awards(["unit", "list", "--format", "json"])
        let units = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]]
        #expect(units?.compactMap { $0["name"] as? String } == ["Sở Nội vụ", "Ủy ban nhân dân tỉnh Đắk Lắk"])
    }

    /// A name that a spreadsheet would run as a formula stays text in CSV (issue 9, finding 9).
    @Test func csvCellsThatLookLikeFormulasAreNeutralised() async throws {
        for (code, name) in [("f1", "=HYPERLINK(\"http://x\",\"Bấm\")"), ("f2", "+1 Sở"), ("f3", "-Sở"), ("f4", "@SUM(A1)")] {
            // After `--` a name may start with "-" (the parser would take it for an option).
            let add = try await awards(["unit", "add", "--kind", "other", "--parent", "ubnd-tinh", "--", code, name])
            #expect(add.exitCode == 0, "\(add.standardError)")
        }
        let csv = try await awards(["unit", "list", "--kind", "other", "--format", "csv"])
        #expect(csv.standardOutput == "\u{FEFF}code,name,kind,parent,group,succession\r\n"
            + "f1,\"'=HYPERLINK(\"\"http://x\"\",\"\"Bấm\"\")\",other,ubnd-tinh,,\r\n"
            + "f2,'+1 Sở,other,ubnd-tinh,,\r\nf3,'-Sở,other,ubnd-tinh,,\r\nf4,'@SUM(A1),other,ubnd-tinh,,\n")
    }

    @Test(arguments: [
        (["unit", "add", "ubnd-tinh", "Trùng", "--kind", "province"], "already exists"),
        (["unit", "add", "x", "X", "--kind", "department", "--parent", "khong-co"], "unknown unit \"khong-co\""),
        (["unit", "add", "Bad Code", "X", "--kind", "department"], "a code uses lower-case letters"),
        (["unit", "add", "x", "X", "--kind", "planet"], "one of: province, department, district, commune, enterprise, standing_agency, other; see: awards unit add --help"),
        (["unit", "add", "x", "   ", "--kind", "other"], "a name must be non-empty"),
        (["movement", "add", "m", "M", "--kind", "regular", "--starts", "31/02/2021", "--launched-by", "ubnd-tinh"], "is not a date"),
        (["movement", "add", "m", "M", "--kind", "regular", "--starts", "01/02/2021", "--ends", "01/01/2021", "--launched-by", "ubnd-tinh"], "end date is before the start date"),
        (["movement", "add", "m", "M", "--kind", "regular", "--starts", "01/02/2021", "--launched-by", "nowhere"], "unknown unit \"nowhere\""),
        (["person", "add", "A", "--email", "not-an-address", "--unit", "ubnd-tinh", "--login", "a.b", "--role", "officer"], "e-mail address is not valid"),
        (["person", "add", "A", "--email", "a@b.vn", "--unit", "ubnd-tinh", "--login", "a.b", "--role", "manager"], "needs an authority level"),
        (["person", "add", "A", "--email", "a@b.vn", "--unit", "ubnd-tinh", "--login", "Bad Login", "--role", "officer"], "login \"Bad Login\" is not valid"),
    ] as [([String], String)])
    func badInputGetsOneClearLineAndChangesNothing(_ arguments: [String], _ expected: String) async throws {
        let before = try unitCount()
        let run = try await awards(arguments)
        #expect(run.exitCode != 0)
        #expect(run.standardOutput.isEmpty)
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count >= 1 && lines.allSatisfy { $0.hasPrefix("error:") || $0.hasPrefix("Usage:") || $0.hasPrefix("  See") || $0.isEmpty })
        #expect(run.standardError.contains(expected), "stderr was: \(run.standardError)")
        #expect(try unitCount() == before)
    }

    /// A merger recorded from the CLI shows on both units; a cycle is one clear Vietnamese line and
    /// writes nothing.
    @Test func aMergerShowsOnTheUnitsAndACycleIsOneClearLine() async throws {
        for (code, name) in [("xa-a", "UBND xã A"), ("xa-b", "UBND xã B")] {
            #expect(try await awards(["unit", "add", code, name, "--kind", "commune", "--parent", "ubnd-tinh"]).exitCode == 0)
        }
        let succeed = try await awards(["unit", "succeed", "xa-a", "--by", "xa-b", "--on", "01/07/2025", "--decision", "202/2025/QH15", "--lang", "vi"])
        #expect(succeed.exitCode == 0 && succeed.standardOutput == "đơn vị xa-a sáp nhập vào xa-b từ 01/07/2025\n", "\(succeed.standardError)")
        let list = try await awards(["unit", "list", "--search", "xa-a", "--format", "csv"])
        #expect(list.standardOutput.contains("xa-a,UBND xã A,commune,ubnd-tinh,,merged into xa-b from 01/07/2025"), "\(list.standardOutput)")
        let show = try await awards(["unit", "show", "xa-b", "--lang", "vi"])
        #expect(show.standardOutput.contains("kế thừa đơn vị: xa-a"), "\(show.standardOutput)")
        let old = try await awards(["unit", "show", "xa-a", "--lang", "vi"])
        #expect(old.standardOutput.contains("sáp nhập vào xa-b từ 01/07/2025 (theo 202/2025/QH15)"), "\(old.standardOutput)")

        let cycle = try await awards(["unit", "succeed", "xa-b", "--by", "xa-a", "--on", "01/01/2026", "--decision", "1/NQ", "--lang", "vi"])
        #expect(cycle.exitCode != 0 && cycle.standardOutput.isEmpty)
        #expect(cycle.standardError == "lỗi: giá trị không hợp lệ: đơn vị xa-b không thể sáp nhập vào xa-a: xa-a đã (trực tiếp hoặc qua các lần sáp nhập) sáp nhập vào xa-b, sẽ thành một vòng lặp\n",
                "\(cycle.standardError)")
        let count = try database.connect().query("SELECT count(*) AS n FROM awards.unit_successions").singleRow().decode("n", as: Int.self)
        #expect(count == 1)
    }

    @Test func errorsAndDatesAreVietnameseWithLangVi() async throws {
        let kind = try await awards(["unit", "add", "x", "X", "--kind", "planet", "--lang", "vi"])
        #expect(kind.exitCode == 64, "a usage error, as the parser's own")
        #expect(kind.standardError == "lỗi: giá trị 'planet' không hợp lệ cho --kind; hãy chọn một trong: province, department, district, commune, enterprise, standing_agency, other; xem: awards unit add --help\n")
        let date = try await awards(["movement", "add", "m", "M", "--kind", "regular", "--starts", "31/02/2021", "--launched-by", "ubnd-tinh", "--lang", "vi"])
        #expect(date.standardError == "lỗi: --starts \"31/02/2021\" không phải ngày hợp lệ; hãy viết dd/mm/yyyy hoặc yyyy-mm-dd\n")
        #expect(try await awards(["calendar", "add", "24/01/2025", "1", "--lang", "vi"]).standardOutput == "03/02/2025\n")
        let added = try await awards(["unit", "add", "snv", "Sở Nội vụ", "--kind", "standing_agency", "--parent", "ubnd-tinh", "--lang", "vi"])
        #expect(added.standardOutput.hasPrefix("đã thêm đơn vị snv (id "), "\(added.standardError)")
    }

    @Test func calendarPrintsHolidaysAndCountsWorkingDays() async throws {
        let year = try await awards(["calendar", "2025"])
        #expect(year.exitCode == 0)
        let lines = year.standardOutput.split(separator: "\n")
        #expect(lines.first == "2025-01-01 Tết Dương lịch")
        #expect(lines.contains("2025-04-07 Giỗ Tổ Hùng Vương"))
        #expect(lines.filter { $0.hasSuffix("Tết Nguyên đán") }.count == 5)
        // Friday before Tết 2025 plus one working day is the Monday after the break.
        #expect(try await awards(["calendar", "add", "24/01/2025", "1"]).standardOutput == "2025-02-03\n")
        #expect(try await awards(["calendar", "add", "2025-02-03", "-1"]).standardOutput == "2025-01-24\n")
        let bad = try await awards(["calendar", "add", "30/02/2025", "1"])
        #expect(bad.exitCode != 0)
        #expect(bad.standardError.contains("is not a date"))
    }

    @Test func everyProblemInTheHolidaysFileIsListedWithItsPathAndLine() async throws {
        let project = try TestProject.make(edits: ["holidays.yaml": """
            years:
              2025:
                tett: [2025-01-27]
                national_day_second_day: 2025-09-05
            """])
        defer { project.remove() }
        let run = try await awards(["calendar", "2025", "--config", project.settingsFile.path])
        let path = project.directory.appendingPathComponent("config/holidays.yaml").path
        #expect(run.exitCode == 1)
        #expect(run.standardError == """
            error: the configuration has problems:
            \(path):3: unknown key `tett` in year 2025; expected one of: source, tet, national_day_second_day, days_off, working_days
            \(path):4: the day next to Quốc khánh must be 01/09/2025 or 03/09/2025, not 05/09/2025

            """)
    }

    @Test func connectionProblemsAreExplained() async throws {
        let refused = try await awards(["unit", "list"], extra: ["DATABASE_URL": "postgres://x@127.0.0.1:1/db?connect_timeout=2"])
        #expect(refused.exitCode == 1)
        #expect(refused.standardError.hasPrefix("error: cannot connect to PostgreSQL as x@127.0.0.1:1/db"))
        #expect(refused.standardError.contains("check DATABASE_URL"))

        let malformed = try await awards(["unit", "list"], extra: ["DATABASE_URL": "postgres://x@[::1/db"])
        #expect(malformed.exitCode == 1)
        #expect(malformed.standardError.hasPrefix("error: invalid database URL"))

        let login = TestDatabase.uniqueLogin("pw")
        try database.connect().query("CREATE ROLE \(login) LOGIN PASSWORD 'right'")
        let wrong = try await awards(["whoami", "--as", login], extra: ["PGPASSWORD": "wrong"])
        #expect(wrong.exitCode == 1)
        #expect(wrong.standardError.contains("password authentication failed"))

        let noConfig = try await awards(["unit", "list", "--config", "/nonexistent/settings.yaml"])
        #expect(noConfig.exitCode == 1)
        #expect(noConfig.standardError == "error: settings file /nonexistent/settings.yaml not found; run from the project folder, or set AWARDS_HOME or AWARDS_CONFIG (or pass --config)\n")
    }

    @Test func aPersonActsAsTheirOwnLogin() async throws {
        let login = TestDatabase.uniqueLogin("cli")
        let add = try await awards(["person", "add", "Nguyễn Văn An", "--email", "an@snv.gov.vn", "--unit", "ubnd-tinh",
                              "--login", login, "--role", "officer"], extra: ["AWARDS_NEW_PASSWORD": "mật khẩu"])
        #expect(add.exitCode == 0, "\(add.standardError)")
        let whoami = try await awards(["whoami", "--as", login], extra: ["PGPASSWORD": "mật khẩu"])
        #expect(whoami.standardOutput == "\(login): Nguyễn Văn An <an@snv.gov.vn>, ubnd-tinh, roles: officer\n")
        // As that officer, registering someone else is refused by the database.
        let escalate = try await awards(["person", "add", "Kẻ Gian", "--email", "x@y.vn", "--unit", "ubnd-tinh",
                                   "--login", TestDatabase.uniqueLogin("x"), "--role", "admin", "--as", login],
                                  extra: ["PGPASSWORD": "mật khẩu"])
        #expect(escalate.exitCode == 1)
        #expect(escalate.standardError.hasPrefix("error: not allowed"))
    }
}

@Suite struct NominationCLITests {
    let database: TestDatabase
    let environment: [String: String]
    let officer: String
    let chair: String

    init() async throws {
        database = try TestDatabase.create()
        environment = ["DATABASE_URL": "dbname=\(database.name)", "AWARDS_NEW_PASSWORD": TestDatabase.personPassword,
                       "MESSAGES_LANGUAGE": "en"]
        officer = TestDatabase.uniqueLogin("officer")
        chair = TestDatabase.uniqueLogin("chair")
        for arguments in [
            ["db", "migrate"],
            ["unit", "add", "tinh", "UBND tỉnh", "--kind", "province"],
            ["unit", "add", "xa", "UBND xã Ea Phê", "--kind", "commune", "--parent", "tinh"],
            ["person", "add", "Trần Thị Hằng", "--email", "h@x.vn", "--unit", "xa", "--login", officer, "--role", "officer"],
            ["person", "add", "Phạm Ngọc Nghị", "--email", "n@x.vn", "--unit", "tinh", "--login", chair, "--role", "manager", "--authority", "province_chair"],
        ] {
            let run = try await ProgramRun.run("awards", arguments, environment: environment)
            #expect(run.exitCode == 0, "\(arguments): \(run.standardError)")
        }
    }

    func awards(_ login: String, _ arguments: [String]) async throws -> ProgramRun {
        try await ProgramRun.run("awards", arguments + ["--as", login], environment: environment.merging(["PGPASSWORD": TestDatabase.personPassword]) { $1 })
    }

    /// An obligation owed by a unit where nobody would be reminded (no officer there or above) is
    /// recorded, with a warning that says so and what to do.
    @Test func anObligationNobodyWouldBeRemindedOfIsRecordedWithAWarning() async throws {
        #expect(try await ProgramRun.run("awards", ["unit", "add", "xa2", "UBND xã Ea Kly", "--kind", "commune", "--parent", "tinh"],
                                   environment: environment).exitCode == 0)
        let agency = TestDatabase.uniqueLogin("agency")
        #expect(try await ProgramRun.run("awards", ["person", "add", "Nguyễn Văn An", "--email", "a@x.vn", "--unit", "tinh", "--login", agency,
                                              "--role", "standing_agency"], environment: environment).exitCode == 0)
        let due = LocalDate.todayInVietnam.adding(days: 30).vietnamese
        let added = try await awards(agency, ["obligation", "add", "Báo cáo sơ kết", "--due", due, "--to", "tinh", "--unit", "xa", "--unit", "xa2"])
        #expect(added.exitCode == 0, "\(added.standardError)")
        #expect(added.standardOutput.hasPrefix("obligation 1: due \(due), owed by 2 units: xa, xa2"))
        #expect(added.standardError == "warning: nobody will be reminded of it at xa2: neither the unit nor any above it has an officer; register one: awards person add … --role officer\n")
    }

    @Test func officersAndManagersWalkANominationFromTheCommandLine() async throws {
        let nominate = try await awards(officer, ["nominate", "Y Bhin Niê", "--kind", "individual", "--occupation", "farmer",
                                            "--unit", "xa", "--note", "Mô hình cà phê"])
        #expect(nominate.standardOutput == "nomination 1: Y Bhin Niê — detected\n", "\(nominate.standardError)")
        #expect(try await awards(officer, ["summarize", "1", "--summary", "Năng suất tăng 30%"]).standardOutput == "nomination 1: summarize → summarized\n")
        let early = try await awards(chair, ["approve", "1", "--decision", "1/QĐ-UBND", "--date", "20/11/2026"])
        #expect(early.exitCode == 1)
        #expect(early.standardError == "error: cannot approve: nomination is in state summarized; from summarized you may: propose, amend, join_proposal, leave_proposal, withdraw\n")
        let wrongRole = try await awards(officer, ["propose", "1", "--award", "GIAY_KHEN"])
        #expect(wrongRole.exitCode == 0)
        let officerApproves = try await awards(officer, ["approve", "1", "--decision", "1/QĐ-UBND", "--date", "20/11/2026"])
        #expect(officerApproves.standardError == "error: role officer may not approve; allowed roles: manager\n")
        let missing = try await awards(chair, ["advance", "1", "approve", "--field", "decision_number=1/QĐ-UBND"])
        #expect(missing.standardError == "error: missing field decision_date for approve\n")
        let stale = try await awards(chair, ["return", "1", "--reason", "Bổ sung", "--expect", "summarized"])
        #expect(stale.standardError == "error: this nomination is now pending_approval\n")
        #expect(try await awards(chair, ["return", "1", "--reason", "Đề nghị Bằng khen tỉnh"]).exitCode == 0)
        // What the manager asked for goes into the summary before the officer proposes again.
        let amend = try await awards(officer, ["amend", "1", "--summary", "Năng suất tăng 30%; kèm biên bản họp"])
        #expect(amend.standardOutput == "nomination 1: amend → summarized\n", "\(amend.standardError)")
        #expect(try await awards(officer, ["propose", "1", "--award", "BANG_KHEN_CHU_TICH_TINH"]).exitCode == 0)
        // Dated where it can be true: not before the proposal, not after today.
        let today = LocalDate.todayInVietnam
        // Two days ahead: still in the future should midnight pass between here and the database.
        let future = try await awards(chair, ["approve", "1", "--decision", "2345/QĐ-UBND", "--date", today.adding(days: 2).vietnamese])
        #expect(future.standardError.hasPrefix("error: cannot approve: the decision date \(today.adding(days: 2).vietnamese) is in the future; the latest allowed is "),
                "\(future.standardError)")
        let backdated = try await awards(chair, ["approve", "1", "--decision", "2345/QĐ-UBND", "--date", "01/06/2025"])
        #expect(backdated.standardError.hasPrefix("error: cannot approve: a decision dated 01/06/2025 precedes the proposal of "), "\(backdated.standardError)")
        let approve = try await awards(chair, ["approve", "1", "--decision", "2345/QĐ-UBND", "--date", today.vietnamese])
        #expect(approve.standardOutput == "nomination 1: approve → approved\n", "\(approve.standardError)")

        let show = try await awards(officer, ["show", "1"])
        #expect(show.standardOutput.contains("state: approved (stage approval)"))
        // Instants in JSON as ISO 8601 with Việt Nam's offset, not Swift's seconds since 2001.
        let shownJSON = try await awards(officer, ["show", "1", "--format", "json"]).standardOutput
        #expect(shownJSON.range(of: #""state_entered_at" : "20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00""#, options: .regularExpression) != nil,
                "\(shownJSON.prefix(600))")
        #expect(show.standardOutput.contains("decision: 2345/QĐ-UBND of \(today.vietnamese)"))
        #expect(show.standardOutput.components(separatedBy: "\n").filter { $0.hasPrefix("  ") }.count == 7)
        #expect(show.standardOutput.contains("[achievement_summary: “Năng suất tăng 30%” → “Năng suất tăng 30%; kèm biên bản họp”]"),
                "the manager sees what the amendment changed: \(show.standardOutput)")
        let list = try await awards(chair, ["list", "--search", "y bhin nie", "--format", "csv"])
        #expect(list.standardOutput == "\u{FEFF}id,nominee,kind,occupation,unit,movement,state,stage,award,decision,decision_date\r\n"
                + "1,Y Bhin Niê,individual,farmer,xa,,approved,approval,BANG_KHEN_CHU_TICH_TINH,2345/QĐ-UBND,\(today.iso)\n", "\(list.standardOutput)")
        // The timeline as CSV, each step's time with Việt Nam's offset; in the table too.
        let timeline = try await awards(officer, ["show", "1", "--format", "csv"]).standardOutput
        #expect(timeline.hasPrefix("\u{FEFF}seq,at,event,from_state,to_state,login,acting_role,note,fields\r\n1,"), "\(timeline)")
        #expect(timeline.components(separatedBy: "\r\n").count == 8, "a header and seven steps: \(timeline)")
        #expect(timeline.range(of: #"\r\n7,20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00,approve,pending_approval,approved,"#, options: .regularExpression) != nil, "\(timeline)")
        #expect(show.standardOutput.range(of: #"  1\. \d\d/\d\d/20\d\d \d\d:\d\d \+07:00  "#, options: .regularExpression) != nil, "\(show.standardOutput)")
    }

    /// Vietnamese officers read the CLI in Vietnamese: confirmations with the workflow's labels, the pure
    /// core's refusals, and the error prefix. The setting picks it; --lang overrides it per command.
    @Test func theCommandLineSpeaksVietnamese() async throws {
        func vi(_ login: String, _ arguments: [String]) async throws -> ProgramRun { try await awards(login, arguments + ["--lang", "vi"]) }
        let nominate = try await vi(officer, ["nominate", "Y Bhin Niê", "--kind", "individual", "--occupation", "farmer", "--gender", "male",
                                        "--unit", "xa", "--note", "Mô hình cà phê"])
        #expect(nominate.standardOutput == "hồ sơ số 1: Y Bhin Niê — Phát hiện (detected)\n", "\(nominate.standardError)")
        let summarize = try await vi(officer, ["summarize", "1", "--summary", "Năng suất tăng 30%"])
        #expect(summarize.standardOutput == "hồ sơ số 1: Tổng kết thành tích → Đã tổng kết thành tích (summarized)\n", "\(summarize.standardError)")
        let early = try await vi(chair, ["approve", "1", "--decision", "1/QĐ-UBND", "--date", "20/11/2026"])
        #expect(early.exitCode == 1)
        #expect(early.standardOutput.isEmpty)
        #expect(early.standardError == "lỗi: không thể “Phê duyệt, ký quyết định” (approve): hồ sơ đang ở trạng thái “Đã tổng kết thành tích” (summarized); từ trạng thái này chỉ có thể: propose, amend, join_proposal, leave_proposal, withdraw\n")
        let missing = try await vi(officer, ["show", "99"])
        #expect(missing.standardError.hasPrefix("lỗi: không tìm thấy hồ sơ số 99"), "\(missing.standardError)")

        // Without --lang, messages.language decides: Vietnamese unless the environment says otherwise.
        let show = try await ProgramRun.run("awards", ["show", "1", "--as", officer],
                                      environment: environment.merging(["PGPASSWORD": TestDatabase.personPassword, "MESSAGES_LANGUAGE": "vi"]) { $1 })
        #expect(show.standardOutput.hasPrefix("hồ sơ số 1: Y Bhin Niê (cá nhân, nông dân, nam)\n"), "\(show.standardError)")
        #expect(show.standardOutput.contains("trạng thái: Đã tổng kết thành tích (summarized), giai đoạn tổng kết\n"))
        #expect(show.standardOutput.contains("Phát hiện điển hình: — → Phát hiện (detected)  bởi \(officer) (vai trò cán bộ thi đua)"))
        // Machine-readable output keeps its English keys whatever the language.
        let csv = try await vi(chair, ["list", "--format", "csv"])
        #expect(csv.standardOutput.hasPrefix("\u{FEFF}id,nominee,kind,occupation,unit,movement,state,stage,award,decision,decision_date\r\n1,Y Bhin Niê,individual,farmer,xa,,summarized,summarization,,,"))
        let table = try await vi(chair, ["list"])
        #expect(table.standardOutput.hasPrefix("số  tên cá nhân/tập thể  loại"), "\(table.standardOutput)")
        #expect(table.standardOutput.contains("Y Bhin Niê           cá nhân  nông dân     xa                  Đã tổng kết thành tích (summarized)  tổng kết"),
                "\(table.standardOutput)")
    }

    @Test func workflowCheckListsEveryProblemWithItsLine() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-workflow-\(UUID().uuidString).yaml")
        try """
            version: "1"
            initial_state: detected
            roles:
              officer: x
            states:
              detected:
                stage: detection
            events:
              - name: nominate
                from: start
                to: nowhere
                roles: [clerk]
            """.write(to: file, atomically: true, encoding: .utf8)
        let run = try await ProgramRun.run("awards", ["workflow", "check", file.path], environment: ["MESSAGES_LANGUAGE": "en"])
        #expect(run.exitCode == 1)
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count >= 2)
        #expect(lines.allSatisfy { $0.hasPrefix("\(file.path):") })
        #expect(run.standardError.contains("nowhere"))
        #expect(run.standardError.contains("clerk"))
        let good = try await ProgramRun.run("awards", ["workflow", "check"], environment: ["MESSAGES_LANGUAGE": "en"])
        #expect(good.exitCode == 0)
        #expect(good.standardOutput.contains("valid — version"))
    }
}

@Suite struct DaemonLifecycleTests {
    /// awardsd keeps working until SIGTERM, then finishes and exits 0.
    @Test(.timeLimit(.minutes(1))) func stopsGracefullyOnSIGTERM() async throws {
        let database = try TestDatabase.create(migrated: true)
        let process = try await ProgramRun.start("awardsd", ["--interval", "1"], environment: database.daemonEnvironment)
        var log = ""
        for _ in 0..<600 where !log.contains("pass done") {
            try await Task.sleep(for: .milliseconds(100))
            log = process.standardError
        }
        #expect(log.contains("pass done"), "the daemon never finished a pass: \(log)")
        #expect(process.isRunning)
        process.signal(SIGTERM)
        for _ in 0..<600 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "still running 30 s after SIGTERM")
        if process.isRunning { process.signal(SIGKILL) }
        #expect(await process.terminationStatus == 0)
        #expect(process.standardError.contains("stopped"))
    }
}
