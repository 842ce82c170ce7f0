import AwardsCore
import AwardsEngine
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// The workflow's `notify:` lists: a transition that names roles writes their notices in its own
/// transaction, the daemon turns each into one message and delivers it to a real SMTP server.
@Suite struct NoticeTests {
    static func notices(_ database: TestDatabase) throws -> [(recipient: String, event: String, nomination: Int?, proposal: Int?)] {
        try database.connect().query("""
            SELECT p.login_role::text AS login, n.event, n.nomination_id, n.proposal_id FROM awards.notices n
            JOIN awards.people p ON p.id = n.recipient_id ORDER BY n.id
            """).rows.map { (try $0.decode("login"), try $0.decode("event"), try $0.decode("nomination_id"), try $0.decode("proposal_id")) }
    }

    @Test func aProposalTellsTheNearestManagerAndARolledBackOneTellsNobody() throws {
        let province = try Province()
        let id = try province.pendingNomination()
        // propose notifies [manager]: the district chair of Krông Pắc is the nearest to Ea Phê.
        #expect(try Self.notices(province.database).map(\.recipient) == [province.districtChair])
        #expect(try Self.notices(province.database).first?.event == "propose")

        let chair = try province.connect(province.provinceChair)
        try chair.query("BEGIN")
        try chair.query("SELECT awards.advance($1, 'return', '{\"reason\": \"Bổ sung\"}')", [id])
        #expect(try chair.query("SELECT count(*)::integer AS n FROM awards.nomination_history WHERE nomination_id = $1", [id])
                    .singleRow().decode("n", as: Int.self) == 5)
        try chair.query("ROLLBACK")
        #expect(try Self.notices(province.database).count == 1, "a transition that rolled back tells nobody")
        try NominationStore(chair).advance(id, event: "return", fields: ["reason": "Bổ sung"])
        let told = try Self.notices(province.database)
        #expect(told.count == 2 && told[1].recipient == province.officerKrongPac && told[1].event == "return",
                "return notifies [officer]; the chair who acted is not told")
    }

    @Test func aProposalsMoveTellsOnceForAllItsLines() throws {
        let province = try Province()
        let (_, id) = try ProposalRoundTests.submitted(province, (2...6).map { ProposalRoundTests.line($0, "Người số \($0)") })
        let told = try Self.notices(province.database)
        #expect(told.count == 1, "\(told)")
        #expect(told.first?.recipient == province.unitHeadEaKar && told.first?.proposal == id && told.first?.event == "submit")
        _ = try ProposalStore(try province.connect(province.unitHeadEaKar)).sign(number: "3/QĐ-UBND", date: .todayInVietnam, proposals: [id])
        let after = try Self.notices(province.database)
        #expect(after.count == 1 + 2, "the decision tells the officer and the standing agency, once: \(after)")
        #expect(Set(after.dropFirst().map(\.recipient)) == [province.officerEaKar, province.agency])
        #expect(after.allSatisfy { $0.nomination == nil })
    }

    @Test(.timeLimit(.minutes(2))) func theDaemonDeliversEachNoticeOnce() async throws {
        let province = try Province()
        let id = try province.pendingNomination()
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        let project = try TestProject.make()
        defer { project.remove() }
        let environment = ProcessInfo.processInfo.environment.merging(province.database.daemonEnvironment) { $1 }.merging([
            "MAIL_TRANSPORT": "smtp", "MAIL_SMTP_HOST": "127.0.0.1", "MAIL_SMTP_PORT": String(sink.port), "MAIL_SMTP_SECURITY": "none",
        ]) { $1 }
        let settings = try await Settings.load(file: project.settingsFile, environment: environment)
        let first = try await ReminderDaemon(settings: settings, owner: "first")
        let second = try await ReminderDaemon(settings: settings, owner: "second")
        let working = ReminderDaemon.parseInstant("20/10/2021 08:30")!
        #expect(try first.pass(now: working).notices == 1)
        #expect(try second.pass(now: working).notices == 0, "queued once, whichever daemon comes")
        _ = try first.pass(now: working)
        _ = await sink.stop()
        let received = try sink.received().filter { $0.subject?.contains("Hồ sơ số \(id)") == true }
        #expect(received.count == 1)
        let text = try #require(received.first?.text?.content)
        #expect(text.contains("vừa thực hiện “Đề nghị khen thưởng” đối với hồ sơ số \(id)"), "\(text)")
        #expect(text.contains("Đã tổng kết thành tích → Chờ phê duyệt") && text.contains("awards show \(id)"), "\(text)")
        let queued = try province.database.connect().query(
            "SELECT count(*)::integer AS n FROM awards.outbox WHERE message_key LIKE 'notice:%'").singleRow().decode("n", as: Int.self)
        #expect(queued == 1)
    }
}
