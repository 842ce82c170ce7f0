/// The four steps the directive names, plus the approval between summary and replication, and `closed`
/// for endings (withdrawal) that belong to no step.
public enum Stage: String, CaseIterable, Hashable, Sendable {
    case detection, cultivation, summarization, approval, replication, closed
}

/// When a state's work is due, as data: the calendar arithmetic belongs to the caller, who owns the
/// working-day calendar.
public enum DeadlineRule: Hashable, Sendable, CustomStringConvertible {
    /// Due N working days after the day the state is entered.
    case workingDays(Int)
    /// Due on a date the nomination knows (e.g. `movement.review_date`).
    case dateFact(String)

    /// Dates a nomination can supply for a `field:` deadline.
    public static let knownDateFacts = ["movement.review_date", "movement.end_date"]

    public var description: String {
        switch self {
        case .workingDays(let days): "within \(days) working days"
        case .dateFact(let fact): "by \(fact)"
        }
    }
}

public struct RoleDefinition: Hashable, Sendable {
    public let name: String
    public let description: String
}

public struct StateDefinition: Hashable, Sendable {
    public let name: String
    public let stage: Stage
    public let isTerminal: Bool
    public let label: String?
    public let deadline: DeadlineRule?
    /// What must happen before the deadline, for reminders ("decide on the proposal").
    public let deadlineAction: String?
}

public enum FieldType: String, CaseIterable, Hashable, Sendable {
    case text
    case date
    /// A code from the award catalogue, valid on the day and fitting the nominee.
    case awardCode = "award_code"
    /// A document number as Vietnamese administration writes it: `123/QĐ-UBND`, `45/TTr-SNV`.
    case decisionNumber = "decision_number"
    /// One of a fixed list of `options`.
    case choice
}

public struct FieldRequirement: Hashable, Sendable {
    /// The most a field's value (and an event's note) may hold, in Unicode code points, as PostgreSQL's
    /// `char_length` counts them: a page of achievement summary, not an attached report.
    public static let maximumLength = 4000

    public let name: String
    public let type: FieldType
    public let isRequired: Bool
    public let options: [String]
}

/// Checks that need facts beyond the state machine: who may grant which award, and who may decide.
public enum EventGuard: String, CaseIterable, Hashable, Sendable {
    /// Separation of duties: the person deciding neither recorded the nomination nor brought it to its
    /// current state (proposed it), so nobody approves their own proposal.
    case deciderIsNotTheProposer = "decider_is_not_the_proposer"
    /// The actor's authority level grants the nomination's proposed award on the day.
    case actorGrantsAward = "actor_grants_award"
    /// The proposed award is granted only above the province, so the province must forward it.
    case awardBeyondProvince = "award_beyond_province"
    /// The event's `decision_date` is neither before the day the nomination entered its current state
    /// (nobody decides a proposal before it was made) nor after today, give or take the definition's
    /// `decision_date_days_ahead`.
    case decisionDatedBetweenProposalAndToday = "decision_dated_between_proposal_and_today"
    /// The event's `award_code` is a form of commendation, not a title: Luật 06/2022/QH15 Điều 85 allows
    /// the simplified procedure for forms only.
    case simplifiedProcedureFormsOnly = "simplified_procedure_forms_only"
    /// Hạ mức khen: the event's `award_code` replaces the proposed award with one that pays no more
    /// (its reward multiple for the nominee, on the day, is at most the proposed one's) and is another award.
    case awardNotAboveProposed = "award_not_above_proposed"
}

public enum EventTarget: Hashable, Sendable {
    case state(String)
    /// The next state depends on a `choice` field's value (an external decision: granted or refused).
    case byChoice(field: String, cases: [ChoiceCase])

    public struct ChoiceCase: Hashable, Sendable {
        public let value: String
        public let state: String
    }

    public var states: [String] {
        switch self {
        case .state(let state): [state]
        case .byChoice(_, let cases): cases.map(\.state)
        }
    }
}

public struct EventDefinition: Hashable, Sendable {
    public let name: String
    /// nil: the event creates the nomination (written `from: start`).
    public let from: [String]?
    /// Written `from: any_non_terminal`; `from` then lists the states it expanded to.
    public let fromAnyNonTerminal: Bool
    public let to: EventTarget
    public let roles: [String]
    public let fields: [FieldRequirement]
    public let guards: [EventGuard]
    public let notify: [String]
    public let label: String?
    public let line: Int
}

/// One row of the flat transition table: what the database re-checks on every state change.
public struct TransitionRow: Hashable, Sendable {
    public let event: String
    /// nil for the event that creates a nomination.
    public let from: String?
    public let to: String
    public let roles: [String]
    public let fields: [FieldRequirement]
    /// Set when the target depends on a choice field: this row applies when `field` equals `value`.
    public let when: Condition?
    public let guards: [EventGuard]

    public struct Condition: Hashable, Sendable {
        public let field: String
        public let value: String
    }
}

/// A validated workflow. There is no way to build one with problems: `load` returns all problems instead.
public struct WorkflowDefinition: Sendable {
    public let version: String
    public let name: String
    public let initialState: String
    public let roles: [RoleDefinition]
    public let states: [StateDefinition]
    public let events: [EventDefinition]
    /// How many days after today a decision may be dated (a decision signed for tomorrow's ceremony).
    public let decisionDateDaysAhead: Int
    public static let maximumDecisionDateDaysAhead = 7
    /// FNV-1a 64 of the canonical content, in hex: unchanged by comments, spacing or key order.
    public private(set) var fingerprint: String

    init(version: String, name: String, initialState: String, roles: [RoleDefinition],
         states: [StateDefinition], events: [EventDefinition], decisionDateDaysAhead: Int = 0) {
        self.version = version
        self.decisionDateDaysAhead = decisionDateDaysAhead
        self.name = name
        self.initialState = initialState
        self.roles = roles
        self.states = states
        self.events = events
        self.fingerprint = ""
        self.fingerprint = FNV1a64.hex(of: canonicalText)
    }

    public func state(named name: String) -> StateDefinition? { states.first { $0.name == name } }

    public func events(named name: String) -> [EventDefinition] { events.filter { $0.name == name } }

    /// Events that may fire from a state (nil: from nothing, i.e. creating a nomination), in file order.
    public func events(from state: String?) -> [EventDefinition] {
        events.filter { event in
            guard let state else { return event.from == nil }
            return event.from?.contains(state) ?? false
        }
    }

    public var transitionTable: [TransitionRow] {
        events.flatMap { event -> [TransitionRow] in
            let sources: [String?] = event.from.map { $0.map(Optional.some) } ?? [nil]
            let targets: [(String, TransitionRow.Condition?)] = switch event.to {
            case .state(let state): [(state, nil)]
            case .byChoice(let field, let cases):
                cases.map { ($0.state, TransitionRow.Condition(field: field, value: $0.value)) }
            }
            return sources.flatMap { source in
                targets.map { target, condition in
                    TransitionRow(event: event.name, from: source, to: target, roles: event.roles,
                                  fields: event.fields, when: condition, guards: event.guards)
                }
            }
        }
    }

    /// A stable text of everything that affects behaviour, one fact per line, in a fixed order.
    public var canonicalText: String {
        var lines = ["version \(version)", "name \(name)", "initial \(initialState)",
                     "decision_date_days_ahead \(decisionDateDaysAhead)"]
        for role in roles.sorted(by: { $0.name < $1.name }) { lines.append("role \(role.name)") }
        for state in states.sorted(by: { $0.name < $1.name }) {
            lines.append("state \(state.name) stage=\(state.stage.rawValue) terminal=\(state.isTerminal)"
                + " deadline=\(state.deadline.map(String.init(describing:)) ?? "-")")
        }
        for row in transitionTable.sorted(by: { ($0.event, $0.from ?? "", $0.to) < ($1.event, $1.from ?? "", $1.to) }) {
            let fields = row.fields.map { "\($0.name):\($0.type.rawValue)\($0.isRequired ? "" : "?")\($0.options.isEmpty ? "" : "[" + $0.options.joined(separator: ",") + "]")" }
            lines.append("transition \(row.event) \(row.from ?? "start")->\(row.to)"
                + " roles=\(row.roles.sorted().joined(separator: ","))"
                + " fields=\(fields.joined(separator: ","))"
                + " when=\(row.when.map { "\($0.field)=\($0.value)" } ?? "-")"
                + " guards=\(row.guards.map(\.rawValue).joined(separator: ","))")
        }
        return lines.joined(separator: "\n")
    }
}
