#!/usr/bin/env python3
"""Pages per second of Python trafilatura by page-size bucket.

Usage: run_buckets.py PAGES.tsv OUT.jsonl

The counterpart of `cargo run --release -p parallax-extract --example throughput`:
the same list (PATH<TAB>URL a line), every page read and gunzipped before the clock
(thread CPU time) starts, one `bare_extraction` call per page with metadata and without comments, in the
configuration of trafilatura's own evaluation. Prints one JSON object per bucket
({"bucket","pages","seconds","bytes"}) and writes {"file","bytes","seconds","text"} per page to OUT.
"""

import gzip
import json
import sys
import time
from copy import deepcopy

import trafilatura
from trafilatura.settings import DEFAULT_CONFIG

BUCKETS = [(50 * 1024, "<50KB"), (200 * 1024, "50-200KB"), (1024 * 1024, "200KB-1MB"),
           (float("inf"), ">1MB")]


def bucket(size):
    return next(i for i, (limit, _) in enumerate(BUCKETS) if size < limit)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 3
    config = deepcopy(DEFAULT_CONFIG)
    config["DEFAULT"]["MIN_OUTPUT_SIZE"] = "0"
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "0"
    config["DEFAULT"]["EXTRACTION_TIMEOUT"] = "0"

    pages = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            path, _, url = line.rstrip("\n").partition("\t")
            try:
                with open(path, "rb") as page:
                    raw = page.read()
                if raw[:2] == b"\x1f\x8b":
                    raw = gzip.decompress(raw)
            except OSError as err:
                print(f"{sys.argv[1]}:{n}: {path}: {err}", file=sys.stderr)
                continue
            pages.append((path, url or None, raw))

    seconds = [0.0] * len(BUCKETS)
    counts = [0] * len(BUCKETS)
    sizes = [0] * len(BUCKETS)
    texts = []
    for path, url, raw in pages:
        start = time.thread_time()
        try:
            doc = trafilatura.bare_extraction(
                raw, url=url, include_comments=False, with_metadata=True,
                config=config,
            )
        except Exception as err:  # a failure counts as an empty result
            print(f"{path}: {err}", file=sys.stderr)
            doc = None
        elapsed = time.thread_time() - start
        b = bucket(len(raw))
        seconds[b] += elapsed
        counts[b] += 1
        sizes[b] += len(raw)
        texts.append((path, len(raw), elapsed, (doc.text if doc is not None else None) or ""))

    for b, (_, name) in enumerate(BUCKETS):
        print(json.dumps({"bucket": name, "pages": counts[b], "seconds": seconds[b],
                          "bytes": sizes[b]}))
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for path, size, elapsed, text in texts:
            out.write(json.dumps({"file": path, "bytes": size, "seconds": elapsed, "text": text},
                                 ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
