#!/usr/bin/env bash
# Parallax vs Python trafilatura, pages/s by page-size bucket, on one core each.
#
# Usage: bench/extraction/buckets.sh [DATA_DIR]
#   DATA_DIR defaults to ../shared/data/trafilatura-eval (relative to the repository).
#   CPU=N pins both extractors to core N (default 1).
#   THROUGHPUT=/path/to/throughput uses that build of the example instead of building one.
#   BASELINE=/path/to/throughput also runs an older build of the example, in the same
#   run, and adds its pages/s and ratio (a before/after comparison).
#
# 1. Sets up bench/.venv with trafilatura $TRAFILATURA_VERSION from PyPI (once).
# 2. Builds the `throughput` example of parallax-extract (release).
# 3. Writes the page list to a temporary folder: every development page, plus synthetic
#    heavy pages (make_pages.py: development pages wrapped in ~0.4 and ~1.2 MB of
#    scripts, styles, SVG, navigation and comment threads), removed at the end.
# 4. Runs both extractors over the same list, pinned to one core (taskset), Parallax
#    once before and once after trafilatura (its time per page is the mean of the two,
#    so that a change of load during the run does not favour either side), timing each
#    page in thread CPU time (so that a loaded machine does not skew the ratio) after it
#    is read and gunzipped, and prints pages/s per bucket (< 50 KB,
#    50-200 KB, 200 KB-1 MB, > 1 MB, by size after decompression) for development and
#    synthetic pages, the ratio, and the snippet F1 of each on the same pages (the
#    metric of ../shared/data/README.md; a synthetic page keeps its source page's
#    snippets). `parallax eval extraction` remains the reference scorer.
set -euo pipefail

TRAFILATURA_VERSION=2.3.1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${1:-$ROOT/../shared/data/trafilatura-eval}"
DATA="$(cd "$DATA" && pwd)"
VENV="$ROOT/bench/.venv"
CPU="${CPU:-1}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

if ! "$VENV/bin/python" -c "import trafilatura, sys; sys.exit(trafilatura.__version__ != '$TRAFILATURA_VERSION')" 2>/dev/null; then
    echo "setting up $VENV with trafilatura $TRAFILATURA_VERSION from PyPI ..." >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    # lxml >= 5.2 ships the HTML cleaner separately; trafilatura's justext needs it.
    "$VENV/bin/pip" install --quiet "trafilatura==$TRAFILATURA_VERSION" lxml_html_clean
fi

if [[ -z "${THROUGHPUT:-}" ]]; then
    echo "building the throughput example (release) ..." >&2
    cargo build --quiet --release -p parallax-extract --example throughput --manifest-path "$ROOT/Cargo.toml"
    THROUGHPUT="$CARGO_TARGET_DIR/release/examples/throughput"
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "generating synthetic heavy pages in $WORK ..." >&2
python3 "$ROOT/bench/extraction/make_pages.py" "$DATA" "$WORK"

PIN=()
if command -v taskset >/dev/null; then PIN=(taskset -c "$CPU"); fi

run_parallax() { # BINARY OUT
    "${PIN[@]}" "$1" "$WORK/pages.tsv" "$2" > /dev/null
}
echo "running parallax ..." >&2
run_parallax "$THROUGHPUT" "$WORK/parallax.1.jsonl"
if [[ -n "${BASELINE:-}" ]]; then run_parallax "$BASELINE" "$WORK/baseline.1.jsonl"; fi
echo "running Python trafilatura $TRAFILATURA_VERSION ..." >&2
"${PIN[@]}" "$VENV/bin/python" "$ROOT/bench/extraction/run_buckets.py" \
    "$WORK/pages.tsv" "$WORK/trafilatura.jsonl" > /dev/null
echo "running parallax again ..." >&2
if [[ -n "${BASELINE:-}" ]]; then run_parallax "$BASELINE" "$WORK/baseline.2.jsonl"; fi
run_parallax "$THROUGHPUT" "$WORK/parallax.2.jsonl"

python3 - "$WORK" "$TRAFILATURA_VERSION" <<'PY'
import json, os, re, sys
work, version = sys.argv[1:3]
gold = json.load(open(f"{work}/gold.json"))
BUCKETS = [(50 * 1024, "<50KB"), (200 * 1024, "50-200KB"), (1024 * 1024, "200KB-1MB"),
           (float("inf"), ">1MB")]

def load(name):
    return {r["file"]: r for r in map(json.loads, open(f"{work}/{name}.jsonl", encoding="utf-8"))}

def load_twice(name):
    """The two runs of a Parallax build, each page timed as the mean of both."""
    first, second = load(f"{name}.1"), load(f"{name}.2")
    for f, r in first.items():
        r["seconds"] = (r["seconds"] + second[f]["seconds"]) / 2
    return first

traf, px = load("trafilatura"), load_twice("parallax")
base = load_twice("baseline") if os.path.exists(f"{work}/baseline.1.jsonl") else None
norm = lambda s: re.sub(r"\s+", " ", s).strip()

def counts(rows):
    tp = fn = fp = 0
    for r in rows:
        text = norm(r["text"])
        g = gold[r["file"]]
        found = [norm(s) in text for s in g["with"]]
        tp += sum(found); fn += len(found) - sum(found)
        fp += sum(norm(s) in text for s in g["without"])
    return tp, fn, fp

def stats(rows):
    secs = sum(r["seconds"] for r in rows)
    tp, fn, fp = counts(rows)
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
    return (len(rows) / secs if secs else 0.0), f1

print(f"one core each (taskset); pages per CPU second; trafilatura {version} vs parallax; F1 = snippet F1 on the same pages")
head = f"{'pages':10}{'bucket':11}{'n':>5}{'traf p/s':>10}{'parallax p/s':>14}{'ratio':>8}{'traf F1':>9}{'px F1':>8}"
if base:
    head += f"{'base p/s':>10}{'base ratio':>11}{'base F1':>9}"
print(head)
groups = []
for kind in ("dev", "heavy", "all"):
    for limit_i, (limit, name) in enumerate(BUCKETS):
        lo = BUCKETS[limit_i - 1][0] if limit_i else 0
        files = [f for f, r in px.items() if lo <= r["bytes"] < limit
                 and (kind == "all" or gold[f]["kind"] == kind)]
        groups.append((kind, name, files))
    files = [f for f in px if kind == "all" or gold[f]["kind"] == kind]
    groups.append((kind, "all sizes", files))
for kind, name, files in groups:
    if not files:
        continue
    t_speed, t_f1 = stats([traf[f] for f in files])
    p_speed, p_f1 = stats([px[f] for f in files])
    ratio = p_speed / t_speed if t_speed else float("nan")
    line = f"{kind:10}{name:11}{len(files):>5}{t_speed:>10.1f}{p_speed:>14.1f}{ratio:>7.1f}x{t_f1:>9.3f}{p_f1:>8.3f}"
    if base:
        b_speed, b_f1 = stats([base[f] for f in files])
        line += f"{b_speed:>10.1f}{b_speed / t_speed:>10.1f}x{b_f1:>9.3f}"
    print(line)
for label, rows in (("trafilatura", traf), ("parallax", px)) + ((("baseline", base),) if base else ()):
    tp, fn, fp = counts([r for f, r in rows.items() if gold[f]["kind"] == "dev"])
    p, r = tp / (tp + fp), tp / (tp + fn)
    print(f"dev pages, {label}: precision {p:.3f} recall {r:.3f} F1 {2 * p * r / (p + r):.3f}")
PY
