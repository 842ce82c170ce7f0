import ArgumentParser
import AwardsCore
import AwardsEngine
import AwardsStore
import Foundation

extension CouncilPosition: ExpressibleByArgument {}

extension Language {
    func councilPosition(_ code: String) -> String {
        guard self == .vi else { return code }
        switch code {
        case "chair": return "Chủ tịch"
        case "vice_chair": return "Phó Chủ tịch"
        case "secretary": return "Thư ký"
        default: return "Ủy viên"
        }
    }

    func presence(_ code: String) -> String {
        guard self == .vi else { return code }
        switch code {
        case "present": return "có mặt"
        case "absent_written": return "vắng, có ý kiến bằng văn bản"
        default: return "vắng"
        }
    }

    func councilOutcome(_ code: String) -> String {
        guard self == .vi else { return code }
        switch code {
        case "passed": return "thông qua"
        case "passed_lower": return "thông qua ở mức thấp hơn"
        case "failed": return "không thông qua"
        default: return "không cần bỏ phiếu"
        }
    }
}

/// A line of a meeting as the options write it: LINE when the meeting takes one proposal, or PROPOSAL/LINE.
func meetingLine(_ text: Substring, proposals: [Int], _ language: Language) throws -> (proposal: Int, line: Int) {
    let parts = text.split(separator: "/")
    if parts.count == 1, let line = Int(parts[0]), proposals.count == 1 { return (proposals[0], line) }
    if parts.count == 2, let proposal = Int(parts[0]), let line = Int(parts[1]) { return (proposal, line) }
    throw ValidationError(language.text(
        vi: "“\(text)” không phải một dòng; hãy viết số dòng (3), hoặc TỜ-TRÌNH/DÒNG (1/3) khi phiên họp xét nhiều tờ trình",
        en: "“\(text)” is not a line; write its number (3), or PROPOSAL/LINE (1/3) when the meeting takes several proposals"))
}

struct CouncilCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "council", abstract: "Hội đồng Thi đua – Khen thưởng: membership, meetings, secret ballots and the count.",
        discussion: """
            Example: a council meets on a proposal, step by step
              awards council create --unit snnptnt --name "Hội đồng Thi đua – Khen thưởng Sở Nông nghiệp" --decision 12/QĐ-SNN --date 15/01/2026 --as hoa.nt
              awards council member add --unit snnptnt giamdoc.snn --position chair --from 15/01/2026 --decision 12/QĐ-SNN --as hoa.nt
              awards council meeting open --unit snnptnt --date 08/12/2026 --place "Phòng họp số 1" --proposal 1 --absent tuan.lv --as hoa.nt
              awards council vote 1 --agree-all --disagree 4 --lower 2=LAO_DONG_TIEN_TIEN --as giamdoc.snn
              awards council count 1 --minutes 05/BB-HĐTĐKT --date 08/12/2026 --as giamdoc.snn
              awards council show 1
            Each member votes as their own login; a ballot is secret: the database keeps who voted apart from how,
            nobody reads the box, and the count alone opens it. The pass threshold per award and date is the catalogue's.
            """,
        subcommands: [Create.self, Member.self, Members.self, Meeting.self, Meetings.self, Recuse.self, Vote.self, Count.self, Show.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Record a unit's council from its founding decision (officers of the unit).",
            discussion: "Example: awards council create --unit snnptnt --name \"Hội đồng Thi đua – Khen thưởng Sở Nông nghiệp\" --decision 12/QĐ-SNN --date 15/01/2026 --as hoa.nt")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The unit whose council it is.") var unit: String
        @Option(help: "The council's name.") var name: String
        @Option(help: "The founding decision's number, e.g. 12/QĐ-SNN.") var decision: String
        @Option(help: "The founding decision's date, dd/mm/yyyy.") var date: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try parseDate(date, "--date", language)
                let (unit, name, decision) = (unit, name, decision)
                try await withProposals(global) { service, _ in
                    try service.councils.create(unitCode: unit, name: name, decision: decision, foundedOn: day)
                }
                print(language.text(vi: "đã ghi nhận Hội đồng của \(unit); thêm thành viên bằng: awards council member add --unit \(unit) …",
                                    en: "recorded the council of \(unit); add its members with: awards council member add --unit \(unit) …"))
            }
        }
    }

    struct Member: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "member", abstract: "Add a seat on the council, or end one, by the unit head's decision.",
            subcommands: [Add.self, End.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Seat a person on the council from a day (officers of the unit; not oneself).",
                discussion: """
                    Example: awards council member add --unit snnptnt giamdoc.snn --position chair --from 15/01/2026 --decision 12/QĐ-SNN --as hoa.nt
                             awards council member add --unit snnptnt thuky.snn --position secretary --from 15/01/2026 --decision 12/QĐ-SNN --as hoa.nt
                    Positions: chair (Chủ tịch), vice_chair (Phó Chủ tịch), secretary (Thư ký), member (Ủy viên).
                    """)
            @OptionGroup var global: GlobalOptions
            @Option(help: "The unit whose council it is.") var unit: String
            @Argument(help: "The member's login.") var login: String
            @Option(help: "chair, vice_chair, secretary or member.") var position: CouncilPosition = .member
            @Flag(name: .customLong("non-voting"), help: "The seat does not vote (e.g. a secretary who is not a member).") var nonVoting = false
            @Option(help: "The first day of the seat, dd/mm/yyyy.") var from: String
            @Option(help: "The decision that seats them.") var decision: String

            func run() async throws {
                try await reportingErrors(global) { language in
                    let day = try parseDate(from, "--from", language)
                    let (unit, login, position, votes, decision) = (unit, login, position, !nonVoting, decision)
                    try await withProposals(global) { service, _ in
                        try service.councils.addMember(unitCode: unit, login: login, position: position, votes: votes, from: day, decision: decision)
                    }
                    print(language.text(vi: "\(login) là \(language.councilPosition(position.rawValue)) Hội đồng của \(unit) từ ngày \(day.vietnamese)",
                                        en: "\(login) sits on the council of \(unit) as \(position.rawValue) from \(day.vietnamese)"))
                }
            }
        }

        struct End: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "end", abstract: "End a member's seat on its last day.",
                discussion: "Example: awards council member end --unit snnptnt tuan.lv --on 30/06/2026 --decision 40/QĐ-SNN --as hoa.nt")
            @OptionGroup var global: GlobalOptions
            @Option(help: "The unit whose council it is.") var unit: String
            @Argument(help: "The member's login.") var login: String
            @Option(name: .customLong("on"), help: ArgumentHelp("The seat's last day, dd/mm/yyyy.", valueName: "date")) var lastDay: String
            @Option(help: "The decision that ends it.") var decision: String

            func run() async throws {
                try await reportingErrors(global) { language in
                    let day = try parseDate(lastDay, "--on", language)
                    let (unit, login, decision) = (unit, login, decision)
                    try await withProposals(global) { service, _ in
                        try service.councils.endMember(unitCode: unit, login: login, lastDay: day, decision: decision)
                    }
                    print(language.text(vi: "nhiệm kỳ của \(login) trong Hội đồng của \(unit) kết thúc ngày \(day.vietnamese)",
                                        en: "\(login)'s seat on the council of \(unit) ends on \(day.vietnamese)"))
                }
            }
        }
    }

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "members", abstract: "List the council's seats, or those held on a day.",
            discussion: "Example: awards council members --unit snnptnt --on 08/12/2026")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The unit whose council it is.") var unit: String
        @Option(name: .customLong("on"), help: ArgumentHelp("Only the seats held that day, dd/mm/yyyy.", valueName: "date")) var day: String?
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let on = try day.map { try parseDate($0, "--on", language) }
                let unit = unit
                let seats = try await withProposals(global) { service, _ in try service.councils.members(unitCode: unit, on: on) }
                if format == .json { print(json(seats)); return }
                let shown = format == .table ? language : .en
                var table = TableWriter(["login", "name", "position", "votes", "from", "to", "decision"],
                                        vi: ["tài khoản", "họ tên", "chức danh", "biểu quyết", "từ ngày", "đến ngày", "quyết định"], in: language)
                for seat in seats {
                    table.add([seat.login, seat.fullName, shown.councilPosition(seat.position),
                               seat.votes ? shown.text(vi: "có", en: "yes") : shown.text(vi: "không", en: "no"),
                               shown.readable(isoDate: seat.validFrom), shown.readable(isoDate: seat.validTo), seat.decision])
                }
                print(table.render(format))
            }
        }
    }

    struct Meeting: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "meeting", abstract: "Record a council meeting.", subcommands: [Open.self])

        struct Open: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "open", abstract: "Record a meeting on proposals, with who is absent (the chair, the secretary or an officer of the unit).",
                discussion: """
                    Example: awards council meeting open --unit snnptnt --date 08/12/2026 --place "Phòng họp số 1" --proposal 1 --absent tuan.lv --written lan.pt --as hoa.nt
                    Every voting member on that day is recorded present except those named --absent (no vote) or
                    --written (absent, sends a written opinion, counted where the award's rule allows it).
                    """)
            @OptionGroup var global: GlobalOptions
            @Option(help: "The unit whose council meets.") var unit: String
            @Option(help: "The meeting's day, dd/mm/yyyy (today or before).") var date: String
            @Option(help: "Where it is held.") var place: String
            @Option(name: .customLong("proposal"), help: ArgumentHelp("A proposal it considers; repeat.", valueName: "id")) var proposals: [Int]
            @Option(help: ArgumentHelp("A member absent without a written opinion; repeat.", valueName: "login")) var absent: [String] = []
            @Option(help: ArgumentHelp("A member absent who sends a written opinion; repeat.", valueName: "login")) var written: [String] = []

            func run() async throws {
                try await reportingErrors(global) { language in
                    let day = try parseDate(date, "--date", language)
                    let (unit, place, proposals, absent, written) = (unit, place, proposals, absent, written)
                    let meeting = try await withProposals(global) { service, _ in
                        let id = try service.councils.openMeeting(unitCode: unit, heldOn: day, place: place, proposals: proposals,
                                                                  absent: absent, writtenOpinions: written)
                        return try service.councils.meeting(id)
                    }
                    guard let meeting else { return }
                    print(language.text(
                        vi: "đã ghi nhận phiên họp số \(meeting.id) ngày \(day.vietnamese): \(meeting.present)/\(meeting.voting) thành viên có mặt; các thành viên bỏ phiếu bằng: awards council vote \(meeting.id) …",
                        en: "recorded meeting \(meeting.id) of \(day.vietnamese): \(meeting.present) of \(meeting.voting) members present; members vote with: awards council vote \(meeting.id) …"))
                }
            }
        }
    }

    struct Meetings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "meetings", abstract: "List the council meetings you may see.",
            discussion: "Example: awards council meetings --unit snnptnt")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this unit's council.") var unit: String?
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let unit = unit
                let meetings = try await withProposals(global) { service, _ in try service.councils.meetings(unitCode: unit) }
                if format == .json { print(json(meetings)); return }
                let shown = format == .table ? language : .en
                var table = TableWriter(["id", "unit", "date", "place", "proposals", "present", "ballots", "minutes"],
                                        vi: ["phiên", "đơn vị", "ngày", "địa điểm", "tờ trình", "có mặt", "số phiếu", "biên bản"], in: language)
                for meeting in meetings {
                    let minutes = meeting.minutesNumber.map { "\($0) \(shown.readable(isoDate: meeting.minutesDate) ?? "")" }
                        ?? shown.text(vi: "chưa kiểm phiếu", en: "not counted")
                    table.add([String(meeting.id), meeting.unitCode, shown.readable(isoDate: meeting.heldOn), meeting.place,
                               meeting.proposalIDs.map(String.init).joined(separator: " "), "\(meeting.present)/\(meeting.voting)",
                               String(meeting.ballotsCast), minutes])
                }
                print(table.render(format))
            }
        }
    }

    struct Recuse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "recuse", abstract: "Record that a member takes no part on a line (conflict of interest), with the reason.",
            discussion: """
                Example: awards council recuse 1 lan.pt 3 --reason "Là vợ của người được đề nghị" --as lan.pt
                The member themself, the chair or the secretary records it, before the count.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The meeting.") var meeting: Int
        @Argument(help: "The member's login.") var login: String
        @Argument(help: "The line: LINE, or PROPOSAL/LINE.") var line: String
        @Option(help: "Why they take no part.") var reason: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let (meeting, login, lineText, reason) = (meeting, login, line, reason)
                let done = try await withProposals(global) { service, _ -> (Int, Int)? in
                    guard let summary = try service.councils.meeting(meeting) else { return nil }
                    let (proposal, line) = try meetingLine(lineText[...], proposals: summary.proposalIDs, language)
                    try service.councils.recuse(meeting: meeting, login: login, proposal: proposal, line: line, reason: reason)
                    return (proposal, line)
                }
                guard let (proposal, line) = done else {
                    throw NominationError(vi: "không tìm thấy phiên họp \(meeting); xem: awards council meetings",
                                          en: "council meeting \(meeting) not found; list them with: awards council meetings")
                }
                print(language.text(vi: "\(login) không tham gia xét dòng \(line) của tờ trình \(proposal)",
                                    en: "\(login) takes no part on line \(line) of proposal \(proposal)"))
            }
        }
    }

    struct Vote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "vote", abstract: "Cast your own secret ballots at a meeting: every line once, all at once or none.",
            discussion: """
                Example: awards council vote 1 --agree-all --disagree 4 --lower 2=LAO_DONG_TIEN_TIEN --as giamdoc.snn
                         awards council vote 1 --agree 1 --agree 3 --as lan.pt
                A line is its number in the proposal (awards council show), or PROPOSAL/LINE when the meeting takes several.
                --agree-all agrees to every line not named otherwise, except those you are recused from or are the nominee of.
                A ballot cannot be changed or withdrawn; nobody, you included, can read it afterwards.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The meeting.") var meeting: Int
        @Option(help: ArgumentHelp("A line you agree to; repeat.", valueName: "line")) var agree: [String] = []
        @Option(help: ArgumentHelp("A line you do not agree to; repeat.", valueName: "line")) var disagree: [String] = []
        @Option(help: ArgumentHelp("A line you support only at a lower award: LINE=AWARD; repeat.", valueName: "line=award")) var lower: [String] = []
        @Flag(name: .customLong("agree-all"), help: "Agree to every other line of the meeting.") var agreeAll = false

        func run() async throws {
            try await reportingErrors(global) { language in
                let (meeting, agree, disagree, lower, agreeAll) = (meeting, agree, disagree, lower, agreeAll)
                let cast = try await withProposals(global) { service, _ -> Int? in
                    guard let summary = try service.councils.meeting(meeting) else { return nil }
                    var ballots: [Ballot] = []
                    func add(_ text: Substring, _ choice: BallotChoice) throws {
                        let (proposal, line) = try meetingLine(text, proposals: summary.proposalIDs, language)
                        ballots.append(Ballot(proposal: proposal, line: line, choice: choice))
                    }
                    for text in agree { try add(text[...], .agree) }
                    for text in disagree { try add(text[...], .disagree) }
                    for text in lower {
                        let parts = text.split(separator: "=", maxSplits: 1)
                        guard parts.count == 2 else {
                            throw ValidationError(language.text(vi: "--lower \(text) phải có dạng DÒNG=DANH-HIỆU", en: "--lower \(text) must be LINE=AWARD"))
                        }
                        try add(parts[0], .lower(award: String(parts[1])))
                    }
                    if agreeAll {
                        let named = Set(ballots.map { "\($0.proposal)/\($0.line)" })
                        let mine = try service.councils.linesOpenToMe(meeting: meeting)
                        for line in mine where !named.contains("\(line.proposal)/\(line.line)") {
                            ballots.append(Ballot(proposal: line.proposal, line: line.line, choice: .agree))
                        }
                    }
                    guard !ballots.isEmpty else {
                        throw ValidationError(language.text(vi: "hãy cho biết phiếu: --agree, --disagree, --lower hoặc --agree-all",
                                                            en: "give your ballots: --agree, --disagree, --lower or --agree-all"))
                    }
                    return try service.councils.vote(meeting: meeting, ballots: ballots)
                }
                guard let cast else {
                    throw NominationError(vi: "không tìm thấy phiên họp \(meeting); xem: awards council meetings",
                                          en: "council meeting \(meeting) not found; list them with: awards council meetings")
                }
                print(language.text(vi: "đã bỏ \(cast) phiếu kín tại phiên họp số \(meeting)", en: "cast \(cast) secret ballots at meeting \(meeting)"))
            }
        }
    }

    struct Count: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "count", abstract: "Kiểm phiếu: count the ballots into each line's result, recorded in the minutes (the chair or the secretary).",
            discussion: """
                Example: awards council count 1 --minutes 05/BB-HĐTĐKT --date 08/12/2026 --as giamdoc.snn
                After the count the meeting, its minutes and its ballots cannot change.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The meeting.") var meeting: Int
        @Option(help: "The minutes' (biên bản) number.") var minutes: String
        @Option(help: "The minutes' date, dd/mm/yyyy.") var date: String

        func run() async throws {
            try await reportingErrors(global) { language in
                let day = try parseDate(date, "--date", language)
                let (meeting, minutes) = (meeting, minutes)
                let lines = try await withProposals(global) { service, _ in
                    try service.councils.count(meeting: meeting, minutesNumber: minutes, minutesDate: day)
                    return try service.councils.lines(meeting)
                }
                print(language.text(vi: "đã kiểm phiếu phiên họp số \(meeting) (biên bản số \(minutes) ngày \(day.vietnamese)):",
                                    en: "counted meeting \(meeting) (minutes \(minutes) of \(day.vietnamese)):"))
                print(CouncilCommand.resultTable(lines, language: language).render(.table))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a meeting: attendance, who has voted (never how), and each line's result once counted.",
            discussion: "Example: awards council show 1 --as hoa.nt")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The meeting.") var meeting: Int
        @Option(help: "table, csv (the lines) or json.") var format: OutputFormat = .table

        func run() async throws {
            try await reportingErrors(global) { language in
                let meeting = meeting
                let shown = try await withProposals(global) { service, _ -> (CouncilMeetingSummary, [CouncilAttendance], [CouncilLine])? in
                    guard let summary = try service.councils.meeting(meeting) else { return nil }
                    return (summary, try service.councils.attendance(meeting), try service.councils.lines(meeting))
                }
                guard let (summary, attendance, lines) = shown else {
                    throw NominationError(vi: "không tìm thấy phiên họp \(meeting); xem: awards council meetings",
                                          en: "council meeting \(meeting) not found; list them with: awards council meetings")
                }
                if format == .json {
                    struct Shown: Encodable { let meeting: CouncilMeetingSummary; let attendance: [CouncilAttendance]; let lines: [CouncilLine] }
                    print(json(Shown(meeting: summary, attendance: attendance, lines: lines)))
                    return
                }
                let table = CouncilCommand.resultTable(lines, language: format == .table ? language : .en)
                if format == .csv { print(table.render(.csv)); return }
                let say: (String, String) -> String = language.text
                let day = language.readable(isoDate: summary.heldOn) ?? summary.heldOn
                print(say("Phiên họp số \(summary.id) — \(summary.councilName), ngày \(day), tại \(summary.place)",
                          "meeting \(summary.id) — \(summary.councilName), \(day), at \(summary.place)"))
                if let number = summary.minutesNumber {
                    let minutesDay = language.readable(isoDate: summary.minutesDate) ?? ""
                    print(say("biên bản số \(number) ngày \(minutesDay)", "minutes \(number) of \(minutesDay)"))
                } else {
                    print(say("chưa kiểm phiếu: \(summary.ballotsCast) phiếu đã bỏ", "not counted yet: \(summary.ballotsCast) ballots cast"))
                }
                var people = TableWriter(["login", "name", "position", "presence", "lines voted"],
                                         vi: ["tài khoản", "họ tên", "chức danh", "tham dự", "số dòng đã bỏ phiếu"], in: language)
                for person in attendance {
                    people.add([person.login, person.fullName, language.councilPosition(person.position), language.presence(person.presence),
                                String(person.linesVoted)])
                }
                print(people.render(.table))
                print(table.render(.table))
            }
        }
    }

    static func resultTable(_ lines: [CouncilLine], language: Language) -> TableWriter {
        var table = TableWriter(["proposal", "line", "nominee", "award", "recused", "ballots", "agree", "disagree", "lower", "outcome", "passed", "rule"],
                                vi: ["tờ trình", "dòng", "người được đề nghị", "danh hiệu", "không tham gia", "số phiếu", "đồng ý", "không đồng ý",
                                     "mức thấp hơn", "kết quả", "thông qua", "quy định"], in: language)
        for line in lines {
            let result = line.result
            table.add([String(line.proposalID), String(line.lineNo), line.nomineeName, line.proposedAward, String(line.recusals),
                       result.map { String($0.ballots) }, result.map { String($0.agree) }, result.map { String($0.disagree) },
                       result.map { $0.lowerVotes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") },
                       result.map { language.councilOutcome($0.outcome) }, result?.passedAward, result?.rule])
        }
        return table
    }
}
