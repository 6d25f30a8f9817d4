#!/usr/bin/env bash
# Regenerates data/cameo-petrarch/ and data/actors-petrarch/ from the PETRARCH2/Phoenix
# dictionaries (MIT, Open Event Data Alliance) with `dyad convert-dict`.
# Usage: scripts/convert-petrarch.sh [DICTS_DIR]   (default: ../shared/petrarch-dicts)
# The options below are the measured choices documented in data/cameo-petrarch/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC="${1:-../shared/petrarch-dicts}"
if [ ! -f "$SRC/CAMEO.2.0.txt" ]; then
  echo "convert-petrarch: $SRC/CAMEO.2.0.txt not found" >&2
  exit 1
fi
cargo build --release -q -p dyad-cli
DYAD=target/release/dyad
mkdir -p data/cameo-petrarch data/actors-petrarch

"$DYAD" convert-dict --format petrarch-verbs "$SRC/CAMEO.2.0.txt" \
  --pattern-verbs comment --no-lone-verbs --no-pre-verb --drop-code 010 \
  --out data/cameo-petrarch/verbs.tsv

"$DYAD" convert-dict --format phoenix-actors "$SRC/Phoenix.Countries.actors.txt" \
  --no-people --out data/actors-petrarch/countries.tsv
"$DYAD" convert-dict --format phoenix-actors "$SRC/Phoenix.International.actors.txt" \
  --no-people --out data/actors-petrarch/international.tsv
"$DYAD" convert-dict --format phoenix-actors "$SRC/Phoenix.MilNonState.actors.txt" \
  --out data/actors-petrarch/nonstate.tsv
# Converted but not built in (measured: costs precision on the development set).
"$DYAD" convert-dict --format phoenix-agents "$SRC/Phoenix.agents.txt" \
  --out data/actors-petrarch/agents.tsv
cp "$SRC/LICENSE" data/cameo-petrarch/LICENSE
cp "$SRC/LICENSE" data/actors-petrarch/LICENSE
echo "convert-petrarch: done; rebuild dyad to compile the new files in" >&2
