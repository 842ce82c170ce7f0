import AwardsCore
import Foundation
import Testing
@testable import AwardsSheets

@Suite struct ProposalSheetReaderTests {
    let reader = ProposalSheetReader(catalogue: Fixtures.catalogue)

    // MARK: The committed samples (written by scripts/make-sample-sheet.py with openpyxl)

    @Test func theSampleWorkbookHas32GoodRowsAndOneImpossibleBirthDate() throws {
        let sheet = try reader.read(contentsOf: Fixtures.sampleXLSX)
        #expect(sheet.rows.count == 32)
        #expect(sheet.problems == [SheetProblem(row: 18, column: .birthDate, cell: "D18", reason: .notARealDate("31/02/1985"))])
        #expect(!sheet.isImportable)
        #expect(sheet.problems.first?.message(in: .vi) == "Dòng 18, cột “Ngày sinh” (ô D18): ngày “31/02/1985” không có thật")
        #expect(sheet.problems.first?.message(in: .en) == "Row 18, column “Ngày sinh” (birth_date, cell D18): “31/02/1985” is not a real date")

        // 30 individuals, one of them refused for row 18; 3 collectives.
        #expect(sheet.rows.filter { $0.kind == .individual }.count == 29)
        #expect(sheet.rows.filter { $0.kind == .collective }.map(\.name) == ["Phòng Kế hoạch – Tài chính", "Chi cục Thủy lợi", "Trung tâm Khuyến nông"])
        #expect(!sheet.rows.contains { $0.rowNumber == 18 })
        #expect(sheet.rows.allSatisfy { $0.unitCode == "snnptnt" && $0.periodFrom == day("01/01/2026") && $0.periodTo == day("31/12/2026") })
        #expect(Set(sheet.rows.map(\.awardCode)) == ["LAO_DONG_TIEN_TIEN", "CSTD_CO_SO", "GIAY_KHEN", "TAP_THE_LAO_DONG_TIEN_TIEN"])
        #expect(Set(sheet.rows.compactMap(\.gender)) == [.male, .female])
        #expect(Set(sheet.rows.map(\.occupation)).isSuperset(of: [.civilServant, .directLabourer, .farmer]))
        #expect(sheet.rows.allSatisfy { $0.name == $0.name.precomposedStringWithCanonicalMapping })

        let first = try #require(sheet.rows.first)
        #expect(first == ProposalLineInput(rowNumber: 2, name: "Nguyễn Văn Hùng", kind: .individual, birthDate: day("12/03/1975"),
                                          gender: .male, occupation: .civilServant, unitCode: "snnptnt", awardCode: "CSTD_CO_SO",
                                          periodFrom: day("01/01/2026"), periodTo: day("31/12/2026"), note: "Phó Giám đốc Sở"))
        // Row 4 (STT 3) carries its dates as text, rows 2 and 3 as spreadsheet dates: both read alike.
        let third = try #require(sheet.rows.first { $0.rowNumber == 4 })
        #expect(third.birthDate == day("23/11/1979") && third.note == nil)
        let collective = try #require(sheet.rows.last)
        #expect(collective.rowNumber == 34 && collective.birthDate == nil && collective.gender == nil)
    }

    @Test func theSampleCSVHoldsTheSameRowsMended() throws {
        let csv = try reader.read(contentsOf: Fixtures.sampleCSV)
        #expect(csv.problems == [])
        #expect(csv.rows.count == 33)
        #expect(csv.rows.first { $0.rowNumber == 18 }?.birthDate == day("28/02/1985"))
        let xlsx = try reader.read(contentsOf: Fixtures.sampleXLSX)
        #expect(csv.rows.filter { $0.rowNumber != 18 } == xlsx.rows)
    }

    // MARK: Sheets openpyxl writes in the test

    @Test func aMissingRequiredColumnIsOneProblemAndNoRowIsRead() async throws {
        let folder = try Fixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("thieu-cot.xlsx")
        let headers = Fixtures.headers.filter { $0 != "Đơn vị" }
        try await Python.writeWorkbook([
            headers.map(Python.Cell.text),
            ["Nguyễn Văn An", "Cá nhân", "31/02/1980", "Nam", "cán bộ, công chức, viên chức", "NOBEL", "01/01/2026", "31/12/2026"],
        ], to: url)
        let sheet = try reader.read(contentsOf: url)
        #expect(sheet.rows == [])
        #expect(sheet.problems == [SheetProblem(row: nil, column: .unit, reason: .missingColumn)])
        #expect(sheet.problems.first?.message(in: .vi) == "Thiếu cột “Đơn vị” (mã unit) ở dòng tiêu đề; chưa đọc dòng nào")
        #expect(sheet.problems.first?.message(in: .en) == "The column “Đơn vị” (unit) is missing from the header row; no row was read")
    }

    @Test func eachMistakeIsOneProblemAtItsRowAndColumn() async throws {
        let folder = try Fixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("loi.xlsx")
        let civil = "cán bộ, công chức, viên chức"
        try await Python.writeWorkbook([
            Fixtures.headers.map(Python.Cell.text),
            // 2: good
            ["Nguyễn Văn An", "Cá nhân", .date(year: 1980, month: 5, day: 4), "Nam", .text(civil), "snnptnt", "LAO_DONG_TIEN_TIEN",
             .date(year: 2026, month: 1, day: 1), .date(year: 2026, month: 12, day: 31), "Ghi chú  có  hai dấu cách"],
            // 3: unknown award
            ["Trần Thị Bình", "Cá nhân", "", "Nữ", .text(civil), "snnptnt", "NOBEL", "01/01/2026", "31/12/2026"],
            // 4: no 31 February
            ["Lê Văn Cường", "Cá nhân", "", "Nam", .text(civil), "snnptnt", "LAO_DONG_TIEN_TIEN", "31/02/2026", "31/12/2026"],
            // 5: good: row 2's nominee again (whether that is a duplicate is the database's to say), in capitals
            // and decomposed (NFD), the unit in capitals
            [.text("NGUYEN  VĂN AN".decomposedStringWithCanonicalMapping), "cá nhân", "", "", "farmer", "SNNPTNT", "GIAY_KHEN",
             "01/07/2026", "31/12/2026"],
            // 6: ends before it starts
            ["Phạm Thị Dung", "Cá nhân", "", "Nữ", .text(civil), "snnptnt", "LAO_DONG_TIEN_TIEN", "01/01/2026", "31/12/2025"],
            // 7: a collective's title for a person
            ["Hoàng Văn Em", "Cá nhân", "", "Nam", .text(civil), "snnptnt", "TAP_THE_LAO_DONG_TIEN_TIEN", "01/01/2026", "31/12/2026"],
            // 8: good: a collective, its award named as the catalogue names it
            ["Phòng Kế hoạch – Tài chính", "Tập thể", "", "", .text(civil), "snnptnt", "Tập thể lao động tiên tiến", "01/01/2026", "31/12/2026"],
            // 9: good: the same name as row 2 in another unit
            ["Nguyễn Văn An", "Cá nhân", "", "", .text(civil), "skhdt", "LAO_DONG_TIEN_TIEN", "01/01/2026", "31/12/2026"],
            // 10: a birth date for a collective
            ["Chi cục Thủy lợi", "Tập thể", "01/01/2000", "", .text(civil), "snnptnt", "GIAY_KHEN", "01/01/2026", "31/12/2026"],
            // 11: blank in the middle: skipped
            [],
            // 12: good: row 2's name in the previous year does not overlap
            ["Nguyễn Văn An", "Cá nhân", "", "", .text(civil), "snnptnt", "LAO_DONG_TIEN_TIEN", "01/01/2025", "31/12/2025"],
            // trailing rows of white space only: ignored
            ["   ", "", " "],
            [" "],
        ], to: url)
        let sheet = try reader.read(contentsOf: url)
        #expect(sheet.problems == [
            SheetProblem(row: 3, column: .award, cell: "G3", reason: .unknownAward("NOBEL")),
            SheetProblem(row: 4, column: .periodFrom, cell: "H4", reason: .notARealDate("31/02/2026")),
            SheetProblem(row: 6, column: .periodTo, cell: "I6", reason: .periodEndsBeforeStart(from: day("01/01/2026"), to: day("31/12/2025"))),
            SheetProblem(row: 7, column: .award, cell: "G7", reason: .awardNotForKind(
                award: "TAP_THE_LAO_DONG_TIEN_TIEN", awardName: "Tập thể lao động tiên tiến", allowed: [.collective], kind: .individual)),
            SheetProblem(row: 10, column: .birthDate, cell: "C10", reason: .onlyForIndividuals),
        ])
        #expect(sheet.rows.map(\.rowNumber) == [2, 5, 8, 9, 12])
        #expect(sheet.rows[1].unitCode == "snnptnt" && sheet.rows[1].name == "NGUYEN VĂN AN")
        #expect(sheet.rows[0].note == "Ghi chú  có  hai dấu cách")
        #expect(sheet.rows[0].birthDate == day("04/05/1980"))
        #expect(sheet.rows[2].awardCode == "TAP_THE_LAO_DONG_TIEN_TIEN")
        #expect(sheet.problems[2].message(in: .vi) == "Dòng 6, cột “Thành tích đến ngày” (ô I6): thời gian thành tích kết thúc ngày 31/12/2025, trước ngày bắt đầu 01/01/2026")
        #expect(sheet.problems[3].message(in: .en) == "Row 7, column “Danh hiệu, hình thức đề nghị” (award, cell G7): award TAP_THE_LAO_DONG_TIEN_TIEN (Tập thể lao động tiên tiến) is for collective nominees, not individual")
        #expect(sheet.problems[3].message(in: .vi) == "Dòng 7, cột “Danh hiệu, hình thức đề nghị” (ô G7): TAP_THE_LAO_DONG_TIEN_TIEN (Tập thể lao động tiên tiến) dành cho tập thể, không dành cho cá nhân")
    }

    @Test func headersByCodeOrWithoutDiacriticsInAnyOrderAndValuesByCode() async throws {
        let folder = try Fixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("ma.xlsx")
        // 1904 dates: the serials openpyxl writes are counted from 01/01/1904.
        try await Python.writeWorkbook([
            ["STT", "award", "DON VI", "ho va ten", "Thành tích đến ngày *", "period_from", "Loại", "KIND", "Đối tượng", "gioi tinh", "Ngay sinh"],
            [.number(1), "lao_dong_tien_tien", "SNNPTNT", "  Y   Blang  Niê ", .date(year: 2026, month: 12, day: 31),
             .date(year: 2026, month: 1, day: 1), "bỏ qua", "individual", "direct_labourer", "male", .date(year: 1986, month: 5, day: 13)],
            [.number(2), "GIAY_KHEN", "snnptnt", "Trạm Khuyến nông", "2026-12-31", "2026-01-01", "", "COLLECTIVE",
             "CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC", "", ""],
        ], to: url, date1904: true)
        let sheet = try reader.read(contentsOf: url)
        #expect(sheet.problems == [])
        #expect(sheet.rows == [
            ProposalLineInput(rowNumber: 2, name: "Y Blang Niê", kind: .individual, birthDate: day("13/05/1986"), gender: .male,
                             occupation: .directLabourer, unitCode: "snnptnt", awardCode: "LAO_DONG_TIEN_TIEN",
                             periodFrom: day("01/01/2026"), periodTo: day("31/12/2026")),
            ProposalLineInput(rowNumber: 3, name: "Trạm Khuyến nông", kind: .collective, occupation: .civilServant, unitCode: "snnptnt",
                             awardCode: "GIAY_KHEN", periodFrom: day("01/01/2026"), periodTo: day("31/12/2026")),
        ])
    }

    @Test func aColumnNamedTwiceAndAnEmptySheetAreReported() async throws {
        let folder = try Fixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let twice = folder.appendingPathComponent("hai-lan.xlsx")
        try await Python.writeWorkbook([(Fixtures.headers + ["Ghi chu"]).map(Python.Cell.text)], to: twice)
        #expect(try reader.read(contentsOf: twice).problems == [SheetProblem(row: 1, column: .note, cell: "K1", reason: .repeatedColumn(firstCell: "J1"))])

        let empty = folder.appendingPathComponent("trong.xlsx")
        try await Python.writeWorkbook([], to: empty)
        let sheet = try reader.read(contentsOf: empty)
        #expect(sheet.problems == [SheetProblem(row: nil, column: nil, reason: .noHeaderRow)])
        #expect(sheet.problems.first?.message(in: .vi) == "Bảng trống: không có dòng tiêu đề")
    }

    // MARK: CSV

    @Test func csvWithByteOrderMarkQuotedCommasAndLineBreaks() throws {
        let folder = try Fixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "\"Họ và tên / Tên tập thể\",Cá nhân / Tập thể,Ngày sinh,Giới tính,Đối tượng,Đơn vị,\"Danh hiệu, hình thức đề nghị\",Thành tích từ ngày,Thành tích đến ngày,Ghi chú\r\n"
            + "\"Trần Thị Thu Hà\",Cá nhân,5/7/1982,Nữ,\"cán bộ, công chức, viên chức\",snnptnt,CSTD_CO_SO,01/01/2026,31/12/2026,\"Sáng kiến \"\"Sổ tay dịch bệnh\"\",\r\náp dụng toàn tỉnh\"\r\n"
            + ",,,,,,,,,\r\n"
            + "Chi cục Thủy lợi,Tập thể,,,\"cán bộ, công chức, viên chức\",snnptnt,GIAY_KHEN,01/01/2026,31/12/2026\r\n"
            + "\r\n"
        let expected = [
            ProposalLineInput(rowNumber: 2, name: "Trần Thị Thu Hà", kind: .individual, birthDate: day("05/07/1982"), gender: .female,
                             occupation: .civilServant, unitCode: "snnptnt", awardCode: "CSTD_CO_SO", periodFrom: day("01/01/2026"),
                             periodTo: day("31/12/2026"), note: "Sáng kiến \"Sổ tay dịch bệnh\",\r\náp dụng toàn tỉnh"),
            ProposalLineInput(rowNumber: 4, name: "Chi cục Thủy lợi", kind: .collective, occupation: .civilServant, unitCode: "snnptnt",
                             awardCode: "GIAY_KHEN", periodFrom: day("01/01/2026"), periodTo: day("31/12/2026")),
        ]
        for (name, bytes) in [("bom.csv", [0xEF, 0xBB, 0xBF] + Array(text.utf8)), ("no-bom.csv", Array(text.utf8))] {
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            let sheet = try reader.read(contentsOf: url)
            #expect(sheet.problems == [], "\(name)")
            #expect(sheet.rows == expected, "\(name)")
            #expect(try reader.read(data: Data(bytes), format: .csv) == sheet)
        }
        #expect(CSVSheetReader.separator(ofFirstLine: Array(text.utf8)) == ",")
    }

    @Test func aSemicolonSeparatedCSVReadsToo() throws {
        let text = "Họ và tên / Tên tập thể;Cá nhân / Tập thể;Đối tượng;Đơn vị;Danh hiệu, hình thức đề nghị;Thành tích từ ngày;Thành tích đến ngày\n"
            + "Mai Thị Hoa;Cá nhân;cán bộ, công chức, viên chức;snnptnt;LAO_DONG_TIEN_TIEN;01/01/2026;31/12/2026\n"
        let sheet = try reader.read(data: Data(text.utf8), format: .csv)
        #expect(sheet.problems == [])
        #expect(sheet.rows.map(\.name) == ["Mai Thị Hoa"])
        #expect(sheet.rows.first?.occupation == .civilServant)
    }

    @Test func filesThatCannotBeReadThrow() throws {
        let folder = try Fixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // “Họ và tên” in Windows-1258, as an old Vietnamese Excel might save it.
        let legacy = folder.appendingPathComponent("cu.csv")
        try Data([0x48, 0xF5, 0x20, 0x76, 0xE0, 0x20, 0x74, 0xEA, 0x6E, 0x0A]).write(to: legacy)
        #expect(throws: SheetFileError.notUTF8(legacy.path)) { try reader.read(contentsOf: legacy) }

        let fake = folder.appendingPathComponent("gia.xlsx")
        try Data("Họ và tên,Đơn vị\n".utf8).write(to: fake)
        #expect(throws: SheetFileError.notAWorkbook(fake.path, "not a zip package")) { try reader.read(contentsOf: fake) }

        let missing = folder.appendingPathComponent("khong-co.xlsx")
        #expect(throws: SheetFileError.cannotOpen(missing.path, "no such file")) { try reader.read(contentsOf: missing) }

        let other = folder.appendingPathComponent("bang.ods")
        try Data().write(to: other)
        #expect(throws: SheetFileError.unknownFormat(other.path)) { try reader.read(contentsOf: other) }
        #expect(SheetFileError.unknownFormat("bang.ods").message(in: .vi) == "không biết đọc tệp bang.ods: chỉ nhận tệp .xlsx hoặc .csv")
    }

    // MARK: Large sheets

    @Test func tenThousandRowsAreAllRead() async throws {
        let folder = try Fixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = 10_000
        var rows: [[Python.Cell]] = [Fixtures.headers.map(Python.Cell.text)]
        var csv = Fixtures.headers.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\r\n"
        for index in 1...count {
            let name = "Nguyễn Văn Thành \(index)"
            let born: Python.Cell = .date(year: 1970 + index % 30, month: 1 + index % 12, day: 1 + index % 28)
            let gender: Python.Cell = .text(index % 2 == 0 ? "Nam" : "Nữ")
            let note: Python.Cell = index % 10 == 0 ? .text("Tổ sản xuất số \(index / 10)") : .none
            let row: [Python.Cell] = [.text(name), "Cá nhân", born, gender, "người lao động trực tiếp", "snnptnt", "LAO_DONG_TIEN_TIEN",
                                      .date(year: 2026, month: 1, day: 1), "31/12/2026", note]
            rows.append(row)
            csv += "\(name),Cá nhân,01/01/1980,Nam,người lao động trực tiếp,snnptnt,LAO_DONG_TIEN_TIEN,01/01/2026,31/12/2026,\r\n"
        }
        let xlsx = folder.appendingPathComponent("muoi-nghin.xlsx")
        try await Python.writeWorkbook(rows, to: xlsx, writeOnly: true)
        let csvURL = folder.appendingPathComponent("muoi-nghin.csv")
        try Data(csv.utf8).write(to: csvURL)

        let clock = ContinuousClock()
        var sheet: ProposalSheet?
        let xlsxTime = try clock.measure { sheet = try reader.read(contentsOf: xlsx) }
        #expect(sheet?.problems == [])
        #expect(sheet?.rows.count == count)
        #expect(sheet?.rows.last?.rowNumber == count + 1)
        #expect(sheet?.rows.last?.birthDate == LocalDate(year: 1970 + count % 30, month: 1 + count % 12, day: 1 + count % 28))
        let csvTime = try clock.measure { sheet = try reader.read(contentsOf: csvURL) }
        #expect(sheet?.problems == [])
        #expect(sheet?.rows.count == count)
        print("read \(count) rows: .xlsx in \(xlsxTime), .csv in \(csvTime)")
    }

    // MARK: Pieces

    @Test func spreadsheetDateNumbers() {
        let system = SpreadsheetDateSystem.from1900
        #expect(system.date(serial: 46023) == day("01/01/2026"))
        #expect(system.date(serial: 46387.75) == day("31/12/2026"))  // a time of day is dropped
        #expect(system.date(serial: 61) == day("01/03/1900"))
        #expect(system.date(serial: 59) == day("28/02/1900"))
        #expect(system.date(serial: 1) == day("01/01/1900"))
        #expect(system.date(serial: 60) == nil)  // Lotus 1-2-3's 29/02/1900
        #expect(system.date(serial: 0) == nil)
        #expect(system.date(serial: -3) == nil)
        #expect(SpreadsheetDateSystem.from1904.date(serial: 0) == day("01/01/1904"))
        #expect(SpreadsheetDateSystem.from1904.date(serial: 44561) == day("01/01/2026"))
    }

    @Test func writtenDates() {
        func read(_ text: String) -> LocalDate? {
            if case .date(let date) = SheetValues.parseDate(text) { return date }
            return nil
        }
        #expect(read("31/12/2026") == day("31/12/2026"))
        #expect(read("1/2/2026") == day("01/02/2026"))
        #expect(read("01-02-2026") == day("01/02/2026"))
        #expect(read("2026-02-01") == day("01/02/2026"))
        #expect(read("2026-02-01T00:00:00") == day("01/02/2026"))
        #expect(read("29/02/2024") == day("29/02/2024"))
        guard case .problem(.notARealDate("29/02/2026")) = SheetValues.parseDate("29/02/2026") else {
            Issue.record("29/02/2026 should not be a real date")
            return
        }
        for text in ["31/12/26", "hôm nay", "12/2026", "+1/02/2026", "١/٢/٢٠٢٦"] {
            guard case .problem(.notADate(text)) = SheetValues.parseDate(text) else {
                Issue.record("\(text) should not read as a date")
                continue
            }
        }
    }

    /// The quick paths of `TextFolding` against the definitions (Foundation's normalization), on every
    /// scalar of the blocks they handle themselves, alone and between letters, composed and decomposed.
    @Test func quickFoldingAgreesWithTheDefinition() throws {
        var texts = ["Nguyễn Văn Ân", "  Phòng Kế hoạch – Tài chính ", "H'Hen Êban", "Tôn Nữ Diệu Linh", "ĐẶNG QUỐC BẢO", "a\r\nb",
                     "x\u{2000}y", "x\u{200D}y", " \u{200D}", "ﬁ", "Å", "\u{212B}", "\u{1E9E}"]
        let blocks = Array(0x00...0x036F) + Array(0x1E00...0x1EFF) + Array(0x2000...0x206F) + [0x1680, 0x3000, 0xFEFF, 0x212B]
        for value in blocks {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let one = String(Character(scalar))
            texts += [one, "Ư" + one + "ơ", " x" + one + one + "Y ", "e\u{0302}" + one]
        }
        texts += texts.map(\.decomposedStringWithCanonicalMapping)
        for text in texts {
            #expect(TextFolding.fold(text) == TextFolding.referenceFold(text), "fold \(Array(text.unicodeScalars.map(\.value)))")
            #expect(Array(TextFolding.canonical(text).unicodeScalars) == Array(VietnameseText.canonical(text).unicodeScalars),
                    "canonical \(Array(text.unicodeScalars.map(\.value)))")
            let nfc = text.precomposedStringWithCanonicalMapping.unicodeScalars
            if TextFolding.isSurelyNFC(text) { #expect(Array(nfc) == Array(text.unicodeScalars)) }
        }
    }

    @Test func foldingForComparison() {
        #expect(TextFolding.fold("  Đặng   QUỐC Bảo ") == "dang quoc bao")
        #expect(TextFolding.fold("Nguyễn Văn Ân".decomposedStringWithCanonicalMapping) == "nguyen van an")
        #expect(TextFolding.foldHeader("Đơn vị (*)") == "don vi")
        #expect(SheetValues.columnLetters(0) == "A" && SheetValues.columnLetters(25) == "Z"
                && SheetValues.columnLetters(26) == "AA" && SheetValues.columnLetters(16_383) == "XFD")
        #expect(SheetValues.isUnitCode("snnptnt") && SheetValues.isUnitCode("ubnd.xa-hoa_thang")
                && !SheetValues.isUnitCode("-x") && !SheetValues.isUnitCode("sở") && !SheetValues.isUnitCode(""))
    }
}
