import Foundation

/// One CLI command as a process, p50 and p95 of `cliRuns` runs, against psql -c of the same SQL.
///
/// Both act as the same logins over the same Unix socket (bench_cli proposes, bench_cli_d, a manager,
/// returns: nobody returns their own proposal), alternating propose and return on
/// a nomination each: ours `awards advance ID EVENT --field … --as bench_cli` with DATABASE_URL set;
/// baseline `psql -X -q -c "SELECT awards.advance(…)"`. Runs interleave (ours, baseline, ours, …) so
/// that drift in the machine's load hits both alike; a few warm-up runs of each are discarded.
struct CLIBench {
    let options: BenchOptions
    let cluster: BenchCluster
    let data: LoadedData

    func run() async throws -> [BenchResult] {
        let awards = options.project.appendingPathComponent(".build/release/awards").path
        guard FileManager.default.isExecutableFile(atPath: awards) else { throw BenchError("\(awards) not built (scripts/bench builds it)") }
        guard let psql = which("psql") else { throw BenchError("psql not found") }
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = cluster.conninfo
        environment["AWARDS_HOME"] = options.project.path
        environment.removeValue(forKey: "DATABASE_USER")
        environment.removeValue(forKey: "AWARDS_CONFIG")

        var oursState = "summarized", baselineState = "summarized"
        func step(_ state: inout String) -> (event: String, field: String, json: String) {
            defer { state = state == "summarized" ? "pending_approval" : "summarized" }
            return state == "summarized"
                ? ("propose", "award_code=GIAY_KHEN", #"{"award_code": "GIAY_KHEN"}"#)
                : ("return", "reason=Bổ sung xác nhận của địa phương", #"{"reason": "Bổ sung xác nhận của địa phương"}"#)
        }
        func timed(_ executable: String, _ arguments: [String]) async throws -> Double {
            let start = ContinuousClock.now
            let result = try await runProgram(executable, arguments, environment: environment, workingDirectory: options.project)
            let elapsed = seconds(ContinuousClock.now - start) * 1000
            guard result.code == 0 else { throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed: \(result.err)") }
            return elapsed
        }
        func oursOnce() async throws -> Double {
            let s = step(&oursState)
            return try await timed(awards, ["advance", String(data.cliNominations.ours), s.event, "--field", s.field, "--as", s.event == "return" ? data.cliDecider : data.cliLogin])
        }
        func baselineOnce() async throws -> Double {
            let s = step(&baselineState)
            let sql = "SELECT awards.advance(\(data.cliNominations.baseline), '\(s.event)', '\(s.json)')"
            return try await timed(psql, ["-X", "-q", "-t", "-v", "ON_ERROR_STOP=1"] + cluster.clientArguments(user: s.event == "return" ? data.cliDecider : data.cliLogin) + ["-c", sql])
        }

        var p50: (ours: [Double], baseline: [Double]) = ([], [])
        var p95: (ours: [Double], baseline: [Double]) = ([], [])
        for repeat_ in 0..<options.repeats {
            for _ in 0..<(options.smoke ? 2 : 5) {
                _ = try await oursOnce()
                _ = try await baselineOnce()
            }
            var ours: [Double] = [], baseline: [Double] = []
            for _ in 0..<options.cliRuns {
                ours.append(try await oursOnce())
                baseline.append(try await baselineOnce())
            }
            p50.ours.append(percentile(ours, 50)); p50.baseline.append(percentile(baseline, 50))
            p95.ours.append(percentile(ours, 95)); p95.baseline.append(percentile(baseline, 95))
            log("CLI, repetition \(repeat_ + 1): awards p50 \(format(p50.ours.last!, 1)) ms p95 \(format(p95.ours.last!, 1)) ms; psql p50 \(format(p50.baseline.last!, 1)) ms p95 \(format(p95.baseline.last!, 1)) ms")
        }
        let detail = "ours: awards advance as a process (DATABASE_URL, --as); baseline: psql -c \"SELECT awards.advance(…)\"; \(options.cliRuns) runs per repetition, median over \(options.repeats) repetitions"
        return [
            BenchResult(name: "one CLI command, p50", unit: "ms", ours: median(p50.ours), baseline: median(p50.baseline),
                        goal: .atMost(1.5), detail: detail, runs: ["ours": p50.ours, "baseline": p50.baseline]),
            BenchResult(name: "one CLI command, p95", unit: "ms", ours: median(p95.ours), baseline: median(p95.baseline),
                        goal: .atMost(1.5), detail: detail, runs: ["ours": p95.ours, "baseline": p95.baseline]),
        ]
    }
}
