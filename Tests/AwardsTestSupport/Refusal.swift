import Postgres

/// The error PostgreSQL refused `work` with, or nil when it went through; any other error is thrown on.
public func refusal(_ work: () throws -> Void) throws -> PostgresError? {
    do {
        try work()
        return nil
    } catch let error as PostgresError {
        return error
    }
}
