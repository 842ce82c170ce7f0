import AwardsCore
import AwardsStore
import Foundation
import Postgres

/// Officers' and managers' use cases on nominations.
///
/// Every change is checked twice: first by the pure workflow core, whose refusals say precisely what is
/// allowed instead, and then, authoritatively, by the database's own check in `awards.advance`, which
/// also holds for anyone using psql.
public struct NominationService {
    public let store: NominationStore
    public let workflow: NominationWorkflow
    /// The session's language: the pure core's refusals are what users read when the database refuses.
    public let language: Language

    public init(session: AwardsSession, workflow: NominationWorkflow) {
        self.store = NominationStore(session.connection)
        self.workflow = workflow
        self.language = session.settings.language
    }

    /// Like `advance`: the database decides; the pure core explains a refusal.
    @discardableResult
    public func nominate(kind: NomineeKind, name: String, unitCode: String, occupation: Occupation, gender: Gender?,
                         movementCode: String?, fields: [String: String]) throws -> Int {
        let creating = workflow.definition.transitionTable.first(where: { $0.from == nil })?.event
        do {
            return try store.nominate(kind: kind, name: name, unitCode: unitCode, occupation: occupation, gender: gender,
                                      movementCode: movementCode, fields: creating.map { normalized(fields, for: $0) } ?? fields)
        } catch let error as PostgresError where Self.isRefusal(error) {
            if let creating, let context = try? store.context(nomination: nil, unitCode: unitCode, nomineeKind: kind) {
                _ = try check(context.snapshot, event: creating, actor: context.actor, fields: fields)
            }
            throw error
        }
    }

    /// The database's check decides, in one round trip. Only when it refuses does the service look at
    /// the nomination and run the pure core, whose refusal says precisely what is allowed instead.
    @discardableResult
    public func advance(_ id: Int, event: String, fields: [String: String], expectedState: String? = nil) throws -> String {
        do {
            return try store.advance(id, event: event, fields: normalized(fields, for: event), expectedState: expectedState)
        } catch let error as PostgresError where Self.isRefusal(error) {
            // Nominations started under another definition version keep the database's own words.
            if let context = try? store.context(nomination: id), context.definitionVersion == workflow.definition.version {
                if let expectedState, context.snapshot.state != expectedState {
                    let state = context.snapshot.state ?? "unknown"
                    let label = workflow.definition.state(named: state)?.label.map { "“\($0)” (\(state))" } ?? state
                    throw NominationError(vi: "hồ sơ này hiện đang ở trạng thái \(label)", en: "this nomination is now \(state)")
                }
                _ = try check(context.snapshot, event: event, actor: context.actor, fields: fields)
            }
            throw error
        }
    }

    /// Refusals of the request itself — not a lost connection or a bug.
    static func isRefusal(_ error: PostgresError) -> Bool {
        guard let state = error.sqlState else { return false }
        return ["42501", "AW001", "AW002", "22023", "23502", "P0002", "23503"].contains(state)
    }

    /// Dates as the database wants them (ISO), whatever way the user wrote them; the rest as given.
    func normalized(_ fields: [String: String], for event: String) -> [String: String] {
        let types = Dictionary(workflow.definition.events(named: event).flatMap(\.fields).map { ($0.name, $0.type) },
                               uniquingKeysWith: { first, _ in first })
        return fields.reduce(into: [:]) { result, field in
            if types[field.key] == .date, let date = LocalDate(parsing: field.value) {
                result[field.key] = date.iso
            } else {
                result[field.key] = field.value
            }
        }
    }

    private func check(_ snapshot: NominationSnapshot, event: String, actor: Actor, fields: [String: String]) throws -> [String: String] {
        switch workflow.transition(nomination: snapshot, event: event, actor: actor, at: .todayInVietnam, fields: fields) {
        case .success(let outcome): return outcome.history.fields
        case .failure(let refusal): throw NominationError(vi: refusal.vietnamese, en: refusal.message)
        }
    }
}

public struct NominationError: Error, CustomStringConvertible, LocalizedError, BilingualError {
    /// In English.
    public let description: String
    public let vietnamese: String
    public init(vi vietnamese: String, en description: String) {
        self.description = description
        self.vietnamese = vietnamese
    }
    public var errorDescription: String? { description }
    public func message(in language: Language) -> String { language.text(vi: vietnamese, en: description) }
}
