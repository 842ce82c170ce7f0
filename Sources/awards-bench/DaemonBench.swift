import AwardsEngine
import AwardsStore
import Foundation
import Postgres
import Subprocess
import Synchronization
import SystemPackage

/// The reminder daemon (issue 4), measured in the same run on the same cluster:
/// - its claim query (ReminderStore.claimDueDeadlines) over `scale` open deadlines, with none due and
///   with `due` due, each run inside a transaction that is rolled back;
/// - one `awardsd --once` pass planning, queueing and delivering `due` per-item reminders to
///   scripts/smtp-sink.py on loopback, and its peak RSS;
/// - the same messages sent again by awardsd, against Postfix's smtp-source and Python's smtplib sending
///   as many, each into a fresh Postfix smtp-sink (fast enough that the sender sets the pace).
struct DaemonBench {
    let options: BenchOptions
    let cluster: BenchCluster

    /// The simulated "now" of the run: Friday 08/10/2021 08:30 in Việt Nam, five working days before
    /// the due date 15/10/2021, so the first `before_due` step is due for every reminder deadline.
    static let nowText = "08/10/2021 08:30"
    static let now = ISO8601DateFormatter().date(from: "2021-10-08T01:30:00Z")!

    var due: Int { min(options.scale, options.smoke ? 100 : 1_000) }
    var claimRuns: Int { options.smoke ? 10 : 50 }

    func run() async throws -> [BenchResult] {
        let owner = try cluster.connect()
        let open = options.scale
        try load(owner, open: open)
        let (noneDue, someDue) = try claimBench(owner, open: open)
        log("daemon claim query, \(open) open deadlines: 0 due median \(format(median(noneDue), 2)) ms (p95 \(format(percentile(noneDue, 95), 2))), "
            + "\(due) due median \(format(median(someDue), 2)) ms (p95 \(format(percentile(someDue, 95), 2)))")
        let goal = Goal.below(10, "ms, flat across scales")
        let runsNote = "median (p95) of \(claimRuns) runs of claimDueDeadlines(now:limit: 200), each in a transaction rolled back"
        var results = [
            BenchResult(name: "daemon claim query, \(open) open deadlines, 0 due", unit: "ms", ours: median(noneDue), goal: goal,
                        detail: "\(runsNote); p95 \(format(percentile(noneDue, 95), 2)) ms", runs: ["ours": noneDue]),
            BenchResult(name: "daemon claim query, \(open) open deadlines, \(due) due", unit: "ms", ours: median(someDue), goal: goal,
                        detail: "\(runsNote); claims 200 of \(due) due; p95 \(format(percentile(someDue, 95), 2)) ms", runs: ["ours": someDue]),
        ]
        results += try await deliveryBench()
        return results
    }

    // MARK: data

    /// `open` obligation deadlines of one department, written directly as the owner, none of them due
    /// yet: their next reminder falls after the run's "now". Obligations are owed by departments, so no
    /// synthetic nomination changes. (Runs before the transitions benchmarks, whose awards.advance opens
    /// stage deadlines that would be due too.)
    func load(_ owner: Connection, open: Int) throws {
        let clock = ContinuousClock.now
        let before: Int = try owner.query("SELECT count(*) AS n FROM awards.deadlines WHERE closed_at IS NULL").singleRow().decode("n")
        guard before == 0 else { throw BenchError("the daemon benchmarks expect no open deadlines before theirs, found \(before)") }
        try owner.query("""
            WITH o AS (
                INSERT INTO awards.obligations (title, due_on, receiving_unit_id)
                SELECT 'Báo cáo thi đua số ' || n, date '2021-10-15', (SELECT id FROM awards.units WHERE code = 'snv')
                FROM generate_series(1, $1) n
                RETURNING id, title, due_on
            ), ou AS (
                INSERT INTO awards.obligation_units (obligation_id, unit_id)
                SELECT id, (SELECT min(id) FROM awards.units WHERE kind = 'department') FROM o
            )
            INSERT INTO awards.deadlines (obligation_id, unit_id, title, due_on, assignee_role, next_reminder_at)
            SELECT id, (SELECT min(id) FROM awards.units WHERE kind = 'department'), title, due_on, 'officer',
                   timestamptz '2021-10-09 00:00+07' + (id % 100000) * interval '1 minute'
            FROM o
            """, [open])
        try owner.query("ANALYZE awards.obligations, awards.obligation_units, awards.deadlines")
        log("daemon: \(open) open deadlines, none due, loaded in \(format(seconds(ContinuousClock.now - clock), 1)) s")
    }

    /// Makes `due` of them due, as a new deadline starts: next_reminder_at '-infinity'.
    func makeDue(_ owner: Connection) throws {
        try owner.query("""
            UPDATE awards.deadlines SET next_reminder_at = '-infinity'
            WHERE id IN (SELECT id FROM awards.deadlines WHERE closed_at IS NULL ORDER BY id LIMIT $1)
            """, [due])
        try owner.query("ANALYZE awards.deadlines")
    }

    // MARK: claim query

    func claimBench(_ owner: Connection, open: Int) throws -> (noneDue: [Double], someDue: [Double]) {
        let store = ReminderStore(owner)
        func timed(_ now: Date, expect: Int) throws -> [Double] {
            var samples: [Double] = []
            for _ in 0..<(claimRuns + 2) {
                try owner.query("BEGIN")
                let start = ContinuousClock.now
                let claimed = try store.claimDueDeadlines(now: now, limit: 200)
                let elapsed = seconds(ContinuousClock.now - start) * 1000
                try owner.query("ROLLBACK")
                guard claimed.count == expect else { throw BenchError("claim returned \(claimed.count), expected \(expect)") }
                samples.append(elapsed)
            }
            return Array(samples.dropFirst(2))  // the first two warm the plan cache and the buffers
        }
        let none = try timed(Self.now, expect: 0)
        try makeDue(owner)
        let some = try timed(Self.now, expect: min(200, due))
        try owner.query("BEGIN")
        let plan = try owner.query("""
            EXPLAIN (ANALYZE, BUFFERS)
            SELECT d.id, d.title, d.action, d.due_on::text, d.unit_id, u.name AS unit_name, u.code AS unit_code,
                   d.assignee_role, d.nomination_id, d.obligation_id, r.name AS receiving_name
            FROM (SELECT id, title, action, due_on, unit_id, assignee_role, nomination_id, obligation_id FROM awards.deadlines
                  WHERE closed_at IS NULL AND next_reminder_at IS NOT NULL AND next_reminder_at <= timestamptz '2021-10-08 08:30+07'
                  ORDER BY next_reminder_at LIMIT 200 FOR UPDATE SKIP LOCKED) d
            JOIN awards.units u ON u.id = d.unit_id
            LEFT JOIN awards.obligations o ON o.id = d.obligation_id
            LEFT JOIN awards.units r ON r.id = o.receiving_unit_id
            """).rows.map { try $0.decode("QUERY PLAN", as: String.self) }
        try owner.query("ROLLBACK")
        log("daemon claim query plan, \(open) open deadlines, \(due) due:\n    " + plan.joined(separator: "\n    "))
        return (none, some)
    }

    // MARK: delivery

    /// A copy of config/ with per-item delivery, as the daemon tests use.
    func perItemConfig() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("awards-bench-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: options.project.appendingPathComponent("config"), to: folder.appendingPathComponent("config"))
        try? FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("schema"),
                                                    withDestinationURL: options.project.appendingPathComponent("schema"))
        let reminders = folder.appendingPathComponent("config/reminders.yaml")
        var text = try String(contentsOf: reminders, encoding: .utf8)
        text = text.replacingOccurrences(of: "delivery: digest", with: "delivery: per_item")
        guard text.contains("delivery: per_item") else { throw BenchError("config/reminders.yaml has no `delivery: digest` line to switch") }
        try text.write(to: reminders, atomically: true, encoding: .utf8)
        return folder
    }

    func deliveryBench() async throws -> [BenchResult] {
        let folder = try perItemConfig()
        defer { try? FileManager.default.removeItem(at: folder) }

        // Ours: awardsd --once under /usr/bin/time for its peak RSS.
        let ourSink = try await Sink.start(project: options.project)
        return try await finally({ try await deliveryBench(folder: folder, ourSink: ourSink) }, { await ourSink.stop() })
    }

    func deliveryBench(folder: URL, ourSink: Sink) async throws -> [BenchResult] {
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("MAIL_") || key.hasPrefix("DATABASE_") || key.hasPrefix("AWARDS_") {
            environment.removeValue(forKey: key)
        }
        // awardsd runs as its own login in awards_daemon, as in production (the socket trusts: no password).
        try DaemonLogin.ensure("awardsd", on: try cluster.connect())
        environment["DATABASE_URL"] = cluster.conninfo + " user=\(EmbeddedCluster.superuser)"
        environment["DAEMON_USER"] = "awardsd"
        environment["MAIL_TRANSPORT"] = "smtp"
        environment["MAIL_SMTP_HOST"] = "127.0.0.1"
        environment["MAIL_SMTP_PORT"] = String(ourSink.port)
        environment["MAIL_SMTP_SECURITY"] = "none"
        let rssFile = folder.appendingPathComponent("rss").path
        let awardsd = options.project.appendingPathComponent(".build/release/awardsd").path
        let start = ContinuousClock.now
        let result = try await runProgram("/usr/bin/time", ["-f", "%M", "-o", rssFile, awardsd,
                                                      "--config", folder.appendingPathComponent("config/settings.yaml").path,
                                                      "--once", "--now", Self.nowText, "--log-level", "warning"],
                                    environment: environment, workingDirectory: folder)
        let oursSeconds = seconds(ContinuousClock.now - start)
        guard result.code == 0 else { throw BenchError("awardsd --once failed (\(result.code)): \(result.err.suffix(2000))") }
        let oursDelivered = ourSink.stored()
        let rssKiB = Double((try String(contentsOfFile: rssFile, encoding: .utf8)).split(separator: "\n").last
            .flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? .nan)
        let sampleSize = ourSink.sampleMessageSize()

        guard oursDelivered == due else {
            throw BenchError("the sink stored \(oursDelivered) messages from awardsd, expected \(due)")
        }
        log("daemon delivery: awardsd --once \(format(oursSeconds, 2)) s for \(oursDelivered) messages (~\(sampleSize) bytes each) "
            + "into scripts/smtp-sink.py, which parses and stores each; awardsd peak RSS \(Int(rssKiB)) KiB")
        let senders = try await senderComparison(awardsd: awardsd, environment: environment, config: folder, messageSize: sampleSize)
        return senders + [
            BenchResult(name: "one awardsd --once pass: plan \(due) per-item reminders, queue and deliver them to scripts/smtp-sink.py",
                        unit: "s", ours: oursSeconds, goal: nil,
                        detail: "wall time of .build/release/awardsd --once --now \"\(Self.nowText)\" (process start, claim, plan, outbox, SMTP); "
                            + "the Python sink, which parses every message, sets the pace (about 60 messages/s): the sender comparisons "
                            + "above use Postfix's smtp-sink instead",
                        runs: ["ours_seconds": [oursSeconds]]),
            BenchResult(name: "awardsd peak RSS, \(due) reminders over \(options.scale) open deadlines", unit: "MiB",
                        ours: rssKiB / 1024, goal: .below(64, "MiB"),
                        detail: "max RSS of the awardsd --once run above (/usr/bin/time -f %M)"),
        ]
    }

    /// Three senders into Postfix's smtp-sink, fast enough that the sender sets the pace: the same `due`
    /// messages go again from the outbox (marked pending anew) with awardsd --once; Postfix's smtp-source
    /// sends as many messages of the same size over one session; Python's smtplib sends comparable
    /// Vietnamese messages over one connection. Each run gets a fresh sink that dumps every message to a
    /// file and must have stored all of them; the three alternate, `repeats` times.
    func senderComparison(awardsd: String, environment: [String: String], config folder: URL, messageSize: Int) async throws -> [BenchResult] {
        let sinkProgram = "/usr/sbin/smtp-sink", sourceProgram = "/usr/sbin/smtp-source"
        guard FileManager.default.isExecutableFile(atPath: sinkProgram), FileManager.default.isExecutableFile(atPath: sourceProgram) else {
            throw BenchError("Postfix's smtp-sink and smtp-source are missing: scripts/bench installs them (Debian's postfix package)")
        }
        var environment = environment
        var oursRuns: [Double] = [], baseRuns: [Double] = [], pythonRuns: [Double] = []
        var oursCPU: [Double] = [], baseCPU: [Double] = []
        let script = folder.appendingPathComponent("send.py")
        try Self.baselineScript.write(to: script, atomically: true, encoding: .utf8)
        // Alternately, `repeats` times each: the machine's noise then falls on both alike.
        for _ in 0..<options.repeats {
            try cluster.connect().query("""
                UPDATE awards.outbox SET status = 'pending', sent_at = NULL, attempts = 0, next_attempt_at = now(),
                       lease_owner = NULL, lease_until = NULL, last_error = NULL
                """)
            // Each stopped, and so reaped, only after the last measurement of the round: a sink reaped
            // during one would add its CPU time to the sender's.
            var sinks: [PostfixSink] = []
            try await finally({
                let ourSink = try await PostfixSink.start(sinkProgram)
                sinks.append(ourSink)
                environment["MAIL_SMTP_PORT"] = String(ourSink.port)
                let start = ContinuousClock.now, cpuBefore = childrenCPUSeconds()
                let result = try await runProgram(awardsd, ["--config", folder.appendingPathComponent("config/settings.yaml").path,
                                                            "--once", "--now", Self.nowText, "--log-level", "warning"],
                                                  environment: environment, workingDirectory: folder)
                oursRuns.append(seconds(ContinuousClock.now - start))
                oursCPU.append(childrenCPUSeconds() - cpuBefore)
                guard result.code == 0 else { throw BenchError("awardsd --once into smtp-sink failed (\(result.code)): \(result.err.suffix(2000))") }

                let baseSink = try await PostfixSink.start(sinkProgram)
                sinks.append(baseSink)
                let baseStart = ContinuousClock.now, baseCPUBefore = childrenCPUSeconds()
                let base = try await runProgram(sourceProgram, ["-s", "1", "-m", String(due), "-l", String(messageSize),
                                                                "-f", "thidua@example.gov.vn", "-t", "cb.so_3@daklak.gov.vn", "127.0.0.1:\(baseSink.port)"])
                baseRuns.append(seconds(ContinuousClock.now - baseStart))
                baseCPU.append(childrenCPUSeconds() - baseCPUBefore)
                guard base.code == 0 else { throw BenchError("smtp-source failed: \(base.err.suffix(2000))") }

                let pythonSink = try await PostfixSink.start(sinkProgram)
                sinks.append(pythonSink)
                let pythonStart = ContinuousClock.now
                let python = try await runProgram("/usr/bin/python3", [script.path, String(pythonSink.port), String(due)])
                pythonRuns.append(seconds(ContinuousClock.now - pythonStart))
                guard python.code == 0 else { throw BenchError("the smtplib baseline failed: \(python.err.suffix(2000))") }

                let (oursDelivered, baseDelivered, pythonDelivered) = (ourSink.stored(), baseSink.stored(), pythonSink.stored())
                guard oursDelivered == due, baseDelivered == due, pythonDelivered == due else {
                    throw BenchError("the smtp-sinks stored \(oursDelivered) (awardsd), \(baseDelivered) (smtp-source) and \(pythonDelivered) (smtplib) messages, expected \(due) each")
                }
            }, {
                for sink in sinks.reversed() { await sink.stop() }
            })
        }
        let (oursSeconds, baseSeconds, pythonSeconds) = (median(oursRuns), median(baseRuns), median(pythonRuns))
        log("daemon delivery to Postfix smtp-sink: awardsd --once \(oursRuns.map { format($0, 2) }) s, smtp-source \(baseRuns.map { format($0, 2) }) s, "
            + "smtplib \(pythonRuns.map { format($0, 2) }) s, \(due) messages each; "
            + "CPU (user+system) awardsd \(oursCPU.map { format($0, 2) }) s, smtp-source \(baseCPU.map { format($0, 2) }) s")
        return [
            BenchResult(name: "reminders delivered/s to Postfix smtp-sink on loopback, \(due) per-item (awardsd --once vs smtp-source)",
                        unit: "messages/s", ours: Double(due) / oursSeconds, baseline: Double(due) / baseSeconds, goal: .atLeast(0.8),
                        detail: "ours: wall time of awardsd --once delivering the same \(due) outbox messages again (marked pending), each with "
                            + "its lease renewed and its outcome recorded, into /usr/sbin/smtp-sink -d (one file per message); baseline: "
                            + "/usr/sbin/smtp-source -s 1 -m \(due) -l \(messageSize) (one session, messages of the same size) into a fresh "
                            + "smtp-sink -d; medians of \(options.repeats) alternating runs each",
                        runs: ["ours_seconds": oursRuns, "baseline_seconds": baseRuns, "ours_cpu_seconds": oursCPU, "baseline_cpu_seconds": baseCPU]),
            BenchResult(name: "reminders delivered/s to Postfix smtp-sink on loopback, \(due) per-item (awardsd --once vs Python smtplib)",
                        unit: "messages/s", ours: Double(due) / oursSeconds, baseline: Double(due) / pythonSeconds, goal: .atLeast(1.0),
                        detail: "ours: as above; baseline: /usr/bin/python3 smtplib over one connection, comparable Vietnamese UTF-8 messages "
                            + "(subject, text and HTML parts) into a fresh smtp-sink -d; medians of \(options.repeats) alternating runs each",
                        runs: ["ours_seconds": oursRuns, "baseline_seconds": pythonRuns]),
        ]
    }

    /// Sends argv[2] messages like the daemon's per-item reminders (config/mail/reminder.* filled in by
    /// hand: same subject, text and HTML parts) to 127.0.0.1:argv[1], over one connection.
    static let baselineScript = #"""
        import smtplib, sys
        from email.message import EmailMessage
        port, count = int(sys.argv[1]), int(sys.argv[2])
        unit, receiving = "Sở Tài chính", "Sở Nội vụ (Ban Thi đua – Khen thưởng)"
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for n in range(1, count + 1):
                title = f"Báo cáo thi đua số {n}"
                command = f"awards obligation done {n} --unit so-3 --document-number SỐ-VĂN-BẢN"
                m = EmailMessage()
                m["From"] = "Ban Thi đua – Khen thưởng <thidua@example.gov.vn>"
                m["To"] = "Nguyễn Thị Hồng Nhung <cb.so_3@daklak.gov.vn>"
                m["Subject"] = f"[Thi đua – Khen thưởng] Nhắc hạn: {title}"
                m["Message-ID"] = f"<bench-{n}@example.gov.vn>"
                m.set_content(
                    "Kính gửi Nguyễn Thị Hồng Nhung,\n\nHệ thống Thi đua – Khen thưởng xin nhắc việc sau đây:\n\n"
                    f"  Nội dung:          {title}\n  Đơn vị thực hiện:  {unit}\n  Nơi nhận:          {receiving}\n"
                    "  Hạn chót:          15/10/2021 (còn 5 ngày làm việc)\n\nKhi đã hoàn thành, xin ghi nhận bằng lệnh:\n\n"
                    f"    {command}\n\nĐây là thư tự động của hệ thống Thi đua – Khen thưởng, xin không trả lời thư này.\n")
                m.add_alternative(
                    f'<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8"><title>{title}</title></head>\n'
                    '<body style="font-family: Arial, sans-serif; font-size: 14px;">\n<p>Kính gửi Nguyễn Thị Hồng Nhung,</p>\n'
                    '<p>Hệ thống Thi đua – Khen thưởng xin nhắc việc sau đây:</p>\n<table cellpadding="4" style="border-collapse: collapse;">\n'
                    f'<tr><th align="left">Nội dung</th><td>{title}</td></tr>\n<tr><th align="left">Đơn vị thực hiện</th><td>{unit}</td></tr>\n'
                    f'<tr><th align="left">Nơi nhận</th><td>{receiving}</td></tr>\n'
                    '<tr><th align="left">Hạn chót</th><td><strong>15/10/2021</strong> (còn 5 ngày làm việc)</td></tr>\n</table>\n'
                    f'<p>Khi đã hoàn thành, xin ghi nhận bằng lệnh:</p>\n<pre><code>{command}</code></pre>\n'
                    '<p style="color: #666;">Đây là thư tự động của hệ thống Thi đua – Khen thưởng, xin không trả lời thư này.</p>\n</body>\n</html>\n',
                    subtype="html")
                smtp.send_message(m)
        """#
}

/// scripts/smtp-sink.py as a child process on a free port and a fresh folder.
final class Sink: Sendable {
    let port: Int
    let directory: URL
    let process: BackgroundProgram

    private init(port: Int, directory: URL, process: BackgroundProgram) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    static func start(project: URL) async throws -> Sink {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("awards-bench-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = try FileDescriptor.pipe()
        defer { try? output.readEnd.close() }
        let process: BackgroundProgram
        do {
            process = try await BackgroundProgram.start(
                "/usr/bin/python3", [project.appendingPathComponent("scripts/smtp-sink.py").path, "--port", "0", "--dir", directory.path],
                output: .fileDescriptor(output.writeEnd, closeAfterSpawningProcess: true))
        } catch {
            try? output.writeEnd.close()
            throw error
        }
        let descriptor = output.readEnd.rawValue
        let text = try await runBlocking { () -> String in
            var line: [UInt8] = []
            var byte: UInt8 = 0
            while read(descriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
            return String(decoding: line, as: UTF8.self)
        }
        guard text.hasPrefix("LISTENING 127.0.0.1:"), let port = Int(text.dropFirst("LISTENING 127.0.0.1:".count)) else {
            await process.stop()
            throw BenchError("scripts/smtp-sink.py did not start (\(text.isEmpty ? "no output; is python3-aiosmtpd installed?" : text))")
        }
        return Sink(port: port, directory: directory, process: process)
    }

    /// Messages stored so far (one NNNNNN.json each, written last).
    func stored() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".json") }.count
    }

    func sampleMessageSize() -> Int {
        let first = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted().first
        return first.flatMap { (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent($0).path))?[.size] as? Int } ?? 0
    }

    func stop() async {
        await process.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Postfix's smtp-sink on a free loopback port, dumping each message to a file of its own.
final class PostfixSink: Sendable {
    let port: Int
    let directory: URL
    let process: BackgroundProgram

    private init(port: Int, directory: URL, process: BackgroundProgram) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    static func start(_ program: String) async throws -> PostfixSink {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("awards-bench-postfix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for _ in 0..<20 {
            let port = try freeLoopbackPort()
            // As root it must be told whose privileges to run with; -d: one file per message.
            let process = try await BackgroundProgram.start(
                program, (getuid() == 0 ? ["-u", "root"] : []) + ["-d", directory.path + "/%H%M%S.", "127.0.0.1:\(port)", "256"],
                output: .discarded)
            for _ in 0..<100 where process.isRunning {
                if canConnect(port) { return PostfixSink(port: port, directory: directory, process: process) }
                try await Task.sleep(for: .milliseconds(20))
            }
            await process.stop()
        }
        throw BenchError("Postfix's smtp-sink did not start")
    }

    func stored() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).count
    }

    func stop() async {
        await process.stop()
        try? FileManager.default.removeItem(at: directory)
    }
    static func freeLoopbackPort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchError("cannot make a socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw BenchError("cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// A program that runs beside the benchmark, with nothing on its standard input and its standard
/// error discarded; Subprocess runs it to its end in a task of its own, which reaps it.
final class BackgroundProgram: Sendable {
    let processIdentifier: pid_t
    private let exit: Task<Void, Never>
    private let exited: Exited

    private final class Exited: Sendable {
        let flag = Atomic(false)
    }

    private init(processIdentifier: pid_t, exit: Task<Void, Never>, exited: Exited) {
        self.processIdentifier = processIdentifier
        self.exit = exit
        self.exited = exited
    }

    /// Returns once the program has been spawned.
    static func start<Output: OutputProtocol>(_ executable: String, _ arguments: [String],
                                              output: Output) async throws -> BackgroundProgram where Output.OutputType == Void {
        let (spawned, reportSpawn) = AsyncThrowingStream<pid_t, any Error>.makeStream()
        let exited = Exited()
        let exit = Task {
            do {
                _ = try await Subprocess.run(.path(FilePath(executable)), arguments: Arguments(arguments),
                                             input: .none, output: output, error: .discarded) { execution in
                    reportSpawn.yield(execution.processIdentifier.value)
                }
                reportSpawn.finish()
            } catch {
                reportSpawn.finish(throwing: error)
            }
            exited.flag.store(true, ordering: .sequentiallyConsistent)
        }
        for try await pid in spawned {
            return BackgroundProgram(processIdentifier: pid, exit: exit, exited: exited)
        }
        throw BenchError("\(executable) was not seen to start")
    }

    var isRunning: Bool { !exited.flag.load(ordering: .sequentiallyConsistent) }

    /// SIGTERM, then waits until it has exited and been reaped.
    func stop() async {
        if isRunning { kill(processIdentifier, SIGTERM) }
        await exit.value
    }
}
