import CCurl
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Delivers through an SMTP server with libcurl. Each batch uses one curl handle, so the messages of a
/// batch share one connection (libcurl reopens it after a refused message, which closes it).
///
/// libcurl blocks; batches run one after another on this transport's own dispatch queue. `sendBlocking`
/// is there for callers that already run on a thread of their own.
public struct SMTPTransport: MailTransport {
    public let settings: SMTPSettings
    private let delivery = BlockingDelivery(queue: DispatchQueue(label: "awards.mail.smtp"))

    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    public func send(
        _ batch: [MailMessage],
        onOutcome: @escaping @Sendable (Int, DeliveryOutcome) -> Void
    ) async -> [DeliveryOutcome] {
        let settings = settings
        return await delivery.run { isCancelled in
            SMTPBatch(settings: settings).send(batch, mayAttempt: { _ in !isCancelled() }, onOutcome: onOutcome)
        }
    }

    /// The synchronous form of `send`: blocks the calling thread for the whole batch.
    public func sendBlocking(
        _ batch: [MailMessage],
        mayAttempt: (Int) -> Bool = { _ in true },
        onOutcome: (Int, DeliveryOutcome) -> Void = { _, _ in }
    ) -> [DeliveryOutcome] {
        SMTPBatch(settings: settings).send(batch, mayAttempt: mayAttempt, onOutcome: onOutcome)
    }
}

/// libcurl wants `curl_global_init` once, before any other thread uses it; a static `let` runs it once.
enum CurlGlobal {
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
}

/// One batch over one curl easy handle. Not thread-safe; lives on one thread for the batch.
private struct SMTPBatch {
    let settings: SMTPSettings

    func send(
        _ batch: [MailMessage],
        mayAttempt: (Int) -> Bool,
        onOutcome: (Int, DeliveryOutcome) -> Void
    ) -> [DeliveryOutcome] {
        var outcomes: [DeliveryOutcome] = []
        guard !batch.isEmpty else { return outcomes }
        guard CurlGlobal.initialized, let handle = curl_easy_init() else {
            let failure = DeliveryFailure(stage: .connection, detail: "libcurl could not be initialised")
            for index in batch.indices {
                outcomes.append(.transientFailure(failure))
                onOutcome(index, outcomes[index])
            }
            return outcomes
        }
        let exchange = SMTPExchange()
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        let exchangeReference = Unmanaged.passRetained(exchange)
        var recipients: UnsafeMutablePointer<curl_slist>?
        defer {
            // Cleanup says QUIT on a connection still open, and may still call the debug callback.
            curl_easy_cleanup(handle)
            exchangeReference.release()
            curl_slist_free_all(recipients)
            errorBuffer.deallocate()
        }
        configure(handle, errorBuffer: errorBuffer, exchange: exchangeReference.toOpaque())

        // After a failure that concerns the server rather than the message (refused, TLS, AUTH), the rest
        // of the batch would fail the same way, each after its own timeout: they get the same outcome.
        var serverFailure: DeliveryFailure?
        var stopped = false
        for (index, message) in batch.enumerated() {
            let outcome: DeliveryOutcome
            if let serverFailure {
                outcome = .transientFailure(serverFailure)
            } else if stopped || !mayAttempt(index) {
                stopped = true
                outcome = .transientFailure(.cancelled)
            } else {
                let previous = recipients
                recipients = curl_slist_append(nil, "<\(message.to.address)>")
                _ = ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
                curl_slist_free_all(previous)
                let attempt = perform(message, handle: handle, errorBuffer: errorBuffer, exchange: exchange)
                outcome = attempt.outcome
                if attempt.concernsServer, let failure = outcome.failure { serverFailure = failure }
            }
            outcomes.append(outcome)
            onOutcome(index, outcome)
        }
        return outcomes
    }

    private func configure(_ handle: UnsafeMutableRawPointer, errorBuffer: UnsafeMutablePointer<CChar>,
                           exchange: UnsafeMutableRawPointer) {
        _ = ccurl_setopt_string(handle, CURLOPT_URL, settings.url)
        _ = ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_UPLOAD, 1)
        _ = ccurl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(settings.envelopeSender.address)>")
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeout.milliseconds)
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, settings.messageTimeout.milliseconds)
        // Also each wait for a reply, which libcurl otherwise bounds by its own 60 s or more.
        _ = ccurl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, max(1, settings.messageTimeout.milliseconds / 1000))
        _ = ccurl_setopt_long(handle, CURLOPT_USE_SSL,
                              Int(settings.security == .startTLS ? CURLUSESSL_ALL.rawValue : CURLUSESSL_NONE.rawValue))
        _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, settings.verifiesCertificate ? 1 : 0)
        _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, settings.verifiesCertificate ? 2 : 0)
        if let caBundlePath = settings.caBundlePath {
            _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, caBundlePath)
        }
        if let credentials = settings.credentials {
            _ = ccurl_setopt_string(handle, CURLOPT_USERNAME, credentials.username)
            _ = ccurl_setopt_string(handle, CURLOPT_PASSWORD, credentials.password)
        }
        _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = ccurl_setopt_read_function(handle, readMessage)
        // The debug callback is how the server's reply text reaches us; it only fires with VERBOSE on,
        // and then replaces libcurl's own printing, so nothing (credentials included) goes to stderr.
        _ = ccurl_setopt_long(handle, CURLOPT_VERBOSE, 1)
        _ = ccurl_setopt_debug_function(handle, observeExchange)
        _ = ccurl_setopt_pointer(handle, CURLOPT_DEBUGDATA, exchange)
    }

    private func perform(_ message: MailMessage, handle: UnsafeMutableRawPointer,
                         errorBuffer: UnsafeMutablePointer<CChar>, exchange: SMTPExchange) -> SMTPAttempt {
        let upload = UploadSource(message.renderedBytes())
        let uploadReference = Unmanaged.passRetained(upload)
        defer { uploadReference.release() }
        _ = ccurl_setopt_pointer(handle, CURLOPT_READDATA, uploadReference.toOpaque())
        _ = ccurl_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(upload.bytes.count))
        errorBuffer[0] = 0
        exchange.startAttempt()

        let code = curl_easy_perform(handle)

        var responseCode = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
        var systemError = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_OS_ERRNO, &systemError)
        let errorText = String(cString: errorBuffer)
        return SMTPAttempt.classify(
            code: code,
            errorText: errorText.isEmpty ? String(cString: curl_easy_strerror(code)) : errorText,
            systemError: Int32(systemError),
            responseCode: responseCode,
            stage: exchange.stage,
            lastReply: code == CURLE_OK ? exchange.lastReply : exchange.lastRefusal ?? exchange.lastReply
        )
    }
}

/// The outcome of one `curl_easy_perform`, and whether the failure is the server's rather than the message's.
struct SMTPAttempt: Equatable {
    let outcome: DeliveryOutcome
    let concernsServer: Bool

    static func classify(
        code: CURLcode, errorText: String, systemError: Int32, responseCode: Int,
        stage trackedStage: DeliveryFailure.Stage, lastReply: SMTPReply?
    ) -> SMTPAttempt {
        if code == CURLE_OK {
            return SMTPAttempt(outcome: .delivered(lastReply ?? SMTPReply(code: responseCode, text: "")),
                               concernsServer: false)
        }
        let stage: DeliveryFailure.Stage = switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT: .connection
        case CURLE_USE_SSL_FAILED, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM: .tls
        case CURLE_LOGIN_DENIED: .authentication
        default: trackedStage
        }
        // A success reply seen before a timeout or a dropped connection is not the reason for the failure.
        let reply = lastReply.flatMap { $0.code >= 400 ? $0 : nil }
            ?? (responseCode >= 400 ? SMTPReply(code: responseCode, text: "") : nil)

        var reason = switch code {
        case CURLE_COULDNT_CONNECT where systemError == ECONNREFUSED: "connection refused"
        case CURLE_COULDNT_CONNECT: "could not connect"
        case CURLE_COULDNT_RESOLVE_HOST: "host name not found"
        case CURLE_OPERATION_TIMEDOUT: "timed out"
        case CURLE_USE_SSL_FAILED: "the server does not offer STARTTLS, which the settings require"
        case CURLE_LOGIN_DENIED: "authentication refused"
        default: "\(stage.rawValue) failed"
        }
        reason += " (libcurl: \(errorText))"

        let beforeMessage: Set<DeliveryFailure.Stage> = [.connection, .greeting, .tls, .authentication]
        // 421: the server is closing the channel; 530: it wants AUTH we did not give. Neither is the message's
        // fault, and nor is a server that stops answering: the next message would wait out the same timeout.
        let serverWide = beforeMessage.contains(stage) || reply?.code == 421 || reply?.code == 530
            || code == CURLE_OPERATION_TIMEDOUT
        let failure = DeliveryFailure(stage: stage, reply: reply, detail: reason)
        if let reply, (500..<600).contains(reply.code), !serverWide {
            return SMTPAttempt(outcome: .permanentFailure(failure), concernsServer: false)
        }
        return SMTPAttempt(outcome: .transientFailure(failure), concernsServer: serverWide)
    }
}

/// What the server has said so far, as seen through libcurl's debug callback. Only the verbs of our own
/// commands are looked at, so AUTH arguments never reach memory we keep.
private final class SMTPExchange {
    private(set) var stage: DeliveryFailure.Stage = .connection
    private(set) var lastReply: SMTPReply?
    /// The latest 4xx or 5xx reply: after a refusal libcurl says QUIT, and the 221 that follows is not the news.
    private(set) var lastRefusal: SMTPReply?
    private var replyLines: [String] = []

    func startAttempt() {
        stage = .connection
        lastReply = nil
        lastRefusal = nil
        replyLines = []
    }

    /// Reply lines as bytes: `250-…` continues a reply, `250 …` ends it. Parsed without Foundation,
    /// since several replies arrive for every message sent.
    func received(_ bytes: UnsafeRawBufferPointer) {
        if stage == .connection { stage = .greeting }
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            receivedLine(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            start = end + 1
        }
    }

    private func receivedLine(_ line: UnsafeRawBufferPointer) {
        guard line.count >= 3, line.prefix(3).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return }
        let code = line.prefix(3).reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let continues = line.count > 3 && line[3] == UInt8(ascii: "-")
        var textStart = min(4, line.count), textEnd = line.count
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        while textStart < textEnd, isBlank(line[textStart]) { textStart += 1 }
        while textEnd > textStart, isBlank(line[textEnd - 1]) { textEnd -= 1 }
        replyLines.append(String(decoding: line[textStart..<textEnd], as: UTF8.self))
        if !continues {
            let reply = SMTPReply(code: code, text: replyLines.joined(separator: "\n"))
            lastReply = reply
            if code >= 400 { lastRefusal = reply }
            replyLines = []
        }
    }

    func sent(_ bytes: UnsafeRawBufferPointer) {
        let verb = String(decoding: bytes.prefix(8), as: UTF8.self).prefix { $0.isLetter }.uppercased()
        switch verb {
        case "EHLO", "HELO": if stage == .connection || stage == .greeting { stage = .greeting }
        case "STARTTLS": stage = .tls
        case "AUTH": stage = .authentication
        case "MAIL": stage = .sender
        case "RCPT": stage = .recipient
        case "DATA": stage = .data
        default: break
        }
    }
}

private final class UploadSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

private let readMessage: ccurl_read_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let upload = Unmanaged<UploadSource>.fromOpaque(userdata).takeUnretainedValue()
    let length = min(size * count, upload.bytes.count - upload.offset)
    guard length > 0 else { return 0 }
    upload.bytes.withUnsafeBytes { source in
        UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + upload.offset, byteCount: length)
    }
    upload.offset += length
    return length
}

private let observeExchange: ccurl_debug_callback = { _, type, data, size, userdata in
    guard let data, let userdata else { return 0 }
    let exchange = Unmanaged<SMTPExchange>.fromOpaque(userdata).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    switch type {
    case CURLINFO_HEADER_IN: exchange.received(bytes)
    case CURLINFO_HEADER_OUT: exchange.sent(bytes)
    default: break
    }
    return 0
}

extension Duration {
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
