import Foundation

/// Runs a program to completion and collects what it printed.
///
/// posix_spawn and waitpid rather than Foundation's `Process`: `Process.waitUntilExit()` was seen to
/// hang here when the child (pg_ctl) leaves a daemon behind, and the server's start-up needs nothing more.
enum ChildProcess {
    struct Result {
        let exitCode: Int32
        let output: String
    }

    static func run(_ argv: [String], workingDirectory: String? = nil) throws -> Result {
        closeOnExec()
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw EmbeddedClusterError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 2)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        // env -C changes folder before exec; Glibc's posix_spawn_file_actions_addchdir_np is not imported.
        let argv = workingDirectory.map { ["/usr/bin/env", "-C", $0] + argv } ?? argv
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        close(pipe[1])
        guard spawned == 0 else {
            close(pipe[0])
            throw EmbeddedClusterError("cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(pipe[0], &buffer, buffer.count)
            if count > 0 { output += buffer[0..<count]; continue }
            if count < 0 && errno == EINTR { continue }
            break
        }
        close(pipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros Swift does not import.
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(exitCode: exitCode, output: String(decoding: output, as: UTF8.self))
    }

    /// Nothing of ours but the pipe reaches the child, nor the server pg_ctl leaves running: a parent
    /// that watches us through a descriptor we inherited (Foundation's Process does) would otherwise
    /// wait for that server to exit before it saw us exit. (Glibc's posix_spawn_file_actions_addclosefrom_np
    /// would say it in one line, but Swift does not import it.)
    private static func closeOnExec() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for descriptor in entries.compactMap(Int32.init) where descriptor > 2 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}
