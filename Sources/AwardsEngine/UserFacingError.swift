import Foundation
import Postgres

/// Turns any error into the one line a user sees: what is wrong, and what to do about it.
public enum UserFacingError {
    /// Check constraints and domains have terse names; these say what the rule is.
    static let constraintExplanations: [String: String] = [
        "code_check": "a code uses lower-case letters, digits, '.', '_' or '-', starts with a letter or digit, at most 63 characters",
        "display_name_check": "a name must be non-empty, without leading or trailing spaces, at most 300 characters",
        "people_email_check": "the e-mail address is not valid",
        "people_roles_check": "roles are officer, manager, standing_agency or admin (at least one)",
        "people_check": "a manager needs an authority level (--authority), and only managers have one",
        "units_kind_check": "unit kind is one of: province, department, district, commune, enterprise, standing_agency, other",
        "movements_kind_check": "movement kind is regular or thematic",
        "movements_check": "the end date is before the start date",
        "movements_check1": "the review date is before the start date",
        "emulation_groups_kind_check": "kind is cluster (cụm) or block (khối)",
    ]

    public static func describe(_ error: any Error) -> String {
        if let error = error as? PostgresError { return describe(error) }
        if let error = error as? any LocalizedError, let text = error.errorDescription { return text }
        return String(describing: error)
    }

    static func describe(_ error: PostgresError) -> String {
        switch error.sqlState {
        case "23505":
            return "already exists: \(error.detail ?? error.message)"
        case "23514", "23502":
            if let constraint = error.constraint, let explanation = constraintExplanations[constraint] {
                return "invalid value: \(explanation)"
            }
            return "invalid value: \(error.message)"
        case "23503":
            return error.detail.map { "refers to something that does not exist: \($0)" } ?? withHint(error)
        case "42501":
            return "not allowed: " + withHint(error)
        case "22007", "22008":
            return "invalid date: \(error.message)"
        default:
            if error.isConnectionProblem {
                return "lost the connection to PostgreSQL: \(error.message) — is the server running?"
            }
            return withHint(error)
        }
    }

    static func withHint(_ error: PostgresError) -> String {
        error.message + (error.hint.map { " — \($0)" } ?? "")
    }
}
