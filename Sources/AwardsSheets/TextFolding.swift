import AwardsCore
import Foundation

/// Comparing what officers type: “Nguyễn Văn Ân”, “NGUYEN VAN AN” and a decomposed (NFD) “Nguyễn văn ân”
/// all fold to `nguyen van an`.
enum TextFolding {
    /// Lower case, without diacritics (đ becomes d), white space trimmed and folded to single spaces.
    static func fold(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F:  // combining diacritical marks: the tones and the vowel marks of Vietnamese
                continue
            case 0x0111:  // đ (Đ is lowered to it above)
                if pendingSpace, !folded.isEmpty { folded.append(" ") }
                pendingSpace = false
                folded.append("d")
            default:
                if scalar.properties.isWhitespace {
                    pendingSpace = true
                } else {
                    if pendingSpace, !folded.isEmpty { folded.append(" ") }
                    pendingSpace = false
                    folded.append(scalar)
                }
            }
        }
        return String(folded)
    }

    /// A header as written, folded, with the marks of a required column (“Đơn vị (*)”, “Đơn vị *”) left out.
    static func foldHeader(_ text: String) -> String {
        var folded = fold(text)
        for mark in ["(*)", "*"] where folded.hasSuffix(mark) {
            folded = String(folded.dropLast(mark.count)).trimmingCharacters(in: .whitespaces)
        }
        return folded
    }
}
