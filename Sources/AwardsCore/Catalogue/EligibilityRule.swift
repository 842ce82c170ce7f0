import Foundation

/// Where an initiative's effect is recognised (awards.initiatives.scope), narrowest first.
public enum InitiativeScope: String, CaseIterable, Hashable, Sendable, Codable {
    case grassroots, province, national

    public var vietnamese: String {
        switch self {
        case .grassroots: "cấp cơ sở"
        case .province: "cấp bộ, ngành, tỉnh"
        case .national: "toàn quốc"
        }
    }
}

public enum InitiativeKind: String, CaseIterable, Hashable, Sendable, Codable {
    case initiative, research

    public var vietnamese: String { self == .initiative ? "sáng kiến" : "đề tài nghiên cứu khoa học" }
}

/// The annual rating of how a person did their duties (xếp loại), highest first.
public enum PerformanceRating: String, CaseIterable, Hashable, Sendable, Codable {
    case excellent, good, completed
    case notCompleted = "not_completed"

    public var vietnamese: String {
        switch self {
        case .excellent: "hoàn thành xuất sắc nhiệm vụ"
        case .good: "hoàn thành tốt nhiệm vụ"
        case .completed: "hoàn thành nhiệm vụ"
        case .notCompleted: "không hoàn thành nhiệm vụ"
        }
    }
}

/// What keeps a nominee from being proposed while it lasts (awards.nominee_blocks.kind).
public enum BlockKind: String, CaseIterable, Hashable, Sendable, Codable {
    case disciplinePending = "discipline_pending"
    case disciplined, inspection, investigation, complaint

    public var vietnamese: String {
        switch self {
        case .disciplinePending: "đang bị xem xét kỷ luật"
        case .disciplined: "bị kỷ luật"
        case .inspection: "đang bị thanh tra, kiểm tra"
        case .investigation: "đang bị điều tra"
        case .complaint: "có đơn khiếu nại, tố cáo đang được xác minh"
        }
    }
}

/// What an eligibility rule asks of a nominee for the year it is proposed for. The database judges it
/// (awards.eligibility, schema/0031); the catalogue only states it.
public indirect enum EligibilityCondition: Hashable, Sendable {
    /// The award held `times` times in a row, for the year and for every `every` years before it (a title
    /// of one year: every 1; Chiến sĩ thi đua cấp tỉnh, for three years: every 3).
    case consecutiveAward(award: String, times: Int, every: Int)
    /// An initiative (or research) recognised at `scope` or wider within the `years` years ending with the year.
    case initiative(scope: InitiativeScope, years: Int, kinds: [InitiativeKind])
    /// The annual rating at least `atLeast` in each of the `years` years ending with the year.
    case rating(atLeast: PerformanceRating, years: Int)
    /// None of these blocks on the day of the check (`duringTheYear` false) or at any time in the year.
    case noBlock(kinds: [BlockKind], duringTheYear: Bool)
    /// One of the conditions holds.
    case anyOf([EligibilityCondition])

    /// The kind, as awards.eligibility_rules.kind spells it.
    public var kind: String {
        switch self {
        case .consecutiveAward: "consecutive_award"
        case .initiative: "initiative"
        case .rating: "rating"
        case .noBlock: "no_block"
        case .anyOf: "any_of"
        }
    }

    /// The parameters, as awards.eligibility_rules.params holds them (JSON, keys sorted).
    public var parametersJSON: String {
        func quoted(_ text: String) -> String { "\"\(text)\"" }
        func list(_ items: [String]) -> String { "[" + items.map(quoted).joined(separator: ",") + "]" }
        switch self {
        case .consecutiveAward(let award, let times, let every):
            return "{\"award\":\(quoted(award)),\"every\":\(every),\"times\":\(times)}"
        case .initiative(let scope, let years, let kinds):
            return "{\"kinds\":\(list(kinds.map(\.rawValue))),\"scope\":\(quoted(scope.rawValue)),\"years\":\(years)}"
        case .rating(let atLeast, let years):
            return "{\"at_least\":\(quoted(atLeast.rawValue)),\"years\":\(years)}"
        case .noBlock(let kinds, let year):
            return "{\"kinds\":\(list(kinds.map(\.rawValue))),\"within\":\(quoted(year ? "year" : "day"))}"
        case .anyOf:
            return "{}"
        }
    }

    /// The awards it names, to check they exist.
    var awardsNamed: [String] {
        switch self {
        case .consecutiveAward(let award, _, _): [award]
        case .anyOf(let conditions): conditions.flatMap(\.awardsNamed)
        default: []
        }
    }

    var canonicalText: String {
        switch self {
        case .anyOf(let conditions): "any_of(" + conditions.map(\.canonicalText).joined(separator: "; ") + ")"
        default: kind + parametersJSON
        }
    }
}

/// Whether a nominee failing a rule is refused or only warned about.
public enum RuleSeverity: String, CaseIterable, Hashable, Sendable {
    case refuse, warn
}

/// A condition of eligibility for an award, for the days a legal text sets it.
public struct EligibilityRule: DatedRule, Hashable, Sendable {
    public let condition: EligibilityCondition
    public let severity: RuleSeverity
    public let validFrom: LocalDate
    public let validTo: LocalDate?
    public let document: String
    public let article: String?
    public let confidence: SourceConfidence

    public init(condition: EligibilityCondition, severity: RuleSeverity, validFrom: LocalDate, validTo: LocalDate?, document: String,
                article: String?, confidence: SourceConfidence) {
        self.condition = condition
        self.severity = severity
        self.validFrom = validFrom
        self.validTo = validTo
        self.document = document
        self.article = article
        self.confidence = confidence
    }

    var canonicalText: String {
        "\(severity.rawValue) \(condition.canonicalText) \(validFrom.iso)..\(validTo?.iso ?? "") \(document) \(article ?? "-") \(confidence.rawValue)"
    }
}
