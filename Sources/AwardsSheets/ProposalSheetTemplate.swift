import AwardsCore
import CSV
import CXLSXWriter
import Foundation

/// The blank proposal sheet an officer fills in: the header row of `ProposalColumn`, in its order.
///
/// As .xlsx (libxlsxwriter): the sheet “Danh sách đề nghị” with the header in bold, frozen, columns
/// sized for their content and the date columns formatted dd/mm/yyyy, then the sheet “Hướng dẫn” that
/// explains each column and lists what it accepts: the kinds, genders and occupations with their Vietnamese
/// labels and codes, and the catalogue's awards with their names and whom they are for.
/// As .csv: a UTF-8 byte-order mark (so that Excel reads the Vietnamese right) and the header row.
public enum ProposalSheetTemplate {
    public static let sheetName = "Danh sách đề nghị"
    public static let guideSheetName = "Hướng dẫn"

    public static func write(to url: URL, format: SheetFormat, catalogue: AwardCatalogue) throws(SheetFileError) {
        switch format {
        case .xlsx: try writeWorkbook(to: url, catalogue: catalogue)
        case .csv: try writeCSV(to: url)
        }
    }

    /// Column widths in Excel's units (characters of the default font).
    static func width(of column: ProposalColumn) -> Double {
        switch column {
        case .name: 32
        case .kind: 16
        case .birthDate, .periodFrom, .periodTo: 14
        case .gender: 10
        case .occupation: 28
        case .unit: 14
        case .award: 30
        case .note: 30
        }
    }

    // MARK: CSV

    private static func writeCSV(to url: URL) throws(SheetFileError) {
        // Written to memory, then to the file in one atomic write: OutputStream's streamError getter
        // traps on this platform when there is no error, so file streams cannot report failures well.
        let stream = OutputStream(toMemory: ())
        stream.open()
        let header: Data
        do {
            let writer = try CSVWriter(stream: stream, newline: .crlf)
            try writer.write(row: ProposalColumn.allCases.map(\.vietnamese))
            stream.close()
            guard let written = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { throw CSVError.cannotWriteStream }
            header = written
        } catch {
            throw .cannotWrite(url.path, String(describing: error))
        }
        // A byte-order mark, so that Excel reads UTF-8; CSVWriter separates rows but does not end the last.
        let bytes = Data([0xEF, 0xBB, 0xBF]) + header + Data([0x0D, 0x0A])
        do {
            try bytes.write(to: url, options: .atomic)
        } catch {
            throw .cannotWrite(url.path, error.localizedDescription)
        }
    }

    // MARK: .xlsx

    private static func writeWorkbook(to url: URL, catalogue: AwardCatalogue) throws(SheetFileError) {
        guard let workbook = workbook_new(url.path) else { throw .cannotWrite(url.path, "libxlsxwriter could not start a workbook") }
        let formats = Formats(workbook)
        if let sheet = workbook_add_worksheet(workbook, sheetName) {
            writeProposalSheet(sheet, formats)
        }
        if let guide = workbook_add_worksheet(workbook, guideSheetName) {
            writeGuide(guide, formats, catalogue: catalogue)
        }
        let status = workbook_close(workbook)  // frees the workbook, whatever it returns
        guard status == LXW_NO_ERROR else {
            throw .cannotWrite(url.path, lxw_strerror(status).map { String(cString: $0) } ?? "libxlsxwriter error \(status.rawValue)")
        }
    }

    private struct Formats {
        let header: UnsafeMutablePointer<lxw_format>
        let date: UnsafeMutablePointer<lxw_format>
        let title: UnsafeMutablePointer<lxw_format>
        let tableHeader: UnsafeMutablePointer<lxw_format>
        let wrapped: UnsafeMutablePointer<lxw_format>

        init(_ workbook: UnsafeMutablePointer<lxw_workbook>) {
            header = workbook_add_format(workbook)
            format_set_bold(header)
            format_set_text_wrap(header)
            format_set_align(header, UInt8(LXW_ALIGN_CENTER.rawValue))
            format_set_align(header, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
            format_set_bg_color(header, 0xDDEBF7)
            format_set_border(header, UInt8(LXW_BORDER_THIN.rawValue))

            date = workbook_add_format(workbook)
            format_set_num_format(date, "dd/mm/yyyy")

            title = workbook_add_format(workbook)
            format_set_bold(title)
            format_set_font_size(title, 13)

            tableHeader = workbook_add_format(workbook)
            format_set_bold(tableHeader)
            format_set_bg_color(tableHeader, 0xDDEBF7)
            format_set_border(tableHeader, UInt8(LXW_BORDER_THIN.rawValue))

            wrapped = workbook_add_format(workbook)
            format_set_text_wrap(wrapped)
            format_set_align(wrapped, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        }
    }

    private static func writeProposalSheet(_ sheet: UnsafeMutablePointer<lxw_worksheet>, _ formats: Formats) {
        for (index, column) in ProposalColumn.allCases.enumerated() {
            let col = lxw_col_t(index)
            worksheet_set_column(sheet, col, col, width(of: column), column.isDate ? formats.date : nil)
            worksheet_write_string(sheet, 0, col, column.vietnamese, formats.header)
        }
        worksheet_set_row(sheet, 0, 32, nil)
        worksheet_freeze_panes(sheet, 1, 0)
    }

    private static func writeGuide(_ sheet: UnsafeMutablePointer<lxw_worksheet>, _ formats: Formats, catalogue: AwardCatalogue) {
        worksheet_set_column(sheet, 0, 0, 34, formats.wrapped)
        worksheet_set_column(sheet, 1, 1, 30, formats.wrapped)
        worksheet_set_column(sheet, 2, 2, 12, formats.wrapped)
        worksheet_set_column(sheet, 3, 3, 70, formats.wrapped)
        var row: lxw_row_t = 0
        func line(_ values: [String], _ format: UnsafeMutablePointer<lxw_format>? = nil) {
            for (index, value) in values.enumerated() {
                worksheet_write_string(sheet, row, lxw_col_t(index), value, format)
            }
            row += 1
        }

        line(["Hướng dẫn điền danh sách đề nghị khen thưởng"], formats.title)
        // Across the four columns; a merged cell's height is not fitted to its text, so it is set.
        worksheet_merge_range(sheet, row, 0, row, 3,
                              "Mỗi dòng của trang “\(sheetName)” dưới dòng tiêu đề là một cá nhân hoặc một tập thể được đề nghị. "
                              + "Tiêu đề cột ghi bằng tiếng Việt (có dấu hay không dấu đều được) hoặc bằng mã; thứ tự các cột tùy ý; "
                              + "cột có tiêu đề khác (như STT) được bỏ qua. Ngày ghi theo dạng ngày/tháng/năm (15/10/1985) "
                              + "hoặc nhập là ngày của bảng tính.", formats.wrapped)
        worksheet_set_row(sheet, row, 48, nil)
        row += 1
        row += 1
        line(["Cột (tiêu đề)", "Mã", "Bắt buộc", "Cách ghi"], formats.tableHeader)
        for column in ProposalColumn.allCases {
            line([column.vietnamese, column.code, column.isRequired ? "Có" : "Không", column.guidance])
        }

        row += 1
        line(["Cá nhân / Tập thể", "Mã"], formats.tableHeader)
        for kind in NomineeKind.allCases { line([kind.vietnamese.capitalizedFirst, kind.rawValue]) }

        row += 1
        line(["Giới tính", "Mã"], formats.tableHeader)
        for gender in Gender.allCases { line([gender.vietnamese.capitalizedFirst, gender.rawValue]) }

        row += 1
        line(["Đối tượng", "Mã"], formats.tableHeader)
        for occupation in Occupation.allCases { line([occupation.vietnamese.capitalizedFirst, occupation.rawValue]) }

        row += 1
        line(["Danh hiệu, hình thức đề nghị (mã)", "Tên", "Dành cho", "Loại"], formats.tableHeader)
        for award in catalogue.awards {
            line([award.code, award.name, award.nominees.map(\.vietnamese).joined(separator: ", "),
                  award.category == .title ? "Danh hiệu thi đua" : "Hình thức khen thưởng"])
        }
    }
}
