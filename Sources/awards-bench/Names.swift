import Foundation

/// A small deterministic generator (SplitMix64), so a scale always yields the same data.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
    /// Picks by weight.
    mutating func weighted<T>(_ items: [(T, Double)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var roll = Double.random(in: 0..<total, using: &self)
        for (item, weight) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1].0
    }
}

/// Vietnamese names with realistic frequencies: family names roughly as in the population (Nguyễn about
/// 38 %), gendered middle and given names, some Ê Đê names (Đắk Lắk), and collectives as units name them.
enum VietnameseNames {
    static let families: [(String, Double)] = [
        ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4.5), ("Vũ", 3.9),
        ("Võ", 3), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5),
        ("Trương", 1), ("Đinh", 1), ("Lâm", 0.5), ("Mai", 0.5), ("Cao", 0.5), ("Hà", 0.5), ("Tạ", 0.3), ("Lương", 0.4),
    ]
    static let maleMiddle = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Công", "Quang", "Minh", "Thành", "Xuân", "Ngọc", "Đình", "Quốc", "Trọng", "Tuấn", "Anh"]
    static let femaleMiddle = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Hồng", "Phương", "Bích", "Mỹ", "Thùy", "Bảo"]
    static let maleGiven = ["An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khánh", "Khoa", "Kiên",
                            "Lâm", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng",
                            "Thành", "Thiện", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Hưng", "Tùng", "Trí", "Lực"]
    static let femaleGiven = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hương", "Huyền", "Lan", "Liên",
                              "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thơ",
                              "Trang", "Tuyết", "Vân", "Yến", "Thắm", "Duyên", "Ngọc", "Xuân"]
    static let edeMale = ["Bhin", "Đhăm", "Khu", "Mút", "Ngông", "Phôn", "Tlam", "Jơn", "Wang", "Blu", "Kô", "Suôn"]
    static let edeFemale = ["Lan", "Mai", "Hoa", "Blưm", "Nguyên", "Yim", "Dơk", "Mơ", "Hiên", "Nhi"]
    static let edeClans = ["Niê", "Êban", "Mlô", "Ktla", "Byă", "Adrơng", "Knul", "Êňuôl", "Hwing", "Kbuôr"]

    static func person(female: Bool, using random: inout SeededRandom) -> String {
        if random.chance(0.06) {
            return female ? "H' \(random.pick(edeFemale)) \(random.pick(edeClans))" : "Y \(random.pick(edeMale)) \(random.pick(edeClans))"
        }
        let family = random.weighted(families)
        let middle = random.pick(female ? femaleMiddle : maleMiddle)
        let given = random.pick(female ? femaleGiven : maleGiven)
        return random.chance(0.1) ? "\(family) \(middle) \(random.pick(female ? femaleGiven : maleGiven)) \(given)" : "\(family) \(middle) \(given)"
    }

    static let places = ["Ea Phê", "Ea Kly", "Ea Kuăng", "Hòa Đông", "Hòa Thắng", "Ea Tu", "Cư Êbur", "Ea Tân", "Ea Sô", "Ea Knốp",
                         "Cư Huê", "Ea Hồ", "Phú Xuân", "Tam Giang", "Ea Nuôl", "Ea Bar", "Cuôr Đăng", "Ea M'Droh", "Quảng Điền",
                         "Hòa Phú", "Tân Tiến", "Vụ Bổn", "Yang Mao", "Đắk Liêng", "Buôn Triết", "Krông Nô", "Ea Wer", "Ea Huar",
                         "Ea Rốk", "Ia Lốp", "Cư M'Lan", "Ea Lê", "Ea Sin", "Đliê Ya", "Ea Tóh", "Ea Đrông", "Bình Thuận",
                         "Thống Nhất", "Thành Nhất", "Tân Lợi", "Khánh Xuân", "Ea Tam", "Hòa Khánh", "Ea Ning", "Dray Bhăng",
                         "Hòa Hiệp", "Ea Ktur", "Ea Bhốk", "Cư Né", "Pơng Drang", "Ea Sar", "Cư Bao", "Ea Drơng", "Ea H'đinh"]
    static let schools = ["Nguyễn Du", "Lê Lợi", "Trần Phú", "Chu Văn An", "Lý Tự Trọng", "Võ Thị Sáu", "Nguyễn Trãi", "Hùng Vương",
                          "Phan Bội Châu", "Ngô Gia Tự", "Lê Quý Đôn", "Y Jút"]

    static func collective(place: String, using random: inout SeededRandom) -> String {
        switch random.int(0..<10) {
        case 0: "Tổ sản xuất cà phê thôn \(random.int(1..<16))"
        case 1: "Hợp tác xã nông nghiệp \(place)"
        case 2: "Trường Tiểu học \(random.pick(schools))"
        case 3: "Trường THCS \(random.pick(schools))"
        case 4: "Trạm Y tế xã \(place)"
        case 5: "Chi đoàn thanh niên buôn \(random.pick(["Ko Tam", "Kmrơng Prông", "Ea Bông", "Cuăh", "Tơng Jú", "Ky"]))"
        case 6: "Hội Liên hiệp Phụ nữ xã \(place)"
        case 7: "Công an xã \(place)"
        case 8: "Phòng \(random.pick(["Kế toán – Tài vụ", "Tổ chức – Hành chính", "Kỹ thuật", "Kế hoạch – Đầu tư", "Văn hóa – Xã hội"]))"
        default: "Đội sản xuất số \(random.int(1..<12))"
        }
    }

    static let districts = ["thành phố Buôn Ma Thuột", "thị xã Buôn Hồ", "huyện Ea H'leo", "huyện Ea Súp", "huyện Krông Năng",
                            "huyện Krông Búk", "huyện Buôn Đôn", "huyện Cư M'gar", "huyện Ea Kar", "huyện M'Đrắk",
                            "huyện Krông Pắc", "huyện Krông Bông", "huyện Krông Ana", "huyện Lắk", "huyện Cư Kuin"]
    static let departments = ["Sở Tài chính", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng",
                              "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ", "Sở Tư pháp",
                              "Thanh tra tỉnh", "Sở Dân tộc và Tôn giáo"]
    static let enterprises = ["Công ty TNHH MTV Cà phê Buôn Ma Thuột", "Công ty TNHH MTV Cao su Đắk Lắk", "Công ty Cổ phần Cấp nước Đắk Lắk"]

    static let detections = ["Mô hình tưới cà phê tiết kiệm nước", "Sáng kiến cải tiến quy trình tiếp nhận hồ sơ một cửa",
                              "Giúp 12 hộ nghèo thoát nghèo bền vững", "Năng suất lao động vượt 25% kế hoạch năm",
                              "Dũng cảm cứu người trong lũ", "Chuyển đổi số thủ tục hành chính cấp xã", "Mô hình nuôi ong lấy mật kết hợp trồng bơ",
                              "Vận động hiến đất làm đường giao thông nông thôn", "Tỷ lệ học sinh khá giỏi đạt 85%"]
    static let plans = ["Hỗ trợ vốn, tập huấn kỹ thuật", "Cử đi học lớp bồi dưỡng nghiệp vụ", "Kết nối doanh nghiệp bao tiêu sản phẩm",
                        "Giao chủ trì mô hình điểm của xã"]
    static let summaries = ["Năng suất cà phê tăng 30%, tiết kiệm 40% nước tưới", "Rút ngắn thời gian giải quyết hồ sơ từ 5 xuống 2 ngày",
                            "Thu nhập bình quân hộ tăng 45 triệu đồng/năm", "Hoàn thành xuất sắc nhiệm vụ 3 năm liên tục"]
    static let reasons = ["Chưa đủ minh chứng thành tích", "Bổ sung xác nhận của địa phương", "Chưa đủ tiêu chuẩn theo quy định",
                          "Cá nhân chuyển công tác"]
    static let replication = ["Hội nghị điển hình tiên tiến cấp huyện", "Phóng sự trên Đài Phát thanh – Truyền hình tỉnh",
                              "Nhân rộng tại 5 xã trong huyện"]
}
