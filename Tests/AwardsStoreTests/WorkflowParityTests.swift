import AwardsCore
import AwardsStore
import AwardsTestSupport
import Foundation
import Postgres
import Testing

/// The state machine lives twice: in the pure core, which explains refusals, and in awards.advance,
/// which decides. For every state of the shipped workflow, every event and every kind of actor (officer,
/// district and province chairs, the standing agency, an admin, a manager of another district), both
/// must reach the same verdict, and when they allow it, the same next state.
@Suite struct WorkflowParityTests {
    /// How a nomination reaches a state: events in order, each fired by the officer (o) or the province
    /// chair (p), with the award it is proposed for.
    static let paths: [(state: String, award: String, steps: [(String, Character)])] = [
        ("detected", "BANG_KHEN_CHU_TICH_TINH", []),
        ("cultivating", "BANG_KHEN_CHU_TICH_TINH", [("cultivate", "o")]),
        ("summarized", "BANG_KHEN_CHU_TICH_TINH", [("summarize", "o")]),
        ("pending_approval", "BANG_KHEN_CHU_TICH_TINH", [("summarize", "o"), ("propose", "o")]),
        ("pending_approval", "HUAN_CHUONG_LAO_DONG_HANG_BA", [("summarize", "o"), ("propose", "o")]),
        ("forwarded", "HUAN_CHUONG_LAO_DONG_HANG_BA", [("summarize", "o"), ("propose", "o"), ("forward", "p")]),
        ("approved", "BANG_KHEN_CHU_TICH_TINH", [("summarize", "o"), ("propose", "o"), ("approve", "p")]),
        ("rejected", "BANG_KHEN_CHU_TICH_TINH", [("summarize", "o"), ("propose", "o"), ("reject", "p")]),
        ("replicating", "BANG_KHEN_CHU_TICH_TINH", [("summarize", "o"), ("propose", "o"), ("approve", "p"), ("replicate", "o")]),
        ("replicated", "BANG_KHEN_CHU_TICH_TINH", [("summarize", "o"), ("propose", "o"), ("approve", "p"), ("replicate", "o"), ("close", "o")]),
        ("withdrawn", "BANG_KHEN_CHU_TICH_TINH", [("withdraw", "o")]),
    ]

    /// A valid value for each field, so that state, role, scope and guards decide.
    static func fields(for event: EventDefinition, decidedOn day: LocalDate, award: String) -> [String: String] {
        var fields: [String: String] = [:]
        for field in event.fields {
            fields[field.name] = switch field.type {
            case .text: "Nội dung \(field.name)"
            case .date: day.iso
            // A lower award where the event lowers one: Giấy khen pays less than any award the paths propose.
            case .awardCode: event.guards.contains(.awardNotAboveProposed) ? "GIAY_KHEN" : award
            case .decisionNumber: "123/QĐ-UBND"
            case .choice: field.options[0]
            }
        }
        return fields
    }

    @Test(.timeLimit(.minutes(3))) func theCoreAndTheDatabaseAgreeOnEveryStateEventAndActor() throws {
        let province = try Province()
        let workflow = try TestDatabase.shippedWorkflow()
        let definition = workflow.definition
        let admin = TestDatabase.uniqueLogin("admin")
        try DirectoryStore(try province.database.connect()).registerPerson(
            fullName: "Quản trị", email: "\(admin)@daklak.gov.vn", unitCode: "ubnd-tinh", login: admin, roles: ["admin"],
            authorityLevel: nil, password: TestDatabase.personPassword)
        let actors = [province.officerKrongPac, province.districtChair, province.provinceChair, province.agency, admin, province.unitHeadEaKar]
        var stores: [String: NominationStore] = [:]
        for login in actors { stores[login] = try province.store(login) }
        let officer = stores[province.officerKrongPac]!
        var eventNames: [String] = []
        for event in definition.events where !eventNames.contains(event.name) { eventNames.append(event.name) }

        func nomination(_ path: (state: String, award: String, steps: [(String, Character)])) throws -> Int {
            let id = try officer.nominate(kind: .individual, name: "Y Bhin Niê", unitCode: "ea-phe", occupation: .farmer, gender: .male,
                                          movementCode: nil, fields: ["detection_note": "Mô hình cà phê"])
            for (event, who) in path.steps {
                let store = who == "o" ? officer : stores[province.provinceChair]!
                let context = try #require(try officer.context(nomination: id))
                let day = context.snapshot.enteredStateOn ?? .todayInVietnam
                _ = try store.advance(id, event: event, fields: Self.fields(for: definition.events(named: event)[0], decidedOn: day, award: path.award))
            }
            return id
        }

        var cases = 0, allowed = 0
        for path in Self.paths {
            var id = try nomination(path)
            #expect(try officer.find(id)?.state == path.state, "the path to \(path.state)")
            for eventName in eventNames {
                for login in actors {
                    cases += 1
                    let snapshot = try #require(try officer.context(nomination: id)).snapshot
                    let actor = try #require(try stores[login]!.context(nomination: nil, unitCode: "ea-phe", nomineeKind: .individual)).actor
                    let day = snapshot.enteredStateOn ?? .todayInVietnam
                    let event = definition.events(named: eventName).first { $0.from?.contains(path.state) ?? false } ?? definition.events(named: eventName)[0]
                    let fields = Self.fields(for: event, decidedOn: day, award: path.award)
                    let core = workflow.transition(nomination: snapshot, event: eventName, actor: actor, at: .todayInVietnam, fields: fields)
                    let database = Result { try stores[login]!.advance(id, event: eventName, fields: fields) }
                    let what = "\(path.state) (\(path.award)) \(eventName) by \(login)"
                    switch (core, database) {
                    case (.success(let outcome), .success(let state)):
                        allowed += 1
                        #expect(outcome.to == state, "\(what): both allowed it, to \(outcome.to) and \(state)")
                        id = try nomination(path)
                    case (.failure, .failure):
                        break
                    case (.success(let outcome), .failure(let error)):
                        Issue.record("\(what): the core allows it (to \(outcome.to)), the database refuses: \(error)")
                        id = try nomination(path)
                    case (.failure(let refusal), .success(let state)):
                        Issue.record("\(what): the database allows it (to \(state)), the core refuses: \(refusal.message)")
                        id = try nomination(path)
                    }
                }
            }
        }
        #expect(cases == Self.paths.count * eventNames.count * actors.count)
        #expect(allowed > 20, "the allowed cases are exercised too: \(allowed) of \(cases)")
    }
}
