import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// A program that runs while the test goes on: Subprocess runs it to its end in a task of its own,
/// which reaps it and keeps its exit code.
final class BackgroundProcess: Sendable {
    let processIdentifier: pid_t
    private let exit: Task<Int32, Never>
    private let exited: ExitCode

    private init(processIdentifier: pid_t, exit: Task<Int32, Never>, exited: ExitCode) {
        self.processIdentifier = processIdentifier
        self.exit = exit
        self.exited = exited
    }

    /// Returns once the program has been spawned; standard input is /dev/null.
    static func start<Output: OutputProtocol, Error: ErrorOutputProtocol>(
        _ executable: String, _ arguments: [String], environment: Environment = .inherit, workingDirectory: String? = nil,
        output: Output, error: Error
    ) async throws -> BackgroundProcess where Output.OutputType == Void, Error.OutputType == Void {
        let (spawned, reportSpawn) = AsyncThrowingStream<pid_t, any Swift.Error>.makeStream()
        let exited = ExitCode()
        let exit = Task { () -> Int32 in
            let code: Int32
            do {
                let result = try await Subprocess.run(
                    .path(FilePath(executable)), arguments: Arguments(arguments), environment: environment,
                    workingDirectory: workingDirectory.map { FilePath($0) }, input: .none, output: output, error: error
                ) { execution in
                    reportSpawn.yield(execution.processIdentifier.value)
                }
                code = switch result.terminationStatus {
                case .exited(let code): code
                case .signaled(let signal): 128 + signal
                }
                reportSpawn.finish()
            } catch {
                reportSpawn.finish(throwing: error)
                code = -1
            }
            exited.code.withLock { $0 = code }
            return code
        }
        for try await pid in spawned {
            return BackgroundProcess(processIdentifier: pid, exit: exit, exited: exited)
        }
        throw ProgramError("\(executable) was not seen to start")
    }

    /// False once the program has exited and been reaped.
    var isRunning: Bool { exited.code.withLock { $0 == nil } }

    /// Its exit code, 128 + the signal when one killed it.
    func waitUntilExit() async -> Int32 { await exit.value }

    /// Its exit code, or nil when it still runs after `limit`.
    func waitUntilExit(within limit: Duration) async -> Int32? {
        let end = ContinuousClock.now + limit
        while isRunning && ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(50)) }
        return isRunning ? nil : await exit.value
    }

    func signal(_ signal: Int32) {
        if isRunning { kill(processIdentifier, signal) }
    }
}

private final class ExitCode: Sendable {
    let code = Mutex<Int32?>(nil)
}
