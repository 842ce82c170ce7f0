import ArgumentParser
import AwardsCore
import AwardsEngine
import AwardsStore
import Foundation
import Postgres

/// `awards-bench`: starts a throwaway PostgreSQL cluster, loads synthetic data, and measures the
/// engine against the same work in raw SQL, in the same run, on the same server.
@main
struct AwardsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "awards-bench",
        abstract: "Benchmarks of awards against raw PostgreSQL (run through scripts/bench).",
        discussion: """
            Every benchmark is measured next to its baseline on the same throwaway cluster in the same run.
            Results go to bench/results.json and a table on stdout. Never part of `swift test`.
            """)

    @Option(help: "Synthetic nominations to load (10000, 100000, 1000000…).") var scale: Int = 10_000
    @Flag(help: "Tiny scale and short runs: only checks that each benchmark produces a number.") var smoke = false
    @Option(help: "Seconds each measured transitions/s run lasts.") var seconds: Double = 8
    @Option(help: "Repetitions of each measurement (the median is reported).") var repeats: Int = 3
    @Option(help: "Runs of each CLI command per repetition.") var cliRuns: Int = 50
    @Option(help: "synchronous_commit for the run: off measures CPU and round trips; on adds the WAL flush to both sides.")
    var synchronousCommit: String = "off"
    @Option(help: "Where the results JSON goes.") var output: String = "bench/results.json"
    @Option(help: "Folder for the throwaway cluster (default: a new one under /var/tmp).") var clusterDirectory: String?
    @Flag(help: "Leave the cluster running afterwards (for EXPLAIN, pg_stat_statements…); prints how to reach it.") var keep = false
    @Option(help: "Rows of the sheet the import benchmark imports (--smoke: 200).") var importRows: Int = 10_000
    @Option(help: "Lines of the proposal the sign benchmark decides (--smoke: 50).") var signLines: Int = 1_000
    @Option(help: "Voting members of the council the council benchmark seats (--smoke: 5).") var councilMembers: Int = 25
    @Option(help: "Lines the council benchmark's meeting votes on (--smoke: 20).") var councilLines: Int = 1_000
    @Option(help: "Only these benchmarks: transitions, cli, import, sign, council, daemon (default: all); repeat the option for several.")
    var only: [String] = []
    @Flag(help: "Also apply bench/proposed/*.sql (schema changes proposed by the benchmarks) to the throwaway cluster.")
    var proposedFix = false

    mutating func validate() throws {
        if smoke {
            scale = min(scale, 500)
            seconds = 1
            repeats = 1
            cliRuns = 10
            importRows = min(importRows, 200)
            signLines = min(signLines, 50)
            councilMembers = min(councilMembers, 5)
            councilLines = min(councilLines, 20)
        }
        guard importRows >= 1, signLines >= 1 else { throw ValidationError("--import-rows and --sign-lines must be at least 1") }
        guard councilMembers >= 3, councilLines >= 10 else {
            throw ValidationError("--council-members must be at least 3 (a chair, a secretary, a member) and --council-lines at least 10")
        }
        let known: Set<String> = ["transitions", "cli", "import", "sign", "council", "daemon"]
        if let unknown = only.first(where: { !known.contains($0) }) {
            throw ValidationError("--only \(unknown): the benchmarks are \(known.sorted().joined(separator: ", "))")
        }
        guard scale >= 100 else { throw ValidationError("--scale must be at least 100") }
        guard ["on", "off"].contains(synchronousCommit) else { throw ValidationError("--synchronous-commit is on or off") }
    }

    func run() async throws {
        let project = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        guard FileManager.default.fileExists(atPath: project.appendingPathComponent("schema").path) else {
            throw ValidationError("run from the project folder (scripts/bench does)")
        }
        let options = BenchOptions(scale: scale, smoke: smoke, seconds: seconds, repeats: repeats, cliRuns: cliRuns,
                                   synchronousCommit: synchronousCommit, importRows: importRows, signLines: signLines,
                                   councilMembers: councilMembers, councilLines: councilLines,
                                   only: Set(only), proposedFix: proposedFix, project: project,
                                   clusterDirectory: clusterDirectory, keep: keep, output: output)
        let settings = try await Settings.load(file: project.appendingPathComponent("config/settings.yaml"),
                                               environment: ["AWARDS_HOME": project.path])
        try await BenchRun(options: options, settings: settings).run()
    }
}

struct BenchOptions: Sendable {
    var scale: Int
    var smoke: Bool
    var seconds: Double
    var repeats: Int
    var cliRuns: Int
    var synchronousCommit: String
    var importRows: Int
    var signLines: Int
    var councilMembers: Int
    var councilLines: Int
    var only: Set<String>
    var proposedFix: Bool
    var project: URL
    var clusterDirectory: String?
    var keep: Bool
    var output: String

    func wants(_ name: String) -> Bool { only.isEmpty || only.contains(name) }
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("bench: \(message)\n".utf8))
}

/// One whole run: cluster, data, each benchmark, report.
struct BenchRun {
    let options: BenchOptions
    let settings: Settings

    func run() async throws {
        let started = ContinuousClock.now
        let cluster = try await BenchCluster.start(options: options)
        try await finally({ try await measure(on: cluster, started: started) }, { await finish(cluster) })
    }

    func finish(_ cluster: BenchCluster) async {
        if options.keep {
            log("cluster kept: psql -h \(cluster.socket) -p \(cluster.port) -U \(EmbeddedCluster.superuser) \(cluster.database); stop it with: pg_ctl -D \(cluster.base)/pgdata stop (as \(EmbeddedCluster.serverAccount) when root: runuser -u \(EmbeddedCluster.serverAccount) --), then remove \(cluster.base)")
        } else {
            await cluster.destroy()
        }
    }

    func measure(on cluster: BenchCluster, started: ContinuousClock.Instant) async throws {
        let owner = try cluster.connect()
        let workflow = try ConfigFiles.workflow(settings)
        try Migrator(directory: options.project.appendingPathComponent("schema")).migrate(owner)
        try WorkflowStore(owner).load(workflow.definition)
        try WorkflowStore(owner).sync(workflow.catalogue)
        // The proposal workflow too, as `awards db migrate` loads it (DatabaseSetup.migrate).
        try WorkflowStore(owner).load(try ConfigFiles.proposals(settings, nominations: workflow.definition))
        try CalendarStore(owner).sync(try ConfigFiles.workingCalendar(settings), years: DatabaseSetup.calendarYears)
        try owner.query("ALTER DATABASE \(cluster.database) SET synchronous_commit = \(options.synchronousCommit)")
        var schemaNote = "schema/ as committed"
        if options.proposedFix {
            let folder = options.project.appendingPathComponent("bench/proposed")
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".sql") }.sorted()
            for file in files {
                try owner.executeScript(try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
                log("applied the proposed change bench/proposed/\(file) to the throwaway cluster")
            }
            schemaNote += " + bench/proposed/" + files.joined(separator: ", ")
        }

        let loadStart = ContinuousClock.now
        let data = try SyntheticData(scale: options.scale, workflowVersion: workflow.definition.version).load(into: owner)
        log("loaded \(data.summary) in \(format(seconds(ContinuousClock.now - loadStart), 1)) s")

        let machine = try MachineFacts.collect(owner, synchronousCommit: options.synchronousCommit)
        // The daemon first: the transitions open stage deadlines (awards.advance) that would be due too.
        var daemonResults: [BenchResult] = []
        if options.wants("daemon") {
            daemonResults = try await DaemonBench(options: options, cluster: cluster).run()
        }
        var results: [BenchResult] = []
        if options.wants("transitions") {
            for clients in [4, 8] {
                results += try await TransitionBench(options: options, cluster: cluster, data: data, settings: settings,
                                                     workflow: workflow, clients: clients).run()
            }
        }
        if options.wants("cli") {
            results += try await CLIBench(options: options, cluster: cluster, data: data).run()
        }
        if options.wants("import") || options.wants("sign") {
            try ProposalBenchPeople.register(owner)
        }
        if options.wants("import") {
            results += try await ImportBench(options: options, cluster: cluster, rows: options.importRows).run()
        }
        if options.wants("sign") {
            results += try SignBench(options: options, cluster: cluster, lines: options.signLines).run()
        }
        if options.wants("council") {
            results += try await CouncilBench(options: options, cluster: cluster, members: options.councilMembers, lines: options.councilLines).run()
        }
        results += daemonResults

        try data.verifyConsistency(owner)
        let report = Report(results: results, scale: options.scale, machine: machine, schema: schemaNote)
        try report.write(to: options.output.hasPrefix("/") ? URL(fileURLWithPath: options.output)
                                                           : options.project.appendingPathComponent(options.output))
        print(report.table)
        log("done in \(format(seconds(ContinuousClock.now - started), 0)) s; results in \(options.output)")
    }
}

/// `body`, then `cleanup` whether or not it threw: a `defer` that can await.
func finally<T>(_ body: () async throws -> T, _ cleanup: () async -> Void) async throws -> T {
    let value: T
    do {
        value = try await body()
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
    return value
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func format(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    // Nearest rank.
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[max(0, min(sorted.count - 1, rank - 1))]
}

/// User plus system CPU time of the children waited for so far (getrusage RUSAGE_CHILDREN).
func childrenCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return value(usage.ru_utime) + value(usage.ru_stime)
}
