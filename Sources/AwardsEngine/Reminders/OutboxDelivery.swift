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
        /// Not sent: every deadline they reminded of had closed by the time they were due to go.
        public var superseded = 0
        /// Sent, but our lease had run out meanwhile: another daemon may have sent them as well.
        public var sentAfterLeaseLost = 0
        /// Why the mail server could not take messages (down, unknown host, timing out), when it could not.
        public var serverTrouble: String?
    }

    /// Sends until nothing is ready or `shouldStop` says so (a graceful shutdown: the message in flight
    /// finishes, the rest of the batch goes back to the pool at once).
    ///
    /// Exactly once, as far as a sender can: just before a message is sent, its lease is checked to be
    /// ours for longer than an attempt can last (and renewed when less is left), and a message whose
    /// lease is no longer ours is not sent; the batch stops at once when an outcome
    /// cannot be recorded (the database went away: what we sent would not be marked, and would go again)
    /// or a "mark sent" did not apply. Then at most the message in flight is repeated, with its Message-ID.
    public func deliver(_ connection: Connection, shouldStop: @Sendable () -> Bool = { false }) throws -> Report {
        var report = Report()
        let store = ReminderStore(connection)
        while !shouldStop() {
            let claim = try store.claimOutbox(owner: owner, limit: mail.batchSize, leaseSeconds: mail.leaseSeconds)
            report.superseded += claim.superseded
            if claim.messages.isEmpty && claim.superseded == 0 { break }
            var messages: [MailMessage] = []
            var rows: [OutboxMessage] = []
            for row in claim.messages {
                do {
                    messages.append(try message(row))
                    rows.append(row)
                } catch {
                    try store.markFailed(row.id, owner: owner, error: "cannot build the message: \(error)")
                    report.failed += 1
                }
            }
            var recordingError: (any Error)?
            var leaseLost = false
            // The message whose lease was held together with the previous one's "sent".
            var heldAhead: Int?
            let terms = mail.leaseTerms
            _ = mail.transport.sendBlocking(messages, mayAttempt: { index in
                guard recordingError == nil, !leaseLost, !shouldStop() else { return false }
                if heldAhead == index { return true }
                do {
                    leaseLost = try !store.holdLease(rows[index].id, owner: owner, terms: terms)
                } catch {
                    recordingError = error
                }
                return recordingError == nil && !leaseLost
            }) { index, outcome in
                guard recordingError == nil else { return }
                let row = rows[index]
                do {
                    switch outcome {
                    case .delivered:
                        let next = index + 1 < rows.count && !shouldStop() ? index + 1 : nil
                        let done = try store.markSent(row.id, owner: owner, holding: next.map { rows[$0].id }, terms: terms)
                        if let next {
                            if done.nextHeld { heldAhead = next } else { leaseLost = true }
                        }
                        if done.sent {
                            report.sent += 1
                        } else {
                            report.sentAfterLeaseLost += 1
                            leaseLost = true
                        }
                    case .transientFailure(let failure):
                        // The server's trouble (down, timing out, 4xx to the greeting) ends the pass; a
                        // 451 for one recipient defers that message only.
                        if failure.stage != .recipient && failure.stage != .notAttempted {
                            report.serverTrouble = failure.description
                        }
                        let delay = failure.stage == .notAttempted ? 0 : backoff(attempts: row.attempts)
                        try store.markRetry(row.id, owner: owner, error: failure.stage == .notAttempted ? nil : failure.description,
                                            delaySeconds: delay)
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
            // instead of being claimed again at once. A lost lease means we were too slow: stop too.
            if report.serverTrouble != nil || leaseLost || claim.messages.count + claim.superseded < mail.batchSize { break }
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
