import AwardsCore
import AwardsEngine
import AwardsTestSupport
import Foundation
import Testing

/// A setting that is there must mean what it says: no silent fallback to a default, no password in clear.
@Suite struct SettingsValidationTests {
    func load(_ environment: [String: String]) async throws -> Settings {
        let project = try TestProject.make()
        defer { project.remove() }
        return try await Settings.load(file: project.settingsFile, environment: environment)
    }

    /// What loading the settings and setting up mail from them refuses, or nil.
    func refusal(_ environment: [String: String]) async -> String? {
        do {
            let project = try TestProject.make()
            defer { project.remove() }
            _ = try MailSetup(settings: try await Settings.load(file: project.settingsFile, environment: environment))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        (["MAIL_SMTP_PORT": "abc"], "mail.smtp.port \"abc\" is not a number"),
        (["MAIL_SMTP_PORT": "70000"], "mail.smtp.port 70000 must be between 1 and 65535"),
        (["MAIL_LEASE_SECONDS": "0"], "mail.lease_seconds 0 must be between 1 and 86400"),
        (["MAIL_BATCH_SIZE": "fifty"], "mail.batch_size \"fifty\" is not a number"),
        (["MAIL_RETRY_BASE_SECONDS": "soon"], "mail.retry.base_seconds \"soon\" is not a number"),
    ])
    func aValueThatCannotBeReadIsAnErrorNotTheDefault(environment: [String: String], message: String) async {
        #expect(await refusal(environment) == message)
    }

    @Test func numbersThatAreThereAreTaken() async throws {
        let settings = try await load(["MAIL_SMTP_PORT": "2525", "MAIL_LEASE_SECONDS": "7", "MAIL_RETRY_BASE_SECONDS": "0.5"])
        #expect(settings.mail.smtpPort == 2525)
        #expect(settings.mail.leaseSeconds == 7)
        #expect(settings.mail.retryBaseSeconds == 0.5)
        #expect(try await load([:]).mail.smtpPort == 25)
    }

    /// One attempt may last the connect timeout plus the message's; a lease shorter than that would let
    /// another daemon take a message still being sent, and send it again.
    @Test func aLeaseMustOutlastTheLongestAttempt() async {
        let smtp = ["MAIL_TRANSPORT": "smtp", "MAIL_SMTP_SECURITY": "none", "MAIL_SMTP_HOST": "127.0.0.1"]
        #expect(await refusal(smtp.merging(["MAIL_LEASE_SECONDS": "60", "MAIL_SMTP_TIMEOUT_SECONDS": "30"]) { $1 })
                == "mail.lease_seconds (60) must exceed twice mail.smtp.timeout_seconds (30): one attempt may last that long, and a lease that ran out under it would let another daemon send the message again")
        #expect(await refusal(smtp.merging(["MAIL_LEASE_SECONDS": "61", "MAIL_SMTP_TIMEOUT_SECONDS": "30"]) { $1 }) == nil)
        #expect(await refusal(["MAIL_LEASE_SECONDS": "7"]) == nil, "the folder transport has no timeouts to outlast")
    }

    /// A typo in a key used to fall back to the default: `urll:` sent production writes to a local
    /// embedded cluster. Now the file and line are named, with the key that was meant.
    @Test func anUnknownKeyIsRefusedWithItsLineAndTheNearestKnownKey() async throws {
        let project = try TestProject.make()
        defer { project.remove() }
        let shipped = try String(contentsOf: project.settingsFile, encoding: .utf8)
        #expect(SettingsKeys.unknownKeys(yaml: shipped, file: "settings.yaml", known: Settings.knownKeys).isEmpty, "the shipped file")
        let typo = shipped.replacingOccurrences(of: "  url: \"\"", with: "  urll: \"postgres://awards@db.example/awards\"")
        try typo.write(to: project.settingsFile, atomically: true, encoding: .utf8)
        let line = typo.components(separatedBy: "\n").firstIndex { $0.contains("urll:") }! + 1
        let refused = await #expect(throws: SettingsError.self) { try await Settings.load(file: project.settingsFile, environment: [:]) }
        #expect(refused?.message(in: .en) == "\(project.settingsFile.path):\(line): unknown setting `database.urll`; did you mean `database.url`?")
        #expect(refused?.message(in: .vi) == "\(project.settingsFile.path):\(line): không có thiết lập `database.urll`; có phải ý là `database.url`?")
        let far = shipped.replacingOccurrences(of: "messages:\n", with: "colour: blue\nmessages:\n")
        #expect(SettingsKeys.unknownKeys(yaml: far, file: "s.yaml", known: Settings.knownKeys).map(\.suggestion) == [nil])
    }

    @Test func smtpAuthWithoutTLSGoesToThisMachineOnly() async throws {
        let clear = ["MAIL_TRANSPORT": "smtp", "MAIL_SMTP_SECURITY": "none", "MAIL_SMTP_USERNAME": "awards", "MAIL_SMTP_PASSWORD": "bí-mật"]
        let remote = await refusal(clear.merging(["MAIL_SMTP_HOST": "smtp.daklak.gov.vn"]) { $1 })
        #expect(remote?.hasPrefix("mail.smtp.username is set but mail.smtp.security is none: the password would cross the network to smtp.daklak.gov.vn in clear") == true, "\(remote ?? "accepted")")
        #expect(remote?.contains("bí-mật") == false)
        #expect(await refusal(clear.merging(["MAIL_SMTP_HOST": "127.0.0.1"]) { $1 }) == nil)
        #expect(await refusal(clear.merging(["MAIL_SMTP_HOST": "smtp.daklak.gov.vn", "MAIL_SMTP_SECURITY": "starttls"]) { $1 }) == nil)
    }

    @Test func awardsdRefusesToStartOnABadPort() async throws {
        let project = try TestProject.make()
        defer { project.remove() }
        let run = try await ProgramRun.run("awardsd", ["--config", project.settingsFile.path, "--once"],
                                           environment: ["MAIL_TRANSPORT": "smtp", "MAIL_SMTP_PORT": "abc"])
        #expect(run.exitCode != 0)
        #expect(run.standardError.contains("mail.smtp.port \"abc\" is not a number"), "\(run.standardError)")
    }
}
