import AwardsCore
import AwardsEngine
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// Delivery where nothing crashes but something goes wrong mid-batch, against the real PostgreSQL and
/// scripts/smtp-sink.py, asserting on what the server received: a lease taken by another daemon, the
/// database lost while a message is in flight, one recipient deferred, a message whose deadline closed.
@Suite struct DeliveryFaultTests {
    let fixture: ReminderFixture
    let owner: Connection

    init() throws {
        fixture = try ReminderFixture()
        owner = try fixture.database.connect()
    }

    /// Queues messages as the planner would, to the given local parts (`slow…` makes the sink take 2 s).
    func enqueue(_ localParts: [String]) throws {
        try owner.query("""
            INSERT INTO awards.outbox (message_key, recipient_email, subject, body_text)
            SELECT 'fault/' || p, p || '@stc.gov.vn', 'Nhắc việc ' || p, 'Nội dung ' || p FROM unnest($1::text[]) WITH ORDINALITY AS t(p, n) ORDER BY n
            """, [localParts])
    }

    func outbox() throws -> [String: (status: String, leaseOwner: String?)] {
        var result: [String: (String, String?)] = [:]
        for row in try owner.query("SELECT message_key, status, lease_owner FROM awards.outbox").rows {
            result[try row.decode("message_key", as: String.self)] = (try row.decode("status"), try row.decode("lease_owner"))
        }
        return result
    }

    /// Connections are made on the thread that uses them (a libpq connection is not Sendable).
    static func daemonConnection(_ database: TestDatabase) throws -> Connection {
        try database.connect(as: TestDatabase.daemonLogin, password: TestDatabase.daemonPassword)
    }

    func received(_ sink: SMTPSink) throws -> [String] {
        try sink.received().flatMap(\.rcpt_tos).map { String($0.prefix { $0 != "@" }) }
    }

    /// Watches, from a thread started at once, until the sink has stored `count` messages, then acts.
    /// Not a Task: on the cooperative pool, behind other tests' blocking work, it started only after the
    /// whole batch had gone (seen under load), and the fault came too late to test anything.
    final class StoredWatch: @unchecked Sendable {
        private let finished = DispatchSemaphore(value: 0)
        private var failure: (any Error)?

        init(_ count: Int, in folder: String, then action: @escaping @Sendable () throws -> Void) {
            let thread = Thread { [self] in
                defer { finished.signal() }
                for _ in 0..<6000 {
                    let stored = (try? FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.count) ?? 0
                    if stored >= count {
                        do { try action() } catch { failure = error }
                        return
                    }
                    usleep(2_000)
                }
                failure = PostgresError(kind: .client, message: "the sink never stored \(count) messages")
            }
            thread.start()
        }

        /// After the watch acted; its error, if it had one.
        func value() async throws {
            try await runBlocking { [self] in
                finished.wait()
                if let failure { throw failure }
            }
        }
    }

    func whenStored(_ count: Int, in sink: SMTPSink, then action: @escaping @Sendable () throws -> Void) -> StoredWatch {
        StoredWatch(count, in: sink.directory.path, then: action)
    }

    /// Before each send the lease is checked; it is rewritten only when less than the threshold is left
    /// (each write copies the whole message row), and a lease someone else holds is never "held".
    @Test func aLeaseIsRenewedOnlyWhenLittleIsLeftAndNeverHeldOnceTaken() throws {
        try enqueue(["m1", "m2"])
        let store = ReminderStore(try Self.daemonConnection(fixture.database))
        let terms = ReminderStore.LeaseTerms(seconds: 120, longestAttemptSeconds: 20)
        #expect(terms.renewBelowSeconds == 70, "halfway between the longest attempt (20 s) and the lease (120 s)")
        let claim = try store.claimOutbox(owner: "d1", limit: 10, leaseSeconds: terms.seconds)
        try #require(claim.messages.count == 2)
        let (m1, m2) = (claim.messages[0].id, claim.messages[1].id)
        func lease(_ id: Int) throws -> (until: String, version: String) {
            let row = try owner.query("SELECT lease_until::text AS until, xmin::text AS version FROM awards.outbox WHERE id = $1", [id]).singleRow()
            return (try row.decode("until"), try row.decode("version"))
        }

        let fresh = try lease(m1)
        #expect(try store.holdLease(m1, owner: "d1", terms: terms))
        #expect(try lease(m1) == fresh, "119 s left: checked, not rewritten")

        try owner.query("UPDATE awards.outbox SET lease_until = now() + interval '30 seconds' WHERE id = $1", [m1])
        #expect(try store.holdLease(m1, owner: "d1", terms: terms))
        let left = try owner.query("SELECT extract(epoch FROM lease_until - now()) AS left FROM awards.outbox WHERE id = $1", [m1])
            .singleRow().decode("left", as: Double.self)
        #expect(left > 110, "30 s left, below the 70 s threshold: renewed to 120 s (\(left))")

        let m2Fresh = try lease(m2)
        let done = try store.markSent(m1, owner: "d1", holding: m2, terms: terms)
        #expect(done.sent && done.nextHeld)
        #expect(try lease(m2) == m2Fresh, "the next message's lease was checked in the same statement, not rewritten")

        try owner.query("UPDATE awards.outbox SET lease_owner = 'thief' WHERE id = $1", [m2])
        #expect(try !store.holdLease(m2, owner: "d1", terms: terms), "taken by another daemon")
        try owner.query("UPDATE awards.outbox SET lease_owner = 'd1', lease_until = now() - interval '1 second' WHERE id = $1", [m2])
        #expect(try store.holdLease(m2, owner: "d1", terms: terms), "run out but nobody took it: ours again, renewed")
    }

    @Test(.timeLimit(.minutes(2))) func aMessageWhoseLeaseAnotherDaemonTookIsNotSentAndTheBatchStops() async throws {
        try enqueue(["slow1", "m2", "m3", "m4"])
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        let delivery = try await fixture.daemon(smtpPort: sink.port).delivery
        let database = fixture.database
        // While the first message is in flight, another daemon (its lease having run out, say) takes m2.
        let steal = whenStored(1, in: sink) {
            try database.connect().query("UPDATE awards.outbox SET lease_owner = 'thief', lease_until = now() + interval '1 hour' WHERE message_key = 'fault/m2'")
        }
        let report = try await runBlocking { try delivery.deliver(try Self.daemonConnection(database)) }
        try await steal.value()
        #expect(report.sent == 1, "\(report)")
        #expect(try received(sink) == ["slow1"], "m2 was not ours any more: neither it nor the rest went")
        let state = try outbox()
        #expect(state["fault/slow1"]?.status == "sent")
        #expect(state["fault/m2"]?.leaseOwner == "thief")
        #expect(state["fault/m3"]?.status == "pending" && state["fault/m3"]?.leaseOwner == nil, "the rest went back to the pool at once")

        let next = try await runBlocking { try delivery.deliver(try Self.daemonConnection(database)) }
        _ = await sink.stop()
        #expect(next.sent == 2)
        #expect(try received(sink).sorted() == ["m3", "m4", "slow1"], "each once; m2 is the thief's to send")
    }

    @Test(.timeLimit(.minutes(2))) func losingTheDatabaseWhileAMessageIsInFlightStopsTheBatch() async throws {
        try enqueue(["slow1", "m2", "m3", "m4", "m5"])
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        let delivery = try await fixture.daemon(smtpPort: sink.port, extra: ["MAIL_LEASE_SECONDS": "11", "MAIL_SMTP_TIMEOUT_SECONDS": "5"]).delivery
        let database = fixture.database
        let name = database.name
        let kill = whenStored(1, in: sink) {
            try database.connect().query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND datname = $2",
                             [TestDatabase.daemonLogin, name])
        }
        let failed = try await runBlocking { () -> String? in
            let connection = try Self.daemonConnection(database)
            do { _ = try delivery.deliver(connection); return nil } catch { return "\(error)" }
        }
        try await kill.value()
        #expect(failed != nil, "the outcome of slow1 could not be recorded")
        #expect(try received(sink) == ["slow1"], "nothing more was sent once outcomes could not be recorded")

        // Once the leases run out, a new connection sends everything: slow1 again (it was in flight,
        // with the same Message-ID) and the four never attempted, once each.
        try await Task.sleep(for: .seconds(11.5))
        let report = try await runBlocking { try delivery.deliver(try Self.daemonConnection(database)) }
        _ = await sink.stop()
        #expect(report.sent == 5, "\(report)")
        let messages = try sink.received()
        #expect(messages.count == 6)
        #expect(Set(messages.compactMap(\.message_id)).count == 5)
        #expect(try received(sink).filter { $0 == "slow1" }.count == 2, "the only repeat is the message that was in flight")
    }

    @Test(.timeLimit(.minutes(2))) func aRecipientDeferredWith451DefersThatMessageOnly() async throws {
        try enqueue(["tempfail1", "m2", "m3", "m4", "m5"])
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        // Batches of two: the 451 in the first batch must not end the pass.
        let delivery = try await fixture.daemon(smtpPort: sink.port, extra: ["MAIL_BATCH_SIZE": "2", "MAIL_RETRY_BASE_SECONDS": "60", "MAIL_RETRY_MAX_SECONDS": "600"]).delivery
        let database = fixture.database
        let report = try await runBlocking { try delivery.deliver(try Self.daemonConnection(database)) }
        _ = await sink.stop()
        #expect(report.sent == 4 && report.retrying == 1, "\(report)")
        #expect(try received(sink).sorted() == ["m2", "m3", "m4", "m5"])
        let deferred = try owner.query("SELECT status, last_error FROM awards.outbox WHERE message_key = 'fault/tempfail1'").singleRow()
        #expect(try deferred.decode("status", as: String.self) == "pending")
        #expect(try deferred.decode("last_error", as: String.self).contains("451"))
    }

    /// A reminder queued before its deadline closed (the obligation done while the server was down) is
    /// not sent; a message with an open deadline, and one that reminds of nothing, are.
    @Test(.timeLimit(.minutes(2))) func aMessageWhoseDeadlinesAllClosedIsSupersededNotSent() async throws {
        try fixture.addObligations(2)
        try enqueue(["closed", "open", "notice"])
        try owner.query("""
            INSERT INTO awards.reminders (deadline_id, step, recipient_email, outbox_id)
            SELECT d.id, 'due', o.recipient_email, o.id
            FROM awards.outbox o JOIN LATERAL (SELECT id FROM awards.deadlines ORDER BY id OFFSET CASE o.message_key WHEN 'fault/closed' THEN 0 ELSE 1 END LIMIT 1) d ON true
            WHERE o.message_key IN ('fault/closed', 'fault/open')
            """)
        try owner.query("""
            UPDATE awards.deadlines SET closed_at = now()
            WHERE id = (SELECT deadline_id FROM awards.reminders r JOIN awards.outbox o ON o.id = r.outbox_id WHERE o.message_key = 'fault/closed')
            """)
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        let delivery = try await fixture.daemon(smtpPort: sink.port).delivery
        let database = fixture.database
        let report = try await runBlocking { try delivery.deliver(try Self.daemonConnection(database)) }
        _ = await sink.stop()
        #expect(report.superseded == 1 && report.sent == 2, "\(report)")
        #expect(try received(sink).sorted() == ["notice", "open"])
        #expect(try outbox()["fault/closed"]?.status == "superseded")

        let listed = try await ProgramRun.run("awards", ["reminders", "--status", "superseded", "--format", "csv", "--lang", "en"],
                                              environment: ["DATABASE_URL": "dbname=\(fixture.database.name)"])
        #expect(listed.standardOutput.contains("closed@stc.gov.vn"), "\(listed.standardError)")
    }
}
