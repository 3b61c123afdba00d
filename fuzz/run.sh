#!/usr/bin/env bash
# Runs every fuzz target for RUNS executions (default 1,000,000), seeded with
# the scenario files (actions) and the law files (rules). Needs the nightly
# toolchain and cargo-fuzz: `rustup toolchain install nightly` and
# `cargo install cargo-fuzz`. Not part of CI (nightly, and too slow).
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${RUNS:-1000000}"
mkdir -p corpus/load_action corpus/evaluate corpus/load_rules corpus/serve_request corpus/serve_http
cp ../tests/scenarios/*.ron corpus/load_action/
cp ../tests/scenarios/*.ron corpus/evaluate/
cp ../rules/law/*.ron corpus/load_rules/
# serve_request: the first byte picks the route (0 = /api/assess).
printf '\x00{"action": {"title": "Covert action finding", "facts": {"influences_conditions_abroad": true, "us_role_hidden": true, "finding_approved": true}, "events": {"approval": "2025-03-12T10:00"}}, "proposals": ["rel-to-reporting"]}' > corpus/serve_request/assess.json
printf '\x01{"action": {"title": "REL TO", "facts": {"sharing_channel": "rel_to_marking", "rel_to_change": "country_added", "recipient_country": "FRA"}, "as_of": "2026-11-20"}, "proposals": ["rel-to-reporting"]}' > corpus/serve_request/diff.json
printf '\x02{"action": {"title": "x", "facts": {"us_role_hidden": true}}, "rule": "3093-c-1"}' > corpus/serve_request/explain.json
# serve_http: raw bytes on one connection (a page, a keep-alive pair, an API call).
printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nHEAD /api/vocabulary HTTP/1.1\r\nHost: localhost\r\n\r\n' > corpus/serve_http/keep-alive.txt
body='{"action": {"title": "x", "facts": {"us_role_hidden": true}}, "proposals": ["rel-to-reporting"]}'
printf 'POST /api/assess HTTP/1.1\r\nHost: 127.0.0.1:7878\r\nOrigin: http://127.0.0.1:7878\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' "${#body}" "$body" > corpus/serve_http/assess.txt
printf 'POST /api/ron HTTP/1.1\r\nHost: [::1]\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"act\r\n0\r\n\r\n' > corpus/serve_http/chunked.txt
targets="${TARGETS:-load_action evaluate load_rules serve_request serve_http}"
for target in $targets; do
    echo "fuzz: ${target}, ${RUNS} runs"
    # No sanitizer: the crate has no unsafe code, so AddressSanitizer finds
    # nothing libFuzzer does not (panics, stack overflows, aborts) and costs
    # about half the speed.
    cargo +nightly fuzz run --sanitizer none "${target}" "corpus/${target}" -- \
        -runs="${RUNS}" -max_len=65536 -print_final_stats=1 2>&1 | tail -n 12
done
