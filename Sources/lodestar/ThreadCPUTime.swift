import Foundation

/// The CPU time the calling thread has used, for the developer benchmarks: unlike wall
/// time it leaves out waiting for a core on a busy machine.
enum ThreadCPUTime {
    static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
