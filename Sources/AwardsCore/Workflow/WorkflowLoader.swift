import Foundation

extension WorkflowDefinition {
    /// Reads and validates a workflow definition.
    /// Throws every problem found, each with its line; `file` is used only to locate them in messages.
    public static func load(yaml text: String, file: String) throws(ConfigProblems) -> WorkflowDefinition {
        try WorkflowLoader.load(text, file: file)
    }

    /// Every problem in the file, empty when it is valid.
    public static func problems(yaml text: String, file: String) -> [ConfigProblem] {
        WorkflowLoader.problems(text, file: file)
    }
}

/// Keywords accepted in an event's `from`.
enum WorkflowKeyword {
    static let start = "start"
    static let anyNonTerminal = "any_non_terminal"
}

private struct WorkflowLoader: ConfigFileLoader {
    var reader: ConfigReader

    private struct LoadedEvent {
        let event: EventDefinition
        /// Where each source state was named, to point at it in messages.
        let sourceNodes: [String: ConfigNode]
        let targetNodes: [String: ConfigNode]
        let roleNodes: [String: ConfigNode]
        let notifyNodes: [String: ConfigNode]
        let nameNode: ConfigNode
    }

    mutating func load(_ text: String) -> WorkflowDefinition? {
        guard let root = reader.parse(text) else { return nil }
        guard let top = reader.mapping(root, "the workflow file",
                                       required: ["version", "initial_state", "roles", "states", "events"],
                                       optional: ["name", "decision_date_days_ahead"]) else { return nil }

        let version = top["version"].flatMap { reader.text($0.value, "`version`") }
        let name = top["name"].flatMap { reader.text($0.value, "`name`") } ?? "workflow"
        let daysAhead = top["decision_date_days_ahead"].flatMap {
            reader.integer($0.value, "`decision_date_days_ahead`", in: 0...WorkflowDefinition.maximumDecisionDateDaysAhead)
        } ?? 0
        let roles = top["roles"].map { loadRoles($0.value) } ?? []
        let states = top["states"].map { loadStates($0.value) } ?? []
        let roleNames = Set(roles.map(\.name))
        let stateNames = Set(states.map(\.state.name))
        let terminalNames = Set(states.filter(\.state.isTerminal).map(\.state.name))
        let nonTerminalNames = states.filter { !$0.state.isTerminal }.map(\.state.name)

        var initialState: String?
        if let entry = top["initial_state"], let initial = reader.text(entry.value, "`initial_state`") {
            if stateNames.contains(initial) || states.isEmpty {
                initialState = initial
            } else {
                reader.report(entry.value, "`initial_state` names unknown state `\(initial)`; states: \(states.map(\.state.name).joined(separator: ", "))")
            }
        }

        let problemsBeforeEvents = reader.problems.count
        let loadedEvents = top["events"].map { loadEvents($0.value, nonTerminal: nonTerminalNames) } ?? []
        // A state or event that failed to load would make the graph look broken where it is not:
        // judge reachability and exits only on a complete reading.
        let readCompletely = problemsBeforeEvents == 0 && reader.problems.count == problemsBeforeEvents
        checkReferences(loadedEvents, states: states.map(\.state), roles: roleNames, stateNames: stateNames,
                        terminalNames: terminalNames, initialState: initialState)
        checkDuplicates(loadedEvents)
        let events = loadedEvents.map(\.event)
        if readCompletely, let initialState, stateNames.contains(initialState) {
            checkGraph(states: states, events: events, initialState: initialState)
        }
        if !events.isEmpty, !events.contains(where: { $0.from == nil }), let eventsEntry = top["events"] {
            reader.report(eventsEntry, "no event starts a nomination; one event needs `from: start`")
        }

        guard reader.problems.isEmpty, let version, let initialState else { return nil }
        return WorkflowDefinition(version: version, name: name, initialState: initialState,
                                  roles: roles, states: states.map(\.state), events: events, decisionDateDaysAhead: daysAhead)
    }

    private mutating func loadRoles(_ node: ConfigNode) -> [RoleDefinition] {
        guard let entries = reader.namedEntries(node, "`roles`") else { return [] }
        if entries.isEmpty { reader.report(node, "`roles` must name at least one role") }
        return entries.compactMap { entry in
            guard let description = reader.text(entry.value, "the description of role `\(entry.key)`") else { return nil }
            return RoleDefinition(name: entry.key, description: description)
        }
    }

    private mutating func loadStates(_ node: ConfigNode) -> [(state: StateDefinition, entry: ConfigEntry)] {
        guard let entries = reader.namedEntries(node, "`states`") else { return [] }
        if entries.isEmpty { reader.report(node, "`states` must name at least one state") }
        var states: [(StateDefinition, ConfigEntry)] = []
        for entry in entries {
            let what = "state `\(entry.key)`"
            if [WorkflowKeyword.start, WorkflowKeyword.anyNonTerminal].contains(entry.key) {
                reader.report(entry, "`\(entry.key)` is a reserved word in `from` and cannot name a state")
                continue
            }
            guard let settings = reader.mapping(entry.value, what, required: ["stage"],
                                                optional: ["terminal", "label", "deadline"]) else { continue }
            var stage: Stage?
            if let stageNode = settings["stage"]?.value, let text = reader.text(stageNode, "the stage of \(what)") {
                stage = Stage(rawValue: text)
                if stage == nil {
                    reader.report(stageNode, "unknown stage `\(text)` for \(what); stages: \(Stage.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            let terminal = settings["terminal"].flatMap { reader.bool($0.value, "`terminal` of \(what)") } ?? false
            let label = settings["label"].flatMap { reader.text($0.value, "`label` of \(what)") }
            var deadline: DeadlineRule?
            var deadlineAction: String?
            if let deadlineEntry = settings["deadline"] {
                (deadline, deadlineAction) = loadDeadline(deadlineEntry.value, of: what)
            }
            // A state with a bad setting is still a state: keeping it stops events that name it from
            // reporting it as unknown. The problem already recorded keeps the definition from being built.
            states.append((StateDefinition(name: entry.key, stage: stage ?? .detection, isTerminal: terminal,
                                           label: label, deadline: deadline, deadlineAction: deadlineAction), entry))
        }
        return states
    }

    private mutating func loadDeadline(_ node: ConfigNode, of what: String) -> (DeadlineRule?, String?) {
        guard let settings = reader.mapping(node, "the deadline of \(what)",
                                            optional: ["working_days", "field", "action"]) else { return (nil, nil) }
        let action = settings["action"].flatMap { reader.text($0.value, "`action` of the deadline of \(what)") }
        switch (settings["working_days"], settings["field"]) {
        case (let days?, nil):
            return (reader.positiveInteger(days.value, "`working_days` of \(what)").map(DeadlineRule.workingDays), action)
        case (nil, let field?):
            guard let fact = reader.text(field.value, "`field` of the deadline of \(what)") else { return (nil, action) }
            guard DeadlineRule.knownDateFacts.contains(fact) else {
                reader.report(field.value, "unknown date `\(fact)` in the deadline of \(what); known dates: \(DeadlineRule.knownDateFacts.joined(separator: ", "))")
                return (nil, action)
            }
            return (.dateFact(fact), action)
        default:
            reader.report(node, "the deadline of \(what) needs exactly one of `working_days` or `field`")
            return (nil, action)
        }
    }

    private mutating func loadEvents(_ node: ConfigNode, nonTerminal: [String]) -> [LoadedEvent] {
        guard let items = reader.sequence(node, "`events`") else { return [] }
        if items.isEmpty { reader.report(node, "`events` must list at least one event") }
        return items.compactMap { loadEvent($0, nonTerminal: nonTerminal) }
    }

    private mutating func loadEvent(_ node: ConfigNode, nonTerminal: [String]) -> LoadedEvent? {
        guard let settings = reader.mapping(node, "an event", required: ["name", "from", "to", "roles"],
                                            optional: ["fields", "guards", "notify", "label"]),
              let nameEntry = settings["name"], let name = reader.text(nameEntry.value, "the name of an event")
        else { return nil }
        let what = "event `\(name)`"

        var from: [String]?
        var fromAny = false
        var sourceNodes: [String: ConfigNode] = [:]
        if let fromEntry = settings["from"], let sources = reader.names(fromEntry.value, "`from` of \(what)") {
            let words = sources.map(\.name)
            if words == [WorkflowKeyword.start] {
                from = nil
            } else if words == [WorkflowKeyword.anyNonTerminal] {
                fromAny = true
                from = nonTerminal
            } else if words.contains(WorkflowKeyword.start) || words.contains(WorkflowKeyword.anyNonTerminal) {
                reader.report(fromEntry.value, "`from` of \(what) mixes `start` or `any_non_terminal` with state names; use one or the other")
                return nil
            } else if words.isEmpty {
                reader.report(fromEntry.value, "`from` of \(what) names no state")
                return nil
            } else {
                from = words
                for source in sources where sourceNodes[source.name] == nil { sourceNodes[source.name] = source.node }
            }
        } else {
            return nil
        }

        let fields = settings["fields"].map { reader.fieldRequirements($0.value, of: what) } ?? []
        var targetNodes: [String: ConfigNode] = [:]
        guard let toEntry = settings["to"], let to = loadTarget(toEntry.value, of: what, fields: fields, nodes: &targetNodes)
        else { return nil }

        var roleNodes: [String: ConfigNode] = [:]
        let roles = settings["roles"].flatMap { reader.names($0.value, "`roles` of \(what)") } ?? []
        for role in roles where roleNodes[role.name] == nil { roleNodes[role.name] = role.node }
        if roles.isEmpty, let rolesEntry = settings["roles"] {
            reader.report(rolesEntry.value, "`roles` of \(what) names no role; nobody could fire it")
        }

        var guards: [EventGuard] = []
        for guardName in settings["guards"].flatMap({ reader.names($0.value, "`guards` of \(what)") }) ?? [] {
            if let known = EventGuard(rawValue: guardName.name) {
                guards.append(known)
            } else {
                reader.report(guardName.node, "unknown guard `\(guardName.name)` in \(what); guards: \(EventGuard.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if guards.contains(.decisionDatedBetweenProposalAndToday),
           !fields.contains(where: { $0.name == "decision_date" && $0.type == .date && $0.isRequired }),
           let guardsEntry = settings["guards"] {
            reader.report(guardsEntry.value, "\(what) has guard `\(EventGuard.decisionDatedBetweenProposalAndToday.rawValue)` but no required field `decision_date` of type date")
        }
        for needsAward in [EventGuard.simplifiedProcedureFormsOnly, .awardNotAboveProposed] where guards.contains(needsAward) {
            if !fields.contains(where: { $0.name == "award_code" && $0.type == .awardCode && $0.isRequired }),
               let guardsEntry = settings["guards"] {
                reader.report(guardsEntry.value, "\(what) has guard `\(needsAward.rawValue)` but no required field `award_code` of type award_code")
            }
        }
        var notifyNodes: [String: ConfigNode] = [:]
        let notify = settings["notify"].flatMap { reader.names($0.value, "`notify` of \(what)") } ?? []
        for role in notify where notifyNodes[role.name] == nil { notifyNodes[role.name] = role.node }
        let label = settings["label"].flatMap { reader.text($0.value, "`label` of \(what)") }

        let event = EventDefinition(name: name, from: from, fromAnyNonTerminal: fromAny, to: to,
                                    roles: uniqued(roles.map(\.name)), fields: fields, guards: guards,
                                    notify: uniqued(notify.map(\.name)), label: label, line: node.line)
        return LoadedEvent(event: event, sourceNodes: sourceNodes, targetNodes: targetNodes,
                           roleNodes: roleNodes, notifyNodes: notifyNodes, nameNode: nameEntry.value)
    }

    private mutating func loadTarget(_ node: ConfigNode, of what: String, fields: [FieldRequirement],
                                     nodes: inout [String: ConfigNode]) -> EventTarget? {
        if let state = node.scalarText {
            nodes[state] = node
            return .state(state)
        }
        guard let settings = reader.mapping(node, "`to` of \(what)", required: ["by", "cases"]),
              let byEntry = settings["by"], let field = reader.text(byEntry.value, "`by` of \(what)"),
              let casesEntry = settings["cases"],
              let caseEntries = reader.namedEntries(casesEntry.value, "`cases` of \(what)") else { return nil }
        guard let choice = fields.first(where: { $0.name == field }), choice.type == .choice, choice.isRequired else {
            reader.report(byEntry.value, "`to` of \(what) depends on `\(field)`, which is not a required choice field of the event")
            return nil
        }
        var cases: [EventTarget.ChoiceCase] = []
        for entry in caseEntries {
            guard choice.options.contains(entry.key) else {
                reader.report(entry, "case `\(entry.key)` of \(what) is not an option of `\(field)`; options: \(choice.options.joined(separator: ", "))")
                continue
            }
            guard let state = reader.text(entry.value, "case `\(entry.key)` of \(what)") else { continue }
            nodes[state] = entry.value
            cases.append(.init(value: entry.key, state: state))
        }
        let missing = choice.options.filter { option in !cases.contains { $0.value == option } }
        if !missing.isEmpty {
            reader.report(casesEntry, "`cases` of \(what) does not say where \(missing.map { "`\($0)`" }.joined(separator: ", ")) leads")
        }
        return .byChoice(field: field, cases: cases)
    }

    private mutating func checkReferences(_ events: [LoadedEvent], states: [StateDefinition], roles: Set<String>,
                                          stateNames: Set<String>, terminalNames: Set<String>, initialState: String?) {
        let stateList = states.map(\.name).joined(separator: ", ")
        let roleList = roles.sorted().joined(separator: ", ")
        for loaded in events {
            let event = loaded.event
            for (source, node) in loaded.sourceNodes.sorted(by: { $0.key < $1.key }) {
                if !stateNames.contains(source) {
                    reader.report(node, "event `\(event.name)` leaves unknown state `\(source)`; states: \(stateList)")
                } else if terminalNames.contains(source) {
                    reader.report(node, "event `\(event.name)` leaves terminal state `\(source)`; a terminal state has no exits")
                }
            }
            for (target, node) in loaded.targetNodes.sorted(by: { $0.key < $1.key }) where !stateNames.contains(target) {
                reader.report(node, "event `\(event.name)` goes to unknown state `\(target)`; states: \(stateList)")
            }
            if event.from == nil, let initialState, event.to != .state(initialState) {
                reader.report(loaded.nameNode, "event `\(event.name)` starts a nomination, so it must go to the initial state `\(initialState)`")
            }
            for (role, node) in loaded.roleNodes.merging(loaded.notifyNodes, uniquingKeysWith: { first, _ in first })
                .sorted(by: { $0.key < $1.key }) where !roles.contains(role) {
                reader.report(node, "event `\(event.name)` names unknown role `\(role)`; roles: \(roleList)")
            }
        }
    }

    private mutating func checkDuplicates(_ events: [LoadedEvent]) {
        var firstSeen: [String: Int] = [:]
        for loaded in events {
            let event = loaded.event
            for source in event.from ?? [WorkflowKeyword.start] {
                let key = "\(event.name)\u{0}\(source)"
                if let line = firstSeen[key] {
                    reader.report(loaded.nameNode, "event `\(event.name)` from `\(source)` is defined twice (first at line \(line))")
                } else {
                    firstSeen[key] = loaded.nameNode.line
                }
            }
        }
    }

    private mutating func checkGraph(states: [(state: StateDefinition, entry: ConfigEntry)], events: [EventDefinition],
                                     initialState: String) {
        var reachable: Set<String> = [initialState]
        var frontier = [initialState]
        while let state = frontier.popLast() {
            for event in events where event.from?.contains(state) ?? false {
                for target in event.to.states where !reachable.contains(target) {
                    reachable.insert(target)
                    frontier.append(target)
                }
            }
        }
        for (state, entry) in states {
            if !reachable.contains(state.name) {
                reader.report(entry, "state `\(state.name)` cannot be reached from the initial state `\(initialState)`")
            }
            let hasExit = events.contains { $0.from?.contains(state.name) ?? false }
            if !state.isTerminal, !hasExit {
                reader.report(entry, "state `\(state.name)` is not terminal but no event leaves it; add an event or mark it `terminal: true`")
            }
        }
    }

    private func uniqued(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}

/// The `fields` of an event, as both workflow files write them.
extension ConfigReader {
    mutating func fieldRequirements(_ node: ConfigNode, of what: String) -> [FieldRequirement] {
        guard let entries = namedEntries(node, "`fields` of \(what)") else { return [] }
        var fields: [FieldRequirement] = []
        for entry in entries {
            let fieldWhat = "field `\(entry.key)` of \(what)"
            var typeNode = entry.value
            var required = true
            var options: [String] = []
            if case .mapping = entry.value.content {
                guard let settings = mapping(entry.value, fieldWhat, required: ["type"],
                                                    optional: ["required", "options"]),
                      let typeEntry = settings["type"] else { continue }
                typeNode = typeEntry.value
                required = settings["required"].flatMap { bool($0.value, "`required` of \(fieldWhat)") } ?? true
                options = settings["options"].flatMap { names($0.value, "`options` of \(fieldWhat)") }?.map(\.name) ?? []
            }
            guard let typeName = text(typeNode, "the type of \(fieldWhat)") else { continue }
            guard let type = FieldType(rawValue: typeName) else {
                report(typeNode, "\(fieldWhat) has unknown type `\(typeName)`; types: \(FieldType.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            if type == .choice, options.isEmpty {
                report(entry, "\(fieldWhat) is a choice but lists no `options`")
                continue
            }
            if type != .choice, !options.isEmpty {
                report(entry, "\(fieldWhat) has `options` but is of type \(type.rawValue), not choice")
                continue
            }
            fields.append(FieldRequirement(name: entry.key, type: type, isRequired: required, options: options))
        }
        return fields
    }
}
