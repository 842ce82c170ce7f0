extension ProposalWorkflow {
    /// Reads and validates config/proposals.yaml; throws every problem found, each with its line.
    public static func load(yaml text: String, file: String) throws(ConfigProblems) -> ProposalWorkflow {
        try ProposalWorkflowLoader.load(text, file: file)
    }

    public static func problems(yaml text: String, file: String) -> [ConfigProblem] {
        ProposalWorkflowLoader.problems(text, file: file)
    }
}

private struct ProposalWorkflowLoader: ConfigFileLoader {
    var reader: ConfigReader

    mutating func load(_ text: String) -> ProposalWorkflow? {
        guard let root = reader.parse(text),
              let top = reader.mapping(root, "the proposal workflow file", required: ["version", "initial_state", "states", "events"],
                                       optional: ["name"]) else { return nil }
        let version = top["version"].flatMap { reader.text($0.value, "`version`") }
        let name = top["name"].flatMap { reader.text($0.value, "`name`") } ?? "proposals"
        let states = top["states"].map { loadStates($0.value) } ?? []
        let stateNames = Set(states.map(\.name))
        var initialState: String?
        if let entry = top["initial_state"], let initial = reader.text(entry.value, "`initial_state`") {
            if stateNames.contains(initial) {
                initialState = initial
            } else {
                reader.report(entry.value, "`initial_state` names unknown state `\(initial)`; states: \(states.map(\.name).joined(separator: ", "))")
            }
        }
        var events: [ProposalWorkflow.Event] = []
        if let entry = top["events"], let items = reader.sequence(entry.value, "`events`") {
            events = items.compactMap { loadEvent($0, states: stateNames, terminal: Set(states.filter(\.isTerminal).map(\.name))) }
            let creating = events.filter { $0.from.isEmpty }
            if creating.count != 1 {
                reader.report(entry.value, "exactly one event must create a proposal (`from: start`); found \(creating.count)")
            } else if let initialState, creating[0].to != initialState {
                reader.report(line: creating[0].line, column: 1, "event `\(creating[0].name)` creates a proposal in `\(creating[0].to)`, not in the initial state `\(initialState)`")
            }
            let deciding = events.filter { $0.decision != nil }
            if deciding.count != 1 {
                reader.report(entry.value, "exactly one event must be the one a signed decision makes (`decision:`); found \(deciding.count)")
            }
            var seen: Set<String> = []
            for event in events {
                for source in event.from.isEmpty ? ["start"] : event.from where !seen.insert("\(event.name) \(source)").inserted {
                    reader.report(line: event.line, column: 1, "event `\(event.name)` from `\(source)` is defined twice")
                }
            }
        }
        guard reader.problems.isEmpty, let version, let initialState else { return nil }
        return ProposalWorkflow(version: version, name: name, initialState: initialState, states: states, events: events)
    }

    private mutating func loadStates(_ node: ConfigNode) -> [ProposalWorkflow.State] {
        guard let entries = reader.namedEntries(node, "`states`") else { return [] }
        if entries.isEmpty { reader.report(node, "`states` must name at least one state") }
        return entries.compactMap { entry in
            let what = "state `\(entry.key)`"
            if entry.key == "start" {
                reader.report(entry, "`start` is a reserved word in `from` and cannot name a state")
                return nil
            }
            guard let settings = reader.mapping(entry.value, what, optional: ["label", "terminal", "lines_open"]) else { return nil }
            let terminal = settings["terminal"].flatMap { reader.bool($0.value, "`terminal` of \(what)") } ?? false
            let linesOpen = settings["lines_open"].flatMap { reader.bool($0.value, "`lines_open` of \(what)") } ?? false
            if terminal, linesOpen, let entry = settings["lines_open"] {
                reader.report(entry, "\(what) is final; its lines cannot stay open")
            }
            return ProposalWorkflow.State(name: entry.key,
                                          label: settings["label"].flatMap { reader.text($0.value, "`label` of \(what)") },
                                          isTerminal: terminal, linesOpen: linesOpen)
        }
    }

    private mutating func loadEvent(_ node: ConfigNode, states: Set<String>, terminal: Set<String>) -> ProposalWorkflow.Event? {
        guard let settings = reader.mapping(node, "an event", required: ["name", "from", "to", "roles"],
                                            optional: ["label", "fields", "lines", "decision", "notify"]),
              let nameEntry = settings["name"], let name = reader.text(nameEntry.value, "the name of an event") else { return nil }
        let what = "event `\(name)`"
        var from: [String] = []
        if let entry = settings["from"], let sources = reader.names(entry.value, "`from` of \(what)") {
            if sources.map(\.name) != ["start"] {
                for source in sources {
                    if source.name == "start" {
                        reader.report(source.node, "`from` of \(what) mixes `start` with state names")
                    } else if !states.contains(source.name) {
                        reader.report(source.node, "\(what) starts from unknown state `\(source.name)`")
                    } else if terminal.contains(source.name) {
                        reader.report(source.node, "\(what) starts from `\(source.name)`, which is final")
                    }
                }
                from = sources.map(\.name)
                if from.isEmpty { reader.report(entry.value, "`from` of \(what) names no state") }
            }
        }
        var to = ""
        if let entry = settings["to"], let target = reader.text(entry.value, "`to` of \(what)") {
            to = target
            if !states.contains(target) { reader.report(entry.value, "\(what) goes to unknown state `\(target)`") }
        }
        let roles = settings["roles"].flatMap { reader.names($0.value, "`roles` of \(what)") }?.map(\.name) ?? []
        if roles.isEmpty, let entry = settings["roles"] { reader.report(entry.value, "`roles` of \(what) names no role; nobody could make it") }
        let fields = settings["fields"].map { reader.fieldRequirements($0.value, of: what) } ?? []
        let lineEvent = settings["lines"].flatMap { reader.text($0.value, "`lines` of \(what)") }
        var decision: ProposalWorkflow.DecisionEffect?
        if let entry = settings["decision"],
           let effect = reader.mapping(entry.value, "`decision` of \(what)", required: ["accepted", "others"]),
           let accepted = effect["accepted"].flatMap({ reader.text($0.value, "`accepted` of \(what)") }),
           let others = effect["others"].flatMap({ reader.text($0.value, "`others` of \(what)") }) {
            decision = ProposalWorkflow.DecisionEffect(accepted: accepted, others: others)
            if lineEvent != nil { reader.report(entry, "\(what) has both `lines` and `decision`; a decision says what each line becomes") }
            if from.isEmpty { reader.report(entry, "\(what) creates a proposal and cannot also be its decision") }
        }
        if from.isEmpty, lineEvent != nil, let entry = settings["lines"] {
            reader.report(entry, "\(what) creates a proposal, which has no lines yet")
        }
        return ProposalWorkflow.Event(name: name, label: settings["label"].flatMap { reader.text($0.value, "`label` of \(what)") },
                                      from: from, to: to, roles: roles, fields: fields, lineEvent: lineEvent,
                                      decision: decision,
                                      notify: settings["notify"].flatMap { reader.names($0.value, "`notify` of \(what)") }?.map(\.name) ?? [],
                                      line: nameEntry.keyLine)
    }
}
