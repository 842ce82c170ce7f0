import AwardsCore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// The annual round as the officer and the director of a department run it from the command line:
/// a sheet imported (all rows or none, every bad row named), submitted, one decision signed, the ledger.
@Suite struct RoundCLITests {
    let database: TestDatabase
    let environment: [String: String]
    let officer: String
    let director: String
    let folder: URL

    init() async throws {
        database = try TestDatabase.create()
        environment = ["DATABASE_URL": "dbname=\(database.name)", "AWARDS_NEW_PASSWORD": TestDatabase.personPassword,
                       "MESSAGES_LANGUAGE": "en"]
        officer = TestDatabase.uniqueLogin("officer")
        director = TestDatabase.uniqueLogin("director")
        for arguments in [
            ["db", "migrate"],
            ["unit", "add", "ubnd-tinh", "UBND tỉnh", "--kind", "province"],
            ["unit", "add", "snnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "--kind", "department", "--parent", "ubnd-tinh"],
            ["person", "add", "H'Linh Niê", "--email", "l@x.vn", "--unit", "snnptnt", "--login", officer, "--role", "officer"],
            ["person", "add", "Võ Minh Quang", "--email", "q@x.vn", "--unit", "snnptnt", "--login", director, "--role", "manager",
             "--authority", "unit_head"],
        ] {
            let run = try await ProgramRun.run("awards", arguments, environment: environment)
            #expect(run.exitCode == 0, "\(arguments): \(run.standardError)")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("round-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func awards(_ login: String?, _ arguments: [String]) async throws -> ProgramRun {
        try await ProgramRun.run("awards", arguments + (login.map { ["--as", $0] } ?? []),
                           environment: environment.merging(["PGPASSWORD": TestDatabase.personPassword]) { $1 })
    }

    func count(_ table: String) throws -> Int {
        try database.connect().query("SELECT count(*)::integer AS n FROM awards.\(table)").singleRow().decode("n", as: Int.self)
    }

    static var sample: URL { TestDatabase.projectDirectory.appendingPathComponent("config/samples") }

    @Test func aSheetIsImportedWholeOrNotAtAllAndDecidedInOneDecision() async throws {
        let new = try await awards(officer, ["proposal", "new", "--unit", "snnptnt", "--to", "snnptnt", "--year", "2026",
                                       "--title", "Đề nghị công nhận danh hiệu thi đua năm 2026"])
        #expect(new.exitCode == 0, "\(new.standardError)")
        #expect(new.standardOutput.hasPrefix("proposal 1 created (draft)"))

        let bad = try await awards(officer, ["proposal", "import", "1", Self.sample.appendingPathComponent("de-nghi-cuoi-nam-snnptnt.xlsx").path])
        #expect(bad.exitCode == 1)
        #expect(bad.standardError == """
            error: the list has 1 problem; nothing was added:
              Row 18, column “Ngày sinh” (birth_date, cell D18): “31/02/1985” is not a real date

            """)
        #expect(try count("nominations") == 0 && count("proposal_lines") == 0)

        let checked = try await awards(officer, ["proposal", "import", "1", Self.sample.appendingPathComponent("de-nghi-cuoi-nam-snnptnt.csv").path, "--check"])
        #expect(checked.exitCode == 0, "\(checked.standardError)")
        #expect(try count("nominations") == 0, "--check adds nothing")
        let good = try await awards(officer, ["proposal", "import", "1", Self.sample.appendingPathComponent("de-nghi-cuoi-nam-snnptnt.csv").path])
        #expect(good.standardOutput.hasPrefix("added 33 lines to proposal 1"), "\(good.standardError)")
        let again = try await awards(officer, ["proposal", "import", "1", Self.sample.appendingPathComponent("de-nghi-cuoi-nam-snnptnt.csv").path])
        #expect(again.exitCode == 1)
        #expect(again.standardError.hasPrefix("error: the list has 33 problems; nothing was added:\n  Row 2, column “Họ và tên / Tên tập thể” (name): nominee already in the proposal for the award (line 1 of the proposal)\n"),
                "\(again.standardError)")

        // The proposal shows, per line, whether it qualified when added, and under which article it did not.
        let listed = try await awards(officer, ["proposal", "show", "1"])
        let firstLine = listed.standardOutput.split(separator: "\n").first { $0.hasPrefix("1 ") }
        #expect(firstLine?.hasSuffix("✗ Điều 23") == true, "\(listed.standardOutput)")
        #expect(listed.standardOutput.contains("✗: did not qualify when added"), "\(listed.standardOutput)")
        let listedCSV = try await awards(officer, ["proposal", "show", "1", "--format", "csv"])
        #expect(listedCSV.standardOutput.split(separator: "\r\n").dropFirst().first?.hasSuffix(",false") == true, "\(listedCSV.standardOutput)")

        let submit = try await awards(officer, ["proposal", "submit", "1", "--number", "45/TTr-SNN", "--date", LocalDate.todayInVietnam.vietnamese])
        #expect(submit.standardOutput == "proposal 1: submit → submitted; 33 lines\n", "\(submit.standardError)")

        let officerSigns = try await awards(officer, ["decision", "sign", "--proposal", "1", "--number", "1/QĐ-SNN", "--date", LocalDate.todayInVietnam.vietnamese])
        #expect(officerSigns.exitCode == 1)
        #expect(officerSigns.standardError.hasPrefix("error: "), "\(officerSigns.standardError)")

        let higher = try await awards(director, ["decision", "sign", "--proposal", "1", "--number", "1/QĐ-SNN", "--date", LocalDate.todayInVietnam.vietnamese,
                                           "--lower", "2=CSTD_CAP_TINH"])
        #expect(higher.exitCode == 1)
        #expect(higher.standardError.contains("CSTD_CAP_TINH (granted by: province_chair)"), "\(higher.standardError)")

        let signing = ["decision", "sign", "--proposal", "1", "--number", "1234/QĐ-SNN", "--date", LocalDate.todayInVietnam.vietnamese,
                       "--lower", "1=LAO_DONG_TIEN_TIEN", "--reason", "1=Sáng kiến chưa được công nhận", "--leave-out", "3"]
        // Before the year's ratings are recorded no individual qualifies: one line, with the rule and its article; nothing is signed.
        let unrated = try await awards(director, signing)
        #expect(unrated.exitCode == 1)
        #expect(unrated.standardError.hasPrefix("error: line 1 of proposal 1 (Nguyễn Văn Hùng) does not qualify for LAO_DONG_TIEN_TIEN on \(LocalDate.todayInVietnam.vietnamese), one of "),
                "\(unrated.standardError)")
        #expect(unrated.standardError.contains("Điều 24") && unrated.standardError.split(separator: "\n").count == 1, "\(unrated.standardError)")
        #expect(try count("decisions") == 0 && count("decision_lines") == 0)

        try Qualification.qualifyLines(of: 1, through: try database.connect(as: officer, password: TestDatabase.personPassword))
        let signed = try await awards(director, signing)
        #expect(signed.exitCode == 0, "\(signed.standardError)")
        #expect(signed.standardOutput.hasPrefix("signed decision 1234/QĐ-SNN of \(LocalDate.todayInVietnam.vietnamese): 32 lines, "))

        let twice = try await awards(director, ["decision", "sign", "--proposal", "1", "--number", "1234/QĐ-SNN", "--date", LocalDate.todayInVietnam.vietnamese])
        #expect(twice.standardError == "error: cannot sign a decision on proposal 1: it is now decided\n")

        let today = LocalDate.todayInVietnam.vietnamese
        // The refused signing above used up an identity value: the decision is found by its number.
        let decision = try database.connect().query("SELECT id::integer AS n FROM awards.decisions WHERE number = '1234/QĐ-SNN'")
            .singleRow().decode("n", as: Int.self)
        let revoke = try await awards(director, ["decision", "revoke", String(decision), "2", "--reason", "Khai không đúng thành tích", "--recover", "2530000",
                                           "--number", "15/QĐ-SNN", "--date", today])
        #expect(revoke.exitCode == 0, "\(revoke.standardError)")
        let shown = try await awards(officer, ["show", "2"])
        #expect(shown.standardOutput.contains("granted: CSTD_CO_SO, 2,530,000 đồng\nREVOKED by decision 15/QĐ-SNN of \(today): Khai không đúng thành tích; to recover: 2,530,000 đồng"),
                "\(shown.standardOutput)")

        let catalogue = try database.connect().query("SELECT version FROM awards.catalogue_versions WHERE in_force").singleRow().decode("version", as: String.self)
        #expect(shown.standardOutput.contains("decision: 1234/QĐ-SNN of \(today) (award catalogue \(catalogue))"), "\(shown.standardOutput)")

        let csv = try await awards(director, ["money", "--year", String(LocalDate.todayInVietnam.year), "--format", "csv"])
        let rows = csv.standardOutput.split(separator: "\r\n")
        #expect(rows.first == "\u{FEFF}decision,date,unit,nominee,kind,award,money,recover")
        #expect(rows.count == 33)
        #expect(rows.dropFirst().first?.contains(",Nguyễn Văn Hùng,individual,LAO_DONG_TIEN_TIEN,") == true, "\(rows.dropFirst().first ?? "")")
        let json = try await awards(director, ["money", "--year", String(LocalDate.todayInVietnam.year), "--format", "json"])
        let ledger = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let total = try database.connect().query("SELECT sum(money_dong)::bigint AS n FROM awards.decision_lines").singleRow().decode("n", as: Int.self)
        #expect(ledger?["total_dong"] as? Int == total)
    }

    @Test func theTemplateIsWrittenAndReadsBackEmpty() async throws {
        let xlsx = folder.appendingPathComponent("mau.xlsx")
        let written = try await awards(nil, ["proposal", "template", xlsx.path])
        #expect(written.exitCode == 0, "\(written.standardError)")
        #expect(try await awards(officer, ["proposal", "new", "--unit", "snnptnt", "--to", "snnptnt", "--year", "2026", "--title", "Thử"]).exitCode == 0)
        let empty = try await awards(officer, ["proposal", "import", "1", xlsx.path, "--check"])
        #expect(empty.exitCode == 0, "\(empty.standardError)")
        let wrong = try await awards(nil, ["proposal", "template", folder.appendingPathComponent("mau.docx").path])
        #expect(wrong.exitCode != 0)
        #expect(wrong.standardError.contains("name it .xlsx or .csv"), "\(wrong.standardError)")
    }

    /// The department's council through the CLI: its seats, a meeting on the proposal, each member's own
    /// ballots, the count, and a refusal read in Vietnamese.
    @Test func theCouncilMeetsVotesAndCountsFromTheCommandLine() async throws {
        let secretary = TestDatabase.uniqueLogin("secretary")
        let member = TestDatabase.uniqueLogin("member")
        for arguments in [
            ["person", "add", "Lê Thị Thu", "--email", "t@x.vn", "--unit", "snnptnt", "--login", secretary, "--role", "officer"],
            ["person", "add", "Phạm Văn Đức", "--email", "d@x.vn", "--unit", "snnptnt", "--login", member, "--role", "officer"],
        ] {
            let run = try await ProgramRun.run("awards", arguments, environment: environment)
            #expect(run.exitCode == 0, "\(arguments): \(run.standardError)")
        }
        let today = LocalDate.todayInVietnam.vietnamese
        for (login, arguments) in [
            (officer, ["council", "create", "--unit", "snnptnt", "--name", "Hội đồng Thi đua – Khen thưởng Sở", "--decision", "12/QĐ-SNN", "--date", "01/01/2026"]),
            (officer, ["council", "member", "add", "--unit", "snnptnt", director, "--position", "chair", "--from", "01/01/2026", "--decision", "12/QĐ-SNN"]),
            (officer, ["council", "member", "add", "--unit", "snnptnt", secretary, "--position", "secretary", "--from", "01/01/2026", "--decision", "12/QĐ-SNN"]),
            (officer, ["council", "member", "add", "--unit", "snnptnt", member, "--from", "01/01/2026", "--decision", "12/QĐ-SNN"]),
            (officer, ["proposal", "new", "--unit", "snnptnt", "--to", "snnptnt", "--year", "2026", "--title", "Đề nghị năm 2026"]),
            (officer, ["proposal", "add", "1", "--name", "Nguyễn Thị Hoa", "--kind", "individual", "--occupation", "civil_servant", "--unit", "snnptnt",
                       "--award", "LAO_DONG_TIEN_TIEN", "--from", "01/01/2026", "--to", "31/12/2026"]),
            (officer, ["council", "meeting", "open", "--unit", "snnptnt", "--date", today, "--place", "Phòng họp số 1", "--proposal", "1", "--absent", member]),
            (director, ["council", "vote", "1", "--agree-all"]),
            (secretary, ["council", "vote", "1", "--agree", "1"]),
        ] {
            let run = try await awards(login, arguments)
            #expect(run.exitCode == 0, "\(arguments): \(run.standardError)")
        }
        let members = try await awards(officer, ["council", "members", "--unit", "snnptnt", "--format", "csv"])
        #expect(members.standardOutput.components(separatedBy: "\r\n").count == 4, "\(members.standardOutput)")

        let twice = try await awards(secretary, ["council", "vote", "1", "--disagree", "1", "--lang", "vi"])
        #expect(twice.exitCode == 1)
        #expect(twice.standardError == "lỗi: đã có: \(secretary) đã bỏ phiếu cho dòng 1 của tờ trình 1; phiếu đã bỏ không thể rút lại\n", "\(twice.standardError)")
        let absent = try await awards(member, ["council", "vote", "1", "--agree-all"])
        #expect(absent.exitCode == 1 && absent.standardError.contains("is recorded absent from council meeting 1"), "\(absent.standardError)")

        let before = try await awards(officer, ["council", "show", "1", "--format", "json"])
        #expect(before.standardOutput.contains("\"ballots_cast\" : 2") && !before.standardOutput.contains("\"result\""), "\(before.standardOutput)")
        let counted = try await awards(director, ["council", "count", "1", "--minutes", "05/BB-HĐTĐKT", "--date", today])
        #expect(counted.exitCode == 0, "\(counted.standardError)")
        #expect(counted.standardOutput.hasPrefix("counted meeting 1 (minutes 05/BB-HĐTĐKT of \(today)):"), "\(counted.standardOutput)")
        let shown = try await awards(officer, ["council", "show", "1", "--format", "csv"])
        #expect(shown.standardOutput.contains("1,1,Nguyễn Thị Hoa,LAO_DONG_TIEN_TIEN,0,2,2,0,,no_vote_needed,LAO_DONG_TIEN_TIEN,"), "\(shown.standardOutput)")
    }

    /// The standing agency through the CLI: the Huân chương line posted for the people's opinion, an
    /// objection found on before the posting closes (the refusal read in Vietnamese), then the appraisal.
    @Test func theStandingAgencyPostsAndAppraisesFromTheCommandLine() async throws {
        let head = TestDatabase.uniqueLogin("agency")
        let specialist = TestDatabase.uniqueLogin("specialist")
        for arguments in [
            ["unit", "add", "snv", "Sở Nội vụ", "--kind", "standing_agency", "--parent", "ubnd-tinh"],
            ["person", "add", "Nguyễn Văn An", "--email", "a@x.vn", "--unit", "snv", "--login", head, "--role", "standing_agency"],
            ["person", "add", "Lương Thị Thu", "--email", "u@x.vn", "--unit", "snv", "--login", specialist, "--role", "standing_agency"],
        ] {
            let run = try await ProgramRun.run("awards", arguments, environment: environment)
            #expect(run.exitCode == 0, "\(arguments): \(run.standardError)")
        }
        let today = LocalDate.todayInVietnam
        let postedOn = try TestDatabase.shippedCalendar().adding(workingDays: -12, to: today)
        for (login, arguments) in [
            (officer, ["proposal", "new", "--unit", "snnptnt", "--to", "ubnd-tinh", "--year", "2026", "--title", "Đề nghị khen thưởng năm 2026"]),
            (officer, ["proposal", "add", "1", "--name", "Phạm Minh Tuấn", "--kind", "individual", "--occupation", "civil_servant", "--unit", "snnptnt",
                       "--award", "HUAN_CHUONG_LAO_DONG_HANG_BA", "--from", "01/01/2021", "--to", "31/12/2025"]),
            (officer, ["proposal", "add", "1", "--name", "Nguyễn Thị Hoa", "--kind", "individual", "--occupation", "civil_servant", "--unit", "snnptnt",
                       "--award", "BANG_KHEN_CHU_TICH_TINH", "--from", "01/01/2026", "--to", "31/12/2026"]),
            (officer, ["proposal", "submit", "1", "--number", "52/TTr-SNN", "--date", today.vietnamese]),
            (head, ["posting", "new", "1", "--place", "Cổng thông tin điện tử tỉnh", "--on", postedOn.vietnamese]),
            (head, ["posting", "objection", "1", "1", "--from", "Ông Y Blin Niê, phường Tân Lợi", "--summary", "Đề nghị làm rõ thành tích",
                    "--received", postedOn.vietnamese]),
        ] {
            let run = try await awards(login, arguments)
            #expect(run.exitCode == 0, "\(arguments): \(run.standardError)")
        }
        let early = try await awards(head, ["posting", "close", "1", "--lang", "vi"])
        #expect(early.exitCode == 1)
        #expect(early.standardError == "lỗi: các ý kiến phản ánh về đợt công khai 1 chưa có kết luận: 1 — awards posting find Ý_KIẾN upheld|unfounded --reason LÝ_DO\n",
                "\(early.standardError)")
        for (login, arguments) in [
            (head, ["posting", "find", "1", "unfounded", "--reason", "Đã xác minh"]),
            (head, ["posting", "close", "1"]),
            (head, ["appraisal", "receive", "1"]),
            (head, ["appraisal", "assign", "1", specialist]),
            (specialist, ["appraisal", "judge", "1", "1", "eligible"]),
            (specialist, ["appraisal", "judge", "1", "2", "eligible"]),
            (specialist, ["appraisal", "submit", "1", "--number", "130/TTr-SNV", "--date", today.vietnamese]),
        ] {
            let run = try await awards(login, arguments)
            #expect(run.exitCode == 0, "\(arguments): \(run.standardError)")
        }
        let posting = try await awards(officer, ["posting", "show", "1", "--format", "json"])
        #expect(posting.standardOutput.contains("\"finding\" : \"unfounded\"") && posting.standardOutput.contains("\"award_code\" : \"HUAN_CHUONG_LAO_DONG_HANG_BA\""),
                "\(posting.standardOutput)")
        let appraisal = try await awards(officer, ["appraisal", "show", "1", "--format", "csv"])
        #expect(appraisal.standardOutput.contains("1,Phạm Minh Tuấn,HUAN_CHUONG_LAO_DONG_HANG_BA,yes,eligible,"), "\(appraisal.standardOutput)")
    }

    /// `awards history import` records the sample's past awards in one go; `awards history NAME` (the
    /// default `show`) then lists them; the same rows again are every one refused, and nothing is written.
    @Test func pastAwardsAreImportedFromTheSampleAndShownByHistory() async throws {
        let csv = Self.sample.appendingPathComponent("award-history.csv").path
        let imported = try await awards(officer, ["history", "import", csv])
        #expect(imported.exitCode == 0, "\(imported.standardError)")
        #expect(imported.standardOutput == "recorded 9 awards from \(csv); see them with: awards history NAME\n")
        #expect(try count("past_awards") == 9)

        let history = try await awards(officer, ["history", "Nguyen Van Hung"])
        #expect(history.exitCode == 0, "\(history.standardError)")
        let lines = history.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains(" Nguyễn Văn Hùng, born 12/03/1975 — Sở Nông nghiệp và Phát triển nông thôn (snnptnt) 2023-01-01–") == true,
                "\(history.standardOutput)")
        for (year, decision) in [("2023", "35/QĐ-SNN"), ("2024", "28/QĐ-SNN"), ("2025", "31/QĐ-SNN")] {
            #expect(lines.contains { $0.hasPrefix(year) && $0.contains("CSTD_CO_SO") && $0.contains(decision) && $0.hasSuffix("imported") },
                    "\(history.standardOutput)")
        }
        let show = try await awards(officer, ["history", "show", "Nguyen Van Hung"])
        #expect(show.standardOutput == history.standardOutput, "show is the default")
        let revoked = try await awards(officer, ["history", "Đặng Quốc Bảo", "--lang", "vi"])
        #expect(revoked.standardOutput.contains("đã thu hồi"), "\(revoked.standardOutput)")

        // The workbook holds the same rows: each is already recorded, and nothing more is written.
        let xlsx = Self.sample.appendingPathComponent("award-history.xlsx").path
        let again = try await awards(officer, ["history", "import", xlsx])
        #expect(again.exitCode == 1)
        #expect(again.standardError.hasPrefix("\(xlsx):2: decision_number: decision 35/QĐ-SNN of Nguyễn Văn Hùng for CSTD_CO_SO is already recorded\n"),
                "\(again.standardError)")
        #expect(again.standardError.hasSuffix("error: \(xlsx): 9 problems; nothing was imported\n"), "\(again.standardError)")
        #expect(try count("past_awards") == 9)
    }

    /// A sheet with an unknown award and a decision listed twice: both rows named as FILE:ROW: field:
    /// problem, in English and in Vietnamese, and nothing written — not even the row that was good.
    @Test func anUnknownAwardAndADecisionTwiceAreBothNamedAndNothingIsWritten() async throws {
        let file = folder.appendingPathComponent("lich-su.csv").path
        try """
            kind,name,birth date,unit,award,year,decision number,decision date,issuer
            Cá nhân,Phạm Văn An,03/02/1980,snnptnt,CSTD_CO_SO,2024,12/QĐ-SNN,10/01/2025,Giám đốc Sở
            Cá nhân,Lê Thị Bình,,snnptnt,NOBEL,2024,12/QĐ-SNN,10/01/2025,Giám đốc Sở
            Cá nhân,Phạm Văn An,03/02/1980,snnptnt,CSTD_CO_SO,2024,12/QĐ-SNN,10/01/2025,Giám đốc Sở

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try [count("past_awards"), count("nominees")]

        let run = try await awards(officer, ["history", "import", file])
        #expect(run.exitCode == 1 && run.standardOutput.isEmpty)
        #expect(run.standardError == """
            \(file):3: award: unknown award "NOBEL"
            \(file):4: decision_number: decision 12/QĐ-SNN of Phạm Văn An for CSTD_CO_SO is on row 2 too
            error: \(file): 2 problems; nothing was imported

            """)
        let vietnamese = try await awards(officer, ["history", "import", file, "--lang", "vi"])
        #expect(vietnamese.exitCode == 1)
        #expect(vietnamese.standardError == """
            \(file):3: Danh hiệu, hình thức khen thưởng: không có danh hiệu, hình thức khen thưởng "NOBEL" trong danh mục
            \(file):4: Số quyết định: quyết định 12/QĐ-SNN khen thưởng Phạm Văn An (CSTD_CO_SO) đã có ở dòng 2
            lỗi: \(file): 2 lỗi; chưa nhập dòng nào

            """)
        let checked = try await awards(officer, ["history", "import", file, "--check"])
        #expect(checked.exitCode == 1 && checked.standardError == run.standardError)
        #expect(try [count("past_awards"), count("nominees")] == before, "nothing written")
    }
}
