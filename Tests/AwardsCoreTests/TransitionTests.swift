import Testing
import AwardsCore

@Suite struct TransitionTests {
    let workflow: NominationWorkflow
    var definition: WorkflowDefinition { workflow.definition }
    let today = day("01/08/2025")

    init() throws {
        workflow = NominationWorkflow(definition: try ShippedConfig.workflow(), catalogue: try ShippedConfig.catalogue())
    }

    /// A value of the right type for each field, so that only state and role decide the outcome.
    func sampleFields(for event: EventDefinition) -> [String: String] {
        var fields: [String: String] = [:]
        for field in event.fields {
            fields[field.name] = switch field.type {
            case .text: "Nội dung \(field.name)"
            case .date: "01/08/2025"
            case .awardCode: event.guards.contains(.awardNotAboveProposed) ? "GIAY_KHEN" : "BANG_KHEN_CHU_TICH_TINH"
            case .decisionNumber: "123/QĐ-UBND"
            case .choice: field.options[0]
            }
        }
        return fields
    }

    /// Facts that satisfy the event's guards: a provincial award for approval, a national one to forward.
    func nomination(in state: String?, for event: EventDefinition) -> NominationSnapshot {
        let award = event.guards.contains(.awardBeyondProvince) ? "HUAN_CHUONG_LAO_DONG_HANG_BA" : "BANG_KHEN_CHU_TICH_TINH"
        return NominationSnapshot(state: state, nomineeKind: .individual, unitLineage: ["so-nong-nghiep", "tinh-dak-lak"],
                                  proposedAward: award, dates: ["movement.review_date": day("15/12/2025")])
    }

    func actor(_ roles: Set<String>, authority: String? = "province_chair", scope: ActorScope = .everywhere) -> Actor {
        Actor(id: "nguyen.van.a", roles: roles, authorityLevel: authority, scope: scope)
    }

    func refusal(_ result: Result<TransitionOutcome, TransitionRefusal>) -> TransitionRefusal? {
        if case .failure(let refusal) = result { return refusal }
        return nil
    }

    func outcome(_ result: Result<TransitionOutcome, TransitionRefusal>) -> TransitionOutcome? {
        if case .success(let outcome) = result { return outcome }
        return nil
    }

    @Test func everyStateEventRoleCombinationFollowsTheDefinition() {
        let states: [String?] = [nil] + definition.states.map(\.name)
        var eventNames: [String] = []
        for event in definition.events where !eventNames.contains(event.name) { eventNames.append(event.name) }
        var allowedCount = 0
        var refusedCount = 0
        for state in states {
            let stateDefinition = state.flatMap(definition.state(named:))
            let fromHere = definition.events(from: state)
            for eventName in eventNames {
                let candidates = definition.events(named: eventName)
                let matching = candidates.first { fromHere.contains($0) }
                let event = matching ?? candidates[0]
                for role in definition.roles.map(\.name) {
                    let result = workflow.transition(nomination: nomination(in: state, for: event), event: eventName,
                                                     actor: actor([role]), at: today, fields: sampleFields(for: event))
                    let context = "state \(state ?? "start"), event \(eventName), role \(role)"
                    if let matching, matching.roles.contains(role), stateDefinition?.isTerminal != true {
                        allowedCount += 1
                        let done = outcome(result)
                        #expect(done != nil, "\(context) should be allowed: \(refusal(result)?.message ?? "")")
                        #expect(done.map { matching.to.states.contains($0.to) } == true, "\(context)")
                        #expect(done?.history.event == eventName && done?.history.from == state, "\(context)")
                        #expect(done?.history.actingRole == role, "\(context)")
                        continue
                    }
                    refusedCount += 1
                    guard let refused = refusal(result) else {
                        Issue.record("\(context) should be refused")
                        continue
                    }
                    if stateDefinition?.isTerminal == true {
                        #expect(refused.reason == .finalState, "\(context)")
                        #expect(refused.message == "cannot \(eventName): nomination is in state \(state!), which is final; nothing more may happen to it")
                    } else if let matching {
                        #expect(refused.reason == .roleNotAllowed, "\(context)")
                        #expect(refused.message == "role \(role) may not \(eventName); allowed roles: \(matching.roles.joined(separator: ", "))")
                    } else {
                        var allowed: [String] = []
                        for other in fromHere where !allowed.contains(other.name) { allowed.append(other.name) }
                        let expected = state.map { "cannot \(eventName): nomination is in state \($0); from \($0) you may: \(allowed.joined(separator: ", "))" }
                            ?? "cannot \(eventName): the nomination does not exist yet; start it with: \(allowed.joined(separator: ", "))"
                        #expect(refused.reason == .wrongState, "\(context)")
                        #expect(refused.message == expected)
                    }
                }
            }
        }
        // Guards against a vacuous loop: the shipped definition has many of both.
        #expect(allowedCount >= 20)
        #expect(refusedCount > allowedCount)
    }

    @Test func refusalsSayWhatIsAllowedInPlainWords() {
        let approve = definition.events(named: "approve")[0]
        let detected = NominationSnapshot(state: "detected", nomineeKind: .individual, unitLineage: ["u"])
        #expect(refusal(workflow.transition(nomination: detected, event: "approve", actor: actor(["manager"]), at: today,
                                            fields: sampleFields(for: approve)))?.message
                == "cannot approve: nomination is in state detected; from detected you may: cultivate, summarize, propose_simplified, join_proposal, withdraw")
        let pending = nomination(in: "pending_approval", for: approve)
        #expect(refusal(workflow.transition(nomination: pending, event: "approve", actor: actor(["officer"]), at: today,
                                            fields: sampleFields(for: approve)))?.message
                == "role officer may not approve; allowed roles: manager")
        var fields = sampleFields(for: approve)
        fields["decision_number"] = nil
        #expect(refusal(workflow.transition(nomination: pending, event: "approve", actor: actor(["manager"]), at: today,
                                            fields: fields))?.message
                == "missing field decision_number for approve")
        #expect(refusal(workflow.transition(nomination: pending, event: "aprove", actor: actor(["manager"]), at: today,
                                            fields: [:]))?.message
                == "unknown event aprove; events: nominate, cultivate, summarize, propose, propose_simplified, approve, reject, return, amend, join_proposal, leave_proposal, downgrade, forward, record_external_decision, replicate, close, withdraw")
    }

    /// The CLI speaks Vietnamese by default, and for refusals it shows these very texts.
    @Test func refusalsAreWrittenInVietnameseToo() {
        let approve = definition.events(named: "approve")[0]
        let detected = NominationSnapshot(state: "detected", nomineeKind: .individual, unitLineage: ["u"])
        let early = refusal(workflow.transition(nomination: detected, event: "approve", actor: actor(["manager"]), at: today,
                                                fields: sampleFields(for: approve)))
        #expect(early?.message(in: .vi)
                == "không thể “Phê duyệt, ký quyết định” (approve): hồ sơ đang ở trạng thái “Phát hiện” (detected); từ trạng thái này chỉ có thể: cultivate, summarize, propose_simplified, join_proposal, withdraw")
        #expect(early?.message(in: .en) == early?.message)
        let pending = nomination(in: "pending_approval", for: approve)
        #expect(refusal(workflow.transition(nomination: pending, event: "approve", actor: actor(["officer"]), at: today,
                                            fields: sampleFields(for: approve)))?.message(in: .vi)
                == "vai trò officer không được “Phê duyệt, ký quyết định” (approve); vai trò được phép: manager")
        #expect(refusal(workflow.transition(nomination: pending, event: "approve", actor: actor(["manager"], authority: "unit_head"),
                                            at: today, fields: sampleFields(for: approve)))?.message(in: .vi)
                == "không thể “Phê duyệt, ký quyết định” (approve): thẩm quyền unit_head không được quyết định khen thưởng BANG_KHEN_CHU_TICH_TINH (Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh) vào ngày 01/08/2025; thẩm quyền quyết định: province_chair")
        var fields = sampleFields(for: approve)
        fields["decision_date"] = "31/02/2025"
        #expect(refusal(workflow.transition(nomination: pending, event: "approve", actor: actor(["manager"]), at: today,
                                            fields: fields))?.message(in: .vi)
                == "trường decision_date phải là ngày, ví dụ 15/10/2021, không phải 31/02/2025")
        let summarized = nomination(in: "summarized", for: definition.events(named: "propose")[0])
        #expect(refusal(workflow.transition(nomination: summarized, event: "propose", actor: actor(["officer"]), at: today,
                                            fields: ["award_code": "TAP_THE_LAO_DONG_XUAT_SAC"]))?.message(in: .vi)
                == "trường award_code: TAP_THE_LAO_DONG_XUAT_SAC (Tập thể lao động xuất sắc) dành cho tập thể, không dành cho cá nhân")
    }

    @Test func fieldsAreCheckedAndNormalized() {
        let approve = definition.events(named: "approve")[0]
        let pending = nomination(in: "pending_approval", for: approve)
        func attempt(_ changes: [String: String]) -> Result<TransitionOutcome, TransitionRefusal> {
            workflow.transition(nomination: pending, event: "approve", actor: actor(["manager"]), at: today,
                                fields: sampleFields(for: approve).merging(changes) { $1 })
        }
        #expect(refusal(attempt(["decision_date": "31/02/2025"]))?.message == "field decision_date must be a date such as 15/10/2021, not 31/02/2025")
        #expect(refusal(attempt(["decision_number": "QĐ-UBND"]))?.message == "field decision_number must be a document number such as 123/QĐ-UBND, not QĐ-UBND")
        #expect(refusal(attempt(["decision_number": "  "]))?.message == "missing field decision_number for approve")
        #expect(refusal(attempt(["signature": "x"]))?.message == "approve does not take field signature; it takes: decision_number, decision_date, note")
        let done = outcome(attempt(["decision_number": "45/2025/QĐ-UBND", "decision_date": "2025-08-01", "note": "  Ký  ngày 1/8 "]))
        #expect(done?.history.fields == ["decision_number": "45/2025/QĐ-UBND", "decision_date": "2025-08-01", "note": "Ký ngày 1/8"])
        #expect(done?.history.note == "Ký ngày 1/8")
    }

    @Test func proposingChecksTheAwardAgainstTheCatalogueOnTheDay() {
        let summarized = NominationSnapshot(state: "summarized", nomineeKind: .individual, unitLineage: ["u"])
        let officer = actor(["officer"])
        #expect(refusal(workflow.transition(nomination: summarized, event: "propose", actor: officer, at: today,
                                            fields: ["award_code": "TAP_THE_LAO_DONG_XUAT_SAC"]))?.message
                == "field award_code: award TAP_THE_LAO_DONG_XUAT_SAC (Tập thể lao động xuất sắc) is for collective nominees, not individual")
        let unknown = refusal(workflow.transition(nomination: summarized, event: "propose", actor: officer, at: today,
                                                  fields: ["award_code": "HUY_CHUONG_VANG"]))
        #expect(unknown?.message.hasPrefix("field award_code: unknown award HUY_CHUONG_VANG on 01/08/2025; awards on that date: CSTD_TOAN_QUOC, ") == true)
        let done = outcome(workflow.transition(nomination: summarized, event: "propose", actor: officer, at: today,
                                               fields: ["award_code": "CSTD_CO_SO"]))
        #expect(done?.to == "pending_approval")
        #expect(done?.notifications == [Notice(role: "manager", unit: "u", event: "propose", from: "summarized", to: "pending_approval")])
    }

    @Test func approvalNeedsAuthorityForTheAwardOnTheDayOfTheDecision() {
        let approve = definition.events(named: "approve")[0]
        let fields = sampleFields(for: approve)
        func approving(_ award: String, by level: String?, on date: LocalDate,
                       recordedOn recorded: LocalDate? = nil) -> Result<TransitionOutcome, TransitionRefusal> {
            let pending = NominationSnapshot(state: "pending_approval", nomineeKind: .individual, unitLineage: ["u"], proposedAward: award)
            return workflow.transition(nomination: pending, event: "approve", actor: actor(["manager"], authority: level),
                                       at: recorded ?? date, fields: fields.merging(["decision_date": date.vietnamese]) { $1 })
        }
        #expect(outcome(approving("BANG_KHEN_CHU_TICH_TINH", by: "province_chair", on: today))?.to == "approved")
        #expect(refusal(approving("BANG_KHEN_CHU_TICH_TINH", by: "unit_head", on: today))?.message
                == "cannot approve: authority unit_head does not grant BANG_KHEN_CHU_TICH_TINH (Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh) on 01/08/2025; granted by: province_chair")
        #expect(refusal(approving("HUAN_CHUONG_LAO_DONG_HANG_BA", by: "province_chair", on: today))?.message
                == "cannot approve: authority province_chair does not grant HUAN_CHUONG_LAO_DONG_HANG_BA (Huân chương Lao động hạng Ba) on 01/08/2025; granted by: president; it is beyond the province: forward it")
        #expect(refusal(approving("CSTD_CO_SO", by: nil, on: today))?.reason == .guardFailed)
        // The district level signed until 30/06/2025 and no longer exists after.
        #expect(outcome(approving("CSTD_CO_SO", by: "district_chair", on: day("30/06/2025"))) != nil)
        #expect(refusal(approving("CSTD_CO_SO", by: "district_chair", on: day("01/07/2025")))?.message
                == "cannot approve: authority district_chair does not grant CSTD_CO_SO (Chiến sĩ thi đua cơ sở) on 01/07/2025; granted by: unit_head, enterprise_director, commune_chair")
        // A decision signed on 30/06/2025 and recorded a month later stands: authority is judged on the
        // decision's date, not on the day it is typed in (as awards.advance in the database does).
        #expect(outcome(approving("CSTD_CO_SO", by: "district_chair", on: day("30/06/2025"), recordedOn: today))?.to == "approved")
        let noAward = NominationSnapshot(state: "pending_approval", nomineeKind: .individual, unitLineage: ["u"])
        #expect(refusal(workflow.transition(nomination: noAward, event: "approve", actor: actor(["manager"]), at: today, fields: fields))?.message
                == "cannot approve: the nomination has no proposed award")
    }

    /// A decision is not dated before the proposal it decides, nor after today: the attack of a district
    /// chair whose office ended on 30/06/2025, deciding a proposal of December 2026 "on 01/06/2025".
    @Test func aDecisionIsDatedNoEarlierThanItsProposalAndNoLaterThanToday() throws {
        func approving(_ decided: String, proposedOn proposed: String, by level: String = "unit_head",
                       in workflow: NominationWorkflow? = nil) -> Result<TransitionOutcome, TransitionRefusal> {
            let pending = NominationSnapshot(state: "pending_approval", nomineeKind: .individual, unitLineage: ["u"],
                                             proposedAward: "CSTD_CO_SO", enteredStateOn: day(proposed))
            return (workflow ?? self.workflow).transition(nomination: pending, event: "approve", actor: actor(["manager"], authority: level),
                                                          at: today, fields: ["decision_number": "12/QĐ-UBND", "decision_date": decided])
        }
        #expect(refusal(approving("19/07/2025", proposedOn: "20/07/2025"))?.message
                == "cannot approve: a decision dated 19/07/2025 precedes the proposal of 20/07/2025")
        #expect(refusal(approving("19/07/2025", proposedOn: "20/07/2025"))?.vietnamese
                == "không thể “Phê duyệt, ký quyết định” (approve): quyết định ngày 19/07/2025 có trước ngày hồ sơ được trình (20/07/2025)")
        #expect(outcome(approving("20/07/2025", proposedOn: "20/07/2025"))?.to == "approved")
        #expect(outcome(approving("01/08/2025", proposedOn: "20/07/2025"))?.to == "approved")
        #expect(refusal(approving("02/08/2025", proposedOn: "20/07/2025"))?.message
                == "cannot approve: the decision date 02/08/2025 is in the future; the latest allowed is 01/08/2025")
        #expect(refusal(approving("01/06/2025", proposedOn: "01/12/2024", by: "district_chair")).map(\.reason) == nil,
                "a decision dated within the district chair's office, of a proposal made before it, stands")
        let later = NominationWorkflow(definition: try WorkflowDefinition.load(
            yaml: ShippedConfig.workflowText.replacingOccurrences(of: "decision_date_days_ahead: 0", with: "decision_date_days_ahead: 2"),
            file: "workflow.yaml"), catalogue: workflow.catalogue)
        #expect(outcome(approving("03/08/2025", proposedOn: "20/07/2025", in: later))?.to == "approved")
        #expect(refusal(approving("04/08/2025", proposedOn: "20/07/2025", in: later))?.message
                == "cannot approve: the decision date 04/08/2025 is in the future; the latest allowed is 03/08/2025")
    }

    @Test func aFieldOrNoteHoldsAtMostFourThousandCharacters() {
        let summarized = NominationSnapshot(state: "detected", nomineeKind: .individual, unitLineage: ["u"])
        func summarizing(_ fields: [String: String]) -> Result<TransitionOutcome, TransitionRefusal> {
            workflow.transition(nomination: summarized, event: "summarize", actor: actor(["officer"]), at: today, fields: fields)
        }
        let page = String(repeating: "ệ", count: FieldRequirement.maximumLength)
        #expect(outcome(summarizing(["achievement_summary": page]))?.history.fields["achievement_summary"] == page)
        #expect(refusal(summarizing(["achievement_summary": page + "x"]))?.message
                == "field achievement_summary is 4001 characters long; at most 4000 are allowed (attach a long text rather than pasting it)")
        #expect(refusal(summarizing(["achievement_summary": "Năng suất", "note": page + " "]))?.reason == .invalidField)
    }

    @Test func onlyAwardsBeyondTheProvinceAreForwardedAndTheAnswerIsRecorded() {
        let forward = definition.events(named: "forward")[0]
        let provincial = NominationSnapshot(state: "pending_approval", nomineeKind: .collective, unitLineage: ["u"], proposedAward: "CO_THI_DUA_TINH")
        #expect(refusal(workflow.transition(nomination: provincial, event: "forward", actor: actor(["manager"]), at: today,
                                            fields: sampleFields(for: forward)))?.message
                == "cannot forward: CO_THI_DUA_TINH (Cờ thi đua của Ủy ban nhân dân tỉnh) is granted within the province (by: province_chair); approve it there instead")
        let national = NominationSnapshot(state: "pending_approval", nomineeKind: .collective, unitLineage: ["u"], proposedAward: "CO_THI_DUA_CHINH_PHU")
        #expect(outcome(workflow.transition(nomination: national, event: "forward", actor: actor(["manager"]), at: today,
                                            fields: sampleFields(for: forward)))?.to == "forwarded")
        let forwarded = NominationSnapshot(state: "forwarded", nomineeKind: .collective, unitLineage: ["u"], proposedAward: "CO_THI_DUA_CHINH_PHU")
        let decision = ["decision_number": "1234/QĐ-TTg", "decision_date": "20/07/2025"]
        for (answer, state) in [("granted", "approved"), ("refused", "external_rejected")] {
            let done = outcome(workflow.transition(nomination: forwarded, event: "record_external_decision",
                                                   actor: actor(["standing_agency"]), at: today,
                                                   fields: decision.merging(["outcome": answer]) { $1 }))
            #expect(done?.to == state)
        }
        #expect(refusal(workflow.transition(nomination: forwarded, event: "record_external_decision",
                                            actor: actor(["standing_agency"]), at: today,
                                            fields: decision.merging(["outcome": "maybe"]) { $1 }))?.message
                == "field outcome must be one of: granted, refused; not maybe")
    }

    @Test func actorsActOnlyWithinTheirUnits() {
        let detected = NominationSnapshot(state: "detected", nomineeKind: .individual, unitLineage: ["xa-ea-kao", "tinh-dak-lak"])
        let fields = ["cultivation_plan": "Kèm cặp, hỗ trợ vốn"]
        let elsewhere = actor(["officer"], scope: .units(["so-y-te"]))
        #expect(refusal(workflow.transition(nomination: detected, event: "cultivate", actor: elsewhere, at: today, fields: fields))?.message
                == "nguyen.van.a may not cultivate a nomination of unit xa-ea-kao; it is outside their units: so-y-te")
        let above = actor(["officer"], scope: .units(["tinh-dak-lak"]))
        #expect(outcome(workflow.transition(nomination: detected, event: "cultivate", actor: above, at: today, fields: fields)) != nil)
    }

    @Test func aWalkThroughTheFourStepsRecordsDeadlinesAndVersions() throws {
        let officer = actor(["officer"], scope: .units(["so-nong-nghiep"]))
        let manager = actor(["manager"], authority: "unit_head", scope: .units(["so-nong-nghiep"]))
        var state: String? = nil
        var award: String? = nil
        var effects: [[DeadlineEffect]] = []
        let steps: [(String, Actor, [String: String])] = [
            ("nominate", officer, ["detection_note": "Nông dân trồng cà phê bền vững"]),
            ("cultivate", officer, ["cultivation_plan": "Tập huấn kỹ thuật"]),
            ("summarize", officer, ["achievement_summary": "Năng suất tăng 30%"]),
            ("propose", officer, ["award_code": "GIAY_KHEN"]),
            ("return", manager, ["reason": "Thiếu biên bản họp hội đồng"]),
            ("amend", officer, ["achievement_summary": "Năng suất tăng 30%; biên bản họp hội đồng số 5/BB-HĐ kèm theo"]),
            ("propose", officer, ["award_code": "LAO_DONG_TIEN_TIEN"]),
            ("approve", manager, ["decision_number": "12/QĐ-SNN", "decision_date": "01/08/2025"]),
            ("replicate", officer, ["replication_plan": "Hội nghị điển hình"]),
            ("close", officer, ["replicated_where": "Ba xã lân cận"]),
        ]
        var visited: [String] = []
        for (event, who, fields) in steps {
            let snapshot = NominationSnapshot(state: state, nomineeKind: .individual, unitLineage: ["so-nong-nghiep"],
                                              proposedAward: award, dates: ["movement.review_date": day("15/12/2025")])
            let result = workflow.transition(nomination: snapshot, event: event, actor: who, at: today, fields: fields)
            let done = try #require(outcome(result), "\(event): \(refusal(result)?.message ?? "")")
            #expect(done.history.definitionVersion == definition.version)
            #expect(done.history.definitionFingerprint == definition.fingerprint)
            state = done.to
            award = fields["award_code"] ?? award
            visited.append(done.to)
            effects.append(done.deadlines)
        }
        try #require(visited == ["detected", "cultivating", "summarized", "pending_approval", "summarized", "summarized",
                                 "pending_approval", "approved", "replicating", "replicated"])
        #expect(effects[2] == [.set(state: "summarized", rule: .dateFact("movement.review_date"), startingOn: today,
                                    dueDate: day("15/12/2025"), action: "propose an award before the movement's review")])
        #expect(effects[3] == [.clear(state: "summarized"),
                               .set(state: "pending_approval", rule: .workingDays(10), startingOn: today, dueDate: nil,
                                    action: "approve, reject or return the proposal")])
        // Amending stays in summarized; its deadline is set again from the same fact, so the due date stands.
        #expect(effects[5] == [.clear(state: "summarized"),
                               .set(state: "summarized", rule: .dateFact("movement.review_date"), startingOn: today,
                                    dueDate: day("15/12/2025"), action: "propose an award before the movement's review")])
        #expect(effects[7] == [.clear(state: "pending_approval")])
        #expect(effects[0] == [] && effects[8] == [])
    }

    @Test func aNominationInAStateTheDefinitionNoLongerHasIsRefusedNotCorrupted() {
        let old = NominationSnapshot(state: "appraising", nomineeKind: .individual, unitLineage: ["u"])
        #expect(refusal(workflow.transition(nomination: old, event: "withdraw", actor: actor(["officer"]), at: today,
                                            fields: ["reason": "x"]))?.message
                == "cannot withdraw: nomination is in state appraising, which workflow version \(workflow.definition.version) does not define")
    }

    @Test func someoneWithSeveralRolesActsInTheFirstRoleTheEventAllows() {
        let forwarded = NominationSnapshot(state: "forwarded", nomineeKind: .collective, unitLineage: ["u"], proposedAward: "CO_THI_DUA_CHINH_PHU")
        let done = outcome(workflow.transition(nomination: forwarded, event: "record_external_decision",
                                               actor: actor(["manager", "standing_agency"]), at: today,
                                               fields: ["outcome": "granted", "decision_number": "9/QĐ-TTg", "decision_date": "01/08/2025"]))
        #expect(done?.history.actingRole == "standing_agency")
        let detected = NominationSnapshot(state: "detected", nomineeKind: .individual, unitLineage: ["u"])
        #expect(refusal(workflow.transition(nomination: detected, event: "cultivate", actor: actor(["manager", "admin"]), at: today,
                                            fields: ["cultivation_plan": "x"]))?.message
                == "roles admin, manager may not cultivate; allowed roles: officer")
    }
}
