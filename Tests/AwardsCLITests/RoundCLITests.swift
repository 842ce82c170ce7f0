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

        let submit = try await awards(officer, ["proposal", "submit", "1", "--number", "45/TTr-SNN", "--date", LocalDate.todayInVietnam.vietnamese])
        #expect(submit.standardOutput == "proposal 1: submit → submitted; 33 lines\n", "\(submit.standardError)")

        let officerSigns = try await awards(officer, ["decision", "sign", "--proposal", "1", "--number", "1/QĐ-SNN", "--date", LocalDate.todayInVietnam.vietnamese])
        #expect(officerSigns.exitCode == 1)
        #expect(officerSigns.standardError.hasPrefix("error: "), "\(officerSigns.standardError)")

        let higher = try await awards(director, ["decision", "sign", "--proposal", "1", "--number", "1/QĐ-SNN", "--date", LocalDate.todayInVietnam.vietnamese,
                                           "--lower", "2=CSTD_CAP_TINH"])
        #expect(higher.exitCode == 1)
        #expect(higher.standardError.contains("CSTD_CAP_TINH (granted by: province_chair)"), "\(higher.standardError)")

        let signed = try await awards(director, ["decision", "sign", "--proposal", "1", "--number", "1234/QĐ-SNN", "--date", LocalDate.todayInVietnam.vietnamese,
                                           "--lower", "1=LAO_DONG_TIEN_TIEN", "--reason", "1=Sáng kiến chưa được công nhận", "--leave-out", "3"])
        #expect(signed.exitCode == 0, "\(signed.standardError)")
        #expect(signed.standardOutput.hasPrefix("signed decision 1234/QĐ-SNN of \(LocalDate.todayInVietnam.vietnamese): 32 lines, "))

        let twice = try await awards(director, ["decision", "sign", "--proposal", "1", "--number", "1234/QĐ-SNN", "--date", LocalDate.todayInVietnam.vietnamese])
        #expect(twice.standardError == "error: cannot sign a decision on proposal 1: it is now decided\n")

        let today = LocalDate.todayInVietnam.vietnamese
        let revoke = try await awards(director, ["decision", "revoke", "1", "2", "--reason", "Khai không đúng thành tích", "--recover", "2530000",
                                           "--number", "15/QĐ-SNN", "--date", today])
        #expect(revoke.exitCode == 0, "\(revoke.standardError)")
        let shown = try await awards(officer, ["show", "2"])
        #expect(shown.standardOutput.contains("granted: CSTD_CO_SO, 2,530,000 đồng\nREVOKED by decision 15/QĐ-SNN of \(today): Khai không đúng thành tích; to recover: 2,530,000 đồng"),
                "\(shown.standardOutput)")

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
}
