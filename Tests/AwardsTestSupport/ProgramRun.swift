import Foundation

/// Runs one of the package's built programs (awards, awardsd) as a user would, capturing its output.
public struct ProgramRun: Sendable {
    public let exitCode: Int32
    public let standardOutput: String
    public let standardError: String

    /// The folder holding the built programs: the same as the test bundle's.
    public static var buildDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    public static func program(_ name: String) throws -> URL {
        let url = buildDirectory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw ProgramError("\(url.path) is not built; run the tests with scripts/test")
        }
        return url
    }

    /// Starts `name` with `arguments`, in the project folder, with `environment` added to ours.
    public static func start(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (Process, stdout: URL, stderr: URL) {
        let process = Process()
        process.executableURL = try program(name)
        process.arguments = arguments
        process.currentDirectoryURL = TestDatabase.projectDirectory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    public static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ProgramRun {
        let (process, out, err) = try start(name, arguments, environment: environment)
        process.waitUntilExit()
        return ProgramRun(exitCode: process.terminationStatus,
                          standardOutput: try String(contentsOf: out, encoding: .utf8),
                          standardError: try String(contentsOf: err, encoding: .utf8))
    }
}

public struct ProgramError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
