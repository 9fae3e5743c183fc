#!/usr/bin/env bash
# Cost of polling 100 local feeds with the parallax binary: wall time and peak memory
# (GNU time -v) for
#   1. `parallax feed` over 100 feeds with full-content entries (20 each),
#   2. the same with summary-only entries, so every entry's article page is fetched,
#      robots.txt asked and the page extracted (100 feeds x 5 entries),
#   3. `parallax watch --once` first poll (all new) and a second poll of the same feeds
#      made due again, which the server answers with 304 Not Modified.
# The feeds are static files served by Python's http.server on 127.0.0.1 (it answers
# If-Modified-Since with 304). All feeds share one host, so the per-host rule (one
# request at a time) serialises them; --host-delay 0 removes the politeness pause.
#
# usage: bench/fetch/poll100.sh [PARALLAX_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-}
if [ -z "$bin" ]; then
  cargo build --release --locked -p parallax-cli >&2
  bin=${CARGO_TARGET_DIR:-target}/release/parallax
fi
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/www/full" "$work/www/summary" "$work/www/a"
para="The council voted on Tuesday to reopen the old river bridge after two years of repairs, officials said in a statement."
for f in $(seq 1 100); do
  {
    echo "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Outlet $f</title><link>/</link>"
    for e in $(seq 1 20); do
      echo "<item><title>Story $f-$e</title><link>/a/$f-$e.html</link><guid>g-$f-$e</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate><content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><![CDATA[<p>$para</p><p>Story $f-$e. $para</p><p>$para</p>]]></content:encoded></item>"
    done
    echo "</channel></rss>"
  } > "$work/www/full/$f.xml"
  {
    echo "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Outlet $f</title><link>/</link>"
    for e in $(seq 1 5); do
      echo "<item><title>Story $f-$e</title><link>/a/$f-$e.html</link><guid>s-$f-$e</guid><description>Summary of story $f-$e.</description></item>"
      echo "<html><head><title>Story $f-$e</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>Story $f-$e</h1><p>$para</p><p>Story $f-$e. $para</p><p>$para</p></article><footer>Copyright</footer></body></html>" > "$work/www/a/$f-$e.html"
    done
    echo "</channel></rss>"
  } > "$work/www/summary/$f.xml"
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>"$work/access.log" &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/full/1.xml" >/dev/null 2>&1 && break; sleep 0.1; done
net=(--allow-private-network --host-delay 0)
urls() { for f in $(seq 1 100); do echo "http://127.0.0.1:$port/$1/$f.xml"; done; }
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -v "$@" >"$work/out" 2>"$work/err" || true
  local wall rss lines
  wall=$(grep "Elapsed (wall clock)" "$work/err" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/err" | awk '{print $NF}')
  lines=$(wc -l <"$work/out")
  printf '%-44s wall %8s  peak RSS %6d MiB  %5d lines out\n' "$label" "$wall" $((rss / 1024)) "$lines"
}
measure "feed: 100 feeds x 20 full entries" "$bin" feed "${net[@]}" $(urls full)
measure "feed: 100 feeds x 5 summaries (+500 pages)" "$bin" feed "${net[@]}" $(urls summary)
urls full | sed 's/^/<outline type="rss" xmlUrl="/; s/$/"\/>/' |
  { echo '<opml version="2.0"><body>'; cat; echo '</body></opml>'; } >"$work/subs.opml"
export XDG_DATA_HOME=$work/data
measure "watch --once: first poll (2000 new)" "$bin" watch --once --stdout "${net[@]}" "$work/subs.opml"
python3 - "$work/data/parallax/watch.json" <<'PY'
import json, sys
p = sys.argv[1]; s = json.load(open(p))
for f in s["feeds"]: f["next_poll"] = 0
json.dump(s, open(p, "w"))
PY
measure "watch --once: second poll (100 x 304)" "$bin" watch --once --stdout "${net[@]}"
echo "server answers to the second poll: $(tail -n 100 "$work/access.log" | grep -c '" 304 ') x 304"
