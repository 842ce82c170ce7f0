import ArgumentParser
import AwardsCore
import AwardsEngine
import AwardsStore
import Foundation
import Postgres

/// The README's main job: everything a newcomer needs to see the system work, on the embedded database.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Set up the database and walk through a sample province (Đắk Lắk, Directive 19/CT-TTg).",
        discussion: """
            Example: awards demo
            Safe to run again: it migrates what is pending and adds only what is missing.
            """)
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reportingErrors(global) { language in
            let say: @Sendable (String, String) -> String = { language.text(vi: $0, en: $1) }
            let output = try await global.withSession { session -> [String] in
                var lines: [String] = []
                lines.append(say("== cơ sở dữ liệu: ", "== database: ") + session.connection.configuration.description)
                let report = try DatabaseSetup.migrate(session)
                lines += report.appliedMigrations.isEmpty ? [say("lược đồ cơ sở dữ liệu đã là mới nhất", "schema is up to date")]
                    : report.appliedMigrations.map { say("đã áp dụng migration \($0)", "applied migration \($0)") }
                let version = report.workflowVersion
                lines.append(report.workflowLoaded ? say("đã nạp quy trình phiên bản \(version)", "loaded workflow version \(version)")
                                                   : say("quy trình phiên bản \(version) đã được nạp từ trước", "workflow version \(version) already loaded"))
                if let line = report.daemonLogin.line(in: language) { lines.append(line) }
                lines.append(say("== tỉnh mẫu theo kế hoạch trong tài liệu gốc", "== sample province from the seed plan"))
                let added = try SampleProvince.load(into: session.directory, language: language)
                lines += added.isEmpty ? [say("dữ liệu mẫu đã có; không thêm gì", "sample data already present; nothing added")] : added
                lines.append(say("== đơn vị", "== units"))
                var units = TableWriter(["code", "name", "kind", "parent"], vi: ["mã", "tên", "loại", "đơn vị cấp trên"], in: language)
                try session.directory.listUnits().forEach { units.add([$0.code, $0.name, $0.kind, $0.parentCode]) }
                lines.append(units.render(.table))
                lines.append(say("== tìm người bằng cách gõ \"nguyen van an\" (không dấu)", "== people found by typing \"nguyen van an\" (no diacritics)"))
                var people = TableWriter(["login", "name", "unit", "roles"], vi: ["tài khoản", "họ và tên", "đơn vị", "vai trò"], in: language)
                try session.directory.listPeople(search: "nguyen van an").forEach {
                    people.add([$0.login, $0.fullName, $0.unitCode, $0.roles.joined(separator: ",")])
                }
                lines.append(people.render(.table))
                lines.append(say("== phong trào thi đua", "== movements"))
                try session.directory.listMovements().forEach {
                    let ends = language.readable(isoDate: $0.endsOn) ?? "…"
                    lines.append("\($0.code): \($0.name) (\(language.readable(isoDate: $0.startsOn) ?? "") → \(ends))")
                }
                let statuses = try session.migrator().status(session.connection)
                let (applied, pending) = (statuses.filter { $0.state == .applied }.count, statuses.filter { $0.state == .pending }.count)
                lines.append(say("== migration: đã áp dụng \(applied), chờ áp dụng \(pending)", "== migrations: \(applied) applied, \(pending) pending"))
                return lines
            }
            output.forEach { print($0) }
            let settings = try await global.settings()
            let workflow = try ConfigFiles.workflow(settings)
            // Started above, by the session that migrated.
            let target = try await DatabaseTarget(settings: settings)
            print(say("== diễn tập: mỗi bước do chính người đó thực hiện bằng tài khoản cơ sở dữ liệu của mình",
                      "== walk-through: each step acts as that person's own database login"))
            let walked = try await runBlocking { () -> [String] in
                let owner = try AwardsSession(settings: settings, target: target)
                var lines: [String] = []
                let ids = try SampleWalkthrough(settings: settings, target: target, workflow: workflow) { lines.append($0) }
                    .run(owner: NominationStore(owner.connection))
                let store = NominationStore(owner.connection)
                lines.append(say("== hồ sơ đề nghị khen thưởng", "== nominations"))
                var table = TableWriter(["id", "nominee", "occupation", "unit", "state", "award", "decision"],
                                        vi: ["số", "tên cá nhân/tập thể", "nghề nghiệp", "đơn vị", "trạng thái", "khen thưởng", "quyết định"], in: language)
                for nomination in try store.list(NominationFilter()) where ids.contains(nomination.id) {
                    table.add([String(nomination.id), nomination.nomineeName, language.label(nomination.occupation, Occupation.self), nomination.unitCode,
                               language.state(nomination.state, in: workflow.definition), nomination.proposedAward, nomination.decisionNumber])
                }
                lines.append(table.render(.table))
                // The directive asks for a higher share of awards to workers, farmers and direct labourers.
                let awarded = try store.list(NominationFilter()).filter { ["approved", "replicating", "replicated"].contains($0.state) }
                let labour = awarded.filter { ["worker", "farmer", "direct_labourer"].contains($0.occupation) }
                if !awarded.isEmpty {
                    let share = labour.count * 100 / awarded.count
                    lines.append(say("số khen thưởng: \(awarded.count); cho công nhân, nông dân, người lao động trực tiếp: \(labour.count) (\(share)%)",
                                     "awards granted: \(awarded.count); to workers, farmers and direct labourers: \(labour.count) (\(share)%)"))
                }
                if let first = ids.first {
                    lines.append(say("== quá trình xử lý hồ sơ #\(first)", "== timeline of #\(first)"))
                    for entry in try store.history(first) {
                        lines.append("  \(entry.seq). \(entry.event): \(entry.fromState ?? "—") → \(entry.toState) " + say("bởi", "by") + " \(entry.login) (\(entry.actingRole))"
                                     + (entry.fields["reason"].map { " — \($0)" } ?? ""))
                    }
                }
                return lines
            }
            walked.forEach { print($0) }
            print(say("== đợt khen thưởng cuối năm của Sở Nông nghiệp và Phát triển nông thôn: một tờ trình, một quyết định",
                      "== the department of agriculture's year-end round: one proposal, one decision"))
            let round = try await runBlocking { () -> [String] in
                var lines: [String] = []
                let decision = try SampleRound(settings: settings, target: target, catalogue: workflow.catalogue) { lines.append($0) }.run()
                let director = ProposalStore(try AwardsSession(settings: settings, target: target, actingAs: SampleRound.director).connection)
                if let decision, let summary = try director.decision(decision) {
                    let date = LocalDate(parsing: summary.decisionDate)?.vietnamese ?? summary.decisionDate
                    lines.append(say("== Quyết định số \(summary.number) ngày \(date) và danh sách kèm theo",
                                     "== decision \(summary.number) of \(date) and its attached list"))
                    lines.append(DecisionCommand.lineTable(try director.decisionLines(decision), language: language).render(.table))
                    lines.append(say("== sổ tiền thưởng năm \(LocalDate.todayInVietnam.year), theo hình thức",
                                     "== the reward-money ledger of \(LocalDate.todayInVietnam.year), by award"))
                    let entries = try director.ledger(year: LocalDate.todayInVietnam.year, unitCode: SampleRound.unit)
                    var table = TableWriter(["award", "lines", "money"], vi: ["khen thưởng", "số dòng", "tiền thưởng"], in: language)
                    for sum in entries.totalsByAward {
                        table.add([sum.award, String(sum.lines), Money.readable(sum.dong, in: language)])
                    }
                    table.add([say("Tổng cộng", "Total"), String(entries.count), Money.readable(entries.map(\.moneyDong).reduce(0, +), in: language)])
                    lines.append(table.render(.table))
                }
                return lines
            }
            round.forEach { print($0) }
            print(say("== tờ trình của Sở gửi tỉnh: Hội đồng Thi đua – Khen thưởng tỉnh bỏ phiếu kín, Sở Nội vụ thẩm định, Chủ tịch tỉnh ký",
                      "== the department's proposal to the province: the provincial council's secret ballot, the standing agency's appraisal, the chair's signature"))
            let provincial = try await runBlocking { () -> [String] in
                var lines: [String] = []
                let outcome = try SampleProvincialRound(settings: settings, target: target, catalogue: workflow.catalogue) { lines.append($0) }.run()
                guard let outcome else { return lines }
                let secretary = ProposalService(session: try AwardsSession(settings: settings, target: target, actingAs: SampleProvincialRound.secretary),
                                                catalogue: workflow.catalogue)
                lines.append(say("== kết quả kiểm phiếu phiên họp \(outcome.meeting)", "== the count of meeting \(outcome.meeting)"))
                lines.append(CouncilCommand.resultTable(try secretary.councils.lines(outcome.meeting), language: language).render(.table))
                let chair = ProposalStore(try AwardsSession(settings: settings, target: target, actingAs: SampleProvincialRound.chair).connection)
                if let summary = try chair.decision(outcome.decision) {
                    let date = LocalDate(parsing: summary.decisionDate)?.vietnamese ?? summary.decisionDate
                    lines.append(say("== Quyết định số \(summary.number) ngày \(date) và danh sách kèm theo",
                                     "== decision \(summary.number) of \(date) and its attached list"))
                    lines.append(DecisionCommand.lineTable(try chair.decisionLines(outcome.decision), language: language).render(.table))
                }
                return lines
            }
            provincial.forEach { print($0) }
            print(say("== thời hạn trong kế hoạch: các đơn vị gửi văn bản triển khai về Sở Nội vụ trước ngày 15/10/2021",
                      "== the seed's deadline: implementation documents due at Sở Nội vụ by 15/10/2021"))
            let deadlineLines = try await runBlocking { () -> [String] in
                var lines: [String] = []
                try SampleDeadlines(settings: settings, target: target) { lines.append($0) }.run()
                let owner = try AwardsSession(settings: settings, target: target)
                let sent = try ReminderStore(owner.connection).messages(status: "sent")
                lines.append(say("== \(sent.count) thư trong \(settings.mail.folder.path) (mỗi thư một tệp .eml); thư đầu và thư cuối:",
                                 "== \(sent.count) e-mails in \(settings.mail.folder.path) (one .eml each); the first and the last:"))
                for message in [sent.first, sent.count > 1 ? sent.last : nil].compactMap({ $0 }) {
                    lines.append(say("Người nhận: ", "To: ") + "\(message.recipientName ?? "") <\(message.recipientEmail)>")
                    lines.append(say("Tiêu đề: ", "Subject: ") + message.subject)
                    lines.append(message.bodyText.trimmingCharacters(in: .whitespacesAndNewlines))
                    lines.append("")
                }
                return lines
            }
            deadlineLines.forEach { print($0) }
            print(say("thử tiếp: ", "try: ") + ".build/debug/awards show 1 --as hang.ttb   ·   .build/debug/awards list --as dham.ey   ·   .build/debug/awards proposal show 1 --as linh.hn   ·   .build/debug/awards money --year \(LocalDate.todayInVietnam.year) --as quang.vm   ·   .build/debug/awards --help")
        }
    }
}
