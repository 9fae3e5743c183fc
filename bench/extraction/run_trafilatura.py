#!/usr/bin/env python3
"""Run Python trafilatura over a trafilatura-eval folder.

Usage: run_trafilatura.py DATA_DIR OUT.jsonl

Writes one JSON object per page ({"file","text","title","author","date"}) in the
order of extraction.gold.jsonl, so that `parallax eval extraction DATA_DIR
--predictions OUT.jsonl` scores it with exactly the metric Parallax is scored with.
Pages are read and gunzipped before the clock starts: the timing covers
extraction (decoding, parsing, main text, metadata) only, as Parallax's does.
"""

import gzip
import json
import sys
import time
from copy import deepcopy

import trafilatura
from trafilatura.settings import DEFAULT_CONFIG


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 3
    data_dir, out_path = sys.argv[1], sys.argv[2]
    # The configuration of trafilatura's own evaluation (ZERO_CONFIG), without the
    # signal-based timeout.
    config = deepcopy(DEFAULT_CONFIG)
    config["DEFAULT"]["MIN_OUTPUT_SIZE"] = "0"
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "0"
    config["DEFAULT"]["EXTRACTION_TIMEOUT"] = "0"

    pages = []
    with open(f"{data_dir}/extraction.gold.jsonl", encoding="utf-8") as gold:
        for line in gold:
            item = json.loads(line)
            with gzip.open(f"{data_dir}/{item['file']}", "rb") as f:
                pages.append((item["file"], item.get("url"), f.read()))

    results = []
    start = time.perf_counter()
    for name, url, raw in pages:
        try:
            doc = trafilatura.bare_extraction(
                raw, url=url, include_comments=False, with_metadata=True,
                config=config, as_dict=True,
            )
        except Exception as err:  # a failure counts as an empty result
            print(f"{name}: {err}", file=sys.stderr)
            doc = None
        results.append((name, doc))
    elapsed = time.perf_counter() - start

    with open(out_path, "w", encoding="utf-8") as out:
        for name, doc in results:
            doc = doc or {}
            out.write(json.dumps({
                "file": name,
                "text": doc.get("text") or "",
                "title": doc.get("title"),
                "author": doc.get("author"),
                "date": doc.get("date"),
            }, ensure_ascii=False) + "\n")
    print(json.dumps({"pages": len(pages), "seconds": elapsed,
                      "pages_per_second": len(pages) / elapsed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
