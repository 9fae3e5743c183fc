#!/usr/bin/env bash
# Parallax vs Python trafilatura on the same pages, on one core each.
#
# Usage: bench/extraction/compare.sh [DATA_DIR]
#   DATA_DIR defaults to ../shared/data/trafilatura-eval (relative to the repository).
#   PARALLAX=/path/to/parallax uses that binary instead of building one.
#
# Sets up bench/.venv with trafilatura from PyPI (once), runs both extractors pinned
# to one CPU (taskset, when available) over every page of DATA_DIR, scores both with
# `parallax eval extraction` (the same snippet metric for both), and prints F1,
# pages per second (extraction only: pages are read and gunzipped before the clock
# starts, on both sides), the speed ratio, and the peak memory of each process
# (/usr/bin/time -v, when available).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${1:-$ROOT/../shared/data/trafilatura-eval}"
DATA="$(cd "$DATA" && pwd)"
VENV="$ROOT/bench/.venv"
OUT="$ROOT/bench/out/extraction"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
mkdir -p "$OUT"

if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c "import trafilatura" 2>/dev/null; then
    echo "setting up $VENV with trafilatura from PyPI ..." >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    # lxml >= 5.2 ships the HTML cleaner separately; trafilatura's justext needs it.
    "$VENV/bin/pip" install --quiet trafilatura lxml_html_clean
fi
TRAF_VERSION="$("$VENV/bin/python" -c 'import trafilatura; print(trafilatura.__version__)')"

if [[ -z "${PARALLAX:-}" ]]; then
    echo "building parallax (release) ..." >&2
    cargo build --quiet --release -p parallax-cli --manifest-path "$ROOT/Cargo.toml"
    PARALLAX="$CARGO_TARGET_DIR/release/parallax"
fi

PIN=()
if command -v taskset >/dev/null; then PIN=(taskset -c 0); fi
TIME=()
if [[ -x /usr/bin/time ]]; then TIME=(/usr/bin/time -v); fi

# peak RSS in MiB from a /usr/bin/time -v log
peak() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1" 2>/dev/null || true; }

echo "running Python trafilatura $TRAF_VERSION ..." >&2
"${TIME[@]}" "${PIN[@]}" "$VENV/bin/python" "$ROOT/bench/extraction/run_trafilatura.py" \
    "$DATA" "$OUT/trafilatura.jsonl" > "$OUT/trafilatura.stats" 2> "$OUT/trafilatura.time"
"$PARALLAX" eval extraction "$DATA" --predictions "$OUT/trafilatura.jsonl" --json \
    > "$OUT/trafilatura.score.json"

echo "running parallax ..." >&2
"${TIME[@]}" "${PIN[@]}" "$PARALLAX" eval extraction "$DATA" --json \
    --dump "$OUT/parallax.jsonl" > "$OUT/parallax.score.json" 2> "$OUT/parallax.time"

python3 - "$OUT" "$TRAF_VERSION" "$(peak "$OUT/trafilatura.time")" "$(peak "$OUT/parallax.time")" <<'PY'
import json, sys
out, version, traf_mem, px_mem = sys.argv[1:5]
t = json.load(open(f"{out}/trafilatura.score.json"))
t_speed = json.load(open(f"{out}/trafilatura.stats"))["pages_per_second"]
p = json.load(open(f"{out}/parallax.score.json"))
p_speed = p["pages_per_second"]
rows = [
    ("precision", "precision", "{:.3f}"), ("recall", "recall", "{:.3f}"),
    ("accuracy", "accuracy", "{:.3f}"), ("F1", "f1", "{:.3f}"),
    ("title accuracy", "title", "{:.3f}"), ("author accuracy", "author", "{:.3f}"),
    ("date accuracy", "date", "{:.3f}"),
]
name_t = f"trafilatura {version}"
print(f"{'':18}{name_t:>20}{'parallax':>14}")
for label, key, fmt in rows:
    print(f"{label:18}{fmt.format(t[key]):>20}{fmt.format(p[key]):>14}")
print(f"{'pages/s (1 core)':18}{t_speed:>20.1f}{p_speed:>14.1f}")
print(f"{'peak RSS (MiB)':18}{(traf_mem or '?'):>20}{(px_mem or '?'):>14}")
print(f"speed ratio: parallax is {p_speed / t_speed:.1f}x trafilatura (pages/s, one core each)")
PY
