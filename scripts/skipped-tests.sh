#!/usr/bin/env bash
# One line naming the tests that skipped and why: tests that cannot run here
# (no ../shared/eval, no Chromium) leave a file in DIR named after the test,
# holding the reason, so a green run does not hide them.
# Usage: scripts/skipped-tests.sh DIR
set -euo pipefail
dir=${1:?usage: scripts/skipped-tests.sh DIR}
shopt -s nullglob
files=("$dir"/*)
if [ ${#files[@]} -eq 0 ]; then
    echo "scripts/test.sh: no tests skipped"
    exit 0
fi
line="scripts/test.sh: ${#files[@]} test(s) skipped:"
sep=" "
for f in "${files[@]}"; do
    line+="$sep$(basename "$f") ($(tr '\n' ' ' <"$f" | sed 's/ *$//'))"
    sep="; "
done
echo "$line"
