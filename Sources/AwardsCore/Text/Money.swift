/// Amounts of đồng as people read them.
public enum Money {
    /// 760000 as “760.000” in Vietnamese (dots group thousands), “760,000” in English.
    public static func readable(_ dong: Int, in language: Language) -> String {
        let digits = String(dong)
        var groups: [String] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(String(digits[start..<end]), at: 0)
            end = start
        }
        return groups.joined(separator: language == .vi ? "." : ",")
    }
}
