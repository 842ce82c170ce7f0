import Foundation

enum Goal: Sendable, Codable, Equatable {
    case atLeast(Double)
    case atMost(Double)
    case text(String)
    /// An absolute bound on `ours` (no baseline): met when ours < the bound.
    case below(Double, String)

    var description: String {
        switch self {
        case .atLeast(let x): "ratio ≥ \(x)"
        case .atMost(let x): "ratio ≤ \(x)"
        case .text(let text): text
        case .below(let x, let unit): "< \(x.rounded() == x ? String(Int(x)) : String(x)) \(unit)"
        }
    }

    func met(_ ratio: Double?, ours: Double? = nil) -> Bool? {
        if case .below(let x, _) = self {
            guard let ours, ours.isFinite else { return nil }
            return ours < x
        }
        guard let ratio, ratio.isFinite else { return nil }
        switch self {
        case .atLeast(let x): return ratio >= x
        case .atMost(let x): return ratio <= x
        case .text, .below: return nil
        }
    }
}

struct BenchResult: Sendable {
    var name: String
    var unit: String
    var ours: Double?
    var baseline: Double?
    var goal: Goal?
    var detail: String
    var runs: [String: [Double]] = [:]

    var ratio: Double? {
        guard let ours, let baseline, baseline > 0 else { return nil }
        return ours / baseline
    }

    static let pending = "not measured"
}

struct Report {
    let results: [BenchResult]
    let scale: Int
    let machine: MachineFacts
    let schema: String

    func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let facts: [String: Any] = [
            "cores": machine.cores, "cpu": machine.cpu, "memory_gib": machine.memoryGiB, "postgresql": machine.postgresql,
            "synchronous_commit": machine.synchronousCommit, "shared_buffers": machine.sharedBuffers, "os": machine.os,
        ]
        let objects: [[String: Any]] = results.map { result in
            var object: [String: Any] = [
                "name": result.name, "unit": result.unit,
                "ours": result.ours.map(rounded) ?? NSNull(), "baseline": result.baseline.map(rounded) ?? NSNull(),
                "ratio": result.ratio.map { rounded($0, 3) } ?? NSNull(),
                "goal": result.goal?.description ?? "none (diagnosis)",
                "goal_met": result.goal?.met(result.ratio, ours: result.ours) ?? NSNull(),
                "scale": scale, "machine": facts, "detail": result.detail, "schema": schema,
            ]
            if !result.runs.isEmpty { object["runs"] = result.runs.mapValues { $0.map { rounded($0) } } }
            return object
        }
        let json = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: url)
    }

    private func rounded(_ value: Double) -> Double { rounded(value, 2) }
    private func rounded(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }

    var table: String {
        var lines: [String] = []
        lines.append("awards benchmarks — scale \(scale) nominations; \(machine.cores) cores (\(machine.cpu)), \(machine.memoryGiB) GiB, "
                     + "PostgreSQL \(machine.postgresql), synchronous_commit=\(machine.synchronousCommit), shared_buffers=\(machine.sharedBuffers), \(machine.os)")
        lines.append("schema: \(schema)")
        lines.append("")
        let header = ["benchmark", "unit", "ours", "baseline", "ratio", "goal", "met"]
        let rows: [[String]] = results.map { result in
            let number = { (value: Double?) in value.map { $0 >= 100 ? format($0, 0) : format($0, 1) } ?? "—" }
            let met = result.goal?.met(result.ratio, ours: result.ours).map { $0 ? "yes" : "NO" } ?? (result.ours == nil ? "—" : "")
            return [result.name, result.unit, number(result.ours), number(result.baseline),
                    result.ratio.map { format($0, 2) } ?? "—", result.goal?.description ?? "(diagnosis)",
                    result.ours == nil ? BenchResult.pending : met]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: " | ") + " |"
        }
        lines.append(line(header))
        lines.append("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}
