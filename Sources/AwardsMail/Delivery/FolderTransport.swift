import AwardsCore
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Delivers each message as a `.eml` file in a folder: the embedded default, and what the README's demo
/// shows. The file name comes from the Message-ID, so sending the same message again replaces its file
/// instead of adding a second one.
public struct FolderTransport: MailTransport {
    public let folder: String
    private let delivery = BlockingDelivery(queue: DispatchQueue(label: "awards.mail.folder"))

    public init(folder: String) {
        self.folder = folder
    }

    /// `reminder.6f75…@awards.local.eml`; ids too long for a file name are shortened and fingerprinted.
    public static func fileName(for messageID: MessageID) -> String {
        let safe = String(String.UnicodeScalarView(messageID.value.unicodeScalars.map { scalar in
            scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar)
                || scalar == "." || scalar == "-" || scalar == "_" || scalar == "@" ? scalar : "_"
        }))
        guard safe.utf8.count > 200 else { return safe + ".eml" }
        return "\(safe.prefix(180))-\(FNV1a64.hex(of: messageID.value)).eml"
    }

    public func path(for message: MailMessage) -> String {
        (folder as NSString).appendingPathComponent(Self.fileName(for: message.messageID))
    }

    public func send(
        _ batch: [MailMessage],
        onOutcome: @escaping @Sendable (Int, DeliveryOutcome) -> Void
    ) async -> [DeliveryOutcome] {
        await delivery.run { isCancelled in
            sendBlocking(batch, mayAttempt: { _ in !isCancelled() }, onOutcome: onOutcome)
        }
    }

    /// The synchronous form of `send`, for callers already on their own thread.
    public func sendBlocking(
        _ batch: [MailMessage],
        mayAttempt: (Int) -> Bool = { _ in true },
        onOutcome: (Int, DeliveryOutcome) -> Void = { _, _ in }
    ) -> [DeliveryOutcome] {
        var outcomes: [DeliveryOutcome] = []
        var stopped = false
        for (index, message) in batch.enumerated() {
            let outcome: DeliveryOutcome
            if stopped || !mayAttempt(index) {
                stopped = true
                outcome = .transientFailure(.cancelled)
            } else {
                do {
                    try writeAtomically(message.renderedBytes(), to: path(for: message))
                    outcome = .delivered(nil)
                } catch {
                    // A full disk or a missing permission is the operator's to fix; the message is fine.
                    outcome = .transientFailure(DeliveryFailure(stage: .folder, detail: error.description))
                }
            }
            outcomes.append(outcome)
            onOutcome(index, outcome)
        }
        return outcomes
    }

    /// Creates the folder if missing. Messages carry people's names and addresses: the folder (0700) and
    /// its files (0600) are the owner's alone.
    public func makeFolder() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// Temp file, fsync, rename: a reader sees the whole old file or the whole new one, and a file that
    /// exists after we report delivery survives a crash.
    private func writeAtomically(_ bytes: [UInt8], to path: String) throws(FolderWriteError) {
        do {
            try makeFolder()
        } catch {
            throw FolderWriteError(operation: "create folder \(folder)", reason: "\(error.localizedDescription)")
        }
        let temporary = (folder as NSString).appendingPathComponent(".tmp-\(UUID().uuidString).eml")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FolderWriteError.system("create \(temporary)") }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                let failure = FolderWriteError.system("write \(temporary)")
                close(descriptor)
                unlink(temporary)
                throw failure
            }
            written += result
        }
        if fsync(descriptor) != 0 {
            let failure = FolderWriteError.system("fsync \(temporary)")
            close(descriptor)
            unlink(temporary)
            throw failure
        }
        close(descriptor)
        if rename(temporary, path) != 0 {
            let failure = FolderWriteError.system("rename to \(path)")
            unlink(temporary)
            throw failure
        }
    }
}

struct FolderWriteError: Error, CustomStringConvertible {
    let operation: String
    let reason: String

    static func system(_ operation: String) -> FolderWriteError {
        FolderWriteError(operation: operation, reason: String(cString: strerror(errno)))
    }

    var description: String { "\(operation): \(reason)" }
}
