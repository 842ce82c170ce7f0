import AwardsTestSupport
import CCurl
import Foundation
import Testing
@testable import AwardsMail

/// How a finished libcurl transfer becomes an outcome, for the cases a loopback sink cannot easily stage.
@Suite("SMTP outcome classification")
struct SMTPOutcomeTests {
    func classify(_ code: CURLcode, stage: DeliveryFailure.Stage, reply: SMTPReply?, responseCode: Int? = nil,
                  systemError: Int32 = 0) -> SMTPAttempt {
        SMTPAttempt.classify(code: code, errorText: "libcurl text", systemError: systemError,
                             responseCode: responseCode ?? reply?.code ?? 0, stage: stage, lastReply: reply)
    }

    @Test("a 5xx after the message's data is permanent and concerns only that message")
    func rejectedData() {
        let attempt = classify(CURLE_WEIRD_SERVER_REPLY, stage: .data, reply: SMTPReply(code: 554, text: "5.7.1 spam"))
        #expect(attempt.outcome == .permanentFailure(DeliveryFailure(stage: .data, reply: SMTPReply(code: 554, text: "5.7.1 spam"),
                                                                      detail: "data failed (libcurl: libcurl text)")))
        #expect(!attempt.concernsServer)
    }

    @Test("421 and 530 are the server's problem: transient, and the rest of the batch is not tried")
    func serverWideReplies() {
        for code in [421, 530] {
            let attempt = classify(CURLE_SEND_ERROR, stage: .sender, reply: SMTPReply(code: code, text: "x"))
            #expect(attempt.outcome.failure?.reply?.code == code)
            guard case .transientFailure = attempt.outcome else {
                Issue.record("\(code) should be transient, got \(attempt.outcome)")
                continue
            }
            #expect(attempt.concernsServer)
        }
    }

    @Test("a timeout after a success reply carries no reply and concerns the server; TLS and AUTH failures get their stage")
    func stagesAndStaleReplies() {
        let timeout = classify(CURLE_OPERATION_TIMEDOUT, stage: .data, reply: SMTPReply(code: 354, text: "go ahead"))
        #expect(timeout.outcome == .transientFailure(DeliveryFailure(stage: .data, detail: "timed out (libcurl: libcurl text)")))
        #expect(timeout.concernsServer, "a server that stopped answering would make the next message wait as long")
        #expect(classify(CURLE_PEER_FAILED_VERIFICATION, stage: .connection, reply: nil).outcome.failure?.stage == .tls)
        let login = classify(CURLE_LOGIN_DENIED, stage: .authentication, reply: SMTPReply(code: 535, text: "bad"))
        #expect(login.concernsServer)
        #expect(login.outcome.failure?.stage == .authentication)
    }

    @Test("success keeps the server's last reply")
    func delivered() {
        #expect(classify(CURLE_OK, stage: .data, reply: SMTPReply(code: 250, text: "queued")).outcome == .delivered(SMTPReply(code: 250, text: "queued")))
    }
}
