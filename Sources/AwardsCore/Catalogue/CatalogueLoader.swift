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

    mutating func load(_ text: String) -> AwardCatalogue? {
        guard let root = reader.parse(text),
              let top = reader.mapping(root, "the catalogue file",
                                       required: ["version", "authority_levels", "base_salary", "awards"],
                                       optional: ["reward_rounding"])
        else { return nil }
        let version = top["version"].flatMap { reader.text($0.value, "`version`") }
        let levels = top["authority_levels"].map { loadLevels($0.value) } ?? []
        let salaries = top["base_salary"].map { loadSalaries($0.value) } ?? []
        let awards = top["awards"].map { loadAwards($0.value, levels: levels) } ?? []
        let rounding = top["reward_rounding"].flatMap { reader.positiveInteger($0.value, "`reward_rounding` (whole đồng)") }
            ?? AwardCatalogue.defaultRewardRounding
        guard reader.problems.isEmpty, let version else { return nil }
        return AwardCatalogue(version: version, authorityLevels: levels, awards: awards, baseSalaries: salaries,
                              rewardRounding: rounding)
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
                                                optional: ["council_vote", "appraisal", "public_posting"]),
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
            if let name, let category, !nominees.isEmpty, !grants.isEmpty, !bases.isEmpty {
                awards.append(Award(code: code, name: name, category: category, nominees: nominees, grants: grants, legalBases: bases,
                                    councilVotes: votes, appraisals: appraisals, publicPostings: postings))
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
