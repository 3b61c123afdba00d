#!/usr/bin/env bash
# Runs every fuzz target for RUNS executions (default 1,000,000), seeded with
# the scenario files (actions) and the law files (rules). Needs the nightly
# toolchain and cargo-fuzz: `rustup toolchain install nightly` and
# `cargo install cargo-fuzz`. Not part of CI (nightly, and too slow).
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${RUNS:-1000000}"
mkdir -p corpus/load_action corpus/evaluate corpus/load_rules
cp ../tests/scenarios/*.ron corpus/load_action/
cp ../tests/scenarios/*.ron corpus/evaluate/
cp ../rules/law/*.ron corpus/load_rules/
for target in load_action evaluate load_rules; do
    echo "fuzz: ${target}, ${RUNS} runs"
    # No sanitizer: the crate has no unsafe code, so AddressSanitizer finds
    # nothing libFuzzer does not (panics, stack overflows, aborts) and costs
    # about half the speed.
    cargo +nightly fuzz run --sanitizer none "${target}" "corpus/${target}" -- \
        -runs="${RUNS}" -max_len=65536 -print_final_stats=1 2>&1 | tail -n 12
done
