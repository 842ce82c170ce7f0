import AwardsCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first worksheet of an .xlsx workbook (Office Open XML, ECMA-376): the package is a zip
/// (ZIPFoundation), its parts XML (Foundation's SAX `XMLParser`, libxml2 on Linux). The worksheet is
/// parsed as a stream of rows handed to the checker one at a time; nothing keeps a tree of the sheet.
///
/// Followed as the standard says, not as one program happens to write: the workbook is found through
/// `_rels/.rels`, the first sheet of `workbook.xml` through the workbook's relationships (not assumed to
/// be `sheet1.xml`), the shared strings likewise; cells hold shared strings, inline strings (rich text
/// runs joined, phonetic runs left out), formula results, numbers, booleans and ISO dates; a cell
/// reference may skip columns (a missing cell is empty) and a row or cell without one follows the last.
/// Element names are matched without their namespace prefix, since some writers use `x:c`.
struct XLSXReader {
    /// No part of a proposal sheet comes near this; a larger one is refused rather than inflated.
    static let largestPart: UInt64 = 256 << 20

    let archive: Archive
    let displayName: String

    init(url: URL) throws(SheetFileError) {
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw SheetFileError.notAWorkbook(url.path, "not a zip package")
        }
        displayName = url.path
    }

    init(data: Data, displayName: String) throws(SheetFileError) {
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw SheetFileError.notAWorkbook(displayName, "not a zip package")
        }
        self.displayName = displayName
    }

    /// Hands every row of the first worksheet to the sink `makeSink` makes for the workbook's date
    /// system, and returns it once the sheet is read.
    func read<Sink: SheetRowSink>(makeSink: (SpreadsheetDateSystem) -> Sink) throws(SheetFileError) -> Sink {
        let packageRelationships = try relationships(of: "")
        let workbookPath = packageRelationships.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        guard let workbookXML = try part(workbookPath) else { throw failure("no workbook part \(workbookPath)") }
        let workbook = WorkbookHandler()
        try parse(workbookXML, workbookPath, with: workbook)

        let workbookRelationships = try relationships(of: workbookPath)
        let byID = Dictionary(workbookRelationships.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        guard let sheet = workbook.sheetRelationshipIDs.lazy.compactMap({ byID[$0] }).first(where: { $0.type.hasSuffix("/worksheet") })
        else { throw failure("the workbook has no worksheet") }

        var sharedStrings: [String] = []
        if let stringsPart = workbookRelationships.first(where: { $0.type.hasSuffix("/sharedStrings") }),
           let stringsXML = try part(stringsPart.target) {
            let handler = SharedStringsHandler()
            try parse(stringsXML, stringsPart.target, with: handler)
            sharedStrings = handler.strings
        }

        guard let sheetXML = try part(sheet.target) else { throw failure("no worksheet part \(sheet.target)") }
        var checker = makeSink(workbook.uses1904 ? .from1904 : .from1900)
        let handler = WorksheetHandler(sharedStrings: sharedStrings) { number, cells in checker.take(row: number, cells: cells) }
        try parse(sheetXML, sheet.target, with: handler)
        return checker
    }

    // MARK: Parts

    private func failure(_ detail: String) -> SheetFileError { .notAWorkbook(displayName, detail) }

    /// A part's bytes; nil when the package has no such part.
    private func part(_ path: String) throws(SheetFileError) -> Data? {
        // Part names are case-insensitive (ECMA-376 part 2, 9.1.1.1); zip entries are not.
        guard let entry = archive[path] ?? archive.first(where: { $0.path.lowercased() == path.lowercased() }) else { return nil }
        guard entry.type == .file else { return nil }
        guard entry.uncompressedSize <= Self.largestPart else { throw failure("the part \(path) is larger than 256 MiB") }
        var data = Data(capacity: Int(entry.uncompressedSize))
        struct TooLarge: Error {}
        do {
            _ = try archive.extract(entry) { chunk in
                // The size a zip declares is the writer's word; what inflates is counted too.
                guard UInt64(data.count + chunk.count) <= Self.largestPart else { throw TooLarge() }
                data.append(chunk)
            }
        } catch is TooLarge {
            throw failure("the part \(path) is larger than 256 MiB")
        } catch {
            throw failure("cannot unpack \(path): \(error)")
        }
        return data
    }

    struct Relationship {
        let id: String
        let type: String
        /// Resolved to a part name inside the package, without a leading slash.
        let target: String
    }

    /// The relationships of a part (`""` for the package itself), from its `_rels/NAME.rels`.
    private func relationships(of partPath: String) throws(SheetFileError) -> [Relationship] {
        let folder = partPath.split(separator: "/", omittingEmptySubsequences: true).dropLast().joined(separator: "/")
        let name = partPath.split(separator: "/").last.map(String.init) ?? ""
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
        guard let xml = try part(relsPath) else { return [] }
        let handler = RelationshipsHandler()
        try parse(xml, relsPath, with: handler)
        return handler.entries.compactMap { entry in
            if entry.external { return nil }
            return Relationship(id: entry.id, type: entry.type, target: Self.resolve(entry.target, from: folder))
        }
    }

    /// A relationship's target, relative to the source part's folder unless it starts with `/`.
    static func resolve(_ target: String, from folder: String) -> String {
        let decoded = target.removingPercentEncoding ?? target
        var components = decoded.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
        for component in decoded.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }

    private func parse(_ data: Data, _ path: String, with handler: some SAXHandler) throws(SheetFileError) {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = handler
        let finished = parser.parse()
        if let problem = handler.failure { throw failure("\(path): \(problem)") }
        if !finished && !handler.stopped {
            let reason = parser.parserError.map { String(describing: $0) } ?? "malformed XML"
            throw failure("\(path), line \(parser.lineNumber): \(reason)")
        }
    }
}

// MARK: - SAX handlers

/// A delegate that gathers one part's content; `stopped` when it ended the parse on purpose.
private protocol SAXHandler: XMLParserDelegate {
    var failure: String? { get }
    var stopped: Bool { get }
}

/// `x:c` and `c` are the same element to us; `r:id` is `id`.
private func localName(_ name: String) -> Substring {
    guard let colon = name.lastIndex(of: ":") else { return name[...] }
    return name[name.index(after: colon)...]
}

private final class RelationshipsHandler: NSObject, SAXHandler {
    var entries: [(id: String, type: String, target: String, external: Bool)] = []
    var failure: String? { nil }
    var stopped: Bool { false }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard localName(elementName) == "Relationship", let id = attributeDict["Id"], let target = attributeDict["Target"] else { return }
        entries.append((id, attributeDict["Type"] ?? "", target, attributeDict["TargetMode"] == "External"))
    }
}

private final class WorkbookHandler: NSObject, SAXHandler {
    var uses1904 = false
    /// In workbook order: the first is the first tab.
    var sheetRelationshipIDs: [String] = []
    var failure: String? { nil }
    var stopped: Bool { false }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        switch localName(elementName) {
        case "workbookPr":
            if let flag = attributeDict["date1904"] { uses1904 = flag == "1" || flag.lowercased() == "true" }
        case "sheet":
            // The relationship id is `r:id` in the relationships namespace, whatever its prefix.
            if let id = attributeDict.first(where: { $0.key.contains(":") && localName($0.key) == "id" })?.value {
                sheetRelationshipIDs.append(id)
            }
        default:
            break
        }
    }
}

/// `<sst><si><t>…</t></si><si><r><t>…</t></r><r><t>…</t></r><rPh>…</rPh></si>…</sst>`
private final class SharedStringsHandler: NSObject, SAXHandler {
    var strings: [String] = []
    private var current = ""
    private var capturing = false
    private var inPhonetic = false
    var failure: String? { nil }
    var stopped: Bool { false }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        switch localName(elementName) {
        case "si": current = ""
        case "rPh": inPhonetic = true
        case "t": capturing = !inPhonetic
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch localName(elementName) {
        case "si": strings.append(current)
        case "rPh": inPhonetic = false
        case "t": capturing = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { current += string }
    }
}

/// `<sheetData><row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2"><v>46023</v></c>…</row>…</sheetData>`
private final class WorksheetHandler: NSObject, SAXHandler {
    private let sharedStrings: [String]
    private let onRow: (Int, [SheetCell]) -> Bool
    private(set) var failure: String?
    private(set) var stopped = false

    private var rowNumber = 0
    private var cells: [SheetCell] = []
    private var column = -1
    private var cellType: String?
    private var value = ""
    private var hasValue = false
    private var capturing = false
    private var inInlineString = false
    private var inPhonetic = false

    /// The last column Excel has (XFD).
    private static let lastColumn = 16_383

    init(sharedStrings: [String], onRow: @escaping (Int, [SheetCell]) -> Bool) {
        self.sharedStrings = sharedStrings
        self.onRow = onRow
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        switch localName(elementName) {
        case "row":
            rowNumber = attributeDict["r"].flatMap { Int($0) } ?? rowNumber + 1
            cells.removeAll(keepingCapacity: true)
            column = -1
        case "c":
            column = attributeDict["r"].flatMap(Self.columnIndex(reference:)) ?? column + 1
            cellType = attributeDict["t"]
            value = ""
            hasValue = false
        case "v":
            if !inInlineString {
                capturing = true
                hasValue = true
            }
        case "is":
            inInlineString = true
            hasValue = true
        case "rPh":
            inPhonetic = true
        case "t":
            if inInlineString, !inPhonetic { capturing = true }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch localName(elementName) {
        case "v", "t":
            capturing = false
        case "rPh":
            inPhonetic = false
        case "is":
            inInlineString = false
        case "c":
            guard column <= Self.lastColumn else {
                fail(parser, "cell beyond column XFD in row \(rowNumber)")
                return
            }
            let cell = makeCell()
            if case .empty = cell { return }
            if column < cells.count {
                cells[column] = cell
            } else {
                cells.append(contentsOf: repeatElement(.empty, count: column - cells.count))
                cells.append(cell)
            }
        case "row":
            if !onRow(rowNumber, cells) {
                stopped = true
                parser.abortParsing()
            }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { value += string }
    }

    private func fail(_ parser: XMLParser, _ problem: String) {
        failure = problem
        parser.abortParsing()
    }

    private func makeCell() -> SheetCell {
        guard hasValue else { return .empty }
        switch cellType {
        case "s":
            guard let index = Int(Self.trimmed(value)), sharedStrings.indices.contains(index) else {
                failure = failure ?? "row \(rowNumber) refers to shared string \(value), which the workbook lacks"
                return .empty
            }
            return .text(sharedStrings[index])
        case "inlineStr", "str", "e", "d":
            return .text(value)
        case "b":
            let flag = Self.trimmed(value)
            return .boolean(flag == "1" || flag.lowercased() == "true")
        default:  // "n" or none: a number
            let digits = Self.trimmed(value)
            if digits.isEmpty { return .empty }
            guard let number = Double(digits) else { return .text(value) }
            return .number(number, raw: String(digits))
        }
    }

    /// Without the white space XML allows around a value.
    private static func trimmed(_ text: String) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !TextFolding.isWhiteSpace($0.value) }),
              let last = scalars.lastIndex(where: { !TextFolding.isWhiteSpace($0.value) }) else { return "" }
        return Substring(scalars[first...last])
    }

    /// `C7` → 2; `AA10` → 26; nil when the reference has no column letters.
    static func columnIndex(reference: String) -> Int? {
        var index = 0, letters = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                index = index * 26 + Int(byte - UInt8(ascii: "A")) + 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                index = index * 26 + Int(byte - UInt8(ascii: "a")) + 1
            case UInt8(ascii: "$"):
                continue
            default:
                return letters == 0 ? nil : index - 1
            }
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : index - 1
    }
}
