/// The keys a settings file may hold, checked where they are written: a typo such as `urll:` used to
/// fall back silently to the default (the embedded database, in production).
public enum SettingsKeys {
    public struct UnknownKey: Hashable, Sendable {
        public let file: String
        public let line: Int
        public let key: String
        /// The nearest known key, when one is near enough to be the one meant.
        public let suggestion: String?
    }

    /// Each unknown key of `file`, with its line and the nearest known key; a file YAML cannot read is
    /// left to the settings reader, which says why.
    public static func unknownKeys(yaml: String, file: String, known: [String]) -> [UnknownKey] {
        var reader = ConfigReader(file: file)
        guard let root = reader.parse(yaml, mayBeEmpty: true) else { return [] }
        var problems: [UnknownKey] = []
        let sections = Set(known.flatMap { key in
            let parts = key.split(separator: ".")
            return (1..<parts.count).map { parts.prefix($0).joined(separator: ".") }
        })
        func walk(_ node: ConfigNode, prefix: String) {
            guard case .mapping(let entries) = node.content else { return }
            for entry in entries {
                let key = prefix.isEmpty ? entry.key : "\(prefix).\(entry.key)"
                if known.contains(key) { continue }
                if sections.contains(key) { walk(entry.value, prefix: key); continue }
                let nearest = known.min { distance(key, $0) < distance(key, $1) }
                problems.append(UnknownKey(file: file, line: entry.keyLine, key: key,
                                           suggestion: nearest.flatMap { distance(key, $0) <= max(2, key.count / 3) ? $0 : nil }))
            }
        }
        walk(root, prefix: "")
        return problems
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
