#!/usr/bin/env python3
"""Build the page list of the bucket benchmark, with synthetic heavy pages.

Usage: make_pages.py DATA_DIR OUT_DIR

Writes to OUT_DIR (a temporary folder; nothing here is committed):
  pages.tsv    one page a line, PATH<TAB>URL: every development page of DATA_DIR, then
               the synthetic pages;
  gold.json    {PATH: {"with": [...], "without": [...], "kind": "dev"|"heavy"}}, the
               snippets of each page (a synthetic page keeps those of the page it wraps);
  heavy/*.html the synthetic pages.

A synthetic page is a development page (every 33rd one) whose article is left as it is
and wrapped in what makes today's news pages heavy: inline scripts (minified code and
a JSON state blob), style sheets and inline styles, an SVG icon sprite, a mega-menu
and footer of links, a comment thread, HTML comments. All filler is generated here from
a fixed seed and a made-up vocabulary, at two sizes: about 400 KB and about 1.2 MB of
filler. The article text and snippets are the development page's own, so both
extractors can be scored on the synthetic pages too.
"""

import gzip
import json
import os
import random
import re
import sys

SIZES = {"m": 400_000, "l": 1_200_000}
EVERY = 33

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "ba", "qu", "zo", "fe", "pi"]


def word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))


def sentence(rng, n=None):
    words = [word(rng) for _ in range(n or rng.randint(6, 22))]
    return " ".join(words).capitalize() + "."


def ident(rng):
    return rng.choice("abcdefghijklmnopqrstuvwxyz_$") + "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.randint(1, 6)))


def script_code(rng, size):
    parts = []
    total = 0
    while total < size:
        f, a, b = ident(rng), ident(rng), ident(rng)
        s = rng.choice([
            f"function {f}({a},{b}){{return {a}.map(function(x){{return x*{b}+\"{word(rng)}\"}})}}",
            f"var {a}={{{b}:[{','.join(str(rng.randint(0, 9999)) for _ in range(8))}],"
            f"\"{word(rng)}\":\"{sentence(rng, 4)}\"}};",
            f"{a}.innerHTML=\"<div class=\\\"{word(rng)}\\\"><span>{word(rng)}<\\/span><\\/div>\";",
            f"if({a}<{b}&&{b}>0){{{f}({a},{b})}}else{{{a}=\"&amp;{word(rng)}\"}};",
            f"window.{ident(rng)}=function(){{for(var i=0;i<{rng.randint(2, 99)};i++){{{a}.push(i)}}}};",
        ])
        parts.append(s)
        total += len(s)
    return "".join(parts)


def json_blob(rng, size):
    items = []
    total = 0
    while total < size:
        item = {"id": rng.randint(1, 10**9), "slug": "-".join(word(rng) for _ in range(5)),
                "headline": sentence(rng, 9), "teaser": sentence(rng),
                "image": {"url": f"https://cdn.example/{word(rng)}.jpg",
                          "w": 1200, "h": 675, "alt": sentence(rng, 6)},
                "html": f"<p>{sentence(rng)}</p>"}
        s = json.dumps(item)
        items.append(s)
        total += len(s)
    return '{"props":{"pageProps":{"items":[' + ",".join(items) + "]}}}"


def css(rng, size):
    rules = []
    total = 0
    while total < size:
        r = (f".{word(rng)}-{word(rng)} .{word(rng)}>{rng.choice(['a', 'span', 'div', 'li'])}"
             f"{{margin:{rng.randint(0, 20)}px {rng.randint(0, 20)}px;color:#{rng.randint(0, 0xffffff):06x};"
             f"font:{rng.randint(10, 24)}px/1.4 sans-serif}}"
             f"@media (min-width:{rng.randint(300, 1400)}px){{.{word(rng)}{{display:none}}}}")
        rules.append(r)
        total += len(r)
    return "".join(rules)


def svg_sprite(rng, size):
    out = ['<svg xmlns="http://www.w3.org/2000/svg" style="display:none">']
    total = 0
    while total < size:
        pts = " ".join(f"L{rng.randint(0, 24)} {rng.randint(0, 24)}" for _ in range(rng.randint(4, 20)))
        s = (f'<symbol id="icon-{word(rng)}" viewBox="0 0 24 24"><g fill="none">'
             f'<path d="M{rng.randint(0, 24)} {rng.randint(0, 24)} {pts}Z"/>'
             f'<circle cx="12" cy="12" r="{rng.randint(1, 11)}"/></g></symbol>')
        out.append(s)
        total += len(s)
    out.append("</svg>")
    return "".join(out)


def nav(rng, size, cls):
    out = [f'<nav class="{cls}"><ul>']
    total = 0
    while total < size:
        sub = "".join(
            f'<li style="padding:2px;color:#333"><a href="/{word(rng)}/{word(rng)}">{word(rng).capitalize()} {word(rng)}</a></li>'
            for _ in range(rng.randint(3, 12)))
        s = (f'<li class="menu-item"><a href="/{word(rng)}">{word(rng).capitalize()}</a>'
             f'<ul class="sub-menu">{sub}</ul></li><!-- {sentence(rng, 5)} -->')
        out.append(s)
        total += len(s)
    out.append("</ul></nav>")
    return "".join(out)


def comments(rng, size):
    out = ['<section id="comments" class="comments-area"><h2>Comments</h2><ol class="comment-list">']
    total = 0
    n = 0
    while total < size:
        n += 1
        body = "".join(f"<p>{' '.join(sentence(rng) for _ in range(rng.randint(1, 4)))}</p>"
                       for _ in range(rng.randint(1, 3)))
        s = (f'<li id="comment-{n}" class="comment"><article class="comment-body">'
             f'<footer class="comment-meta"><span class="comment-author">{word(rng).capitalize()}</span>'
             f'<time datetime="2020-01-{rng.randint(10, 28)}">{rng.randint(1, 12)} hours ago</time></footer>'
             f'<div class="comment-content">{body}</div>'
             f'<div class="reply"><a class="comment-reply-link" href="#c{n}">Reply</a></div></article></li>')
        out.append(s)
        total += len(s)
    out.append("</ol></section>")
    return "".join(out)


def wrap(html, rng, filler):
    """The page (bytes, any ASCII-compatible charset) with `filler` bytes of heavy
    markup around its article. The filler is ASCII, so the page's charset still holds."""
    share = lambda f: int(filler * f)
    head = f"<style>{css(rng, share(0.12))}</style>".encode()
    top = (svg_sprite(rng, share(0.12)) + nav(rng, share(0.14), "mega-menu")
           + f"<script>{script_code(rng, share(0.08))}</script>").encode()
    bottom = (comments(rng, share(0.16)) + nav(rng, share(0.06), "footer-links")
              + f"<script>{script_code(rng, share(0.14))}</script>"
              + f'<script id="__NEXT_DATA__" type="application/json">{json_blob(rng, share(0.14))}</script>'
              + f"<!-- {' '.join(sentence(rng) for _ in range(share(0.04) // 80))} -->").encode()
    html = re.sub(rb"(?i)</head\s*>", lambda m: head + m.group(0), html, count=1)
    m = re.search(rb"(?i)<body[^>]*>", html)
    html = html[:m.end()] + top + html[m.end():] if m else top + html
    i = html.lower().rfind(b"</body")
    return html[:i] + bottom + html[i:] if i >= 0 else html + bottom


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 3
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(f"{out}/heavy", exist_ok=True)
    rng = random.Random(17)
    rows, gold = [], {}
    with open(f"{data}/extraction.gold.jsonl", encoding="utf-8") as f:
        items = [json.loads(line) for line in f]
    for item in items:
        path = os.path.abspath(f"{data}/{item['file']}")
        rows.append((path, item.get("url") or ""))
        gold[path] = {"with": item["with"], "without": item["without"], "kind": "dev"}
    for i, item in enumerate(items[::EVERY]):
        with gzip.open(f"{data}/{item['file']}", "rb") as f:
            raw = f.read()
        for tag, filler in SIZES.items():
            path = os.path.abspath(f"{out}/heavy/{i:03d}{tag}.html")
            with open(path, "wb") as f:
                f.write(wrap(raw, rng, filler))
            rows.append((path, item.get("url") or ""))
            gold[path] = {"with": item["with"], "without": item["without"], "kind": "heavy"}
    with open(f"{out}/pages.tsv", "w", encoding="utf-8") as f:
        for path, url in rows:
            f.write(f"{path}\t{url}\n")
    with open(f"{out}/gold.json", "w", encoding="utf-8") as f:
        json.dump(gold, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
