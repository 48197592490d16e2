import CLibPQ
import Foundation
import Synchronization

/// A message sent with `NOTIFY` / `pg_notify`.
public struct Notification: Sendable, Equatable {
    /// The channel it was sent on.
    public let channel: String
    /// The payload (empty when none was given).
    public let payload: String
    /// The server process of the session that sent it.
    public let processID: Int32
}

/// A dedicated connection that LISTENs on channels and waits for notifications (workers use
/// it to wake up when jobs arrive). When the connection is lost, `next(timeout:)` reconnects,
/// listens again and returns nil: notifications sent in between are lost, so a caller treats
/// nil like a timeout and checks for work anyway.
public final class Listener: Sendable {
    public let configuration: PostgresConfiguration
    private let state: Mutex<State>

    private struct State {
        var connection: Connection
        var channels: [String] = []
    }

    /// Opens the listening connection.
    public init(configuration: PostgresConfiguration) throws {
        self.configuration = configuration
        state = Mutex(State(connection: try Connection(configuration: configuration)))
    }

    /// Starts listening on `channel`.
    public func listen(_ channel: String) throws {
        try state.withLock { state in
            try state.connection.execute(unsafeSQL: "LISTEN \(quoteIdentifier(channel))")
            if !state.channels.contains(channel) { state.channels.append(channel) }
        }
    }

    /// Stops listening on `channel`.
    public func unlisten(_ channel: String) throws {
        try state.withLock { state in
            try state.connection.execute(unsafeSQL: "UNLISTEN \(quoteIdentifier(channel))")
            state.channels.removeAll { $0 == channel }
        }
    }

    /// The next notification, waiting at most `timeout`; nil on timeout or after a reconnection.
    public func next(timeout: Duration) throws -> Notification? {
        let connection = state.withLock { $0.connection }
        if connection.isBroken {
            try reconnect()
            return nil
        }
        do {
            return try connection.withHandle { handle in
                let deadline = ContinuousClock.now + timeout
                while true {
                    if let notice = PQnotifies(handle) {
                        defer { PQfreemem(notice) }
                        return Notification(
                            channel: String(cString: notice.pointee.relname),
                            payload: notice.pointee.extra.map { String(cString: $0) } ?? "",
                            processID: notice.pointee.be_pid)
                    }
                    let remaining = deadline - .now
                    if remaining <= .zero { return nil }
                    var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
                    let ready = poll(&descriptor, 1, Int32(clamping: remaining.wholeMilliseconds + 1))
                    if ready < 0 && errno != EINTR {
                        throw PostgresError.connection("waiting for notifications failed (errno \(errno))")
                    }
                    if ready > 0, PQconsumeInput(handle) == 0 || PQstatus(handle) != CONNECTION_OK {
                        throw PostgresError.connection("the listening connection was lost: \(errorMessage(handle))")
                    }
                }
            }
        } catch let error as PostgresError where error.isConnectionFailure {
            connection.markBroken()
            try reconnect()
            return nil
        }
    }

    /// Closes the connection.
    public func close() {
        state.withLock { $0.connection.close() }
    }

    private func reconnect() throws {
        try state.withLock { state in
            state.connection.close()
            state.connection = try Connection(configuration: configuration)
            for channel in state.channels {
                try state.connection.execute(unsafeSQL: "LISTEN \(quoteIdentifier(channel))")
            }
        }
    }
}

extension ConnectionPool {
    /// Sends a notification on `channel` (`pg_notify`); listeners get it at once.
    public func notify(channel: String, payload: String = "") throws {
        try query("SELECT pg_notify(\(channel), \(payload))")
    }
}

extension Transaction {
    /// Sends a notification on `channel`; it is delivered when the transaction commits.
    public func notify(channel: String, payload: String = "") throws {
        try query("SELECT pg_notify(\(channel), \(payload))")
    }
}
