#!/bin/sh
# Prints throughput and cost figures for the Security primitives: SHA-256 MB/s, HMAC-SHA256
# per second on short messages, and argon2id hash time with the default (OWASP) parameters.
# Compiles Sources/Security together with a small driver in release mode; no swift test.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/main.swift" <<'SWIFT'
import Foundation

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let megabytes = 256
let chunk = [UInt8](repeating: 0x61, count: 1 << 20)
var hasher = SHA256()
let bulk = seconds { for _ in 0..<megabytes { hasher.update(chunk) } }
print("SHA-256 bulk:        \(String(format: "%.0f", Double(megabytes) / bulk)) MB/s  (\(hasher.finalize().hex.prefix(8)))")

let token = Array(SHA256.hash("token").hex.utf8)
var sink: UInt8 = 0
let shortCount = 500_000
let short = seconds { for _ in 0..<shortCount { sink ^= SHA256.hash(token).bytes[0] } }
print("SHA-256 64-byte msg: \(String(format: "%.0f", Double(shortCount) / short)) hashes/s")

let key = [UInt8](repeating: 7, count: 32)
let macCount = 200_000
let mac = seconds { for _ in 0..<macCount { sink ^= HMACSHA256.authenticationCode(for: token, key: key).bytes[0] } }
print("HMAC-SHA256 64 B:    \(String(format: "%.0f", Double(macCount) / mac)) codes/s  (\(sink))")

let passwordHasher = PasswordHasher()
var encoded = ""
let rounds = 10
let hashTime = try seconds { for _ in 0..<rounds { encoded = try passwordHasher.hash(password: "a reasonably long password") } }
print("argon2id hash:       \(String(format: "%.1f", hashTime / Double(rounds) * 1000)) ms  (\(passwordHasher.parameters))")
let verifyTime = try seconds {
    for _ in 0..<rounds { _ = try passwordHasher.verify(password: "a reasonably long password", encoded: encoded) }
}
print("argon2id verify:     \(String(format: "%.1f", verifyTime / Double(rounds) * 1000)) ms")
SWIFT

# The driver joins the Security sources in one module, so it sees the same API callers do.
swiftc -O -module-name SecurityBench -I "$root/Sources/CArgon2" \
    "$root"/Sources/Security/*.swift "$work/main.swift" -o "$work/bench"
"$work/bench"
