import AwardsMail
import AwardsStore
import Foundation

/// The mail side of the settings: who sends, through what, in which language.
public struct MailSetup: Sendable {
    public let transport: any MailTransport
    public let templates: MailTemplates
    public let from: MailAddress
    /// The domain of every Message-ID (the sender's).
    public let messageDomain: String
    public let language: MailLanguage
    public let retryBaseSeconds: Double
    public let retryMaxSeconds: Double
    public let leaseSeconds: Int
    /// How long one attempt to send a message can last, which every lease must outlast.
    public let longestAttemptSeconds: Int
    public let batchSize: Int
    public let transportDescription: String

    public init(settings: Settings) throws {
        let mail = settings.mail
        from = try Self.address(mail.from)
        messageDomain = String(from.domain)
        language = settings.language == .en ? .en : .vi
        do {
            templates = try MailTemplates(directory: settings.configDirectory.appendingPathComponent("mail").path)
        } catch {
            let folder = settings.configDirectory.appendingPathComponent("mail").path
            throw SettingsError(vi: "mẫu thư trong \(folder): \(error)", en: "mail templates in \(folder): \(error)")
        }
        retryBaseSeconds = mail.retryBaseSeconds
        retryMaxSeconds = mail.retryMaxSeconds
        leaseSeconds = mail.leaseSeconds
        batchSize = mail.batchSize
        switch mail.transport {
        case "smtp":
            let security: SMTPSettings.Security = switch mail.smtpSecurity {
            case "none": .none
            case "tls": .implicitTLS
            default: .startTLS
            }
            // One attempt lasts at most the connect timeout plus the message's: a lease that could run
            // out under it would let another daemon take the message and send it too.
            if mail.leaseSeconds <= 2 * mail.smtpTimeoutSeconds {
                throw SettingsError(
                    vi: "mail.lease_seconds (\(mail.leaseSeconds)) phải lớn hơn hai lần mail.smtp.timeout_seconds (\(mail.smtpTimeoutSeconds)): một lần gửi có thể kéo dài chừng ấy, và thư hết hạn giữ chỗ giữa chừng sẽ bị tiến trình khác gửi lần nữa",
                    en: "mail.lease_seconds (\(mail.leaseSeconds)) must exceed twice mail.smtp.timeout_seconds (\(mail.smtpTimeoutSeconds)): one attempt may last that long, and a lease that ran out under it would let another daemon send the message again")
            }
            let credentials = mail.smtpUsername.map { SMTPCredentials(username: $0, password: mail.smtpPassword ?? "") }
            // A password sent without TLS crosses the network in clear; only this machine may be told it so.
            if credentials != nil, security == .none, !["127.0.0.1", "::1", "localhost"].contains(mail.smtpHost.lowercased()) {
                throw SettingsError(
                    vi: "mail.smtp.username đã đặt nhưng mail.smtp.security là none: mật khẩu sẽ đi qua mạng không mã hóa tới \(mail.smtpHost); hãy dùng starttls hoặc tls (chỉ máy này, 127.0.0.1, mới được đăng nhập không TLS)",
                    en: "mail.smtp.username is set but mail.smtp.security is none: the password would cross the network to \(mail.smtpHost) in clear; use starttls or tls (AUTH without TLS is allowed to this machine only, 127.0.0.1)")
            }
            let smtp = SMTPSettings(host: mail.smtpHost, port: mail.smtpPort, security: security, credentials: credentials,
                                    envelopeSender: try MailAddress(from.address), heloDomain: messageDomain,
                                    connectTimeout: .seconds(mail.smtpTimeoutSeconds), messageTimeout: .seconds(mail.smtpTimeoutSeconds))
            transport = SMTPTransport(settings: smtp)
            transportDescription = smtp.description
            longestAttemptSeconds = 2 * mail.smtpTimeoutSeconds
        default:
            let folder = FolderTransport(folder: mail.folder.path)
            try folder.makeFolder()
            transport = folder
            transportDescription = "folder \(mail.folder.path)"
            longestAttemptSeconds = 1
        }
    }

    public var leaseTerms: ReminderStore.LeaseTerms {
        ReminderStore.LeaseTerms(seconds: leaseSeconds, longestAttemptSeconds: longestAttemptSeconds)
    }

    /// `Name <address>` or a bare address.
    static func address(_ text: String) throws -> MailAddress {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        do {
            if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
                let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
                let address = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
                return try MailAddress(String(address), displayName: name.isEmpty ? nil : name)
            }
            return try MailAddress(trimmed)
        } catch {
            throw SettingsError(vi: "mail.from \"\(text)\" không phải địa chỉ thư: \(error)",
                                en: "mail.from \"\(text)\" is not an address: \(error)")
        }
    }
}
