import Foundation

/// Runs one of the package's built programs (awards, awardsd) as a user would, capturing its output.
///
/// On Linux Foundation's `Process` may hand its child the spawning thread's blocked signals; awardsd
/// unblocks SIGTERM and SIGINT itself for that reason.
public struct ProgramRun: Sendable {
    public let exitCode: Int32
    public let standardOutput: String
    public let standardError: String

    /// A started program: its process, and where its output goes.
    public final class Running: @unchecked Sendable {
        let process: Process
        let exited = DispatchSemaphore(value: 0)
        public let stdout: URL
        public let stderr: URL

        init(process: Process, stdout: URL, stderr: URL) {
            self.process = process
            self.stdout = stdout
            self.stderr = stderr
        }

        public var processIdentifier: pid_t { process.processIdentifier }
        public var isRunning: Bool { process.isRunning }

        /// Blocks until the program exits; its exit code (128 + signal when killed by one).
        /// A semaphore from the termination handler: `Process.waitUntilExit` spins on Linux.
        @discardableResult
        public func waitUntilExit() -> Int32 {
            if process.isRunning {
                exited.wait()
                exited.signal()
            }
            return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        }

        public var terminationStatus: Int32 { waitUntilExit() }

        public func signal(_ signal: Int32) {
            if process.isRunning { kill(process.processIdentifier, signal) }
        }

        // Decoded byte for byte: String(contentsOf:) would drop a leading byte-order mark.
        public var standardError: String { (try? Data(contentsOf: stderr)).map { String(decoding: $0, as: UTF8.self) } ?? "" }
        public var standardOutput: String { (try? Data(contentsOf: stdout)).map { String(decoding: $0, as: UTF8.self) } ?? "" }
    }

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
    public static func start(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Running {
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
        let running = Running(process: process, stdout: out, stderr: err)
        process.terminationHandler = { [exited = running.exited] _ in exited.signal() }
        try process.run()
        return running
    }

    public static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ProgramRun {
        let running = try start(name, arguments, environment: environment)
        let code = running.waitUntilExit()
        return ProgramRun(exitCode: code, standardOutput: running.standardOutput, standardError: running.standardError)
    }
}

public struct ProgramError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
