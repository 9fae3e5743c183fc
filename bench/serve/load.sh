#!/usr/bin/env bash
# Load benchmark of `parallax serve` with wrk over loopback: requests/s and p99 latency
# of the story page, the story list, the briefing JSON, an article JSON and a search,
# with ARTICLES synthetic articles (default 100,000: 20,000 stories x 5 outlets) in the
# store. Each wrk run is bounded (DURATION, default 10s; 2 threads, 32 connections);
# rate limiting is off (--rate-limit 0), the server runs 2 worker threads.
#
# The generated texts are alike, so the clustering merges some stories: the script prints
# the size of the story it measures.
#
# The story page and the briefing are computed once per story and then served from the
# server's memory (it never writes the store): the first request is timed separately.
#
# usage: bench/serve/load.sh [PARALLAX_BINARY]   (env: ARTICLES, DURATION, KEEP=1)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 3; }
bin=${1:-}
if [ -z "$bin" ]; then
  cargo build --release --locked -p parallax-cli >&2
  bin=${CARGO_TARGET_DIR:-target}/release/parallax
fi
articles=${ARTICLES:-100000}
duration=${DURATION:-10s}
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; [ "${KEEP:-}" = 1 ] || rm -rf "$work"' EXIT

stories=$((articles / 5))
echo "== generating $articles articles ($stories stories x 5 outlets)" >&2
awk -v stories="$stories" 'BEGIN {
  split("Capital Record|Harbor Ledger|Liberty Beacon|Open Signal|Patriot Daily", outlets, "|")
  split("bridge harbor council school clinic railway budget court ferry tunnel market reservoir", things, " ")
  for (s = 1; s <= stories; s++) {
    thing = things[s % 12 + 1]
    place = sprintf("Vel%dor", s)
    person = sprintf("Quin%dra", s)
    day = sprintf("2026-%02d-%02d", (s % 12) + 1, (s % 28) + 1)
    for (o = 1; o <= 5; o++) {
      text = sprintf("The %s council of %s approved a %d million dollar %s plan on Tuesday, officials said. Mayor %s said the work would start in %d weeks. ", place, place, s % 900 + 10, thing, person, s % 40 + 2)
      text = text sprintf("Critics in %s said the %s plan was rushed. The vote was %d to %d. ", place, thing, o + 4, 3)
      if (o % 2) text = text sprintf("%s residents will pay %d percent more in fees. ", place, s % 9 + 1)
      printf "{\"id\":\"a%d-%d\",\"url\":\"https://o%d.example/%d\",\"outlet\":\"%s\",\"title\":\"%s approves %s plan\",\"published\":\"%s\",\"text\":\"%s\"}\n", s, o, o, s, outlets[o], place, thing, day, text
    }
  }
}' > "$work/articles.jsonl"

echo "== storing them (parallax add)" >&2
db="$work/parallax.db"
/usr/bin/time -f "add: %es, %MKB peak" "$bin" add --db "$db" "$work/articles.jsonl" >/dev/null 2>"$work/add.err" || { cat "$work/add.err" >&2; exit 1; }
tail -1 "$work/add.err" >&2

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve --db "$db" --addr "127.0.0.1:$port" --rate-limit 0 --threads 2 2>"$work/serve.err" &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
curl -fs "$base/healthz" >&2; echo >&2

story=$(curl -fs "$base/api/stories?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["id"])')
curl -fs "$base/api/stories?limit=200" | python3 -c '
import json, sys
stories = json.load(sys.stdin)["stories"]
sizes = [s["articles"] for s in stories]
print("newest story (STORY below): %d articles, %d sources; the %d newest: %d-%d articles"
      % (sizes[0], stories[0]["sources"], len(sizes), min(sizes), max(sizes)))' >&2
article=$(curl -fs "$base/api/stories/$story" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sources"][0]["article"])')
first=$(curl -fs -o /dev/null -w '%{time_total}' "$base/stories/$(curl -fs "$base/api/stories?sort=biggest&limit=200" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][-1]["id"])')")
echo "first (uncached) story page: ${first}s" >&2

printf '%-28s %12s %10s %10s\n' endpoint requests/s p50 p99
for path in "/stories/$story" "/" "/api/stories/$story" "/api/articles/$article" "/api/search?q=Vel77or" "/api/stories?limit=50"; do
  out=$(wrk -t2 -c32 -d"$duration" --latency "$base$path")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  label=${path//$story/STORY}; label=${label//$article/ARTICLE}
  printf '%-28s %12s %10s %10s%s\n' "$label" "$rps" "$p50" "$p99" "${non2xx:+  (non-2xx: $non2xx)}"
done
