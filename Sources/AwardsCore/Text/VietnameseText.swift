import Foundation

/// Vietnamese text arrives from keyboards and files in either composed (NFC) or decomposed (NFD) form.
/// Everything we store is NFC, so that equality and search behave the same whatever produced the text.
public enum VietnameseText {
    /// The canonical stored form: NFC, surrounding white space removed, inner runs of white space folded to one.
    public static func canonical(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
            .split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
    }
}
