@testable import AwardsEngine
import Foundation
import Postgres
import Testing

/// Every refusal and hint the schema can send has a Vietnamese translation that keeps all its arguments
/// (`DatabaseMessages`), read from the migration files themselves: a new `RAISE EXCEPTION` without one
/// fails here, not in front of an officer. Needs no database.
@Suite struct DatabaseMessageCoverageTests {
    typealias Placeholders = DatabaseMessages.Placeholders

    /// A text as the client receives it, and where the schema writes it.
    struct SchemaText: Hashable, CustomStringConvertible {
        let text: String
        let placeholders: Placeholders
        let file: String
        var description: String { "\(file): '\(text)'" }
    }

    static let schemaFiles: [(name: String, sql: String)] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schema")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".sql") }.sorted().map { name in
            (name, (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "")
        }
    }()

    /// A SQL string literal's body; SQL doubles a quote inside one, the client sees it once.
    static let literal = #"'((?:[^']|'')*)'"#

    /// The first group of each match of `pattern` in `text`, with doubled quotes read as one.
    static func captures(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            String(text[Range(match.range(at: 1), in: text)!]).replacingOccurrences(of: "''", with: "'")
        }
    }

    /// `RAISE EXCEPTION '<format>'`, and the `format('<…>')` that a `RAISE EXCEPTION '%'` passes on.
    static func raisedTexts() -> [SchemaText] {
        schemaFiles.flatMap { file in
            captures(#"RAISE\s+EXCEPTION\s+"# + literal, in: file.sql).filter { $0 != "%" }
                .map { SchemaText(text: $0, placeholders: .raise, file: file.name) }
            + captures(#"RAISE\s+EXCEPTION\s+'%'\s*,\s*format\(\s*"# + literal, in: file.sql)
                .map { SchemaText(text: $0, placeholders: .format, file: file.name) }
        }
    }

    /// `HINT = '<text>'`, and each `format('<…>')` inside a HINT's expression (up to the statement's end).
    static func hintTexts() -> [SchemaText] {
        schemaFiles.flatMap { file in
            captures(#"HINT\s*=\s*"# + literal, in: file.sql)
                .map { SchemaText(text: $0, placeholders: .none, file: file.name) }
            + captures(#"HINT\s*=\s*((?:[^;']|'(?:[^']|'')*')*)"#, in: file.sql).flatMap { expression in
                captures(#"format\(\s*"# + literal, in: expression)
                    .map { SchemaText(text: $0, placeholders: .format, file: file.name) }
            }
        }
    }

    func expectTranslated(_ texts: [SchemaText], by table: [DatabaseMessages.Translation]) {
        for text in texts {
            let translation = table.first { $0.english == text.text && $0.placeholders == text.placeholders }
            #expect(translation != nil, "no Vietnamese for \(text)")
            guard let translation else { continue }
            let arguments = DatabaseMessages.Translation.literalRuns(of: text.text, text.placeholders).count - 1
            #expect(DatabaseMessages.argumentNumbers(in: translation.vietnamese) == Set((0..<arguments).map { $0 + 1 }),
                    "the Vietnamese of \(text) must use {1}…{\(arguments)}, each: \(translation.vietnamese)")
            // Two arguments with nothing between them cannot be told apart, so they must stay together.
            let runs = DatabaseMessages.Translation.literalRuns(of: text.text, text.placeholders)
            for index in runs.indices.dropFirst().dropLast() where runs[index].isEmpty {
                #expect(translation.vietnamese.contains("{\(index)}{\(index + 1)}"),
                        "\(text): arguments \(index) and \(index + 1) meet, so the Vietnamese keeps them together")
            }
        }
    }

    @Test func everyRaisedMessageHasAVietnameseTranslationWithItsArguments() {
        let texts = Self.raisedTexts()
        #expect(Set(texts.map(\.text)).count >= 60, "the extraction found the schema's messages: \(texts.count)")
        expectTranslated(texts, by: DatabaseMessages.messages)
        // A passthrough '%' is only checkable when what it passes on is a format() written beside it.
        for file in Self.schemaFiles {
            let passthroughs = Self.captures(#"RAISE\s+EXCEPTION\s+"# + Self.literal, in: file.sql).filter { $0 == "%" }
            let formats = Self.captures(#"RAISE\s+EXCEPTION\s+'%'\s*,\s*format\(\s*"# + Self.literal, in: file.sql)
            #expect(passthroughs.count == formats.count, "\(file.name): every RAISE EXCEPTION '%' passes a format('…')")
        }
    }

    @Test func everyHintHasAVietnameseTranslationWithItsArguments() {
        let texts = Self.hintTexts()
        #expect(texts.contains { $0.placeholders == .format }, "the extraction found the hints computed with format()")
        #expect(Set(texts.map(\.text)).count >= 15, "the extraction found the schema's hints: \(texts.count)")
        expectTranslated(texts, by: DatabaseMessages.hints)
    }

    /// Every problem awards.award_history_problems can name (a `format('…')` or a plain text beside the
    /// field it concerns) has its Vietnamese, and each comes back as its own; the refusal that passes one
    /// on translates it too.
    @Test func everyHistoryProblemHasAVietnameseTranslation() {
        // The function's body as written (captures() would read its doubled quotes as one already).
        let bodies = Self.schemaFiles.compactMap { file -> String? in
            guard let start = file.sql.range(of: "FUNCTION awards.award_history_problems(p_rows jsonb)"),
                  let end = file.sql.range(of: "\n$$;", range: start.upperBound..<file.sql.endIndex) else { return nil }
            return String(file.sql[start.upperBound..<end.lowerBound])
        }
        #expect(!bodies.isEmpty, "the function is found in schema/")
        let field = #"k\."row",\s*'\w+'(?:::text AS field)?,\s*"#
        let texts = bodies.flatMap { body in
            Self.captures(field + #"format\(\s*"# + Self.literal, in: body).map { SchemaText(text: $0, placeholders: .format, file: "award_history_problems") }
            + Self.captures(field + Self.literal, in: body).map { SchemaText(text: $0, placeholders: .none, file: "award_history_problems") }
        }
        #expect(Set(texts.map(\.text)).count >= 8, "the extraction found the problems: \(texts)")
        expectTranslated(texts, by: DatabaseMessages.historyProblems)
        for translation in DatabaseMessages.historyProblems {
            let runs = translation.literalRuns
            let arguments = (1..<runs.count).map { "‹\($0)›" }
            var message = runs[0]
            for (argument, run) in zip(arguments, runs.dropFirst()) { message += argument + run }
            #expect(DatabaseMessages.translate(historyProblem: message) == DatabaseMessages.fill(translation.vietnamese, with: arguments), "\(message)")
        }
        #expect(DatabaseMessages.translate(historyProblem: "CSTD_CO_SO is not given to a collective") == "CSTD_CO_SO không dành cho tập thể")
        #expect(DatabaseMessages.translate(message: "row 3: unknown award \"NOBEL\"; nothing was imported")
                == "dòng 3: không có danh hiệu, hình thức khen thưởng \"NOBEL\" trong danh mục; chưa nhập dòng nào")
    }

    /// The English actions the schema passes as an argument have their Vietnamese too.
    @Test func everyFixedActionPassedAsAnArgumentIsTranslated() {
        let sql = Self.schemaFiles.map(\.sql).joined(separator: "\n")
        let administrator = DatabaseMessages.messages.first { $0.english == "only an administrator may %" }
        for action in Set(Self.captures(#"require_administrator\(\s*"# + Self.literal, in: sql)) {
            #expect(administrator?.words[action] != nil, "require_administrator('\(action)') has no Vietnamese")
        }
        let scopes = Set(Self.captures(#"check_scope\([^,]+,\s*"# + Self.literal, in: sql))
        #expect(!scopes.isEmpty)
        for action in scopes {
            #expect(DatabaseMessages.messages.contains { $0.english == "% may not \(action) a nomination of unit %; it is outside their units" },
                    "check_scope(…, '\(action)', …) has no message of its own")
        }
    }

    /// Each format, filled with distinct arguments, comes back as its own Vietnamese with those arguments:
    /// no other entry matches it first, and the captures split where the placeholders are.
    @Test func everyEntryMatchesItsOwnMessages() {
        for (table, translate) in [(DatabaseMessages.messages, DatabaseMessages.translate(message:)),
                                   (DatabaseMessages.hints, DatabaseMessages.translate(hint:))] {
            #expect(Set(table.map(\.english)).count == table.count, "each text once")
            for translation in table {
                let runs = translation.literalRuns
                let arguments = (1..<runs.count).map { "‹\($0)›" }
                var message = runs[0]
                for (argument, run) in zip(arguments, runs.dropFirst()) { message += argument + run }
                #expect(translate(message) == DatabaseMessages.fill(translation.vietnamese, with: arguments), "\(message)")
            }
        }
    }

    @Test(arguments: [
        ("nomination 99 not found", "không tìm thấy hồ sơ số 99"),
        ("unknown unit \"xa-9\"", "không có đơn vị \"xa-9\""),
        ("cannot approve: you recorded or proposed this nomination; someone else must decide",
         "không thể thực hiện thao tác approve: bạn đã lập hoặc đề nghị hồ sơ này nên không được tự quyết định; việc này phải do người khác quyết định"),
        ("field decision_date must be a date such as 2021-10-15, not 31/02/2021",
         "trường decision_date phải là ngày, ví dụ 2021-10-15, không phải 31/02/2021"),
        ("role officer may not approve; allowed roles: manager",
         "vai trò officer không được thực hiện thao tác approve; vai trò được phép: manager"),
        ("cannot approve: this nomination is now summarized; from summarized you may: propose, amend, withdraw",
         "không thể thực hiện thao tác approve: hồ sơ đang ở trạng thái summarized; từ trạng thái summarized chỉ có thể: propose, amend, withdraw"),
        ("cannot approve: authority commune_chair does not grant bang_khen_chu_tich_ubnd_tinh on 15/10/2025; granted by: province_chair",
         "không thể thực hiện thao tác approve: thẩm quyền commune_chair không được quyết định khen thưởng bang_khen_chu_tich_ubnd_tinh vào ngày 15/10/2025; thẩm quyền quyết định: province_chair"),
        ("cannot approve: authority none does not grant huan_chuong_lao_dong_hang_ba on 15/10/2025; granted by: president; it is beyond the province: forward it",
         "không thể thực hiện thao tác approve: thẩm quyền (chưa có) không được quyết định khen thưởng huan_chuong_lao_dong_hang_ba vào ngày 15/10/2025; thẩm quyền quyết định: president; hình thức này vượt thẩm quyền của tỉnh: hãy trình cấp trên (forward)"),
        ("field award_code: award lao_dong_tien_tien (Lao động tiên tiến) is for individual nominees, not collective",
         "trường award_code: lao_dong_tien_tien (Lao động tiên tiến) dành cho cá nhân, không dành cho tập thể"),
        ("only an administrator may deactivate people", "chỉ quản trị viên mới được vô hiệu hoá tài khoản người dùng"),
        ("nguyen.van.a may not add an obligation for a nomination of unit so-tai-chinh; it is outside their units",
         "nguyen.van.a không được thêm nhiệm vụ gửi về đơn vị so-tai-chinh: đơn vị này nằm ngoài phạm vi các đơn vị của người đó"),
        ("the due date 01/03/2025 is in the past", "hạn 01/03/2025 đã qua"),
    ])
    func realMessagesReadAsVietnamese(_ english: String, _ vietnamese: String) {
        #expect(DatabaseMessages.translate(message: english) == vietnamese)
    }

    @Test func realHintsReadAsVietnamese() {
        #expect(DatabaseMessages.translate(hint: "list units with: awards unit list") == "xem danh sách đơn vị: awards unit list")
        #expect(DatabaseMessages.translate(hint: "give one of: commune_chair, province_chair") == "hãy chọn một trong: commune_chair, province_chair")
        #expect(DatabaseMessages.translate(hint: "the person was deactivated on 02/01/2026") == "tài khoản của người này đã bị vô hiệu hoá từ ngày 02/01/2026")
    }

    @Test func aMessageNoFormatMatchesHasNoTranslation() {
        #expect(DatabaseMessages.translate(message: "relation \"awards.nowhere\" does not exist") == nil)
        #expect(DatabaseMessages.translate(message: "nomination 99 not found, said the server") == nil, "anchored at both ends")
        #expect(DatabaseMessages.translate(message: "") == nil)
        #expect(DatabaseMessages.translate(hint: "try again later") == nil)
    }

    /// Vietnamese shows the translation with its hint, under the prefixes; English stays as the server wrote it.
    @Test func theUserSeesTheTranslationInVietnameseOnly() {
        let unknownUnit = PostgresError(kind: .server, message: "unknown unit \"xa-9\"", sqlState: "23503",
                                        hint: "list units with: awards unit list")
        #expect(UserFacingError.describe(unknownUnit, in: .vi) == "không có đơn vị \"xa-9\" — xem danh sách đơn vị: awards unit list")
        #expect(UserFacingError.describe(unknownUnit, in: .en) == "unknown unit \"xa-9\" — list units with: awards unit list")

        let ownProposal = PostgresError(kind: .server, message: "cannot approve: you recorded or proposed this nomination; someone else must decide",
                                        sqlState: "42501")
        #expect(UserFacingError.describe(ownProposal, in: .vi)
                == "không được phép: không thể thực hiện thao tác approve: bạn đã lập hoặc đề nghị hồ sơ này nên không được tự quyết định; việc này phải do người khác quyết định")
        #expect(UserFacingError.describe(ownProposal, in: .en)
                == "not allowed: cannot approve: you recorded or proposed this nomination; someone else must decide")

        let missingNumber = PostgresError(kind: .server, message: "missing the document number", sqlState: "23502")
        #expect(UserFacingError.describe(missingNumber, in: .vi) == "giá trị không hợp lệ: thiếu số văn bản")
        #expect(UserFacingError.describe(missingNumber, in: .en) == "invalid value: missing the document number")

        let unknownTable = PostgresError(kind: .server, message: "relation \"awards.nowhere\" does not exist", sqlState: "42P01",
                                         hint: "run: awards db migrate")
        #expect(UserFacingError.describe(unknownTable, in: .vi) == "relation \"awards.nowhere\" does not exist — hãy chạy: awards db migrate",
                "PostgreSQL's own message stays as it came; the schema's hint is translated")
    }
}

/// A login the server does not know is named as such (libpq's words on a trust or peer socket, as the
/// embedded cluster has), not blamed on the server; other reasons keep the server advice.
@Suite struct ConnectionRefusalWordingTests {
    @Test func anUnknownLoginIsSaidToBeUnknown() {
        let unknown = SessionError.cannotConnect(
            target: "no.such@/work/.awards/run:5432/awards",
            reason: #"connection to server on socket "/work/.awards/run/.s.PGSQL.5432" failed: FATAL:  role "no.such" does not exist"#,
            embedded: true)
        #expect(unknown.message(in: .en) == "there is no login no.such on the PostgreSQL server (no.such@/work/.awards/run:5432/awards); check --as (or DATABASE_USER), and list people with: awards person list")
        #expect(unknown.message(in: .vi).hasPrefix("không có tài khoản đăng nhập no.such trên máy chủ PostgreSQL"))
        let down = SessionError.cannotConnect(target: "an@/run:5432/awards", reason: "connection refused", embedded: true)
        #expect(down.message(in: .en).hasSuffix("the embedded database did not accept the connection; see its log, or run: awards db start"))
    }
}
