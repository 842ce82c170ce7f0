import Foundation

/// Which nominations an actor may act on.
public enum ActorScope: Hashable, Sendable {
    case everywhere
    /// These units and everything below them (a nomination lists its unit's ancestors in `unitLineage`).
    case units(Set<String>)
}

/// The person firing an event, as the caller authenticated them.
public struct Actor: Hashable, Sendable {
    public let id: String
    public let roles: Set<String>
    /// The authority level code they sign at now (`province_chair`…), for managers.
    public let authorityLevel: String?
    /// Their terms of office; a decision is judged by the term that covers its date.
    public let authorityTerms: [AuthorityTerm]
    public let scope: ActorScope

    /// With no terms given, `authorityLevel` is one open term: the level on every date.
    public init(id: String, roles: Set<String>, authorityLevel: String? = nil, authorityTerms: [AuthorityTerm]? = nil,
                scope: ActorScope) {
        self.id = id
        self.roles = roles
        self.authorityLevel = authorityLevel
        self.authorityTerms = authorityTerms ?? authorityLevel.map { [AuthorityTerm(level: $0)] } ?? []
        self.scope = scope
    }

    /// The level of the term that covers `date`, as the database's awards.authority_on decides.
    public func authorityLevel(on date: LocalDate) -> String? {
        authorityTerms.first { $0.covers(date) }?.level
    }
}

/// A term of office (nhiệm kỳ): an authority level from one day to another; an open end is unbounded.
public struct AuthorityTerm: Hashable, Sendable {
    public let level: String
    public let startsOn: LocalDate?
    public let endsOn: LocalDate?

    public init(level: String, startsOn: LocalDate? = nil, endsOn: LocalDate? = nil) {
        self.level = level
        self.startsOn = startsOn
        self.endsOn = endsOn
    }

    public func covers(_ date: LocalDate) -> Bool {
        (startsOn.map { $0 <= date } ?? true) && (endsOn.map { date <= $0 } ?? true)
    }
}

/// What the transition needs to know about a nomination.
public struct NominationSnapshot: Hashable, Sendable {
    /// nil before the nomination exists (the creating event).
    public let state: String?
    public let nomineeKind: NomineeKind
    /// The nomination's unit first, then the units above it.
    public let unitLineage: [String]
    public let proposedAward: String?
    /// Dates that `field:` deadlines refer to, e.g. `movement.review_date`.
    public let dates: [String: LocalDate]
    /// Who recorded the nomination, and who brought it to its current state (actor ids: login roles).
    public let recordedBy: String?
    public let enteredStateBy: String?
    /// The day (in Vietnam) the nomination entered its current state: a proposal's date, for decisions.
    public let enteredStateOn: LocalDate?

    public init(state: String?, nomineeKind: NomineeKind, unitLineage: [String], proposedAward: String? = nil,
                dates: [String: LocalDate] = [:], recordedBy: String? = nil, enteredStateBy: String? = nil,
                enteredStateOn: LocalDate? = nil) {
        self.state = state
        self.nomineeKind = nomineeKind
        self.unitLineage = unitLineage
        self.proposedAward = proposedAward
        self.dates = dates
        self.recordedBy = recordedBy
        self.enteredStateBy = enteredStateBy
        self.enteredStateOn = enteredStateOn
    }
}

/// An audit-trail line. The database adds who (login role) and when (timestamp); these are the facts
/// the workflow decides.
public struct HistoryEntry: Hashable, Sendable {
    public let from: String?
    public let to: String
    public let event: String
    public let actorID: String
    /// The role the actor acted in: the first of the event's roles that the actor holds.
    public let actingRole: String
    public let on: LocalDate
    public let note: String?
    public let definitionVersion: String
    public let definitionFingerprint: String
    /// The event's fields as checked and normalized (dates in ISO form).
    public let fields: [String: String]
}

public enum DeadlineEffect: Hashable, Sendable {
    /// The state's deadline no longer applies (the nomination left it).
    case clear(state: String)
    /// Start a deadline; for `.workingDays` the caller counts from `startingOn` with its calendar,
    /// for `.dateFact` `dueDate` is the nomination's date (nil if the nomination does not know it yet).
    case set(state: String, rule: DeadlineRule, startingOn: LocalDate, dueDate: LocalDate?, action: String?)
}

/// Someone to tell about a transition (rendering and delivery belong to the mail module).
/// Not `Notification`, which Foundation already names.
public struct Notice: Hashable, Sendable {
    public let role: String
    /// The nomination's unit: tell the holders of `role` there.
    public let unit: String?
    public let event: String
    public let from: String?
    public let to: String

    public init(role: String, unit: String?, event: String, from: String?, to: String) {
        self.role = role
        self.unit = unit
        self.event = event
        self.from = from
        self.to = to
    }
}

public struct TransitionOutcome: Hashable, Sendable {
    public let from: String?
    public let to: String
    public let history: HistoryEntry
    public let deadlines: [DeadlineEffect]
    public let notifications: [Notice]
}

public struct TransitionRefusal: Error, Hashable, Sendable, CustomStringConvertible, BilingualError {
    public enum Reason: Hashable, Sendable {
        case unknownEvent, unknownState, wrongState, finalState, roleNotAllowed, outOfScope
        case missingField, invalidField, unexpectedField, guardFailed
    }

    public let reason: Reason
    /// One line in English, saying what is allowed instead.
    public let message: String
    /// The same line in Vietnamese, for the users who read the CLI in it.
    public let vietnamese: String

    public init(reason: Reason, vi vietnamese: String, en message: String) {
        self.reason = reason
        self.message = message
        self.vietnamese = vietnamese
    }

    public func message(in language: Language) -> String { language.text(vi: vietnamese, en: message) }
    public var description: String { message }
}

/// A workflow definition with the award catalogue its guards consult.
public struct NominationWorkflow: Sendable {
    public let definition: WorkflowDefinition
    public let catalogue: AwardCatalogue

    public init(definition: WorkflowDefinition, catalogue: AwardCatalogue) {
        self.definition = definition
        self.catalogue = catalogue
    }

    /// Decides one event, without side effects: the caller records the outcome (in one transaction).
    /// Checks, in order: the event exists; the nomination's state allows it; the actor's role; the actor's
    /// scope; the fields; the guards. The first refusal is returned.
    public func transition(nomination: NominationSnapshot, event eventName: String, actor: Actor, at day: LocalDate,
                           fields: [String: String]) -> Result<TransitionOutcome, TransitionRefusal> {
        let named = definition.events(named: eventName)
        guard !named.isEmpty else {
            let events = uniqueNames(definition.events)
            return refuse(.unknownEvent,
                          vi: "không có thao tác \(eventName); các thao tác: \(Self.list(events, .vi))",
                          en: "unknown event \(eventName); events: \(Self.list(events, .en))")
        }
        if let state = nomination.state {
            guard let current = definition.state(named: state) else {
                return refuse(.unknownState,
                              vi: "không thể \(vietnamese(event: eventName)): hồ sơ đang ở trạng thái \(state), trạng thái mà quy trình phiên bản \(definition.version) không có",
                              en: "cannot \(eventName): nomination is in state \(state), which workflow version \(definition.version) does not define")
            }
            if current.isTerminal {
                return refuse(.finalState,
                              vi: "không thể \(vietnamese(event: eventName)): hồ sơ đang ở trạng thái \(vietnamese(state: state)), trạng thái kết thúc; không thể thao tác gì thêm",
                              en: "cannot \(eventName): nomination is in state \(state), which is final; nothing more may happen to it")
            }
        }
        guard let event = named.first(where: { source(of: $0, allows: nomination.state) }) else {
            let allowed = uniqueNames(definition.events(from: nomination.state))
            if let state = nomination.state {
                return refuse(.wrongState,
                              vi: "không thể \(vietnamese(event: eventName)): hồ sơ đang ở trạng thái \(vietnamese(state: state)); từ trạng thái này chỉ có thể: \(Self.list(allowed, .vi))",
                              en: "cannot \(eventName): nomination is in state \(state); from \(state) you may: \(Self.list(allowed, .en))")
            }
            return refuse(.wrongState,
                          vi: "không thể \(vietnamese(event: eventName)): hồ sơ chưa có; hãy bắt đầu bằng: \(Self.list(allowed, .vi))",
                          en: "cannot \(eventName): the nomination does not exist yet; start it with: \(Self.list(allowed, .en))")
        }
        guard let actingRole = event.roles.first(where: actor.roles.contains) else {
            let roles = actor.roles.sorted().joined(separator: ", ")
            let who = actor.roles.isEmpty ? "no role" : (actor.roles.count == 1 ? "role " : "roles ") + roles
            let whoVi = actor.roles.isEmpty ? "người không có vai trò nào" : "vai trò \(roles)"
            return refuse(.roleNotAllowed,
                          vi: "\(whoVi) không được \(vietnamese(event: eventName)); vai trò được phép: \(event.roles.joined(separator: ", "))",
                          en: "\(who) may not \(eventName); allowed roles: \(event.roles.joined(separator: ", "))")
        }
        if case .units(let units) = actor.scope, !nomination.unitLineage.contains(where: units.contains) {
            let unit = nomination.unitLineage.first
            let theirs = units.sorted().joined(separator: ", ")
            return refuse(.outOfScope,
                          vi: "\(actor.id) không được \(vietnamese(event: eventName)) hồ sơ của đơn vị \(unit ?? "không rõ"): đơn vị này nằm ngoài phạm vi của họ (\(theirs))",
                          en: "\(actor.id) may not \(eventName) a nomination of unit \(unit ?? "unknown"); it is outside their units: \(theirs)")
        }
        let checkedFields: [String: String]
        switch checkFields(fields, of: event, nomination: nomination, on: day) {
        case .success(let values): checkedFields = values
        case .failure(let refusal): return .failure(refusal)
        }
        if let refusal = checkGuards(event, nomination: nomination, actor: actor, fields: checkedFields, on: day) {
            return .failure(refusal)
        }

        let target: String = switch event.to {
        case .state(let state): state
        case .byChoice(let field, let cases): cases.first { $0.value == checkedFields[field] }!.state
        }
        return .success(outcome(of: event, nomination: nomination, to: target, actor: actor,
                                actingRole: actingRole, fields: checkedFields, on: day))
    }

    private func source(of event: EventDefinition, allows state: String?) -> Bool {
        guard let state else { return event.from == nil }
        return event.from?.contains(state) ?? false
    }

    private func checkFields(_ given: [String: String], of event: EventDefinition, nomination: NominationSnapshot,
                             on day: LocalDate) -> Result<[String: String], TransitionRefusal> {
        let accepted = event.fields.map(\.name) + ["note"]
        if let unexpected = given.keys.sorted().first(where: { !accepted.contains($0) }) {
            return refuse(.unexpectedField,
                          vi: "\(vietnamese(event: event.name)) không có trường \(unexpected); các trường: \(Self.list(accepted, .vi))",
                          en: "\(event.name) does not take field \(unexpected); it takes: \(Self.list(accepted, .en))")
        }
        // Measured as given, before trimming, as awards.checked_fields measures it.
        if let (name, text) = given.sorted(by: { $0.key < $1.key }).first(where: {
            $0.value.unicodeScalars.count > FieldRequirement.maximumLength
        }) {
            let length = text.unicodeScalars.count
            return refuse(.invalidField,
                          vi: "trường \(name) dài \(length) ký tự; tối đa \(FieldRequirement.maximumLength) ký tự (hãy đính kèm văn bản dài thay vì chép vào)",
                          en: "field \(name) is \(length) characters long; at most \(FieldRequirement.maximumLength) are allowed (attach a long text rather than pasting it)")
        }
        var values: [String: String] = [:]
        if let note = given["note"].map(VietnameseText.canonical), !note.isEmpty { values["note"] = note }
        for field in event.fields {
            let text = given[field.name].map(VietnameseText.canonical) ?? ""
            if text.isEmpty {
                if field.isRequired {
                    return refuse(.missingField, vi: "thiếu trường \(field.name) để \(vietnamese(event: event.name))",
                                  en: "missing field \(field.name) for \(event.name)")
                }
                continue
            }
            switch field.type {
            case .text:
                values[field.name] = text
            case .date:
                guard let date = LocalDate(parsing: text) else {
                    return refuse(.invalidField, vi: "trường \(field.name) phải là ngày, ví dụ 15/10/2021, không phải \(text)",
                                  en: "field \(field.name) must be a date such as 15/10/2021, not \(text)")
                }
                values[field.name] = date.iso
            case .decisionNumber:
                guard Self.isDocumentNumber(text) else {
                    return refuse(.invalidField, vi: "trường \(field.name) phải là số văn bản, ví dụ 123/QĐ-UBND, không phải \(text)",
                                  en: "field \(field.name) must be a document number such as 123/QĐ-UBND, not \(text)")
                }
                values[field.name] = text
            case .choice:
                guard field.options.contains(text) else {
                    let options = field.options.joined(separator: ", ")
                    return refuse(.invalidField, vi: "trường \(field.name) phải là một trong: \(options); không phải \(text)",
                                  en: "field \(field.name) must be one of: \(options); not \(text)")
                }
                values[field.name] = text
            case .awardCode:
                do {
                    let award = try catalogue.award(code: text, on: day)
                    try catalogue.checkFits(award, nominee: nomination.nomineeKind)
                } catch {
                    return refuse(.invalidField, vi: "trường \(field.name): \(error.vietnamese)", en: "field \(field.name): \(error.message)")
                }
                values[field.name] = text
            }
        }
        return .success(values)
    }

    /// `123/QĐ-UBND`, `45/2025/QĐ-TTg`, `12/TTr-SNV`: a number, then slash-separated parts with at least one letter.
    static func isDocumentNumber(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, let first = parts.first, !first.isEmpty, first.allSatisfy(\.isNumber) else { return false }
        let allowed = parts.dropFirst().allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
        }
        return allowed && parts.last!.contains(where: \.isLetter)
    }

    /// Guards run in the order the definition lists them, as awards.advance runs them: the first that
    /// fails explains the refusal.
    private func checkGuards(_ event: EventDefinition, nomination: NominationSnapshot, actor: Actor,
                             fields: [String: String], on day: LocalDate) -> TransitionRefusal? {
        for check in event.guards {
            if let refusal = self.check(check, event, nomination: nomination, actor: actor, fields: fields, on: day) {
                return refusal
            }
        }
        return nil
    }

    private func check(_ check: EventGuard, _ event: EventDefinition, nomination: NominationSnapshot, actor: Actor,
                       fields: [String: String], on day: LocalDate) -> TransitionRefusal? {
        switch check {
        case .deciderIsNotTheProposer:
            guard [nomination.recordedBy, nomination.enteredStateBy].contains(actor.id) else { return nil }
            return TransitionRefusal(
                reason: .guardFailed,
                vi: "không thể \(vietnamese(event: event.name)): người đã lập hoặc đề nghị hồ sơ này không được tự quyết định; việc này phải do người khác thực hiện",
                en: "cannot \(event.name): you recorded or proposed this nomination; someone else must decide")
        case .simplifiedProcedureFormsOnly:
            // The loader makes award_code a required field of every event with this guard.
            guard let code = fields["award_code"], let award = try? catalogue.award(code: code, on: day),
                  award.category == .title else { return nil }
            return TransitionRefusal(
                reason: .guardFailed,
                vi: "không thể \(vietnamese(event: event.name)): \(award.code) (\(award.name)) là danh hiệu thi đua; thủ tục đơn giản chỉ áp dụng cho hình thức khen thưởng (Luật Thi đua, khen thưởng 06/2022/QH15, Điều 85)",
                en: "cannot \(event.name): \(award.code) (\(award.name)) is a title (danh hiệu thi đua); the simplified procedure is for forms of commendation only (Luật 06/2022/QH15, Điều 85)")
        case .awardNotAboveProposed:
            // The loader makes award_code a required field of every event with this guard.
            guard let code = fields["award_code"] else { return nil }
            let refuse = { (vi: String, en: String) in
                TransitionRefusal(reason: .guardFailed, vi: "không thể \(vietnamese(event: event.name)): \(vi)", en: "cannot \(event.name): \(en)")
            }
            guard let proposedCode = nomination.proposedAward else {
                return refuse("hồ sơ chưa có hình thức khen thưởng được đề nghị", "the nomination has no proposed award")
            }
            guard code != proposedCode else {
                return refuse("\(code) đã là mức được đề nghị", "\(code) is already the proposed award")
            }
            func multiple(_ code: String) -> RewardMultiple? {
                (try? catalogue.award(code: code, on: day))?.legalBasis(on: day)?.rewardMultiples[nomination.nomineeKind]
            }
            guard let proposed = multiple(proposedCode), let granted = multiple(code) else {
                return refuse("chưa có hệ số tiền thưởng của \(proposedCode) hoặc \(code) vào ngày \(day.vietnamese) để so sánh hai mức khen",
                              "no reward multiple of \(proposedCode) or \(code) on \(day.vietnamese) to compare the two awards")
            }
            guard granted.tenThousandths > proposed.tenThousandths else { return nil }
            return refuse("\(code) (hệ số \(granted)) cao hơn mức được đề nghị \(proposedCode) (hệ số \(proposed)); chỉ được hạ mức khen",
                          "\(code) (multiple \(granted)) is above the proposed \(proposedCode) (multiple \(proposed)); an award may only be lowered")
        case .decisionDatedBetweenProposalAndToday:
            // The loader makes decision_date a required date of every event with this guard.
            guard let decided = fields["decision_date"].flatMap(LocalDate.init(parsing:)) else { return nil }
            if let proposed = nomination.enteredStateOn, decided < proposed {
                return TransitionRefusal(
                    reason: .guardFailed,
                    vi: "không thể \(vietnamese(event: event.name)): quyết định ngày \(decided.vietnamese) có trước ngày hồ sơ được trình (\(proposed.vietnamese))",
                    en: "cannot \(event.name): a decision dated \(decided.vietnamese) precedes the proposal of \(proposed.vietnamese)")
            }
            let latest = day.adding(days: definition.decisionDateDaysAhead)
            guard decided > latest else { return nil }
            return TransitionRefusal(
                reason: .guardFailed,
                vi: "không thể \(vietnamese(event: event.name)): ngày quyết định \(decided.vietnamese) chưa đến; muộn nhất là \(latest.vietnamese)",
                en: "cannot \(event.name): the decision date \(decided.vietnamese) is in the future; the latest allowed is \(latest.vietnamese)")
        case .actorGrantsAward, .awardBeyondProvince:
            guard let code = nomination.proposedAward else {
                return TransitionRefusal(reason: .guardFailed,
                                         vi: "không thể \(vietnamese(event: event.name)): hồ sơ chưa có hình thức khen thưởng được đề nghị",
                                         en: "cannot \(event.name): the nomination has no proposed award")
            }
            // Authority is judged on the day the decision was signed, which may be before the day it is
            // recorded (a district chair's decision of 20/06/2025 stays valid after 01/07/2025), as the
            // database's awards.advance does.
            let on = check == .actorGrantsAward ? fields["decision_date"].flatMap(LocalDate.init(parsing:)) ?? day : day
            let award: Award
            do {
                award = try catalogue.award(code: code, on: on)
            } catch {
                return TransitionRefusal(reason: .guardFailed, vi: "không thể \(vietnamese(event: event.name)): \(error.vietnamese)",
                                         en: "cannot \(event.name): \(error.message)")
            }
            let grantedBy = catalogue.grantingLevels(of: award, on: on).map(\.code).joined(separator: ", ")
            if check == .actorGrantsAward {
                let level = actor.authorityLevel(on: on) ?? "none"
                guard !catalogue.canGrant(authorityLevel: level, award: award, on: on) else { return nil }
                let beyond = catalogue.isBeyondProvince(award, on: on)
                return TransitionRefusal(
                    reason: .guardFailed,
                    vi: "không thể \(vietnamese(event: event.name)): thẩm quyền \(level) không được quyết định khen thưởng \(award.code) (\(award.name)) vào ngày \(on.vietnamese); thẩm quyền quyết định: \(grantedBy)"
                        + (beyond ? "; hình thức này vượt thẩm quyền của tỉnh: hãy trình cấp trên (forward)" : ""),
                    en: "cannot \(event.name): authority \(level) does not grant \(award.code) (\(award.name)) on \(on.vietnamese); granted by: \(grantedBy)"
                        + (beyond ? "; it is beyond the province: forward it" : ""))
            }
            guard !catalogue.isBeyondProvince(award, on: on) else { return nil }
            return TransitionRefusal(
                reason: .guardFailed,
                vi: "không thể \(vietnamese(event: event.name)): \(award.code) (\(award.name)) thuộc thẩm quyền khen thưởng trong tỉnh (\(grantedBy)); hãy phê duyệt tại tỉnh",
                en: "cannot \(event.name): \(award.code) (\(award.name)) is granted within the province (by: \(grantedBy)); approve it there instead")
        }
    }

    private func outcome(of event: EventDefinition, nomination: NominationSnapshot, to target: String, actor: Actor,
                         actingRole: String, fields: [String: String], on day: LocalDate) -> TransitionOutcome {
        var deadlines: [DeadlineEffect] = []
        if let from = nomination.state, definition.state(named: from)?.deadline != nil {
            deadlines.append(.clear(state: from))
        }
        if let next = definition.state(named: target), let rule = next.deadline {
            let due: LocalDate? = switch rule {
            case .workingDays: nil
            case .dateFact(let fact): nomination.dates[fact]
            }
            deadlines.append(.set(state: target, rule: rule, startingOn: day, dueDate: due, action: next.deadlineAction))
        }
        let history = HistoryEntry(from: nomination.state, to: target, event: event.name, actorID: actor.id,
                                   actingRole: actingRole, on: day, note: fields["note"],
                                   definitionVersion: definition.version,
                                   definitionFingerprint: definition.fingerprint, fields: fields)
        let notifications = event.notify.map {
            Notice(role: $0, unit: nomination.unitLineage.first, event: event.name, from: nomination.state, to: target)
        }
        return TransitionOutcome(from: nomination.state, to: target, history: history, deadlines: deadlines,
                                 notifications: notifications)
    }

    private func uniqueNames(_ events: [EventDefinition]) -> [String] {
        var seen: Set<String> = []
        return events.map(\.name).filter { seen.insert($0).inserted }
    }

    private static func list(_ names: [String], _ language: Language) -> String {
        names.isEmpty ? language.text(vi: "không có", en: "nothing") : names.joined(separator: ", ")
    }

    /// The event as a Vietnamese reader knows it: its label from the workflow, with the command's name
    /// the user typed, e.g. “Phê duyệt, ký quyết định” (approve).
    private func vietnamese(event name: String) -> String {
        definition.events(named: name).first?.label.map { "“\($0)” (\(name))" } ?? name
    }

    /// The state with its Vietnamese label, e.g. “Chờ phê duyệt” (pending_approval); the code is what
    /// `--state` and `--expect` take.
    private func vietnamese(state name: String) -> String {
        definition.state(named: name)?.label.map { "“\($0)” (\(name))" } ?? name
    }

    private func refuse<T>(_ reason: TransitionRefusal.Reason, vi: String, en: String) -> Result<T, TransitionRefusal> {
        .failure(TransitionRefusal(reason: reason, vi: vi, en: en))
    }
}
