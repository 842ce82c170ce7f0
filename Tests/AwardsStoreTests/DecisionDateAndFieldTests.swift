import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// A decision is dated where it can be true, and a workflow field holds text of a bounded size: the
/// database (awards.advance, awards.checked_fields) refuses, each person acting as their own login over
/// TCP, and the pure core, which explains refusals, reaches the same verdict in the same words.
@Suite struct DecisionDateAndFieldTests {
    /// Today in Việt Nam as the database sees it inside the transaction that will call awards.advance:
    /// now() is the transaction's start, so core and database judge the same day even across midnight.
    static func databaseToday(_ connection: Connection) throws -> LocalDate {
        let text = try connection.query("SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS today")
            .singleRow().decode("today", as: String.self)
        return try #require(LocalDate(parsing: text))
    }

    @Test func theDatabaseAndThePureCoreAgreeOnEveryDecisionDate() throws {
        let province = try Province()
        let workflow = try TestDatabase.shippedWorkflow()
        let owner = try province.database.connect()
        // CSTD_CO_SO is the commune chair's to grant since 01/07/2025 (and the district chair's before).
        let communeChair = TestDatabase.uniqueLogin("chair")
        try DirectoryStore(owner).registerPerson(fullName: "Chủ tịch xã Ea Phê", email: "\(communeChair)@daklak.gov.vn", unitCode: "ea-phe",
                                                 login: communeChair, roles: ["manager"], authorityLevel: "commune_chair",
                                                 password: TestDatabase.personPassword)
        /// (days after the proposal, or nil: days after today; whether the decision may carry that date)
        let cases: [(fromProposal: Int?, fromToday: Int?, allowed: Bool)] = [
            (-1, nil, false), (0, nil, true), (nil, 0, true), (nil, 1, false), (nil, 30_000, false),
        ]
        for (fromProposal, fromToday, allowed) in cases {
            let id = try province.pendingNomination(award: "CSTD_CO_SO")
            // As if proposed ten days ago: only the owner can move the clock of a nomination.
            try owner.query("UPDATE awards.nominations SET state_entered_at = now() - interval '10 days' WHERE id = $1", [id])
            let chair = try province.connect(communeChair)
            // One transaction, so the day the test reads is the day awards.advance judges by (now() is
            // the transaction's start); committed when the database allowed the decision, rolled back when
            // it refused (the refusal aborted the transaction, and COMMIT would only roll it back).
            try chair.query("BEGIN")
            let (core, database) = try { (connection: Connection) -> (Result<TransitionOutcome, TransitionRefusal>, Result<String, PostgresError>) in
                let today = try Self.databaseToday(connection)
                let proposed = today.adding(days: -10)
                let decided = fromProposal.map { proposed.adding(days: $0) } ?? today.adding(days: fromToday!)
                let fields = ["decision_number": "12/QĐ-UBND", "decision_date": decided.iso]
                let store = NominationStore(connection)
                let context = try #require(try store.context(nomination: id))
                #expect(context.snapshot.enteredStateOn == proposed)
                let core = workflow.transition(nomination: context.snapshot, event: "approve", actor: context.actor, at: today, fields: fields)
                let database = Result { try store.advance(id, event: "approve", fields: fields) }.mapError { $0 as! PostgresError }
                return (core, database)
            }(chair)
            try chair.query((try? database.get()) == nil ? "ROLLBACK" : "COMMIT")
            let what = "decision \(fromProposal.map { "\($0) days after the proposal" } ?? "\(fromToday!) days after today")"
            expectAgreement(core: core, database: database, allowed: allowed, sqlState: "22023", what)
            #expect(try province.store(province.officerKrongPac).find(id)?.state == (allowed ? "approved" : "pending_approval"))
        }
    }

    /// The review's attack: a district chair, whose level ended on 30/06/2025, decides a proposal made
    /// today by dating the decision 01/06/2025, when he could still sign; or dates it in 2099.
    @Test func aDistrictChairCannotBackdateADecisionIntoHisOffice() throws {
        let province = try Province()
        let id = try province.pendingNomination(award: "CSTD_CO_SO")
        let chair = try province.connect(province.districtChair)
        let backdated = try refusal {
            try chair.query("SELECT awards.advance($1, 'approve', $2::jsonb)", [id, #"{"decision_number": "8/QĐ-UBND", "decision_date": "2025-06-01"}"#])
        }
        #expect(backdated?.message.hasPrefix("cannot approve: a decision dated 01/06/2025 precedes the proposal of ") == true, "\(String(describing: backdated))")
        let future = try refusal {
            try chair.query("SELECT awards.advance($1, 'approve', $2::jsonb)", [id, #"{"decision_number": "8/QĐ-UBND", "decision_date": "2099-01-01"}"#])
        }
        #expect(future?.message.hasPrefix("cannot approve: the decision date 01/01/2099 is in the future; the latest allowed is ") == true)
        #expect(try province.store(province.officerKrongPac).find(id)?.state == "pending_approval")
        #expect(try province.store(province.officerKrongPac).history(id).count == 4)
    }

    @Test func fieldsAreTextOfAtMostFourThousandCharactersInTheDatabaseAsInTheCore() throws {
        let province = try Province()
        let workflow = try TestDatabase.shippedWorkflow()
        let officer = try province.connect(province.officerKrongPac)
        let store = NominationStore(officer)
        let id = try store.nominate(kind: .individual, name: "Y Bhin Niê", unitCode: "ea-phe", occupation: .farmer, gender: .male,
                                    movementCode: nil, fields: ["detection_note": "Mô hình cà phê"])
        // JSON that is not a string: ->> would have stored the object's text, a number's digits.
        for (json, type) in [(#"{"x": 1}"#, "object"), (#"["a"]"#, "array"), ("30", "number"), ("true", "boolean")] {
            let refused = try refusal {
                try officer.query("SELECT awards.advance($1, 'summarize', $2::jsonb)", [id, #"{"achievement_summary": \#(json)}"#])
            }
            #expect(refused?.message == "field achievement_summary must be text, not a JSON \(type)")
            #expect(refused?.sqlState == "22023")
        }
        let page = String(repeating: "ệ", count: FieldRequirement.maximumLength)
        for (fields, allowed) in [(["achievement_summary": page + "x"], false), (["achievement_summary": "Năng suất", "note": page + "x"], false),
                                  (["achievement_summary": page], true)] {
            let context = try #require(try store.context(nomination: id))
            let core = workflow.transition(nomination: context.snapshot, event: "summarize", actor: context.actor,
                                           at: .todayInVietnam, fields: fields)
            let database = Result { try store.advance(id, event: "summarize", fields: fields) }.mapError { $0 as! PostgresError }
            switch (core, database) {
            case (.success, .success):
                #expect(allowed)
            case (.failure(let refusal), .failure(let error)):
                #expect(!allowed)
                #expect(refusal.message == error.message)
                #expect(error.message.hasSuffix("is 4001 characters long; at most 4000 are allowed (attach a long text rather than pasting it)"))
                #expect(error.sqlState == "22001")
            default:
                Issue.record("core and database disagree on \(fields.mapValues(\.count)): \(core), \(database)")
            }
        }
        let stored = try store.history(id).last
        #expect(stored?.event == "summarize")
        #expect(try store.history(id).count == 2, "the refused attempts left nothing")
    }

    @Test func anEmailAddressLongerThanTheStandardAllowsIsRefused() throws {
        let province = try Province()
        let owner = try province.database.connect()
        let email = String(repeating: "a", count: 250) + "@x.vn"
        #expect(try refusal { try owner.query("UPDATE awards.people SET email = $1 WHERE login_role = $2", [email, province.agency]) }?.sqlState == "23514")
    }
}
