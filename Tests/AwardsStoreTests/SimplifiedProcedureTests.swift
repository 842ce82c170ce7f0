import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// The simplified procedure (Luật 06/2022/QH15, Điều 85) is for forms of commendation only: the pure core
/// and awards.advance refuse a title on the short path in the same words, and let a form through.
@Suite struct SimplifiedProcedureTests {
    @Test(arguments: [("GIAY_KHEN", true), ("BANG_KHEN_CHU_TICH_TINH", true), ("LAO_DONG_TIEN_TIEN", false), ("CSTD_CO_SO", false)])
    func aTitleOnTheShortPathIsRefusedAFormIsNot(_ award: String, _ allowed: Bool) throws {
        let province = try Province()
        let workflow = try TestDatabase.shippedWorkflow()
        let officer = try province.store(province.officerKrongPac)
        let id = try officer.nominate(kind: .individual, name: "Nguyễn Thị Lan", unitCode: "ea-phe", occupation: .worker, gender: .female,
                                      movementCode: nil, fields: ["detection_note": "Cứu người trong lũ"])
        let fields = ["achievement_summary": "Cứu hai người trong lũ ngày 03/11", "award_code": award, "simplified_case": "dot_xuat"]
        let context = try #require(try officer.context(nomination: id))
        let core = workflow.transition(nomination: context.snapshot, event: "propose_simplified", actor: context.actor,
                                       at: .todayInVietnam, fields: fields)
        let database: Result<String, PostgresError> = Result { try officer.advance(id, event: "propose_simplified", fields: fields) }
            .mapError { $0 as! PostgresError }
        expectAgreement(core: core, database: database, allowed: allowed, sqlState: "AW002", "\(award) on the short path")
        if case .failure(let error) = database {
            #expect(error.message.hasSuffix("is a title (danh hiệu thi đua); the simplified procedure is for forms of commendation only (Luật 06/2022/QH15, Điều 85)"))
            #expect(try officer.find(id)?.state == "detected", "nothing changed")
        } else {
            #expect(try officer.find(id)?.state == "pending_approval")
        }
    }

    @Test func theShortPathNeedsACaseOfTheArticle() throws {
        let province = try Province()
        let officer = try province.store(province.officerKrongPac)
        let id = try officer.nominate(kind: .individual, name: "Nguyễn Thị Lan", unitCode: "ea-phe", occupation: .worker, gender: .female,
                                      movementCode: nil, fields: ["detection_note": "Cứu người trong lũ"])
        let missing = try refusal {
            try officer.advance(id, event: "propose_simplified", fields: ["achievement_summary": "x", "award_code": "GIAY_KHEN"])
        }
        #expect(missing?.message == "missing field simplified_case for propose_simplified")
        let other = try refusal {
            try officer.advance(id, event: "propose_simplified",
                                fields: ["achievement_summary": "x", "award_code": "GIAY_KHEN", "simplified_case": "thuong_xuyen"])
        }
        #expect(other?.message == "field simplified_case must be one of: dot_xuat; not thuong_xuyen")
    }
}
