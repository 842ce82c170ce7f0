import AwardsCore
import Foundation
import Postgres

/// Where the benchmarks act: per worker slot a commune, a login (officer and commune chair, so it can
/// both propose and return) and a pool of nominations with consecutive ids.
struct LoadedData: Sendable {
    static let slots = 8
    var summary: String
    var poolBase: Int
    var poolSize: Int
    /// Each worker slot's officer, and the manager of the same commune who decides what the officer
    /// proposed (separation of duties: nobody returns their own proposal).
    var workerLogins: [String]
    var deciderLogins: [String]
    var cliLogin: String
    var cliDecider: String
    var cliNominations: (ours: Int, baseline: Int)
    var workflowVersion: String

    func pool(slot: Int) -> Range<Int> { (poolBase + slot * poolSize)..<(poolBase + (slot + 1) * poolSize) }

    /// Re-checks, after the bulk load (which ran with triggers off) and after the benchmarks, every rule
    /// the disabled triggers enforce: history continuity, state = last history entry, references.
    func verifyConsistency(_ connection: Connection) throws {
        let checks: [(String, String)] = [
            ("history steps numbered 1…n without gaps, each starting where the previous ended", """
                SELECT count(*) AS bad FROM (
                    SELECT seq, from_state, lag(to_state) OVER w AS prev_to, row_number() OVER w AS rn
                    FROM awards.nomination_history WINDOW w AS (PARTITION BY nomination_id ORDER BY seq)) h
                WHERE seq <> rn OR from_state IS DISTINCT FROM prev_to
                """),
            ("state and history_length equal the last history entry", """
                SELECT count(*) AS bad FROM awards.nominations n
                LEFT JOIN LATERAL (SELECT seq, to_state FROM awards.nomination_history h WHERE h.nomination_id = n.id
                                   ORDER BY seq DESC LIMIT 1) l ON true
                WHERE l.seq IS DISTINCT FROM n.history_length OR l.to_state IS DISTINCT FROM n.state
                """),
            ("history rows point at nominations", """
                SELECT count(*) AS bad FROM awards.nomination_history h
                WHERE NOT EXISTS (SELECT 1 FROM awards.nominations n WHERE n.id = h.nomination_id)
                """),
            ("nominations point at units, movements, workflow states and awards", """
                SELECT count(*) AS bad FROM awards.nominations n
                WHERE NOT EXISTS (SELECT 1 FROM awards.units u WHERE u.id = n.unit_id)
                   OR (n.movement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM awards.movements m WHERE m.id = n.movement_id))
                   OR NOT EXISTS (SELECT 1 FROM awards.workflow_states s WHERE s.version = n.definition_version AND s.state = n.state)
                   OR (n.proposed_award IS NOT NULL AND NOT EXISTS (SELECT 1 FROM awards.award_types a WHERE a.code = n.proposed_award))
                """),
        ]
        for (rule, sql) in checks {
            let bad = try connection.query(sql).singleRow().decode("bad", as: Int.self)
            guard bad == 0 else { throw BenchError("consistency check failed: \(rule): \(bad) rows break it") }
        }
        log("consistency re-verified: \(checks.map(\.0).joined(separator: "; "))")
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Synthetic province (or national) register at a given scale, loaded with COPY.
///
/// Units, people and movements go through the ordinary paths (people through awards.register_person,
/// which creates their login roles). Nominations and their history are COPYed straight into the tables
/// as the owner with `session_replication_role = replica`, which disables their triggers (append-only,
/// continuity, state-matches-history, foreign keys) for the load; `verifyConsistency` then re-checks
/// every one of those rules with queries.
struct SyntheticData {
    let scale: Int
    let workflowVersion: String
    var poolSize: Int { scale < 2_000 ? 50 : 200 }

    struct UnitRow { let id: Int; let code: String; let name: String; let kind: String; let parent: Int? }

    func load(into connection: Connection) throws -> LoadedData {
        var random = SeededRandom(seed: 19_2021)
        // Units: the province, its departments and enterprises, 15 districts and their communes.
        var units: [UnitRow] = [UnitRow(id: 1, code: "ubnd-tinh", name: "Ủy ban nhân dân tỉnh Đắk Lắk", kind: "province", parent: nil)]
        units.append(UnitRow(id: 2, code: "snv", name: "Sở Nội vụ (Ban Thi đua – Khen thưởng)", kind: "standing_agency", parent: 1))
        for name in VietnameseNames.departments {
            units.append(UnitRow(id: units.count + 1, code: "so-\(units.count + 1)", name: name, kind: "department", parent: 1))
        }
        for name in VietnameseNames.enterprises {
            units.append(UnitRow(id: units.count + 1, code: "dn-\(units.count + 1)", name: name, kind: "enterprise", parent: 1))
        }
        let firstDistrict = units.count + 1
        for name in VietnameseNames.districts {
            units.append(UnitRow(id: units.count + 1, code: "huyen-\(units.count + 1)", name: "UBND \(name)", kind: "district", parent: 1))
        }
        let communeCount = min(3_000, max(30, scale / 100))
        let firstCommune = units.count + 1
        for n in 0..<communeCount {
            let place = VietnameseNames.places[n % VietnameseNames.places.count]
            let name = n < VietnameseNames.places.count ? "UBND xã \(place)" : "UBND xã \(place) \(n / VietnameseNames.places.count + 1)"
            units.append(UnitRow(id: units.count + 1, code: "xa-\(n + 1)", name: name, kind: "commune",
                                 parent: firstDistrict + n % VietnameseNames.districts.count))
        }
        try connection.copyIn("COPY awards.units (id, code, name, kind, parent_id) FROM STDIN", rows: units.map {
            [String($0.id), $0.code, canonical($0.name), $0.kind, $0.parent.map(String.init)]
        })
        try connection.query("SELECT setval(pg_get_serial_sequence('awards.units', 'id'), (SELECT max(id) FROM awards.units))")

        // People: an officer and a head in every unit, the standing agency, and the benchmark logins.
        try connection.query("""
            CREATE TEMP TABLE seed_people (full_name text, email text, unit_code text, login text, roles text[], authority text)
            """)
        var people: [[String?]] = []
        func login(_ prefix: String, _ unit: UnitRow) -> String { "\(prefix).\(unit.code.replacingOccurrences(of: "-", with: "_"))" }
        for unit in units {
            let authority = switch unit.kind {
            case "province": "province_chair"
            case "district": "district_chair"
            case "commune": "commune_chair"
            default: "unit_head"
            }
            let officerFemale = random.chance(0.6)
            people.append([canonical(VietnameseNames.person(female: officerFemale, using: &random)), "\(login("cb", unit))@daklak.gov.vn",
                           unit.code, login("cb", unit), unit.kind == "standing_agency" ? "{officer,standing_agency}" : "{officer}", nil])
            people.append([canonical(VietnameseNames.person(female: random.chance(0.3), using: &random)), "\(login("ld", unit))@daklak.gov.vn",
                           unit.code, login("ld", unit), "{manager}", authority])
        }
        var workerLogins: [String] = [], deciderLogins: [String] = []
        for slot in 0..<LoadedData.slots {
            let unit = units[firstCommune - 1 + slot]
            let name = "bench_w\(slot + 1)", decider = "bench_d\(slot + 1)"
            workerLogins.append(name)
            deciderLogins.append(decider)
            people.append([canonical(VietnameseNames.person(female: slot % 2 == 0, using: &random)), "\(name)@daklak.gov.vn",
                           unit.code, name, "{officer}", nil])
            people.append([canonical(VietnameseNames.person(female: slot % 2 == 1, using: &random)), "\(decider)@daklak.gov.vn",
                           unit.code, decider, "{manager}", "commune_chair"])
        }
        people.append([canonical("Lê Thị Thu Hương"), "bench_cli@daklak.gov.vn", units[firstCommune - 1].code, "bench_cli", "{officer}", nil])
        people.append([canonical("Trần Văn Quyết"), "bench_cli_d@daklak.gov.vn", units[firstCommune - 1].code, "bench_cli_d", "{manager}", "commune_chair"])
        try connection.copyIn("COPY seed_people FROM STDIN", rows: people)
        try connection.query("""
            SELECT count(awards.register_person(full_name, email, unit_code, login, roles, authority)) FROM seed_people
            """)
        let personLogins = try connection.query("""
            SELECT unit_id, min(login_role::text) FILTER (WHERE 'officer' = ANY (roles) AND login_role::text LIKE 'cb.%') AS officer,
                   min(login_role::text) FILTER (WHERE 'manager' = ANY (roles) AND login_role::text LIKE 'ld.%') AS manager
            FROM awards.people GROUP BY unit_id
            """).rows.reduce(into: [Int: (String, String)]()) { map, row in
            map[try row.decode("unit_id")] = (try row.decode("officer"), try row.decode("manager"))
        }

        // Movements launched by the province.
        let movements: [(String, String, String, String, String?, String?)] = [
            ("sang-tao-2021", "Thi đua sáng tạo, hiến kế xây dựng Đắk Lắk giàu đẹp, văn minh, bản sắc", "regular", "2021-01-01", nil, "2026-12-15"),
            ("vi-nguoi-ngheo", "Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau", "thematic", "2021-06-01", "2025-12-31", "2025-12-01"),
            ("hoc-tap-suot-doi", "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời", "thematic", "2023-01-01", "2030-12-31", "2027-06-30"),
            ("nong-thon-moi", "Thi đua chung sức xây dựng nông thôn mới", "regular", "2016-01-01", nil, "2026-12-20"),
            ("chuyen-doi-so", "Thi đua đẩy mạnh chuyển đổi số", "thematic", "2024-01-01", "2026-12-31", "2026-12-10"),
            ("nghi-quyet-xviii", "Thi đua thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVIII", "regular", "2021-01-01", "2025-12-31", nil),
        ]
        try connection.copyIn("COPY awards.movements (id, code, name, kind, starts_on, ends_on, review_on, launched_by) FROM STDIN",
                               rows: movements.enumerated().map { index, m in
            [String(index + 1), m.0, canonical(m.1), m.2, m.3, m.4, m.5, "1"]
        })
        try connection.query("SELECT setval(pg_get_serial_sequence('awards.movements', 'id'), \(movements.count))")

        // Nominations and their history, straight into the tables.
        try connection.query("SET session_replication_role = replica")
        let now = Date()
        let poolBase = scale + 1
        let poolSize = self.poolSize
        let cliOurs = poolBase + LoadedData.slots * poolSize
        let generator = NominationGenerator(units: units, firstCommune: firstCommune, communeCount: communeCount,
                                            logins: personLogins, movementCount: movements.count, version: workflowVersion,
                                            now: now, random: random)
        var plan: [(id: Int, unit: Int, path: [String], login: String?)] = []
        plan.reserveCapacity(scale + LoadedData.slots * poolSize + 2)
        for id in 1...scale { plan.append((id, 0, [], nil)) }
        for slot in 0..<LoadedData.slots {
            for j in 0..<poolSize {
                plan.append((poolBase + slot * poolSize + j, firstCommune + slot, ["nominate"], workerLogins[slot]))
            }
        }
        plan.append((cliOurs, firstCommune, ["nominate", "cultivate", "summarize"], "bench_cli"))
        plan.append((cliOurs + 1, firstCommune, ["nominate", "cultivate", "summarize"], "bench_cli"))

        let nominationRows = LazyNominationRows(plan: plan, generator: generator)
        var historyCount = 0
        // Two passes over the same deterministic generator: nominations first (the history's foreign key
        // is not checked during the load, but the order keeps the tables physically in id order).
        try connection.copyIn("""
            COPY awards.nominations (id, nominee_kind, nominee_name, occupation, gender, unit_id, movement_id, definition_version,
                state, facts, proposed_award, decision_number, decision_date, history_length, state_entered_at, created_by, created_at)
            FROM STDIN
            """, rows: nominationRows.map(\.nomination))
        try connection.copyIn("""
            COPY awards.nomination_history (nomination_id, seq, event, from_state, to_state, session_role, acting_role, at, note,
                fields, definition_version) FROM STDIN
            """, rows: nominationRows.lazy.flatMap { entry in
                historyCount += entry.history.count
                return entry.history
            })
        try connection.query("RESET session_replication_role")
        try connection.query("SELECT setval(pg_get_serial_sequence('awards.nominations', 'id'), \(cliOurs + 1))")
        try connection.query("VACUUM ANALYZE awards.nominations")
        try connection.query("VACUUM ANALYZE awards.nomination_history")
        try connection.query("ANALYZE")

        let data = LoadedData(
            summary: "\(units.count) units, \(people.count) people with login roles, \(movements.count) movements, "
                + "\(plan.count) nominations (\(scale) + \(plan.count - scale) for the benchmarks), \(historyCount) history entries",
            poolBase: poolBase, poolSize: poolSize, workerLogins: workerLogins, deciderLogins: deciderLogins,
            cliLogin: "bench_cli", cliDecider: "bench_cli_d",
            cliNominations: (cliOurs, cliOurs + 1), workflowVersion: workflowVersion)
        try data.verifyConsistency(connection)
        return data
    }
}

func canonical(_ text: String) -> String { VietnameseText.canonical(text) }

/// Generates each planned nomination with its history, on demand (1M nominations never sit in memory).
struct LazyNominationRows: Sequence {
    let plan: [(id: Int, unit: Int, path: [String], login: String?)]
    let generator: NominationGenerator

    struct Entry { let nomination: [String?]; let history: [[String?]] }

    func makeIterator() -> AnyIterator<Entry> {
        var generator = self.generator
        var index = 0
        return AnyIterator {
            guard index < plan.count else { return nil }
            defer { index += 1 }
            return generator.make(plan[index])
        }
    }
}

struct NominationGenerator {
    let units: [SyntheticData.UnitRow]
    let firstCommune: Int
    let communeCount: Int
    let logins: [Int: (String, String)]
    let movementCount: Int
    let version: String
    let now: Date
    var random: SeededRandom

    /// The mix of states of a register that has run for some years.
    static let finalStates: [([String], Double)] = [
        (["nominate"], 10),
        (["nominate", "cultivate"], 10),
        (["nominate", "cultivate", "summarize"], 10),
        (["nominate", "summarize", "propose"], 4),
        (["nominate", "cultivate", "summarize", "propose"], 6),
        (["nominate", "cultivate", "summarize", "propose", "approve"], 10),
        (["nominate", "cultivate", "summarize", "propose", "reject"], 6),
        (["nominate", "cultivate", "summarize", "propose", "return", "propose", "reject"], 2),
        (["nominate", "cultivate", "summarize", "propose", "approve", "replicate"], 8),
        (["nominate", "cultivate", "summarize", "propose", "approve", "replicate", "close"], 26),
        (["nominate", "cultivate", "withdraw"], 4),
        (["nominate", "withdraw"], 4),
    ]
    static let targets = ["nominate": "detected", "cultivate": "cultivating", "summarize": "summarized", "propose": "pending_approval",
                          "approve": "approved", "reject": "rejected", "return": "summarized", "replicate": "replicating",
                          "close": "replicated", "withdraw": "withdrawn"]
    static let individualOccupations: [(String, Double)] = [
        ("farmer", 30), ("worker", 20), ("direct_labourer", 10), ("civil_servant", 20), ("manager", 8), ("scientist", 4), ("other", 8)]
    static let collectiveOccupations: [(String, Double)] = [("farmer", 30), ("worker", 25), ("civil_servant", 25), ("enterprise", 15), ("other", 5)]

    mutating func make(_ planned: (id: Int, unit: Int, path: [String], login: String?)) -> LazyNominationRows.Entry {
        let path = planned.path.isEmpty ? random.weighted(Self.finalStates) : planned.path
        let unitID = planned.unit > 0 ? planned.unit
            : (random.chance(0.8) ? firstCommune + random.int(0..<communeCount) : 2 + random.int(0..<(firstCommune - 2 - 15)))
        let unit = units[unitID - 1]
        let individual = random.chance(0.75)
        let female = individual && random.chance(0.45)
        let place = unit.name.replacingOccurrences(of: "UBND xã ", with: "")
        let name = individual ? VietnameseNames.person(female: female, using: &random)
                              : VietnameseNames.collective(place: place, using: &random)
        let occupation = random.weighted(individual ? Self.individualOccupations : Self.collectiveOccupations)
        let movement = random.chance(0.8) ? String(1 + random.int(0..<movementCount)) : nil
        let (officer, manager) = logins[unitID] ?? ("cb.x", "ld.x")
        let actor = planned.login ?? officer
        let boss = planned.login ?? manager

        // Steps spread over the past: started 20 days to 5 years ago, each a few days to weeks apart.
        let ageDays = planned.login != nil ? 1 : 20 + random.int(0..<1_800)
        var at = now.addingTimeInterval(-Double(ageDays) * 86_400 + Double(random.int(0..<36_000)))
        let gap = max(1.0, Double(ageDays - 1) / Double(path.count)) * 86_400
        var facts: [(String, String)] = []
        var award: String?
        var decisionNumber: String?
        var decisionDate: String?
        var history: [[String?]] = []
        var state: String?
        let created = at
        for (index, event) in path.enumerated() {
            if index > 0 { at = at.addingTimeInterval(Double.random(in: 0.2..<1.0, using: &random) * gap) }
            let fields: [(String, String)]
            switch event {
            case "nominate": fields = [("detection_note", random.pick(VietnameseNames.detections))]
            case "cultivate": fields = [("cultivation_plan", random.pick(VietnameseNames.plans))]
            case "summarize": fields = [("achievement_summary", random.pick(VietnameseNames.summaries))]
            case "propose":
                let code = random.chance(0.7) ? "GIAY_KHEN" : "BANG_KHEN_CHU_TICH_TINH"
                award = code
                fields = [("award_code", code)]
            case "approve":
                let day = Self.isoDay(at)
                decisionNumber = "\(random.int(1..<3_000))/QĐ-UBND"
                decisionDate = day
                fields = [("decision_date", day), ("decision_number", decisionNumber!)]
            case "replicate": fields = [("replication_plan", random.pick(VietnameseNames.replication))]
            case "close": fields = [("replicated_where", random.pick(VietnameseNames.replication))]
            default: fields = [("reason", random.pick(VietnameseNames.reasons))]
            }
            for (key, value) in fields {
                facts.removeAll { $0.0 == key }
                facts.append((key, value))
            }
            let note: String? = random.chance(0.2) ? "Đã kiểm tra hồ sơ" : nil
            var logged = fields
            if let note { logged.append(("note", note)) }
            let target = Self.targets[event]!
            let role = ["approve", "reject", "return"].contains(event) ? "manager" : "officer"
            history.append([String(planned.id), String(index + 1), event, state, target, role == "manager" ? boss : actor, role,
                            Self.timestamp(at), note, Self.json(logged.sorted { $0.0 < $1.0 }), version])
            state = target
        }
        let nomination: [String?] = [
            String(planned.id), individual ? "individual" : "collective", canonical(name), occupation,
            individual ? (female ? "female" : "male") : nil, String(unitID), movement, version, state,
            Self.json(facts.sorted { $0.0 < $1.0 }), award, decisionNumber, decisionDate, String(path.count),
            Self.timestamp(at), actor, Self.timestamp(created),
        ]
        return .init(nomination: nomination, history: history)
    }

    static func json(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\"\($0.0)\": \"\(escape($0.1))\"" }.joined(separator: ", ") + "}"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970)
        let (days, rest) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let day = LocalDate(secondsSince1970: Double(days) * 86_400, utcOffsetSeconds: 0)
        return day.iso + String(format: " %02d:%02d:%02d+00", rest / 3600, rest / 60 % 60, rest % 60)
    }

    static func isoDay(_ date: Date) -> String {
        LocalDate(secondsSince1970: date.timeIntervalSince1970).iso
    }
}
