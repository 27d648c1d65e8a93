#!/bin/sh
# Renders the html format in headless Chromium (Debian's chromium) and
# checks the page it built (DOM: marks, legend, entity table, date values on
# hover) and a screenshot (each entity type's colour is on screen).
#   NEWSTAG=./newstag tests/browser/check_html.sh
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "${NEWSTAG:-./newstag}")" && pwd)/$(basename "${NEWSTAG:-./newstag}")
export NEWSTAG_DATA="$root/data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*"; }
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "FAIL: chromium is not installed (make deps-browser)"
    echo "browser: 0 passed, 1 failed"
    exit 1
fi
chrome() {
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$tmp/profile" --hide-scrollbars "$@" 2>>"$tmp/chrome.log"
}

"$bin" -f html "$root/tests/e2e/io/article.html" >"$tmp/page.html" || bad "newstag -f html"
chrome --dump-dom "file://$tmp/page.html" >"$tmp/dom.html"
python3 - "$tmp/dom.html" >"$tmp/err" 2>&1 <<'PY' && ok || { bad "page DOM"; cat "$tmp/err"; }
import sys
from html.parser import HTMLParser

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.marks, self.rows, self.legend, self.stack = [], 0, [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append((tag, a))
        if tag == 'mark' and 'ent' in a.get('class', ''):
            self.marks.append(a)
        if tag == 'tr':
            self.rows += 1
    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass
    def handle_data(self, data):
        if any(t == 'ul' and 'legend' in a.get('class', '') for t, a in self.stack) and data.strip():
            self.legend.append(data.strip())

p = Page()
p.feed(open(sys.argv[1]).read())
types = {m['data-type'] for m in p.marks}
assert {'PERSON', 'LOCATION', 'ORGANIZATION', 'DATE'} <= types, types
dates = [m for m in p.marks if m['data-type'] == 'DATE']
assert dates and all(m.get('data-value') and m['title'].startswith('DATE ') for m in dates), dates
assert any(m['title'] == 'DATE 2015-05-09' for m in dates), dates
assert {'PERSON', 'LOCATION', 'ORGANIZATION', 'DATE'} <= set(p.legend), p.legend
assert p.rows > 8, p.rows
print(len(p.marks), 'marks')
PY

chrome --screenshot="$tmp/shot.png" --window-size=1200,2000 "file://$tmp/page.html" >/dev/null
if [ -s "$tmp/shot.png" ]; then ok; else bad "no screenshot"; tail -5 "$tmp/chrome.log"; fi
python3 "$root/tests/browser/png_colours.py" "$tmp/shot.png" ffd6a5 caffbf 9bf6ff ffc6ff >"$tmp/colours" 2>&1
if awk 'NR > 1 && $2 < 50 { bad = 1 } END { exit bad || NR < 5 }' "$tmp/colours"; then ok; else bad "screenshot colours"; cat "$tmp/colours"; fi
[ -n "${KEEP_SCREENSHOT:-}" ] && cp "$tmp/shot.png" "$KEEP_SCREENSHOT"

echo "browser: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
