import AwardsCore
import AwardsStore
import Foundation

/// The department's proposal to the province, as the demo runs it: two Chiến sĩ thi đua cấp tỉnh, two
/// Bằng khen of the provincial chair and a Huân chương Lao động hạng Ba. The standing agency posts the
/// Huân chương line for the people's opinion and finds the one objection unfounded; the province's
/// council of nine meets (one member recused on a line, one absent who sends a written opinion), each
/// member casts their own secret ballots, the secretary counts; the agency appraises and finds one line
/// short of documents; the chair signs what passed both and is within the province's authority,
/// lowering the line the council passed only as a Bằng khen, and sends the Huân chương up.
public struct SampleProvincialRound {
    public static let unit = SampleRound.unit
    public static let officer = SampleRound.officer
    public static let province = "ubnd-tinh"
    /// Records the council (an officer of the agency) and receives the proposal for appraisal.
    public static let clerk = "an.nv"
    public static let chair = "nghi.pn"
    public static let secretary = "binh.tv"
    public static let members = ["quang.vm", "phuoc.nh", "ngoc.dt", "khoa.dv", "duc.lq", "tuan.hm", "lan.nt"]
    public static let recused = "quang.vm"
    public static let absentWithOpinion = "duc.lq"
    public static let specialist = "thu.lt"
    public static let proposalNumber = "52/TTr-SNN"
    public static let decisionNumber = "2468/QĐ-UBND"

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

    /// Runs the round unless the department's proposal to the province exists already; returns the
    /// meeting, the appraisal and the decision.
    @discardableResult
    public func run() throws -> (meeting: Int, appraisal: Int, decision: Int)? {
        let officer = try service(Self.officer)
        if let existing = try officer.store.list(unitCode: Self.unit).first(where: { $0.addresseeCode == Self.province }) {
            print(say("tờ trình mẫu gửi tỉnh đã có từ trước: số \(existing.id), trạng thái \(existing.state)",
                      "the sample proposal to the province exists already: \(existing.id), \(existing.state)"))
            let clerk = try service(Self.clerk)
            guard let meeting = try clerk.councils.meetings(unitCode: Self.province).first(where: { $0.proposalIDs.contains(existing.id) }),
                  let appraisal = try clerk.appraisals.list().first(where: { $0.proposalID == existing.id }),
                  let decision = try clerk.store.decisions(year: existing.year).first(where: { $0.number == Self.decisionNumber })
            else { return nil }
            return (meeting.id, appraisal.id, decision.id)
        }
        let today = LocalDate.todayInVietnam
        let year = today.year
        let clerk = try service(Self.clerk)
        if try clerk.councils.members(unitCode: Self.province).isEmpty {
            let founded = LocalDate(year: year, month: 1, day: 5)!
            try clerk.councils.create(unitCode: Self.province, name: "Hội đồng Thi đua – Khen thưởng tỉnh Đắk Lắk",
                                      decision: "15/QĐ-UBND", foundedOn: founded)
            try clerk.councils.addMember(unitCode: Self.province, login: Self.chair, position: .chair, votes: true, from: founded, decision: "15/QĐ-UBND")
            try clerk.councils.addMember(unitCode: Self.province, login: Self.secretary, position: .secretary, votes: true, from: founded, decision: "15/QĐ-UBND")
            for member in Self.members {
                try clerk.councils.addMember(unitCode: Self.province, login: member, position: .member, votes: true, from: founded, decision: "15/QĐ-UBND")
            }
            print("  \(Self.clerk): council create --unit \(Self.province) " + say("(Quyết định 15/QĐ-UBND) → 9 thành viên", "(decision 15/QĐ-UBND) → 9 members"))
        }

        let id = try officer.store.create(unitCode: Self.unit, addresseeCode: Self.province, round: .yearEnd, year: year,
                                          title: "Đề nghị khen thưởng tổng kết năm \(year)",
                                          movementCode: nil)
        let period = (LocalDate(year: year, month: 1, day: 1)!, LocalDate(year: year, month: 12, day: 31)!)
        func line(_ row: Int, _ name: String, _ award: String, kind: NomineeKind = .individual, female: Bool = false,
                  birth: LocalDate? = nil) -> ProposalLineInput {
            ProposalLineInput(rowNumber: row, name: name, kind: kind, birthDate: birth, gender: kind == .individual ? (female ? .female : .male) : nil,
                              occupation: kind == .individual ? .civilServant : .other, unitCode: Self.unit, awardCode: award,
                              periodFrom: period.0, periodTo: period.1)
        }
        try recordHungsPast(year: year, by: officer)
        try officer.add(proposal: id, lines: [
            line(2, "Nguyễn Văn Hùng", "CSTD_CAP_TINH", birth: LocalDate(year: 1979, month: 5, day: 2)),
            line(3, "Trần Thị Thanh Hương", "CSTD_CAP_TINH", female: true, birth: LocalDate(year: 1984, month: 9, day: 17)),
            line(4, "Phòng Trồng trọt và Bảo vệ thực vật", "BANG_KHEN_CHU_TICH_TINH", kind: .collective),
            line(5, "Lê Văn Sáu", "BANG_KHEN_CHU_TICH_TINH", birth: LocalDate(year: 1990, month: 1, day: 23)),
            line(6, "Phạm Minh Tuấn", "HUAN_CHUONG_LAO_DONG_HANG_BA", birth: LocalDate(year: 1974, month: 11, day: 8)),
        ])
        try officer.store.advance(id, event: "submit", fields: ["proposal_number": Self.proposalNumber, "proposal_date": today.iso])
        print("  \(Self.officer): proposal new --to \(Self.province) → #\(id), 4 " + say("dòng", "lines") + "; proposal submit \(Self.proposalNumber)")

        // The public posting: the Huân chương line has been public for its 10 working days before the council meets.
        let calendar = try ConfigFiles.workingCalendar(settings)
        let postedOn = calendar.adding(workingDays: -12, to: today)
        let (posting, endsOn) = try clerk.postings.post(proposal: id, place: "Cổng thông tin điện tử tỉnh Đắk Lắk", on: postedOn)
        let objection = try clerk.postings.object(posting: posting, line: 5, sender: "Ông Y Blin Niê, buôn Ko Sier, phường Tân Lợi",
                                                  summary: "Đề nghị làm rõ thành tích giai đoạn 2021–2025",
                                                  receivedOn: calendar.adding(workingDays: 2, to: postedOn))
        try clerk.postings.find(objection: objection, .unfounded, reason: "Đã xác minh: thành tích được Hội đồng cấp cơ sở xác nhận")
        try clerk.postings.close(posting)
        print("  \(Self.clerk): posting new \(id) → " + say("đợt \(posting), dòng 5 (Huân chương Lao động hạng Ba) đăng từ \(postedOn.vietnamese) đến hết \(endsOn.vietnamese); "
                                                               + "1 ý kiến phản ánh, kết luận không có cơ sở; posting close",
                                                               "posting \(posting), line 5 (Huân chương Lao động hạng Ba) up from \(postedOn.vietnamese) to \(endsOn.vietnamese); "
                                                               + "1 objection, found unfounded; posting close"))

        // The council.
        let meeting = try clerk.councils.openMeeting(unitCode: Self.province, heldOn: today, place: "Phòng họp số 2, UBND tỉnh",
                                                     proposals: [id], writtenOpinions: [Self.absentWithOpinion])
        print("  \(Self.clerk): council meeting open → " + say("phiên họp \(meeting): 8/9 có mặt, \(Self.absentWithOpinion) vắng, gửi ý kiến bằng văn bản",
                                                                "meeting \(meeting): 8 of 9 present, \(Self.absentWithOpinion) absent with a written opinion"))
        let recuser = try service(Self.recused)
        try recuser.councils.recuse(meeting: meeting, login: Self.recused, proposal: id, line: 1, reason: "Là thủ trưởng trực tiếp của người được đề nghị")
        print("  \(Self.recused): council recuse \(meeting) \(Self.recused) 1 " + say("(thủ trưởng trực tiếp của người được đề nghị)", "(the nominee's direct superior)"))
        for login in [Self.chair, Self.secretary] + Self.members {
            let member = try service(login)
            var ballots = try member.councils.linesOpenToMe(meeting: meeting).map { Ballot(proposal: $0.proposal, line: $0.line, choice: .agree) }
            // One member would give the second nominee a Bằng khen rather than the provincial title.
            if login == "lan.nt", let index = ballots.firstIndex(where: { $0.line == 2 }) {
                ballots[index].choice = .lower(award: "BANG_KHEN_CHU_TICH_TINH")
            }
            try member.councils.vote(meeting: meeting, ballots: ballots)
        }
        print("  " + say("9 thành viên bỏ phiếu kín (council vote); lan.nt chọn mức thấp hơn cho dòng 2", "9 members cast secret ballots (council vote); lan.nt chose a lower award for line 2"))
        let secretary = try service(Self.secretary)
        try secretary.councils.count(meeting: meeting, minutesNumber: "08/BB-HĐTĐKT", minutesDate: today)
        print("  \(Self.secretary): council count \(meeting) --minutes 08/BB-HĐTĐKT")

        // The appraisal.
        let appraisal = try clerk.appraisals.receive(proposal: id)
        let due = try clerk.appraisals.assign(appraisal, specialist: Self.specialist)
        print("  \(Self.clerk): appraisal receive \(id) → " + say("phiếu \(appraisal), giao \(Self.specialist), hạn \(due.vietnamese)",
                                                                 "appraisal \(appraisal), assigned to \(Self.specialist), due \(due.vietnamese)"))
        let specialist = try service(Self.specialist)
        for line in [1, 2, 3, 5] { try specialist.appraisals.judge(appraisal, line: line, verdict: .eligible, reason: nil) }
        try specialist.appraisals.judge(appraisal, line: 4, verdict: .moreDocuments, reason: "Thiếu báo cáo thành tích có xác nhận của thủ trưởng đơn vị")
        try specialist.appraisals.submit(appraisal, resultNumber: "130/TTr-SNV", date: today)
        print("  \(Self.specialist): appraisal judge 1–3, 5 eligible, 4 more_documents; appraisal submit 130/TTr-SNV")

        // The decision: what passed both.
        let chair = try service(Self.chair)
        let changes = [DecisionChange(proposal: id, line: 2, award: "BANG_KHEN_CHU_TICH_TINH", reason: "Hội đồng thông qua ở mức Bằng khen"),
                       DecisionChange(proposal: id, line: 4, leaveOut: true, reason: "Chưa bổ sung hồ sơ theo kết quả thẩm định"),
                       DecisionChange(proposal: id, line: 5, leaveOut: true, reason: "Thuộc thẩm quyền Chủ tịch nước: trình Thủ tướng Chính phủ")]
        let decision = try chair.store.sign(number: Self.decisionNumber, date: today, proposals: [id], changes: changes,
                                            legalBases: ["Luật Thi đua, khen thưởng số 06/2022/QH15"])
        let summary = try chair.store.decision(decision)
        print("  \(Self.chair): decision sign \(Self.decisionNumber) " + say("(hạ mức dòng 2, bỏ dòng 4; dòng 5 trình Thủ tướng Chính phủ)", "(line 2 lowered, line 4 left out; line 5 sent up to the Prime Minister)")
              + " → \(summary?.lineCount ?? 0) " + say("dòng, tổng", "lines, in all") + " \(summary.map { Money.readable($0.totalDong, in: language) } ?? "?") đồng")
        return (meeting, appraisal, decision)
    }

    /// What makes the first nominee a Chiến sĩ thi đua cấp tỉnh (Law art. 22): Chiến sĩ thi đua cơ sở in
    /// each of the three years up to this one, imported from the department's past decisions, and an
    /// initiative the province recognised within them.
    private func recordHungsPast(year: Int, by officer: ProposalService) throws {
        let name = "Nguyễn Văn Hùng", birth = LocalDate(year: 1979, month: 5, day: 2)!
        let today = LocalDate.todayInVietnam
        let rows = ((year - 2)...year).enumerated().map { index, past in
            PastAwardInput(row: index + 2, kind: .individual, name: name, birthDate: birth, gender: .male, unit: Self.unit, award: "CSTD_CO_SO",
                           year: past, decisionNumber: past == year ? "1240/QĐ-SNN" : "\(1180 + index)/QĐ-SNN",
                           decisionDate: past == year ? today : LocalDate(year: past, month: 12, day: 22)!,
                           issuer: "Giám đốc Sở Nông nghiệp và Phát triển nông thôn")
        }
        let imported = try officer.nominees.importHistory(rows)
        guard let nominee = try officer.nominees.search(name).first(where: { $0.birthDate == birth.iso }) else { return }
        _ = try officer.nominees.recordInitiative(nominee.id, kind: .initiative, title: "Quy trình tưới cà phê tiết kiệm nước",
                                                  scope: .province, recognisedBy: "Hội đồng sáng kiến tỉnh Đắk Lắk", document: "2150/QĐ-UBND",
                                                  on: LocalDate(year: year - 1, month: 10, day: 15)!)
        print("  \(Self.officer): history import → " + say("\(imported) danh hiệu Chiến sĩ thi đua cơ sở \(year - 2)–\(year) của \(name); "
                                                           + "nominee initiative → sáng kiến cấp tỉnh (2150/QĐ-UBND)",
                                                           "\(imported) Chiến sĩ thi đua cơ sở titles \(year - 2)–\(year) of \(name); "
                                                           + "nominee initiative → a provincial-scope initiative (2150/QĐ-UBND)"))
    }
}
