import Foundation

enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("note: \(message)\n".utf8))
    }
}

/// How lists are printed: a table for people, CSV for spreadsheets, JSON for programs.
enum OutputFormat: String, CaseIterable {
    case table, csv, json
}

import ArgumentParser
extension OutputFormat: ExpressibleByArgument {}

struct TableWriter {
    let headers: [String]
    var rows: [[String]] = []

    init(_ headers: [String]) { self.headers = headers }

    mutating func add(_ row: [String?]) { rows.append(row.map { $0 ?? "" }) }

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .table:
            var widths = headers.map(\.count)
            for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { i, cell in
                    i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
                }.joined(separator: "  ")
            }
            var lines = [line(headers), line(widths.map { String(repeating: "-", count: $0) })]
            lines += rows.map(line)
            return lines.joined(separator: "\n")
        case .csv:
            func field(_ value: String) -> String {
                value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
            }
            return ([headers] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n")
        case .json:
            let objects = rows.map { row in Dictionary(uniqueKeysWithValues: zip(headers, row)) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(objects)) ?? Data("[]".utf8), as: UTF8.self)
        }
    }
}
