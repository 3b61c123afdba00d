#!/usr/bin/env bash
# Whole-process figures: `oversight check` and the full-corpus `gaps` against
# the bare process start (`oversight --version`), wall time by hyperfine and
# peak memory by /usr/bin/time. Needs `hyperfine` (Debian package) and GNU time.
# Usage: benches/process.sh   (from the repository root; builds the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin=target/release/oversight
scenario=tests/scenarios/covert-finding-liaison-support.ron
proposals=()
for p in rules/proposals/*.ron; do proposals+=(--with "$p"); done

hyperfine --warmup 20 --runs 200 -N --export-markdown /tmp/oversight-process.md \
    "$bin --version" \
    "$bin check $scenario" \
    "$bin check --format json $scenario" \
    "$bin gaps" \
    "$bin gaps ${proposals[*]}"

echo
echo "peak memory (GNU time, maximum resident set size):"
for args in "--version" "check $scenario" "gaps" "gaps ${proposals[*]}"; do
    # shellcheck disable=SC2086 # the arguments are meant to split
    kb=$(/usr/bin/time -f "%M" "$bin" $args 2>&1 >/dev/null | tail -n 1)
    echo "  oversight $args: ${kb} KB"
done
