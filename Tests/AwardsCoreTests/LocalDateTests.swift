import Testing
import AwardsCore

@Suite struct LocalDateTests {
    @Test func roundTripsThroughDayNumbers() {
        for n in stride(from: -800_000, through: 3_000_000, by: 997) {
            #expect(LocalDate(daysSinceEpoch: n).daysSinceEpoch == n)
        }
    }

    @Test func knownWeekdays() {
        #expect(LocalDate(year: 2021, month: 10, day: 15)!.isoWeekday == 5) // a Friday
        #expect(LocalDate(year: 2026, month: 11, day: 28)!.isoWeekday == 6) // a Saturday
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.isoWeekday == 4)
    }

    @Test func parsesBothWritings() {
        #expect(LocalDate(parsing: "15/10/2021") == LocalDate(year: 2021, month: 10, day: 15))
        #expect(LocalDate(parsing: "2021-10-15") == LocalDate(year: 2021, month: 10, day: 15))
        #expect(LocalDate(parsing: "31/04/2021") == nil)
        #expect(LocalDate(parsing: "29/02/2023") == nil)
        #expect(LocalDate(parsing: "29/02/2024") != nil)
        #expect(LocalDate(parsing: "tomorrow") == nil)
        #expect(LocalDate(year: 2021, month: 10, day: 5)!.vietnamese == "05/10/2021")
    }

    @Test func localDayOfAnInstantUsesVietnamTime() {
        // 2021-10-14T17:30:00Z is already 15/10 in Hà Nội.
        #expect(LocalDate(secondsSince1970: 1_634_232_600) == LocalDate(year: 2021, month: 10, day: 15))
    }
}
