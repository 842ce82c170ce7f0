import Foundation

/// A copy of the project's config/ (with edits) beside a link to its schema/, for runs of the real
/// programs or engine with settings of a test's own.
public struct TestProject: Sendable {
    public let directory: URL

    public var settingsFile: URL { directory.appendingPathComponent("config/settings.yaml") }

    /// `edits` maps a file under config/ to its new text.
    public static func make(edits: [String: String] = [:]) throws -> TestProject {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("awards-project-\(UUID().uuidString)")
        let source = TestDatabase.projectDirectory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source.appendingPathComponent("config"), to: directory.appendingPathComponent("config"))
        try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("schema"),
                                                   withDestinationURL: source.appendingPathComponent("schema"))
        for (file, text) in edits {
            try text.write(to: directory.appendingPathComponent("config").appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        return TestProject(directory: directory)
    }

    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
