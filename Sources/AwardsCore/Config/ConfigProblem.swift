/// One thing wrong with a configuration file, located precisely enough for an officer to fix it.
public struct ConfigProblem: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE: message`, the shape compilers use, so editors can jump to the line.
    public var description: String { "\(file):\(line): \(message)" }
}

/// Every problem found in a file: loading never stops at the first, so one run shows the whole repair list.
public struct ConfigProblems: Error, Sendable, CustomStringConvertible {
    public let problems: [ConfigProblem]

    public init(_ problems: [ConfigProblem]) {
        self.problems = problems.sorted { ($0.line, $0.column, $0.message) < ($1.line, $1.column, $1.message) }
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
