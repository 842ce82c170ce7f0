import Foundation

extension AwardCatalogue {
    /// Reads and validates an award catalogue.
    /// Throws every problem found, each with its line; `file` is used only to locate them in messages.
    public static func load(yaml text: String, file: String) throws(ConfigProblems) -> AwardCatalogue {
        try CatalogueLoader.load(text, file: file)
    }

    /// Every problem in the file, empty when it is valid.
    public static func problems(yaml text: String, file: String) -> [ConfigProblem] {
        CatalogueLoader.problems(text, file: file)
    }
}

private struct CatalogueLoader: ConfigFileLoader {
    var reader: ConfigReader
    /// The awards eligibility rules name, checked once every award is read.
    var awardsNamedByRules: [(code: String, node: ConfigNode, what: String)] = []

    init(reader: ConfigReader) {
        self.reader = reader
    }

    mutating func load(_ text: String) -> AwardCatalogue? {
        guard let root = reader.parse(text),
              let top = reader.mapping(root, "the catalogue file",
                                       required: ["version", "authority_levels", "base_salary", "awards"],
                                       optional: ["reward_rounding", "eligibility_for_every_award"])
        else { return nil }
        let version = top["version"].flatMap { reader.text($0.value, "`version`") }
        let levels = top["authority_levels"].map { loadLevels($0.value) } ?? []
        let salaries = top["base_salary"].map { loadSalaries($0.value) } ?? []
        let awards = top["awards"].map { loadAwards($0.value, levels: levels) } ?? []
        let everyAward = top["eligibility_for_every_award"].map { loadEligibility($0.value, of: "every award", key: "eligibility_for_every_award") } ?? []
        let codes = Set(awards.map(\.code))
        for reference in awardsNamedByRules where !codes.contains(reference.code) {
            reader.report(reference.node, "`award` of \(reference.what) names `\(reference.code)`, which is not an award of the catalogue")
        }
        let rounding = top["reward_rounding"].flatMap { reader.positiveInteger($0.value, "`reward_rounding` (whole đồng)") }
            ?? AwardCatalogue.defaultRewardRounding
        guard reader.problems.isEmpty, let version else { return nil }
        return AwardCatalogue(version: version, authorityLevels: levels, awards: awards, baseSalaries: salaries,
                              rewardRounding: rounding, eligibilityForEveryAward: everyAward)
    }

    private mutating func loadLevels(_ node: ConfigNode) -> [AuthorityLevel] {
        guard let entries = reader.namedEntries(node, "`authority_levels`") else { return [] }
        return entries.compactMap { entry in
            let what = "authority level `\(entry.key)`"
            guard let settings = reader.mapping(entry.value, what, required: ["name", "within_province"],
                                                optional: ["valid_from", "valid_to"]),
                  let name = settings["name"].flatMap({ reader.text($0.value, "`name` of \(what)") }),
                  let within = settings["within_province"].flatMap({ reader.bool($0.value, "`within_province` of \(what)") })
            else { return nil }
            let from = settings["valid_from"].flatMap { reader.date($0.value, "`valid_from` of \(what)") }
            let to = settings["valid_to"].flatMap { reader.date($0.value, "`valid_to` of \(what)") }
            if let from, let to, to < from, let toEntry = settings["valid_to"] {
                reader.report(toEntry.value, "`valid_to` of \(what) is before its `valid_from`")
            }
            return AuthorityLevel(code: entry.key, name: name, isWithinProvince: within, validFrom: from, validTo: to)
        }
    }

    private mutating func loadSalaries(_ node: ConfigNode) -> [BaseSalary] {
        guard let items = reader.sequence(node, "`base_salary`") else { return [] }
        if items.isEmpty { reader.report(node, "`base_salary` must list at least one amount") }
        var salaries: [BaseSalary] = []
        for item in items {
            let what = "a base salary entry"
            guard let settings = reader.mapping(item, what, required: ["amount", "valid_from", "document", "source"], optional: ["article"]),
                  let amount = settings["amount"].flatMap({ reader.positiveInteger($0.value, "`amount` (whole đồng) of \(what)") }),
                  let from = settings["valid_from"].flatMap({ reader.date($0.value, "`valid_from` of \(what)") }),
                  let document = settings["document"].flatMap({ reader.text($0.value, "`document` of \(what)") }),
                  let sourceEntry = settings["source"], let source = reader.text(sourceEntry.value, "`source` of \(what)")
            else { continue }
            guard SourceConfidence(rawValue: source) != nil else {
                reader.report(sourceEntry.value, "`source` of \(what) must be `official`, `secondary` or `unconfirmed`, not `\(source)`")
                continue
            }
            let article = settings["article"].flatMap { reader.text($0.value, "`article` of \(what)") }
            if let previous = salaries.last, from <= previous.validFrom {
                reader.report(item, "base salary from \(from.iso) must come after the one from \(previous.validFrom.iso); list them in date order")
                continue
            }
            salaries.append(BaseSalary(amount: amount, validFrom: from, document: document, source: source, article: article))
        }
        return salaries
    }

    private mutating func loadAwards(_ node: ConfigNode, levels: [AuthorityLevel]) -> [Award] {
        guard let items = reader.sequence(node, "`awards`") else { return [] }
        var firstLine: [String: Int] = [:]
        var awards: [Award] = []
        for item in items {
            guard let settings = reader.mapping(item, "an award",
                                                required: ["code", "name", "category", "nominees", "granted_by", "legal_bases"],
                                                optional: ["council_vote", "appraisal", "public_posting", "eligibility"]),
                  let codeEntry = settings["code"], let code = reader.text(codeEntry.value, "the code of an award")
            else { continue }
            let what = "award `\(code)`"
            if let line = firstLine[code] {
                reader.report(codeEntry.value, "\(what) is defined twice (first at line \(line))")
                continue
            }
            firstLine[code] = codeEntry.value.line
            let name = settings["name"].flatMap { reader.text($0.value, "`name` of \(what)") }
            var category: AwardCategory?
            if let entry = settings["category"], let text = reader.text(entry.value, "`category` of \(what)") {
                category = AwardCategory(rawValue: text)
                if category == nil {
                    reader.report(entry.value, "unknown category `\(text)` of \(what); categories: title, form")
                }
            }
            var nominees: [NomineeKind] = []
            for nominee in settings["nominees"].flatMap({ reader.names($0.value, "`nominees` of \(what)") }) ?? [] {
                if let kind = NomineeKind(rawValue: nominee.name) {
                    nominees.append(kind)
                } else {
                    reader.report(nominee.node, "unknown nominee kind `\(nominee.name)` of \(what); kinds: individual, collective")
                }
            }
            let grants = settings["granted_by"].map { loadGrants($0.value, of: what, levels: levels) } ?? []
            let bases = settings["legal_bases"].map { loadBases($0.value, of: what, nominees: nominees) } ?? []
            let votes = settings["council_vote"].map { loadCouncilVotes($0.value, of: what) } ?? []
            let appraisals = settings["appraisal"].map { loadWorkingDaysRules($0.value, key: "appraisal", named: ("an", "appraisal rule"), of: what) } ?? []
            let postings = settings["public_posting"].map {
                loadWorkingDaysRules($0.value, key: "public_posting", named: ("a", "public posting rule"), of: what)
            } ?? []
            let eligibility = settings["eligibility"].map { loadEligibility($0.value, of: what, key: "eligibility") } ?? []
            if let name, let category, !nominees.isEmpty, !grants.isEmpty, !bases.isEmpty {
                awards.append(Award(code: code, name: name, category: category, nominees: nominees, grants: grants, legalBases: bases,
                                    councilVotes: votes, appraisals: appraisals, publicPostings: postings, eligibility: eligibility))
            }
        }
        return awards
    }

    /// Each entry a level's code (the power on every day), or `{level, valid_from, valid_to, article}`.
    private mutating func loadGrants(_ node: ConfigNode, of what: String, levels: [AuthorityLevel]) -> [AwardGrant] {
        guard let items = reader.sequence(node, "`granted_by` of \(what)") else { return [] }
        if items.isEmpty { reader.report(node, "`granted_by` of \(what) must name at least one authority level") }
        var grants: [AwardGrant] = []
        for item in items {
            let grant: AwardGrant
            let levelNode: ConfigNode
            if let code = item.scalarText {
                grant = AwardGrant(level: code)
                levelNode = item
            } else {
                let grantWhat = "an entry of `granted_by` of \(what)"
                guard let settings = reader.mapping(item, grantWhat, required: ["level"], optional: ["valid_from", "valid_to", "article"]),
                      let levelEntry = settings["level"], let code = reader.text(levelEntry.value, "`level` of \(grantWhat)")
                else { continue }
                let from = settings["valid_from"].flatMap { reader.date($0.value, "`valid_from` of \(grantWhat)") }
                let to = settings["valid_to"].flatMap { reader.date($0.value, "`valid_to` of \(grantWhat)") }
                if let from, let to, to < from, let toEntry = settings["valid_to"] {
                    reader.report(toEntry.value, "`valid_to` of \(grantWhat) is before its `valid_from`")
                    continue
                }
                let article = settings["article"].flatMap { reader.text($0.value, "`article` of \(grantWhat)") }
                grant = AwardGrant(level: code, validFrom: from, validTo: to, article: article)
                levelNode = levelEntry.value
            }
            guard levels.contains(where: { $0.code == grant.level }) else {
                reader.report(levelNode, "\(what) is granted by unknown authority level `\(grant.level)`; levels: \(levels.map(\.code).joined(separator: ", "))")
                continue
            }
            grants.append(grant)
        }
        return grants
    }

    private mutating func loadBases(_ node: ConfigNode, of what: String, nominees: [NomineeKind]) -> [LegalBasis] {
        guard let items = reader.sequence(node, "`legal_bases` of \(what)") else { return [] }
        if items.isEmpty { reader.report(node, "`legal_bases` of \(what) must list at least one legal text") }
        var bases: [(LegalBasis, ConfigNode)] = []
        for item in items {
            let basisWhat = "a legal basis of \(what)"
            guard let settings = reader.mapping(item, basisWhat, required: ["document", "valid_from"],
                                                optional: ["valid_to", "reward_multiple", "article", "confidence"]),
                  let document = settings["document"].flatMap({ reader.text($0.value, "`document` of \(basisWhat)") }),
                  let from = settings["valid_from"].flatMap({ reader.date($0.value, "`valid_from` of \(basisWhat)") })
            else { continue }
            let to = settings["valid_to"].flatMap { reader.date($0.value, "`valid_to` of \(basisWhat)") }
            if let to, to < from, let toEntry = settings["valid_to"] {
                reader.report(toEntry.value, "`valid_to` of \(basisWhat) is before its `valid_from`")
                continue
            }
            let multiples = settings["reward_multiple"].map { loadMultiples($0.value, of: what, nominees: nominees) } ?? [:]
            let article = settings["article"].flatMap { reader.text($0.value, "`article` of \(basisWhat)") }
            var confidence = SourceConfidence.official
            if let entry = settings["confidence"], let text = reader.text(entry.value, "`confidence` of \(basisWhat)") {
                if let known = SourceConfidence(rawValue: text) {
                    confidence = known
                } else {
                    reader.report(entry.value, "`confidence` of \(basisWhat) must be official, secondary or unconfirmed, not `\(text)`")
                }
            }
            bases.append((LegalBasis(document: document, article: article, validFrom: from, validTo: to, rewardMultiples: multiples,
                                     confidence: confidence), item))
        }
        for (index, (basis, item)) in bases.enumerated() {
            for (other, otherItem) in bases[..<index] where basis.overlaps(other) {
                reader.report(item, "legal basis \(basis.document) of \(what) overlaps \(other.document) (line \(otherItem.line)); one day has one rule")
            }
        }
        return bases.map(\.0)
    }

    /// The days and the source of a dated rule: `valid_from`, `valid_to`, `document`, `article` and
    /// `confidence`; nil, with the problem reported, when one is wrong.
    private mutating func ruleSource(_ settings: [String: ConfigEntry], _ ruleWhat: String)
        -> (from: LocalDate, to: LocalDate?, document: String, article: String?, confidence: SourceConfidence)? {
        guard let from = settings["valid_from"].flatMap({ reader.date($0.value, "`valid_from` of \(ruleWhat)") }),
              let document = settings["document"].flatMap({ reader.text($0.value, "`document` of \(ruleWhat)") }),
              let confidenceEntry = settings["confidence"],
              let confidenceText = reader.text(confidenceEntry.value, "`confidence` of \(ruleWhat)")
        else { return nil }
        let to = settings["valid_to"].flatMap { reader.date($0.value, "`valid_to` of \(ruleWhat)") }
        if let to, to < from, let toEntry = settings["valid_to"] {
            reader.report(toEntry.value, "`valid_to` of \(ruleWhat) is before its `valid_from`")
            return nil
        }
        guard let confidence = SourceConfidence(rawValue: confidenceText) else {
            reader.report(confidenceEntry.value, "`confidence` of \(ruleWhat) must be official, secondary or unconfirmed, not `\(confidenceText)`")
            return nil
        }
        return (from, to, document, settings["article"].flatMap { reader.text($0.value, "`article` of \(ruleWhat)") }, confidence)
    }

    /// `{valid_from, valid_to, agree_percent, at_least, of, quorum_percent, written_opinions, document, article, confidence}`.
    private mutating func loadCouncilVotes(_ node: ConfigNode, of what: String) -> [CouncilVoteRule] {
        guard let items = reader.sequence(node, "`council_vote` of \(what)") else { return [] }
        var rules: [(CouncilVoteRule, ConfigNode)] = []
        for item in items {
            let ruleWhat = "a council vote rule of \(what)"
            guard let settings = reader.mapping(item, ruleWhat,
                                                required: ["valid_from", "agree_percent", "at_least", "of", "written_opinions", "document", "confidence"],
                                                optional: ["valid_to", "quorum_percent", "article"]),
                  let source = ruleSource(settings, ruleWhat),
                  let agreeEntry = settings["agree_percent"],
                  let atLeast = settings["at_least"].flatMap({ reader.bool($0.value, "`at_least` of \(ruleWhat)") }),
                  let shareEntry = settings["of"], let shareText = reader.text(shareEntry.value, "`of` of \(ruleWhat)"),
                  let written = settings["written_opinions"].flatMap({ reader.bool($0.value, "`written_opinions` of \(ruleWhat)") })
            else { continue }
            guard let share = CouncilVoteRule.Share(rawValue: shareText) else {
                reader.report(shareEntry.value, "`of` of \(ruleWhat) must be all_members or present_members, not `\(shareText)`")
                continue
            }
            guard let agree = percent(agreeEntry.value, "`agree_percent` of \(ruleWhat)") else { continue }
            var quorum: Int?
            if let entry = settings["quorum_percent"] {
                guard let value = percent(entry.value, "`quorum_percent` of \(ruleWhat)") else { continue }
                quorum = value
            }
            rules.append((CouncilVoteRule(agreeHundredthsPercent: agree, atLeast: atLeast, share: share, quorumHundredthsPercent: quorum,
                                          writtenOpinions: written, validFrom: source.from, validTo: source.to, document: source.document,
                                          article: source.article, confidence: source.confidence), item))
        }
        for (index, (rule, item)) in rules.enumerated() {
            for (other, otherItem) in rules[..<index] where rule.overlaps(other) {
                reader.report(item, "council vote rule from \(rule.validFrom.iso) of \(what) overlaps the one from \(other.validFrom.iso) (line \(otherItem.line)); one day has one rule")
            }
        }
        return rules.map(\.0)
    }

    /// `{valid_from, valid_to, working_days, document, article, confidence}` under `key`.
    private mutating func loadWorkingDaysRules(_ node: ConfigNode, key: String, named name: (article: String, noun: String),
                                               of what: String) -> [WorkingDaysRule] {
        guard let items = reader.sequence(node, "`\(key)` of \(what)") else { return [] }
        var rules: [(WorkingDaysRule, ConfigNode)] = []
        for item in items {
            let ruleWhat = "\(name.article) \(name.noun) of \(what)"
            guard let settings = reader.mapping(item, ruleWhat, required: ["valid_from", "working_days", "document", "confidence"],
                                                optional: ["valid_to", "article"]),
                  let source = ruleSource(settings, ruleWhat),
                  let days = settings["working_days"].flatMap({ reader.integer($0.value, "`working_days` of \(ruleWhat)", in: 1...90) })
            else { continue }
            rules.append((WorkingDaysRule(workingDays: days, validFrom: source.from, validTo: source.to, document: source.document,
                                        article: source.article, confidence: source.confidence), item))
        }
        for (index, (rule, item)) in rules.enumerated() {
            for (other, otherItem) in rules[..<index] where rule.overlaps(other) {
                reader.report(item, "\(name.noun) from \(rule.validFrom.iso) of \(what) overlaps the one from \(other.validFrom.iso) (line \(otherItem.line)); one day has one rule")
            }
        }
        return rules.map(\.0)
    }

    /// `{rule, its parameters, valid_from, valid_to, document, article, confidence, severity}`.
    private mutating func loadEligibility(_ node: ConfigNode, of what: String, key: String) -> [EligibilityRule] {
        guard let items = reader.sequence(node, "`\(key)` of \(what)") else { return [] }
        var rules: [EligibilityRule] = []
        for item in items {
            let ruleWhat = "an eligibility rule of \(what)"
            guard let settings = reader.mapping(item, ruleWhat, required: ["rule", "valid_from", "document", "confidence"],
                                                optional: ["valid_to", "article", "severity"] + Self.conditionKeys),
                  let source = ruleSource(settings, ruleWhat),
                  let condition = condition(settings, ruleWhat, nested: false)
            else { continue }
            var severity = RuleSeverity.refuse
            if let entry = settings["severity"], let text = reader.text(entry.value, "`severity` of \(ruleWhat)") {
                guard let value = RuleSeverity(rawValue: text) else {
                    reader.report(entry.value, "`severity` of \(ruleWhat) must be refuse or warn, not `\(text)`")
                    continue
                }
                severity = value
            }
            rules.append(EligibilityRule(condition: condition, severity: severity, validFrom: source.from, validTo: source.to,
                                         document: source.document, article: source.article, confidence: source.confidence))
        }
        return rules
    }

    /// Every key a condition may have; each kind takes its own (`conditionKeys(of:)`).
    private static let conditionKeys = ["award", "times", "every", "years", "scope", "kinds", "at_least", "within", "of"]

    private static func conditionKeys(of kind: String) -> [String]? {
        switch kind {
        case "consecutive_award": ["award", "times", "every"]
        case "initiative": ["scope", "years", "kinds"]
        case "rating": ["at_least", "years"]
        case "no_block": ["kinds", "within"]
        case "any_of": ["of"]
        default: nil
        }
    }

    private mutating func condition(_ settings: [String: ConfigEntry], _ what: String, nested: Bool) -> EligibilityCondition? {
        guard let kindEntry = settings["rule"], let kind = reader.text(kindEntry.value, "`rule` of \(what)") else { return nil }
        guard let keys = Self.conditionKeys(of: kind), !(nested && kind == "any_of") else {
            reader.report(kindEntry.value, nested ? "a condition of any_of must be consecutive_award, initiative, rating or no_block, not `\(kind)`"
                                                  : "`rule` of \(what) must be consecutive_award, initiative, rating, no_block or any_of, not `\(kind)`")
            return nil
        }
        var fine = true
        for (key, entry) in settings where Self.conditionKeys.contains(key) && !keys.contains(key) {
            reader.report(entry, "`\(key)` does not apply to a \(kind) rule (\(what)); it takes: \(keys.joined(separator: ", "))")
            fine = false
        }
        func years() -> Int? {
            guard let entry = settings["years"] else { return 1 }
            return reader.integer(entry.value, "`years` of \(what)", in: 1...10)
        }
        func required(_ key: String) -> ConfigEntry? {
            guard let entry = settings[key] else {
                reader.report(kindEntry.value, "a \(kind) rule needs `\(key)` (\(what))")
                return nil
            }
            return entry
        }
        func value<Value: RawRepresentable & CaseIterable>(_ entry: ConfigEntry, _ type: Value.Type) -> Value? where Value.RawValue == String {
            guard let text = reader.text(entry.value, "`\(entry.key)` of \(what)") else { return nil }
            guard let value = Value(rawValue: text) else {
                reader.report(entry.value, "`\(entry.key)` of \(what) must be one of \(Value.allCases.map(\.rawValue).joined(separator: ", ")), not `\(text)`")
                return nil
            }
            return value
        }
        func values<Value: RawRepresentable & CaseIterable>(_ entry: ConfigEntry, _ type: Value.Type) -> [Value]? where Value.RawValue == String {
            guard let names = reader.names(entry.value, "`\(entry.key)` of \(what)") else { return nil }
            var found: [Value] = []
            for name in names {
                guard let value = Value(rawValue: name.name) else {
                    reader.report(name.node, "each of `\(entry.key)` of \(what) must be one of \(Value.allCases.map(\.rawValue).joined(separator: ", ")), not `\(name.name)`")
                    return nil
                }
                found.append(value)
            }
            return found
        }
        guard fine else { return nil }
        switch kind {
        case "consecutive_award":
            guard let entry = required("award"), let award = reader.text(entry.value, "`award` of \(what)"),
                  let times = required("times").flatMap({ reader.integer($0.value, "`times` of \(what)", in: 1...10) }),
                  let every = settings["every"].map({ reader.integer($0.value, "`every` of \(what)", in: 1...10) }) ?? 1
            else { return nil }
            awardsNamedByRules.append((award, entry.value, what))
            return .consecutiveAward(award: award, times: times, every: every)
        case "initiative":
            guard let entry = required("scope"), let scope = value(entry, InitiativeScope.self), let years = years() else { return nil }
            let kinds = settings["kinds"].map { values($0, InitiativeKind.self) } ?? InitiativeKind.allCases
            guard let kinds else { return nil }
            return .initiative(scope: scope, years: years, kinds: kinds)
        case "rating":
            guard let entry = required("at_least"), let rating = value(entry, PerformanceRating.self), let years = years() else { return nil }
            return .rating(atLeast: rating, years: years)
        case "no_block":
            guard let entry = required("kinds"), let kinds = values(entry, BlockKind.self) else { return nil }
            var duringTheYear = false
            if let within = settings["within"], let text = reader.text(within.value, "`within` of \(what)") {
                guard text == "day" || text == "year" else {
                    reader.report(within.value, "`within` of \(what) must be day or year, not `\(text)`")
                    return nil
                }
                duringTheYear = text == "year"
            }
            return .noBlock(kinds: kinds, duringTheYear: duringTheYear)
        default:
            guard let entry = required("of"), let items = reader.sequence(entry.value, "`of` of \(what)") else { return nil }
            if items.count < 2 { reader.report(entry.value, "`of` of \(what) lists at least two conditions") }
            var conditions: [EligibilityCondition] = []
            for item in items {
                let conditionWhat = "a condition of \(what)"
                guard let nested = reader.mapping(item, conditionWhat, required: ["rule"], optional: Self.conditionKeys),
                      let condition = condition(nested, conditionWhat, nested: true)
                else { continue }
                conditions.append(condition)
            }
            return conditions.count == items.count && items.count >= 2 ? .anyOf(conditions) : nil
        }
    }

    /// A share in percent, above 0 and at most 100, with at most two decimals: in hundredths.
    private mutating func percent(_ node: ConfigNode, _ what: String) -> Int? {
        guard let text = node.scalarText, let value = RewardMultiple(parsing: text), value.tenThousandths % 100 == 0,
              value.tenThousandths > 0, value.tenThousandths <= 1_000_000 else {
            reader.report(node, "\(what) must be a percentage above 0 and at most 100, with at most two decimals, not \(node.shortDescription)")
            return nil
        }
        return value.tenThousandths / 100
    }

    /// One number for every nominee kind, or `{individual: 1.5, collective: 3}`.
    private mutating func loadMultiples(_ node: ConfigNode, of what: String, nominees: [NomineeKind]) -> [NomineeKind: RewardMultiple] {
        if let text = node.scalarText {
            guard let multiple = RewardMultiple(parsing: text) else {
                reader.report(node, "`reward_multiple` of \(what) must be a number with at most four decimals, not `\(text)`")
                return [:]
            }
            return Dictionary(uniqueKeysWithValues: nominees.map { ($0, multiple) })
        }
        guard let entries = reader.namedEntries(node, "`reward_multiple` of \(what)") else { return [:] }
        var multiples: [NomineeKind: RewardMultiple] = [:]
        for entry in entries {
            guard let kind = NomineeKind(rawValue: entry.key), nominees.contains(kind) else {
                reader.report(entry, "`reward_multiple` of \(what) names `\(entry.key)`, which is not one of its nominees: \(nominees.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            guard let text = entry.value.scalarText, let multiple = RewardMultiple(parsing: text) else {
                reader.report(entry.value, "`reward_multiple` of \(what) must be a number with at most four decimals, not \(entry.value.shortDescription)")
                continue
            }
            multiples[kind] = multiple
        }
        return multiples
    }
}
