import AwardsCore
import AwardsStore
import Foundation

/// The year-end round of a department, as the demo runs it: its officer imports the list of 30
/// individuals and 3 collectives from the sample .xlsx, which is refused for one bad row, imports the
/// mended list, submits the proposal; the director signs one decision with one line lowered, and the
/// reward-money ledger shows it.
public struct SampleRound {
    public static let unit = "snnptnt"
    public static let officer = "linh.hn"
    public static let director = "quang.vm"
    public static let proposalNumber = "45/TTr-SNN"
    public static let decisionNumber = "1234/QĐ-SNN"
    /// The list as the officer first sends it (row 18 has a birth date of 31/02/1985), and mended.
    public static let sheet = "samples/de-nghi-cuoi-nam-snnptnt.xlsx"
    public static let mendedSheet = "samples/de-nghi-cuoi-nam-snnptnt.csv"

    let settings: Settings
    let target: DatabaseTarget
    let catalogue: AwardCatalogue
    let print: (String) -> Void

    public init(settings: Settings, target: DatabaseTarget, catalogue: AwardCatalogue, print: @escaping (String) -> Void) {
        self.settings = settings
        self.target = target
        self.catalogue = catalogue
        self.print = print
    }

    private var language: Language { settings.language }
    private func say(_ vi: String, _ en: String) -> String { language.text(vi: vi, en: en) }

    private func service(_ login: String) throws -> ProposalService {
        ProposalService(session: try AwardsSession(settings: settings, target: target, actingAs: login), catalogue: catalogue)
    }

    /// Runs the round unless its proposal exists already; returns the decision's id, if signed.
    @discardableResult
    public func run() throws -> Int? {
        let officer = try service(Self.officer)
        let year = LocalDate.todayInVietnam.year
        if let existing = try officer.store.list(unitCode: Self.unit).first {
            print(say("tờ trình mẫu đã có từ trước: số \(existing.id), trạng thái \(existing.state), \(existing.lineCount) dòng",
                      "the sample proposal exists already: \(existing.id), \(existing.state), \(existing.lineCount) lines"))
            return try officer.store.decisions(year: year).first(where: { $0.number == Self.decisionNumber })?.id
        }
        let id = try officer.store.create(unitCode: Self.unit, addresseeCode: Self.unit, round: .yearEnd, year: year,
                                          title: "Đề nghị công nhận danh hiệu thi đua và tặng Giấy khen năm \(year)", movementCode: nil)
        print("  \(Self.officer): proposal new → #\(id) " + say("Dự thảo (draft)", "draft"))
        let first = settings.configDirectory.appendingPathComponent(Self.sheet)
        do {
            _ = try officer.importSheet(proposal: id, sheet: first)
            print(say("  danh sách đầu tiên lẽ ra phải bị từ chối vì dòng 18", "  the first list should have been refused for row 18"))
        } catch let problems as LineProblems {
            print("  \(Self.officer): proposal import \(Self.sheet) " + say("bị từ chối, không thêm dòng nào:", "refused, nothing added:"))
            problems.problems.forEach { print("    " + language.text(vi: $0.vi, en: $0.en)) }
        }
        let mended = settings.configDirectory.appendingPathComponent(Self.mendedSheet)
        let added = try officer.importSheet(proposal: id, sheet: mended)
        print("  \(Self.officer): proposal import \(Self.mendedSheet) " + say("(đã sửa ngày sinh dòng 18) → \(added) dòng",
                                                                              "(row 18's birth date mended) → \(added) lines"))
        let today = LocalDate.todayInVietnam
        try officer.store.advance(id, event: "submit", fields: ["proposal_number": Self.proposalNumber, "proposal_date": today.iso])
        print("  \(Self.officer): proposal submit #\(id) \(Self.proposalNumber) → " + say("Đã trình (submitted)", "submitted"))

        let director = try service(Self.director)
        let lowered = try director.store.lines(id).first { $0.awardCode == "CSTD_CO_SO" }
        let changes = lowered.map { [DecisionChange(proposal: id, line: $0.lineNo, award: "LAO_DONG_TIEN_TIEN",
                                                    reason: "Sáng kiến chưa được Hội đồng sáng kiến công nhận")] } ?? []
        let decision = try director.store.sign(number: Self.decisionNumber, date: today, proposals: [id], changes: changes,
                                               legalBases: ["Luật Thi đua, khen thưởng số 06/2022/QH15"])
        let summary = try director.store.decision(decision)
        print("  \(Self.director): decision sign \(Self.decisionNumber) "
              + (lowered.map { say("(hạ mức dòng \($0.lineNo), \($0.nomineeName): CSTD_CO_SO → LAO_DONG_TIEN_TIEN)",
                                   "(line \($0.lineNo), \($0.nomineeName), lowered: CSTD_CO_SO → LAO_DONG_TIEN_TIEN)") } ?? "")
              + " → \(summary?.lineCount ?? 0) " + say("dòng, tổng", "lines, in all") + " \(summary.map { Money.readable($0.totalDong, in: language) } ?? "?") đồng")
        return decision
    }
}
