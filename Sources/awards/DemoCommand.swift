import ArgumentParser
import AwardsEngine
import AwardsStore
import Foundation

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
        try await reportingErrors {
            let output = try await global.withSession { session -> [String] in
                var lines: [String] = []
                lines.append("== database: \(session.connection.configuration.description)")
                let report = try DatabaseSetup.migrate(session)
                lines += report.appliedMigrations.isEmpty ? ["schema is up to date"] : report.appliedMigrations.map { "applied migration \($0)" }
                lines.append(report.workflowLoaded ? "loaded workflow version \(report.workflowVersion)" : "workflow version \(report.workflowVersion) already loaded")
                lines.append("== sample province from the seed plan")
                let added = try SampleProvince.load(into: session.directory)
                lines += added.isEmpty ? ["sample data already present; nothing added"] : added
                lines.append("== units")
                var units = TableWriter(["code", "name", "kind", "parent"])
                try session.directory.listUnits().forEach { units.add([$0.code, $0.name, $0.kind, $0.parentCode]) }
                lines.append(units.render(.table))
                lines.append("== people found by typing \"nguyen van an\" (no diacritics)")
                var people = TableWriter(["login", "name", "unit", "roles"])
                try session.directory.listPeople(search: "nguyen van an").forEach {
                    people.add([$0.login, $0.fullName, $0.unitCode, $0.roles.joined(separator: ",")])
                }
                lines.append(people.render(.table))
                lines.append("== movements")
                try session.directory.listMovements().forEach { lines.append("\($0.code): \($0.name) (\($0.startsOn) → \($0.endsOn ?? "…"))") }
                let statuses = try session.migrator().status(session.connection)
                lines.append("== migrations: \(statuses.filter { $0.state == .applied }.count) applied, \(statuses.filter { $0.state == .pending }.count) pending")
                return lines
            }
            output.forEach { print($0) }
            let settings = try await global.settings()
            let workflow = try ConfigFiles.workflow(settings)
            print("== walk-through: each step acts as that person's own database login")
            let walked = try await runBlocking { () -> [String] in
                let owner = try AwardsSession(settings: settings)
                var lines: [String] = []
                let ids = try SampleWalkthrough(settings: settings, workflow: workflow) { lines.append($0) }
                    .run(owner: NominationStore(owner.connection))
                let store = NominationStore(owner.connection)
                lines.append("== nominations")
                var table = TableWriter(["id", "nominee", "occupation", "unit", "state", "award", "decision"])
                for nomination in try store.list(NominationFilter()) where ids.contains(nomination.id) {
                    table.add([String(nomination.id), nomination.nomineeName, nomination.occupation, nomination.unitCode,
                               nomination.state, nomination.proposedAward, nomination.decisionNumber])
                }
                lines.append(table.render(.table))
                // The directive asks for a higher share of awards to workers, farmers and direct labourers.
                let awarded = try store.list(NominationFilter()).filter { ["approved", "replicating", "replicated"].contains($0.state) }
                let labour = awarded.filter { ["worker", "farmer", "direct_labourer"].contains($0.occupation) }
                if !awarded.isEmpty {
                    lines.append("awards granted: \(awarded.count); to workers, farmers and direct labourers: \(labour.count) (\(labour.count * 100 / awarded.count)%)")
                }
                if let first = ids.first {
                    lines.append("== timeline of #\(first)")
                    for entry in try store.history(first) {
                        lines.append("  \(entry.seq). \(entry.event): \(entry.fromState ?? "—") → \(entry.toState) by \(entry.login) (\(entry.actingRole))"
                                     + (entry.fields["reason"].map { " — \($0)" } ?? ""))
                    }
                }
                return lines
            }
            walked.forEach { print($0) }
            print("== the seed's deadline: implementation documents due at Sở Nội vụ by 15/10/2021")
            let deadlineLines = try await runBlocking { () -> [String] in
                var lines: [String] = []
                try SampleDeadlines(settings: settings) { lines.append($0) }.run()
                let owner = try AwardsSession(settings: settings)
                let sent = try ReminderStore(owner.connection).messages(status: "sent")
                lines.append("== \(sent.count) e-mails in \(settings.mail.folder.path) (one .eml each); the first and the last:")
                for message in [sent.first, sent.count > 1 ? sent.last : nil].compactMap({ $0 }) {
                    lines.append("To: \(message.recipientName ?? "") <\(message.recipientEmail)>")
                    lines.append("Subject: \(message.subject)")
                    lines.append(message.bodyText.trimmingCharacters(in: .whitespacesAndNewlines))
                    lines.append("")
                }
                return lines
            }
            deadlineLines.forEach { print($0) }
            print("try: .build/debug/awards show 1 --as hang.ttb   ·   .build/debug/awards list --as dham.ey   ·   .build/debug/awards --help")
        }
    }
}
