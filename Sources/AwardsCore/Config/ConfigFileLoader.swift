/// The reader of one configuration file: it reports every problem through `reader` and builds its value
/// only from a file without any, so that a person editing the file sees all their mistakes at once.
protocol ConfigFileLoader {
    associatedtype Loaded
    var reader: ConfigReader { get set }
    init(reader: ConfigReader)
    /// The value, or nil when problems stopped it from being built.
    mutating func load(_ text: String) -> Loaded?
}

extension ConfigFileLoader {
    /// Throws every problem found, in file order. `file` is used only to locate problems in messages.
    static func load(_ text: String, file: String) throws(ConfigProblems) -> Loaded {
        var loader = Self(reader: ConfigReader(file: file))
        let loaded = loader.load(text)
        guard loader.reader.problems.isEmpty, let loaded else { throw ConfigProblems(loader.reader.problems) }
        return loaded
    }

    /// Every problem in the file; empty when it is valid.
    static func problems(_ text: String, file: String) -> [ConfigProblem] {
        do {
            _ = try load(text, file: file)
            return []
        } catch {
            return error.problems
        }
    }
}
