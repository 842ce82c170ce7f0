import AwardsCore
import Foundation
import AwardsStore
import Postgres

/// Turns any error into the one line a user sees, in their language: what is wrong, and what to do about it.
///
/// Migrations are checksummed, so the English the `awards.*` functions in `schema/` raise cannot change:
/// in Vietnamese, `DatabaseMessages` translates each of their messages and hints on the client. Messages
/// of PostgreSQL itself (a missing table, a lost connection) stay as the server wrote them.
public enum UserFacingError {
    /// Check constraints and domains have terse names; these say what the rule is (Vietnamese, English).
    static let constraintExplanations: [String: (vi: String, en: String)] = [
        "code_check": ("mã chỉ gồm chữ thường, chữ số, '.', '_' hoặc '-', bắt đầu bằng chữ hoặc số, tối đa 63 ký tự",
                       "a code uses lower-case letters, digits, '.', '_' or '-', starts with a letter or digit, at most 63 characters"),
        "display_name_check": ("tên không được để trống, không có dấu cách ở đầu hoặc cuối, tối đa 300 ký tự",
                               "a name must be non-empty, without leading or trailing spaces, at most 300 characters"),
        "people_email_check": ("địa chỉ thư điện tử không hợp lệ", "the e-mail address is not valid"),
        "people_roles_check": ("vai trò là officer, manager, standing_agency hoặc admin (ít nhất một)",
                               "roles are officer, manager, standing_agency or admin (at least one)"),
        "people_check": ("người quản lý (manager) phải có cấp thẩm quyền (--authority), và chỉ người quản lý mới có",
                         "a manager needs an authority level (--authority), and only managers have one"),
        "units_kind_check": ("loại đơn vị là một trong: province, department, district, commune, enterprise, standing_agency, other",
                             "unit kind is one of: province, department, district, commune, enterprise, standing_agency, other"),
        "movements_kind_check": ("loại phong trào thi đua là regular (thường xuyên) hoặc thematic (theo chuyên đề)",
                                 "movement kind is regular or thematic"),
        "movements_check": ("ngày kết thúc trước ngày bắt đầu", "the end date is before the start date"),
        "movements_check1": ("ngày tổng kết trước ngày bắt đầu", "the review date is before the start date"),
        "emulation_groups_kind_check": ("loại là cluster (cụm) hoặc block (khối)", "kind is cluster (cụm) or block (khối)"),
    ]

    public static func describe(_ error: any Error, in language: Language) -> String {
        if let error = error as? PostgresError { return describe(error, in: language) }
        if let error = error as? any BilingualError { return error.message(in: language) }
        if let error = error as? any LocalizedError, let text = error.errorDescription { return text }
        return String(describing: error)
    }

    static func describe(_ error: PostgresError, in language: Language) -> String {
        let say: (String, String) -> String = language.text
        let message = serverMessage(error, in: language)
        switch error.sqlState {
        case "23505":
            return say("đã có: \(error.detail ?? message)", "already exists: \(error.detail ?? error.message)")
        case "23514", "23502":
            if let constraint = error.constraint, let explanation = constraintExplanations[constraint] {
                return say("giá trị không hợp lệ: \(explanation.vi)", "invalid value: \(explanation.en)")
            }
            return say("giá trị không hợp lệ: \(message)", "invalid value: \(error.message)")
        case "23503":
            return error.detail.map { say("tham chiếu tới mục không tồn tại: \($0)", "refers to something that does not exist: \($0)") }
                ?? withHint(error, in: language)
        case "AW004":
            // DETAIL: every line that failed, with its findings (0035); the first is the one the message names.
            struct FailingLine: Decodable { let findings: [EligibilityFinding] }
            let first = error.detail.flatMap { try? JSONDecoder().decode([FailingLine].self, from: Data($0.utf8)) }?.first
            let why = first.map { EligibilityExplanation.failures($0.findings, in: language).joined(separator: "; ") } ?? ""
            let hint = error.hint.map { language == .vi ? DatabaseMessages.translate(hint: $0) ?? $0 : $0 }
            return serverMessage(error, in: language) + (why.isEmpty ? "" : ": \(why)") + (hint.map { " — \($0)" } ?? "")
        case "42501":
            return say("không được phép: ", "not allowed: ") + withHint(error, in: language)
        case "22007", "22008":
            return say("ngày không hợp lệ: \(message)", "invalid date: \(error.message)")
        default:
            if error.isConnectionProblem {
                return say("mất kết nối tới PostgreSQL: \(message) — máy chủ có đang chạy không?",
                           "lost the connection to PostgreSQL: \(error.message) — is the server running?")
            }
            return withHint(error, in: language)
        }
    }

    /// The server's message, in Vietnamese where it is one the schema raises; English as it came otherwise.
    static func serverMessage(_ error: PostgresError, in language: Language) -> String {
        language == .vi ? DatabaseMessages.translate(message: error.message) ?? error.message : error.message
    }

    static func withHint(_ error: PostgresError, in language: Language) -> String {
        let hint = error.hint.map { language == .vi ? DatabaseMessages.translate(hint: $0) ?? $0 : $0 }
        return serverMessage(error, in: language) + (hint.map { " — \($0)" } ?? "")
    }
}
