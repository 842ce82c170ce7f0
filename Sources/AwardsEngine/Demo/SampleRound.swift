import AwardsCore
import AwardsStore
import Foundation

/// The year-end round of a department, as the demo runs it: its officer imports the list of 30
/// individuals and 3 collectives from the sample .xlsx, which is refused for one bad row, imports the
/// mended list (told which lines do not yet qualify), records the year's ratings and submits the proposal;
/// `awards eligible` shows who of those proposed qualifies for Chiến sĩ thi đua cơ sở (one does not, with
/// the article); the director signs one decision with that line lowered, and the reward-money ledger shows it.
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
        print("  \(Self.officer): proposal import \(Self.mendedSheet) " + say("(đã sửa ngày sinh dòng 18) → \(added.count) dòng",
                                                                              "(row 18's birth date mended) → \(added.count) lines"))
        if let first = added.needingAttention.first {
            print("    " + say("cảnh báo", "warning") + ": " + officer.explain(first, in: language)
                  + say(" (và \(added.needingAttention.count - 1) dòng khác)", " (and \(added.needingAttention.count - 1) other lines)"))
        }
        let today = LocalDate.todayInVietnam
        let lines = try officer.store.lines(id)
        let lowered = lines.first { $0.awardCode == "CSTD_CO_SO" }
        try rateTheYear(lines, lowered: lowered, year: year, by: officer)
        try officer.store.advance(id, event: "submit", fields: ["proposal_number": Self.proposalNumber, "proposal_date": today.iso])
        print("  \(Self.officer): proposal submit #\(id) \(Self.proposalNumber) → " + say("Đã trình (submitted)", "submitted"))
        try showEligible(year: year, by: officer)

        let director = try service(Self.director)
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

    /// The year's ratings (xếp loại) of the individuals listed, which the rules of Lao động tiên tiến
    /// and Chiến sĩ thi đua cơ sở read: all completed their duties well, those proposed for Chiến sĩ thi
    /// đua cơ sở excellently, but for the one whose initiative was not recognised.
    private func rateTheYear(_ lines: [ProposalLine], lowered: ProposalLine?, year: Int, by officer: ProposalService) throws {
        let nominees = try officer.nominees.eligibility(unitCode: Self.unit, year: year, award: "LAO_DONG_TIEN_TIEN", on: .todayInVietnam)
        var excellent = 0, good = 0
        for line in lines where line.nomineeKind == "individual" {
            guard let nominee = nominees.first(where: { $0.fullName == line.nomineeName }) else { continue }
            let rating: PerformanceRating = line.awardCode == "CSTD_CO_SO" && line.lineNo != lowered?.lineNo ? .excellent : .good
            try officer.nominees.rate(nominee.nomineeID, year: year, rating)
            if rating == .excellent { excellent += 1 } else { good += 1 }
        }
        print("  \(Self.officer): nominee rate … --year \(year) → " + say("\(excellent) người hoàn thành xuất sắc nhiệm vụ, \(good) người hoàn thành tốt nhiệm vụ",
                                                                           "\(excellent) rated excellent, \(good) rated good"))
    }

    /// `awards eligible` for Chiến sĩ thi đua cơ sở, as the command prints it: the one refused with the article.
    private func showEligible(year: Int, by officer: ProposalService) throws {
        let verdicts = try officer.nominees.eligibility(unitCode: Self.unit, year: year, award: "CSTD_CO_SO", on: .todayInVietnam)
        let proposed = Set(try officer.store.list(unitCode: Self.unit).flatMap { try officer.store.lines($0.id) }
            .filter { $0.awardCode == "CSTD_CO_SO" }.map(\.nomineeName))
        print("  \(Self.officer): eligible --unit \(Self.unit) --year \(year) --award CSTD_CO_SO " + say("(những người được đề nghị)", "(those proposed)"))
        for verdict in verdicts where proposed.contains(verdict.fullName) {
            let outcome = verdict.qualifies ? say("đủ điều kiện", "qualifies") : say("chưa đủ", "does not qualify")
            print("    #\(verdict.nomineeID) \(verdict.fullName): \(outcome) — "
                  + EligibilityExplanation.lines(verdict, in: language, failedOnly: !verdict.qualifies).joined(separator: "; "))
        }
    }
}
