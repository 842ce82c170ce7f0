import AwardsCore
import AwardsEngine
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// awardsd runs as its own login in awards_daemon, which can do the daemon's work and nothing else, and
/// refuses to run as a superuser, the schema's owner, or a login outside awards_daemon.
@Suite struct DaemonPrivilegeTests {
    @Test func theDaemonsLoginCanRemindButNotTouchNominationsOrRewriteMessages() async throws {
        let fixture = try ReminderFixture()
        try fixture.addObligations(3)
        let daemonConnection = try fixture.database.connect(as: TestDatabase.daemonLogin, password: TestDatabase.daemonPassword)
        #expect(try daemonConnection.query("SELECT count(*) AS n FROM awards.deadlines WHERE closed_at IS NULL").singleRow().decode("n", as: Int.self) == 3,
                "it sees every unit's open deadlines")
        let attacks: [(String, String)] = [
            ("SELECT count(*) FROM awards.nominations", "42501"),
            ("SELECT count(*) FROM awards.nomination_history", "42501"),
            ("SELECT authority_level FROM awards.people", "42501"),
            ("SELECT awards.advance(1, 'approve')", "42501"),
            ("SELECT awards.add_obligation('x', current_date, 'snv', ARRAY['stc'])", "42501"),
            ("UPDATE awards.deadlines SET due_on = '2099-01-01'", "42501"),
            ("UPDATE awards.deadlines SET closed_at = now()", "42501"),
            ("DELETE FROM awards.reminders", "42501"),
            ("UPDATE awards.outbox SET body_text = 'Chuyển tiền vào tài khoản này', recipient_email = 'x@evil.example'", "42501"),
            ("DELETE FROM awards.outbox", "42501"),
            ("INSERT INTO awards.units (code, name, kind) VALUES ('evil', 'Evil', 'other')", "42501"),
            ("CREATE TABLE awards.mine (x int)", "42501"),
        ]
        for (sql, state) in attacks {
            #expect(try refusal { try daemonConnection.query(sql) }?.sqlState == state, "\(sql)")
        }

        // And it does its work with exactly these grants: plan, queue and deliver.
        let sink = try await SMTPSink.start()
        defer { sink.removeFolder() }
        let daemon = try await fixture.daemon(smtpPort: sink.port)
        let report = try daemon.pass(now: ReminderDaemon.parseInstant("08/10/2021 08:30")!)
        _ = await sink.stop()
        // The shipped policy sends one digest per person per pass.
        #expect(report.planned.reminders == 3 && report.delivered.sent == 1, "\(report)")
        #expect(try sink.received().count == 1)
        #expect(try fixture.outbox("sent") == 1)
    }

    @Test func awardsdRefusesASuperuserTheOwnerAndALoginOutsideAwardsDaemon() async throws {
        let fixture = try ReminderFixture()
        let owner = try fixture.database.connect()
        let superuser = owner.user
        func awardsd(as login: String, password: String) async throws -> ProgramRun {
            try await fixture.awardsd(["--once"], smtpPort: 1, extra: [
                "DAEMON_USER": login, "DATABASE_URL": "dbname=\(fixture.database.name) password=\(TestDatabase.conninfoValue(password))",
            ])
        }
        let asSuperuser = try await awardsd(as: superuser, password: ProcessInfo.processInfo.environment["PGPASSWORD"] ?? "")
        #expect(asSuperuser.exitCode == 1)
        #expect(asSuperuser.standardError.contains("awardsd will not run as \(superuser): it is a superuser; set daemon.user (DAEMON_USER) to a login in awards_daemon"),
                "\(asSuperuser.standardError)")

        // A schema owner that is no superuser, and in awards_daemon too: owning is enough to be refused.
        let schemaOwner = TestDatabase.uniqueLogin("owner")
        let quoted = try owner.quoteIdentifier(schemaOwner)
        let verifier = try owner.passwordVerifier(TestDatabase.personPassword, user: schemaOwner)
        try owner.query(try owner.query("SELECT format('CREATE ROLE %I LOGIN IN ROLE awards_daemon PASSWORD %L', $1::text, $2::text) AS sql",
                                        [schemaOwner, verifier]).singleRow().decode("sql", as: String.self))
        try owner.query("ALTER SCHEMA awards OWNER TO \(quoted)")
        let asOwner = try await awardsd(as: schemaOwner, password: TestDatabase.personPassword)
        #expect(asOwner.exitCode == 1)
        #expect(asOwner.standardError.contains("awardsd will not run as \(schemaOwner): it owns the awards schema"), "\(asOwner.standardError)")
        try owner.query("ALTER SCHEMA awards OWNER TO \(try owner.quoteIdentifier(superuser))")

        // A person's login: a member of awards_officer, not of awards_daemon.
        let officer = TestDatabase.uniqueLogin("officer")
        try DirectoryStore(owner).registerPerson(fullName: "Cán bộ", email: "\(officer)@x.vn", unitCode: "stc", login: officer,
                                                 roles: ["officer"], authorityLevel: nil, password: TestDatabase.personPassword)
        let asOfficer = try await awardsd(as: officer, password: TestDatabase.personPassword)
        #expect(asOfficer.exitCode == 1)
        #expect(asOfficer.standardError.contains("awardsd will not run as \(officer): it is not a member of awards_daemon"), "\(asOfficer.standardError)")
    }

    /// Reminders go to people who still act in the role: neither a deactivated person nor one whose
    /// group role was revoked is e-mailed.
    @Test func onlyPeopleWhoStillHoldTheRoleAreReminded() async throws {
        let fixture = try ReminderFixture()
        try fixture.addObligations(1)
        let owner = try fixture.database.connect()
        let officers = try owner.query("SELECT login_role::text AS login FROM awards.people WHERE 'officer' = ANY (roles)").rows
            .map { try $0.decode("login", as: String.self) }
        // Logins as provinces write them, with a dot (mai.lt), are no identifier syntax to trip on.
        let dotted = "mai.lt_\(UUID().uuidString.prefix(6).lowercased())"
        try DirectoryStore(owner).registerPerson(fullName: "Mai Lê Thị", email: "mai.lt@stc.gov.vn", unitCode: "stc", login: dotted,
                                                 roles: ["officer"], authorityLevel: nil)
        let revoked = TestDatabase.uniqueLogin("revoked")
        try DirectoryStore(owner).registerPerson(fullName: "Đã chuyển công tác", email: "revoked@stc.gov.vn", unitCode: "stc", login: revoked,
                                                 roles: ["officer"], authorityLevel: nil)
        try owner.query("REVOKE awards_officer FROM \(try owner.quoteIdentifier(revoked))")
        let deactivated = TestDatabase.uniqueLogin("left")
        try DirectoryStore(owner).registerPerson(fullName: "Đã nghỉ hưu", email: "left@stc.gov.vn", unitCode: "stc", login: deactivated,
                                                 roles: ["officer"], authorityLevel: nil)
        // What awards.deactivate_person records (it also takes the login's group roles).
        try owner.query("UPDATE awards.people SET deactivated_at = now() WHERE login_role = $1", [deactivated])
        #expect(officers.count == 1)
        let store = ReminderStore(try fixture.database.connect(as: TestDatabase.daemonLogin, password: TestDatabase.daemonPassword))
        let stc = try owner.query("SELECT id FROM awards.units WHERE code = 'stc'").singleRow().decode("id", as: Int.self)
        #expect(try store.recipients(unitID: stc, role: "officer").map(\.email) == ["mai.lt@stc.gov.vn", "officer@stc.gov.vn"])
        #expect(try store.standingAgency().map(\.email) == ["agency@snv.gov.vn"])
    }
}
