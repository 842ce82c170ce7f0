import AwardsCore
import AwardsStore
import Foundation
import Postgres

/// Where the proposal benchmarks act (issue 13): two departments of their own under the province, so
/// that nothing else proposes their nominees, each with an officer, and the second with its head (a
/// manager of unit_head authority, who grants Lao động tiên tiến).
struct ProposalBenchPeople: Sendable {
    static let importUnit = "bench-nhap"
    static let importOfficer = "bench_nhap_cb"
    static let signUnit = "bench-ky"
    static let signOfficer = "bench_ky_cb"
    static let signHead = "bench_ky_ld"

    /// Registers the units and people through the directory's ordinary paths, as the tests do.
    static func register(_ owner: Connection) throws {
        let directory = DirectoryStore(owner)
        try directory.addUnit(code: importUnit, name: "Sở Khoa học và Công nghệ (benchmark: nhập danh sách)", kind: "department",
                              parentCode: "ubnd-tinh", groupCode: nil)
        try directory.addUnit(code: signUnit, name: "Sở Công Thương (benchmark: ký quyết định)", kind: "department",
                              parentCode: "ubnd-tinh", groupCode: nil)
        try directory.registerPerson(fullName: "Nguyễn Thị Thanh Nhàn", email: "\(importOfficer)@daklak.gov.vn", unitCode: importUnit,
                                     login: importOfficer, roles: ["officer"], authorityLevel: nil)
        try directory.registerPerson(fullName: "Trần Thị Kim Yến", email: "\(signOfficer)@daklak.gov.vn", unitCode: signUnit,
                                     login: signOfficer, roles: ["officer"], authorityLevel: nil)
        try directory.registerPerson(fullName: "Phạm Văn Khải", email: "\(signHead)@daklak.gov.vn", unitCode: signUnit,
                                     login: signHead, roles: ["manager"], authorityLevel: "unit_head")
    }
}

/// Individuals nobody has proposed yet: every (name, date of birth) is new for the whole run, so the
/// database's "achievement already proposed" never applies, whatever proposal stays open.
struct FreshNominees {
    struct Nominee {
        let name: String
        let female: Bool
        let birth: LocalDate
        let occupation: Occupation
        let award: String
        let note: String?
    }

    private var random = SeededRandom(seed: 13_2026)
    private var taken = Set<String>()
    static let occupations: [(Occupation, Double)] = [(.civilServant, 60), (.worker, 15), (.directLabourer, 10), (.farmer, 10), (.scientist, 5)]
    static let awards: [(String, Double)] = [("LAO_DONG_TIEN_TIEN", 80), ("CSTD_CO_SO", 12), ("GIAY_KHEN", 8)]
    static let notes = ["Trưởng phòng", "Phó Trưởng phòng", "Sáng kiến được Hội đồng công nhận", "Hoàn thành xuất sắc nhiệm vụ"]

    mutating func next(award fixed: String? = nil) -> Nominee {
        while true {
            let female = random.chance(0.5)
            let name = canonical(VietnameseNames.person(female: female, using: &random))
            let birth = LocalDate(daysSinceEpoch: -1_826 + random.int(0..<12_000))  // 1965 to 1997
            guard taken.insert(name.lowercased() + "|" + birth.iso).inserted else { continue }
            return Nominee(name: name, female: female, birth: birth, occupation: random.weighted(Self.occupations),
                           award: fixed ?? random.weighted(Self.awards), note: random.chance(0.1) ? random.pick(Self.notes) : nil)
        }
    }
}

extension LocalDate {
    /// dd/mm/yyyy, as officers write dates in their sheets.
    var vietnamese: String { String(format: "%02d/%02d/%04d", day, month, year) }
}

/// Ours: `awards proposal import ID FILE` as a process (release build, --as an officer, DATABASE_URL set:
/// reading the sheet, checking every row, the database's checks, writing); a fresh draft proposal and
/// fresh nominees each run. Baseline: `psql -c "\copy plain FROM FILE CSV HEADER"` of the same .csv into a
/// plain table of the same columns (typed: dates are dates), the whole psql process timed too. One
/// baseline serves both formats: it is the same rows. Runs alternate (ours .csv, psql, ours .xlsx) and
/// the medians of `repeats` runs are reported; setting up (the sheets, the proposals) is not timed.
struct ImportBench {
    let options: BenchOptions
    let cluster: BenchCluster
    let rows: Int

    static let header = ["STT", "Họ và tên / Tên tập thể", "Cá nhân / Tập thể", "Ngày sinh", "Giới tính", "Đối tượng", "Đơn vị",
                         "Danh hiệu, hình thức đề nghị", "Thành tích từ ngày", "Thành tích đến ngày", "Ghi chú"]

    func run() async throws -> [BenchResult] {
        let awards = options.project.appendingPathComponent(".build/release/awards").path
        guard FileManager.default.isExecutableFile(atPath: awards) else { throw BenchError("\(awards) not built (scripts/bench builds it)") }
        guard let psql = which("psql") else { throw BenchError("psql not found") }
        let python = "/usr/bin/python3"
        let converter = options.project.appendingPathComponent("scripts/csv-to-xlsx.py").path
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = cluster.conninfo
        environment["AWARDS_HOME"] = options.project.path
        environment.removeValue(forKey: "DATABASE_USER")
        environment.removeValue(forKey: "AWARDS_CONFIG")
        // The sheet's dates are dd/mm/yyyy: psql's session reads them so (PGDATESTYLE is a libpq setting).
        environment["PGDATESTYLE"] = "ISO, DMY"

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("awards-bench-sheets-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let owner = try cluster.connect()
        let officer = ProposalStore(try cluster.connect(as: ProposalBenchPeople.importOfficer))
        try owner.query("""
            CREATE TABLE public.bench_import_plain (stt integer, name text, kind text, birth_date date, gender text, occupation text,
                unit text, award text, period_from date, period_to date, note text)
            """)
        let year = LocalDate.todayInVietnam.year
        var nominees = FreshNominees()
        var sheets = 0

        /// A sheet of fresh nominees as .csv (and .xlsx, written by openpyxl from the same rows).
        func sheet(_ count: Int, xlsx: Bool) async throws -> URL {
            sheets += 1
            let csv = folder.appendingPathComponent("danh-sach-\(sheets).csv")
            var text = Self.header.map(Self.csvField).joined(separator: ",") + "\r\n"
            text.reserveCapacity(count * 160)
            for index in 1...count {
                let n = nominees.next()
                let fields = [String(index), n.name, "Cá nhân", n.birth.vietnamese, n.female ? "Nữ" : "Nam", n.occupation.vietnamese,
                              ProposalBenchPeople.importUnit, n.award, "01/01/\(year)", "31/12/\(year)", n.note ?? ""]
                text += fields.map(Self.csvField).joined(separator: ",") + "\r\n"
            }
            try Data(text.utf8).write(to: csv)
            guard xlsx else { return csv }
            let workbook = csv.deletingPathExtension().appendingPathExtension("xlsx")
            let made = try await runProgram(python, [converter, csv.path, workbook.path])
            guard made.code == 0 else { throw BenchError("\(converter) failed (python3-openpyxl, from scripts/setup?): \(made.err)") }
            return workbook
        }
        func draft() throws -> Int {
            try officer.create(unitCode: ProposalBenchPeople.importUnit, addresseeCode: ProposalBenchPeople.importUnit, round: .yearEnd,
                               year: year, title: "Đề nghị công nhận danh hiệu thi đua năm \(year) (benchmark)", movementCode: nil)
        }
        func lineCount(_ proposal: Int) throws -> Int {
            try owner.query("SELECT count(*)::integer AS n FROM awards.proposal_lines WHERE proposal_id = $1 AND left_at IS NULL", [proposal])
                .singleRow().decode("n")
        }
        func timed(_ executable: String, _ arguments: [String]) async throws -> Double {
            let start = ContinuousClock.now
            let result = try await runProgram(executable, arguments, environment: environment, workingDirectory: options.project)
            let elapsed = seconds(ContinuousClock.now - start)
            guard result.code == 0 else {
                throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed: \(result.err.prefix(2_000))")
            }
            return elapsed
        }
        func ours(_ file: URL, count: Int) async throws -> Double {
            let proposal = try draft()
            let elapsed = try await timed(awards, ["proposal", "import", String(proposal), file.path, "--as", ProposalBenchPeople.importOfficer])
            let added = try lineCount(proposal)
            guard added == count else { throw BenchError("awards proposal import added \(added) lines of \(count)") }
            return elapsed
        }
        func baseline(_ file: URL, count: Int) async throws -> Double {
            try owner.query("TRUNCATE public.bench_import_plain")
            let copy = "\\copy public.bench_import_plain FROM '\(file.path.replacingOccurrences(of: "'", with: "''"))' CSV HEADER"
            let elapsed = try await timed(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1"] + cluster.clientArguments(user: EmbeddedCluster.superuser) + ["-c", copy])
            let copied = try owner.query("SELECT count(*)::integer AS n FROM public.bench_import_plain").singleRow().decode("n", as: Int.self)
            guard copied == count else { throw BenchError("psql \\copy loaded \(copied) rows of \(count)") }
            return elapsed
        }

        /// The same rows into the same tables by hand-written SQL in one psql process: \copy into a
        /// temporary table, then one statement writing the nominations, their two history entries and the
        /// proposal's lines (every constraint and trigger of those tables fires, as for ours), in one
        /// transaction. What it leaves out is what ours adds: reading .xlsx, the closed sets' words, every
        /// row's problems, the person's scope and role.
        func sameTables(_ file: URL, count: Int) async throws -> Double {
            let proposal = try draft()
            let occupations = Occupation.allCases.map { "('\($0.vietnamese)', '\($0.rawValue)')" }.joined(separator: ", ")
            let script = """
                \\set ON_ERROR_STOP 1
                BEGIN;
                CREATE TEMPORARY TABLE sheet (stt integer, name text, kind text, birth_date date, gender text, occupation text,
                    unit text, award text, period_from date, period_to date, note text) ON COMMIT DROP;
                \\copy sheet FROM '\(file.path.replacingOccurrences(of: "'", with: "''"))' CSV HEADER
                SELECT set_config('awards.moving_proposal_lines', 'on', true);
                WITH version AS (
                    SELECT version FROM awards.workflow_definitions ORDER BY loaded_at DESC, version DESC LIMIT 1
                ), creating AS (
                    SELECT t.* FROM awards.workflow_transitions t JOIN version v USING (version) WHERE t.from_state IS NULL ORDER BY t.event LIMIT 1
                ), joining AS (
                    SELECT t.* FROM awards.workflow_transitions t JOIN creating c ON t.version = c.version AND t.from_state = c.to_state
                    WHERE t.event = 'join_proposal'
                ), lines AS (
                    SELECT s.stt, CASE s.kind WHEN 'Cá nhân' THEN 'individual' ELSE 'collective' END AS kind,
                           normalize(btrim(s.name), NFC) AS name, s.birth_date,
                           CASE s.gender WHEN 'Nữ' THEN 'female' WHEN 'Nam' THEN 'male' END AS gender, o.code AS occupation,
                           u.id AS unit_id, s.award, s.period_from, s.period_to, nullif(s.note, '') AS note,
                           row_number() OVER (ORDER BY s.stt) AS line_no,
                           jsonb_build_object('proposal', '#\(proposal)', 'award_code', s.award,
                                              'achievement_from', s.period_from::text, 'achievement_to', s.period_to::text) AS joined
                    FROM sheet s JOIN awards.units u ON u.code = s.unit
                    JOIN (VALUES \(occupations)) AS o (label, code) ON o.label = s.occupation
                ), created AS (
                    INSERT INTO awards.nominations (nominee_kind, nominee_name, occupation, gender, unit_id, birth_date,
                                                    definition_version, state, facts, proposed_award, history_length)
                    SELECT l.kind, l.name, l.occupation, l.gender, l.unit_id, l.birth_date, j.version, j.to_state, l.joined, l.award, 2
                    FROM lines l CROSS JOIN joining j ORDER BY l.line_no
                    RETURNING id, nominee_name, birth_date, proposed_award
                ), matched AS (
                    SELECT l.*, c.id AS nomination_id FROM lines l
                    JOIN created c ON c.nominee_name = l.name AND c.birth_date = l.birth_date AND c.proposed_award = l.award
                ), history AS (
                    INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, note, fields, definition_version)
                    SELECT m.nomination_id, e.seq, e.event, e.from_state, e.to_state, 'officer', e.note, e.fields, c.version
                    FROM matched m CROSS JOIN creating c CROSS JOIN joining j
                    CROSS JOIN LATERAL (VALUES (1, c.event, NULL::text, c.to_state, NULL::text, '{}'::jsonb),
                                               (2, j.event, j.from_state, j.to_state, m.note,
                                                m.joined || CASE WHEN m.note IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('note', m.note) END))
                        AS e (seq, event, from_state, to_state, note, fields)
                    ORDER BY m.nomination_id, e.seq
                )
                INSERT INTO awards.proposal_lines (proposal_id, line_no, nomination_id, nominee_key, award_code, achievement_from,
                                                   achievement_to, sheet_row)
                SELECT \(proposal), m.line_no, m.nomination_id, awards.nominee_key(m.kind, m.unit_id, m.name, m.birth_date), m.award,
                       m.period_from, m.period_to, m.stt
                FROM matched m;
                COMMIT;
                """
            let scriptFile = folder.appendingPathComponent("same-tables-\(proposal).sql")
            try Data(script.utf8).write(to: scriptFile)
            let elapsed = try await timed(psql, ["-X", "-q"] + cluster.clientArguments(user: EmbeddedCluster.superuser) + ["-f", scriptFile.path])
            let added = try lineCount(proposal)
            guard added == count else { throw BenchError("the hand-written import added \(added) lines of \(count)") }
            return elapsed
        }

        // Warm-up, not measured: a small sheet each way (the binaries and the server's plans get warm).
        // Each import takes new nominees: the same rows in another open proposal are "already proposed".
        let warmCSV = try await sheet(20, xlsx: false), warmXLSX = try await sheet(20, xlsx: true)
        _ = try await ours(warmCSV, count: 20)
        _ = try await baseline(warmCSV, count: 20)
        _ = try await ours(warmXLSX, count: 20)
        _ = try await sameTables(try await sheet(20, xlsx: false), count: 20)

        var times: (csv: [Double], xlsx: [Double], baseline: [Double], sameTables: [Double]) = ([], [], [], [])
        for repetition in 0..<options.repeats {
            let csv = try await sheet(rows, xlsx: false)
            let xlsx = try await sheet(rows, xlsx: true)
            times.csv.append(try await ours(csv, count: rows))
            times.baseline.append(try await baseline(csv, count: rows))
            times.xlsx.append(try await ours(xlsx, count: rows))
            times.sameTables.append(try await sameTables(try await sheet(rows, xlsx: false), count: rows))
            log("import \(rows) rows, run \(repetition + 1): awards .csv \(format(times.csv.last!, 2)) s, "
                + "psql \\copy \(format(times.baseline.last!, 2)) s, awards .xlsx \(format(times.xlsx.last!, 2)) s, "
                + "hand-written SQL into the same tables \(format(times.sameTables.last!, 2)) s")
        }
        try owner.query("DROP TABLE public.bench_import_plain")

        let base = median(times.baseline)
        let sizes = { (name: String) -> String in
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(name) }
            let bytes = files.compactMap { try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent($0).path)[.size] as? Int }.max() ?? 0
            return format(Double(bytes) / 1_048_576, 1) + " MiB"
        }
        func result(_ format_: String, _ ours: [Double]) -> BenchResult {
            let detail = "ours: awards proposal import ID FILE.\(format_) as a process (release, --as an officer; reads the sheet of \(sizes("." + format_)), "
                + "checks every row, the database checks and writes), median \(format(median(ours), 2)) s; baseline: psql -c \"\\copy plain FROM FILE.csv CSV HEADER\" "
                + "of the same rows into a plain table of the same columns, median \(format(base, 2)) s; \(rows) valid rows, a fresh draft proposal "
                + "and fresh nominees each run, \(options.repeats) runs each, alternating; the .xlsx written by openpyxl with real date cells"
            return BenchResult(name: "import \(Self.thousands(rows)) rows (.\(format_))", unit: "rows/s", ours: Double(rows) / median(ours),
                               baseline: Double(rows) / base, goal: .atLeast(0.5), detail: detail,
                               runs: ["ours_seconds": ours, "baseline_seconds": times.baseline])
        }
        let sameTables = median(times.sameTables)
        let context = BenchResult(
            name: "import \(Self.thousands(rows)) rows (.csv), against SQL into the same tables", unit: "rows/s",
            ours: Double(rows) / median(times.csv), baseline: Double(rows) / sameTables, goal: nil,
            detail: "ours: as above (.csv), median \(format(median(times.csv), 2)) s; baseline: one psql process that \\copy-ies the same .csv "
                + "into a temporary table and writes the nominations, their two history entries and the proposal's lines in one "
                + "hand-written statement (the same constraints and triggers fire), median \(format(sameTables, 2)) s; what the baseline "
                + "does not do is what ours adds: reading the sheet's words, checking every row, the person's scope and role",
            runs: ["ours_seconds": times.csv, "baseline_seconds": times.sameTables])
        return [result("csv", times.csv), result("xlsx", times.xlsx), context]
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func thousands(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}

/// Ours: ProposalStore.sign (SELECT awards.sign_decision(…)) as the head of the unit the proposal is
/// addressed to (a manager of unit_head authority), on a submitted proposal of `lines` Lao động tiên tiến
/// lines of their unit; only the call is timed. Baseline: one hand-written transaction, as the owner,
/// that makes the same rows for another equal proposal: the decision, its lines with the money
/// (multiple × base salary rounded up, in SQL), every nomination approved (state, decision number and
/// date, facts, history length) with its history entry, the proposal decided with its history entry.
/// The triggers (history continuity, state matches history, stage deadlines, the catalogue stamp, the
/// foreign keys, the exclusion constraint and, since 0035, every line's eligibility judged on the
/// decision's date) fire in both: that is the same work. After each pair the
/// two effects are compared, count by count. Setting up the proposals is not timed.
struct SignBench {
    let options: BenchOptions
    let cluster: BenchCluster
    let lines: Int

    func run() throws -> [BenchResult] {
        let owner = try cluster.connect()
        let officer = ProposalStore(try cluster.connect(as: ProposalBenchPeople.signOfficer))
        let head = ProposalStore(try cluster.connect(as: ProposalBenchPeople.signHead))
        let today = LocalDate.todayInVietnam
        let signer = try owner.query("SELECT id, unit_id FROM awards.people WHERE login_role::text = $1", [ProposalBenchPeople.signHead]).singleRow()
        let (signerID, unitID): (Int, Int) = (try signer.decode("id"), try signer.decode("unit_id"))
        var nominees = FreshNominees()
        var proposals = 0

        func submitted(_ count: Int) throws -> Int {
            proposals += 1
            let id = try officer.create(unitCode: ProposalBenchPeople.signUnit, addresseeCode: ProposalBenchPeople.signUnit, round: .yearEnd,
                                        year: today.year, title: "Đề nghị công nhận danh hiệu Lao động tiên tiến năm \(today.year) (benchmark)",
                                        movementCode: nil)
            let input = (0..<count).map { index -> ProposalLineInput in
                let n = nominees.next(award: "LAO_DONG_TIEN_TIEN")
                return ProposalLineInput(rowNumber: index + 2, name: n.name, kind: .individual, birthDate: n.birth, gender: n.female ? .female : .male,
                                         occupation: n.occupation, unitCode: ProposalBenchPeople.signUnit, awardCode: n.award,
                                         periodFrom: LocalDate(year: today.year, month: 1, day: 1)!,
                                         periodTo: LocalDate(year: today.year, month: 12, day: 31)!, note: n.note)
            }
            try officer.add(proposal: id, lines: input)
            // Each nominee rated for the year (Lao động tiên tiến needs at least "good", Law art. 24), so that
            // the decision's eligibility check passes; recorded in bulk, untimed.
            try owner.query("""
                INSERT INTO awards.performance_ratings (nominee_id, year, seq, rating)
                SELECT DISTINCT u.nominee_id, $2::integer, 1, 'good'
                FROM awards.proposal_lines l JOIN awards.nominee_units u ON u.nominee_key = l.nominee_key WHERE l.proposal_id = $1
                """, [id, today.year])
            try officer.advance(id, event: "submit", fields: ["proposal_number": "\(proposals)/TTr-SCT", "proposal_date": today.iso],
                                expectedState: "draft")
            return id
        }
        var decisions = 0
        func ours(_ proposal: Int) throws -> (seconds: Double, decision: Int) {
            decisions += 1
            let start = ContinuousClock.now
            let decision = try head.sign(number: "\(decisions)/QĐ-SCT", date: today, proposals: [proposal])
            return (seconds(ContinuousClock.now - start), decision)
        }
        func baseline(_ proposal: Int) throws -> (seconds: Double, decision: Int) {
            decisions += 1
            let number = "\(decisions)/QĐ-SCT"
            let start = ContinuousClock.now
            let decision = try owner.transaction { connection -> Int in
                // As the engine does: the lines' steps tell nobody, the proposal's step tells its roles once.
                try connection.query("SELECT set_config('awards.moving_proposal_lines', 'on', true)")
                return try connection.query(Self.baselineSQL, [proposal, number, today.iso, signerID, unitID, ProposalBenchPeople.signHead, today.iso])
                    .singleRow().decode("decision_id", as: Int.self)
            }
            return (seconds(ContinuousClock.now - start), decision)
        }
        func same(_ a: (proposal: Int, decision: Int), _ b: (proposal: Int, decision: Int), lines: Int) throws {
            let left = try effect(owner, a.proposal, a.decision), right = try effect(owner, b.proposal, b.decision)
            guard left == right else {
                throw BenchError("the baseline's effect differs from awards.sign_decision's:\n  ours     \(left)\n  baseline \(right)")
            }
            guard left.first == "line_count=\(lines)" else { throw BenchError("a decision of \(lines) lines expected: \(left)") }
        }

        // Warm-up, not measured: a small proposal each way, compared like the others.
        let warmOurs = try submitted(5), warmBaseline = try submitted(5)
        let warm = (try ours(warmOurs).decision, try baseline(warmBaseline).decision)
        try same((warmOurs, warm.0), (warmBaseline, warm.1), lines: 5)

        var times: (ours: [Double], baseline: [Double]) = ([], [])
        for repetition in 0..<options.repeats {
            let forOurs = try submitted(lines), forBaseline = try submitted(lines)
            let oursFirst = repetition % 2 == 0
            var o: (seconds: Double, decision: Int)!, b: (seconds: Double, decision: Int)!
            if oursFirst { o = try ours(forOurs); b = try baseline(forBaseline) } else { b = try baseline(forBaseline); o = try ours(forOurs) }
            try same((forOurs, o.decision), (forBaseline, b.decision), lines: lines)
            times.ours.append(o.seconds)
            times.baseline.append(b.seconds)
            log("sign a decision of \(lines) lines, run \(repetition + 1): awards.sign_decision \(format(o.seconds * 1000, 0)) ms, "
                + "hand-written transaction \(format(b.seconds * 1000, 0)) ms (effects compared: equal)")
        }
        let detail = "ours: ProposalStore.sign → SELECT awards.sign_decision(…) as the addressee unit's head (manager, unit_head), "
            + "median \(format(median(times.ours) * 1000, 0)) ms; baseline: one hand-written transaction as the owner making the same rows "
            + "(decision, \(lines) lines with the money computed in SQL, nominations approved with their history, the proposal decided), "
            + "median \(format(median(times.baseline) * 1000, 0)) ms; triggers fire in both (the eligibility check among them); effects compared after every pair; "
            + "\(lines) LAO_DONG_TIEN_TIEN lines of a submitted proposal, a fresh one each run, \(options.repeats) runs each, alternating"
        return [BenchResult(name: "sign a decision of \(ImportBench.thousands(lines)) lines", unit: "lines/s",
                            ours: Double(lines) / median(times.ours), baseline: Double(lines) / median(times.baseline),
                            goal: .atLeast(0.5), detail: detail, runs: ["ours_seconds": times.ours, "baseline_seconds": times.baseline])]
    }

    /// What a decision left, as text to compare: its lines and money, the nominations' states and
    /// history, their stage deadlines, the proposal's state and history, the notices it wrote.
    func effect(_ owner: Connection, _ proposal: Int, _ decision: Int) throws -> [String] {
        let row = try owner.query("""
            WITH d AS (SELECT * FROM awards.decisions WHERE id = $2),
                 n AS (SELECT n.* FROM awards.proposal_lines l JOIN awards.nominations n ON n.id = l.nomination_id WHERE l.proposal_id = $1)
            SELECT (SELECT line_count FROM d)::text AS line_count,
                   (SELECT total_dong || ' ' || authority_level || ' ' || array_to_string(legal_bases, '; ') || ' ' || catalogue_version
                           || ' ' || signer_login || ' ' || signer_id || ' ' || issuing_unit_id || ' ' || decision_date FROM d) AS decision,
                   (SELECT count(*) || ' ' || sum(money_dong) || ' ' || min(line_no) || '-' || max(line_no) || ' '
                           || count(*) FILTER (WHERE granted_award = proposed_award AND NOT revoked)
                    FROM awards.decision_lines WHERE decision_id = $2) AS lines,
                   (SELECT count(*) FROM awards.decision_lines dl JOIN awards.proposal_lines l
                           ON l.proposal_id = dl.proposal_id AND l.line_no = dl.proposal_line_no AND l.nomination_id = dl.nomination_id
                    WHERE dl.decision_id = $2)::text AS lines_matching_the_proposal,
                   (SELECT count(*) FROM awards.decision_proposals WHERE decision_id = $2 AND proposal_id = $1)::text AS decided_proposals,
                   (SELECT count(*) FROM n, d WHERE n.state = 'approved' AND n.decision_number = d.number AND n.decision_date = d.decision_date
                        AND n.history_length = 4 AND n.catalogue_version = d.catalogue_version
                        AND n.facts->>'decision_number' = d.number AND n.facts->>'decision_date' = d.decision_date::text
                        AND n.state_entered_at >= d.signed_at - interval '1 minute')::text AS nominations_approved,
                   (SELECT count(*) || ' ' || count(DISTINCT h.fields::text) || ' ' || min(h.session_role::text) || ' ' || min(h.acting_role)
                    FROM awards.nomination_history h JOIN n ON n.id = h.nomination_id, d
                    WHERE h.seq = 4 AND h.event = 'approve' AND h.from_state = 'pending_approval' AND h.to_state = 'approved'
                      AND h.fields = jsonb_build_object('decision_number', d.number, 'decision_date', d.decision_date::text)) AS history,
                   (SELECT count(*) FILTER (WHERE dl.closed_at IS NULL) || ' open ' || count(*) FILTER (WHERE dl.closed_at IS NOT NULL) || ' closed '
                           || coalesce(string_agg(DISTINCT dl.state, ',') FILTER (WHERE dl.closed_at IS NULL), '')
                    FROM awards.deadlines dl JOIN n ON n.id = dl.nomination_id) AS deadlines,
                   (SELECT state || ' ' || history_length FROM awards.proposals WHERE id = $1) AS proposal,
                   (SELECT string_agg(h.seq || ' ' || h.event || ' ' || h.from_state || ' ' || h.to_state || ' ' || h.acting_role || ' '
                                      || h.lines_moved || ' ' || h.session_role || ' ' || (h.fields - 'decision' - 'decision_number')::text
                                      || ' ' || ((h.fields->>'decision')::bigint = $2)
                                      || ' ' || (h.fields->>'decision_number' = (SELECT number FROM awards.decisions WHERE id = $2)), '; ')
                    FROM awards.proposal_history h WHERE h.proposal_id = $1 AND h.seq = 3) AS proposal_history,
                   (SELECT count(*) FILTER (WHERE nomination_id IN (SELECT id FROM n)) || ' for lines, '
                           || count(*) FILTER (WHERE proposal_id = $1 AND seq = 3) || ' for the decision'
                    FROM awards.notices) AS notices
            """, [proposal, decision]).singleRow()
        // The decision and proposal numbers differ by construction; everything else must agree.
        return try ["line_count", "decision", "lines", "lines_matching_the_proposal", "decided_proposals", "nominations_approved", "history",
                    "deadlines", "proposal", "proposal_history", "notices"].map { key in
            let value: String? = try row.decode(key)
            return key + "=" + (value ?? "NULL")
        }
    }

    /// The baseline: $1 proposal, $2 decision number, $3 decision date, $4 signer's person id, $5 issuing
    /// unit, $6 signer's login, $7 the decision date as the text the history records.
    static let baselineSQL = """
        WITH lines AS (
            SELECT l.proposal_id, l.line_no, n.id AS nomination_id, n.nominee_kind, n.nominee_name, n.unit_id, l.nominee_key, l.award_code,
                   l.achievement_from, l.achievement_to, b.multiple, s.amount AS base_salary, b.document,
                   ((s.amount::bigint * b.multiple + 10000::bigint * c.reward_rounding - 1) / (10000::bigint * c.reward_rounding)) * c.reward_rounding AS dong
            FROM awards.proposal_lines l
            JOIN awards.nominations n ON n.id = l.nomination_id
            CROSS JOIN LATERAL (SELECT document, (reward_multiples->>n.nominee_kind)::integer AS multiple FROM awards.award_legal_bases
                                WHERE award_code = l.award_code AND valid_from <= $3::date AND (valid_to IS NULL OR valid_to >= $3::date)
                                ORDER BY valid_from DESC LIMIT 1) b
            CROSS JOIN (SELECT amount FROM awards.base_salaries WHERE valid_from <= $3::date ORDER BY valid_from DESC LIMIT 1) s
            CROSS JOIN (SELECT reward_rounding, version FROM awards.catalogue_versions WHERE in_force) c
            WHERE l.proposal_id = $1 AND l.left_at IS NULL
        ), decision AS (
            INSERT INTO awards.decisions (issuing_unit_id, number, decision_date, year, signer_id, signer_login, authority_level, legal_bases,
                                          catalogue_version, line_count, total_dong)
            SELECT $5::bigint, $2::text, $3::date, extract(year FROM $3::date), $4::bigint, $6::name, 'unit_head',
                   array_agg(DISTINCT document ORDER BY document), (SELECT version FROM awards.catalogue_versions WHERE in_force), count(*), sum(dong)
            FROM lines
            RETURNING id
        ), decided_proposal AS (
            INSERT INTO awards.decision_proposals (decision_id, proposal_id) SELECT id, $1::bigint FROM decision
        ), decided_lines AS (
            INSERT INTO awards.decision_lines (decision_id, line_no, nomination_id, proposal_id, proposal_line_no, issuing_unit_id, nominee_kind,
                                               nominee_name, unit_id, nominee_key, proposed_award, granted_award, achievement_from, achievement_to,
                                               reward_multiple, base_salary, money_dong, legal_basis)
            SELECT d.id, row_number() OVER (ORDER BY l.line_no), l.nomination_id, l.proposal_id, l.line_no, $5::bigint, l.nominee_kind,
                   l.nominee_name, l.unit_id, l.nominee_key, l.award_code, l.award_code, l.achievement_from, l.achievement_to,
                   l.multiple, l.base_salary, l.dong, l.document
            FROM lines l CROSS JOIN decision d
        ), approved AS (
            UPDATE awards.nominations n SET state = 'approved', facts = n.facts || f.fields, decision_number = $2::text,
                   decision_date = $3::date, history_length = n.history_length + 1, state_entered_at = now()
            FROM lines l CROSS JOIN (SELECT jsonb_build_object('decision_number', $2::text, 'decision_date', $7::text) AS fields) f
            WHERE n.id = l.nomination_id
            RETURNING n.id, n.history_length, n.definition_version, f.fields
        ), approved_history AS (
            INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, session_role, acting_role, fields,
                                                   definition_version)
            SELECT id, history_length, 'approve', 'pending_approval', 'approved', $6::name, 'manager', fields, definition_version FROM approved
        ), moved AS (
            UPDATE awards.proposals SET state = 'decided', history_length = history_length + 1, state_entered_at = now()
            WHERE id = $1::bigint
            RETURNING history_length, definition_version
        )
        INSERT INTO awards.proposal_history (proposal_id, seq, event, from_state, to_state, session_role, acting_role, fields, lines_moved,
                                             definition_version)
        SELECT $1::bigint, m.history_length, 'decide', 'submitted', 'decided', $6::name, 'manager',
               jsonb_build_object('decision_number', $2::text, 'decision_date', $7::text, 'decision', d.id),
               (SELECT count(*) FROM lines), m.definition_version
        FROM moved m CROSS JOIN decision d
        RETURNING (fields->>'decision')::bigint AS decision_id
        """
}
