/// The closed sets of codes the schema's CHECK constraints allow, with the words a Vietnamese reader
/// sees for them. The codes stay what options take and what CSV and JSON carry; a test reads each
/// constraint from the database and proves the two lists agree.
public protocol ClosedSet: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    /// As a Vietnamese officer names it, e.g. “sở, ban, ngành” for `department`.
    var vietnamese: String { get }
}

extension ClosedSet {
    /// “a, b or c”: the valid codes, for help texts and refusals.
    public static var codeList: String {
        let codes = allCases.map(\.rawValue)
        guard codes.count > 1 else { return codes.joined() }
        return codes.dropLast().joined(separator: ", ") + " or " + codes.last!
    }
}

/// What a unit is in the state's hierarchy (`units.kind`).
public enum UnitKind: String, ClosedSet {
    case province, department, district, commune, enterprise, standingAgency = "standing_agency", other

    public var vietnamese: String {
        switch self {
        case .province: "cấp tỉnh"
        case .department: "sở, ban, ngành"
        case .district: "cấp huyện"
        case .commune: "cấp xã"
        case .enterprise: "doanh nghiệp"
        case .standingAgency: "cơ quan thường trực"
        case .other: "khác"
        }
    }
}

/// An emulation cluster or block (`emulation_groups.kind`).
public enum EmulationGroupKind: String, ClosedSet {
    case cluster, block

    public var vietnamese: String {
        switch self {
        case .cluster: "cụm thi đua"
        case .block: "khối thi đua"
        }
    }
}

/// What a person may do (`people.roles`).
public enum PersonRole: String, ClosedSet {
    case officer, manager, standingAgency = "standing_agency", admin

    public var vietnamese: String {
        switch self {
        case .officer: "cán bộ thi đua"
        case .manager: "lãnh đạo có thẩm quyền"
        case .standingAgency: "cơ quan thường trực"
        case .admin: "quản trị"
        }
    }
}

/// A movement's kind (`movements.kind`): regular (thường xuyên) or thematic (theo chuyên đề, đợt).
public enum MovementKind: String, ClosedSet {
    case regular, thematic

    public var vietnamese: String {
        switch self {
        case .regular: "thường xuyên"
        case .thematic: "theo chuyên đề"
        }
    }
}

/// The nominee's occupation group, which Directive 19/CT-TTg asks to count (`nominations.occupation`).
public enum Occupation: String, ClosedSet {
    case worker, farmer, directLabourer = "direct_labourer", civilServant = "civil_servant", manager, scientist, enterprise, other

    public var vietnamese: String {
        switch self {
        case .worker: "công nhân"
        case .farmer: "nông dân"
        case .directLabourer: "người lao động trực tiếp"
        case .civilServant: "cán bộ, công chức, viên chức"
        case .manager: "quản lý"
        case .scientist: "nhà khoa học"
        case .enterprise: "doanh nhân"
        case .other: "khác"
        }
    }
}

/// An individual nominee's gender (`nominations.gender`).
public enum Gender: String, ClosedSet {
    case female, male

    public var vietnamese: String {
        switch self {
        case .female: "nữ"
        case .male: "nam"
        }
    }
}

extension NomineeKind: ClosedSet {}

/// Which round a proposal (tờ trình) belongs to (`proposals.round`): the year's review, a movement's
/// sơ kết or tổng kết, or an achievement that cannot wait (đột xuất).
public enum ProposalRound: String, ClosedSet {
    case yearEnd = "year_end", preliminary, final, adHoc = "ad_hoc"

    public var vietnamese: String {
        switch self {
        case .yearEnd: "tổng kết năm"
        case .preliminary: "sơ kết phong trào"
        case .final: "tổng kết phong trào"
        case .adHoc: "đột xuất"
        }
    }

    /// A movement's sơ kết and tổng kết belong to the movement.
    public var needsMovement: Bool { self == .preliminary || self == .final }
}
