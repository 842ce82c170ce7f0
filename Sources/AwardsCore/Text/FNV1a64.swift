/// Fowler–Noll–Vo 1a, 64 bits: small, stable across platforms and releases (unlike `Hasher`) — for
/// fingerprints, keys and file names, never for security.
public enum FNV1a64 {
    public static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// 16 lower-case hex digits.
    public static func hex(of text: String) -> String {
        let digits = String(hash(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
