import AwardsCore

/// The columns of a proposal sheet (danh sách đề nghị khen thưởng): one header row, then one nominee a row.
///
/// Headers are recognised as `SheetColumn` says: “HO VA TEN / TEN TAP THE”, “Họ và tên” and `name` all name
/// the first column.
///
/// | code          | Vietnamese header              | content |
/// | ---           | ---                            | --- |
/// | `name`        | Họ và tên / Tên tập thể        | required; stored in NFC, spaces trimmed and folded |
/// | `kind`        | Cá nhân / Tập thể              | required: “Cá nhân” or `individual`, “Tập thể” or `collective` |
/// | `birth_date`  | Ngày sinh                      | optional, individuals only |
/// | `gender`      | Giới tính                      | optional, individuals only: Nam, Nữ, `male`, `female` |
/// | `occupation`  | Đối tượng                      | required: an `Occupation`'s Vietnamese label or its code |
/// | `unit`        | Đơn vị                         | required: a unit code (`snnptnt`); the database checks it exists |
/// | `award`       | Danh hiệu, hình thức đề nghị   | required: an award of the catalogue, by code (or by its name), for the row's kind |
/// | `period_from` | Thành tích từ ngày             | required date |
/// | `period_to`   | Thành tích đến ngày            | required date, not before `period_from` |
/// | `note`        | Ghi chú                        | optional |
///
/// Dates are text `dd/mm/yyyy` (also `yyyy-mm-dd`) or real spreadsheet dates (numbers of days in the
/// workbook's 1900 or 1904 date system).
public enum ProposalColumn: String, SheetColumn {
    case name
    case kind
    case birthDate = "birth_date"
    case gender
    case occupation
    case unit
    case award
    case periodFrom = "period_from"
    case periodTo = "period_to"
    case note

    /// The header as the template writes it.
    public var vietnamese: String {
        switch self {
        case .name: "Họ và tên / Tên tập thể"
        case .kind: "Cá nhân / Tập thể"
        case .birthDate: "Ngày sinh"
        case .gender: "Giới tính"
        case .occupation: "Đối tượng"
        case .unit: "Đơn vị"
        case .award: "Danh hiệu, hình thức đề nghị"
        case .periodFrom: "Thành tích từ ngày"
        case .periodTo: "Thành tích đến ngày"
        case .note: "Ghi chú"
        }
    }

    public var isRequired: Bool {
        switch self {
        case .birthDate, .gender, .note: false
        default: true
        }
    }

    public var isDate: Bool {
        switch self {
        case .birthDate, .periodFrom, .periodTo: true
        default: false
        }
    }

    /// What the column holds, for the template's guide sheet (Vietnamese: officers read it).
    public var guidance: String {
        switch self {
        case .name: "Họ và tên của cá nhân hoặc tên tập thể được đề nghị."
        case .kind: "Ghi “Cá nhân” hoặc “Tập thể” (hoặc individual, collective)."
        case .birthDate: "Chỉ ghi cho cá nhân; có thể bỏ trống. Định dạng ngày/tháng/năm, ví dụ 15/10/1985."
        case .gender: "Chỉ ghi cho cá nhân; có thể bỏ trống. Ghi “Nam” hoặc “Nữ” (hoặc male, female)."
        case .occupation: "Một trong các đối tượng ở bảng dưới (ghi tên tiếng Việt hoặc mã)."
        case .unit: "Mã đơn vị đề nghị, ví dụ snnptnt; đơn vị phải có trong hệ thống."
        case .award: "Mã (hoặc tên) của danh hiệu, hình thức khen thưởng ở bảng dưới; phải dành cho cá nhân hay tập thể như cột “Cá nhân / Tập thể”."
        case .periodFrom: "Ngày bắt đầu của thời gian lập thành tích, ngày/tháng/năm, ví dụ 01/01/2026."
        case .periodTo: "Ngày kết thúc của thời gian lập thành tích, không trước ngày bắt đầu, ví dụ 31/12/2026."
        case .note: "Có thể bỏ trống."
        }
    }
}
