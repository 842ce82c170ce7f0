import AwardsCore
import AwardsEngine
import AwardsStore
import Foundation
import Postgres
import Synchronization

/// Transitions per second with N concurrent connections, each worker on its own pool of nominations.
///
/// Every worker fires, on a random nomination of its pool, the next event of the cycle
/// detected → cultivate → summarize → propose → return → propose → return …, so the pools never run out
/// and every transition carries fields (a plan, a summary, an award code, a reason).
///
/// - ours: the engine's path as a library, one thread per worker, logged in as the worker's own login
///   role, an officer, who returns nothing: the manager of the same commune does (separation of duties),
///   on a second connection of the same thread, so N workers still run N transitions at a time:
///   `NominationService.advance` (the pure workflow check, then the database's `awards.advance`), and,
///   for diagnosis, `NominationStore.advance` alone.
/// - baseline: pgbench running the same transitions by hand as the owner: BEGIN; SELECT … FOR UPDATE
///   (which also decides the event from the state); UPDATE the state; INSERT the history row; COMMIT.
///   The table's triggers fire for both sides alike: the stage deadline is closed and the next one opened
///   (nominations_stage_deadline), and the history's integrity is checked at commit.
struct TransitionBench {
    let options: BenchOptions
    let cluster: BenchCluster
    let data: LoadedData
    let settings: Settings
    let workflow: NominationWorkflow
    let clients: Int

    static let cycle: [String: (event: String, fields: [String: String])] = [
        "detected": ("cultivate", ["cultivation_plan": "Hỗ trợ vốn, tập huấn kỹ thuật"]),
        "cultivating": ("summarize", ["achievement_summary": "Năng suất cà phê tăng 30%, tiết kiệm 40% nước tưới"]),
        "summarized": ("propose", ["award_code": "GIAY_KHEN"]),
        "pending_approval": ("return", ["reason": "Bổ sung xác nhận của địa phương"]),
    ]

    enum Path: String { case service, store }

    /// The settings, pointed at the throwaway cluster.
    var clusterSettings: Settings {
        var settings = self.settings
        settings.databaseURL = cluster.conninfo
        return settings
    }

    func run() async throws -> [BenchResult] {
        let target = try await DatabaseTarget(settings: clusterSettings)
        var service: [Double] = [], store: [Double] = [], baseline: [Double] = []
        let script = try writePgbenchScript()
        for repeat_ in 0..<options.repeats {
            // Rotate the order so that no side always runs first (on a colder or a more bloated table).
            let order = [0, 1, 2].map { ($0 + repeat_) % 3 }
            for which in order {
                switch which {
                case 0: baseline.append(try await pgbench(script: script))
                // On threads of their own, as the workers: the measuring thread sleeps through the run.
                case 1: service.append(try await runBlocking { try ours(.service, target: target) })
                default: store.append(try await runBlocking { try ours(.store, target: target) })
                }
            }
            log("\(clients) connections, repetition \(repeat_ + 1): engine \(format(service.last!, 0)), store only \(format(store.last!, 0)), pgbench \(format(baseline.last!, 0)) transitions/s")
        }
        let runs = ["ours": service, "ours_store_only": store, "baseline": baseline]
        return [
            BenchResult(name: "transitions/s, \(clients) connections", unit: "transitions/s",
                        ours: median(service), baseline: median(baseline), goal: .atLeast(0.8),
                        detail: "ours: NominationService.advance (pure check + awards.advance) as officer logins; baseline: pgbench, same transitions by hand (lock, check, update, insert history); on both sides the triggers close and open the stage deadline",
                        runs: runs),
            BenchResult(name: "transitions/s, \(clients) connections, store only", unit: "transitions/s",
                        ours: median(store), baseline: median(baseline), goal: nil,
                        detail: "diagnosis: NominationStore.advance alone (one awards.advance call, no pure pre-check)",
                        runs: runs),
        ]
    }

    /// The engine's path: one thread and one connection per worker; counts transitions done in the
    /// measured window, after a warm-up.
    func ours(_ path: Path, target: DatabaseTarget) throws -> Double {
        let shared = SharedCounters(workers: clients)
        let settings = clusterSettings
        let (workflow, data) = (self.workflow, self.data)
        for worker in 0..<clients {
            let login = data.workerLogins[worker], decider = data.deciderLogins[worker]
            let pool = data.pool(slot: worker)
            let thread = Thread {
                do {
                    let session = try AwardsSession(settings: settings, target: target, actingAs: login)
                    let deciding = try AwardsSession(settings: settings, target: target, actingAs: decider)
                    let services = (officer: NominationService(session: session, workflow: workflow),
                                    manager: NominationService(session: deciding, workflow: workflow))
                    let stores = (officer: NominationStore(session.connection), manager: NominationStore(deciding.connection))
                    var states: [Int: String] = [:]
                    for row in try session.connection.query("SELECT id, state FROM awards.nominations WHERE id >= $1 AND id < $2",
                                                            [pool.lowerBound, pool.upperBound]).rows {
                        states[try row.decode("id")] = try row.decode("state")
                    }
                    guard states.count == pool.count else { throw BenchError("\(login) sees \(states.count) of its \(pool.count) nominations") }
                    var random = SystemRandomNumberGenerator()
                    shared.ready.add(1, ordering: .sequentiallyConsistent)
                    while !shared.stop.load(ordering: .relaxed) {
                        let id = Int.random(in: pool, using: &random)
                        guard let step = Self.cycle[states[id]!] else { throw BenchError("nomination \(id) is \(states[id]!)") }
                        let byManager = step.event == "return"
                        states[id] = switch path {
                        case .service: try (byManager ? services.manager : services.officer).advance(id, event: step.event, fields: step.fields)
                        case .store: try (byManager ? stores.manager : stores.officer).advance(id, event: step.event, fields: step.fields)
                        }
                        shared.counts.withLock { $0[worker] += 1 }
                    }
                } catch {
                    shared.failure.withLock { $0 = $0 ?? "\(login): \(error)" }
                    shared.ready.add(1, ordering: .sequentiallyConsistent)
                }
                shared.finished.add(1, ordering: .sequentiallyConsistent)
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        while shared.ready.load(ordering: .sequentiallyConsistent) < clients { usleep(1_000) }
        defer {
            shared.stop.store(true, ordering: .sequentiallyConsistent)
            while shared.finished.load(ordering: .sequentiallyConsistent) < clients { usleep(1_000) }
        }
        Thread.sleep(forTimeInterval: warmUp)
        let (start, before) = (ContinuousClock.now, shared.total)
        Thread.sleep(forTimeInterval: options.seconds)
        let (end, after) = (ContinuousClock.now, shared.total)
        if let failure = shared.failure.withLock({ $0 }) { throw BenchError("engine worker failed: \(failure)") }
        return Double(after - before) / seconds(end - start)
    }

    var warmUp: Double { options.smoke ? 0.3 : 2 }

    /// pgbench with the hand-written transaction; a warm-up run first, then the measured one.
    func pgbench(script: String) async throws -> Double {
        guard let pgbench = which("pgbench") else { throw BenchError("pgbench not found (apt-get install postgresql-client)") }
        func run(_ seconds: Int) async throws -> Double {
            let arguments = ["-n", "-M", "prepared", "-c", String(clients), "-j", String(min(clients, 2)), "-T", String(seconds),
                             "-D", "base=\(data.poolBase)", "-D", "pool=\(data.poolSize)", "-D", "ver=\(data.workflowVersion)",
                             "-f", script] + cluster.clientArguments(user: "awards_owner")
            let result = try await runProgram(pgbench, arguments)
            guard result.code == 0, !result.err.contains("aborted"),
                  let line = result.out.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
                  let tps = Double(line.dropFirst(6).prefix { $0 != " " }) else {
                throw BenchError("pgbench failed (exit \(result.code)): \(result.err.suffix(800)) \(result.out.suffix(400))")
            }
            if let failed = result.out.split(separator: "\n").first(where: { $0.hasPrefix("number of failed transactions") }),
               !failed.contains(": 0 ") {
                throw BenchError("pgbench: \(failed)")
            }
            return tps
        }
        _ = try await run(max(1, Int(warmUp.rounded())))
        return try await run(max(1, Int(options.seconds.rounded())))
    }

    /// The baseline transaction: what a careful programmer writes by hand for one transition.
    func writePgbenchScript() throws -> String {
        func json(_ state: String) -> String {
            NominationGenerator.json(Self.cycle[state]!.fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        let script = """
            \\set id :base + :client_id * :pool + random(0, :pool - 1)
            BEGIN;
            SELECT state AS cur, history_length + 1 AS seq,
                   CASE state WHEN 'detected' THEN 'cultivate' WHEN 'cultivating' THEN 'summarize'
                              WHEN 'summarized' THEN 'propose' WHEN 'pending_approval' THEN 'return' END AS ev,
                   CASE state WHEN 'detected' THEN 'cultivating' WHEN 'cultivating' THEN 'summarized'
                              WHEN 'summarized' THEN 'pending_approval' WHEN 'pending_approval' THEN 'summarized' END AS nxt,
                   CASE state WHEN 'pending_approval' THEN 'manager' ELSE 'officer' END AS role,
                   CASE state WHEN 'detected' THEN '\(json("detected"))' WHEN 'cultivating' THEN '\(json("cultivating"))'
                              WHEN 'summarized' THEN '\(json("summarized"))' WHEN 'pending_approval' THEN '\(json("pending_approval"))' END AS fields
              FROM awards.nominations WHERE id = :id FOR UPDATE \\gset
            UPDATE awards.nominations
               SET state = :nxt, facts = facts || :fields::jsonb,
                   proposed_award = coalesce(:fields::jsonb ->> 'award_code', proposed_award),
                   history_length = :seq, state_entered_at = now()
             WHERE id = :id AND state = :cur;
            INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, fields, definition_version)
            VALUES (:id, :seq, :ev, :cur, :nxt, :role, :fields::jsonb, :ver);
            COMMIT;

            """
        let path = "\(cluster.base)/transition.sql"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

final class SharedCounters: Sendable {
    let counts: Mutex<[Int]>
    let stop = Atomic<Bool>(false)
    let ready = Atomic<Int>(0)
    let finished = Atomic<Int>(0)
    let failure = Mutex<String?>(nil)

    init(workers: Int) { counts = Mutex(Array(repeating: 0, count: workers)) }

    var total: Int { counts.withLock { $0.reduce(0, +) } }
}
