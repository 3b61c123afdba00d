#!/usr/bin/env bash
# Runs every fuzz target for RUNS executions (default 1,000,000), seeded with
# the scenario files (actions) and the law files (rules). Needs the nightly
# toolchain and cargo-fuzz: `rustup toolchain install nightly` and
# `cargo install cargo-fuzz`. Not part of CI (nightly, and too slow).
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${RUNS:-1000000}"
mkdir -p corpus/load_action corpus/evaluate corpus/load_rules corpus/serve_request
cp ../tests/scenarios/*.ron corpus/load_action/
cp ../tests/scenarios/*.ron corpus/evaluate/
cp ../rules/law/*.ron corpus/load_rules/
# serve_request: the first byte picks the route (0 = /api/assess).
printf '\x00{"action": {"title": "Covert action finding", "facts": {"influences_conditions_abroad": true, "us_role_hidden": true, "finding_approved": true}, "events": {"approval": "2025-03-12T10:00"}}, "proposals": ["rel-to-reporting"]}' > corpus/serve_request/assess.json
printf '\x01{"action": {"title": "REL TO", "facts": {"sharing_channel": "rel_to_marking", "rel_to_change": "country_added", "recipient_country": "FRA"}, "as_of": "2026-11-20"}, "proposals": ["rel-to-reporting"]}' > corpus/serve_request/diff.json
printf '\x02{"action": {"title": "x", "facts": {"us_role_hidden": true}}, "rule": "3093-c-1"}' > corpus/serve_request/explain.json
for target in load_action evaluate load_rules serve_request; do
    echo "fuzz: ${target}, ${RUNS} runs"
    # No sanitizer: the crate has no unsafe code, so AddressSanitizer finds
    # nothing libFuzzer does not (panics, stack overflows, aborts) and costs
    # about half the speed.
    cargo +nightly fuzz run --sanitizer none "${target}" "corpus/${target}" -- \
        -runs="${RUNS}" -max_len=65536 -print_final_stats=1 2>&1 | tail -n 12
done
