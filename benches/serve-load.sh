#!/usr/bin/env bash
# Load test of `oversight serve` on loopback, as browsers use it: every client
# keeps its connection open and sends its requests one after another on it
# (wrk, Debian package wrk). For 1, 4 and 16 clients, on the two routes the
# page uses most, it prints requests per second, the latency percentiles
# (p50, p99) and the server's peak memory. Fails if any request fails or gets
# an answer other than 200.
# Usage: benches/serve-load.sh [SECONDS_PER_RUN]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
command -v wrk >/dev/null || { echo "serve-load: needs wrk (apt-get install wrk)" >&2; exit 2; }
cargo build --release --locked --quiet
work=$(mktemp -d)
target/release/oversight serve --port 0 2> "$work/server.log" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
    grep -q "serving" "$work/server.log" 2>/dev/null && break
    sleep 0.1
done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/server.log")

# A covert-action finding with two dated events, under the law and one
# proposal: a full assessment (deadlines, questions, every rule's status)
# per request, about 100 KB of JSON.
cat > "$work/assess.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"action": {"title": "Covert action finding", "facts": {
  "influences_conditions_abroad": true, "us_role_hidden": true,
  "primary_purpose_intelligence": false, "traditional_diplomatic_or_military": false,
  "traditional_law_enforcement": false, "routine_support_to_overt_activity": false,
  "clandestine_military_cyber_operation": false, "finding_approved": true,
  "oral_emergency_finding": false, "access_limited": false, "prior_notice_withheld": false},
  "events": {"approval": "2025-03-12T10:00", "initiation": "2025-03-20T09:00"}},
 "proposals": ["rel-to-reporting"]}]]
LUA
: > "$work/get.lua"

status=0
printf '%-28s %7s %10s %9s %9s %9s\n' "route" "clients" "requests/s" "p50 ms" "p99 ms" "errors"
run() {
    local name=$1 script=$2 path=$3 clients=$4
    local threads=$(( clients < 2 ? clients : 2 ))
    wrk -t "$threads" -c "$clients" -d "${seconds}s" --latency -s "$script" "${url}${path}" > "$work/wrk.txt" 2>&1 \
        || { cat "$work/wrk.txt"; exit 1; }
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
    errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$work/wrk.txt")
    printf '%-28s %7s %10s %9s %9s %9s\n' "$name" "$clients" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "$errors"
    if [ "$errors" != 0 ]; then status=1; cat "$work/wrk.txt"; fi
}
# wrk prints latencies with a unit (us, ms, s); the table is in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
        else print v }'
}
for clients in 1 4 16; do
    run "POST /api/assess" "$work/assess.lua" "api/assess" "$clients"
done
for clients in 1 4 16; do
    run "GET /api/vocabulary" "$work/get.lua" "api/vocabulary" "$clients"
done
echo "server peak memory (VmHWM): $(awk '/VmHWM/ {print $2, $3}' /proc/$server/status)"
exit $status
