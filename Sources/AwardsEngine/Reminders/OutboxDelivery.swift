import AwardsMail
import AwardsStore
import Foundation
import Postgres
import Synchronization

/// Delivers queued messages: lease a batch, send it over one connection, and record each message's
/// outcome as soon as it is known — so a crash repeats at most the message in flight, with the same
/// Message-ID.
public struct OutboxDelivery: Sendable {
    public let mail: MailSetup
    /// Names this daemon in leases.
    public let owner: String

    public init(mail: MailSetup, owner: String) {
        self.mail = mail
        self.owner = owner
    }

    public struct Report: Sendable, Equatable {
        public var sent = 0
        public var retrying = 0
        public var failed = 0
    }

    /// Sends until nothing is ready or `shouldStop` says so (a graceful shutdown: the message in flight
    /// finishes, the rest of the batch goes back to the pool at once).
    public func deliver(_ connection: Connection, shouldStop: @Sendable () -> Bool = { false }) throws -> Report {
        var report = Report()
        let store = ReminderStore(connection)
        while !shouldStop() {
            let claimed = try store.claimOutbox(owner: owner, limit: mail.batchSize, leaseSeconds: mail.leaseSeconds)
            if claimed.isEmpty { break }
            var messages: [MailMessage] = []
            for row in claimed {
                do {
                    messages.append(try message(row))
                } catch {
                    try store.markFailed(row.id, owner: owner, error: "cannot build the message: \(error)")
                    report.failed += 1
                }
            }
            let rows = claimed.filter { row in messages.contains { $0.messageID.key == row.messageKey } }
            var recordingError: (any Error)?
            var serverTrouble = false
            _ = mail.transport.sendBlocking(messages, isCancelled: shouldStop) { index, outcome in
                guard recordingError == nil else { return }
                let row = rows[index]
                do {
                    switch outcome {
                    case .delivered:
                        try store.markSent(row.id, owner: owner)
                        report.sent += 1
                    case .transientFailure(let failure):
                        serverTrouble = true
                        let delay = failure.stage == .notAttempted ? 0 : backoff(attempts: row.attempts)
                        try store.markRetry(row.id, owner: owner, error: failure.description, delaySeconds: delay)
                        report.retrying += 1
                    case .permanentFailure(let failure):
                        try store.markFailed(row.id, owner: owner, error: failure.description)
                        report.failed += 1
                    }
                } catch {
                    recordingError = error
                }
            }
            if let recordingError { throw recordingError }
            // A passing failure (server down, 4xx) ends this pass: the retries wait for their backoff
            // instead of being claimed again at once.
            if serverTrouble || claimed.count < mail.batchSize { break }
        }
        return report
    }

    /// Exponential: base, 2×base, 4×base … up to the maximum.
    func backoff(attempts: Int) -> Double {
        min(mail.retryMaxSeconds, mail.retryBaseSeconds * pow(2, Double(max(0, attempts - 1))))
    }

    private func message(_ row: OutboxMessage) throws -> MailMessage {
        MailMessage(from: mail.from, to: try MailAddress(row.recipientEmail, displayName: row.recipientName),
                    subject: row.subject, text: row.bodyText, html: row.bodyHTML,
                    messageID: try MessageID(key: row.messageKey, domain: mail.messageDomain),
                    date: row.createdAt, extraHeaders: [try MailHeader("X-Awards-Outbox-Key", row.messageKey)])
    }
}
