import AwardsCore

/// The English refusals and hints that the `awards.*` functions in `schema/` raise, each with its Vietnamese.
///
/// Migrations are checksummed, so the server's words cannot change; the client translates what it
/// receives instead. Each entry is keyed by its text exactly as the schema writes it (a doubled '' read
/// as the one quote the client sees), so `DatabaseMessageCoverageTests` can read every schema file and
/// prove that no refusal is left in English.
///
/// A translation is a template: `{1}`, `{2}`… stand for the format's arguments in their order, and the
/// arguments (codes, numbers, dates) come through as the server sent them, except the few English words
/// the schema itself passes as arguments (a `coalesce` default such as 'nothing', the action named in
/// `require_administrator('register people')`), which `words` translates.
public enum DatabaseMessages {
    /// How a text marks where its arguments go.
    enum Placeholders: Sendable {
        /// `RAISE EXCEPTION 'unit % …'`: each `%` is an argument, `%%` a percent sign.
        case raise
        /// `format('cannot %s: …')`: each `%s` (or `%I`, `%L`) is an argument, `%%` a percent sign.
        case format
        /// `HINT = '…'`: the value of a USING option is not a format, so every character is literal.
        case none
    }

    /// One text the server may send, and what a Vietnamese officer reads instead.
    struct Translation: Sendable {
        let english: String
        let placeholders: Placeholders
        let vietnamese: String
        /// English phrases the schema passes as whole arguments of this text, with their Vietnamese.
        let words: [String: String]
        /// An argument is itself a problem of awards.award_history_problems, translated as one.
        let passesHistoryProblems: Bool

        init(_ english: String, _ placeholders: Placeholders, _ vietnamese: String, words: [String: String] = [:],
             passesHistoryProblems: Bool = false) {
            self.english = english
            self.placeholders = placeholders
            self.vietnamese = vietnamese
            self.words = words
            self.passesHistoryProblems = passesHistoryProblems
        }

        /// The English text cut at its placeholders: literal runs, with an argument between each two.
        var literalRuns: [String] { Self.literalRuns(of: english, placeholders) }

        static func literalRuns(of text: String, _ placeholders: Placeholders) -> [String] {
            guard placeholders != .none else { return [text] }
            var runs = [""]
            var characters = text[...]
            while let character = characters.popFirst() {
                guard character == "%" else {
                    runs[runs.count - 1].append(character)
                    continue
                }
                switch (placeholders, characters.first) {
                case (_, "%"?):
                    characters.removeFirst()
                    runs[runs.count - 1].append("%")
                case (.format, "s"?), (.format, "I"?), (.format, "L"?):
                    characters.removeFirst()
                    runs.append("")
                case (.raise, _):
                    runs.append("")
                default:
                    runs[runs.count - 1].append(character)
                }
            }
            return runs
        }
    }

    // MARK: - The table

    /// Shared by the formats that name an obligation's unit out of scope (see `check_scope` below).
    private static let outsideTheirUnits = "đơn vị này nằm ngoài phạm vi các đơn vị của người đó"

    /// The problems awards.proposal_line_problems finds with a row, in Vietnamese.
    public static let lineProblemWords: [String: String] = [
        "unknown unit": "không có đơn vị này",
        "missing name": "thiếu họ tên hoặc tên tập thể",
        "a collective has no gender or date of birth": "tập thể không có giới tính hay ngày sinh",
        "achievement period missing or reversed": "thiếu thời gian thành tích, hoặc ngày bắt đầu sau ngày kết thúc",
        "unit outside the proposal's unit": "đơn vị không thuộc đơn vị lập tờ trình",
        "unknown award": "không có danh hiệu, hình thức khen thưởng này (hoặc không còn hiệu lực)",
        "award not for this kind of nominee": "danh hiệu, hình thức này không dành cho loại đối tượng này",
        "nominee listed twice for the award": "đối tượng đã có ở dòng trước với cùng danh hiệu",
        "nominee already in the proposal for the award": "đối tượng đã có trong tờ trình với cùng danh hiệu",
        "achievement already rewarded": "thành tích này đã được khen thưởng",
        "achievement already proposed": "thành tích này đang được đề nghị ở tờ trình khác",
    ]

    /// Nominee kinds as `array_to_string(nominees, ' or ')` lists them.
    private static let nomineeWords: [String: String] = {
        var words: [String: String] = [:]
        for kind in NomineeKind.allCases {
            words[kind.rawValue] = kind.vietnamese
            for other in NomineeKind.allCases where other != kind {
                words["\(kind.rawValue) or \(other.rawValue)"] = "\(kind.vietnamese) hoặc \(other.vietnamese)"
            }
        }
        return words
    }()

    /// The `coalesce` defaults of the refusal that an authority does not grant an award.
    private static let authorityWords = ["none": "(chưa có)",
                                         "an award not yet proposed": "(hồ sơ chưa đề nghị hình thức khen thưởng)",
                                         "nobody": "không có cấp nào"]

    /// Every `RAISE EXCEPTION '<format>'`, and every `format('<…>')` a `RAISE EXCEPTION '%'` passes on.
    static let messages: [Translation] = [
        Translation("% % may not %; allowed roles: %", .raise,
                    "{1} {2} không được thực hiện thao tác {3}; vai trò được phép: {4}",
                    words: ["role": "vai trò", "roles": "vai trò"]),
        Translation("% cannot be truncated", .raise, "không được xoá sạch bảng {1} (TRUNCATE): dữ liệu trong bảng phải được giữ lại"),
        Translation("% does not take field %; it takes: %", .raise, "thao tác {1} không có trường {2}; các trường: {3}"),
        Translation("% is append-only: rows cannot be changed or deleted", .raise,
                    "bảng {1} chỉ được ghi thêm: không được sửa hoặc xoá các dòng đã có"),
        Translation("% may not % a nomination of unit %; it is outside their units", .raise,
                    "{1} không được thực hiện thao tác {2} đối với hồ sơ của đơn vị {3}: \(outsideTheirUnits)"),
        // `check_scope` also guards obligations, passing these fixed actions where an event goes. Whole
        // messages read better than the action alone put into the nomination's sentence, and as the
        // longer match (more literal characters) they win over the format above.
        Translation("% may not add an obligation for a nomination of unit %; it is outside their units", .raise,
                    "{1} không được thêm nhiệm vụ gửi về đơn vị {2}: \(outsideTheirUnits)"),
        Translation("% may not complete an obligation of a nomination of unit %; it is outside their units", .raise,
                    "{1} không được xác nhận hoàn thành việc phải nộp của đơn vị {2}: \(outsideTheirUnits)"),
        Translation("a manager needs an authority level", .raise, "lãnh đạo có thẩm quyền (manager) phải có cấp thẩm quyền"),
        Translation("a new term of office needs its first day", .raise, "nhiệm kỳ mới phải có ngày bắt đầu"),
        Translation("a password must reach the server as a SCRAM-SHA-256 verifier, never as plain text", .raise,
                    "mật khẩu chỉ được gửi tới máy chủ dưới dạng đã băm (SCRAM-SHA-256), không bao giờ gửi nguyên văn"),
        Translation("an adopted role keeps its password; none may be given", .raise,
                    "tài khoản cơ sở dữ liệu được nhận cho người này giữ nguyên mật khẩu của nó; không được đặt mật khẩu mới"),
        Translation("an obligation needs at least one owing unit", .raise, "nhiệm vụ phải có ít nhất một đơn vị phải nộp"),
        Translation("authority level \"%\" is above the province and cannot be given to its people", .raise,
                    "cấp thẩm quyền \"{1}\" cao hơn cấp tỉnh, không thể giao cho người trong tỉnh"),
        Translation("cannot %: % is granted within the province by: %", .raise,
                    "không thể thực hiện thao tác {1}: {2} thuộc thẩm quyền khen thưởng trong tỉnh, do: {3}"),
        Translation("cannot %: % (%) is a title (danh hiệu thi đua); the simplified procedure is for forms of commendation only (Luật 06/2022/QH15, Điều 85)", .raise,
                    "không thể thực hiện thao tác {1}: {2} ({3}) là danh hiệu thi đua; thủ tục đơn giản chỉ áp dụng cho hình thức khen thưởng (Luật Thi đua, khen thưởng 06/2022/QH15, Điều 85)"),
        Translation("cannot %: a decision dated % precedes the proposal of %", .raise,
                    "không thể thực hiện thao tác {1}: quyết định ngày {2} có trước ngày hồ sơ được trình ({3})"),
        Translation("cannot %: the decision date % is in the future; the latest allowed is %", .raise,
                    "không thể thực hiện thao tác {1}: ngày quyết định {2} chưa đến; muộn nhất là ngày {3}"),
        Translation("cannot %: this nomination is now %, which is final; nothing more may happen to it", .raise,
                    "không thể thực hiện thao tác {1}: hồ sơ đang ở trạng thái {2}, trạng thái kết thúc; không thể thao tác gì thêm"),
        Translation("cannot %: this nomination is now %; from % you may: %", .raise,
                    "không thể thực hiện thao tác {1}: hồ sơ đang ở trạng thái {2}; từ trạng thái {3} chỉ có thể: {4}",
                    words: ["nothing": "không có thao tác nào"]),
        Translation("cannot %: you recorded or proposed this nomination; someone else must decide", .raise,
                    "không thể thực hiện thao tác {1}: bạn đã lập hoặc đề nghị hồ sơ này nên không được tự quyết định; việc này phải do người khác quyết định"),
        Translation("cannot %s: authority %s does not grant %s on %s; granted by: %s%s", .format,
                    "không thể thực hiện thao tác {1}: thẩm quyền {2} không được quyết định khen thưởng {3} vào ngày {4}; thẩm quyền quyết định: {5}{6}",
                    words: authorityWords),
        // The two arguments at the end meet with nothing between them, so no pattern can tell where the
        // first ends; the refusal that names the province's limit gets a whole message of its own, which
        // (having more literal characters) wins. Without the suffix the split does not matter: {5}{6} stay together.
        Translation("cannot %s: authority %s does not grant %s on %s; granted by: %s; it is beyond the province: forward it", .format,
                    "không thể thực hiện thao tác {1}: thẩm quyền {2} không được quyết định khen thưởng {3} vào ngày {4}; thẩm quyền quyết định: {5}; hình thức này vượt thẩm quyền của tỉnh: hãy trình cấp trên (forward)",
                    words: authorityWords),
        Translation("database role \"%\" already exists", .raise, "tài khoản cơ sở dữ liệu \"{1}\" đã có"),
        Translation("field % is % characters long; at most 4000 are allowed (attach a long text rather than pasting it)", .raise,
                    "trường {1} dài {2} ký tự; tối đa 4000 ký tự (hãy đính kèm văn bản dài thay vì chép vào)"),
        Translation("field % must be a date such as 2021-10-15, not %", .raise, "trường {1} phải là ngày, ví dụ 2021-10-15, không phải {2}"),
        Translation("field % must be a document number such as 123/QĐ-UBND, not %", .raise,
                    "trường {1} phải là số văn bản, ví dụ 123/QĐ-UBND, không phải {2}"),
        Translation("field % must be one of: %; not %", .raise, "trường {1} phải là một trong: {2}; không phải {3}"),
        Translation("field % must be text, not a JSON %", .raise, "trường {1} phải là văn bản, không phải giá trị JSON kiểu {2}"),
        Translation("field %: award % (%) is for % nominees, not %", .raise, "trường {1}: {2} ({3}) dành cho {4}, không dành cho {5}",
                    words: nomineeWords),
        Translation("field %: unknown award % on %; awards on that date: %", .raise,
                    "trường {1}: không có danh hiệu/hình thức khen thưởng {2} vào ngày {3}; áp dụng vào ngày đó: {4}"),
        Translation("fields must be a JSON object", .raise, "các trường phải là một đối tượng JSON"),
        Translation("history of nomination % must continue from step % (state %)", .raise,
                    "lịch sử của hồ sơ số {1} phải nối tiếp từ bước {2} (trạng thái {3})", words: ["none": "chưa có"]),
        Translation("history of nomination % is written under workflow %, not its own %", .raise,
                    "lịch sử của hồ sơ số {1} được ghi theo quy trình phiên bản {2}, không phải phiên bản {3} của hồ sơ"),
        Translation("login \"%\" has no term of office running on %", .raise,
                    "tài khoản đăng nhập \"{1}\" không có nhiệm kỳ nào còn hiệu lực vào ngày {2}"),
        Translation("login \"%\" is a privileged role and cannot be a person", .raise,
                    "tài khoản đăng nhập \"{1}\" là tài khoản có đặc quyền của cơ sở dữ liệu, không thể gán cho một người dùng"),
        Translation("login \"%\" is not a manager: only managers sign at an authority level", .raise,
                    "tài khoản đăng nhập \"{1}\" không phải lãnh đạo có thẩm quyền (manager): chỉ lãnh đạo có thẩm quyền mới ký quyết định theo cấp thẩm quyền"),
        Translation("login \"%\" is not valid", .raise, "tên tài khoản đăng nhập \"{1}\" không hợp lệ"),
        Translation("login \"%\" is reserved", .raise, "tên tài khoản đăng nhập \"{1}\" được dành riêng cho hệ thống"),
        Translation("login \"%\" was already deactivated on %", .raise, "tài khoản đăng nhập \"{1}\" đã bị vô hiệu hoá từ ngày {2}"),
        Translation("login % is not a registered person", .raise, "tài khoản đăng nhập {1} chưa được đăng ký cho người dùng nào"),
        Translation("login % no longer holds any of its roles (%)", .raise,
                    "tài khoản đăng nhập {1} không còn giữ vai trò nào trong số các vai trò đã đăng ký ({2})"),
        Translation("missing field % for %", .raise, "thiếu trường {1} để thực hiện thao tác {2}"),
        Translation("missing the reason", .raise, "thiếu lý do"),
        Translation("missing the document number", .raise, "thiếu số văn bản"),
        Translation("no person has the login \"%\"", .raise, "không có người dùng nào có tài khoản đăng nhập \"{1}\""),
        Translation("no workflow definition is loaded", .raise, "chưa nạp quy trình xử lý hồ sơ (workflow) vào cơ sở dữ liệu"),
        Translation("obligation % not found", .raise, "không tìm thấy nhiệm vụ số {1}"),
        Translation("obligation % was cancelled on %", .raise, "nhiệm vụ số {1} đã bị huỷ từ ngày {2}"),
        Translation("nomination % is in state % but its history ends in %", .raise,
                    "hồ sơ số {1} đang ở trạng thái {2} nhưng lịch sử của hồ sơ kết thúc ở trạng thái {3}", words: ["nothing": "(trống)"]),
        Translation("nomination % not found", .raise, "không tìm thấy hồ sơ số {1}"),
        Translation("only an administrator may %", .raise, "chỉ quản trị viên mới được {1}",
                    words: ["register people": "đăng ký người dùng",
                            "deactivate people": "vô hiệu hoá tài khoản người dùng",
                            "record terms of office": "ghi nhận nhiệm kỳ",
                            "edit people": "sửa thông tin người dùng",
                            "record unit successions": "ghi nhận việc sáp nhập, đổi tên đơn vị"]),
        Translation("only an administrator may register people", .raise, "chỉ quản trị viên mới được đăng ký người dùng"),
        Translation("only whoever recorded obligation % (%) or an administrator may change it", .raise,
                    "chỉ người đã ghi nhận nhiệm vụ số {1} ({2}) hoặc quản trị viên mới được thay đổi nghĩa vụ này"),
        Translation("role % may not add obligations", .raise, "vai trò {1} không được thêm nhiệm vụ"),
        Translation("the due date % is in the past", .raise, "hạn {1} đã qua"),
        Translation("the term of office overlaps another term of the same person", .raise,
                    "nhiệm kỳ này trùng thời gian với một nhiệm kỳ khác của cùng người đó"),
        Translation("the working-day calendar does not reach % working days after %", .raise,
                    "lịch ngày làm việc chưa có đủ {1} ngày làm việc sau ngày {2}"),
        Translation("the working-day calendar does not reach % working days from %", .raise,
                    "lịch ngày làm việc chưa có đủ {1} ngày làm việc tính từ ngày {2}"),
        Translation("there is no database role \"%\" to adopt", .raise, "không có tài khoản cơ sở dữ liệu \"{1}\" để nhận cho người này"),
        Translation("this nomination is now %", .raise, "hồ sơ này đã chuyển sang trạng thái {1}"),
        Translation("unit % already completed obligation %", .raise, "đơn vị {1} đã hoàn thành nhiệm vụ số {2}"),
        Translation("unit % cannot be placed under its own sub-unit", .raise, "không thể đặt đơn vị {1} trực thuộc đơn vị cấp dưới của chính nó"),
        Translation("unit % has not completed obligation %", .raise, "đơn vị {1} chưa hoàn thành nhiệm vụ số {2}"),
        Translation("unit % owes nothing under obligation %", .raise, "đơn vị {1} không có việc phải nộp theo nhiệm vụ số {2}"),
        Translation("unknown authority level \"%\"", .raise, "không có cấp thẩm quyền \"{1}\""),
        Translation("unknown event %; events: %", .raise, "không có thao tác {1}; các thao tác: {2}"),
        Translation("unknown movement \"%\"", .raise, "không có phong trào thi đua \"{1}\""),
        Translation("unknown unit \"%\"", .raise, "không có đơn vị \"{1}\""),
        Translation("unknown unit(s): %", .raise, "không có đơn vị: {1}"),
        Translation("workflow guard % is not known to the database", .raise,
                    "cơ sở dữ liệu chưa hỗ trợ điều kiện kiểm tra {1} của quy trình"),
        Translation("you cannot deactivate yourself", .raise, "bạn không thể tự vô hiệu hoá tài khoản của chính mình"),
        Translation("you cannot remove your own administrator role", .raise, "bạn không thể tự bỏ vai trò quản trị viên của chính mình"),
        Translation("you may not impose an obligation on unit(s) outside yours: %", .raise,
                    "bạn không được giao nhiệm vụ cho đơn vị ngoài phạm vi của mình: {1}"),
        // Proposals and decisions (0022).
        Translation("proposal % not found", .raise, "không tìm thấy tờ trình {1}"),
        Translation("no proposal workflow is loaded", .raise, "chưa nạp quy trình tờ trình"),
        Translation("% may not make a proposal of unit %; it is outside their units", .raise,
                    "{1} không được lập tờ trình của đơn vị {2}: \(outsideTheirUnits)"),
        Translation("lines must be a JSON array", .raise, "danh sách dòng phải là một mảng JSON"),
        Translation("proposal % is now %; lines change only while it is a draft or returned", .raise,
                    "tờ trình {1} đang ở trạng thái {2}; chỉ được thêm, bớt dòng khi tờ trình còn là dự thảo hoặc bị trả lại"),
        Translation("the nomination workflow % has no join_proposal from %", .raise,
                    "quy trình hồ sơ {1} không có thao tác join_proposal (đưa vào tờ trình) từ trạng thái {2}"),
        Translation("row %: % (%); % problems in all, nothing was added", .raise,
                    "dòng {1}: {2} ({3}); có {4} lỗi, chưa thêm dòng nào", words: lineProblemWords),
        Translation("this proposal is now %", .raise, "tờ trình này hiện đang ở trạng thái {1}"),
        Translation("unknown proposal event %; events: %", .raise, "không có thao tác {1} đối với tờ trình; các thao tác: {2}"),
        Translation("cannot %: this proposal is now %; from % you may: %", .raise,
                    "không thể thực hiện thao tác {1}: tờ trình đang ở trạng thái {2}; từ trạng thái {3} chỉ có thể: {4}",
                    words: ["nothing": "không có thao tác nào"]),
        Translation("cannot %: a proposal is decided by signing its decision", .raise,
                    "không thể thực hiện thao tác {1}: tờ trình được quyết định bằng việc ký quyết định khen thưởng"),
        Translation("% may not % proposal %: it is outside their units", .raise,
                    "{1} không được thực hiện thao tác {2} đối với tờ trình {3}: \(outsideTheirUnits)"),
        Translation("proposal number % is already used by proposal %", .raise, "số tờ trình {1} đã dùng cho tờ trình {2}"),
        Translation("cannot %: proposal % has no lines", .raise, "không thể thực hiện thao tác {1}: tờ trình {2} chưa có dòng nào"),
        Translation("proposal % has no line %", .raise, "tờ trình {1} không có dòng {2}"),
        Translation("a decision decides at least one proposal", .raise, "quyết định phải giải quyết ít nhất một tờ trình"),
        Translation("changes must be a JSON array", .raise, "các thay đổi phải là một mảng JSON"),
        Translation("cannot sign a decision on proposal %: it is now %", .raise,
                    "không thể ký quyết định cho tờ trình {1}: tờ trình đang ở trạng thái {2}"),
        Translation("% may not decide proposal %: it is addressed to unit %", .raise,
                    "{1} không được quyết định tờ trình {2}: tờ trình gửi đơn vị {3}"),
        Translation("decision number % is already in the register of % for %", .raise,
                    "số quyết định {1} đã có trong sổ đăng ký của {2} năm {3}"),
        Translation("a change names a line that is not an open line of the proposals decided: %", .raise,
                    "thay đổi nêu dòng không thuộc các tờ trình được quyết định: {1}"),
        Translation("authority % does not grant these lines on %; forward them or leave them out: %", .raise,
                    "thẩm quyền {1} không được quyết định khen thưởng các dòng sau vào ngày {2}; hãy trình cấp trên hoặc đưa ra khỏi quyết định: {3}",
                    words: ["none": "không có"]),
        Translation("the catalogue gives no reward money on % for: %", .raise,
                    "danh mục chưa có mức tiền thưởng vào ngày {1} cho: {2}"),
        Translation("these achievements are already rewarded: %", .raise, "các thành tích sau đã được khen thưởng: {1}"),
        Translation("a signed decision cannot be changed; revoke a line instead (awards decision revoke)", .raise,
                    "quyết định đã ký không được sửa; hãy thu hồi dòng cần huỷ (awards decision revoke)"),
        Translation("the decision rewards no line", .raise, "quyết định không khen thưởng dòng nào"),
        Translation("decision % not found", .raise, "không tìm thấy quyết định {1}"),
        Translation("% may not revoke decision %: it was issued by unit %", .raise,
                    "{1} không được thu hồi quyết định {2}: quyết định do đơn vị {3} ban hành"),
        Translation("decision % has no line %", .raise, "quyết định {1} không có dòng {2}"),
        Translation("line % of decision % is already revoked", .raise, "dòng {1} của quyết định {2} đã bị thu hồi"),
        Translation("a revocation dated % must fall between the decision (%) and today", .raise,
                    "quyết định thu hồi ngày {1} phải từ ngày quyết định khen thưởng ({2}) đến hôm nay"),
        Translation("the money to recover must be between 0 and the % đồng the line paid", .raise,
                    "số tiền thu hồi phải từ 0 đến {1} đồng đã chi cho dòng này"),
        Translation("cannot %: the nomination has no proposed award", .raise,
                    "không thể thực hiện thao tác {1}: hồ sơ chưa có hình thức khen thưởng được đề nghị"),
        Translation("cannot %: % is already the proposed award", .raise, "không thể thực hiện thao tác {1}: {2} đã là mức được đề nghị"),
        Translation("cannot %: no reward multiple of % or % on % to compare the two awards", .raise,
                    "không thể thực hiện thao tác {1}: chưa có hệ số tiền thưởng của {2} hoặc {3} vào ngày {4} để so sánh hai mức khen"),
        Translation("cannot %: % (multiple %) is above the proposed % (multiple %); an award may only be lowered", .raise,
                    "không thể thực hiện thao tác {1}: {2} (hệ số {3}) cao hơn mức được đề nghị {4} (hệ số {5}); chỉ được hạ mức khen"),
        // Councils and secret ballots (0025).
        Translation("% already sits on the council of % on %; end that seat first", .raise,
                    "{1} đã là thành viên Hội đồng của {2} vào ngày {3}; hãy kết thúc nhiệm kỳ đó trước"),
        Translation("% has already voted on line % of proposal %; a ballot cast cannot be withdrawn", .raise,
                    "{1} đã bỏ phiếu cho dòng {2} của tờ trình {3}; phiếu đã bỏ không thể rút lại"),
        Translation("% has no open seat on the council of % that started by %", .raise,
                    "{1} không có nhiệm kỳ nào đang mở trong Hội đồng của {2} bắt đầu trước hoặc vào ngày {3}"),
        Translation("% is absent from council meeting %, and the rule for % counts no written opinion", .raise,
                    "{1} vắng mặt tại phiên họp Hội đồng số {2}, mà quy định về {3} không tính ý kiến bằng văn bản"),
        Translation("% is not a voting member at council meeting %", .raise,
                    "{1} không phải là thành viên có quyền biểu quyết tại phiên họp Hội đồng số {2}"),
        Translation("% is recorded absent from council meeting % without a written opinion, and cannot vote", .raise,
                    "{1} được ghi vắng mặt tại phiên họp Hội đồng số {2} và không gửi ý kiến bằng văn bản, nên không được bỏ phiếu"),
        Translation("% is recused from line % of proposal % and cannot vote on it", .raise,
                    "{1} đã xin rút (không tham gia xét) dòng {2} của tờ trình {3}, nên không được bỏ phiếu cho dòng này"),
        Translation("% is the nominee of line % of proposal % and cannot vote on it", .raise,
                    "{1} là người được đề nghị ở dòng {2} của tờ trình {3}, nên không được bỏ phiếu cho dòng này"),
        Translation("% may not %: only an officer of the unit or an administrator records its council", .raise,
                    "{1} không được {2}: chỉ cán bộ thi đua của đơn vị hoặc quản trị viên mới ghi nhận Hội đồng của đơn vị",
                    words: ["record a council": "ghi nhận Hội đồng", "change a council": "thay đổi thành viên Hội đồng"]),
        Translation("% may not count the ballots of council meeting %: only its chair or its secretary", .raise,
                    "{1} không được kiểm phiếu phiên họp Hội đồng số {2}: chỉ Chủ tịch hoặc Thư ký Hội đồng"),
        Translation("% may not open a meeting of the council of %: only its chair, its secretary or an officer of the unit", .raise,
                    "{1} không được mở phiên họp Hội đồng của {2}: chỉ Chủ tịch, Thư ký Hội đồng hoặc cán bộ thi đua của đơn vị"),
        Translation("% may not recuse another member: only the member, the chair or the secretary", .raise,
                    "{1} không được ghi việc không tham gia xét thay thành viên khác: chỉ chính thành viên đó, Chủ tịch hoặc Thư ký Hội đồng"),
        Translation("a council meeting considers at least one proposal", .raise, "phiên họp Hội đồng phải xét ít nhất một tờ trình"),
        Translation("a meeting is recorded on its day or after; % is still to come", .raise,
                    "phiên họp chỉ được ghi nhận từ ngày họp trở đi; ngày {1} chưa đến"),
        Translation("a member is either absent or absent with a written opinion, not both", .raise,
                    "một thành viên hoặc vắng mặt, hoặc vắng mặt có ý kiến bằng văn bản, không thể cả hai"),
        Translation("a recusal needs its reason", .raise, "việc không tham gia xét phải ghi rõ lý do"),
        Translation("ballots must be a non-empty JSON array", .raise, "các phiếu phải là một mảng JSON không rỗng"),
        Translation("council meeting % lacks its quorum: % of % voting members are present, and % needs % %% (%)", .raise,
                    "phiên họp Hội đồng số {1} không đủ số thành viên tham dự: có mặt {2}/{3} thành viên biểu quyết, mà {4} cần {5}% ({6})"),
        Translation("council meeting % not found", .raise, "không tìm thấy phiên họp Hội đồng số {1}"),
        Translation("council meeting % was counted on %: its minutes and ballots cannot be changed", .raise,
                    "phiên họp Hội đồng số {1} đã kiểm phiếu ngày {2}: biên bản và phiếu không thể thay đổi"),
        Translation("line % of proposal % has two ballots in what you cast; give one", .raise,
                    "dòng {1} của tờ trình {2} có hai phiếu trong lần bỏ phiếu này; mỗi dòng chỉ một phiếu"),
        Translation("line % of proposal % is not before council meeting %", .raise,
                    "dòng {1} của tờ trình {2} không thuộc nội dung phiên họp Hội đồng số {3}"),
        Translation("no active person has the login \"%\"", .raise, "không có người dùng đang hoạt động nào có tài khoản đăng nhập \"{1}\""),
        Translation("not voting members of the council of % on %: %", .raise,
                    "không phải thành viên biểu quyết của Hội đồng {1} vào ngày {2}: {3}"),
        Translation("proposal % is already %", .raise, "tờ trình {1} đã ở trạng thái {2}"),
        Translation("the ballot on line % of proposal % is agree, disagree or lower, not \"%\"", .raise,
                    "phiếu cho dòng {1} của tờ trình {2} phải là đồng ý (agree), không đồng ý (disagree) hoặc mức thấp hơn (lower), không phải \"{3}\""),
        Translation("the ballot on line % of proposal % names %, which is not below % for this nominee", .raise,
                    "phiếu cho dòng {1} của tờ trình {2} ghi {3}, không thấp hơn {4} đối với người được đề nghị này"),
        Translation("the ballot on line % of proposal % names an award if and only if it is lower", .raise,
                    "phiếu cho dòng {1} của tờ trình {2} chỉ ghi danh hiệu khi chọn mức thấp hơn (lower), và khi đó phải ghi"),
        Translation("the ballot on line % of proposal % names unknown award \"%\"", .raise,
                    "phiếu cho dòng {1} của tờ trình {2} ghi danh hiệu không có trong danh mục \"{3}\""),
        Translation("the council of % does not consider proposal %: it is neither made by nor addressed to its unit", .raise,
                    "Hội đồng của {1} không xét tờ trình {2}: tờ trình không do đơn vị lập cũng không gửi đến đơn vị"),
        Translation("the council of % has no voting member on %", .raise, "Hội đồng của {1} không có thành viên biểu quyết nào vào ngày {2}"),
        Translation("the council of % was founded on %; a seat cannot start on %", .raise,
                    "Hội đồng của {1} được thành lập ngày {2}; nhiệm kỳ không thể bắt đầu ngày {3}"),
        Translation("the count is recorded in the minutes: give their number and date", .raise,
                    "kết quả kiểm phiếu được ghi trong biên bản: hãy cho biết số và ngày của biên bản"),
        // 0029: the opened ballots are checked once per statement instead of by a foreign key per row.
        Translation("a result of council meeting % names no line % of a proposal before it, or an unknown award", .raise,
                    "một kết quả của phiên họp Hội đồng số {1} không ứng với dòng {2} của tờ trình nào được đưa ra phiên họp, hoặc ghi danh hiệu không có"),
        Translation("rows of % are never deleted nor given another key: what was decided refers to them", .raise,
                    "không được xoá hoặc đổi khoá các dòng của bảng {1}: những gì đã quyết định còn dẫn chiếu đến chúng"),
        // 0035: eligibility checked again when lines are decided.
        Translation("line % of proposal % (%) does not qualify for % on %", .raise,
                    "dòng {1} của tờ trình số {2} ({3}) chưa đủ điều kiện {4} vào ngày {5}"),
        Translation("line % of proposal % (%) does not qualify for % on %, one of % lines of the decision that do not", .raise,
                    "dòng {1} của tờ trình số {2} ({3}) chưa đủ điều kiện {4} vào ngày {5} (quyết định có {6} dòng chưa đủ điều kiện)"),
        // 0034: each meeting's ballot box is emptied by its count.
        Translation("the ballot box of council meeting % is emptied only by its count", .raise,
                    "hòm phiếu của phiên họp Hội đồng số {1} chỉ được làm trống bằng việc kiểm phiếu của chính phiên họp đó"),
        Translation("the opened ballots of council meeting % are written only by its count", .raise,
                    "phiếu đã kiểm của phiên họp Hội đồng số {1} chỉ được ghi bởi việc kiểm phiếu của chính phiên họp đó"),
        Translation("these lines have not passed the council's vote their award needs: %", .raise,
                    "các dòng sau chưa được Hội đồng bỏ phiếu thông qua như danh hiệu yêu cầu: {1}"),
        Translation("unit % already has its council", .raise, "đơn vị {1} đã có Hội đồng Thi đua – Khen thưởng"),
        Translation("unit % has no council you may see", .raise, "đơn vị {1} không có Hội đồng mà bạn được xem"),
        Translation("you cannot record your own seat on the council", .raise, "bạn không thể tự ghi nhận mình là thành viên Hội đồng"),
        // The standing agency's appraisal (0026).
        Translation("% is not a specialist of the standing agency that appraises proposal %", .raise,
                    "{1} không phải chuyên viên của cơ quan thường trực thẩm định tờ trình {2}"),
        Translation("% is not the specialist assigned to appraisal %", .raise, "{1} không phải chuyên viên được giao phiếu thẩm định {2}"),
        Translation("% may not appraise proposal %: only the standing agency of the province it is addressed to", .raise,
                    "{1} không được thẩm định tờ trình {2}: chỉ cơ quan thường trực Hội đồng Thi đua – Khen thưởng của tỉnh nhận tờ trình"),
        Translation("a line is judged eligible, not_eligible or more_documents, not \"%\"", .raise,
                    "kết luận của một dòng là eligible (đủ điều kiện), not_eligible (không đủ điều kiện) hoặc more_documents (cần bổ sung hồ sơ), không phải \"{1}\""),
        Translation("a line judged % needs its reason", .raise, "dòng có kết luận {1} phải ghi rõ lý do",
                    words: ["not_eligible": "không đủ điều kiện", "more_documents": "cần bổ sung hồ sơ"]),
        Translation("appraisal % is closed (%): it cannot be changed", .raise, "phiếu thẩm định {1} đã kết thúc ({2}): không thể thay đổi",
                    words: ["returned": "đã trả lại để bổ sung", "submitted": "đã trình kết quả", "open": "đang thẩm định"]),
        Translation("appraisal % not found", .raise, "không tìm thấy phiếu thẩm định {1}"),
        Translation("lines of proposal % not yet judged: %", .raise, "các dòng của tờ trình {1} chưa có kết luận thẩm định: {2}"),
        Translation("no award of proposal % has an appraisal time in the catalogue on %; give the working days", .raise,
                    "vào ngày {2}, danh mục không quy định thời hạn thẩm định cho danh hiệu nào của tờ trình {1}; hãy cho biết số ngày làm việc"),
        Translation("proposal % has no open line %", .raise, "tờ trình {1} không có dòng {2} đang mở"),
        Translation("proposal % is %: only a submitted or received proposal is appraised", .raise,
                    "tờ trình {1} đang ở trạng thái {2}: chỉ thẩm định tờ trình đã trình hoặc đã tiếp nhận"),
        Translation("proposal % is already being appraised", .raise, "tờ trình {1} đang được thẩm định"),
        Translation("returning a proposal for more documents needs the reason", .raise, "trả lại tờ trình để bổ sung phải ghi rõ lý do"),
        Translation("the appraisal result is a document: give its number and date", .raise,
                    "kết quả thẩm định là một văn bản: hãy cho biết số và ngày của văn bản"),
        Translation("these lines have not passed the standing agency's appraisal: %", .raise,
                    "các dòng sau chưa được cơ quan thường trực thẩm định đủ điều kiện: {1}"),
        // The public posting for the people's opinion (0028).
        Translation("% may not handle the public posting of proposal %: only the standing agency of the province it is addressed to", .raise,
                    "{1} không được lấy ý kiến Nhân dân đối với tờ trình {2}: chỉ cơ quan thường trực Hội đồng Thi đua – Khen thưởng của tỉnh nhận tờ trình"),
        Translation("a finding on an objection needs its reason", .raise, "kết luận về một ý kiến phản ánh phải ghi rõ lý do"),
        Translation("a posting is recorded once the list is up: % is after today", .raise,
                    "chỉ ghi nhận việc công khai khi danh sách đã được đăng: ngày {1} là sau hôm nay", words: ["no date": "không có ngày"]),
        Translation("an objection is found upheld or unfounded, not \"%\"", .raise,
                    "kết luận về ý kiến phản ánh là upheld (có cơ sở) hoặc unfounded (không có cơ sở), không phải \"{1}\""),
        Translation("an objection is recorded with who sent it and what it says", .raise,
                    "ý kiến phản ánh phải ghi rõ người gửi và nội dung"),
        Translation("an objection to public posting % is received while the list is up, from % to %, and not after today", .raise,
                    "ý kiến phản ánh về đợt công khai {1} phải được nhận trong thời gian đăng danh sách, từ {2} đến {3}, và không sau hôm nay"),
        Translation("line % of proposal % (%) is found eligible only after its public posting for % working days has closed (%)", .raise,
                    "dòng {1} của tờ trình {2} ({3}) chỉ được kết luận đủ điều kiện sau khi đã lấy ý kiến Nhân dân đủ {4} ngày làm việc và kết thúc đợt công khai ({5})"),
        Translation("line % of proposal % cannot be found eligible: an objection to it was upheld: %", .raise,
                    "dòng {1} của tờ trình {2} không thể kết luận đủ điều kiện: có ý kiến phản ánh được kết luận là có cơ sở: {3}"),
        Translation("line % of proposal % is not on public posting %", .raise, "dòng {1} của tờ trình {2} không có trong đợt công khai {3}"),
        Translation("no line of proposal % needs a public posting on %", .raise, "vào ngày {2}, không dòng nào của tờ trình {1} cần lấy ý kiến Nhân dân"),
        Translation("objection % has already been found on", .raise, "ý kiến phản ánh {1} đã có kết luận"),
        Translation("objection % not found", .raise, "không tìm thấy ý kiến phản ánh {1}"),
        Translation("objections to public posting % not yet found on: %", .raise, "các ý kiến phản ánh về đợt công khai {1} chưa có kết luận: {2}"),
        Translation("proposal % is %: only a submitted or received proposal is posted publicly", .raise,
                    "tờ trình {1} đang ở trạng thái {2}: chỉ công khai tờ trình đã trình hoặc đã tiếp nhận"),
        Translation("proposal % is already posted publicly", .raise, "tờ trình {1} đang được công khai lấy ý kiến"),
        Translation("public posting % is closed: it cannot be changed", .raise, "đợt công khai {1} đã kết thúc: không thể thay đổi"),
        Translation("public posting % is up until %: it closes after its last day", .raise,
                    "đợt công khai {1} kéo dài đến hết ngày {2}: chỉ kết thúc sau ngày cuối cùng"),
        Translation("public posting % not found", .raise, "không tìm thấy đợt công khai {1}"),
        Translation("say where the list is posted: the portal's address or the newspaper", .raise,
                    "hãy cho biết nơi đăng danh sách: địa chỉ cổng thông tin điện tử hoặc tên báo"),
        Translation("these lines were not posted publicly for the people's opinion, and closed, before the council met: %", .raise,
                    "các dòng sau chưa được công khai lấy ý kiến Nhân dân và kết thúc đợt công khai trước ngày Hội đồng họp: {1}"),
        // Nominees, their history and eligibility (0030, 0031).
        Translation("% is already registered as nominee %", .raise, "{1} đã có trong hệ thống (người được đề nghị số {2})"),
        Translation("% may not record facts about nominee %: only an officer of a unit they belong to", .raise,
                    "{1} không được ghi nhận thông tin về người được đề nghị {2}: chỉ cán bộ thi đua của đơn vị nơi họ công tác"),
        Translation("% may not register nominees of unit %: only its officers", .raise,
                    "{1} không được ghi nhận người được đề nghị của đơn vị {2}: chỉ cán bộ thi đua của đơn vị"),
        Translation("% of % has ended: it cannot be changed", .raise, "{1} của người được đề nghị {2} đã kết thúc: không thể thay đổi",
                    words: ["nominee_units": "thời gian công tác tại đơn vị", "nominee_blocks": "việc chưa xét khen thưởng"]),
        Translation("a block is discipline_pending, disciplined, inspection, investigation or complaint, not \"%\"", .raise,
                    "lý do chưa xét khen thưởng là discipline_pending (đang xem xét kỷ luật), disciplined (bị kỷ luật), inspection (thanh tra, kiểm tra), investigation (điều tra) hoặc complaint (khiếu nại, tố cáo), không phải \"{1}\""),
        Translation("a block is recorded with the day it began and what it is", .raise, "việc chưa xét khen thưởng phải ghi ngày bắt đầu và nội dung"),
        Translation("a rating is excellent, good, completed or not_completed, not \"%\"", .raise,
                    "xếp loại là excellent (hoàn thành xuất sắc), good (hoàn thành tốt), completed (hoàn thành) hoặc not_completed (không hoàn thành nhiệm vụ), không phải \"{1}\""),
        Translation("a year is rated once it has begun, not %", .raise, "chỉ xếp loại năm đã bắt đầu, không phải {1}", words: ["no year": "không có năm"]),
        Translation("an initiative is recorded once it is recognised: give the day, not after today", .raise,
                    "sáng kiến được ghi nhận khi đã được công nhận: hãy cho biết ngày công nhận, không sau hôm nay"),
        Translation("an initiative's scope is grassroots, province or national, not \"%\"", .raise,
                    "phạm vi ảnh hưởng của sáng kiến là grassroots (cơ sở), province (bộ, ngành, tỉnh) hoặc national (toàn quốc), không phải \"{1}\""),
        Translation("block % began on %: it ends on that day or later", .raise, "việc chưa xét khen thưởng {1} bắt đầu ngày {2}: chỉ kết thúc từ ngày đó trở đi"),
        Translation("block % ended on %", .raise, "việc chưa xét khen thưởng {1} đã kết thúc ngày {2}"),
        Translation("block % not found", .raise, "không tìm thấy việc chưa xét khen thưởng {1}"),
        Translation("nominee % belongs to its unit since %: a move starts after that", .raise,
                    "người được đề nghị {1} công tác tại đơn vị hiện nay từ ngày {2}: việc chuyển đơn vị phải bắt đầu sau ngày đó"),
        Translation("nominee % is a person: only a collective has members", .raise, "người được đề nghị {1} là cá nhân: chỉ tập thể mới có số thành viên"),
        Translation("nominee % not found", .raise, "không tìm thấy người được đề nghị {1}"),
        Translation("row %: %; nothing was imported", .raise, "dòng {1}: {2}; chưa nhập dòng nào", passesHistoryProblems: true),
        Translation("the members of nominee % in % are already recorded", .raise, "số thành viên của tập thể {1} năm {2} đã được ghi nhận"),
        Translation("unknown award \"%\"", .raise, "không có danh hiệu, hình thức khen thưởng \"{1}\""),
        // Units that merge or are renamed (0033).
        Translation("a succession needs the day it takes effect", .raise, "việc sáp nhập, đổi tên đơn vị cần có ngày có hiệu lực"),
        Translation("unit % cannot succeed itself", .raise, "đơn vị {1} không thể sáp nhập vào, hay đổi tên thành, chính nó"),
        Translation("unit % was already succeeded by % from %", .raise, "đơn vị {1} đã được sáp nhập vào (hoặc đổi tên thành) {2} từ ngày {3}"),
        Translation("unit % cannot be succeeded by %: the successions of % already lead to %", .raise,
                    "đơn vị {1} không thể sáp nhập vào {2}: {3} đã (trực tiếp hoặc qua các lần sáp nhập) sáp nhập vào {4}, sẽ thành một vòng lặp"),
        Translation("unit % came into being on %: it can be succeeded only after that", .raise,
                    "đơn vị {1} được hình thành từ ngày {2}: chỉ có thể sáp nhập, đổi tên sau ngày đó"),
        Translation("unit % was itself succeeded from %: choose the unit that succeeded it", .raise,
                    "đơn vị {1} đã được sáp nhập, đổi tên từ ngày {2}: hãy chọn đơn vị kế thừa nó"),
        Translation("nominee % belongs to % on or after %: move it before recording the succession", .raise,
                    "người được đề nghị {1} thuộc đơn vị {2} vào hoặc sau ngày {3}: hãy chuyển đơn vị cho người đó trước khi ghi nhận việc sáp nhập"),
        Translation("nominee % of % and nominee % of % would be one nominee in %", .raise,
                    "người được đề nghị {1} của {2} và người được đề nghị {3} của {4} sẽ trùng nhau tại {5}"),
    ]

    /// Every `HINT = '…'`, and every `format('<…>')` a HINT is computed with.
    static let hints: [Translation] = [
        Translation("an administrator may grant a role again: GRANT awards_<role> TO %s", .format,
                    "quản trị viên có thể cấp lại vai trò: GRANT awards_<role> TO {1}"),
        Translation("tell the two apart (a name or a date of birth) before the succession", .none,
                    "hãy phân biệt hai người (tên hoặc ngày sinh) trước khi ghi nhận việc sáp nhập"),
        Translation("another administrator must do it", .none, "việc này phải do một quản trị viên khác thực hiện"),
        Translation("awards it alone grants are forwarded; give one of: %s", .format,
                    "hình thức khen thưởng chỉ cấp này có thẩm quyền quyết định thì được trình lên cấp trên; hãy chọn một trong: {1}"),
        Translation("awards person add hashes the password from AWARDS_NEW_PASSWORD on the client", .none,
                    "awards person add băm mật khẩu lấy từ AWARDS_NEW_PASSWORD ngay trên máy của bạn trước khi gửi đi"),
        Translation("choose another login, or adopt that role as this person (awards person add --adopt-existing-role); its password stays as it is", .none,
                    "hãy chọn tên đăng nhập khác, hoặc nhận tài khoản đó cho người này (awards person add --adopt-existing-role); mật khẩu của tài khoản đó giữ nguyên"),
        Translation("end the earlier term first: awards person term --help", .none,
                    "hãy kết thúc nhiệm kỳ trước đó trước: awards person term --help"),
        Translation("give --authority, e.g. commune_chair", .none, "hãy ghi --authority, ví dụ commune_chair"),
        Translation("give one of: %s", .format, "hãy chọn một trong: {1}"),
        Translation("list movements with: awards movement list", .none, "xem danh sách phong trào thi đua: awards movement list"),
        Translation("list obligations with: awards obligation list", .none, "xem danh sách nhiệm vụ: awards obligation list"),
        Translation("list people with: awards person list", .none, "xem danh sách người dùng: awards person list"),
        Translation("list the nominations you may see with: awards list", .none, "xem các hồ sơ bạn được phép xem: awards list"),
        Translation("list units with: awards unit list", .none, "xem danh sách đơn vị: awards unit list"),
        Translation("take the line out of the decision, or record what qualifies the nominee (awards eligible shows what is missing)", .none,
                    "hãy bỏ dòng này khỏi quyết định, hoặc ghi nhận những gì còn thiếu để người được đề nghị đủ điều kiện (awards eligible cho biết còn thiếu gì)"),
        Translation("take the lines out of the decision, or record what qualifies the nominees (awards eligible shows what is missing)", .none,
                    "hãy bỏ các dòng này khỏi quyết định, hoặc ghi nhận những gì còn thiếu để những người được đề nghị đủ điều kiện (awards eligible cho biết còn thiếu gì)"),
        Translation("obligations for the whole province are recorded by the standing agency", .none,
                    "nhiệm vụ áp dụng cho toàn tỉnh do cơ quan thường trực ghi nhận"),
        Translation("only an administrator may record an obligation that is already due", .none,
                    "chỉ quản trị viên mới được ghi nhận nhiệm vụ đã quá hạn"),
        Translation("register people with: awards person add", .none, "đăng ký người dùng bằng lệnh: awards person add"),
        Translation("run: awards db migrate", .none, "hãy chạy: awards db migrate"),
        Translation("the person was deactivated on %s", .format, "tài khoản của người này đã bị vô hiệu hoá từ ngày {1}"),
        Translation("unset AWARDS_NEW_PASSWORD, or change the password with ALTER ROLE … PASSWORD", .none,
                    "hãy bỏ biến môi trường AWARDS_NEW_PASSWORD, hoặc đổi mật khẩu bằng ALTER ROLE … PASSWORD"),
        Translation("use lower-case letters, digits, \"_\" or \".\"; start with a letter", .none,
                    "chỉ dùng chữ thường, chữ số, \"_\" hoặc \".\"; bắt đầu bằng một chữ cái"),
        Translation("list the proposals you may see with: awards proposal list", .none, "xem các tờ trình bạn được xem bằng lệnh: awards proposal list"),
        Translation("see every problem with: awards proposal import FILE --check", .none, "xem đủ các lỗi bằng lệnh: awards proposal import FILE --check"),
        Translation("sign it with: awards decision sign --proposal ID --number NUMBER --date DATE", .none,
                    "ký quyết định bằng lệnh: awards decision sign --proposal ID --number SỐ --date NGÀY"),
        Translation("add lines with: awards proposal import ID FILE, or awards proposal add", .none,
                    "thêm dòng bằng lệnh: awards proposal import ID TỆP, hoặc awards proposal add"),
        Translation("see its lines with: awards proposal show ID", .none, "xem các dòng bằng lệnh: awards proposal show ID"),
        Translation("add the multiple or the base salary to config/awards.yaml from the legal text", .none,
                    "hãy bổ sung hệ số hoặc mức lương cơ sở vào config/awards.yaml theo văn bản pháp luật"),
        Translation("list decisions with: awards decision list", .none, "xem các quyết định bằng lệnh: awards decision list"),
        Translation("see its lines with: awards decision show ID", .none, "xem các dòng bằng lệnh: awards decision show ID"),
        Translation("record it with: awards council create --unit CODE --name NAME --decision NUMBER --date DD/MM/YYYY", .none,
                    "ghi nhận Hội đồng bằng lệnh: awards council create --unit MÃ --name TÊN --decision SỐ --date NGÀY/THÁNG/NĂM"),
        Translation("change its membership with: awards council member add|end", .none,
                    "thay đổi thành viên bằng lệnh: awards council member add|end"),
        Translation("another officer of the unit must record it", .none, "một cán bộ thi đua khác của đơn vị phải ghi nhận việc này"),
        Translation("awards council member add --unit CODE LOGIN --position member --from DD/MM/YYYY --decision NUMBER", .none,
                    "awards council member add --unit MÃ TÀI_KHOẢN --position member --from NGÀY/THÁNG/NĂM --decision SỐ"),
        Translation("awards council member end --unit CODE LOGIN --on DD/MM/YYYY --decision NUMBER", .none,
                    "awards council member end --unit MÃ TÀI_KHOẢN --on NGÀY/THÁNG/NĂM --decision SỐ"),
        Translation("list the members with: awards council members --unit CODE", .none,
                    "xem danh sách thành viên bằng lệnh: awards council members --unit MÃ"),
        Translation("list the meetings with: awards council meetings --unit CODE", .none,
                    "xem các phiên họp bằng lệnh: awards council meetings --unit MÃ"),
        Translation("see the lines with: awards council show MEETING", .none, "xem các dòng bằng lệnh: awards council show PHIÊN_HỌP"),
        Translation("list awards with: awards catalog", .none, "xem danh mục danh hiệu bằng lệnh: awards catalog"),
        Translation("see what the council passed with: awards council show MEETING; leave those lines out, lower them to it, or hold a council meeting on them first", .none,
                    "xem kết quả Hội đồng bằng lệnh: awards council show PHIÊN_HỌP; bỏ các dòng đó ra, hạ xuống mức Hội đồng đã thông qua, hoặc họp Hội đồng xét các dòng đó trước"),
        Translation("awards appraisal assign ID LOGIN --working-days N", .none, "awards appraisal assign PHIẾU TÀI_KHOẢN --working-days SỐ_NGÀY"),
        Translation("awards appraisal assign ID LOGIN", .none, "giao chuyên viên bằng lệnh: awards appraisal assign PHIẾU TÀI_KHOẢN"),
        Translation("awards appraisal judge ID LINE eligible|not_eligible|more_documents", .none,
                    "awards appraisal judge PHIẾU DÒNG eligible|not_eligible|more_documents"),
        Translation("list them with: awards appraisal list", .none, "xem danh sách bằng lệnh: awards appraisal list"),
        Translation("see it with: awards appraisal show ID", .none, "xem bằng lệnh: awards appraisal show PHIẾU"),
        Translation("see the appraisal with: awards appraisal show ID; leave those lines out, or wait for the appraisal result", .none,
                    "xem phiếu thẩm định bằng lệnh: awards appraisal show PHIẾU; bỏ các dòng đó ra, hoặc chờ kết quả thẩm định"),
        Translation("list them with: awards posting list", .none, "xem danh sách bằng lệnh: awards posting list"),
        Translation("find nominees with: awards history NAME", .none, "tìm người được đề nghị bằng lệnh: awards history TÊN"),
        Translation("see the history with: awards history ID", .none, "xem quá trình khen thưởng bằng lệnh: awards history SỐ"),
        Translation("see it with: awards posting list --proposal ID", .none, "xem bằng lệnh: awards posting list --proposal TỜ_TRÌNH"),
        Translation("see the posted lines with: awards posting show ID", .none, "xem các dòng được công khai bằng lệnh: awards posting show ĐỢT"),
        Translation("see the objections with: awards posting show ID", .none, "xem các ý kiến phản ánh bằng lệnh: awards posting show ĐỢT"),
        Translation("awards posting find OBJECTION upheld|unfounded --reason TEXT", .none,
                    "awards posting find Ý_KIẾN upheld|unfounded --reason LÝ_DO"),
        Translation("awards posting new PROPOSAL --place WHERE --on DATE", .none,
                    "công khai bằng lệnh: awards posting new TỜ_TRÌNH --place NƠI_ĐĂNG --on NGÀY"),
        Translation("the standing agency posts them with: awards posting new PROPOSAL --place WHERE --on DATE, and closes the posting after its last day", .none,
                    "cơ quan thường trực công khai bằng lệnh: awards posting new TỜ_TRÌNH --place NƠI_ĐĂNG --on NGÀY, và kết thúc đợt công khai sau ngày cuối cùng"),
    ]

    /// The problems awards.award_history_problems finds with a row of past awards (its `problem` column,
    /// each a `format('…')` or a plain text of that function), in Vietnamese.
    static let historyProblems: [Translation] = [
        Translation("unknown unit \"%s\"", .format, "không có đơn vị \"{1}\""),
        Translation("unit %s is outside your units", .format, "đơn vị {1} nằm ngoài phạm vi các đơn vị của bạn"),
        Translation("unknown award \"%s\"", .format, "không có danh hiệu, hình thức khen thưởng \"{1}\" trong danh mục"),
        Translation("%s is not given to a %s", .format, "{1} không dành cho {2}",
                    words: Dictionary(uniqueKeysWithValues: NomineeKind.allCases.map { ($0.rawValue, $0.vietnamese) })),
        Translation("the decision of %s is dated before the year %s began", .format, "quyết định ngày {1} có trước năm thành tích {2}"),
        Translation("a revocation needs both its decision number and its date, on or after the award's", .none,
                    "việc thu hồi cần có cả số và ngày của quyết định thu hồi, không trước ngày quyết định khen thưởng"),
        Translation("decision %s of %s for %s is on row %s too", .format, "quyết định {1} khen thưởng {2} ({3}) đã có ở dòng {4}"),
        Translation("decision %s of %s for %s is already recorded", .format, "quyết định {1} khen thưởng {2} ({3}) đã được ghi nhận trước đây"),
    ]

    // MARK: - Translating

    /// The Vietnamese of a message the server sent, or nil when no text of the schema matches it.
    public static func translate(message: String) -> String? {
        translate(message, with: messagePatterns)
    }

    /// The Vietnamese of a hint the server sent, or nil when no hint of the schema matches it.
    public static func translate(hint: String) -> String? {
        translate(hint, with: hintPatterns)
    }

    /// The Vietnamese of a problem awards.award_history_problems found, or nil when none of its texts matches.
    public static func translate(historyProblem: String) -> String? {
        translate(historyProblem, with: historyProblemPatterns)
    }

    /// A translation with its anchored regular expression: each literal run escaped, each argument a lazy
    /// capture group. Where two match one message (`only an administrator may %` and `… may register
    /// people`), the one with more literal characters says more, so the list is sorted by that and the
    /// first match wins.
    struct Pattern: @unchecked Sendable {  // Regex holds no mutable state once built.
        let translation: Translation
        let regex: Regex<AnyRegexOutput>
        let literalCount: Int

        init(_ translation: Translation) {
            let runs = translation.literalRuns
            let source = runs.map(Self.escaped).joined(separator: "(.*?)")
            // Cannot throw: the source is escaped literals and fixed groups, which a test compiles for every entry.
            regex = try! Regex("^" + source + "$").dotMatchesNewlines()
            literalCount = runs.reduce(0) { $0 + $1.count }
            self.translation = translation
        }

        /// Regular-expression syntax characters preceded by a backslash; everything else is itself.
        static func escaped(_ literal: String) -> String {
            var escaped = ""
            for character in literal {
                if "\\^$.|?*+()[]{}".contains(character) { escaped.append("\\") }
                escaped.append(character)
            }
            return escaped
        }
    }

    static let messagePatterns = patterns(messages)
    static let hintPatterns = patterns(hints)
    static let historyProblemPatterns = patterns(historyProblems)

    private static func patterns(_ translations: [Translation]) -> [Pattern] {
        translations.map(Pattern.init).sorted { $0.literalCount > $1.literalCount }
    }

    private static func translate(_ text: String, with patterns: [Pattern]) -> String? {
        for pattern in patterns {
            guard let match = try? pattern.regex.wholeMatch(in: text) else { continue }
            let arguments = match.output.dropFirst().map { capture in
                let argument = capture.substring.map(String.init) ?? ""
                return pattern.translation.words[argument]
                    ?? (pattern.translation.passesHistoryProblems ? translate(argument, with: historyProblemPatterns) : nil) ?? argument
            }
            return fill(pattern.translation.vietnamese, with: arguments)
        }
        return nil
    }

    /// The template with each `{n}` replaced by the n-th argument (counting from 1).
    static func fill(_ template: String, with arguments: [String]) -> String {
        var filled = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            filled += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let number = Int(rest[afterOpen..<close]),
               arguments.indices.contains(number - 1) {
                filled += arguments[number - 1]
                rest = rest[rest.index(after: close)...]
            } else {
                filled.append("{")
                rest = rest[afterOpen...]
            }
        }
        return filled + rest
    }

    /// The argument numbers a template uses, e.g. [1, 2] for "đơn vị {1} … {2}".
    static func argumentNumbers(in template: String) -> Set<Int> {
        var numbers = Set<Int>()
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}") else { break }
            if let number = Int(rest[afterOpen..<close]) { numbers.insert(number) }
            rest = rest[rest.index(after: close)...]
        }
        return numbers
    }
}
