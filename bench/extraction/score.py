#!/usr/bin/env python3
"""Snippet precision / recall / F1 of a `throughput` (or run_buckets.py) output.

Usage: score.py DATA_DIR OUT.jsonl [--diff OTHER.jsonl]

Scores the pages of OUT.jsonl that are development pages of DATA_DIR with the metric of
DATA_DIR/../README.md (micro-averaged over snippets), on all of them and on the two
halves by page number (odd / even), so that a rule tried on one half can be reported on
the other. With --diff, lists the pages whose snippet outcomes differ between the two
outputs (file, and the change in true and false positives from OTHER to OUT).
"""

import json
import os
import re
import sys

norm = lambda s: re.sub(r"\s+", " ", s).strip()


def outcomes(gold, text):
    text = norm(text)
    return ([norm(s) in text for s in gold["with"]], [norm(s) in text for s in gold["without"]])


def main():
    args = sys.argv[1:]
    if len(args) not in (2, 4):
        print(__doc__, file=sys.stderr)
        return 3
    data, out = args[0], args[1]
    gold = {}
    with open(f"{data}/extraction.gold.jsonl", encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            gold[os.path.abspath(f"{data}/{g['file']}")] = g

    def load(path):
        with open(path, encoding="utf-8") as f:
            return {r["file"]: r["text"] for r in map(json.loads, f) if r["file"] in gold}

    texts = load(out)
    number = lambda f: int(re.search(r"(\d+)\.html", f).group(1))
    halves = {"all": lambda n: True, "odd": lambda n: n % 2 == 1, "even": lambda n: n % 2 == 0}
    for name, keep in halves.items():
        tp = fn = fp = pages = 0
        for f, text in texts.items():
            if not keep(number(f)):
                continue
            pages += 1
            w, wo = outcomes(gold[f], text)
            tp += sum(w); fn += len(w) - sum(w); fp += sum(wo)
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1 = 2 * p * r / max(p + r, 1e-9)
        print(f"{name:5} pages {pages:4}  P {p:.4f}  R {r:.4f}  F1 {f1:.4f}  (tp {tp} fn {fn} fp {fp})")
    if len(args) == 4 and args[2] == "--diff":
        other = load(args[3])
        for f in sorted(texts):
            if f not in other:
                continue
            a, b = outcomes(gold[f], texts[f]), outcomes(gold[f], other[f])
            # Change from OTHER to OUT.
            tp_gain = sum(x and not y for x, y in zip(a[0], b[0])) - sum(y and not x for x, y in zip(a[0], b[0]))
            fp_gain = sum(x and not y for x, y in zip(a[1], b[1])) - sum(y and not x for x, y in zip(a[1], b[1]))
            if tp_gain or fp_gain:
                print(f"{os.path.basename(f)}  tp {tp_gain:+d}  fp {fp_gain:+d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
