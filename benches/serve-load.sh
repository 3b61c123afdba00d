#!/usr/bin/env bash
# Load test of `oversight serve` on loopback: a bounded number of requests
# from a second process (ApacheBench, Debian package apache2-utils), then the
# error count and the latency percentiles. Fails if any request fails or gets
# an answer other than 200.
# Usage: benches/serve-load.sh [REQUESTS] [CONCURRENCY]   (default 10000 4)
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-10000}
concurrency=${2:-4}
command -v ab >/dev/null || { echo "serve-load: needs ab (apt-get install apache2-utils)" >&2; exit 2; }
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

# A covert-action finding with two dated events: a full assessment (60 facts'
# worth of rules, deadlines, questions) per request.
cat > "$work/assess.json" <<'JSON'
{"action": {"title": "Covert action finding", "facts": {
  "influences_conditions_abroad": true, "us_role_hidden": true,
  "primary_purpose_intelligence": false, "traditional_diplomatic_or_military": false,
  "traditional_law_enforcement": false, "routine_support_to_overt_activity": false,
  "clandestine_military_cyber_operation": false, "finding_approved": true,
  "oral_emergency_finding": false, "access_limited": false, "prior_notice_withheld": false},
  "events": {"approval": "2025-03-12T10:00", "initiation": "2025-03-20T09:00"}},
 "proposals": ["rel-to-reporting"]}
JSON

status=0
run() {
    local name=$1; shift
    ab -q -n "$requests" -c "$concurrency" "$@" > "$work/ab.txt" 2>&1 || { cat "$work/ab.txt"; exit 1; }
    local failed non2xx
    failed=$(awk '/^Failed requests:/ {print $3}' "$work/ab.txt")
    non2xx=$(awk '/^Non-2xx responses:/ {print $3}' "$work/ab.txt")
    echo "== $name: $requests requests, $concurrency at a time"
    grep -E '^(Complete requests|Failed requests|Non-2xx responses|Requests per second|Time per request)' "$work/ab.txt" | grep -v "across all"
    echo "latency percentiles (ms):"
    awk '/Percentage of the requests/ {p=1; next} p && /%/ {print "  " $0}' "$work/ab.txt"
    if [ "${failed:-0}" != 0 ] || [ -n "$non2xx" ]; then status=1; fi
}
run "POST /api/assess (law + rel-to-reporting)" -p "$work/assess.json" -T application/json "${url}api/assess"
run "GET /api/vocabulary" "${url}api/vocabulary"
echo "server peak memory: $(awk '/VmHWM/ {print $2, $3}' /proc/$server/status)"
exit $status
