import Foundation

/// Runs blocking work (libpq, process spawning) on a thread of its own, so that it never occupies
/// one of the few threads of Swift's cooperative pool.
public func runBlocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.stackSize = 4 << 20
        thread.start()
    }
}
