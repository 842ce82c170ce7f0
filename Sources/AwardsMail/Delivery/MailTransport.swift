import Dispatch
import Synchronization

/// Something that delivers messages: an SMTP server, a folder of `.eml` files.
///
/// Delivery blocks (sockets, fsync), so transports do it on their own threads, never on Swift's
/// cooperative pool; the async `send` only waits for it.
public protocol MailTransport: Sendable {
    /// Delivers the messages in order and returns one outcome per message, at the same index.
    ///
    /// `onOutcome` is called with each message's index and outcome as soon as it is known, on the
    /// transport's delivery thread, before the next message is attempted. It may block — record the
    /// outcome in the database there — so that a crash mid-batch repeats at most the message in flight.
    ///
    /// Cancelling the calling task finishes the message in flight; the ones not yet attempted come back
    /// as transient failures at stage `.notAttempted`.
    func send(
        _ batch: [MailMessage],
        onOutcome: @escaping @Sendable (_ index: Int, _ outcome: DeliveryOutcome) -> Void
    ) async -> [DeliveryOutcome]

    /// The same delivery on the calling thread, for callers already on a thread of their own (the
    /// daemon, which records each outcome with the connection it holds there).
    ///
    /// `mayAttempt` is asked before each message, with its index (the daemon renews the message's lease
    /// there); once it says no, that message and the rest are not attempted: transient failures at
    /// stage `.notAttempted`.
    func sendBlocking(
        _ batch: [MailMessage],
        mayAttempt: (Int) -> Bool,
        onOutcome: (Int, DeliveryOutcome) -> Void
    ) -> [DeliveryOutcome]
}

extension MailTransport {
    public func send(_ batch: [MailMessage]) async -> [DeliveryOutcome] {
        await send(batch, onOutcome: { _, _ in })
    }
}

/// What became of one message.
public enum DeliveryOutcome: Hashable, Sendable, CustomStringConvertible {
    /// Accepted by the server (with its reply) or written to the folder (no reply).
    case delivered(SMTPReply?)
    /// Worth retrying later: connection refused, timeout, a 4xx reply, a full disk.
    case transientFailure(DeliveryFailure)
    /// Retrying will not help: the server refused the message or recipient with a 5xx reply.
    case permanentFailure(DeliveryFailure)

    public var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }

    public var failure: DeliveryFailure? {
        switch self {
        case .delivered: nil
        case .transientFailure(let failure), .permanentFailure(let failure): failure
        }
    }

    public var description: String {
        switch self {
        case .delivered(let reply): reply.map { "delivered (\($0))" } ?? "delivered"
        case .transientFailure(let failure): "transient failure: \(failure)"
        case .permanentFailure(let failure): "permanent failure: \(failure)"
        }
    }
}

/// An SMTP reply: the code and the text after it (several lines of a multi-line reply joined by newlines).
public struct SMTPReply: Hashable, Sendable, CustomStringConvertible {
    public let code: Int
    public let text: String

    public init(code: Int, text: String) {
        self.code = code
        self.text = text
    }

    public var description: String { "\(code) \(text)" }
}

/// Why a message was not delivered. Never carries credentials: only server replies, libcurl's error
/// text, and the system's error message.
public struct DeliveryFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where in the exchange it failed; failures before `.sender` concern the server, not the message.
    public enum Stage: String, Hashable, Sendable {
        case connection, greeting, tls, authentication, sender, recipient, data, folder, notAttempted
    }

    public let stage: Stage
    /// The server's reply, when the failure was a reply.
    public let reply: SMTPReply?
    /// A short explanation: "connection refused", libcurl's error text, the system error.
    public let detail: String

    public init(stage: Stage, reply: SMTPReply? = nil, detail: String) {
        self.stage = stage
        self.reply = reply
        self.detail = detail
    }

    public var description: String {
        var text = "\(stage.rawValue): \(detail)"
        if let reply { text += " — server replied \(reply)" }
        return text
    }
}

/// Runs blocking delivery on a dispatch queue and lets the caller's cancellation reach it between messages.
struct BlockingDelivery: Sendable {
    let queue: DispatchQueue

    func run(
        _ work: @escaping @Sendable (_ isCancelled: @Sendable () -> Bool) -> [DeliveryOutcome]
    ) async -> [DeliveryOutcome] {
        let cancelled = CancellationFlag()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.async {
                    continuation.resume(returning: work { cancelled.isSet })
                }
            }
        } onCancel: {
            cancelled.set()
        }
    }
}

final class CancellationFlag: Sendable {
    private let state = Atomic<Bool>(false)
    var isSet: Bool { state.load(ordering: .acquiring) }
    func set() { state.store(true, ordering: .releasing) }
}

extension DeliveryFailure {
    static let cancelled = DeliveryFailure(stage: .notAttempted, detail: "cancelled before this message was attempted")
}
