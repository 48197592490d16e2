# Shared by the benchmark scripts (source it after `cd` to the repository root).

# Sets `lodestar` to the binary to measure: $LODESTAR_BIN when set, else a release build.
lodestar_binary() {
    if [ -n "${LODESTAR_BIN:-}" ]; then
        lodestar=$LODESTAR_BIN
    else
        echo "== building lodestar (release)" >&2
        swift build -c release --product lodestar >/dev/null
        lodestar="$(swift build -c release --show-bin-path)/lodestar"
    fi
}

# Prints a TCP port on 127.0.0.1 that nobody listens on (a connection attempt fails).
free_port() {
    local port
    while true; do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# Waits up to 10 s for something to listen on 127.0.0.1:$1; fails with a message otherwise.
wait_for_port() {
    local port=$1
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "Nothing answered on port $port." >&2
    return 1
}

# A scratch directory (`work`) and the server under test (`server_pid`, once started):
# stopped and removed when the script exits.
start_scratch() {
    work=$(mktemp -d)
    server_pid=""
    trap stop_scratch EXIT INT TERM
}
stop_scratch() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}

# Starts the private cluster and gives the benchmark a fresh, migrated database $1: sets
# `url` and `bindir`; `psql` then runs on it (unaligned, space-separated, stops on error).
bench_database() {
    .ci/pg start >/dev/null
    bindir="$(.ci/pg bindir)"
    .ci/pg recreate "$1" >/dev/null
    url="$(.ci/pg url "$1")"
    DATABASE_URL="$url" "$lodestar" migrate >/dev/null
}
psql() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -At -F " " "$url" "$@"; }
