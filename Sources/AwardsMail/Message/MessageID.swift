/// A `Message-ID` derived from a caller's unique key, so that sending the same logical message twice
/// (a retry, a daemon restarted mid-batch) produces the same id and mail clients and the folder
/// transport can recognise the duplicate.
///
/// `<reminder.{hex of the key's UTF-8}@{domain}>`: hex keeps any key legal inside an id and lets an
/// operator read the key back from a message in a mailbox.
public struct MessageID: Hashable, Sendable, CustomStringConvertible {
    /// Without the angle brackets: `reminder.6f7574626f782d3432@awards.local`.
    public let value: String

    /// Keys longer than this would make the header line, and the folder transport's file name, unwieldy.
    public static let maximumKeyBytes = 200

    public init(key: String, domain: String, kind: String = "reminder") throws(MessageIDError) {
        let keyBytes = Array(key.utf8)
        guard !keyBytes.isEmpty, keyBytes.count <= Self.maximumKeyBytes else { throw .unusableKey(key) }
        guard MailAddress.isValidAddress("x@\(domain)") else { throw .unusableDomain(domain) }
        guard !kind.isEmpty, kind.utf8.allSatisfy({ Self.kindCharacters.contains($0) }) else {
            throw .unusableKind(kind)
        }
        self.value = "\(kind).\(Hex.encode(keyBytes))@\(domain)"
    }

    /// The key this id was derived from, when it was made by `init(key:domain:kind:)`.
    public var key: String? {
        guard let at = value.lastIndex(of: "@"), let dot = value.firstIndex(of: "."), dot < at else { return nil }
        return Hex.decode(value[value.index(after: dot)..<at]).flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// As written in the header: `<…>`.
    public var bracketed: String { "<\(value)>" }

    public var description: String { bracketed }

    private static let kindCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_".utf8)
}

public enum MessageIDError: Error, Hashable, Sendable, CustomStringConvertible {
    case unusableKey(String)
    case unusableDomain(String)
    case unusableKind(String)

    public var description: String {
        switch self {
        case .unusableKey(let key): "a Message-ID key must be 1…\(MessageID.maximumKeyBytes) bytes of UTF-8: \(key.prefix(40))…"
        case .unusableDomain(let domain): "not a domain name for a Message-ID: \(domain)"
        case .unusableKind(let kind): "a Message-ID kind is letters, digits, - and _: \(kind)"
        }
    }
}

enum Hex {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: Substring) -> [UInt8]? {
        let nibbles = text.utf8.map { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        guard nibbles.count % 2 == 0, !nibbles.contains(nil) else { return nil }
        return stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0]! << 4 | nibbles[$0 + 1]! }
    }
}
