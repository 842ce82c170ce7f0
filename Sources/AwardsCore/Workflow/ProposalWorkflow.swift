/// The states a proposal (tờ trình) moves through, as data (config/proposals.yaml), beside the nomination
/// workflow: a proposal carries many nominations (its lines), and each of its moves may move every line
/// by a nomination event, in the same transaction.
public struct ProposalWorkflow: Sendable {
    public struct State: Hashable, Sendable {
        public let name: String
        public let label: String?
        public let isTerminal: Bool
        /// Lines may be added and removed only in such a state (a draft, a returned proposal).
        public let linesOpen: Bool
    }

    /// What a signed decision does to the lines of the proposals it decides.
    public struct DecisionEffect: Hashable, Sendable {
        /// The nomination event of each line the decision rewards (approve).
        public let accepted: String
        /// The nomination event of the proposal's other lines (reject).
        public let others: String
    }

    public struct Event: Hashable, Sendable {
        public let name: String
        public let label: String?
        /// Empty for the event that creates a proposal.
        public let from: [String]
        public let to: String
        public let roles: [String]
        public let fields: [FieldRequirement]
        /// The nomination event every open line takes with this move.
        public let lineEvent: String?
        /// Set on the one event that only signing a decision performs.
        public let decision: DecisionEffect?
        /// The roles told of the move by e-mail, once for all the lines.
        public let notify: [String]
        /// Where the event is in the file, for problems found against the nomination workflow.
        public let line: Int
    }

    public let version: String
    public let name: String
    public let initialState: String
    public let states: [State]
    public let events: [Event]

    public func state(named name: String) -> State? { states.first { $0.name == name } }
    public func events(named name: String) -> [Event] { events.filter { $0.name == name } }
    public var creatingEvent: Event? { events.first { $0.from.isEmpty } }
    public var decisionEvent: Event? { events.first { $0.decision != nil } }

    /// Everything the definition decides, one fact a line, in a stable order.
    public var canonicalText: String {
        var lines = ["proposal-workflow \(version) initial=\(initialState)"]
        for state in states.sorted(by: { $0.name < $1.name }) {
            lines.append("state \(state.name) terminal=\(state.isTerminal) lines_open=\(state.linesOpen)")
        }
        for event in events.sorted(by: { ($0.name, $0.from.joined(separator: ",")) < ($1.name, $1.from.joined(separator: ",")) }) {
            let fields = event.fields.map { "\($0.name):\($0.type.rawValue)\($0.isRequired ? "" : "?")" }.joined(separator: ",")
            lines.append("event \(event.name) from=\(event.from.joined(separator: ",")) to=\(event.to) roles=\(event.roles.joined(separator: ","))"
                         + " fields=\(fields) lines=\(event.lineEvent ?? "-")"
                         + " decision=\(event.decision.map { "\($0.accepted)/\($0.others)" } ?? "-")"
                         + " notify=\(event.notify.joined(separator: ","))")
        }
        return lines.joined(separator: "\n")
    }

    public var fingerprint: String { FNV1a64.hex(of: canonicalText) }

    /// What the nomination workflow must offer for this definition to work: each line event exists,
    /// whoever may make a move may also make its lines' move, and the fields a line event requires are
    /// ones the move supplies (its own fields, the line's award, the proposal's reference, a decision's
    /// number and date). Empty when they fit.
    public func problems(against nominations: WorkflowDefinition, file: String) -> [ConfigProblem] {
        var problems: [ConfigProblem] = []
        for event in events {
            var lineEvents: [(String, [FieldRequirement])] = []
            if let lineEvent = event.lineEvent { lineEvents.append((lineEvent, event.fields)) }
            if let decision = event.decision {
                let decided = [FieldRequirement(name: "decision_number", type: .decisionNumber, isRequired: true, options: []),
                               FieldRequirement(name: "decision_date", type: .date, isRequired: true, options: []),
                               FieldRequirement(name: "reason", type: .text, isRequired: true, options: [])]
                lineEvents += [(decision.accepted, decided), (decision.others, decided)]
            }
            for role in event.notify where !nominations.roles.contains(where: { $0.name == role }) {
                problems.append(ConfigProblem(file: file, line: event.line, column: 1,
                    message: "event `\(event.name)` notifies unknown role `\(role)`; roles: \(nominations.roles.map(\.name).joined(separator: ", "))"))
            }
            for (name, supplied) in lineEvents {
                let definitions = nominations.events(named: name)
                guard let definition = definitions.first else {
                    problems.append(ConfigProblem(file: file, line: event.line, column: 1,
                        message: "event `\(event.name)` moves its lines by `\(name)`, which the nomination workflow \(nominations.version) does not have"))
                    continue
                }
                for role in event.roles where !definition.roles.contains(role) {
                    problems.append(ConfigProblem(file: file, line: event.line, column: 1,
                        message: "role `\(role)` may \(event.name) a proposal but not `\(name)` its lines (roles of `\(name)`: \(definition.roles.joined(separator: ", ")))"))
                }
                let available = Set(supplied.map(\.name) + Self.lineFacts)
                for field in definition.fields where field.isRequired && !available.contains(field.name) {
                    problems.append(ConfigProblem(file: file, line: event.line, column: 1,
                        message: "`\(name)` requires field `\(field.name)`, which event `\(event.name)` does not supply; add it to its `fields`"))
                }
            }
        }
        return problems
    }

    /// Fields a line event takes from the line and its proposal rather than from the move's fields.
    public static let lineFacts = ["award_code", "proposal"]
}
