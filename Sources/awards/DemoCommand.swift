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
            // Identity is the database login: show it by acting as one of the sample officers.
            let whoami = try await GlobalOptions.parse(["--as", "hang.ttb"] + (global.config.map { ["--config", $0] } ?? []))
                .withSession { session -> String in
                    let person = try session.directory.currentPerson()
                    return "== acting as login hang.ttb: \(person.map { "\($0.fullName), \($0.unitCode), roles \($0.roles.joined(separator: ","))" } ?? "not a person")"
                }
            print(whoami)
        }
    }
}
