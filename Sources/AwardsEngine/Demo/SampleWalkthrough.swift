import AwardsCore
import AwardsStore
import Foundation

/// The README's walk-through: officers and managers of the sample province, each acting as their own
/// login, take four nominations through the four stages — with a refusal for lack of authority, a
/// return, a rejection and an award forwarded to the State President.
public struct SampleWalkthrough {
    let settings: Settings
    let target: DatabaseTarget
    let workflow: NominationWorkflow
    let print: (String) -> Void
    private var definition: WorkflowDefinition { workflow.definition }

    public init(settings: Settings, target: DatabaseTarget, workflow: NominationWorkflow, print: @escaping (String) -> Void) {
        self.settings = settings
        self.target = target
        self.workflow = workflow
        self.print = print
    }

    private var language: Language { settings.language }

    /// Decisions are dated the day they are recorded, read at each step: a decision may not precede its
    /// proposal, even when the walk-through runs across midnight.
    private static var today: String { LocalDate.todayInVietnam.vietnamese }

    private func service(_ login: String) throws -> NominationService {
        NominationService(session: try AwardsSession(settings: settings, target: target, actingAs: login), workflow: workflow)
    }

    private func step(_ login: String, _ event: String, _ id: Int, _ fields: [String: String]) throws {
        let state = try service(login).advance(id, event: event, fields: fields)
        print("  \(login): \(event) #\(id) → " + (definition.state(named: state)?.label.map { language.text(vi: "\($0) (\(state))", en: state) } ?? state))
    }

    private func refused(_ login: String, _ event: String, _ id: Int, _ fields: [String: String]) throws {
        do {
            try service(login).advance(id, event: event, fields: fields)
            print(language.text(vi: "  \(login): \(event) #\(id) đã được chấp nhận, điều lẽ ra không được phép",
                                en: "  \(login): \(event) #\(id) was accepted, which it should not have been"))
        } catch {
            print(language.text(vi: "  \(login): \(event) #\(id) bị từ chối — ", en: "  \(login): \(event) #\(id) refused — ")
                  + UserFacingError.describe(error, in: language))
        }
    }

    private func nominate(_ login: String, _ name: String, _ kind: NomineeKind, _ occupation: Occupation, _ gender: Gender?,
                          _ unit: String, _ note: String) throws -> Int {
        let id = try service(login).nominate(kind: kind, name: name, unitCode: unit, occupation: occupation, gender: gender,
                                             movementCode: SampleProvince.movementCode, fields: ["detection_note": note])
        print(language.text(vi: "  \(login): nominate “\(name)” (\(kind.vietnamese), \(occupation.vietnamese), \(unit)) → #\(id) Phát hiện (detected)",
                            en: "  \(login): nominate “\(name)” (\(kind.rawValue), \(occupation.rawValue), \(unit)) → #\(id) detected"))
        return id
    }

    /// Walks the sample nominations unless they exist already; returns the nominations it shows.
    public func run(owner: NominationStore) throws -> [Int] {
        let existing = try owner.list(NominationFilter())
        if !existing.isEmpty {
            print(language.text(vi: "các hồ sơ mẫu đã được xử lý từ trước; trạng thái hiện nay:",
                                en: "sample nominations already walked; their states now:"))
            existing.forEach { print("  #\($0.id) \($0.nomineeName): \($0.state)") }
            return existing.map(\.id)
        }
        print(language.text(vi: "-- một nông dân, từ phát hiện đến nhân rộng, qua một lần bị từ chối và một lần trả lại",
                            en: "-- a farmer, from detection to replication, with a refusal and a return"))
        let farmer = try nominate("hang.ttb", "Y Bhin Niê", .individual, .farmer, .male, "xa-ea-phe",
                                  "Mô hình tưới cà phê tiết kiệm nước")
        try step("hang.ttb", "cultivate", farmer, ["cultivation_plan": "Hỗ trợ giống, tập huấn kỹ thuật tưới nhỏ giọt"])
        try step("hang.ttb", "summarize", farmer, ["achievement_summary": "Năng suất tăng 30%, tiết kiệm 40% nước tưới"])
        try step("hang.ttb", "propose", farmer, ["award_code": "BANG_KHEN_CHU_TICH_TINH"])
        try refused("duc.lq", "approve", farmer, ["decision_number": "88/QĐ-UBND", "decision_date": Self.today])
        try step("nghi.pn", "return", farmer, ["reason": "Bổ sung biên bản họp Hội đồng Thi đua – Khen thưởng huyện"])
        try step("hang.ttb", "amend", farmer, ["achievement_summary": "Năng suất tăng 30%, tiết kiệm 40% nước tưới; "
                                                + "kèm Biên bản họp Hội đồng Thi đua – Khen thưởng huyện số 12/BB-HĐTĐKT"])
        try step("hang.ttb", "propose", farmer, ["award_code": "BANG_KHEN_CHU_TICH_TINH", "note": "Đã bổ sung biên bản"])
        try step("nghi.pn", "approve", farmer, ["decision_number": "2345/QĐ-UBND", "decision_date": Self.today])
        try step("hang.ttb", "replicate", farmer, ["replication_plan": "Giới thiệu tại hội nghị điển hình tiên tiến huyện"])
        try step("hang.ttb", "close", farmer, ["replicated_where": "12 xã của huyện Krông Pắc"])

        print(language.text(vi: "-- một công nhân có thành tích đột xuất: thủ tục đơn giản, giám đốc công ty quyết định khen thưởng",
                            en: "-- a worker with an unexpected achievement: fast track, granted by the company director"))
        let worker = try nominate("tham.vh", "Nguyễn Thị Lan", .individual, .worker, .female, "cty-cao-su",
                                  "Sáng kiến cải tiến dao cạo mủ cao su")
        try step("tham.vh", "propose_simplified", worker, ["achievement_summary": "Sáng kiến tăng 8% sản lượng mủ, đột xuất",
                                                           "award_code": "GIAY_KHEN", "simplified_case": "dot_xuat"])
        try step("khoa.dv", "approve", worker, ["decision_number": "15/QĐ-CSĐL", "decision_date": Self.today])

        print(language.text(vi: "-- một tập thể được đề nghị danh hiệu cấp tỉnh và không được khen thưởng",
                            en: "-- a collective, proposed for a provincial title and rejected"))
        let collective = try nominate("dham.ey", "Tổ hợp tác cà phê bền vững Ea Kar", .collective, .farmer, nil, "ubnd-ea-kar",
                                      "Liên kết 40 hộ sản xuất cà phê chứng nhận")
        try refused("dham.ey", "propose", collective, ["award_code": "TAP_THE_LAO_DONG_XUAT_SAC"])
        try step("dham.ey", "cultivate", collective, ["cultivation_plan": "Hỗ trợ chứng nhận 4C"])
        try step("dham.ey", "summarize", collective, ["achievement_summary": "Thu nhập thành viên tăng 20%"])
        try step("dham.ey", "propose", collective, ["award_code": "TAP_THE_LAO_DONG_XUAT_SAC"])
        try step("nghi.pn", "reject", collective, ["reason": "Chưa đủ 2 năm liên tục đạt Tập thể lao động tiên tiến"])

        print(language.text(vi: "-- hình thức khen thưởng chỉ Chủ tịch nước quyết định: trình cấp trên, rồi ghi nhận quyết định",
                            en: "-- an award only the State President grants: forwarded, then the decision recorded"))
        let national = try nominate("hang.ttb", "Trần Văn Hùng", .individual, .directLabourer, .male, "ubnd-krong-pac",
                                    "30 năm gắn bó công tác khuyến nông")
        try step("hang.ttb", "summarize", national, ["achievement_summary": "Chuyển giao kỹ thuật cho hơn 5.000 hộ"])
        try step("hang.ttb", "propose", national, ["award_code": "HUAN_CHUONG_LAO_DONG_HANG_BA"])
        try refused("nghi.pn", "approve", national, ["decision_number": "99/QĐ-UBND", "decision_date": Self.today])
        try step("nghi.pn", "forward", national, ["submission_number": "150/TTr-UBND", "submitted_to": "Ban Thi đua – Khen thưởng Trung ương"])
        try step("an.nv", "record_external_decision", national,
                 ["outcome": "granted", "decision_number": "1122/QĐ-CTN", "decision_date": Self.today])
        return [farmer, worker, collective, national]
    }
}
