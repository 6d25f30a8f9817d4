#!/usr/bin/env bash
# The test command of the README: installs what the tests need, then runs them all.
set -euo pipefail
cd "$(dirname "$0")/.."

# The dashboard's browser test (crates/dyad-server/tests/browser.rs) drives
# headless Chromium through chromedriver. Install them when missing and we
# can (root with apt-get); otherwise the test skips, or fails under CI.
have() { command -v "$1" >/dev/null 2>&1; }
if ! { have chromium || have chromium-browser || have google-chrome; } || ! have chromedriver; then
    if have apt-get && [ "$(id -u)" = 0 ]; then
        echo "scripts/test.sh: installing chromium and chromium-driver for the browser test" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    else
        echo "scripts/test.sh: chromium/chromedriver missing and cannot install them (need root and apt-get); the browser test will skip, or fail under CI" >&2
    fi
fi

# The Parquet test (crates/dyad-cli/tests/parquet_duckdb.rs) reads the export
# back with DuckDB: a venv under target/ with the duckdb package from PyPI.
if [ -z "${DYAD_PYTHON:-}" ]; then
    venv=target/pyenv
    if ! "$venv/bin/python" -c "import duckdb" >/dev/null 2>&1; then
        echo "scripts/test.sh: installing duckdb into $venv for the Parquet test" >&2
        python3 -m venv "$venv" && "$venv/bin/pip" install -q duckdb >&2 \
            || echo "scripts/test.sh: could not install duckdb; the Parquet test will skip, or fail under CI" >&2
    fi
    if "$venv/bin/python" -c "import duckdb" >/dev/null 2>&1; then
        DYAD_PYTHON="$PWD/$venv/bin/python"
        export DYAD_PYTHON
    fi
fi

# Tests that skip leave a note in target/tmp/skipped (see scripts/skipped-tests.sh).
skipped="${CARGO_TARGET_DIR:-target}/tmp/skipped"
rm -rf "$skipped"
status=0
cargo test --workspace || status=$?
# The Spark job on a real standalone cluster on 127.0.0.1, one worker killed
# mid-job (skips where Java is missing; see the script).
bash scripts/spark-test.sh || status=$?
bash scripts/skipped-tests.sh "$skipped" >&2
exit $status
