import AwardsCore
import Foundation

/// Comparing what officers type: “Nguyễn Văn Ân”, “NGUYEN VAN AN” and a decomposed (NFD) “Nguyễn văn ân”
/// all fold to `nguyen van an`.
///
/// A sheet of 10,000 rows passes some 100,000 cells through here, and Foundation's normalization on Linux
/// (an NSString round trip) was most of the reading time. So the text of Vietnamese sheets, which is
/// ASCII, Latin letters precomposed or not and general punctuation, is handled scalar by scalar in Swift,
/// and anything else goes the Foundation way; a test proves both ways agree on every scalar of those blocks.
enum TextFolding {
    /// Lower case, without diacritics (đ becomes d), white space trimmed and folded to single spaces.
    static func fold(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if isWhiteSpace(value) {
                pendingSpace = true
                continue
            }
            if (0x0300...0x036F).contains(value) { continue }  // combining marks: the tones and vowel marks
            let mapped: Unicode.Scalar
            if value < 0x80 {
                mapped = (0x41...0x5A).contains(value) ? Unicode.Scalar(UInt8(value + 0x20)) : scalar
            } else if let base = baseLetter(value) {
                mapped = base
            } else if (0x2010...0x205E).contains(value) {
                mapped = scalar  // dashes, quotation marks, bullets: no case, no decomposition
            } else {
                return referenceFold(text)
            }
            if pendingSpace, !folded.isEmpty { folded.append(" ") }
            pendingSpace = false
            folded.append(mapped)
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

    /// `VietnameseText.canonical` (NFC, white space trimmed and folded), the same result sooner: most
    /// cells are already canonical and come back as they are, without a copy.
    static func canonical(_ text: String) -> String {
        guard isSurelyNFC(text) else { return VietnameseText.canonical(text) }
        var afterSpace = true  // a leading space needs folding too
        var needsFolding = false
        for scalar in text.unicodeScalars where isWhiteSpace(scalar.value) || afterSpace {
            if isWhiteSpace(scalar.value) {
                if afterSpace || scalar != " " {
                    needsFolding = true
                    break
                }
                afterSpace = true
            } else {
                afterSpace = false
            }
        }
        if !needsFolding && !(afterSpace && !text.isEmpty) { return text }
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isWhiteSpace(scalar.value) {
                pendingSpace = true
                continue
            }
            if pendingSpace, !result.isEmpty { result.append(" ") }
            pendingSpace = false
            result.append(scalar)
        }
        return String(result)
    }

    /// NFC and with white space trimmed at both ends, inner line breaks kept: a note as stored.
    static func trimmedNFC(_ text: String) -> String {
        let nfc = isSurelyNFC(text) ? text : text.precomposedStringWithCanonicalMapping
        let scalars = nfc.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhiteSpace($0.value) }),
              let last = scalars.lastIndex(where: { !isWhiteSpace($0.value) }) else { return "" }
        return String(scalars[first...last])
    }

    /// True when NFC leaves the text as it is, known without normalizing: no scalar outside the ranges
    /// where NFC changes nothing and every scalar is a grapheme of its own (so that white space means
    /// the same scalar by scalar as `Character.isWhitespace` does for `VietnameseText.canonical`): below
    /// the combining marks U+0300, Latin Extended Additional U+1E00–1EFF where the precomposed
    /// Vietnamese letters live, and the spaces, dashes, quotation marks and bullets of general punctuation
    /// (not the singletons U+2000 and U+2001, which NFC replaces, nor the joiners and format controls).
    static func isSurelyNFC(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0..<0x0300, 0x1E00...0x1EFF, 0x2002...0x200A, 0x2010...0x2029, 0x202F...0x205F: true
            default: false
            }
        }
    }

    /// The Unicode White_Space property, as a switch (the property lookup showed in profiles).
    @inline(__always)
    static func isWhiteSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// The lower-case letter without marks that a precomposed Latin letter folds to, for U+00C0–024F and
    /// U+1E00–1EFF; nil outside them, or where folding does not give one letter.
    private static func baseLetter(_ value: UInt32) -> Unicode.Scalar? {
        switch value {
        case 0x00C0...0x024F: latinBases[Int(value - 0x00C0)]
        case 0x1E00...0x1EFF: additionalBases[Int(value - 0x1E00)]
        default: nil
        }
    }

    private static let latinBases: [Unicode.Scalar?] = (0x00C0...0x024F).map(referenceBase)
    private static let additionalBases: [Unicode.Scalar?] = (0x1E00...0x1EFF).map(referenceBase)

    private static func referenceBase(_ value: UInt32) -> Unicode.Scalar? {
        guard let scalar = Unicode.Scalar(value), !isWhiteSpace(value) else { return nil }
        let folded = referenceFold(String(Character(scalar))).unicodeScalars
        return folded.count == 1 ? folded.first : nil
    }

    /// The definition: lower case, canonical decomposition (Foundation), combining marks U+0300–036F
    /// dropped, đ as d, white space trimmed and folded.
    static func referenceFold(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            let value = scalar.value
            if (0x0300...0x036F).contains(value) { continue }
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace, !folded.isEmpty { folded.append(" ") }
            pendingSpace = false
            folded.append(value == 0x0111 ? "d" : scalar)
        }
        return String(folded)
    }
}
