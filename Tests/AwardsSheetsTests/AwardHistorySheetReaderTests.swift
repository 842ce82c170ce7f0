import AwardsCore
import Foundation
import Testing
@testable import AwardsSheets

/// Sheets of past awards go through the same .xlsx and .csv readers as proposal sheets; only the columns
/// and the checks of a row are their own.
@Suite struct AwardHistorySheetReaderTests {
    let reader = AwardHistorySheetReader(catalogue: Fixtures.catalogue)
    static let samples = Fixtures.root.appendingPathComponent("config/samples")

    @Test func theSampleWorkbookAndCSVHoldTheSameNineAwards() throws {
        let xlsx = try reader.read(contentsOf: Self.samples.appendingPathComponent("award-history.xlsx"))
        let csv = try reader.read(contentsOf: Self.samples.appendingPathComponent("award-history.csv"))
        #expect(xlsx.problems.isEmpty && csv.problems.isEmpty, "\(xlsx.problems) \(csv.problems)")
        #expect(xlsx.rows.count == 9)
        #expect(xlsx.rows == csv.rows, "real date cells and a number year read as the text does")
        #expect(xlsx.rows.first == PastAwardInput(row: 2, kind: .individual, name: "Nguyễn Văn Hùng", birthDate: day("12/03/1975"), gender: .male,
                                                  unit: "snnptnt", award: "CSTD_CO_SO", year: 2023, decisionNumber: "35/QĐ-SNN",
                                                  decisionDate: day("15/01/2024"), issuer: "Giám đốc Sở Nông nghiệp và Phát triển nông thôn"))
        let revoked = try #require(xlsx.rows.first { $0.revokedNumber != nil })
        #expect(revoked.row == 7 && revoked.revokedNumber == "112/QĐ-SNN" && revoked.revokedDate == day("10/05/2024"))
        let collective = try #require(xlsx.rows.last)
        #expect(collective.kind == .collective && collective.birthDate == nil && collective.award == "TAP_THE_LAO_DONG_TIEN_TIEN")
    }

    @Test func englishHeadersInAnyOrderAndAwardNamesAreRead() throws {
        let text = """
            year,award code,unit code,full name,kind,decision number,decision date,issuer,revoked number,revoked date
            2024,Lao động tiên tiến,EA-KAR,  Phạm   Văn An ,individual,12/QĐ-UBND,2025-01-10,UBND huyện Ea Kar,,
            """
        let sheet = try reader.read(data: Data(text.utf8), format: .csv)
        #expect(sheet.problems.isEmpty, "\(sheet.problems)")
        #expect(sheet.rows == [PastAwardInput(row: 2, kind: .individual, name: "Phạm Văn An", unit: "ea-kar", award: "LAO_DONG_TIEN_TIEN",
                                              year: 2024, decisionNumber: "12/QĐ-UBND", decisionDate: day("10/01/2025"), issuer: "UBND huyện Ea Kar")])
    }

    @Test func everyProblemOfTheSheetIsNamedByRowAndColumn() throws {
        let text = """
            Cá nhân / Tập thể,Họ và tên,Ngày sinh,Đơn vị,"Danh hiệu, hình thức khen thưởng",Năm thành tích,Số quyết định,Ngày quyết định,Cấp quyết định
            Cá nhân,Phạm Văn An,31/02/1980,ea-kar,CSTD_CO_SO,20x4,12/QĐ-UBND,10/01/2025,UBND huyện
            Tập thể,Phòng Tài chính,01/01/1980,ea-kar,NOBEL,2024,,10/01/2025,UBND huyện
            Cá nhân,Lê Thị Bình,,ea-kar,CSTD_CO_SO,1900,\(String(repeating: "9", count: 61)),10/01/2025,UBND huyện
            """
        let sheet = try reader.read(data: Data(text.utf8), format: .csv)
        #expect(sheet.rows.isEmpty)
        #expect(sheet.problems == [
            HistorySheetProblem(row: 2, column: .birthDate, cell: "C2", reason: .notARealDate("31/02/1980")),
            HistorySheetProblem(row: 2, column: .year, cell: "F2", reason: .notAYear("20x4")),
            HistorySheetProblem(row: 3, column: .birthDate, cell: "C3", reason: .onlyForIndividuals),
            HistorySheetProblem(row: 3, column: .decisionNumber, cell: "G3", reason: .required),
            HistorySheetProblem(row: 4, column: .year, cell: "F4", reason: .notAYear("1900")),
            HistorySheetProblem(row: 4, column: .decisionNumber, cell: "G4", reason: .tooLong(characters: 61, atMost: 60)),
        ])
        // The unknown award is the database's to name (awards.award_history_problems), as for every way in.
        let missing = try reader.read(data: Data("name,kind,unit\nA,individual,x\n".utf8), format: .csv)
        #expect(missing.problems.map(\.column) == [.award, .year, .decisionNumber, .decisionDate, .issuer])
        #expect(missing.problems.allSatisfy { $0.reason == .missingColumn } && !missing.hasItsColumns)
    }
}
