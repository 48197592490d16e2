import HTTP

extension Connection {
    /// Checked by the loop's periodic sweep: closes or answers 408 when a client is too
    /// slow. Waiting on our own work (a worker, a held 100-continue) never times out.
    func checkTimeouts(now: UInt64) {
        guard !closed else { return }
        let limits = loop.limits
        if lingering {
            if now >= lingerDeadline { close() }
            return
        }
        if !outbound.isEmpty {
            // The client is not reading what we send.
            if !socketWritable, now - lastWriteProgress > limits.idleTimeout.nanoseconds { close() }
            return
        }
        if inFlight != nil || stream != nil || !ready.isEmpty || holdingForContinue { return }
        if let request = inbound {
            if now > request.lastBodyByteAt, now - request.lastBodyByteAt > limits.bodyIdleTimeout.nanoseconds {
                timedOut(head: request.head, message: "No part of the request body arrived for \(limits.bodyIdleTimeout).")
                return
            }
            let rate = limits.minimumBodyBytesPerSecond
            let elapsed = now > request.bodyStartedAt ? now - request.bodyStartedAt : 0
            guard rate > 0, elapsed > limits.bodyRateGracePeriod.nanoseconds else { return }
            let expected = Double(rate) * Double(elapsed) / 1e9
            if Double(request.body.count) < expected {
                timedOut(head: request.head, message: "The request body arrived too slowly.")
            }
            return
        }
        if stopReading { return }
        if headStartedAt != 0 {
            if now - headStartedAt > limits.headerReadTimeout.nanoseconds {
                timedOut(head: nil, message: "The request head was not received in time.")
            }
            return
        }
        let allowed = requestsServed == 0 ? limits.headerReadTimeout : limits.idleTimeout
        if now > idleSince, now - idleSince > allowed.nanoseconds { close() }
    }

    private func timedOut(head: HTTPRequestHead?, message: String) {
        dropInbound()
        reject(head: head, status: .requestTimeout, message: message)
        flush()
    }
}
