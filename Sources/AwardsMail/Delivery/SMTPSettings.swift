/// Where and how to reach the SMTP server. `description` never shows the password.
public struct SMTPSettings: Hashable, Sendable, CustomStringConvertible {
    public enum Security: String, Hashable, Sendable, CaseIterable {
        /// Plain SMTP. Only for a relay on the same host or network.
        case none
        /// SMTP upgraded with STARTTLS before anything else is sent; refused if the server cannot.
        case startTLS
        /// TLS from the first byte (`smtps://`, usually port 465).
        case implicitTLS

        public var defaultPort: Int {
            switch self {
            case .none: 25
            case .startTLS: 587
            case .implicitTLS: 465
            }
        }
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: SMTPCredentials?
    /// The envelope sender (`MAIL FROM`), where bounces go. Usually the same as the messages' From.
    public var envelopeSender: MailAddress
    /// The name given in EHLO; some servers check it against the client's address.
    public var heloDomain: String
    /// How long to wait for the TCP connection (and TLS handshake).
    public var connectTimeout: Duration
    /// The most one message may take, connecting included.
    public var messageTimeout: Duration
    /// A PEM bundle of trusted certificate authorities instead of the system's.
    public var caBundlePath: String?
    /// Whether to check the server's certificate and host name. Only a test server should turn this off.
    public var verifiesCertificate: Bool

    public init(
        host: String,
        port: Int? = nil,
        security: Security = .startTLS,
        credentials: SMTPCredentials? = nil,
        envelopeSender: MailAddress,
        heloDomain: String = "localhost",
        connectTimeout: Duration = .seconds(10),
        messageTimeout: Duration = .seconds(60),
        caBundlePath: String? = nil,
        verifiesCertificate: Bool = true
    ) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.security = security
        self.credentials = credentials
        self.envelopeSender = envelopeSender
        self.heloDomain = heloDomain
        self.connectTimeout = connectTimeout
        self.messageTimeout = messageTimeout
        self.caBundlePath = caBundlePath
        self.verifiesCertificate = verifiesCertificate
    }

    /// `smtp://host:port/helo-domain`: libcurl takes the EHLO name from the URL's path.
    var url: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let isHostName = !heloDomain.isEmpty && heloDomain.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == ".")
        }
        return "\(scheme)://\(hostPart):\(port)/\(isHostName ? heloDomain : "localhost")"
    }

    public var description: String {
        var text = "smtp \(host):\(port) security=\(security.rawValue) sender=\(envelopeSender.address)"
        if let credentials { text += " user=\(credentials.username) password=<redacted>" }
        return text
    }
}

/// A user name and password for SMTP AUTH. Printing it (description, debugDescription, dump through
/// `CustomReflectable`) shows the user name only.
public struct SMTPCredentials: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let username: String
    public let password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "SMTPCredentials(username: \(username), password: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["username": username, "password": "<redacted>"]) }
}
