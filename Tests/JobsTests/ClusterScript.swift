import Foundation
import ProcessTestSupport

/// Runs `.ci/pg` for the private cluster `cluster` and returns its standard output.
@discardableResult
func clusterScript(_ arguments: [String], cluster: String) throws -> String {
    let script = JobsDatabase.packageRoot.appendingPathComponent(".ci/pg").path
    let output = NSTemporaryDirectory() + "lodestar-pg-" + UUID().uuidString
    defer {
        try? FileManager.default.removeItem(atPath: output)
        try? FileManager.default.removeItem(atPath: output + ".err")
    }
    let status = ChildProcess.waitForExit(try ChildProcess.spawn(
        script, arguments, environment: ["LODESTAR_PG_CLUSTER": cluster], output: output, errors: output + ".err"))
    guard status == 0 else {
        let errors = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
        throw ChildProcess.Failure(description: ".ci/pg \(arguments.joined(separator: " ")) failed (wait status \(status)): \(errors)")
    }
    return ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
}
