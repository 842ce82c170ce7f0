import Testing
import AwardsCore

/// One test per validation rule: a small invalid file and the exact problems it must produce.
@Suite struct WorkflowValidationTests {
    /// The smallest valid workflow; the tests below each break one thing in a copy of it.
    static let valid = """
        version: "1"
        initial_state: open
        roles:
          clerk: files things
          boss: decides
        states:
          open:
            stage: detection
          done:
            stage: approval
            terminal: true
        events:
          - name: create
            from: start
            to: open
            roles: [clerk]
          - name: finish
            from: open
            to: done
            roles: [boss]
        """

    func problems(_ yaml: String) -> [String] {
        WorkflowDefinition.problems(yaml: yaml, file: "wf.yaml").map(\.description)
    }

    @Test func theMinimalFileIsValid() throws {
        #expect(problems(Self.valid) == [])
        let definition = try WorkflowDefinition.load(yaml: Self.valid, file: "wf.yaml")
        #expect(definition.version == "1")
        #expect(definition.initialState == "open")
    }

    @Test func problemsCarryLineAndColumn() {
        let yaml = Self.valid.replacingOccurrences(of: "    stage: approval", with: "    stage: approvl")
        let found = WorkflowDefinition.problems(yaml: yaml, file: "wf.yaml")
        #expect(found.map { [$0.line, $0.column] } == [[10, 12]])
    }

    @Test func yamlSyntaxError() {
        #expect(problems("version: [1\nroles: x\n") == [
            "wf.yaml:2: YAML syntax error: did not find expected ',' or ']'",
        ])
    }

    @Test func missingRequiredSettings() {
        let yaml = Self.valid
            .replacingOccurrences(of: "version: \"1\"\n", with: "")
            .replacingOccurrences(of: "initial_state: open\n", with: "")
        #expect(problems(yaml) == [
            "wf.yaml:1: missing required setting `initial_state` in the workflow file",
            "wf.yaml:1: missing required setting `version` in the workflow file",
        ])
    }

    @Test func missingRequiredSettingOfAnEvent() {
        let yaml = Self.valid.replacingOccurrences(of: "\n    roles: [boss]", with: "")
        #expect(problems(yaml) == [
            "wf.yaml:17: missing required setting `roles` in an event",
        ])
    }

    @Test func unknownKeys() {
        let yaml = Self.valid
            .replacingOccurrences(of: "version: \"1\"", with: "version: \"1\"\ncolour: blue")
            .replacingOccurrences(of: "    terminal: true", with: "    terminal: true\n    colour: red")
        #expect(problems(yaml) == [
            "wf.yaml:2: unknown key `colour` in the workflow file; expected one of: version, initial_state, roles, states, events, name, decision_date_days_ahead",
            "wf.yaml:13: unknown key `colour` in state `done`; expected one of: stage, terminal, label, deadline",
        ])
    }

    @Test func badSettingTypes() {
        let yaml = Self.valid
            .replacingOccurrences(of: "terminal: true", with: "terminal: yes please")
            .replacingOccurrences(of: "stage: detection", with: "stage: detecting")
        #expect(problems(yaml) == [
            "wf.yaml:8: unknown stage `detecting` for state `open`; stages: detection, cultivation, summarization, approval, replication, closed",
            "wf.yaml:11: `terminal` of state `done` must be true or false, not `yes please`",
        ])
    }

    @Test func unknownStatesReferenced() {
        let yaml = Self.valid
            .replacingOccurrences(of: "initial_state: open", with: "initial_state: opened")
            .replacingOccurrences(of: "    from: open\n    to: done", with: "    from: [open, shut]\n    to: finished")
        #expect(problems(yaml) == [
            "wf.yaml:2: `initial_state` names unknown state `opened`; states: open, done",
            "wf.yaml:18: event `finish` leaves unknown state `shut`; states: open, done",
            "wf.yaml:19: event `finish` goes to unknown state `finished`; states: open, done",
        ])
    }

    @Test func unknownRolesReferenced() {
        let yaml = Self.valid.replacingOccurrences(of: "roles: [boss]", with: "roles: [boss, director]\n    notify: [auditor]")
        #expect(problems(yaml) == [
            "wf.yaml:20: event `finish` names unknown role `director`; roles: boss, clerk",
            "wf.yaml:21: event `finish` names unknown role `auditor`; roles: boss, clerk",
        ])
    }

    @Test func unreachableState() {
        let yaml = Self.valid.replacingOccurrences(of: "  done:\n", with: """
              limbo:
                stage: cultivation
                terminal: true
              done:

            """)
        #expect(problems(yaml) == [
            "wf.yaml:9: state `limbo` cannot be reached from the initial state `open`",
        ])
    }

    @Test func terminalStateWithExits() {
        let yaml = Self.valid + """

              - name: reopen
                from: done
                to: open
                roles: [boss]
            """
        #expect(problems(yaml) == [
            "wf.yaml:22: event `reopen` leaves terminal state `done`; a terminal state has no exits",
        ])
    }

    @Test func nonTerminalStateWithoutExits() {
        let yaml = Self.valid.replacingOccurrences(of: "    terminal: true\n", with: "")
        #expect(problems(yaml) == [
            "wf.yaml:9: state `done` is not terminal but no event leaves it; add an event or mark it `terminal: true`",
        ])
    }

    @Test func duplicateEventFromTheSameState() {
        let yaml = Self.valid + """

              - name: finish
                from: [open]
                to: done
                roles: [clerk]
            """
        #expect(problems(yaml) == [
            "wf.yaml:21: event `finish` from `open` is defined twice (first at line 17)",
        ])
    }

    @Test func sameEventNameFromAnotherStateIsNotADuplicate() {
        let yaml = Self.valid
            .replacingOccurrences(of: "  done:\n", with: "  checked:\n    stage: approval\n  done:\n")
            .replacingOccurrences(of: "    from: open\n    to: done", with: "    from: open\n    to: checked") + """

              - name: finish
                from: checked
                to: done
                roles: [boss]
            """
        #expect(problems(yaml) == [])
    }

    @Test func duplicateKeys() {
        let yaml = Self.valid.replacingOccurrences(of: "  boss: decides", with: "  boss: decides\n  clerk: again")
        #expect(problems(yaml) == ["wf.yaml:4: duplicate key `clerk` in one mapping"])
    }

    @Test func badFieldTypes() {
        let yaml = Self.valid.replacingOccurrences(of: "roles: [boss]", with: """
            roles: [boss]
                fields:
                  amount: number
                  verdict:
                    type: choice
                  decision_date: date
            """)
        #expect(problems(yaml) == [
            "wf.yaml:22: field `amount` of event `finish` has unknown type `number`; types: text, date, award_code, decision_number, choice",
            "wf.yaml:23: field `verdict` of event `finish` is a choice but lists no `options`",
        ])
    }

    @Test func choiceTargetsMustMatchTheirField() {
        let yaml = Self.valid.replacingOccurrences(of: "    to: done\n    roles: [boss]", with: """
                to:
                  by: verdict
                  cases:
                    yes: done
                    maybe: open
                roles: [boss]
                fields:
                  verdict:
                    type: choice
                    options: [yes, no]
            """)
        #expect(problems(yaml) == [
            "wf.yaml:21: `cases` of event `finish` does not say where `no` leads",
            "wf.yaml:23: case `maybe` of event `finish` is not an option of `verdict`; options: yes, no",
        ])
    }

    @Test func deadlinesNeedOneKnownKind() {
        let yaml = Self.valid
            .replacingOccurrences(of: "    stage: detection", with: "    stage: detection\n    deadline:\n      working_days: 0")
            .replacingOccurrences(of: "    terminal: true", with: "    terminal: true\n    deadline:\n      field: movement.party_date")
        #expect(problems(yaml) == [
            "wf.yaml:10: `working_days` of state `open` must be a whole number above zero, not `0`",
            "wf.yaml:15: unknown date `movement.party_date` in the deadline of state `done`; known dates: movement.review_date, movement.end_date",
        ])
        let both = Self.valid.replacingOccurrences(of: "    stage: detection", with: "    stage: detection\n    deadline:\n      working_days: 3\n      field: movement.review_date")
        #expect(problems(both) == [
            "wf.yaml:10: the deadline of state `open` needs exactly one of `working_days` or `field`",
        ])
    }

    @Test func unknownGuard() {
        let yaml = Self.valid.replacingOccurrences(of: "roles: [boss]", with: "roles: [boss]\n    guards: [boss_is_happy]")
        #expect(problems(yaml) == [
            "wf.yaml:21: unknown guard `boss_is_happy` in event `finish`; guards: decider_is_not_the_proposer, actor_grants_award, award_beyond_province, decision_dated_between_proposal_and_today, simplified_procedure_forms_only, award_not_above_proposed",
        ])
    }

    @Test func aDatedDecisionGuardNeedsARequiredDecisionDateAndASmallTolerance() throws {
        let guarded = Self.valid.replacingOccurrences(of: "roles: [boss]", with: "roles: [boss]\n    guards: [decision_dated_between_proposal_and_today]")
        #expect(problems(guarded) == [
            "wf.yaml:21: event `finish` has guard `decision_dated_between_proposal_and_today` but no required field `decision_date` of type date",
        ])
        let withDate = guarded + "\n    fields:\n      decision_date: date"
        #expect(problems(withDate) == [])
        #expect(try WorkflowDefinition.load(yaml: withDate, file: "wf.yaml").decisionDateDaysAhead == 0)
        let ahead = withDate.replacingOccurrences(of: "initial_state: open", with: "initial_state: open\ndecision_date_days_ahead: 2")
        #expect(try WorkflowDefinition.load(yaml: ahead, file: "wf.yaml").decisionDateDaysAhead == 2)
        #expect(try WorkflowDefinition.load(yaml: ahead, file: "wf.yaml").fingerprint
                != WorkflowDefinition.load(yaml: withDate, file: "wf.yaml").fingerprint)
        #expect(problems(withDate.replacingOccurrences(of: "initial_state: open", with: "initial_state: open\ndecision_date_days_ahead: 30")) == [
            "wf.yaml:3: `decision_date_days_ahead` must be between 0 and 7, not 30",
        ])
    }

    @Test func aNominationMustStartSomewhereAndAtTheInitialState() {
        let noStart = Self.valid.replacingOccurrences(of: "    from: start", with: "    from: open")
        #expect(problems(noStart) == [
            "wf.yaml:12: no event starts a nomination; one event needs `from: start`",
        ])
        let wrongStart = Self.valid.replacingOccurrences(of: "from: start\n    to: open", with: "from: start\n    to: done")
        #expect(problems(wrongStart) == [
            "wf.yaml:13: event `create` starts a nomination, so it must go to the initial state `open`",
        ])
    }

    @Test func reservedWordsCannotNameStates() {
        let yaml = Self.valid.replacingOccurrences(of: "  done:\n    stage: approval\n    terminal: true\n", with: "  done:\n    stage: approval\n    terminal: true\n  start:\n    stage: approval\n    terminal: true\n")
        #expect(problems(yaml) == [
            "wf.yaml:12: `start` is a reserved word in `from` and cannot name a state",
        ])
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() {
        let yaml = Self.valid
            .replacingOccurrences(of: "stage: detection", with: "stage: nowhere")
            .replacingOccurrences(of: "roles: [boss]", with: "roles: [chief]")
            .replacingOccurrences(of: "version: \"1\"\n", with: "")
        #expect(problems(yaml) == [
            "wf.yaml:1: missing required setting `version` in the workflow file",
            "wf.yaml:7: unknown stage `nowhere` for state `open`; stages: detection, cultivation, summarization, approval, replication, closed",
            "wf.yaml:19: event `finish` names unknown role `chief`; roles: boss, clerk",
        ])
    }

    @Test func emptyOrShapelessFiles() {
        #expect(problems("") == ["wf.yaml:1: the file is empty"])
        #expect(problems("- just\n- a list\n") == ["wf.yaml:1: the workflow file must be a mapping, not a list"])
    }

    @Test func anyNonTerminalCountsForDuplicates() {
        let yaml = Self.valid + """

              - name: drop
                from: any_non_terminal
                to: done
                roles: [clerk]
              - name: drop
                from: open
                to: done
                roles: [boss]
            """
        #expect(problems(yaml) == [
            "wf.yaml:25: event `drop` from `open` is defined twice (first at line 21)",
        ])
    }
}
