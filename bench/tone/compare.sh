#!/usr/bin/env bash
# Loaded-language options compared on BABE: the lexicon, and the learned model with each
# kind of sentence vectors (none, the transformer's input token table, a static table
# distilled from the transformer, the transformer itself). Prints 5-fold cross-validated
# macro-F1 and sentences/s of each, pinned to one core (taskset) with one compute thread
# (RAYON_NUM_THREADS=1, for the transformer). Distilling the static table runs the
# transformer over the whole vocabulary first (minutes on one core).
#
# usage: bench/tone/compare.sh [DATA_DIR] [PARALLAX_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-../shared/data/babe}
parallax=${2:-}
if [ -z "$parallax" ]; then
  cargo build --release --bin parallax
  parallax="${CARGO_TARGET_DIR:-target}/release/parallax"
fi
RAYON_NUM_THREADS=1 taskset -c 0 "$parallax" eval tone "$data" \
  --vectors none,input,distilled,transformer
