import Foundation
import AwardsCore

/// The shipped configuration, read from the repository so the tests check what the engine will load.
enum ShippedConfig {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ name: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent("config/\(name)"), encoding: .utf8)) ?? ""
    }

    static let workflowText = text("workflow.yaml")
    static let awardsText = text("awards.yaml")

    static func workflow() throws -> WorkflowDefinition {
        try WorkflowDefinition.load(yaml: workflowText, file: "config/workflow.yaml")
    }

    static func catalogue() throws -> AwardCatalogue {
        try AwardCatalogue.load(yaml: awardsText, file: "config/awards.yaml")
    }
}

func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(parsing: text) else { preconditionFailure("bad test date \(text)") }
    return date
}
