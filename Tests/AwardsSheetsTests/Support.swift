import AwardsCore
import Foundation
import Testing

/// The repository, its shipped catalogue, scratch folders, and Python's openpyxl as the independent tool
/// that writes sheets for the reader and reads the template back.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let catalogue: AwardCatalogue = {
        let text = (try? String(contentsOf: root.appendingPathComponent("config/awards.yaml"), encoding: .utf8)) ?? ""
        do {
            return try AwardCatalogue.load(yaml: text, file: "config/awards.yaml")
        } catch {
            preconditionFailure("config/awards.yaml does not load: \(error)")
        }
    }()

    static let sampleXLSX = root.appendingPathComponent("config/samples/de-nghi-cuoi-nam-snnptnt.xlsx")
    static let sampleCSV = root.appendingPathComponent("config/samples/de-nghi-cuoi-nam-snnptnt.csv")

    static func scratchFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("awards-sheets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The template's header row, in order.
    static let headers = ["Họ và tên / Tên tập thể", "Cá nhân / Tập thể", "Ngày sinh", "Giới tính", "Đối tượng", "Đơn vị",
                          "Danh hiệu, hình thức đề nghị", "Thành tích từ ngày", "Thành tích đến ngày", "Ghi chú"]
}

struct PythonFailure: Error, CustomStringConvertible {
    let description: String
}

enum Python {
    /// Runs Debian's python3 (the interpreter python3-openpyxl is installed for; a pyenv python3 may come
    /// first in PATH) on `script`, with `input` on its standard input; its standard output.
    static func run(_ script: String, input: Data = Data()) async throws -> String {
        let folder = try Fixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scriptFile = folder.appendingPathComponent("script.py")
        let inputFile = folder.appendingPathComponent("stdin")
        let outFile = folder.appendingPathComponent("stdout"), errFile = folder.appendingPathComponent("stderr")
        try script.write(to: scriptFile, atomically: true, encoding: .utf8)
        try input.write(to: inputFile)
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [scriptFile.path]
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        // Awaited through the termination handler: Process.waitUntilExit spins on Linux.
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let output = String(decoding: try Data(contentsOf: outFile), as: UTF8.self)
        guard status == 0 else {
            let errors = String(decoding: try Data(contentsOf: errFile), as: UTF8.self)
            throw PythonFailure(description: "python3 exited with \(status): \(errors)")
        }
        return output
    }

    /// A cell for `writeWorkbook`: text, a number, a real spreadsheet date, or nothing (no cell at all).
    enum Cell: Sendable {
        case text(String)
        case number(Double)
        case date(year: Int, month: Int, day: Int)
        case none

        var json: Any {
            switch self {
            case .text(let text): text
            case .number(let number): number
            case .date(let year, let month, let day): ["date": [year, month, day]]
            case .none: NSNull()
            }
        }
    }

    /// Writes a one-sheet workbook with openpyxl, row by row; `date1904` uses the old Mac date system.
    static func writeWorkbook(_ rows: [[Cell]], to url: URL, date1904: Bool = false, writeOnly: Bool = false) async throws {
        let spec: [String: Any] = ["path": url.path, "date1904": date1904, "write_only": writeOnly,
                                   "rows": rows.map { $0.map(\.json) }]
        let input = try JSONSerialization.data(withJSONObject: spec)
        _ = try await run(#"""
            import datetime, json, sys
            from openpyxl import Workbook
            from openpyxl.utils.datetime import CALENDAR_MAC_1904
            spec = json.load(sys.stdin)
            workbook = Workbook(write_only=spec["write_only"])
            if spec["date1904"]:
                workbook.epoch = CALENDAR_MAC_1904
            sheet = workbook.create_sheet("Danh sách") if spec["write_only"] else workbook.active
            def value(cell):
                if isinstance(cell, dict):
                    return datetime.date(*cell["date"])
                return cell
            for row in spec["rows"]:
                sheet.append([value(cell) for cell in row])
            if not spec["write_only"]:
                for row in sheet.iter_rows():
                    for cell in row:
                        if isinstance(cell.value, datetime.date):
                            cell.number_format = "DD/MM/YYYY"
            workbook.save(spec["path"])
            """#, input: input)
    }
}

extension Python.Cell: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = value.isEmpty ? .none : .text(value) }
}

/// `dd/mm/yyyy` in the tests.
func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(parsing: text) else { preconditionFailure("bad test date \(text)") }
    return date
}
