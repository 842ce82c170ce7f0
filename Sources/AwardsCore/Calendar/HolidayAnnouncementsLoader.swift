import Foundation

extension HolidayAnnouncements {
    /// Reads and validates `config/holidays.yaml`. A file with nothing but comments announces nothing.
    /// Throws every problem found, each with its line; `file` is used only to locate them in messages.
    public static func load(yaml text: String, file: String) throws(ConfigProblems) -> HolidayAnnouncements {
        try HolidayAnnouncementsLoader.load(text, file: file)
    }

    /// Every problem in the file, empty when it is valid.
    public static func problems(yaml text: String, file: String) -> [ConfigProblem] {
        HolidayAnnouncementsLoader.problems(text, file: file)
    }
}

private struct HolidayAnnouncementsLoader: ConfigFileLoader {
    var reader: ConfigReader
    /// Read before the years, whose checks need them.
    var rules: [HolidayRule] = HolidayRule.labourCode2019

    init(reader: ConfigReader) {
        self.reader = reader
    }

    mutating func load(_ text: String) -> HolidayAnnouncements? {
        guard let root = reader.parse(text, mayBeEmpty: true) else { return reader.problems.isEmpty ? HolidayAnnouncements.none : nil }
        guard let top = reader.mapping(root, "the holidays file", optional: ["years", "rules"]) else { return nil }
        rules = top["rules"].map { loadRules($0.value) } ?? HolidayRule.labourCode2019
        guard let yearsEntry = top["years"], let entries = reader.namedEntries(yearsEntry.value, "`years`") else {
            return reader.problems.isEmpty ? HolidayAnnouncements(rules: rules) : nil
        }
        var years: [HolidayAnnouncements.Year] = []
        var firstLine: [Int: Int] = [:]
        for entry in entries {
            guard let year = Int(entry.key), (1900...2199).contains(year) else {
                reader.report(entry, "`\(entry.key)` is not a year between 1900 and 2199")
                continue
            }
            if let line = firstLine[year] {
                reader.report(entry, "year \(year) is listed twice (first at line \(line))")
                continue
            }
            firstLine[year] = entry.keyLine
            if let announced = loadYear(year, entry.value) { years.append(announced) }
        }
        guard reader.problems.isEmpty else { return nil }
        return HolidayAnnouncements(years: years, rules: rules)
    }

    /// Each rule: a `name`, one of `date: 30/04`, `lunar_date: 10/03`, `tet: true` or
    /// `national_day_adjacent: true`, and optionally `from`, `to` and `basis`.
    private mutating func loadRules(_ node: ConfigNode) -> [HolidayRule] {
        guard let items = reader.sequence(node, "`rules`") else { return [] }
        if items.isEmpty { reader.report(node, "`rules` must list at least one holiday") }
        var rules: [HolidayRule] = []
        for item in items {
            let what = "a holiday rule"
            let kinds = ["date", "lunar_date", "tet", "national_day_adjacent"]
            guard let settings = reader.mapping(item, what, required: ["name"], optional: kinds + ["from", "to", "basis"]),
                  let name = settings["name"].flatMap({ reader.text($0.value, "`name` of \(what)") })
            else { continue }
            let given = kinds.filter { settings[$0] != nil }
            guard given.count == 1, let kind = given.first, let entry = settings[kind] else {
                reader.report(item, "holiday rule `\(name)` needs exactly one of: \(kinds.joined(separator: ", "))")
                continue
            }
            var day: HolidayRule.Day?
            switch kind {
            case "date", "lunar_date":
                if let text = reader.text(entry.value, "`\(kind)` of `\(name)`") {
                    let parts = text.split(separator: "/").compactMap { Int($0) }
                    if parts.count == 2, (1...31).contains(parts[0]), (1...12).contains(parts[1]) {
                        day = kind == "date" ? .fixed(month: parts[1], day: parts[0]) : .lunar(month: parts[1], day: parts[0])
                    } else {
                        reader.report(entry.value, "`\(kind)` of `\(name)` must be a day and month such as 30/04, not `\(text)`")
                    }
                }
            default:
                if reader.bool(entry.value, "`\(kind)` of `\(name)`") == true {
                    day = kind == "tet" ? .tet : .nationalDayAdjacent
                } else {
                    reader.report(entry.value, "`\(kind)` of `\(name)` can only be true")
                }
            }
            let from = settings["from"].flatMap { reader.date($0.value, "`from` of `\(name)`") }
            let to = settings["to"].flatMap { reader.date($0.value, "`to` of `\(name)`") }
            if let from, let to, to < from, let toEntry = settings["to"] {
                reader.report(toEntry.value, "`to` of `\(name)` is before its `from`")
            }
            let basis = settings["basis"].flatMap { reader.text($0.value, "`basis` of `\(name)`") }
            if let day { rules.append(HolidayRule(name: name, day: day, validFrom: from, validTo: to, basis: basis)) }
        }
        return rules
    }

    private mutating func loadYear(_ year: Int, _ node: ConfigNode) -> HolidayAnnouncements.Year? {
        let what = "year \(year)"
        guard let settings = reader.mapping(node, what,
                                            optional: ["source", "tet", "national_day_second_day", "days_off", "working_days"])
        else { return nil }
        let source = settings["source"].flatMap { reader.text($0.value, "`source` of \(what)") }

        var problemsBefore = reader.problems.count
        let tetDays = settings["tet"].flatMap { loadTet($0.value, year: year) }
        let tetReadCompletely = reader.problems.count == problemsBefore
        problemsBefore = reader.problems.count
        let secondDay = settings["national_day_second_day"].flatMap { loadNationalDaySecondDay($0.value, year: year) }
        let secondDayReadCompletely = reader.problems.count == problemsBefore

        var dateNodes: [LocalDate: ConfigNode] = [:]
        let daysOff = settings["days_off"].map {
            loadDays($0.value, "`days_off` of \(what)", kind: .announcedDayOff, year: year, dateNodes: &dateNodes)
        } ?? []
        let workingDays = settings["working_days"].map {
            loadDays($0.value, "`working_days` of \(what)", kind: .makeUpWorkingDay, year: year, dateNodes: &dateNodes)
        } ?? []

        let announced = HolidayAnnouncements.Year(year: year, tetDays: tetDays, nationalDaySecondDay: secondDay,
                                                  extraDaysOff: daysOff, makeUpWorkingDays: workingDays, source: source)
        // A statutory holiday cannot be worked: the law names it a day off.
        var statutory = Set(VietnamHolidayRules.statutoryHolidays(year: year, announced: announced, rules: rules).map(\.date))
        // Where `tet` or `national_day_second_day` failed to read, the days they fix are unknown: checking
        // against the defaults would report days the author never meant as holidays.
        if !tetReadCompletely { statutory.subtract(tetDays ?? VietnamHolidayRules.defaultTetDays(year: year)) }
        if !secondDayReadCompletely, let defaultSecondDay = LocalDate(year: year, month: 9, day: 1) {
            statutory.remove(defaultSecondDay)
        }
        for day in workingDays where statutory.contains(day.date) {
            if let node = dateNodes[day.date] {
                reader.report(node, "\(day.date.iso) is a public holiday and cannot be made a working day")
            }
        }
        return announced
    }

    private mutating func loadTet(_ node: ConfigNode, year: Int) -> [LocalDate]? {
        let what = "`tet` of year \(year)"
        guard let items = reader.sequence(node, what) else { return nil }
        if items.isEmpty { reader.report(node, "\(what) must list at least one day") }
        let newYear = LunarCalendar.newYear(year)
        var days: [LocalDate] = []
        var firstLine: [LocalDate: Int] = [:]
        for item in items {
            guard let date = reader.date(item, "a Tết day of year \(year)") else { continue }
            // Tết days sit around the lunar new year; a date far from it is a typing mistake.
            guard abs(newYear.days(until: date)) <= 10 else {
                reader.report(item, "\(date.iso) is not near Tết \(year) (mùng 1 Tết is \(newYear.iso))")
                continue
            }
            if let line = firstLine[date] {
                reader.report(item, "\(date.iso) is listed twice in \(what) (first at line \(line))")
                continue
            }
            firstLine[date] = item.line
            days.append(date)
        }
        return days.isEmpty ? nil : days.sorted()
    }

    private mutating func loadNationalDaySecondDay(_ node: ConfigNode, year: Int) -> LocalDate? {
        guard let date = reader.date(node, "`national_day_second_day` of year \(year)") else { return nil }
        guard date == LocalDate(year: year, month: 9, day: 1) || date == LocalDate(year: year, month: 9, day: 3) else {
            reader.report(node, "the day next to Quốc khánh must be 01/09/\(year) or 03/09/\(year), not \(date.vietnamese)")
            return nil
        }
        return date
    }

    /// Days off or working days, each `{date, name}`. `dateNodes` spans both lists: a day cannot be
    /// swapped both ways in one year.
    private mutating func loadDays(_ node: ConfigNode, _ what: String, kind: Holiday.Kind, year: Int,
                                   dateNodes: inout [LocalDate: ConfigNode]) -> [Holiday] {
        guard let items = reader.sequence(node, what) else { return [] }
        var holidays: [Holiday] = []
        for item in items {
            let entryWhat = "an entry of \(what)"
            guard let settings = reader.mapping(item, entryWhat, required: ["date", "name"]) else { continue }
            let name = settings["name"].flatMap { reader.text($0.value, "`name` of \(entryWhat)") }
            guard let dateNode = settings["date"]?.value, let date = reader.date(dateNode, "`date` of \(entryWhat)") else {
                continue
            }
            guard abs(date.year - year) <= 1 else {
                reader.report(dateNode, "\(date.iso) is too far from \(year) to belong to its arrangement")
                continue
            }
            if let first = dateNodes[date] {
                reader.report(dateNode, "\(date.iso) is listed twice in year \(year) (first at line \(first.line))")
                continue
            }
            dateNodes[date] = dateNode
            if let name { holidays.append(Holiday(date: date, name: name, kind: kind)) }
        }
        return holidays
    }
}
