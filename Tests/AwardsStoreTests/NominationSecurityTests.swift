import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// A small province: two districts, a commune under one of them, the standing agency; officers and
/// managers each with their own login, acting through their own connections.
struct Province {
    let database: TestDatabase
    let officerKrongPac: String
    let officerEaKar: String
    let districtChair: String
    let provinceChair: String
    let unitHeadEaKar: String
    let agency: String

    init() throws {
        database = try TestDatabase.create(migrated: true)
        let directory = DirectoryStore(try database.connect())
        try directory.addUnit(code: "ubnd-tinh", name: "UBND tỉnh Đắk Lắk", kind: "province", parentCode: nil, groupCode: nil)
        try directory.addUnit(code: "snv", name: "Sở Nội vụ", kind: "standing_agency", parentCode: "ubnd-tinh", groupCode: nil)
        try directory.addUnit(code: "krong-pac", name: "UBND huyện Krông Pắc", kind: "district", parentCode: "ubnd-tinh", groupCode: nil)
        try directory.addUnit(code: "ea-phe", name: "UBND xã Ea Phê", kind: "commune", parentCode: "krong-pac", groupCode: nil)
        try directory.addUnit(code: "ea-kar", name: "UBND huyện Ea Kar", kind: "district", parentCode: "ubnd-tinh", groupCode: nil)
        try directory.addMovement(code: "sang-tao", name: "Thi đua sáng tạo", kind: "thematic", startsOn: LocalDate(year: 2021, month: 7, day: 16)!,
                                  endsOn: nil, reviewOn: LocalDate(year: 2030, month: 11, day: 30)!, launchedBy: "ubnd-tinh")
        func person(_ unit: String, _ roles: [String], _ authority: String? = nil) throws -> String {
            let login = TestDatabase.uniqueLogin(roles[0])
            try directory.registerPerson(fullName: "Người \(login)", email: "\(login)@daklak.gov.vn", unitCode: unit, login: login,
                                         roles: roles, authorityLevel: authority, password: TestDatabase.personPassword)
            return login
        }
        officerKrongPac = try person("krong-pac", ["officer"])
        officerEaKar = try person("ea-kar", ["officer"])
        districtChair = try person("krong-pac", ["manager"], "district_chair")
        provinceChair = try person("ubnd-tinh", ["manager"], "province_chair")
        unitHeadEaKar = try person("ea-kar", ["manager"], "unit_head")
        agency = try person("snv", ["standing_agency"])
    }

    func connect(_ login: String) throws -> Connection {
        try database.connect(as: login, password: TestDatabase.personPassword)
    }

    func store(_ login: String) throws -> NominationStore {
        NominationStore(try connect(login))
    }

    /// A farmer in Ea Phê, walked by the Krông Pắc officer up to `pending_approval` of `award`.
    func pendingNomination(award: String = "BANG_KHEN_CHU_TICH_TINH") throws -> Int {
        let officer = try store(officerKrongPac)
        let id = try officer.nominate(kind: .individual, name: "Y Bhin Niê", unitCode: "ea-phe", occupation: .farmer,
                                      gender: .male, movementCode: "sang-tao", fields: ["detection_note": "Mô hình cà phê tưới tiết kiệm"])
        try officer.advance(id, event: "cultivate", fields: ["cultivation_plan": "Hỗ trợ nhân giống"])
        try officer.advance(id, event: "summarize", fields: ["achievement_summary": "Năng suất tăng 30%"])
        try officer.advance(id, event: "propose", fields: ["award_code": award])
        return id
    }
}

@Suite struct NominationSecurityTests {
    @Test func aNominationWalksTheStagesAndItsHistoryRecordsWhoDidWhat() throws {
        let province = try Province()
        let id = try province.pendingNomination()
        let chair = try province.store(province.provinceChair)
        #expect(try chair.advance(id, event: "return", fields: ["reason": "Bổ sung biên bản họp hội đồng"]) == "summarized")
        let officer = try province.store(province.officerKrongPac)
        try officer.advance(id, event: "propose", fields: ["award_code": "BANG_KHEN_CHU_TICH_TINH"])
        let decided = LocalDate.todayInVietnam
        #expect(try chair.advance(id, event: "approve", fields: ["decision_number": "1234/QĐ-UBND", "decision_date": decided.iso]) == "approved")
        try officer.advance(id, event: "replicate", fields: ["replication_plan": "Hội nghị điển hình tiên tiến"])
        #expect(try officer.advance(id, event: "close", fields: ["replicated_where": "Các xã huyện Krông Pắc"]) == "replicated")

        let history = try officer.history(id)
        #expect(history.map(\.event) == ["nominate", "cultivate", "summarize", "propose", "return", "propose", "approve", "replicate", "close"])
        try #require(history.map(\.seq) == Array(1...9))
        #expect(history[6].login == province.provinceChair && history[6].actingRole == "manager")
        #expect(history[4].fields["reason"] == "Bổ sung biên bản họp hội đồng")
        let summary = try officer.find(id)
        #expect(summary?.state == "replicated")
        #expect(summary?.decisionNumber == "1234/QĐ-UBND")
        #expect(summary?.decisionDate == decided.iso)
    }

    /// Entering pending_approval opens a 10-working-day deadline in the same transaction; leaving it
    /// closes it; `list --overdue` finds it once it has passed.
    @Test func stageDeadlinesOpenAndCloseWithTheState() throws {
        let province = try Province()
        let id = try province.pendingNomination()
        let owner = try province.database.connect()
        let open = try owner.query("SELECT due_on::text, assignee_role FROM awards.deadlines WHERE nomination_id = $1 AND closed_at IS NULL", [id]).rows
        #expect(open.count == 1)
        // The day the database opened it (in Việt Nam), not this process's clock: at midnight they differ.
        let today = try #require(LocalDate(parsing: try owner.query(
            "SELECT (state_entered_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS day FROM awards.nominations WHERE id = $1", [id])
            .singleRow().decode("day", as: String.self)))
        let expected = try TestDatabase.shippedCalendar().adding(workingDays: 10, to: today)
        #expect(try open.first?.decode("due_on", as: String.self) == expected.iso)
        #expect(try open.first?.decode("assignee_role", as: String.self) == "manager")
        let chair = try province.store(province.provinceChair)
        #expect(try chair.list(NominationFilter(overdueOn: today)).isEmpty)
        #expect(try chair.list(NominationFilter(overdueOn: expected.adding(days: 1))).map(\.id) == [id])
        try chair.advance(id, event: "approve", fields: ["decision_number": "5/QĐ-UBND", "decision_date": today.iso])
        let remaining = try owner.query("SELECT count(*) AS n FROM awards.deadlines WHERE nomination_id = $1 AND closed_at IS NULL", [id])
        #expect(try remaining.singleRow().decode("n", as: Int.self) == 0)
        #expect(try chair.list(NominationFilter(overdueOn: expected.adding(days: 1))).isEmpty)
    }

    /// A new definition version governs new nominations; those in flight keep the one they started
    /// under; reusing a version for other content is refused.
    @Test func aChangedDefinitionDoesNotCorruptNominationsInFlight() throws {
        let province = try Province()
        let inFlight = try province.pendingNomination()
        let text = try String(contentsOf: TestDatabase.projectDirectory.appendingPathComponent("config/workflow.yaml"), encoding: .utf8)
        let changed = text.replacingOccurrences(of: "working_days: 10", with: "working_days: 15")
        let shipped = try TestDatabase.shippedWorkflow().definition.version
        let owner = WorkflowStore(try province.database.connect())
        #expect(throws: WorkflowStoreError.versionReused(shipped)) {
            try owner.load(try WorkflowDefinition.load(yaml: changed, file: "workflow.yaml"))
        }
        let next = changed.replacingOccurrences(of: "version: \"\(shipped)\"", with: "version: \"\(shipped)-next\"")
        #expect(try owner.load(try WorkflowDefinition.load(yaml: next, file: "workflow.yaml")))
        let officer = try province.store(province.officerKrongPac)
        let fresh = try officer.nominate(kind: .individual, name: "Mới", unitCode: "ea-phe", occupation: .worker, gender: nil,
                                         movementCode: nil, fields: ["detection_note": "x"])
        #expect(try officer.find(fresh)?.definitionVersion == "\(shipped)-next")
        #expect(try officer.find(inFlight)?.definitionVersion == shipped)
        #expect(try province.store(province.provinceChair).advance(inFlight, event: "approve",
                    fields: ["decision_number": "7/QĐ-UBND", "decision_date": LocalDate.todayInVietnam.iso]) == "approved")
        let versions = try province.database.connect().query(
            "SELECT array_agg(DISTINCT definition_version)::text AS v FROM awards.nomination_history WHERE nomination_id = $1", [inFlight])
        #expect(try versions.singleRow().decode("v", as: String.self) == "{\(shipped)}")
    }

    /// Everything an officer might try with psql and their own login, and what stops it.
    @Test func anOfficerWithPsqlCanDoNoMoreThanTheCLI() throws {
        let province = try Province()
        let id = try province.pendingNomination()
        let officer = try province.connect(province.officerKrongPac)
        let attacks: [(String, String)] = [
            ("UPDATE awards.nominations SET state = 'approved' WHERE id = \(id)", "42501"),
            ("UPDATE awards.nominations SET proposed_award = 'HUAN_CHUONG_LAO_DONG_HANG_NHAT' WHERE id = \(id)", "42501"),
            ("INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, definition_version) SELECT \(id), 6, 'approve', 'pending_approval', 'approved', 'manager', definition_version FROM awards.nominations WHERE id = \(id)", "42501"),
            ("DELETE FROM awards.nomination_history WHERE nomination_id = \(id)", "42501"),
            ("UPDATE awards.nomination_history SET note = 'sửa' WHERE nomination_id = \(id)", "42501"),
            ("DELETE FROM awards.nominations WHERE id = \(id)", "42501"),
            ("SELECT awards.advance(\(id), 'approve', '{\"decision_number\": \"9/QĐ-UBND\", \"decision_date\": \"\(LocalDate.todayInVietnam.iso)\"}')", "42501"),
            ("INSERT INTO awards.workflow_transitions (version, event, from_state, to_state, roles, fields) SELECT version, 'self_approve', 'pending_approval', 'approved', ARRAY['officer'], '[]' FROM awards.workflow_definitions", "42501"),
            ("UPDATE awards.people SET roles = ARRAY['manager'], authority_level = 'province_chair' WHERE login_role = session_user", "42501"),
            ("SET ROLE awards_manager", "42501"),
        ]
        for (sql, state) in attacks {
            let error = #expect(throws: PostgresError.self, "\(sql)") { try officer.query(sql) }
            #expect(error?.sqlState == state, "\(sql) → \(error?.sqlState ?? "-") \(error?.message ?? "")")
        }
        let after = try province.store(province.officerKrongPac)
        #expect(try after.find(id)?.state == "pending_approval")
        #expect(try after.history(id).count == 4)
    }

    @Test func officersSeeOnlyTheirUnitsAndTheAgencySeesAll() throws {
        let province = try Province()
        let id = try province.pendingNomination()
        let other = try province.store(province.officerEaKar)
        #expect(try other.find(id) == nil)
        #expect(try other.history(id).isEmpty)
        #expect(try province.connect(province.officerEaKar).query("SELECT count(*) AS n FROM awards.nomination_history").singleRow().decode("n", as: Int.self) == 0)
        let hidden = #expect(throws: PostgresError.self) { try other.advance(id, event: "withdraw", fields: ["reason": "x"]) }
        #expect(hidden?.message == "nomination \(id) not found")
        let foreign = #expect(throws: PostgresError.self) {
            try other.nominate(kind: .individual, name: "A", unitCode: "ea-phe", occupation: .worker, gender: nil, movementCode: nil,
                               fields: ["detection_note": "x"])
        }
        #expect(foreign?.sqlState == "42501")
        #expect(try province.store(province.agency).find(id)?.state == "pending_approval")
        #expect(try province.store(province.provinceChair).list(NominationFilter()).map(\.id) == [id])
    }

    @Test func managersApproveOnlyWithinTheirAuthorityAndScope() throws {
        let province = try Province()
        let provincial = try province.pendingNomination(award: "BANG_KHEN_CHU_TICH_TINH")
        let approve = ["decision_number": "77/QĐ-UBND", "decision_date": LocalDate.todayInVietnam.iso]
        // District chairs lost their authority with the district level on 01/07/2025.
        let district = #expect(throws: PostgresError.self) {
            try province.store(province.districtChair).advance(provincial, event: "approve", fields: approve)
        }
        #expect(district?.sqlState == "42501")
        #expect(district?.message.contains("authority district_chair does not grant BANG_KHEN_CHU_TICH_TINH") == true)
        // A unit head elsewhere cannot even see it.
        let outside = #expect(throws: PostgresError.self) {
            try province.store(province.unitHeadEaKar).advance(provincial, event: "approve", fields: approve)
        }
        #expect(outside?.message == "nomination \(provincial) not found")
        #expect(try province.store(province.provinceChair).advance(provincial, event: "approve", fields: approve) == "approved")

        // An award only the President grants: nobody in the province approves it; it is forwarded.
        let national = try province.pendingNomination(award: "HUAN_CHUONG_LAO_DONG_HANG_BA")
        // Dated after this proposal, so that only the authority can be what refuses it.
        let approveNational = ["decision_number": "77/QĐ-UBND", "decision_date": LocalDate.todayInVietnam.iso]
        let beyond = #expect(throws: PostgresError.self) {
            try province.store(province.provinceChair).advance(national, event: "approve", fields: approveNational)
        }
        #expect(beyond?.message.contains("beyond the province: forward it") == true)
        #expect(try province.store(province.provinceChair).advance(national, event: "forward",
                    fields: ["submission_number": "12/TTr-UBND", "submitted_to": "Ban Thi đua – Khen thưởng Trung ương"]) == "forwarded")
        #expect(try province.store(province.agency).advance(national, event: "record_external_decision",
                    fields: ["outcome": "granted", "decision_number": "345/QĐ-CTN", "decision_date": LocalDate.todayInVietnam.iso]) == "approved")
    }

    @Test func badFieldsAndWrongStatesAreRefusedWithMessagesThatSayWhatIsAllowed() throws {
        let province = try Province()
        let officer = try province.store(province.officerKrongPac)
        let id = try officer.nominate(kind: .collective, name: "Tổ hợp tác cà phê Ea Phê", unitCode: "ea-phe", occupation: .farmer,
                                      gender: nil, movementCode: nil, fields: ["detection_note": "x"])
        func refusal(_ event: String, _ fields: [String: String]) -> String? {
            (#expect(throws: PostgresError.self) { try officer.advance(id, event: event, fields: fields) })?.message
        }
        #expect(refusal("propose", ["award_code": "GIAY_KHEN"]) == "cannot propose: this nomination is now detected; from detected you may: cultivate, join_proposal, propose_simplified, summarize, withdraw")
        #expect(refusal("summarize", [:]) == "missing field achievement_summary for summarize")
        #expect(refusal("summarize", ["achievement_summary": "x", "bonus": "1"])?.hasPrefix("summarize does not take field bonus") == true)
        try officer.advance(id, event: "summarize", fields: ["achievement_summary": "Doanh thu tăng"])
        #expect(refusal("propose", ["award_code": "CSTD_CO_SO"])?.contains("is for individual nominees, not collective") == true)
        #expect(refusal("propose", ["award_code": "NO_SUCH"])?.contains("unknown award NO_SUCH") == true)
        #expect(refusal("fly", [:])?.hasPrefix("unknown event fly") == true)
        try officer.advance(id, event: "withdraw", fields: ["reason": "Trùng hồ sơ"])
        #expect(refusal("cultivate", ["cultivation_plan": "x"]) == "cannot cultivate: this nomination is now withdrawn, which is final; nothing more may happen to it")
        #expect(try officer.history(id).count == 3)
    }

    /// The table owner's direct path cannot rewrite history or leave a state its history does not explain.
    @Test func evenTheOwnerCannotRewriteHistory() throws {
        let province = try Province()
        let id = try province.pendingNomination()
        let owner = try province.database.connect()
        for sql in [
            "UPDATE awards.nomination_history SET note = 'x' WHERE nomination_id = \(id)",
            "DELETE FROM awards.nomination_history WHERE nomination_id = \(id)",
            "TRUNCATE awards.nomination_history CASCADE",
        ] {
            let error = #expect(throws: PostgresError.self, "\(sql)") { try owner.query(sql) }
            #expect(error?.sqlState == "42501")
        }
        let skipped = #expect(throws: PostgresError.self) {
            try owner.query("UPDATE awards.nominations SET state = 'approved' WHERE id = $1", [id])
        }
        #expect(skipped?.sqlState == "23514")
        #expect(skipped?.message == "nomination \(id) is in state approved but its history ends in pending_approval")
        let forged = #expect(throws: PostgresError.self) {
            try owner.query("""
                INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, definition_version)
                SELECT $1, 7, 'approve', 'pending_approval', 'approved', 'manager', definition_version FROM awards.nominations WHERE id = $1
                """, [id])
        }
        #expect(forged?.sqlState == "23514")
        let length = try owner.query("SELECT history_length AS n FROM awards.nominations WHERE id = $1", [id]).singleRow().decode("n", as: Int.self)
        #expect(forged?.message == "history of nomination \(id) must continue from step \(length) (state pending_approval)")
        // The next step, but not from the state the last one ended in.
        let elsewhere = #expect(throws: PostgresError.self) {
            try owner.query("""
                INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, definition_version)
                SELECT $1, history_length + 1, 'approve', 'forwarded', 'approved', 'manager', definition_version FROM awards.nominations WHERE id = $1
                """, [id])
        }
        #expect(elsewhere?.message == "history of nomination \(id) must continue from step \(length) (state pending_approval)")
        // The right step from the right state, but under a workflow the nomination does not follow.
        let version = try owner.query("SELECT definition_version AS v FROM awards.nominations WHERE id = $1", [id]).singleRow().decode("v", as: String.self)
        let otherWorkflow = #expect(throws: PostgresError.self) {
            try owner.query("""
                INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, definition_version)
                SELECT $1, history_length + 1, 'approve', state, 'approved', 'manager', 'no-such-version' FROM awards.nominations WHERE id = $1
                """, [id])
        }
        #expect(otherWorkflow?.message == "history of nomination \(id) is written under workflow no-such-version, not its own \(version)")
        // An entry appended without stepping the nomination is refused when its statement ends.
        let unexplained = #expect(throws: PostgresError.self) {
            try owner.query("""
                INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, definition_version)
                SELECT $1, history_length + 1, 'approve', state, 'approved', 'manager', definition_version FROM awards.nominations WHERE id = $1
                """, [id])
        }
        #expect(unexplained?.message == "nomination \(id) is in state pending_approval but its history ends in approved")
        #expect(try province.store(province.officerKrongPac).find(id)?.state == "pending_approval")
    }

    /// 50 officers' connections fire conflicting events at one nomination at once, several rounds:
    /// exactly one wins each round and the history stays one unbroken line.
    @Test func fiftyRacingTransitionsLeaveAConsistentHistory() async throws {
        let province = try Province()
        let officer = try province.store(province.officerKrongPac)
        let database = province.database
        // Ten officers of the district, five connections each: a person's login may hold at most ten.
        let directory = DirectoryStore(try database.connect())
        let logins = try [province.officerKrongPac] + (1..<10).map { n in
            let login = TestDatabase.uniqueLogin("racer")
            try directory.registerPerson(fullName: "Cán bộ \(n)", email: "\(login)@daklak.gov.vn", unitCode: "krong-pac", login: login,
                                         roles: ["officer"], authorityLevel: nil, password: TestDatabase.personPassword)
            return login
        }
        for round in 0..<3 {
            let id = try officer.nominate(kind: .individual, name: "Đua \(round)", unitCode: "ea-phe", occupation: .worker,
                                          gender: .female, movementCode: nil, fields: ["detection_note": "x"])
            let events: [(String, [String: String])] = [
                ("cultivate", ["cultivation_plan": "a"]), ("summarize", ["achievement_summary": "b"]), ("withdraw", ["reason": "c"]),
            ]
            let outcomes = try await Self.race(50, connect: { racer in
                try database.connect(as: logins[racer % logins.count], password: TestDatabase.personPassword)
            }) { racer, connection in
                let (event, fields) = events[racer % events.count]
                let store = NominationStore(connection)
                do {
                    return "won:" + (try store.advance(id, event: event, fields: fields, expectedState: "detected"))
                } catch let error as PostgresError {
                    return "lost:\(error.sqlState ?? "?"):\(error.message)"
                }
            }
            let winners = outcomes.filter { $0.hasPrefix("won:") }
            #expect(winners.count == 1, "round \(round): \(winners)")
            let state = try officer.find(id)!.state
            #expect(outcomes.filter { $0.hasPrefix("lost:") }.allSatisfy { $0 == "lost:AW001:this nomination is now \(state)" },
                    "\(Set(outcomes.filter { $0.hasPrefix("lost:") }))")
            let history = try officer.history(id)
            #expect(history.map(\.seq) == [1, 2])
            #expect(history.last?.toState == state)
        }
    }

    /// Runs `count` racers at once: each on a thread of its own (off the cooperative pool, which has a
    /// thread per core and ran them about two at a time), connected first, then released together by
    /// a barrier so that their transactions truly overlap. Returns their results in racer order.
    static func race(_ count: Int, connect: @escaping @Sendable (Int) throws -> Connection,
                     _ racer: @escaping @Sendable (Int, Connection) throws -> String) async throws -> [String] {
        final class Shared: @unchecked Sendable {
            let lock = NSCondition()
            var ready = 0
            var results: [Result<String, any Error>?]
            init(_ count: Int) { results = Array(repeating: nil, count: count) }
        }
        let shared = Shared(count)
        let finished = DispatchGroup()
        for index in 0..<count {
            finished.enter()
            let thread = Thread {
                defer { finished.leave() }
                let connection = Result { try connect(index) }
                shared.lock.lock()
                shared.ready += 1
                shared.lock.broadcast()
                while shared.ready < count { shared.lock.wait() }
                shared.lock.unlock()
                let result = connection.flatMap { connection in Result { try racer(index, connection) } }
                shared.lock.lock()
                shared.results[index] = result
                shared.lock.unlock()
            }
            thread.start()
        }
        try await runBlocking { finished.wait() }
        return try shared.results.map { try $0!.get() }
    }
}
