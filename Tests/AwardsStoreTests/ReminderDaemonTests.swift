import AwardsCore
import AwardsEngine
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// The reminder daemon against a real PostgreSQL and a real SMTP server on 127.0.0.1, asserting on what
/// the server received.
struct ReminderFixture {
    let database: TestDatabase
    let project: TestProject

    static let perItemPolicy = """
        before_due: [5, 2, 0]
        overdue_repeat_every: 2
        escalate_to_manager_after: 3
        escalate_to_agency_after: 10
        send_window: {from: "08:00", to: "17:00"}
        delivery: per_item
        """

    init(policy: String? = nil) throws {
        database = try TestDatabase.create(migrated: true)
        project = try TestProject.make(edits: policy.map { ["reminders.yaml": $0] } ?? [:])
        let directory = DirectoryStore(try database.connect())
        try directory.addUnit(code: "ubnd-tinh", name: "UBND tỉnh", kind: "province", parentCode: nil, groupCode: nil)
        try directory.addUnit(code: "snv", name: "Sở Nội vụ", kind: "standing_agency", parentCode: "ubnd-tinh", groupCode: nil)
        try directory.addUnit(code: "stc", name: "Sở Tài chính", kind: "department", parentCode: "ubnd-tinh", groupCode: nil)
        try directory.registerPerson(fullName: "Nguyễn Văn An", email: "agency@snv.gov.vn", unitCode: "snv",
                                     login: TestDatabase.uniqueLogin("agency"), roles: ["standing_agency"], authorityLevel: nil)
        try directory.registerPerson(fullName: "Lê Thị Mai", email: "officer@stc.gov.vn", unitCode: "stc",
                                     login: TestDatabase.uniqueLogin("officer"), roles: ["officer"], authorityLevel: nil)
        try directory.registerPerson(fullName: "Nguyễn Hữu Phước", email: "head@stc.gov.vn", unitCode: "stc",
                                     login: TestDatabase.uniqueLogin("head"), roles: ["manager"], authorityLevel: "unit_head")
    }

    /// `count` obligations of Sở Tài chính due on `due`, written directly as the owner (fast).
    func addObligations(_ count: Int, due: String = "2021-10-15", title: String = "Báo cáo") throws {
        try database.connect().query("""
            WITH o AS (
                INSERT INTO awards.obligations (title, due_on, receiving_unit_id)
                SELECT $2 || ' số ' || n, $3::date, (SELECT id FROM awards.units WHERE code = 'snv') FROM generate_series(1, $1) n
                RETURNING id, title, due_on
            ), ou AS (
                INSERT INTO awards.obligation_units (obligation_id, unit_id) SELECT id, (SELECT id FROM awards.units WHERE code = 'stc') FROM o
            )
            INSERT INTO awards.deadlines (obligation_id, unit_id, title, due_on, assignee_role)
            SELECT id, (SELECT id FROM awards.units WHERE code = 'stc'), title, due_on, 'officer' FROM o
            """, [count, title, due])
    }

    func environment(smtpPort: Int, extra: [String: String] = [:]) -> [String: String] {
        [
            "MAIL_TRANSPORT": "smtp", "MAIL_SMTP_HOST": "127.0.0.1",
            "MAIL_SMTP_PORT": String(smtpPort), "MAIL_SMTP_SECURITY": "none", "MAIL_RETRY_BASE_SECONDS": "0.05",
            "MAIL_RETRY_MAX_SECONDS": "0.2", "MAIL_SMTP_TIMEOUT_SECONDS": "10",
        ].merging(database.daemonEnvironment) { $1 }.merging(extra) { $1 }
    }

    func daemon(smtpPort: Int, extra: [String: String] = [:], owner: String = "test") async throws -> ReminderDaemon {
        let settings = try await Settings.load(file: project.settingsFile,
                                               environment: ProcessInfo.processInfo.environment.merging(environment(smtpPort: smtpPort, extra: extra)) { $1 })
        return try await ReminderDaemon(settings: settings, owner: owner)
    }

    func awardsd(_ arguments: [String], smtpPort: Int, extra: [String: String] = [:]) async throws -> ProgramRun {
        try await ProgramRun.run("awardsd", ["--config", project.settingsFile.path] + arguments,
                           environment: environment(smtpPort: smtpPort, extra: extra))
    }

    func outbox(_ status: String) throws -> Int {
        try database.connect().query("SELECT count(*) AS n FROM awards.outbox WHERE status = $1", [status]).singleRow().decode("n")
    }
}

@Suite struct ReminderDaemonTests {
    /// Two awardsd processes at once over 1,000 due reminders: each arrives exactly once.
    @Test(.timeLimit(.minutes(5))) func twoDaemonsDeliverEachReminderExactlyOnce() async throws {
        let fixture = try ReminderFixture(policy: ReminderFixture.perItemPolicy)
        try fixture.addObligations(1000)
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        let environment = fixture.environment(smtpPort: sink.port)
        let arguments = ["--config", fixture.project.settingsFile.path, "--once", "--now", "08/10/2021 08:30"]
        let first = try await ProgramRun.start("awardsd", arguments, environment: environment)
        let second = try await ProgramRun.start("awardsd", arguments, environment: environment)
        #expect(await first.waitUntilExit() == 0, "\(first.standardError)")
        #expect(await second.waitUntilExit() == 0, "\(second.standardError)")
        _ = await sink.stop()
        let received = try sink.received()
        #expect(received.count == 1000)
        #expect(Set(received.compactMap(\.message_id)).count == 1000)
        #expect(received.allSatisfy { $0.rcpt_tos == ["officer@stc.gov.vn"] })
        #expect(try fixture.outbox("sent") == 1000)
        // Both did part of the work (the planning of each batch is skipped by the other, not waited for).
        let logs = [first.standardError, second.standardError]
        #expect(logs.allSatisfy { $0.contains("pass done") })
        let sentBy = logs.map { log in
            log.split(separator: " ").first { $0.hasPrefix("sent=") }.flatMap { Int($0.dropFirst("sent=".count)) } ?? 0
        }
        #expect(sentBy.allSatisfy { $0 > 0 } && sentBy.reduce(0, +) == 1000, "sent by each daemon: \(sentBy)")
    }

    /// kill -9 in the middle of a batch, then a restart: nothing lost, and at most the message in
    /// flight is repeated — with the same Message-ID.
    @Test(.timeLimit(.minutes(5))) func killNineMidBatchLosesNothing() async throws {
        let fixture = try ReminderFixture(policy: ReminderFixture.perItemPolicy)
        try fixture.addObligations(300)
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        let extra = ["MAIL_LEASE_SECONDS": "5", "MAIL_SMTP_TIMEOUT_SECONDS": "2", "MAIL_BATCH_SIZE": "300"]
        let process = try await ProgramRun.start("awardsd", ["--config", fixture.project.settingsFile.path, "--now", "08/10/2021 08:30"],
                                                        environment: fixture.environment(smtpPort: sink.port, extra: extra))
        // Watched from a thread of its own: on the cooperative pool, behind other tests' blocking work, the
        // kill could come after the whole batch had gone.
        let folder = sink.directory.path
        let delivered = try await runBlocking { () -> Int in
            var delivered = 0
            for _ in 0..<6000 where delivered < 50 {
                usleep(10_000)
                delivered = (try? FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.count) ?? 0
            }
            process.signal(SIGKILL)
            return delivered
        }
        await process.waitUntilExit()
        #expect(delivered >= 50, "the daemon delivered only \(delivered) before the kill: \(process.standardError)")
        let pendingAfterKill = try fixture.outbox("pending")
        #expect(pendingAfterKill > 0, "the kill came too late to test anything")

        // The restarted daemon takes over once the dead one's lease has run out.
        var pending = pendingAfterKill
        for _ in 0..<60 where pending > 0 {
            let run = try await fixture.awardsd(["--once", "--now", "08/10/2021 08:30"], smtpPort: sink.port, extra: extra)
            #expect(run.exitCode == 0, "\(run.standardError)")
            pending = try fixture.outbox("pending")
            if pending > 0 { try await Task.sleep(for: .milliseconds(500)) }
        }
        _ = await sink.stop()
        let received = try sink.received()
        let ids = received.compactMap(\.message_id)
        #expect(Set(ids).count == 300, "every reminder arrived")
        #expect(received.count <= 301, "at most the message in flight was repeated: \(received.count)")
        #expect(try fixture.outbox("sent") == 300)
    }

    /// The daemon refuses to start on a reminder policy with mistakes, and names each with its line.
    @Test func aBrokenReminderPolicyStopsTheDaemonWithEveryProblem() async throws {
        let fixture = try ReminderFixture(policy: ReminderFixture.perItemPolicy
            .replacingOccurrences(of: "[5, 2, 0]", with: "[5, 2, 2]")
            .replacingOccurrences(of: "delivery: per_item", with: "delivery: weekly"))
        let run = try await fixture.awardsd(["--once", "--now", "08/10/2021 08:30"], smtpPort: try unusedLoopbackPort())
        let path = fixture.project.directory.appendingPathComponent("config/reminders.yaml").path
        #expect(run.exitCode == 1)
        #expect(run.standardError.contains("cannot start: the configuration has problems:\n\(path):1: 2 is listed twice in `before_due` (first at line 1)\n\(path):6: `delivery` must be `digest` or `per_item`, not `weekly`"), "\(run.standardError)")
    }

    /// SMTP down: messages wait and retry; SMTP up: everything arrives once; a 5xx address ends failed,
    /// with the server's reply, and is listed as such.
    @Test(.timeLimit(.minutes(5))) func deadSMTPServerThenLiveOneDeliversEverythingAndFailsThe5xx() async throws {
        let fixture = try ReminderFixture(policy: ReminderFixture.perItemPolicy)
        try fixture.addObligations(20)
        try fixture.database.connect().query("""
            INSERT INTO awards.outbox (message_key, recipient_email, subject, body_text) VALUES ('bounce-1', 'reject-me@stc.gov.vn', 'Thử', 'Nội dung')
            """)
        let port = try unusedLoopbackPort()
        let down = try await fixture.awardsd(["--once", "--now", "08/10/2021 08:30"], smtpPort: port)
        #expect(down.exitCode == 0, "\(down.standardError)")
        #expect(try fixture.outbox("pending") == 21)
        #expect(try fixture.outbox("sent") == 0)
        let lastError = try fixture.database.connect().query("SELECT last_error FROM awards.outbox LIMIT 1").singleRow().decode("last_error", as: String?.self)
        #expect(lastError?.contains("connection refused") == true, "\(lastError ?? "nil")")
        #expect(down.standardError.contains("warning awardsd: reason=connection: connection refused"), "the operator is told: \(down.standardError)")

        let sink = try await SMTPSink.start(port: port)
        defer { sink.removeFolder() }
        var pending = 21
        for _ in 0..<40 where pending > 1 {
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await fixture.awardsd(["--once", "--now", "08/10/2021 08:30"], smtpPort: port).exitCode == 0)
            pending = try fixture.outbox("pending")
        }
        _ = await sink.stop()
        #expect(try fixture.outbox("sent") == 20)
        #expect(try fixture.outbox("failed") == 1)
        #expect(Set(try sink.received().compactMap(\.message_id)).count == 20)
        #expect(try sink.received().count == 20)
        let failed = try ReminderStore(try fixture.database.connect()).messages(status: "failed")
        #expect(failed.first?.recipientEmail == "reject-me@stc.gov.vn")
        #expect(failed.first?.lastError?.contains("550") == true, "\(failed.first?.lastError ?? "nil")")
    }

    /// Nothing outside the window, at weekends or in Tết; escalations to the manager and then to the
    /// standing agency on the right working days.
    @Test func theCalendarDecidesWhenAndToWhomRemindersGo() async throws {
        let fixture = try ReminderFixture(policy: ReminderFixture.perItemPolicy)
        // Due on Friday 24/01/2025, the last working day before Tết (27/01–31/01 off, back on 03/02).
        try fixture.addObligations(1, due: "2025-01-24")
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        let daemon = try await fixture.daemon(smtpPort: sink.port)
        let connection = { try fixture.database.connect() }
        func pass(_ time: String) throws -> [String] {
            let before = try connection().query("SELECT step, recipient_email FROM awards.reminders").rows.count
            let report = try daemon.pass(now: ReminderDaemon.parseInstant(time)!)
            let after = try connection().query("SELECT step || ' ' || recipient_email AS what FROM awards.reminders ORDER BY created_at, step")
                .rows.map { try $0.decode("what", as: String.self) }
            #expect(report.delivered.failed == 0)
            return Array(after.dropFirst(before))
        }
        #expect(try pass("17/01/2025 07:59") == [], "before the window opens")
        #expect(try pass("17/01/2025 08:00") == ["before-5 officer@stc.gov.vn"])
        #expect(try pass("18/01/2025 10:00") == [], "Saturday")
        #expect(try pass("22/01/2025 16:59") == ["before-2 officer@stc.gov.vn"])
        #expect(try pass("22/01/2025 17:30") == [], "after the window closes")
        #expect(try pass("24/01/2025 09:00") == ["due officer@stc.gov.vn"])
        #expect(try pass("29/01/2025 09:00") == [], "Tết")
        #expect(try pass("03/02/2025 08:00") == ["overdue-1 officer@stc.gov.vn"], "first working day after Tết")
        #expect(try pass("05/02/2025 08:00").sorted() == ["escalate-manager head@stc.gov.vn", "overdue-2 officer@stc.gov.vn"])
        #expect(try pass("14/02/2025 08:00").contains("escalate-agency agency@snv.gov.vn"), "10 working days overdue")
        #expect(try pass("14/02/2025 15:00") == [], "nothing twice")
        _ = await sink.stop()
        let recorded = try connection().query("SELECT count(*) AS n FROM awards.reminders").singleRow().decode("n", as: Int.self)
        let outbox = try connection().query("SELECT status || ' ' || attempts || ' ' || coalesce(last_error, '') AS what FROM awards.outbox ORDER BY id")
            .rows.map { try $0.decode("what", as: String.self) }
        let received = try sink.received()
        #expect(received.count == recorded, "outbox: \(outbox); received: \(received.map(\.rcpt_tos))")
    }
}

@Suite struct DaemonRecoveryTests {
    /// The database goes away under a running awardsd and comes back: the daemon carries on by itself.
    @Test(.timeLimit(.minutes(3))) func survivesAPostgreSQLRestart() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("awards-restart-test-\(UUID().uuidString.prefix(8))")
        try await EmbeddedCluster.withTemporary(in: home) { cluster in
            try await cluster.ensureRunning()
            let connect = { try Connection(cluster.connectionConfiguration) }
            try Migrator(directory: TestDatabase.projectDirectory.appendingPathComponent("schema")).migrate(try connect())
            let workflow = try TestDatabase.shippedWorkflow()
            try WorkflowStore(try connect()).load(workflow.definition)
            try WorkflowStore(try connect()).sync(workflow.catalogue)
            try CalendarStore(try connect()).sync(try TestDatabase.shippedCalendar(), years: 2021...2021)
            // awardsd's own login, as `awards db migrate` creates it on the embedded cluster.
            try connect().query("CREATE ROLE awardsd LOGIN IN ROLE awards_daemon")
            let directory = DirectoryStore(try connect())
            try directory.addUnit(code: "snv", name: "Sở Nội vụ", kind: "standing_agency", parentCode: nil, groupCode: nil)
            try directory.addUnit(code: "stc", name: "Sở Tài chính", kind: "department", parentCode: "snv", groupCode: nil)
            try directory.registerPerson(fullName: "Lê Thị Mai", email: "officer@stc.gov.vn", unitCode: "stc",
                                         login: TestDatabase.uniqueLogin("officer"), roles: ["officer"], authorityLevel: nil)
            func addObligation(_ title: String) throws {
                try connect().query("""
                    WITH o AS (INSERT INTO awards.obligations (title, due_on, receiving_unit_id)
                               VALUES ($1, '2021-10-15', (SELECT id FROM awards.units WHERE code = 'snv')) RETURNING id)
                    INSERT INTO awards.deadlines (obligation_id, unit_id, title, due_on, assignee_role)
                    SELECT id, (SELECT id FROM awards.units WHERE code = 'stc'), $1, '2021-10-15', 'officer' FROM o
                    """, [title])
            }
            try addObligation("Báo cáo thứ nhất")

            let sink = try await SMTPSink.start()
            defer { sink.removeFolder() }
            let project = try TestProject.make()
            defer { project.remove() }
            let socket = cluster.connectionConfiguration
            let daemon = try await ProgramRun.start("awardsd", [
                "--config", project.settingsFile.path, "--interval", "1", "--now", "08/10/2021 08:30",
            ], environment: [
                "DATABASE_URL": "host=\(socket.value("host")!) port=\(socket.value("port")!) user=\(socket.value("user")!) dbname=\(socket.value("dbname")!)",
                "MAIL_TRANSPORT": "smtp", "MAIL_SMTP_HOST": "127.0.0.1", "MAIL_SMTP_PORT": String(sink.port), "MAIL_SMTP_SECURITY": "none",
            ])
            defer { daemon.signal(SIGKILL) }
            func waitForMessages(_ count: Int) async throws -> Bool {
                for _ in 0..<600 {
                    if try sink.received().count >= count { return true }
                    try await Task.sleep(for: .milliseconds(100))
                }
                return false
            }
            #expect(try await waitForMessages(1), "\(daemon.standardError)")

            try await cluster.stop()
            try await Task.sleep(for: .seconds(2))
            #expect(daemon.isRunning, "the daemon must not die with the database")
            try await cluster.ensureRunning()
            try addObligation("Báo cáo thứ hai")
            #expect(try await waitForMessages(2), "no reminder after the restart: \(daemon.standardError)")
            daemon.signal(SIGTERM)
            for _ in 0..<600 where daemon.isRunning { try await Task.sleep(for: .milliseconds(50)) }
            #expect(!daemon.isRunning)
            _ = await sink.stop()
            #expect(try sink.received().count == 2)
            let log = daemon.standardError
            #expect(log.contains("pass failed; will retry"), "the outage was noticed and survived")
        }
    }
}

/// The daemon's shape: one work connection and one LISTEN connection for its whole life, an embedded
/// cluster left as the user left it, and SIGTERM handled the same way with --once.
@Suite struct DaemonShapeTests {
    @Test(.timeLimit(.minutes(2))) func itHoldsOneWorkConnectionAndOneListeningConnection() async throws {
        let fixture = try ReminderFixture()
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        let daemon = try await ProgramRun.start("awardsd", ["--config", fixture.project.settingsFile.path, "--interval", "1"],
                                                environment: fixture.environment(smtpPort: sink.port))
        defer { daemon.signal(SIGKILL) }
        let owner = try fixture.database.connect()
        func backends() throws -> Set<Int> {
            Set(try owner.query("SELECT pid FROM pg_stat_activity WHERE usename = $1 AND datname = $2",
                                [TestDatabase.daemonLogin, fixture.database.name]).rows.map { try $0.decode("pid", as: Int.self) })
        }
        func passes() -> Int { daemon.standardError.components(separatedBy: "pass done").count - 1 }
        for _ in 0..<300 where passes() < 2 { try await Task.sleep(for: .milliseconds(100)) }
        let early = try backends()
        try fixture.addObligations(1)  // a notification wakes it at once
        let before = passes()
        for _ in 0..<300 where passes() < before + 3 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(passes() >= before + 3, "\(daemon.standardError)")
        #expect(early.count == 2, "work and LISTEN: \(early)")
        #expect(try backends() == early, "the same two connections, passes later")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitUntilExit() == 0)
    }

    @Test(.timeLimit(.minutes(2))) func itNeverStartsAnEmbeddedClusterTheUserStopped() async throws {
        let project = try TestProject.make()
        defer { project.remove() }
        let home = project.directory.appendingPathComponent(".awards")
        let environment = ["DATABASE_URL": "", "DATABASE_EMBEDDED_DIRECTORY": home.path]
        let migrate = try await ProgramRun.run("awards", ["db", "migrate", "--config", project.settingsFile.path, "--lang", "en"], environment: environment)
        #expect(migrate.exitCode == 0, "\(migrate.standardError)")
        #expect(migrate.standardOutput.contains("created the login awardsd (in awards_daemon) for awardsd"))
        try await EmbeddedCluster.withTemporary(in: home) { cluster in
            let once = try await ProgramRun.run("awardsd", ["--config", project.settingsFile.path, "--once"], environment: environment)
            #expect(once.exitCode == 0, "as awardsd, on the running cluster: \(once.standardError)")
            #expect(try await cluster.stop())
            let stopped = try await ProgramRun.run("awardsd", ["--config", project.settingsFile.path, "--once"], environment: environment)
            #expect(stopped.exitCode == 1)
            #expect(stopped.standardError.contains("cannot connect to PostgreSQL"), "\(stopped.standardError)")
            #expect(try await !cluster.isRunning(), "the daemon left the cluster stopped")
        }
    }

    /// SIGTERM during `awardsd --once`: the message in flight finishes, the rest of the batch is handed
    /// back at once (not left leased), and the exit is clean.
    @Test(.timeLimit(.minutes(2))) func onceFinishesTheMessageInFlightOnSIGTERM() async throws {
        let fixture = try ReminderFixture(policy: ReminderFixture.perItemPolicy)
        try fixture.addObligations(300)
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        let process = try await ProgramRun.start("awardsd", ["--config", fixture.project.settingsFile.path, "--once", "--now", "08/10/2021 08:30"],
                                                 environment: fixture.environment(smtpPort: sink.port, extra: ["MAIL_BATCH_SIZE": "300"]))
        let folder = sink.directory.path
        let delivered = try await runBlocking { () -> Int in
            var delivered = 0
            for _ in 0..<6000 where delivered < 20 {
                usleep(10_000)
                delivered = (try? FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.count) ?? 0
            }
            process.signal(SIGTERM)
            return delivered
        }
        #expect(delivered >= 20)
        #expect(await process.waitUntilExit() == 0, "\(process.standardError)")
        _ = await sink.stop()
        let sent = try fixture.outbox("sent")
        #expect(sent < 300, "the signal came after the whole batch: nothing tested")
        #expect(try sink.received().count == sent, "every message the server got is marked sent, and no other")
        let leased = try fixture.database.connect().query("SELECT count(*) AS n FROM awards.outbox WHERE lease_owner IS NOT NULL")
        #expect(try leased.singleRow().decode("n", as: Int.self) == 0, "the rest of the batch went back to the pool")
    }
}
