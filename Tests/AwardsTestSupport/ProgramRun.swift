import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// Runs one of the package's built programs (awards, awardsd) as a user would, capturing its output.
///
/// Subprocess resets the child's signal mask and dispositions, so awardsd gets SIGTERM and SIGINT
/// however the test thread that started it masks them; awardsd unblocks those two itself too, for
/// parents that do not (Foundation's `Process` hands its child the spawning thread's mask on Linux).
public struct ProgramRun: Sendable {
    public let exitCode: Int32
    public let standardOutput: String
    public let standardError: String

    /// A started program: its process, and where its output goes.
    public final class Running: Sendable {
        private let process: BackgroundProcess
        public let stdout: URL
        public let stderr: URL

        fileprivate init(process: BackgroundProcess, stdout: URL, stderr: URL) {
            self.process = process
            self.stdout = stdout
            self.stderr = stderr
        }

        public var processIdentifier: pid_t { process.processIdentifier }
        /// False once the program has exited and been reaped.
        public var isRunning: Bool { process.isRunning }

        /// Waits until the program exits; its exit code (128 + signal when killed by one).
        @discardableResult
        public func waitUntilExit() async -> Int32 { await process.waitUntilExit() }

        public var terminationStatus: Int32 { get async { await process.waitUntilExit() } }

        public func signal(_ signal: Int32) { process.signal(signal) }

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

    /// Starts `name` with `arguments`, in the project folder, with `environment` added to ours; returns
    /// once it has been spawned.
    public static func start(_ name: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Running {
        let executable = try program(name)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        let outFile = try FileDescriptor.open(out.path, .writeOnly, options: [.create, .truncate, .closeOnExec], permissions: .ownerReadWrite)
        let errFile: FileDescriptor
        do {
            errFile = try FileDescriptor.open(err.path, .writeOnly, options: [.create, .truncate, .closeOnExec], permissions: .ownerReadWrite)
        } catch {
            try? outFile.close()
            throw error
        }
        let overrides = Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(rawValue: $0.key)!, Optional($0.value)) })
        let process = try await BackgroundProcess.start(
            executable.path, arguments, environment: .inherit.updating(overrides), workingDirectory: TestDatabase.projectDirectory.path,
            output: .fileDescriptor(outFile, closeAfterSpawningProcess: true), error: .fileDescriptor(errFile, closeAfterSpawningProcess: true))
        return Running(process: process, stdout: out, stderr: err)
    }

    /// Runs `name` to its end, when one of `slots` is free.
    public static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> ProgramRun {
        await slots.acquire()
        defer { slots.release() }
        let running = try await start(name, arguments, environment: environment)
        let code = await running.waitUntilExit()
        return ProgramRun(exitCode: code, standardOutput: running.standardOutput, standardError: running.standardError)
    }

    /// As many programs run to their end at once as there are cores. A test waits for its program
    /// without holding a thread, so nothing else bounds them: the CLI tests alone had 70 running at
    /// once on two cores, and the tests with deadlines (a 2 s SMTP timeout, a time limit) then failed.
    /// Daemons, started with `start`, are not counted: a test may wait for two of them at once.
    static let slots = Slots(ProcessInfo.processInfo.activeProcessorCount)
}

/// A counting semaphore whose waiters are suspended tasks, not blocked threads.
final class Slots: Sendable {
    private struct State {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state: Mutex<State>

    init(_ count: Int) { state = Mutex(State(free: max(1, count))) }

    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

public struct ProgramError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
