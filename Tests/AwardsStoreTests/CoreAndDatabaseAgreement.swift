import AwardsCore
import Postgres
import Testing

/// The pure core and the database decided the same event: both allowed it, or both refused it in the
/// same words with `sqlState`; `allowed` says which it should have been.
func expectAgreement(core: Result<TransitionOutcome, TransitionRefusal>, database: Result<String, PostgresError>,
                     allowed: Bool, sqlState: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    switch (core, database) {
    case (.success, .success):
        #expect(allowed, "\(what): both allowed it", sourceLocation: sourceLocation)
    case (.failure(let refusal), .failure(let error)):
        #expect(!allowed, "\(what): both refused it: \(error.message)", sourceLocation: sourceLocation)
        #expect(refusal.message == error.message, "\(what)", sourceLocation: sourceLocation)
        #expect(error.sqlState == sqlState, "\(what)", sourceLocation: sourceLocation)
    case (.success, .failure(let error)):
        Issue.record("\(what): the core allows it, the database refuses: \(error.message)", sourceLocation: sourceLocation)
    case (.failure(let refusal), .success):
        Issue.record("\(what): the database allows it, the core refuses: \(refusal.message)", sourceLocation: sourceLocation)
    }
}
