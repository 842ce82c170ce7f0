import Testing
import AwardsCore

@Suite struct WorkflowDefinitionTests {
    @Test func theShippedWorkflowIsValid() {
        #expect(WorkflowDefinition.problems(yaml: ShippedConfig.workflowText, file: "config/workflow.yaml") == [])
    }

    /// The transitions the issue asks for, written out by hand as the specification.
    @Test func theShippedTransitionTableIsTheOneSpecified() throws {
        let definition = try ShippedConfig.workflow()
        let rows = Set(definition.transitionTable.filter { $0.event != "withdraw" }.map { "\($0.event): \($0.from ?? "start") -> \($0.to)" })
        #expect(rows == [
            "nominate: start -> detected",
            "cultivate: detected -> cultivating",
            "summarize: detected -> summarized",
            "summarize: cultivating -> summarized",
            "propose: summarized -> pending_approval",
            "propose_simplified: detected -> pending_approval",
            "approve: pending_approval -> approved",
            "reject: pending_approval -> rejected",
            "return: pending_approval -> summarized",
            "amend: summarized -> summarized",
            "join_proposal: detected -> summarized",
            "join_proposal: cultivating -> summarized",
            "join_proposal: summarized -> summarized",
            "leave_proposal: summarized -> summarized",
            "downgrade: pending_approval -> pending_approval",
            "forward: pending_approval -> forwarded",
            "record_external_decision: forwarded -> approved",
            "record_external_decision: forwarded -> external_rejected",
            "replicate: approved -> replicating",
            "close: replicating -> replicated",
        ])
        let withdrawals = definition.transitionTable.filter { $0.event == "withdraw" }
        #expect(Set(withdrawals.compactMap(\.from)) == ["detected", "cultivating", "summarized", "pending_approval",
                                                        "forwarded", "approved", "replicating"])
        #expect(withdrawals.allSatisfy { $0.to == "withdrawn" })
        let approve = try #require(definition.transitionTable.first { $0.event == "approve" })
        #expect(approve.roles == ["manager"])
        #expect(approve.fields.map(\.name) == ["decision_number", "decision_date"])
        #expect(approve.guards == [.deciderIsNotTheProposer, .decisionDatedBetweenProposalAndToday, .actorGrantsAward])
        for decision in ["reject", "return", "forward", "downgrade"] {
            let rows = definition.transitionTable.filter { $0.event == decision }
            #expect(!rows.isEmpty && rows.allSatisfy { $0.guards.first == .deciderIsNotTheProposer }, "\(decision)")
        }
        let external = definition.transitionTable.filter { $0.event == "record_external_decision" }
        #expect(Set(external.compactMap { $0.when.map { "\($0.field)=\($0.value)" } }) == ["outcome=granted", "outcome=refused"])
        #expect(external.allSatisfy { $0.guards == [.decisionDatedBetweenProposalAndToday] })
        #expect(definition.decisionDateDaysAhead == 0)
        #expect(Set(definition.states.filter(\.isTerminal).map(\.name)) == ["rejected", "external_rejected", "replicated", "withdrawn"])
        #expect(definition.state(named: "pending_approval")?.deadline == .workingDays(10))
        #expect(definition.state(named: "summarized")?.deadline == .dateFact("movement.review_date"))
    }

    @Test func theFingerprintFollowsContentNotLayout() throws {
        let shipped = try ShippedConfig.workflow()
        #expect(shipped.fingerprint.count == 16 && shipped.fingerprint.allSatisfy(\.isHexDigit))
        let recommented = ShippedConfig.workflowText.replacingOccurrences(of: "# Quy trình", with: "#   Another comment\n# Quy trình")
        #expect(try WorkflowDefinition.load(yaml: recommented, file: "x").fingerprint == shipped.fingerprint)
        let changed = ShippedConfig.workflowText.replacingOccurrences(of: "working_days: 10", with: "working_days: 15")
        #expect(try WorkflowDefinition.load(yaml: changed, file: "x").fingerprint != shipped.fingerprint)
        let reversioned = ShippedConfig.workflowText.replacingOccurrences(of: "version: \"\(shipped.version)\"", with: "version: \"\(shipped.version)-next\"")
        let second = try WorkflowDefinition.load(yaml: reversioned, file: "x")
        #expect(second.version == "\(shipped.version)-next" && second.fingerprint != shipped.fingerprint)
    }

    @Test func aDefinitionWithProblemsCannotBeBuilt() {
        #expect(throws: ConfigProblems.self) {
            try WorkflowDefinition.load(yaml: "version: 1\n", file: "broken.yaml")
        }
        do {
            _ = try WorkflowDefinition.load(yaml: "version: 1\n", file: "broken.yaml")
        } catch {
            #expect(error.description == """
                broken.yaml:1: missing required setting `events` in the workflow file
                broken.yaml:1: missing required setting `initial_state` in the workflow file
                broken.yaml:1: missing required setting `roles` in the workflow file
                broken.yaml:1: missing required setting `states` in the workflow file
                """)
        }
    }
}
