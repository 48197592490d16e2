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
