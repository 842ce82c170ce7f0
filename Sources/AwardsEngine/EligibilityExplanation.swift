import AwardsCore
import AwardsStore

/// A finding of awards.eligibility as an officer reads it: what the rule asks, what was found, and its source.
public enum EligibilityExplanation {
    public static func text(_ finding: EligibilityFinding, children: [EligibilityFinding] = [], in language: Language,
                            sourceShown: Bool = true) -> String {
        let facts = finding.facts
        func years(_ key: String) -> [Int] { facts[key]?.list.compactMap(\.int) ?? [] }
        func joined(_ values: [Int]) -> String { values.map(String.init).joined(separator: ", ") }
        let what: (String, String)
        switch finding.kind {
        case "consecutive_award":
            let award = facts["award"]?.text ?? "?"
            let have = years("have"), missing = years("missing"), all = have.count + missing.count
            what = ("\(award) \(have.count)/\(all) lần liên tục" + (have.isEmpty ? "" : " (\(joined(have)))") + (missing.isEmpty ? "" : "; thiếu \(joined(missing))"),
                    "\(award) \(have.count) of \(all) in a row" + (have.isEmpty ? "" : " (\(joined(have)))") + (missing.isEmpty ? "" : "; missing \(joined(missing))"))
        case "initiative":
            let scope = facts["scope"]?.text.flatMap(InitiativeScope.init(rawValue:))
            let from = facts["from"]?.int ?? 0, to = facts["to"]?.int ?? 0
            let found = facts["found"]?.list.compactMap { $0.fields["title"]?.text } ?? []
            let span = from == to ? "\(to)" : "\(from)–\(to)"
            what = found.isEmpty
                ? ("chưa có sáng kiến, đề tài được công nhận \(scope?.vietnamese ?? "") trong \(span)",
                   "no initiative or research recognised at \(scope?.rawValue ?? "?") scope in \(span)")
                : ("sáng kiến \(scope?.vietnamese ?? ""): \(found.joined(separator: "; "))", "initiative at \(scope?.rawValue ?? "?") scope: \(found.joined(separator: "; "))")
        case "rating":
            let level = facts["at_least"]?.text.flatMap(PerformanceRating.init(rawValue:))
            let missing = years("missing")
            what = missing.isEmpty ? ("xếp loại từ \(level?.vietnamese ?? "") trở lên", "rated \(level?.rawValue ?? "?") or better")
                : ("chưa xếp loại \(level?.vietnamese ?? "") trở lên năm \(joined(missing))", "not rated \(level?.rawValue ?? "?") or better in \(joined(missing))")
        case "no_block":
            let blocks = facts["blocks"]?.list.map { block -> (String, String) in
                let kind = block.fields["kind"]?.text.flatMap(BlockKind.init(rawValue:))
                let from = block.fields["from"]?.text.flatMap(LocalDate.init(parsing:))?.vietnamese ?? ""
                return ("\(kind?.vietnamese ?? "?") từ \(from) (\(block.fields["note"]?.text ?? ""))", "\(kind?.rawValue ?? "?") since \(from)")
            } ?? []
            what = blocks.isEmpty ? ("không có việc chưa xét khen thưởng", "nothing blocks it")
                : (blocks.map(\.0).joined(separator: "; "), blocks.map(\.1).joined(separator: "; "))
        case "not_seen":
            what = ("hồ sơ của người được đề nghị nằm ngoài phạm vi bạn được xem, nên không xét được",
                    "the nominee's record is outside what you may read, so it cannot be judged")
        default:
            // A condition from the same article as the rule it belongs to says so once, after the rule.
            let parts = children.map { child in
                text(child, in: language, sourceShown: (child.document, child.article, child.confidence) != (finding.document, finding.article, finding.confidence))
            }
            what = ("một trong: " + parts.joined(separator: " | "), "one of: " + parts.joined(separator: " | "))
        }
        let source = finding.document + (finding.article.map { ", \($0)" } ?? "")
        let mark = finding.passed ? "✓" : (finding.severity == "warn" ? "!" : "✗")
        let sure = finding.confidence == "official" ? "" : language.text(vi: "; nguồn: \(finding.confidence == "secondary" ? "thứ cấp" : "chưa xác nhận")",
                                                                        en: "; source: \(finding.confidence)")
        return "\(mark) " + language.text(vi: what.0, en: what.1) + (sourceShown && !finding.document.isEmpty ? " (\(source)\(sure))" : "")
    }

    /// The top-level findings of a verdict, each with its conditions.
    public static func lines(_ verdict: EligibilityVerdict, in language: Language, failedOnly: Bool = false) -> [String] {
        lines(verdict.findings, in: language, failedOnly: failedOnly)
    }

    /// The rules that failed, each with its conditions.
    public static func failures(_ findings: [EligibilityFinding], in language: Language) -> [String] {
        lines(findings, in: language, failedOnly: true)
    }

    static func lines(_ findings: [EligibilityFinding], in language: Language, failedOnly: Bool) -> [String] {
        findings.filter { $0.parent == nil && (!failedOnly || !$0.passed) }.map { finding in
            text(finding, children: findings.filter { $0.parent == finding.rule }, in: language)
        }
    }
}
