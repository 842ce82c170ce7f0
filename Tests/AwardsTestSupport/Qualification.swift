import AwardsCore
import AwardsStore
import Foundation
import Postgres

/// For tests about something other than eligibility: records, through an officer's own connection,
/// what the rules in force need for every line of a proposal to be decided as proposed. Each individual
/// is rated excellent for the proposal's year (Lao động tiên tiến, Chiến sĩ thi đua cơ sở); one proposed
/// for Chiến sĩ thi đua cấp tỉnh also gets the three years of Chiến sĩ thi đua cơ sở up to that year and an
/// initiative recognised at provincial scope (Law art. 22), imported as any past award would be.
public enum Qualification {
    public static func qualifyLines(of proposal: Int, through connection: Connection) throws {
        let rows = try connection.query("""
            SELECT DISTINCT u.nominee_id, n.kind, n.full_name, n.birth_date::text AS birth_date, n.gender, uu.code AS unit, l.award_code, p.year
            FROM awards.proposal_lines l
            JOIN awards.proposals p ON p.id = l.proposal_id
            JOIN awards.nominee_units u ON u.nominee_key = l.nominee_key
            JOIN awards.nominees n ON n.id = u.nominee_id
            JOIN awards.units uu ON uu.id = u.unit_id
            WHERE l.proposal_id = $1
            ORDER BY u.nominee_id, l.award_code
            """, [proposal]).rows
        let nominees = NomineeStore(connection)
        let today = LocalDate.todayInVietnam
        var rated = Set<Int>()
        var history: [PastAwardInput] = []
        for row in rows where try row.decode("kind", as: String.self) == "individual" {
            let nominee: Int = try row.decode("nominee_id")
            let year: Int = try row.decode("year")
            if rated.insert(nominee).inserted { try nominees.rate(nominee, year: year, .excellent) }
            guard try row.decode("award_code", as: String.self) == "CSTD_CAP_TINH" else { continue }
            let birth: String? = try row.decode("birth_date")
            let gender: String? = try row.decode("gender")
            for past in (year - 2)...year {
                history.append(PastAwardInput(row: history.count + 2, kind: .individual, name: try row.decode("full_name"),
                                              birthDate: birth.flatMap(LocalDate.init(parsing:)), gender: gender.flatMap(Gender.init(rawValue:)),
                                              unit: try row.decode("unit"), award: "CSTD_CO_SO", year: past,
                                              decisionNumber: "\(nominee)\(past)/QĐ-TEST",
                                              decisionDate: min(LocalDate(year: past + 1, month: 1, day: 15)!, today), issuer: "Thủ trưởng đơn vị"))
            }
            _ = try nominees.recordInitiative(nominee, kind: .initiative, title: "Sáng kiến số \(nominee)", scope: .province,
                                          recognisedBy: "Hội đồng sáng kiến tỉnh", document: "\(nominee)/QĐ-HĐSK",
                                          on: LocalDate(year: year, month: 1, day: 10)!)
        }
        if !history.isEmpty { try nominees.importHistory(history) }
    }
}
