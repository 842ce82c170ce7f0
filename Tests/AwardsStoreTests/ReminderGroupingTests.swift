import AwardsCore
import AwardsEngine
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// One message per person per pass — across planning batches and audiences — and nobody escalated to
/// about work that is already theirs; checked on what the SMTP server received.
@Suite struct ReminderGroupingTests {
    @Test(.timeLimit(.minutes(2))) func aPersonGetsOneDigestPerPassHoweverManyBatchesPlannedIt() async throws {
        let fixture = try ReminderFixture()
        try fixture.addObligations(450)  // the planner's batches hold 200 deadlines
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        let report = try await fixture.daemon(smtpPort: sink.port).pass(now: ReminderDaemon.parseInstant("08/10/2021 08:30")!)
        _ = await sink.stop()
        #expect(report.planned.deadlines == 450 && report.planned.reminders == 450, "\(report)")
        #expect(report.planned.messages == 1 && report.delivered.sent == 1, "\(report)")
        let received = try sink.received()
        #expect(received.count == 1)
        #expect(received.first?.text?.content.contains("450. Báo cáo") == true, "all 450 items in the one digest")
    }

    /// Sở Tài chính (stc) has a head, an officer, and one person who is both; its sub-unit dv has only an
    /// officer, so dv's escalations go up to stc's managers. Long overdue, everything escalates.
    @Test(.timeLimit(.minutes(2))) func nobodyIsEscalatedToAboutTheirOwnWorkAndOneMessageHoldsBoth() async throws {
        let fixture = try ReminderFixture()
        let owner = try fixture.database.connect()
        let directory = DirectoryStore(owner)
        try directory.addUnit(code: "dv", name: "Phòng Dịch vụ", kind: "other", parentCode: "stc", groupCode: nil)
        try directory.registerPerson(fullName: "Trần Văn Dịch", email: "dv@stc.gov.vn", unitCode: "dv",
                                     login: TestDatabase.uniqueLogin("dv"), roles: ["officer"], authorityLevel: nil)
        try directory.registerPerson(fullName: "Phạm Thị Kiêm", email: "both@stc.gov.vn", unitCode: "stc",
                                     login: TestDatabase.uniqueLogin("both"), roles: ["officer", "manager"], authorityLevel: "unit_head")
        try owner.query("""
            WITH o AS (INSERT INTO awards.obligations (title, due_on, receiving_unit_id)
                       VALUES ('Báo cáo của Sở', '2021-10-15', (SELECT id FROM awards.units WHERE code = 'snv')),
                              ('Báo cáo của Phòng', '2021-10-15', (SELECT id FROM awards.units WHERE code = 'snv')) RETURNING id, title)
            INSERT INTO awards.deadlines (obligation_id, unit_id, title, due_on, assignee_role)
            SELECT id, (SELECT id FROM awards.units WHERE code = CASE WHEN title = 'Báo cáo của Sở' THEN 'stc' ELSE 'dv' END),
                   title, '2021-10-15', 'officer' FROM o
            """)
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        // Twelve working days overdue: assignees, the managers and the standing agency are all due a reminder.
        let report = try await fixture.daemon(smtpPort: sink.port).pass(now: ReminderDaemon.parseInstant("02/11/2021 08:30")!)
        _ = await sink.stop()
        var byRecipient: [String: [ReceivedMessage]] = [:]
        for message in try sink.received() { byRecipient[message.rcpt_tos[0], default: []].append(message) }
        #expect(byRecipient.values.allSatisfy { $0.count == 1 }, "one message each: \(byRecipient.mapValues(\.count))")
        #expect(Set(byRecipient.keys) == ["officer@stc.gov.vn", "both@stc.gov.vn", "dv@stc.gov.vn", "head@stc.gov.vn", "agency@snv.gov.vn"],
                "\(report)")
        let steps = try owner.query("SELECT recipient_email || ' ' || step AS r FROM awards.reminders r JOIN awards.deadlines d ON d.id = r.deadline_id WHERE d.title = 'Báo cáo của Sở' ORDER BY 1")
            .rows.map { try $0.decode("r", as: String.self) }
        #expect(!steps.contains { $0.hasPrefix("both@stc.gov.vn escalate") }, "her own work is not escalated to her: \(steps)")
        #expect(steps.contains { $0.hasPrefix("head@stc.gov.vn escalate-manager") })
        // Hers: her own item, and the sub-unit's, which reaches her as its head.
        let hers = try #require(byRecipient["both@stc.gov.vn"]?.first?.text?.content)
        #expect(hers.contains("Kính gửi Phạm Thị Kiêm"), "\(hers)")
        #expect(hers.contains("1. Báo cáo") && hers.contains("2. Báo cáo"))
        #expect(hers.components(separatedBy: "với tư cách lãnh đạo đơn vị").count == 2, "exactly one item is an escalation")
        let head = try #require(byRecipient["head@stc.gov.vn"]?.first?.text?.content)
        #expect(head.contains("Kính gửi đồng chí Nguyễn Hữu Phước, lãnh đạo"), "\(head)")
    }

    /// A reminder about a nomination names the commands its state allows, as the CLI spells them.
    @Test(.timeLimit(.minutes(2))) func aNominationsReminderNamesTheCommandsItsStateAllows() async throws {
        let province = try Province()
        let id = try province.pendingNomination()
        try province.database.connect().query(
            "UPDATE awards.deadlines SET due_on = '2021-10-15', next_reminder_at = '-infinity' WHERE nomination_id = $1", [id])
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        let project = try TestProject.make()
        defer { project.remove() }
        let environment = ProcessInfo.processInfo.environment.merging(province.database.daemonEnvironment) { $1 }.merging([
            "MAIL_TRANSPORT": "smtp", "MAIL_SMTP_HOST": "127.0.0.1", "MAIL_SMTP_PORT": String(sink.port), "MAIL_SMTP_SECURITY": "none",
        ]) { $1 }
        let daemon = try await ReminderDaemon(settings: try await Settings.load(file: project.settingsFile, environment: environment), owner: "test")
        _ = try daemon.pass(now: ReminderDaemon.parseInstant("20/10/2021 08:30")!)
        _ = await sink.stop()
        let text = try #require(try sink.received().first?.text?.content)
        #expect(text.contains("awards approve \(id) | awards reject \(id) | awards return \(id) | awards forward \(id) (awards show \(id); --help)"),
                "\(text)")
    }
}
