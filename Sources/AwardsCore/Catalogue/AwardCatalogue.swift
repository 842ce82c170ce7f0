import Foundation

/// Who is nominated: a person, or a collective (a unit, team, enterprise).
public enum NomineeKind: String, CaseIterable, Hashable, Sendable {
    case individual, collective

    /// cá nhân, tập thể: as award regulations name them.
    public var vietnamese: String {
        switch self {
        case .individual: "cá nhân"
        case .collective: "tập thể"
        }
    }
}

/// A title (danh hiệu thi đua) or a form of commendation (hình thức khen thưởng).
public enum AwardCategory: String, CaseIterable, Hashable, Sendable {
    case title, form
}

/// Someone who signs award decisions: a unit head, a commune or provincial chair, the Prime Minister…
/// Levels come and go with the law (the district level ended in 2025), hence the validity dates.
public struct AuthorityLevel: Hashable, Sendable {
    public let code: String
    public let name: String
    /// Whether a decision at this level is taken inside the province; awards only granted above it are forwarded.
    public let isWithinProvince: Bool
    public let validFrom: LocalDate?
    public let validTo: LocalDate?

    public func isValid(on date: LocalDate) -> Bool {
        (validFrom.map { $0 <= date } ?? true) && (validTo.map { date <= $0 } ?? true)
    }
}

/// A multiple of the base salary, held exactly in ten-thousandths (1.5 is 15000): money is never a Double.
public struct RewardMultiple: Hashable, Sendable, CustomStringConvertible {
    public let tenThousandths: Int

    public init(tenThousandths: Int) {
        self.tenThousandths = tenThousandths
    }

    /// Accepts `1`, `1.5`, `0.3`, `1,5` (Vietnamese decimal comma); at most four decimals.
    public init?(parsing text: String) {
        let normalized = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        let parts = normalized.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isASCIIDigit),
              let whole = Int(parts[0]) else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...4).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else { return nil }
            fraction = Int(digits + String(repeating: "0", count: 4 - digits.count))!
        }
        guard whole < 1_000 else { return nil }
        self.tenThousandths = whole * 10_000 + fraction
    }

    public var description: String {
        let whole = tenThousandths / 10_000
        var fraction = String(tenThousandths % 10_000)
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// How far a figure of the catalogue was checked: against the legal text itself, against a secondary
/// source that quotes it, or not at all (taken from the project's notes until someone reads the text).
public enum SourceConfidence: String, CaseIterable, Hashable, Sendable {
    case official, secondary, unconfirmed
}

/// A rule of the catalogue in force from its first day to its last (nil while still in force).
public protocol DatedRule {
    var validFrom: LocalDate { get }
    var validTo: LocalDate? { get }
}

extension DatedRule {
    public func isValid(on date: LocalDate) -> Bool {
        validFrom <= date && (validTo.map { date <= $0 } ?? true)
    }

    /// Whether some day is in force under both.
    public func overlaps(_ other: some DatedRule) -> Bool {
        (validTo.map { $0 >= other.validFrom } ?? true) && (other.validTo.map { $0 >= validFrom } ?? true)
    }
}

/// A legal text that governs an award for a span of days, and the reward it sets.
public struct LegalBasis: DatedRule, Hashable, Sendable {
    public let document: String
    /// The article (điều, khoản) that sets the award's reward, when known.
    public let article: String?
    public let validFrom: LocalDate
    /// Last day in force; nil while still in force.
    public let validTo: LocalDate?
    /// Per nominee kind; absent where no figure is known.
    public let rewardMultiples: [NomineeKind: RewardMultiple]
    public let confidence: SourceConfidence

    public init(document: String, article: String? = nil, validFrom: LocalDate, validTo: LocalDate?,
                rewardMultiples: [NomineeKind: RewardMultiple], confidence: SourceConfidence = .official) {
        self.document = document
        self.article = article
        self.validFrom = validFrom
        self.validTo = validTo
        self.rewardMultiples = rewardMultiples
        self.confidence = confidence
    }
}

public struct Award: Hashable, Sendable {
    public let code: String
    public let name: String
    public let category: AwardCategory
    public let nominees: [NomineeKind]
    /// Who signs this award, each for the days the law gives them the power.
    public let grants: [AwardGrant]
    public let legalBases: [LegalBasis]
    /// The council's secret ballot the award needs, each rule for the days a legal text sets it; an award
    /// with no rule on a day needs no vote that day.
    public let councilVotes: [CouncilVoteRule]
    /// The standing agency's appraisal the award needs before it is decided, each rule for its days.
    public let appraisals: [WorkingDaysRule]
    /// The public posting for the people's opinion (lấy ý kiến Nhân dân) the award needs, within its
    /// appraisal, before a line is found eligible.
    public let publicPostings: [WorkingDaysRule]
    /// What a nominee must have done or be clear of to be proposed for it, each rule for its days.
    public let eligibility: [EligibilityRule]

    public init(code: String, name: String, category: AwardCategory, nominees: [NomineeKind], grants: [AwardGrant],
                legalBases: [LegalBasis], councilVotes: [CouncilVoteRule] = [], appraisals: [WorkingDaysRule] = [],
                publicPostings: [WorkingDaysRule] = [], eligibility: [EligibilityRule] = []) {
        self.code = code
        self.name = name
        self.category = category
        self.nominees = nominees
        self.grants = grants
        self.legalBases = legalBases
        self.councilVotes = councilVotes
        self.appraisals = appraisals
        self.publicPostings = publicPostings
        self.eligibility = eligibility
    }

    public func councilVote(on date: LocalDate) -> CouncilVoteRule? { councilVotes.first { $0.isValid(on: date) } }
    public func appraisal(on date: LocalDate) -> WorkingDaysRule? { appraisals.first { $0.isValid(on: date) } }
    public func publicPosting(on date: LocalDate) -> WorkingDaysRule? { publicPostings.first { $0.isValid(on: date) } }

    /// Every authority level that ever signs it, in catalogue order.
    public var grantedBy: [String] {
        grants.map(\.level).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    public func legalBasis(on date: LocalDate) -> LegalBasis? { legalBases.first { $0.isValid(on: date) } }
}

/// The power of one authority level to sign an award, from one day to another (open ends unbounded),
/// with the article that gives it.
public struct AwardGrant: Hashable, Sendable {
    public let level: String
    public let validFrom: LocalDate?
    public let validTo: LocalDate?
    public let article: String?

    public init(level: String, validFrom: LocalDate? = nil, validTo: LocalDate? = nil, article: String? = nil) {
        self.level = level
        self.validFrom = validFrom
        self.validTo = validTo
        self.article = article
    }

    public func isValid(on date: LocalDate) -> Bool {
        (validFrom.map { $0 <= date } ?? true) && (validTo.map { date <= $0 } ?? true)
    }
}

/// The vote of the emulation council (Hội đồng Thi đua – Khen thưởng) an award needs, by secret ballot:
/// agreeing ballots as a share of all voting members or of those present, the quorum, whether an absent
/// member's written opinion counts. The database counts by it (awards.count_council_ballots); this side
/// only reads and validates it.
public struct CouncilVoteRule: DatedRule, Hashable, Sendable {
    public enum Share: String, CaseIterable, Hashable, Sendable {
        case allMembers = "all_members", presentMembers = "present_members"
    }

    /// Whole hundredths of a percent: 90 % is 9000, two thirds 6667.
    public let agreeHundredthsPercent: Int
    /// "từ … trở lên" (at least) rather than "trên …" (more than).
    public let atLeast: Bool
    public let share: Share
    public let quorumHundredthsPercent: Int?
    public let writtenOpinions: Bool
    public let validFrom: LocalDate
    public let validTo: LocalDate?
    public let document: String
    public let article: String?
    public let confidence: SourceConfidence

    public init(agreeHundredthsPercent: Int, atLeast: Bool, share: Share, quorumHundredthsPercent: Int?, writtenOpinions: Bool,
                validFrom: LocalDate, validTo: LocalDate?, document: String, article: String?, confidence: SourceConfidence) {
        self.agreeHundredthsPercent = agreeHundredthsPercent
        self.atLeast = atLeast
        self.share = share
        self.quorumHundredthsPercent = quorumHundredthsPercent
        self.writtenOpinions = writtenOpinions
        self.validFrom = validFrom
        self.validTo = validTo
        self.document = document
        self.article = article
        self.confidence = confidence
    }

    static func percentText(_ hundredths: Int) -> String {
        hundredths % 100 == 0 ? "\(hundredths / 100)" : String(format: "%d.%02d", hundredths / 100, hundredths % 100)
    }
}

/// A step an award needs for the days a text sets it, with the working days it takes: the standing
/// agency's appraisal (thẩm định; the database enforces it in awards.check_lines_passed_appraisal) or the
/// public posting for the people's opinion (awards.check_eligible_after_posting).
public struct WorkingDaysRule: DatedRule, Hashable, Sendable {
    public let workingDays: Int
    public let validFrom: LocalDate
    public let validTo: LocalDate?
    public let document: String
    public let article: String?
    public let confidence: SourceConfidence

    public init(workingDays: Int, validFrom: LocalDate, validTo: LocalDate?, document: String, article: String?, confidence: SourceConfidence) {
        self.workingDays = workingDays
        self.validFrom = validFrom
        self.validTo = validTo
        self.document = document
        self.article = article
        self.confidence = confidence
    }
}

/// Lương cơ sở: the amount in đồng from a date until the next entry.
public struct BaseSalary: Hashable, Sendable {
    public let amount: Int
    public let validFrom: LocalDate
    public let document: String
    /// `official` when checked against the legal text, `secondary` when taken from other sources,
    /// `unconfirmed` when neither was found.
    public let source: String
    /// The article that sets it, when known.
    public let article: String?

    public init(amount: Int, validFrom: LocalDate, document: String, source: String, article: String? = nil) {
        self.amount = amount
        self.validFrom = validFrom
        self.document = document
        self.source = source
        self.article = article
    }
}

/// What an award is worth on a decision date, and why.
public struct RewardAmount: Hashable, Sendable {
    /// Rounded up to a multiple of the catalogue's `reward_rounding` (10,000 đồng).
    public let dong: Int
    public let multiple: RewardMultiple
    public let baseSalary: BaseSalary
    public let legalBasis: LegalBasis
}

/// A refused catalogue question, phrased for the person who asked it.
public struct AwardLookupError: Error, Hashable, Sendable, CustomStringConvertible, BilingualError {
    /// In English.
    public let message: String
    public let vietnamese: String

    public init(vi vietnamese: String, en message: String) {
        self.message = message
        self.vietnamese = vietnamese
    }

    public func message(in language: Language) -> String { language.text(vi: vietnamese, en: message) }
    public var description: String { message }
}

public struct AwardCatalogue: Sendable {
    public let version: String
    public let authorityLevels: [AuthorityLevel]
    public let awards: [Award]
    /// In date order.
    public let baseSalaries: [BaseSalary]
    /// Eligibility rules of every award (the blocks, say), beside each award's own.
    public let eligibilityForEveryAward: [EligibilityRule]

    /// Rewards are rounded up to a multiple of this many đồng.
    public let rewardRounding: Int
    public static let defaultRewardRounding = 10_000

    init(version: String, authorityLevels: [AuthorityLevel], awards: [Award], baseSalaries: [BaseSalary],
         rewardRounding: Int = defaultRewardRounding, eligibilityForEveryAward: [EligibilityRule] = []) {
        self.rewardRounding = rewardRounding
        self.eligibilityForEveryAward = eligibilityForEveryAward
        self.version = version
        self.authorityLevels = authorityLevels
        self.awards = awards
        self.baseSalaries = baseSalaries.sorted { $0.validFrom < $1.validFrom }
    }

    public func awardsValid(on date: LocalDate) -> [Award] {
        awards.filter { $0.legalBasis(on: date) != nil }
    }

    /// The award with that code, provided a legal basis for it is in force on the date.
    public func award(code: String, on date: LocalDate) throws(AwardLookupError) -> Award {
        let valid = awardsValid(on: date)
        if let award = valid.first(where: { $0.code == code }) { return award }
        let list = valid.map(\.code).joined(separator: ", ")
        if let known = awards.first(where: { $0.code == code }) {
            let spans = known.legalBases.map { "\($0.validFrom.vietnamese)–\($0.validTo?.vietnamese ?? "")" }
            throw AwardLookupError(
                vi: "danh hiệu/hình thức khen thưởng \(code) (\(known.name)) không có căn cứ pháp lý vào ngày \(date.vietnamese) (hiệu lực: \(spans.joined(separator: ", "))); áp dụng vào ngày đó: \(list)",
                en: "award \(code) (\(known.name)) has no legal basis on \(date.vietnamese) (in force: \(spans.joined(separator: ", "))); awards on that date: \(list)")
        }
        throw AwardLookupError(
            vi: "không có danh hiệu/hình thức khen thưởng \(code) vào ngày \(date.vietnamese); áp dụng vào ngày đó: \(list)",
            en: "unknown award \(code) on \(date.vietnamese); awards on that date: \(list)")
    }

    public func checkFits(_ award: Award, nominee: NomineeKind) throws(AwardLookupError) {
        guard award.nominees.contains(nominee) else {
            throw AwardLookupError(
                vi: "\(award.code) (\(award.name)) dành cho \(award.nominees.map(\.vietnamese).joined(separator: " hoặc ")), không dành cho \(nominee.vietnamese)",
                en: "award \(award.code) (\(award.name)) is for \(award.nominees.map(\.rawValue).joined(separator: " or ")) nominees, not \(nominee.rawValue)")
        }
    }

    public func authorityLevel(code: String) -> AuthorityLevel? { authorityLevels.first { $0.code == code } }

    /// Levels that sign this award on the date, in catalogue order.
    public func grantingLevels(of award: Award, on date: LocalDate) -> [AuthorityLevel] {
        authorityLevels.filter { level in
            level.isValid(on: date) && award.grants.contains { $0.level == level.code && $0.isValid(on: date) }
        }
    }

    public func canGrant(authorityLevel: String, award: Award, on date: LocalDate) -> Bool {
        award.legalBasis(on: date) != nil && grantingLevels(of: award, on: date).contains { $0.code == authorityLevel }
    }

    /// True when nobody inside the province may grant it on the date: the nomination must be forwarded.
    public func isBeyondProvince(_ award: Award, on date: LocalDate) -> Bool {
        !grantingLevels(of: award, on: date).contains(where: \.isWithinProvince)
    }

    public func baseSalary(on date: LocalDate) throws(AwardLookupError) -> BaseSalary {
        guard let salary = baseSalaries.last(where: { $0.validFrom <= date }) else {
            let first = baseSalaries.first?.validFrom.vietnamese
            throw AwardLookupError(
                vi: "chưa có mức lương cơ sở cho ngày \(date.vietnamese); bảng lương cơ sở bắt đầu từ \(first ?? "(trống)")",
                en: "no base salary is known for \(date.vietnamese); the table starts on \(first ?? "no date")")
        }
        return salary
    }

    /// Everything the catalogue decides, one fact a line in a stable order, comments and layout left out:
    /// what its fingerprint is taken of.
    public var canonicalText: String {
        func day(_ date: LocalDate?) -> String { date?.iso ?? "-" }
        var lines = ["version \(version)", "reward_rounding \(rewardRounding)"]
        for level in authorityLevels.sorted(by: { $0.code < $1.code }) {
            lines.append("level \(level.code) \(level.name) within=\(level.isWithinProvince) \(day(level.validFrom))..\(day(level.validTo))")
        }
        for salary in baseSalaries {
            lines.append("salary \(salary.amount) from=\(salary.validFrom.iso) \(salary.document) \(salary.article ?? "-") \(salary.source)")
        }
        for award in awards.sorted(by: { $0.code < $1.code }) {
            lines.append("award \(award.code) \(award.name) \(award.category.rawValue) \(award.nominees.map(\.rawValue).joined(separator: ","))")
            for grant in award.grants {
                lines.append("  grant \(grant.level) \(day(grant.validFrom))..\(day(grant.validTo)) \(grant.article ?? "-")")
            }
            for basis in award.legalBases {
                let multiples = basis.rewardMultiples.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }
                lines.append("  basis \(basis.document) \(basis.article ?? "-") \(basis.validFrom.iso)..\(day(basis.validTo)) "
                             + "\(multiples.joined(separator: ",")) \(basis.confidence.rawValue)")
            }
            for vote in award.councilVotes {
                lines.append("  council \(vote.atLeast ? ">=" : ">")\(CouncilVoteRule.percentText(vote.agreeHundredthsPercent)) \(vote.share.rawValue) "
                             + "quorum=\(vote.quorumHundredthsPercent.map(CouncilVoteRule.percentText) ?? "-") written=\(vote.writtenOpinions) "
                             + "\(vote.validFrom.iso)..\(day(vote.validTo)) \(vote.document) \(vote.article ?? "-") \(vote.confidence.rawValue)")
            }
            for rule in award.appraisals {
                lines.append("  appraisal \(rule.workingDays) working days \(rule.validFrom.iso)..\(day(rule.validTo)) \(rule.document) "
                             + "\(rule.article ?? "-") \(rule.confidence.rawValue)")
            }
            for rule in award.publicPostings {
                lines.append("  posting \(rule.workingDays) working days \(rule.validFrom.iso)..\(day(rule.validTo)) \(rule.document) "
                             + "\(rule.article ?? "-") \(rule.confidence.rawValue)")
            }
            for rule in award.eligibility { lines.append("  eligibility \(rule.canonicalText)") }
        }
        for rule in eligibilityForEveryAward { lines.append("eligibility of every award \(rule.canonicalText)") }
        return lines.joined(separator: "\n")
    }

    /// Identifies the catalogue's content: a version loaded once keeps it (decisions name the version).
    public var fingerprint: String { FNV1a64.hex(of: canonicalText) }

    /// Multiple × base salary on the decision date, rounded up to 10,000 đồng.
    public func reward(for award: Award, nominee: NomineeKind, decisionDate: LocalDate) throws(AwardLookupError) -> RewardAmount {
        guard let basis = award.legalBasis(on: decisionDate) else {
            _ = try self.award(code: award.code, on: decisionDate)
            throw AwardLookupError(vi: "\(award.code) không có căn cứ pháp lý vào ngày \(decisionDate.vietnamese)",
                                   en: "award \(award.code) has no legal basis on \(decisionDate.vietnamese)")
        }
        guard let multiple = basis.rewardMultiples[nominee] else {
            throw AwardLookupError(
                vi: "chưa có hệ số tiền thưởng cho \(award.code) (\(nominee.vietnamese)) theo \(basis.document); hãy bổ sung vào danh mục theo văn bản pháp luật",
                en: "no reward multiple is known for \(award.code) (\(nominee.rawValue)) under \(basis.document); add it to the catalogue from the legal text")
        }
        let salary = try baseSalary(on: decisionDate)
        return RewardAmount(dong: Self.roundedUpReward(baseSalary: salary.amount, multiple: multiple, step: rewardRounding),
                            multiple: multiple, baseSalary: salary, legalBasis: basis)
    }

    /// Exact integer arithmetic: (salary × ten-thousandths) / 10⁴, then up to the next `step` đồng.
    public static func roundedUpReward(baseSalary: Int, multiple: RewardMultiple, step: Int = defaultRewardRounding) -> Int {
        let scaled = baseSalary * multiple.tenThousandths
        let divisor = 10_000 * step
        return (scaled + divisor - 1) / divisor * step
    }
}
