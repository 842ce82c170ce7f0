import Testing
import AwardsCore

@Suite struct AwardCatalogueTests {
    let catalogue: AwardCatalogue

    init() throws {
        catalogue = try ShippedConfig.catalogue()
    }

    @Test func theShippedCatalogueIsValid() {
        #expect(AwardCatalogue.problems(yaml: ShippedConfig.awardsText, file: "config/awards.yaml") == [])
        #expect(catalogue.awards.count >= 14)
    }

    @Test func lookingUpAnAwardOnADate() throws {
        let award = try catalogue.award(code: "CSTD_CO_SO", on: day("01/08/2025"))
        #expect(award.name == "Chiến sĩ thi đua cơ sở")
        #expect(award.legalBasis(on: day("01/08/2025"))?.document == "Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 152/2025/NĐ-CP")
        #expect(award.legalBasis(on: day("30/06/2025"))?.document == "Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 98/2023/NĐ-CP")
        #expect(award.legalBasis(on: day("31/12/2023"))?.document == "Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013); Nghị định 91/2017/NĐ-CP")
        #expect(lookupFailure { try catalogue.award(code: "NOBEL", on: day("01/08/2025")) }?.message == "unknown award NOBEL on 01/08/2025; awards on that date: \(catalogue.awards.map(\.code).joined(separator: ", "))")
        #expect(lookupFailure { try catalogue.award(code: "CSTD_CO_SO", on: day("01/01/2016")) }?.message == "award CSTD_CO_SO (Chiến sĩ thi đua cơ sở) has no legal basis on 01/01/2016 (in force: 01/10/2017–31/12/2023, 01/01/2024–30/06/2025, 01/07/2025–); awards on that date: ")
    }

    @Test func awardsFitTheirNominees() throws {
        let collectiveOnly = try catalogue.award(code: "TAP_THE_LAO_DONG_XUAT_SAC", on: day("01/08/2025"))
        #expect(lookupFailure { try catalogue.checkFits(collectiveOnly, nominee: .individual) }?.message == "award TAP_THE_LAO_DONG_XUAT_SAC (Tập thể lao động xuất sắc) is for collective nominees, not individual")
        #expect(lookupFailure { try catalogue.checkFits(collectiveOnly, nominee: .individual) }?.message(in: .vi)
                == "TAP_THE_LAO_DONG_XUAT_SAC (Tập thể lao động xuất sắc) dành cho tập thể, không dành cho cá nhân")
        try catalogue.checkFits(collectiveOnly, nominee: .collective)
        let either = try catalogue.award(code: "BANG_KHEN_CHU_TICH_TINH", on: day("01/08/2025"))
        try catalogue.checkFits(either, nominee: .individual)
        try catalogue.checkFits(either, nominee: .collective)
    }

    @Test func whoGrantsWhatAndWhen() throws {
        let onDay = day("01/08/2025")
        let base = try catalogue.award(code: "LAO_DONG_TIEN_TIEN", on: onDay)
        let province = try catalogue.award(code: "CSTD_CAP_TINH", on: onDay)
        let medal = try catalogue.award(code: "HUAN_CHUONG_LAO_DONG_HANG_BA", on: onDay)
        #expect(catalogue.canGrant(authorityLevel: "unit_head", award: base, on: onDay))
        #expect(catalogue.canGrant(authorityLevel: "commune_chair", award: base, on: onDay))
        #expect(!catalogue.canGrant(authorityLevel: "district_chair", award: base, on: onDay))
        #expect(catalogue.canGrant(authorityLevel: "district_chair", award: base, on: day("30/06/2025")))
        #expect(!catalogue.canGrant(authorityLevel: "unit_head", award: province, on: onDay))
        #expect(catalogue.canGrant(authorityLevel: "province_chair", award: province, on: onDay))
        #expect(!catalogue.canGrant(authorityLevel: "province_chair", award: medal, on: onDay))
        #expect(catalogue.canGrant(authorityLevel: "president", award: medal, on: onDay))
        #expect(!catalogue.canGrant(authorityLevel: "unit_head", award: base, on: day("01/01/2016")))
        #expect(!catalogue.canGrant(authorityLevel: "nobody", award: base, on: onDay))
        #expect(!catalogue.isBeyondProvince(base, on: onDay))
        #expect(!catalogue.isBeyondProvince(province, on: onDay))
        #expect(catalogue.isBeyondProvince(medal, on: onDay))
        let beyond = catalogue.awardsValid(on: onDay).filter { catalogue.isBeyondProvince($0, on: onDay) }.map(\.code)
        #expect(Set(beyond) == ["CSTD_TOAN_QUOC", "CO_THI_DUA_CHINH_PHU", "HUAN_CHUONG_LAO_DONG_HANG_NHAT",
                                "HUAN_CHUONG_LAO_DONG_HANG_NHI", "HUAN_CHUONG_LAO_DONG_HANG_BA", "BANG_KHEN_THU_TUONG"])
    }

    @Test func baseSalaryByDate() throws {
        #expect(try catalogue.baseSalary(on: day("01/07/2019")).amount == 1_490_000)
        #expect(try catalogue.baseSalary(on: day("30/06/2023")).amount == 1_490_000)
        #expect(try catalogue.baseSalary(on: day("01/07/2023")).amount == 1_800_000)
        #expect(try catalogue.baseSalary(on: day("30/06/2024")).amount == 1_800_000)
        #expect(try catalogue.baseSalary(on: day("01/07/2024")).amount == 2_340_000)
        #expect(lookupFailure { try catalogue.baseSalary(on: day("30/06/2017")) }?.message == "no base salary is known for 30/06/2017; the table starts on 01/07/2017")
    }

    @Test func rewardMoneyIsTheMultipleOfTheBaseSalaryRoundedUp() throws {
        let onDay = day("01/08/2025")
        func money(_ code: String, _ kind: NomineeKind) throws -> Int {
            try catalogue.reward(for: try catalogue.award(code: code, on: onDay), nominee: kind, decisionDate: onDay).dong
        }
        #expect(try money("CSTD_CO_SO", .individual) == 2_340_000)
        // 0.3 × 2,340,000 = 702,000, rounded up to the next 10,000.
        #expect(try money("LAO_DONG_TIEN_TIEN", .individual) == 710_000)
        #expect(try money("TAP_THE_LAO_DONG_XUAT_SAC", .collective) == 3_510_000)
        #expect(try money("BANG_KHEN_CHU_TICH_TINH", .individual) == 3_510_000)
        #expect(try money("BANG_KHEN_CHU_TICH_TINH", .collective) == 7_020_000)
        #expect(lookupFailure { try money("GIA_DINH_VAN_HOA", .collective) }?.message == "no reward multiple is known for GIA_DINH_VAN_HOA (collective) under Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 152/2025/NĐ-CP; add it to the catalogue from the legal text")
        let reward = try catalogue.reward(for: try catalogue.award(code: "LAO_DONG_TIEN_TIEN", on: onDay), nominee: .individual, decisionDate: onDay)
        #expect(reward.multiple.description == "0.3" && reward.baseSalary.amount == 2_340_000 && reward.baseSalary.source == "secondary")
    }

    @Test func roundingIsExactAndAlwaysUp() {
        #expect(AwardCatalogue.roundedUpReward(baseSalary: 1_000_000, multiple: RewardMultiple(tenThousandths: 10_000)) == 1_000_000)
        #expect(AwardCatalogue.roundedUpReward(baseSalary: 1_000_001, multiple: RewardMultiple(tenThousandths: 10_000)) == 1_010_000)
        #expect(AwardCatalogue.roundedUpReward(baseSalary: 1_490_000, multiple: RewardMultiple(tenThousandths: 3_000)) == 450_000)
        #expect(AwardCatalogue.roundedUpReward(baseSalary: 1_800_000, multiple: RewardMultiple(tenThousandths: 15_000)) == 2_700_000)
        #expect(AwardCatalogue.roundedUpReward(baseSalary: 2_340_000, multiple: RewardMultiple(tenThousandths: 1)) == 10_000)
    }

    @Test func multiplesAreReadExactly() {
        #expect(RewardMultiple(parsing: "1.5")?.tenThousandths == 15_000)
        #expect(RewardMultiple(parsing: "0,3")?.tenThousandths == 3_000)
        #expect(RewardMultiple(parsing: "4")?.tenThousandths == 40_000)
        #expect(RewardMultiple(parsing: "0.0125")?.tenThousandths == 125)
        #expect(RewardMultiple(parsing: "1.23456") == nil)
        #expect(RewardMultiple(parsing: "-1") == nil)
        #expect(RewardMultiple(parsing: "1e3") == nil)
        #expect(RewardMultiple(parsing: ".5") == nil)
        #expect(RewardMultiple(tenThousandths: 15_000).description == "1.5")
        #expect(RewardMultiple(tenThousandths: 10_000).description == "1")
    }
}

/// One test per catalogue validation rule: a small invalid file and the exact problems.
@Suite struct CatalogueValidationTests {
    static let valid = """
        version: "1"
        authority_levels:
          head:
            name: Thủ trưởng
            within_province: true
        base_salary:
          - amount: 2_340_000
            valid_from: 2024-07-01
            document: Nghị định 73/2024/NĐ-CP
            source: secondary
        awards:
          - code: LDTT
            name: Lao động tiên tiến
            category: title
            nominees: [individual]
            granted_by: [head]
            legal_bases:
              - document: Nghị định 152/2025/NĐ-CP
                valid_from: 2025-07-01
                reward_multiple: 0.3
        """

    func problems(_ yaml: String) -> [String] {
        AwardCatalogue.problems(yaml: yaml, file: "awards.yaml").map(\.description)
    }

    @Test func theMinimalFileIsValid() {
        #expect(problems(Self.valid) == [])
    }

    @Test func missingRequiredSettings() {
        let yaml = Self.valid.replacingOccurrences(of: "    category: title\n", with: "")
        #expect(problems(yaml) == ["awards.yaml:12: missing required setting `category` in an award"])
    }

    @Test func unknownKeys() {
        let yaml = Self.valid.replacingOccurrences(of: "    category: title", with: "    category: title\n    colour: gold")
        #expect(problems(yaml) == [
            "awards.yaml:15: unknown key `colour` in an award; expected one of: code, name, category, nominees, granted_by, legal_bases, council_vote, appraisal, public_posting, eligibility",
        ])
    }

    @Test func unknownValues() {
        let yaml = Self.valid
            .replacingOccurrences(of: "category: title", with: "category: medal")
            .replacingOccurrences(of: "nominees: [individual]", with: "nominees: [person]")
            .replacingOccurrences(of: "granted_by: [head]", with: "granted_by: [king]")
        #expect(problems(yaml) == [
            "awards.yaml:14: unknown category `medal` of award `LDTT`; categories: title, form",
            "awards.yaml:15: unknown nominee kind `person` of award `LDTT`; kinds: individual, collective",
            "awards.yaml:16: award `LDTT` is granted by unknown authority level `king`; levels: head",
        ])
    }

    @Test func duplicateCodes() {
        let award = Self.valid[Self.valid.range(of: "  - code: LDTT")!.lowerBound...]
        #expect(problems(Self.valid + "\n" + award) == ["awards.yaml:21: award `LDTT` is defined twice (first at line 12)"])
    }

    @Test func badNumbersAndDates() {
        let yaml = Self.valid
            .replacingOccurrences(of: "reward_multiple: 0.3", with: "reward_multiple: a third")
            .replacingOccurrences(of: "amount: 2_340_000", with: "amount: 2.340.000")
            .replacingOccurrences(of: "valid_from: 2025-07-01", with: "valid_from: 2025-13-01")
        #expect(problems(yaml) == [
            "awards.yaml:7: `amount` (whole đồng) of a base salary entry must be a whole number above zero, not `2.340.000`",
            "awards.yaml:19: `valid_from` of a legal basis of award `LDTT` must be a date (YYYY-MM-DD or DD/MM/YYYY), not `2025-13-01`",
        ])
        let multiple = Self.valid.replacingOccurrences(of: "reward_multiple: 0.3", with: "reward_multiple: a third")
        #expect(problems(multiple) == [
            "awards.yaml:20: `reward_multiple` of award `LDTT` must be a number with at most four decimals, not `a third`",
        ])
    }

    @Test func multiplesOnlyForTheAwardsNominees() {
        let yaml = Self.valid.replacingOccurrences(of: "reward_multiple: 0.3", with: "reward_multiple:\n          collective: 0.6")
        #expect(problems(yaml) == [
            "awards.yaml:21: `reward_multiple` of award `LDTT` names `collective`, which is not one of its nominees: individual",
        ])
    }

    @Test func validityThatEndsBeforeItStarts() {
        let yaml = Self.valid.replacingOccurrences(of: "valid_from: 2025-07-01", with: "valid_from: 2025-07-01\n        valid_to: 2025-06-30")
        #expect(problems(yaml) == ["awards.yaml:20: `valid_to` of a legal basis of award `LDTT` is before its `valid_from`"])
        let level = Self.valid.replacingOccurrences(of: "within_province: true", with: "within_province: true\n    valid_from: 2025-07-01\n    valid_to: 2025-01-01")
        #expect(problems(level) == ["awards.yaml:7: `valid_to` of authority level `head` is before its `valid_from`"])
    }

    @Test func overlappingLegalBases() {
        let yaml = Self.valid + """

                  - document: Nghị định 98/2023/NĐ-CP
                    valid_from: 2024-01-01
                    valid_to: 2025-07-01
            """
        #expect(problems(yaml) == [
            "awards.yaml:21: legal basis Nghị định 98/2023/NĐ-CP of award `LDTT` overlaps Nghị định 152/2025/NĐ-CP (line 18); one day has one rule",
        ])
    }

    static let councilVote = """

            council_vote:
              - valid_from: 2025-07-01
                agree_percent: 90
                at_least: true
                of: all_members
                written_opinions: true
                document: Nghị định 152/2025/NĐ-CP
                confidence: unconfirmed
        """

    @Test func aCouncilVoteRuleIsReadWithItsDatesAndShares() throws {
        let yaml = Self.valid.replacingOccurrences(of: "    granted_by: [head]", with: "    granted_by: [head]" + Self.councilVote)
        #expect(problems(yaml) == [])
        let award = try #require(try AwardCatalogue.load(yaml: yaml, file: "awards.yaml").awards.first)
        let rule = try #require(award.councilVote(on: LocalDate(year: 2025, month: 7, day: 1)!))
        #expect(rule.agreeHundredthsPercent == 9000 && rule.atLeast && rule.share == .allMembers && rule.writtenOpinions)
        #expect(rule.quorumHundredthsPercent == nil && rule.confidence == .unconfirmed)
        #expect(award.councilVote(on: LocalDate(year: 2025, month: 6, day: 30)!) == nil)
    }

    @Test func badCouncilVoteRules() {
        func problems(_ rule: String) -> [String] {
            self.problems(Self.valid.replacingOccurrences(of: "    granted_by: [head]", with: "    granted_by: [head]" + rule))
        }
        #expect(problems(Self.councilVote.replacingOccurrences(of: "of: all_members", with: "of: everyone")) == [
            "awards.yaml:21: `of` of a council vote rule of award `LDTT` must be all_members or present_members, not `everyone`",
        ])
        #expect(problems(Self.councilVote.replacingOccurrences(of: "agree_percent: 90", with: "agree_percent: 190")) == [
            "awards.yaml:19: `agree_percent` of a council vote rule of award `LDTT` must be a percentage above 0 and at most 100, with at most two decimals, not `190`",
        ])
        let overlapping = Self.councilVote + Self.councilVote.replacingOccurrences(of: "\n    council_vote:", with: "")
        #expect(problems(overlapping) == [
            "awards.yaml:25: council vote rule from 2025-07-01 of award `LDTT` overlaps the one from 2025-07-01 (line 18); one day has one rule",
        ])
    }

    static let appraisal = """

            appraisal:
              - valid_from: 2025-07-01
                working_days: 10
                document: Nghị định 152/2025/NĐ-CP
                confidence: secondary
        """

    @Test func anAppraisalRuleIsReadWithItsDatesAndWorkingDays() throws {
        let yaml = Self.valid.replacingOccurrences(of: "    granted_by: [head]", with: "    granted_by: [head]" + Self.appraisal)
        #expect(problems(yaml) == [])
        let award = try #require(try AwardCatalogue.load(yaml: yaml, file: "awards.yaml").awards.first)
        let rule = try #require(award.appraisal(on: LocalDate(year: 2025, month: 7, day: 1)!))
        #expect(rule.workingDays == 10 && rule.confidence == .secondary && rule.validTo == nil)
        #expect(award.appraisal(on: LocalDate(year: 2025, month: 6, day: 30)!) == nil)
    }

    @Test func badAppraisalRules() {
        func problems(_ rule: String) -> [String] {
            self.problems(Self.valid.replacingOccurrences(of: "    granted_by: [head]", with: "    granted_by: [head]" + rule))
        }
        #expect(problems(Self.appraisal.replacingOccurrences(of: "working_days: 10", with: "working_days: 0")) == [
            "awards.yaml:19: `working_days` of an appraisal rule of award `LDTT` must be between 1 and 90, not 0",
        ])
        let overlapping = Self.appraisal + Self.appraisal.replacingOccurrences(of: "\n    appraisal:", with: "")
        #expect(problems(overlapping) == [
            "awards.yaml:22: appraisal rule from 2025-07-01 of award `LDTT` overlaps the one from 2025-07-01 (line 18); one day has one rule",
        ])
    }

    @Test func aPublicPostingRuleIsReadApartFromTheAppraisal() throws {
        let posting = Self.appraisal.replacingOccurrences(of: "    appraisal:", with: "    public_posting:")
        let yaml = Self.valid.replacingOccurrences(of: "    granted_by: [head]", with: "    granted_by: [head]" + posting)
        #expect(problems(yaml) == [])
        let award = try #require(try AwardCatalogue.load(yaml: yaml, file: "awards.yaml").awards.first)
        #expect(award.publicPosting(on: LocalDate(year: 2025, month: 7, day: 1)!)?.workingDays == 10)
        #expect(award.appraisal(on: LocalDate(year: 2025, month: 7, day: 1)!) == nil)
        let overlapping = posting + posting.replacingOccurrences(of: "\n    public_posting:", with: "")
        #expect(self.problems(Self.valid.replacingOccurrences(of: "    granted_by: [head]", with: "    granted_by: [head]" + overlapping)) == [
            "awards.yaml:22: public posting rule from 2025-07-01 of award `LDTT` overlaps the one from 2025-07-01 (line 18); one day has one rule",
        ])
    }

    @Test func eligibilityRulesAreReadAndTheirMistakesNamed() throws {
        func rules(_ text: String) -> String {
            Self.valid.replacingOccurrences(of: "    granted_by: [head]", with: "    granted_by: [head]\n    eligibility:\n" + text)
        }
        let good = rules("""
              - rule: any_of
                of:
                  - rule: rating
                    at_least: excellent
                  - rule: initiative
                    scope: grassroots
                valid_from: 2024-01-01
                document: Luật Thi đua, khen thưởng 06/2022/QH15
                article: Điều 23
                confidence: secondary
        """)
        #expect(problems(good) == [])
        let award = try #require(try AwardCatalogue.load(yaml: good, file: "awards.yaml").awards.first)
        #expect(award.eligibility.first?.condition == .anyOf([.rating(atLeast: .excellent, years: 1),
                                                                .initiative(scope: .grassroots, years: 1, kinds: [.initiative, .research])]))
        let bad = rules("""
              - rule: consecutive_award
                award: NO_SUCH
                times: 3
                scope: province
                valid_from: 2024-01-01
                document: Luật 06/2022/QH15
                confidence: secondary
              - rule: consecutive_award
                award: NO_SUCH
                times: 3
                valid_from: 2024-01-01
                document: Luật 06/2022/QH15
                confidence: secondary
        """)
        #expect(problems(bad) == [
            "awards.yaml:21: `scope` does not apply to a consecutive_award rule (an eligibility rule of award `LDTT`); it takes: award, times, every",
            "awards.yaml:26: `award` of an eligibility rule of award `LDTT` names `NO_SUCH`, which is not an award of the catalogue",
        ])
    }

    @Test func baseSalariesInDateOrderWithAKnownSource() {
        let yaml = Self.valid.replacingOccurrences(of: "awards:", with: """
              - amount: 1_800_000
                valid_from: 2023-07-01
                document: Nghị định 24/2023/NĐ-CP
                source: hearsay
              - amount: 1_490_000
                valid_from: 2019-07-01
                document: Nghị định 38/2019/NĐ-CP
                source: secondary
            awards:
            """)
        #expect(problems(yaml) == [
            "awards.yaml:14: `source` of a base salary entry must be `official`, `secondary` or `unconfirmed`, not `hearsay`",
            "awards.yaml:15: base salary from 2019-07-01 must come after the one from 2024-07-01; list them in date order",
        ])
    }
}

/// The catalogue error `body` throws, nil when it throws none: compared by its text in each language.
private func lookupFailure<T>(_ body: () throws -> T) -> AwardLookupError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? AwardLookupError
    }
}

/// The test vectors issue 12 gives from the law, against the shipped catalogue.
@Suite struct LawOnEveryDateTests {
    let catalogue: AwardCatalogue

    init() throws {
        catalogue = try ShippedConfig.catalogue()
    }

    func money(_ code: String, _ nominee: NomineeKind, on date: String) throws -> Int {
        let award = try catalogue.award(code: code, on: day(date))
        return try catalogue.reward(for: award, nominee: nominee, decisionDate: day(date)).dong
    }

    @Test func rewardMoneyUsesTheBaseSalaryOfTheDecisionDate() throws {
        #expect(try catalogue.baseSalary(on: day("30/06/2026")).amount == 2_340_000)
        #expect(try catalogue.baseSalary(on: day("01/07/2026")).amount == 2_530_000, "Nghị định 161/2026/NĐ-CP, Điều 3 khoản 2")
        #expect(try money("LAO_DONG_TIEN_TIEN", .individual, on: "01/12/2026") == 760_000, "0.3 × 2,530,000 = 759,000, rounded up")
        #expect(try money("LAO_DONG_TIEN_TIEN", .individual, on: "30/06/2026") == 710_000, "0.3 × 2,340,000 = 702,000, rounded up")
        #expect(try catalogue.baseSalary(on: day("01/07/2017")).amount == 1_300_000)
        #expect(try catalogue.baseSalary(on: day("01/07/2018")).amount == 1_390_000)
    }

    @Test func everyAwardWithAKnownRatePaysOnEveryDateOfItsLegalBases() throws {
        // Tập thể lao động tiên tiến 0.8 and the province's Bằng khen, before and after 01/07/2025.
        #expect(try money("TAP_THE_LAO_DONG_TIEN_TIEN", .collective, on: "30/06/2025") == 1_880_000, "0.8 × 2,340,000 = 1,872,000")
        #expect(try money("TAP_THE_LAO_DONG_TIEN_TIEN", .collective, on: "01/07/2025") == 1_880_000)
        #expect(try money("BANG_KHEN_CHU_TICH_TINH", .individual, on: "30/06/2025") == 2_340_000, "1.0 until 30/06/2025")
        #expect(try money("BANG_KHEN_CHU_TICH_TINH", .individual, on: "01/07/2025") == 3_510_000, "1.5 from 01/07/2025")
        #expect(try money("BANG_KHEN_CHU_TICH_TINH", .collective, on: "01/07/2025") == 7_020_000)
        #expect(try money("CSTD_CAP_TINH", .individual, on: "15/10/2021") == 4_470_000, "3.0 × 1,490,000")
        // Decisions before 01/07/2025 compute too: every award with a multiple, on a day of each basis.
        for award in catalogue.awards {
            for basis in award.legalBases where !basis.rewardMultiples.isEmpty {
                for kind in basis.rewardMultiples.keys {
                    #expect(throws: Never.self, "\(award.code) \(kind) on \(basis.validFrom.iso)") {
                        _ = try catalogue.reward(for: award, nominee: kind, decisionDate: basis.validFrom)
                    }
                }
            }
        }
    }

    @Test func authorityFollowsArticle80OnEachDate() throws {
        func grants(_ level: String, _ code: String, on date: String) throws -> Bool {
            catalogue.canGrant(authorityLevel: level, award: try catalogue.award(code: code, on: day(date)), on: day(date))
        }
        #expect(try !grants("commune_chair", "CSTD_CO_SO", on: "30/06/2025"), "80.3: not the commune chair's before two-level government")
        #expect(try grants("commune_chair", "CSTD_CO_SO", on: "01/07/2025"), "80.2 powers from 01/07/2025")
        #expect(try grants("commune_chair", "LAO_DONG_TIEN_TIEN", on: "30/06/2025"))
        #expect(try grants("district_chair", "CSTD_CO_SO", on: "30/06/2025") && !grants("district_chair", "CSTD_CO_SO", on: "01/07/2025"))
        #expect(try !grants("board_chair", "LAO_DONG_TIEN_TIEN", on: "01/12/2026"), "a board chair grants Giấy khen only")
        #expect(try grants("board_chair", "GIAY_KHEN", on: "01/12/2026"))
        #expect(try grants("enterprise_director", "TAP_THE_LAO_DONG_TIEN_TIEN", on: "01/12/2026"), "80.4")
        #expect(try grants("commune_chair", "GIA_DINH_VAN_HOA", on: "01/12/2026"), "80.3")
    }

    @Test func decree91CameIntoForceOnTheFirstOfOctober2017() throws {
        let award = try catalogue.award(code: "GIAY_KHEN", on: day("01/10/2017"))
        #expect(award.legalBasis(on: day("30/09/2017")) == nil)
        #expect(award.legalBasis(on: day("01/10/2017"))?.document.contains("91/2017") == true)
    }
}
