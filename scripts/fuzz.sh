#!/usr/bin/env bash
# The longer fuzz run (issue 15): the property tests of the cleaner, segmenter,
# date resolver, JSONL reader, dictionary parsers and the HTTP body parser with
# many more cases than CI's default. Usage: scripts/fuzz.sh [CASES] (default 5000).
# A failure is shrunk and saved in crates/*/tests/*.proptest-regressions:
# commit that file, fix the bug, and the case is replayed on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PROPTEST_CASES="${1:-5000}"
cargo test --release -p dyad-core --test fuzz
cargo test --release -p dyad-server --test reliability post_bodies_never_500
