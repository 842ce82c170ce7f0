import AwardsStore

/// Brings a database to the current schema, workflow definition and award catalogue.
public enum DatabaseSetup {
    public struct Report: Sendable {
        public var appliedMigrations: [String]
        public var workflowLoaded: Bool
        public var workflowVersion: String
    }

    /// The years whose working days the database can count with.
    public static let calendarYears = 2015...2045

    public static func migrate(_ session: AwardsSession) throws -> Report {
        let workflow = try ConfigFiles.workflow(session.settings)
        let applied = try session.migrator().migrate(session.connection).map(\.fileName)
        let store = WorkflowStore(session.connection)
        let loaded = try store.load(workflow.definition)
        try store.sync(workflow.catalogue)
        try CalendarStore(session.connection).sync(try ConfigFiles.workingCalendar(session.settings), years: calendarYears)
        return Report(appliedMigrations: applied, workflowLoaded: loaded, workflowVersion: workflow.definition.version)
    }
}
