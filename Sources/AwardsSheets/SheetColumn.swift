/// The columns of one kind of sheet (a proposal's list, a history of past awards): one header row, then
/// one row of data a row.
///
/// A header is recognised by its Vietnamese name, by its code (`birth_date`), by the code with spaces
/// (“birth date”) or by another English name the column gives, ignoring case, diacritics and extra
/// spaces; each half of a header written with “ / ” names its column alone too (“Họ và tên”, “Tên tập
/// thể”). Columns may come in any order; a column with any other header (“STT”, say) is ignored.
public protocol SheetColumn: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    /// The header as templates and samples write it.
    var vietnamese: String { get }
    /// A required column missing from the header stops the reading; a required cell left empty is a problem.
    var isRequired: Bool { get }
    /// English headers beside the code (“unit code” for `unit`).
    var englishHeaders: [String] { get }
}

extension SheetColumn {
    /// The code a header may carry instead of the Vietnamese name.
    public var code: String { rawValue }

    public var englishHeaders: [String] { [] }

    /// The header texts that name this column, folded as `TextFolding.fold` does.
    var foldedHeaders: [String] {
        var names = [vietnamese, code, code.replacingOccurrences(of: "_", with: " ")] + englishHeaders
        let parts = vietnamese.components(separatedBy: " / ")
        if parts.count > 1 { names += parts }
        return names.map(TextFolding.fold)
    }
}
