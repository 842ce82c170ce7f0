import AwardsCore
import Foundation
import Testing
@testable import AwardsSheets

/// A package written part by part with Python's zipfile, using what openpyxl and libxlsxwriter never
/// write: prefixed element names, a workbook outside `xl/`, a first sheet that is not the first part, rich
/// and phonetic text, inline strings, formula results, cells without references, ISO date cells.
@Suite struct HandMadePackageTests {
    static let script = #"""
        import sys, zipfile
        M = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
        R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
        P = 'http://schemas.openxmlformats.org/package/2006/relationships'
        parts = {
          '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
          '_rels/.rels': f'<?xml version="1.0"?><Relationships xmlns="{P}">'
            f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="/book/main.xml"/></Relationships>',
          'book/main.xml': f'<?xml version="1.0"?><x:workbook xmlns:x="{M}" xmlns:rel="{R}"><x:workbookPr/>'
            '<x:sheets><x:sheet name="Dữ liệu" sheetId="2" rel:id="rId7"/><x:sheet name="Khác" sheetId="1" rel:id="rId3"/></x:sheets></x:workbook>',
          'book/_rels/main.xml.rels': f'<?xml version="1.0"?><Relationships xmlns="{P}">'
            f'<Relationship Id="rId3" Type="{R}/worksheet" Target="sheets/other.xml"/>'
            f'<Relationship Id="rId7" Type="{R}/worksheet" Target="sheets/../sheets/data.xml"/>'
            f'<Relationship Id="rId8" Type="{R}/hyperlink" Target="https://example.org/" TargetMode="External"/>'
            f'<Relationship Id="rId9" Type="{R}/sharedStrings" Target="strings.xml"/></Relationships>',
          'book/strings.xml': f'<?xml version="1.0"?><x:sst xmlns:x="{M}" count="3" uniqueCount="3">'
            '<x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">Họ và tên </x:t></x:r><x:r><x:t>/ Tên tập thể</x:t></x:r>'
            '<x:rPh sb="0" eb="1"><x:t>ふりがな</x:t></x:rPh></x:si>'
            '<x:si><x:t>Lê Thị Hạnh &amp; con</x:t></x:si>'
            '<x:si><x:t>GIAY_KHEN</x:t></x:si></x:sst>',
          'book/sheets/other.xml': f'<?xml version="1.0"?><worksheet xmlns="{M}"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Không phải trang này</t></is></c></row></sheetData></worksheet>',
          'book/sheets/data.xml': f'<?xml version="1.0"?><x:worksheet xmlns:x="{M}"><x:sheetData>'
            '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Cá nhân / Tập thể</x:t></x:is></x:c>'
            '<x:c t="inlineStr"><x:is><x:t>Đối tượng</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Đơn vị</x:t></x:is></x:c>'
            '<x:c t="inlineStr"><x:is><x:r><x:t>Danh hiệu, </x:t></x:r><x:r><x:t>hình thức đề nghị</x:t></x:r></x:is></x:c>'
            '<x:c t="inlineStr"><x:is><x:t>Thành tích từ ngày</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Thành tích đến ngày</x:t></x:is></x:c></x:row>'
            '<x:row><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Cá nhân</x:t></x:is></x:c>'
            '<x:c t="str"><x:f>LOWER("NÔNG DÂN")</x:f><x:v>nông dân</x:v></x:c><x:c t="inlineStr"><x:is><x:t>snnptnt</x:t></x:is></x:c>'
            '<x:c t="s"><x:v>2</x:v></x:c><x:c><x:v>46023</x:v></x:c><x:c t="d"><x:v>2026-12-31T00:00:00</x:v></x:c></x:row>'
            '<x:row r="3" spans="1:7"><x:c r="A3" s="1"/><x:c r="C3" t="inlineStr"><x:is><x:t>   </x:t></x:is></x:c></x:row>'
            '<x:row r="5"><x:c r="A5" t="inlineStr"><x:is><x:t>Đội sản xuất số 3</x:t></x:is></x:c><x:c r="B5" t="inlineStr"><x:is><x:t>Tập thể</x:t></x:is></x:c>'
            '<x:c r="D5" t="inlineStr"><x:is><x:t>snnptnt</x:t></x:is></x:c><x:c r="E5" t="s"><x:v>2</x:v></x:c>'
            '<x:c r="F5" t="n"><x:v>46023</x:v></x:c><x:c r="G5"><x:v>46387.5</x:v></x:c></x:row>'
            '</x:sheetData></x:worksheet>',
        }
        with zipfile.ZipFile(sys.stdin.read(), 'w', zipfile.ZIP_DEFLATED) as package:
            for name, text in parts.items():
                package.writestr(name, text)
        """#

    @Test func aPackageReadAsTheStandardSaysNotAsOneWriterDoes() async throws {
        let folder = try Fixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("tu-lam.xlsx")
        _ = try await Python.run(Self.script, input: Data(url.path.utf8))
        let sheet = try ProposalSheetReader(catalogue: Fixtures.catalogue).read(contentsOf: url)
        #expect(sheet.rows == [
            ProposalLineInput(rowNumber: 2, name: "Lê Thị Hạnh & con", kind: .individual, occupation: .farmer, unitCode: "snnptnt",
                             awardCode: "GIAY_KHEN", periodFrom: day("01/01/2026"), periodTo: day("31/12/2026")),
        ])
        // Row 5 has no cell C5: an empty occupation, which is required.
        #expect(sheet.problems == [SheetProblem(row: 5, column: .occupation, cell: "C5", reason: .required)])
        #expect(sheet.problems.first?.message(in: .vi) == "Dòng 5, cột “Đối tượng” (ô C5): chưa điền (bắt buộc)")

        let data = try Data(contentsOf: url)
        #expect(try ProposalSheetReader(catalogue: Fixtures.catalogue).read(data: data, format: .xlsx) == sheet)
    }

    @Test func relationshipTargets() {
        #expect(XLSXReader.resolve("worksheets/sheet1.xml", from: "xl") == "xl/worksheets/sheet1.xml")
        #expect(XLSXReader.resolve("/xl/worksheets/sheet1.xml", from: "xl") == "xl/worksheets/sheet1.xml")
        #expect(XLSXReader.resolve("../data/sheet%201.xml", from: "xl/sub") == "xl/data/sheet 1.xml")
        #expect(XLSXReader.resolve("xl/workbook.xml", from: "") == "xl/workbook.xml")
    }
}
