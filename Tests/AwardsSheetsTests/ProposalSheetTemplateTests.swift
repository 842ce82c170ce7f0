import AwardsCore
import Foundation
import Testing
@testable import AwardsSheets

@Suite struct ProposalSheetTemplateTests {
    let reader = ProposalSheetReader(catalogue: Fixtures.catalogue)

    /// What openpyxl, reading the template on its own, finds in it.
    struct Seen: Decodable {
        let sheets: [String]
        let headers: [String?]
        let bold: [Bool]
        let widths: [String: Double]
        let dateFormats: [String: String]
        let frozen: String?
        let rowCount: Int
        let guide: [[String?]]
    }

    @Test func theWorkbookTemplateAsOpenpyxlReadsIt() async throws {
        let folder = try Fixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("mau.xlsx")
        try ProposalSheetTemplate.write(to: url, format: .xlsx, catalogue: Fixtures.catalogue)
        let output = try await Python.run(#"""
            import json, sys
            from openpyxl import load_workbook
            workbook = load_workbook(sys.stdin.read())
            sheet = workbook.worksheets[0]
            header = list(sheet.iter_rows(min_row=1, max_row=1))[0]
            print(json.dumps({
                "sheets": workbook.sheetnames,
                "headers": [cell.value for cell in header],
                "bold": [bool(cell.font.b) for cell in header],
                "widths": {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()},
                "dateFormats": {letter: dimension.number_format for letter, dimension in sheet.column_dimensions.items()
                                if dimension.number_format != "General"},
                "frozen": sheet.freeze_panes,
                "rowCount": sheet.max_row,
                "guide": [[None if cell is None else str(cell) for cell in row]
                          for row in workbook.worksheets[1].iter_rows(values_only=True)],
            }, ensure_ascii=False))
            """#, input: Data(url.path.utf8))
        let seen = try JSONDecoder().decode(Seen.self, from: Data(output.utf8))
        #expect(seen.sheets == ["Danh sách đề nghị", "Hướng dẫn"])
        #expect(seen.headers == Fixtures.headers)
        #expect(seen.bold == Array(repeating: true, count: 10))
        #expect(seen.rowCount == 1)
        #expect(seen.frozen == "A2")
        #expect(seen.dateFormats == ["C": "dd/mm/yyyy", "H": "dd/mm/yyyy", "I": "dd/mm/yyyy"])
        #expect(seen.widths["A"].map { $0 >= 30 } == true)
        #expect(seen.widths["G"].map { $0 >= 25 } == true)

        let guide = seen.guide.map { $0.compactMap { $0 } }
        func rowStarting(_ first: String) -> [String]? { guide.first { $0.first == first } }
        for column in ProposalColumn.allCases {
            let row = try #require(rowStarting(column.vietnamese), "the guide explains \(column.code)")
            #expect(row.count == 4 && row[1] == column.code && row[2] == (column.isRequired ? "Có" : "Không"))
        }
        #expect(rowStarting("Cá nhân") == ["Cá nhân", "individual"])
        #expect(rowStarting("Tập thể") == ["Tập thể", "collective"])
        #expect(rowStarting("Nam") == ["Nam", "male"])
        #expect(rowStarting("Nữ") == ["Nữ", "female"])
        for occupation in Occupation.allCases {
            #expect(guide.contains { $0.count == 2 && $0[0].lowercased() == occupation.vietnamese && $0[1] == occupation.rawValue })
        }
        for award in Fixtures.catalogue.awards {
            #expect(rowStarting(award.code)?.prefix(2) == [award.code, award.name])
        }
        #expect(rowStarting("TAP_THE_LAO_DONG_TIEN_TIEN")?[2] == "tập thể")
        #expect(rowStarting("GIAY_KHEN")?[2] == "cá nhân, tập thể")
    }

    @Test func theTemplatesReadBackEmpty() throws {
        let folder = try Fixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for format in SheetFormat.allCases {
            let url = folder.appendingPathComponent("mau.\(format.rawValue)")
            try ProposalSheetTemplate.write(to: url, format: format, catalogue: Fixtures.catalogue)
            let sheet = try reader.read(contentsOf: url)
            #expect(sheet.rows == [], "\(format)")
            #expect(sheet.problems == [], "\(format)")
        }
    }

    @Test func theCSVTemplateIsAByteOrderMarkAndTheHeader() throws {
        let folder = try Fixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("mau.csv")
        try ProposalSheetTemplate.write(to: url, format: .csv, catalogue: Fixtures.catalogue)
        let bytes = try Data(contentsOf: url)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self)
                == "Họ và tên / Tên tập thể,Cá nhân / Tập thể,Ngày sinh,Giới tính,Đối tượng,Đơn vị,\"Danh hiệu, hình thức đề nghị\",Thành tích từ ngày,Thành tích đến ngày,Ghi chú\r\n")
    }

    @Test func aTemplateThatCannotBeWrittenSaysSo() {
        let url = URL(fileURLWithPath: "/nonexistent-folder-\(UUID().uuidString)/mau.xlsx")
        #expect(throws: SheetFileError.self) { try ProposalSheetTemplate.write(to: url, format: .xlsx, catalogue: Fixtures.catalogue) }
        #expect(throws: SheetFileError.self) {
            try ProposalSheetTemplate.write(to: url.deletingPathExtension().appendingPathExtension("csv"), format: .csv, catalogue: Fixtures.catalogue)
        }
    }
}
