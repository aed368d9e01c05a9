#!/usr/bin/env bash
# Entente's adjudicator and the Python `diplomacy` engine's process() on the same random
# movement phases, side by side in one run, with the ratio.
#
#   scripts/speed/side_by_side.sh [PHASES] [PASSES]
#
# The Python engine is installed from the package registry into a virtual environment in a
# scratch folder outside the repository (SPEED_DIR, by default a new temporary one; set SPEED_VENV
# to reuse a virtual environment already made). The Rust bench writes the phases (the 1901 start
# and boards from seeded random games, each with many sets of random legal orders) and times the
# adjudicator, order reading and a whole server round on them; the Python side replays the same
# phases on `diplomacy.Game` and times `process()`. Each rate is the best of PASSES passes.
set -euo pipefail

phases=${1:-1000}
passes=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${SPEED_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/entente-speed.XXXXXX")}
mkdir -p "$work"
venv=${SPEED_VENV:-$work/venv}

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import diplomacy' 2>/dev/null; then
    echo "installing diplomacy==1.1.2 into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'diplomacy==1.1.2'
fi

echo "== Entente (Rust), $phases phases, best of $passes passes"
(cd "$repo" && cargo bench --quiet -p entente-shared --bench side_by_side -- \
    --phases "$phases" --passes "$passes" --write "$work/phases.jsonl") | tee "$work/rust.txt"

echo "== diplomacy $("$venv/bin/python" -c 'import diplomacy.version as v; print(v.PACKAGE_VERSION)' 2>/dev/null || echo 1.1.2) (Python $("$venv/bin/python" -c 'import platform; print(platform.python_version())'))"
"$venv/bin/python" "$here/diplomacy_process.py" "$work/phases.jsonl" --passes "$passes" |
    tee "$work/python.txt"

rate() { awk -v n="$2" '$1 == "rate" && $2 == n { print $3 }' "$1"; }
rust=$(rate "$work/rust.txt" adjudicate)
round=$(rate "$work/rust.txt" round)
python=$(rate "$work/python.txt" process)
echo "== side by side"
awk -v r="$rust" -v s="$round" -v p="$python" 'BEGIN {
    printf "Entente adjudicator:      %10.0f phases/s\n", r
    printf "Entente server round:     %10.0f phases/s (read, check, adjudicate, update, report)\n", s
    printf "diplomacy process():      %10.0f phases/s\n", p
    printf "adjudicator / process():  %10.0fx\n", r / p
    printf "server round / process(): %10.0fx\n", s / p
}'
echo "(phases and outputs in $work)"
