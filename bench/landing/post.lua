-- wrk script for bench/landing.sh: POSTs the landing form with a distinct email per
-- request and counts accepted answers (200 thank-you or 303). Arguments after `--`:
-- the form path, the run's length in seconds and the drain seconds at its end, during
-- which only a GET that answers 404 is sent, so that no POST is in flight when wrk stops
-- (a POST cut off there could be stored without wrk seeing its answer).
local ffi = require("ffi")
ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } landing_timespec;
    int clock_gettime(int clock, landing_timespec *time);
]]

-- Seconds on the monotonic clock, with nanosecond resolution (os.time has whole seconds).
local function now()
    local time = ffi.new("landing_timespec")
    ffi.C.clock_gettime(1, time)
    return tonumber(time.tv_sec) + tonumber(time.tv_nsec) / 1e9
end

local threads = {}
local next_id = 1

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    path = args[1]
    started = now()
    stop_posting_at = started + tonumber(args[2]) - tonumber(args[3])
    posting_seconds = 0
    counter = 0
    accepted = 0
    refused = 0
    posted = 0
    draining = false
end

function request()
    if draining or now() >= stop_posting_at then
        if not draining then posting_seconds = now() - started end
        draining = true
        return wrk.format("GET", "/f/bench-drain-unknown")
    end
    counter = counter + 1
    posted = posted + 1
    local body = "name=Bench+Person&email=bench-" .. id .. "-" .. counter .. "%40example.com&website-url="
    return wrk.format("POST", path, { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

function response(status, headers, body)
    if status == 200 or status == 303 then
        accepted = accepted + 1
    elseif not (status == 404 and draining) then
        refused = refused + 1
    end
end

function done(summary, latency, requests)
    local total_accepted, total_posted, total_refused, seconds = 0, 0, 0, 0
    for _, thread in ipairs(threads) do
        total_accepted = total_accepted + thread:get("accepted")
        total_posted = total_posted + thread:get("posted")
        total_refused = total_refused + thread:get("refused")
        seconds = math.max(seconds, thread:get("posting_seconds"))
    end
    io.write(string.format("accepted=%d\nrefused=%d\nposted=%d\nposting_seconds=%.3f\n",
        total_accepted, total_refused, total_posted, seconds))
end
