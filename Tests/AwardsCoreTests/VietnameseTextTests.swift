import Testing
import AwardsCore

@Suite struct VietnameseTextTests {
    @Test func decomposedInputBecomesComposed() {
        let decomposed = "Nguye\u{0302}\u{0303}n Va\u{0306}n An"
        #expect(VietnameseText.canonical(decomposed) == "Nguyễn Văn An")
        #expect(VietnameseText.canonical(decomposed).unicodeScalars.count == "Nguyễn Văn An".unicodeScalars.count)
    }

    @Test func whiteSpaceIsFolded() {
        #expect(VietnameseText.canonical("  Lê   Thị\tHoa ") == "Lê Thị Hoa")
    }
}
