import AwardsCore
import Foundation

enum Terminal {
    static func error(_ message: String, in language: Language) {
        FileHandle.standardError.write(Data("\(language.text(vi: "lỗi", en: "error")): \(message)\n".utf8))
    }

    static func warning(_ message: String, in language: Language) {
        FileHandle.standardError.write(Data("\(language.text(vi: "cảnh báo", en: "warning")): \(message)\n".utf8))
    }

    static func note(_ message: String, in language: Language) {
        FileHandle.standardError.write(Data("\(language.text(vi: "lưu ý", en: "note")): \(message)\n".utf8))
    }
}

/// How lists are printed: a table for people, CSV for spreadsheets, JSON for programs.
enum OutputFormat: String, CaseIterable {
    case table, csv, json
}

import ArgumentParser
extension OutputFormat: ExpressibleByArgument {}

struct TableWriter {
    /// Stable English keys: CSV headers and JSON keys, which programs read.
    let headers: [String]
    /// What a person reads above a table's columns, in their language.
    let titles: [String]
    var rows: [[String]] = []

    init(_ headers: [String], vi: [String], in language: Language) {
        precondition(headers.count == vi.count, "a Vietnamese title for every column")
        self.headers = headers
        self.titles = language.text(vi: vi, en: headers)
    }

    mutating func add(_ row: [String?]) { rows.append(row.map { $0 ?? "" }) }

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .table:
            var widths = titles.map(\.count)
            for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { i, cell in
                    i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
                }.joined(separator: "  ")
            }
            var lines = [line(titles), line(widths.map { String(repeating: "-", count: $0) })]
            lines += rows.map(line)
            return lines.joined(separator: "\n")
        case .csv:
            func field(_ text: String) -> String {
                // A cell a spreadsheet would run as a formula (= + - @, or a tab or return first) is
                // neutralised with a leading apostrophe: a name like =HYPERLINK(…) stays text.
                let value = text.first.map { "=+-@\t\r".contains($0) } == true ? "'" + text : text
                return value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
            }
            // The byte-order mark makes Excel, opening the file on a double-click, read it as UTF-8:
            // without it Vietnamese came out garbled.
            return "\u{FEFF}" + ([headers] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n")
        case .json:
            let objects = rows.map { row in Dictionary(uniqueKeysWithValues: zip(headers, row)) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(objects)) ?? Data("[]".utf8), as: UTF8.self)
        }
    }
}

/// Words the CLI shows for the workflow's codes; the codes themselves stay what options take.
extension Language {
    /// A date the database hands over in ISO form, as a person reads it: dd/mm/yyyy in Vietnamese.
    /// English tables keep ISO dates, as they always have.
    func readable(isoDate: String?) -> String? {
        guard self == .vi, let isoDate, let date = LocalDate(parsing: isoDate) else { return isoDate }
        return date.vietnamese
    }

    /// A state as the user reads it: in Vietnamese its label from the workflow with the code after it,
    /// e.g. “Chờ phê duyệt (pending_approval)”; in English the code.
    func state(_ code: String, in definition: WorkflowDefinition) -> String {
        guard self == .vi, let label = definition.state(named: code)?.label else { return code }
        return "\(label) (\(code))"
    }

    /// An event as the user reads it: in Vietnamese its label (“Phê duyệt, ký quyết định”), in English its name.
    func event(_ name: String, in definition: WorkflowDefinition) -> String {
        guard self == .vi else { return name }
        return definition.events(named: name).first?.label ?? name
    }

    func stage(_ code: String) -> String {
        guard self == .vi, let stage = Stage(rawValue: code) else { return code }
        return switch stage {
        case .detection: "phát hiện"
        case .cultivation: "bồi dưỡng"
        case .summarization: "tổng kết"
        case .approval: "phê duyệt"
        case .replication: "nhân rộng"
        case .closed: "đã kết thúc"
        }
    }

    /// How far a catalogue figure was checked, as the reader says it.
    func confidence(_ confidence: SourceConfidence) -> String {
        switch confidence {
        case .official: text(vi: "đã đối chiếu văn bản", en: "checked against the text")
        case .secondary: text(vi: "nguồn thứ cấp", en: "secondary source")
        case .unconfirmed: text(vi: "chưa xác nhận", en: "unconfirmed")
        }
    }

    /// A code of a closed set as the reader reads it: “sở, ban, ngành” for `department` in Vietnamese,
    /// the code itself in English (and for a code the set does not know).
    func label<Codes: ClosedSet>(_ code: String, _ codes: Codes.Type) -> String {
        guard self == .vi, let value = Codes(rawValue: code) else { return code }
        return value.vietnamese
    }
}
