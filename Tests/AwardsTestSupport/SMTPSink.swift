import Foundation
import Postgres
import Subprocess
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// `scripts/smtp-sink.py` running as a child process on its own free port and folder.
public final class SMTPSink: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    private let process: BackgroundProcess

    public static var packageRoot: URL { TestDatabase.projectDirectory }

    /// How long a sink may take to start on a loaded machine before the test fails.
    static let startDeadline: Duration = .seconds(60)

    /// Starts a sink on `port` (0: any free port) storing into `directory` (default: a new temporary folder).
    /// Returns once a connection to the port has been greeted by this very sink (its banner carries a
    /// token made for this start), so the port is known to accept mail and to be ours.
    public static func start(port requestedPort: Int = 0, directory existing: URL? = nil, requiringAuth credentials: String? = nil,
                             tls: (mode: String, certificate: TestCertificate)? = nil) async throws -> SMTPSink {
        let directory = existing ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("awards-smtp-sink-\(UUID().uuidString)", isDirectory: true)
        let token = UUID().uuidString
        var arguments = [packageRoot.appendingPathComponent("scripts/smtp-sink.py").path, "--port", String(requestedPort),
                         "--dir", directory.path, "--banner-token", token]
        if let credentials { arguments += ["--auth", credentials] }
        if let tls { arguments += ["--tls", tls.mode, "--cert", tls.certificate.certificatePath, "--key", tls.certificate.keyPath] }
        let ends = try FileDescriptor.pipe()
        let readEnd = ends.readEnd.rawValue
        defer { close(readEnd) }
        let process: BackgroundProcess
        do {
            // Debian's interpreter: the one python3-aiosmtpd is installed for (a pyenv python3 may come first in PATH).
            // Its stderr is ours, so that a sink that fails says why in the test's output.
            process = try await BackgroundProcess.start("/usr/bin/python3", arguments,
                                                        output: .fileDescriptor(ends.writeEnd, closeAfterSpawningProcess: true),
                                                        error: .currentStandardError)
        } catch {
            try? ends.writeEnd.close()
            throw error
        }

        // Every wait has its own thread and deadline. The reading used to sit on Dispatch's global queue,
        // which Linux sizes by the number of cores: behind other tests' blocking work it waited more than
        // 30 s, a timer on the same queue killed the sink meanwhile, and the line already in the pipe was
        // then read anyway, so tests were handed the port of a dead sink ("connection refused").
        do {
            let port = try await runBlocking { () throws -> Int in
                let line = try readLine(from: readEnd, within: startDeadline)
                guard line.hasPrefix("LISTENING 127.0.0.1:"), let port = Int(line.dropFirst("LISTENING 127.0.0.1:".count)) else {
                    throw SinkError.didNotStart("unexpected first line: \(line)")
                }
                try confirmGreeting(port: port, token: token, tls: tls?.mode == "implicit", within: startDeadline)
                return port
            }
            guard process.isRunning else { throw SinkError.didNotStart("the sink exited right after it started") }
            return SMTPSink(port: port, directory: directory, process: process)
        } catch {
            process.signal(SIGTERM)
            if await process.waitUntilExit(within: .seconds(20)) == nil { process.signal(SIGKILL) }
            throw error
        }
    }

    private init(port: Int, directory: URL, process: BackgroundProcess) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// Sends SIGTERM and waits; returns the exit status, 0 when the sink shut down cleanly. After 20 s
    /// without an exit it sends SIGKILL, so a sink that ignores SIGTERM fails the test instead of hanging it.
    public func stop() async -> Int32 {
        process.signal(SIGTERM)
        if let status = await process.waitUntilExit(within: .seconds(20)) { return status }
        process.signal(SIGKILL)
        return await process.waitUntilExit()
    }

    public func removeFolder() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Everything the sink stored, in the order it received it.
    public func received() throws -> [ReceivedMessage] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { name in
            let json = try Data(contentsOf: directory.appendingPathComponent(name))
            var message = try JSONDecoder().decode(ReceivedMessage.self, from: json)
            message.raw = try Data(contentsOf: directory.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml")))
            return message
        }
    }

    /// The first line the sink prints, read with poll() so that a sink that never speaks fails in time.
    private static func readLine(from descriptor: Int32, within deadline: Duration) throws -> String {
        let clock = ContinuousClock(), end = clock.now + deadline
        var bytes: [UInt8] = []
        while true {
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let left = max(0, Int32((end - clock.now).components.seconds * 1000))
            let ready = poll(&request, 1, left)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { throw SinkError.didNotStart("no LISTENING line within \(deadline)") }
            var byte: UInt8 = 0
            let count = read(descriptor, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { throw SinkError.didNotStart("the sink closed its output after \"\(String(decoding: bytes, as: UTF8.self))\"") }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    /// Connects to the port and reads the 220 greeting, which must carry `token`; then says QUIT.
    /// With implicit TLS the greeting is encrypted, so only the accepted connection is checked.
    private static func confirmGreeting(port: Int, token: String, tls: Bool, within deadline: Duration) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: Int(deadline.components.seconds), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { throw SinkError.didNotStart("port \(port) refused a connection: \(String(cString: strerror(errno)))") }
        if tls { return }
        var greeting: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while !greeting.contains(UInt8(ascii: "\n")) {
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { throw SinkError.didNotStart("port \(port) closed or timed out before its greeting") }
            greeting += buffer[0..<count]
        }
        let text = String(decoding: greeting, as: UTF8.self)
        guard text.hasPrefix("220 "), text.contains(token) else {
            throw SinkError.didNotStart("port \(port) greets as another server: \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        _ = "QUIT\r\n".withCString { write(descriptor, $0, 6) }
    }

    public enum SinkError: Error { case didNotStart(String) }
}

/// One message as the sink recorded it; the decoded fields come from Python's `email` package, an
/// independent reading of what we rendered.
public struct ReceivedMessage: Decodable, Sendable {
    public struct Part: Decodable, Sendable {
        public let content: String
        public let charset: String?
        public let transfer_encoding: String?
        public let defects: [String]
    }

    public let sequence: Int
    public let connection: Int
    public let helo: String?
    public let authenticated: Bool
    public let tls: Bool
    public let mail_from: String
    public let rcpt_tos: [String]
    public let message_id: String?
    public let subject: String?
    public let from: String?
    public let to: String?
    /// From, To and Subject decoded by the letter of RFC 2047 (Python's email.header).
    public let rfc2047: [String: String?]?
    public let content_type: String?
    public let raw_headers: [[String]]?
    public let defects: [String]?
    public let text: Part?
    public let html: Part?
    public let parse_error: String?
    public var raw = Data()

    enum CodingKeys: String, CodingKey {
        case sequence, connection, helo, authenticated, tls, mail_from, rcpt_tos, message_id, subject, from, to, rfc2047
        case content_type, raw_headers, defects, text, html, parse_error
    }

    public func header(_ name: String) -> String? {
        raw_headers?.first { $0.first?.lowercased() == name.lowercased() }?.last
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on: bound by us, then released.
public func unusedLoopbackPort() throws -> Int {
    let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard socketDescriptor >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(socketDescriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
            bind(socketDescriptor, generic, length) == 0 && getsockname(socketDescriptor, generic, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A socket on 127.0.0.1 that completes TCP handshakes (the kernel does that) but never says a word:
/// a server that hangs. Close it when done.
public final class SilentListener {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = descriptor
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && listen(descriptor, 8) == 0
                    && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard ready else {
            Glibc.close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    public func close() { Glibc.close(descriptor) }
}

/// A self-signed certificate for 127.0.0.1, made with the openssl command; it is also its own CA bundle.
public struct TestCertificate: Sendable {
    public let folder: String
    public var certificatePath: String { folder + "/cert.pem" }
    public var keyPath: String { folder + "/key.pem" }

    public static func make() async throws -> TestCertificate {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("awards-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let certificate = TestCertificate(folder: folder)
        let openssl = try await Subprocess.run(
            .path("/usr/bin/openssl"),
            arguments: ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1", "-addext", "basicConstraints=critical,CA:TRUE",
                        "-keyout", certificate.keyPath, "-out", certificate.certificatePath],
            output: .discarded, error: .discarded)
        guard openssl.terminationStatus.isSuccess else { throw SMTPSink.SinkError.didNotStart("openssl req failed") }
        return certificate
    }

    public func remove() { try? FileManager.default.removeItem(atPath: folder) }
}
