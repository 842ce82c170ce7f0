import Foundation

public enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension Connection {
    /// Runs `body` in a transaction and commits it; rolls back if `body` throws.
    ///
    /// A serialization failure (40001) or deadlock (40P01) — from any statement or from COMMIT itself —
    /// runs the whole body again, up to `maxAttempts` times in all, with a short randomized pause so two
    /// colliding transactions do not collide again in lockstep. `body` must therefore be safe to repeat:
    /// its only effects should be its statements.
    ///
    /// Transactions do not nest: called inside one, it refuses rather than let the inner COMMIT end the
    /// outer transaction. A COMMIT that the server turned into a ROLLBACK (the body swallowed an error
    /// and went on) is an error, not a success.
    @discardableResult
    public func transaction<T>(
        _ isolation: IsolationLevel = .readCommitted,
        maxAttempts: Int = 5,
        _ body: (Connection) throws -> T
    ) throws -> T {
        precondition(maxAttempts >= 1)
        guard !isInTransaction else {
            throw PostgresError.client("a transaction is already open on this connection: transactions do not nest")
        }
        var attempt = 1
        while true {
            do {
                try query("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
                let value: T
                do {
                    value = try body(self)
                    let commit = try query("COMMIT")
                    guard commit.commandTag == "COMMIT" else {
                        throw PostgresError.client("the transaction was rolled back, not committed: a statement in it had failed")
                    }
                } catch {
                    if isOpen { _ = try? query("ROLLBACK") }
                    throw error
                }
                return value
            } catch let error as PostgresError where error.isRetryable && attempt < maxAttempts {
                let pause = Double.random(in: 0.005...0.02) * Double(1 << min(attempt, 6))
                Thread.sleep(forTimeInterval: pause)
                attempt += 1
            }
        }
    }
}
