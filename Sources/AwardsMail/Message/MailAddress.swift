import Foundation

/// An e-mail address with an optional display name, e.g. `Phòng Nội vụ <pnv@quan1.gov.vn>`.
///
/// The address itself must be plain ASCII (`local@domain`): it travels in the SMTP envelope, and we do not
/// rely on servers supporting SMTPUTF8. The display name may be any text; it is RFC 2047-encoded when needed.
public struct MailAddress: Hashable, Sendable, CustomStringConvertible {
    public let address: String
    public let displayName: String?

    public init(_ address: String, displayName: String? = nil) throws(MailAddressError) {
        guard Self.isValidAddress(address) else { throw .invalidAddress(address) }
        self.address = address
        let name = displayName.map(Self.singleLine)
        self.displayName = (name?.isEmpty ?? true) ? nil : name
    }

    public var domain: Substring { address[address.index(after: address.lastIndex(of: "@")!)...] }

    public var description: String {
        guard let displayName else { return address }
        return "\(displayName) <\(address)>"
    }

    // A header cannot carry a line break inside a name; folding it into spaces keeps the header intact.
    private static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    /// A dot-atom local part and a host name: what RFC 5321 mailboxes need without quoting.
    static func isValidAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, address.utf8.count <= 254 else { return false }
        let local = parts[0], domain = parts[1]
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8)
        let localAtoms = local.split(separator: ".", omittingEmptySubsequences: false)
        guard !local.isEmpty, local.utf8.count <= 64,
              localAtoms.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(atext.contains) }) else { return false }
        let labelCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".utf8)
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.utf8.allSatisfy(labelCharacters.contains)
                && label.first != "-" && label.last != "-"
        }
    }
}

public enum MailAddressError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidAddress(String)

    public var description: String {
        switch self {
        case .invalidAddress(let address): "not a usable e-mail address (ASCII local@domain expected): \(address)"
        }
    }
}
