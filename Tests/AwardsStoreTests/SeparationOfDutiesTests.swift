import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// Nobody decides a nomination they recorded or proposed: the database refuses (awards.advance) and the
/// pure core, which explains refusals, reaches the same verdict with the same words, case by case.
@Suite struct SeparationOfDutiesTests {
    enum Step: String, CaseIterable { case records, proposes }

    /// (what the officer-and-manager did, the decision they then try, whether it may go ahead)
    static let cases: [(Set<Step>, String, Bool)] = [
        ([.records], "approve", false), ([.proposes], "approve", false), ([.records, .proposes], "approve", false), ([], "approve", true),
        ([.records], "reject", false), ([.proposes], "return", false), ([], "reject", true), ([], "return", true),
        ([.proposes], "forward", false),
    ]

    @Test func theDatabaseAndThePureCoreAgreeOnEveryCase() throws {
        let province = try Province()
        let dual = TestDatabase.uniqueLogin("dual")
        try DirectoryStore(try province.database.connect()).registerPerson(
            fullName: "Phó Chủ Tịch Kiêm Nhiệm", email: "\(dual)@daklak.gov.vn", unitCode: "ubnd-tinh", login: dual,
            roles: ["officer", "manager"], authorityLevel: "province_chair", password: TestDatabase.personPassword)
        let workflow = try TestDatabase.shippedWorkflow()
        let officer = try province.store(province.officerKrongPac)
        let decider = try province.store(dual)

        for (done, decision, allowed) in Self.cases {
            let award = decision == "forward" ? "HUAN_CHUONG_LAO_DONG_HANG_BA" : "BANG_KHEN_CHU_TICH_TINH"
            let recorder = done.contains(.records) ? decider : officer
            let id = try recorder.nominate(kind: .individual, name: "Y Bhin Niê", unitCode: "ea-phe", occupation: .farmer, gender: .male,
                                           movementCode: nil, fields: ["detection_note": "Mô hình cà phê"])
            try officer.advance(id, event: "summarize", fields: ["achievement_summary": "Năng suất tăng 30%"])
            try (done.contains(.proposes) ? decider : officer).advance(id, event: "propose", fields: ["award_code": award])

            let context = try #require(try decider.context(nomination: id))
            // Dated the day it was proposed, as the database saw it: valid even if midnight passes meanwhile.
            let proposed = try #require(context.snapshot.enteredStateOn)
            let today = LocalDate.todayInVietnam
            let fields: [String: String] = switch decision {
            case "approve": ["decision_number": "12/QĐ-UBND", "decision_date": proposed.iso]
            case "forward": ["submission_number": "45/TTr-UBND", "submitted_to": "Chủ tịch nước"]
            default: ["reason": "Bổ sung hồ sơ"]
            }
            let core = workflow.transition(nomination: context.snapshot, event: decision, actor: context.actor, at: today, fields: fields)
            let database: Result<String, PostgresError> = Result { try decider.advance(id, event: decision, fields: fields) }
                .mapError { $0 as! PostgresError }
            let what = "\(done.map(\.rawValue).sorted()) then \(decision)"
            expectAgreement(core: core, database: database, allowed: allowed, sqlState: "42501", what)
        }
    }
}
