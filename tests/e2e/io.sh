# Inputs and outputs: HTML, XML and JSON Lines articles, the xml, conll,
# brat and html formats, --offsets, --files0-from (sourced by run.sh).
io="$e2e/io"
json_valid() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" && ok || bad "$2: invalid JSON"; }
jsonl_valid() { python3 -c '
import json,sys
for l in open(sys.argv[1]): json.loads(l)' "$1" && ok || bad "$2: invalid JSON Lines"; }
xml_valid() { python3 -c 'import sys,xml.dom.minidom as m; m.parse(sys.argv[1])' "$1" && ok || bad "$2: not well-formed XML"; }
hasnt() { if grep -qF -- "$3" "$1"; then bad "$2: '$3' should not be in $(basename "$1")"; else ok; fi; }

# ---- HTML: the article, not the page around it ----
expect 0 "html" -- nt -f tsv "$io/article.html"
for w in "Sergey Lavrov" "NATO" "Brussels" "Jens Stoltenberg" "European Commission" "AT&T" "Reuters" "Geneva"; do
    has "$tmp/out" "html" "$w"
done
for w in "Madrid" "Havana" "Tokyo" "Washington" "Moscow" "Berlin Sans" "Example Media"; do
    hasnt "$tmp/out" "html: skipped parts" "$w"
done
# The extracted text: headline first, paragraphs apart, references decoded.
expect 0 "html text" -- nt -f text "$io/article.html"
has "$tmp/out" "html text" "officials in [Brussels]{LOCATION}"
has "$tmp/out" "html text" "alliance’s"
has "$tmp/out" "html text" "“We talked"
[ "$(head -c 8 "$tmp/out")" = "Lavrov m" ] || [ "$(head -c 9 "$tmp/out")" = "[Lavrov]{" ] && ok || bad "html text: headline first"
grep -q '^$' "$tmp/out" && ok || bad "html text: paragraph breaks"
# -i html on stdin, sniffed from the content too.
expect 0 "html stdin" -- sh -c "$wrap '$bin' -f tsv < '$io/article.html'"
has "$tmp/out" "html stdin" "Jens Stoltenberg"
# --html-offsets: each entity's bytes in the page hold its text (modulo
# character references).
# A page without <article> or <main>: the story is the block with the most
# paragraph text; cookie banner, masthead, share buttons, ads, comments,
# sidebar and footer stay out.
expect 0 "html layout" -- nt -f tsv "$io/blog-news.html"
for w in "Maria Visser" "Mark Rutte" "Niels de Groot" "Maersk" "FNV" "The Hague" "2016-03-18"; do
    has "$tmp/out" "html layout" "$w"
done
for w in "Vienna" "Harbour Herald" "Hamburg" "Facebook" "Madrid" "Budapest" "Dublin" "Prague" "Amsterdam" "Oslo" "Lisbon" "Karl Jensen"; do
    hasnt "$tmp/out" "html layout: furniture" "$w"
done
expect 0 "html layout text" -- nt -f text "$io/blog-news.html"
[ "$(head -c 13 "$tmp/out")" = "Strike shuts " ] && ok || bad "html layout: headline first"
for page in article blog-news; do
expect 0 "html offsets $page" -- nt --html-offsets -f json "$io/$page.html"
json_valid "$tmp/out" "html offsets $page"
python3 - "$io/$page.html" "$tmp/out" >"$tmp/err" 2>&1 <<'PY' && ok || { bad "html offsets $page: spans"; head -5 "$tmp/err"; }
import html, json, sys
page = open(sys.argv[1], 'rb').read()
doc = json.load(open(sys.argv[2]))
n = 0
for e in doc['entities']:
    assert e['html_start'] is not None, e
    src = html.unescape(page[e['html_start']:e['html_end']].decode())
    assert ' '.join(src.split()) == ' '.join(e['text'].split()), (src, e)
    n += 1
assert n >= 8, n
PY
done
# A long page full of scripts between its paragraphs: found in linear time,
# every entity mapped. A Latin-1 page: the text, but no HTML offsets.
python3 -c '
import sys
p = ["<html><body><article>"]
for i in range(3000):
    p.append("<p>Angela Merkel met %d people in Paris.</p><script>var a = \"<p>Paris</p>\";</script>\n" % i)
sys.stdout.write("".join(p) + "</article></body></html>")' >"$tmp/long.html"
expect 0 "html long page" -- sh -c "ulimit -t 60; $wrap '$bin' --html-offsets -f jsonl '$tmp/long.html'"
[ "$(grep -o '"html_start":[0-9]' "$tmp/out" | wc -l)" -ge 6000 ] && ok || bad "html long page: 6000 mapped entities"
hasnt "$tmp/out" "html long page" '"html_start":null'
printf '<html><head><meta charset="windows-1252"></head><body><p>Jos\351 Garc\355a visited Paris.</p></body></html>' >"$tmp/latin.html"
expect 0 "html latin-1" -- nt --html-offsets -f jsonl "$tmp/latin.html"
has "$tmp/out" "html latin-1" '"text":"José García"'
has "$tmp/out" "html latin-1" '"html_start":null'

# ---- XML ----
expect 0 "nitf" -- nt -f tsv "$io/nitf.xml"
for w in "Saudi Arabia" "Russia" "Doha" "Reuters" "OPEC"; do has "$tmp/out" "nitf" "$w"; done
expect 0 "nitf text" -- nt -f text "$io/nitf.xml"
has "$tmp/out" "nitf text" "output & prices"
hasnt "$tmp/out" "nitf text" "Oil prices"
expect 0 "newsml" -- nt -f tsv "$io/newsml.xml"
for w in "Jens Stoltenberg" "Sergey Lavrov" "Brussels" "Geneva"; do has "$tmp/out" "newsml" "$w"; done
expect 0 "xpath" -- nt -f tsv --xpath '//*[local-name()="headline"]' "$io/newsml.xml"
has "$tmp/out" "xpath" "Brussels"
hasnt "$tmp/out" "xpath" "Geneva"
expect 1 "bad xpath" -- nt --xpath '//[' "$io/newsml.xml"
has "$tmp/err" "bad xpath" "invalid XPath"
expect 1 "broken xml" -- nt "$io/broken.xml"
has "$tmp/err" "broken xml" "broken.xml: line 1"
expect 0 "internal entity" -- nt -f tsv "$io/internal-entity.xml"
has "$tmp/out" "internal entity" "Reuters"

# Hostile XML: the entity bomb is refused quickly and in little memory; no
# file or network is read for external entities or DTDs.
# (A memory limit only without sanitizers or valgrind, which reserve much.)
vlimit="ulimit -v 1000000;"
if [ -n "$wrap" ] || ldd "$bin" 2>/dev/null | grep -q 'libasan'; then vlimit=""; fi
expect 1 "billion laughs" -- sh -c "$vlimit ulimit -t 20; $wrap '$bin' -f tsv '$io/laughs.xml'"
[ "$(wc -c <"$tmp/out")" -lt 1000 ] && ok || bad "billion laughs: output"
python3 -c '
import sys
print("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"" + "Paris " * 20000 + "\">]><d><p>" + "&a;" * 20000 + "</p></d>")' >"$tmp/quadratic.xml"
expect 1 "quadratic blowup" -- sh -c "$vlimit ulimit -t 20; $wrap '$bin' -f tsv '$tmp/quadratic.xml'"
has "$tmp/err" "quadratic blowup" "quadratic.xml"
expect 0 "xxe" -- nt -f text "$io/xxe.xml"
hasnt "$tmp/out" "xxe" "root:"
has "$tmp/out" "xxe" "[Paris]{LOCATION}"
expect 0 "external dtd" -- nt -f tsv "$io/dtd.xml"
has "$tmp/out" "external dtd" "Paris"

# ---- JSON Lines: many articles, fields carried through, broken lines ----
python3 - "$e2e/articles" "$tmp/news.jsonl" <<'PY'
import json, os, sys
d = sys.argv[1]
with open(sys.argv[2], 'w') as f:
    for i, name in enumerate(sorted(os.listdir(d)) * 4):
        text = open(os.path.join(d, name)).read()
        f.write(json.dumps({"id": i, "source": name, "text": text}) + "\n")
PY
expect 0 "jsonl" -- nt "$tmp/news.jsonl"
jsonl_valid "$tmp/out" "jsonl"
[ "$(wc -l <"$tmp/out")" -eq 64 ] && ok || bad "jsonl: 64 lines"
cp "$tmp/out" "$tmp/news.out"
# On stdin, sniffed: JSON Lines out too, without -i or -f.
expect 0 "jsonl stdin" -- sh -c "$wrap '$bin' < '$tmp/news.jsonl'"
same "$tmp/out" "$tmp/news.out" "jsonl stdin"
has "$tmp/out" "jsonl" '{"id":0,"source":"01-basketball.txt",'
# Other members pass through as they were written; the date field is the
# reference date of relative dates.
printf '{"id": "x1", "meta": {"n": [1, 2.50, 12345678901234567890], "s": "\\u00e9"}, "text": "Angela Merkel arrived in Paris on Friday.", "date": "2015-05-09T10:00:00Z", "score": 0.1}\n' >"$tmp/pass.jsonl"
expect 0 "jsonl passthrough" -- nt "$tmp/pass.jsonl"
has "$tmp/out" "jsonl passthrough" '{"id":"x1","meta":{"n": [1, 2.50, 12345678901234567890], "s": "\u00e9"},"date":"2015-05-09T10:00:00Z","score":0.1,'
has "$tmp/out" "jsonl passthrough" '"value":"2015-05-08"'
# The same entities as the articles read as text.
nt -f jsonl "$e2e/articles/05-nato.txt" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["entities"]))' >"$tmp/a"
sed -n 5p "$tmp/news.out" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["entities"]))' >"$tmp/b"
same "$tmp/b" "$tmp/a" "jsonl: entities as for the text"
# A stream is read a piece (1 MB) at a time: 3.5 MB of lines through a
# pipe, pieces ending mid-line, come out as the same lines annotated one by
# one (names renumbered); and peak memory stays that of one piece (a 35 MB
# stream; not under valgrind, nor AddressSanitizer, which keeps what is
# freed aside for a while).
head -n 2 "$tmp/news.jsonl" >"$tmp/two.jsonl"
nt -f tsv -i jsonl "$tmp/two.jsonl" >"$tmp/two.tsv"
python3 - "$tmp/two.jsonl" "$tmp/two.tsv" "$tmp/many.jsonl" "$tmp/many.want" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines(True)
rows = open(sys.argv[2]).read().splitlines(True)
reps = 3500000 // sum(len(l) for l in lines) + 1
with open(sys.argv[3], 'w') as f:
    f.write(''.join(lines) * reps)
with open(sys.argv[4], 'w') as f:
    for r in range(reps):
        for row in rows:
            name, rest = row.split('\t', 1)
            f.write('-:%d\t%s' % (int(name.rsplit(':', 1)[1]) + 2 * r, rest))
PY
expect 0 "jsonl stream" -- sh -c "cat '$tmp/many.jsonl' | $wrap '$bin' -f tsv -i jsonl"
same "$tmp/out" "$tmp/many.want" "jsonl stream"
if [ -z "$wrap" ] && ! grep -q __asan_init "$bin"; then
    for i in 1 2 3 4 5 6 7 8 9 10; do cat "$tmp/many.jsonl"; done >"$tmp/big.jsonl"
    python3 - "$bin" "$tmp/big.jsonl" <<'PY' && ok || bad "jsonl stream: memory grows with the stream"
import os, resource, subprocess, sys
with open(sys.argv[2], 'rb') as f:
    subprocess.run([sys.argv[1], '-f', 'tsv'], stdin=f, stdout=subprocess.DEVNULL, check=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
size = os.path.getsize(sys.argv[2]) / 1e6
print('jsonl stream: %.0f MB in, peak RSS %.0f MB' % (size, peak))
sys.exit(0 if peak < size * 0.8 else 1)
PY
fi
# A line is answered as soon as it is in: the writer keeps the pipe open
# until the answer is there (or a minute has gone: then it was late).
mkfifo "$tmp/fifo"
(
    printf '{"text": "Angela Merkel visited Paris."}\n'
    i=0
    while [ ! -e "$tmp/answered" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
    [ -e "$tmp/answered" ] || touch "$tmp/late"
) >"$tmp/fifo" &
writer=$!
nt -f tsv <"$tmp/fifo" 2>"$tmp/err" | { head -n 1 >"$tmp/out"; touch "$tmp/answered"; cat >/dev/null; }
wait "$writer"
has "$tmp/out" "jsonl answered as it comes" "-:1	0	13	PERSON	Angela Merkel"
[ ! -e "$tmp/late" ] && ok || bad "jsonl answered as it comes: only when the pipe closed"
# Broken lines: reported with their line numbers, the rest annotated.
printf '{"id": "a", "text": "Angela Merkel visited Paris."}\n{"id": "b", "text": "oops\n\n{"id": "c", "body": "no text"}\n[1,2]\n{"id": "d", "text": "NATO met in Brussels."}\n' >"$tmp/broken.jsonl"
expect 1 "jsonl broken" -- nt -f jsonl "$tmp/broken.jsonl"
[ "$(wc -l <"$tmp/out")" -eq 2 ] && ok || bad "jsonl broken: two good lines"
has "$tmp/out" "jsonl broken" '"id":"d"'
has "$tmp/err" "jsonl broken" "broken.jsonl: line 2"
has "$tmp/err" "jsonl broken" "broken.jsonl: line 4"
has "$tmp/err" "jsonl broken" "broken.jsonl: line 5"
# Without members to carry, a document is named FILE:LINE (tsv, text, json).
expect 1 "jsonl names" -- nt -f tsv "$tmp/broken.jsonl"
has "$tmp/out" "jsonl names" "broken.jsonl:6	0	4	ORGANIZATION	NATO"
# Field names are settable.
printf '{"guid": 7, "body": "Angela Merkel visited Paris.", "published": "2015-05-09"}\n' >"$tmp/fields.jsonl"
expect 0 "jsonl fields" -- nt --text-field body --id-field guid --date-field published "$tmp/fields.jsonl"
has "$tmp/out" "jsonl fields" '{"guid":7,"published":"2015-05-09",'
has "$tmp/out" "jsonl fields" '"entities":[{"type":"PERSON"'
# GNU parallel --pipe: the same lines, in the same order (-k), as one run.
if command -v parallel >/dev/null 2>&1; then
    nt -f jsonl "$tmp/news.jsonl" >"$tmp/serial.jsonl"
    expect 0 "parallel" -- sh -c "parallel --will-cite -k --pipe -N 5 -j 4 '$wrap $bin -i jsonl -f jsonl' < '$tmp/news.jsonl'"
    same "$tmp/out" "$tmp/serial.jsonl" "parallel --pipe"
else
    bad "parallel: GNU parallel is not installed (make deps)"
fi

# ---- output formats ----
art="$e2e/articles/05-nato.txt"
expect 0 "xml" -- nt -f xml "$art"
xml_valid "$tmp/out" "xml"
has "$tmp/out" "xml" '<ENAMEX TYPE="ORGANIZATION">NATO</ENAMEX>'
has "$tmp/out" "xml" '<TIMEX3 tid="t1" type="DATE"'
expect 0 "xml several" -- nt -f xml "$art" "$e2e/articles/02-oil.txt"
xml_valid "$tmp/out" "xml several"
printf 'Paris \001\002 <b>&amp; Angela Merkel\377 ]]> \357\277\276 on Monday\n' >"$tmp/hostile.txt"
expect 0 "xml hostile" -- nt -f xml "$tmp/hostile.txt"
xml_valid "$tmp/out" "xml hostile"
has "$tmp/out" "xml hostile" '&lt;b&gt;&amp;amp;'

expect 0 "conll" -- nt -f conll "$art"
python3 - "$tmp/out" >"$tmp/err" 2>&1 <<'PY' && ok || { bad "conll: shape"; head -5 "$tmp/err"; }
import sys
lines = open(sys.argv[1]).read().split('\n')
assert lines[-1] == '' and lines[-2] != ''
prev = 'O'; blanks = 0; tags = set()
for l in lines[:-1]:
    if l == '':
        blanks += 1; prev = 'O'; continue
    tok, tag = l.split(' ')
    assert tag == 'O' or tag[:2] in ('B-', 'I-'), l
    if tag.startswith('I-'): assert prev[2:] == tag[2:], l
    prev = tag; tags.add(tag)
assert blanks >= 3 and {'B-PER', 'I-PER', 'B-ORG', 'B-LOC', 'B-DATE'} <= tags, (blanks, tags)
PY

expect 0 "brat" -- nt -f brat -o "$tmp/brat" "$art"
[ -f "$tmp/brat/05-nato.ann" ] && [ -f "$tmp/brat/05-nato.txt" ] && ok || bad "brat: .ann and .txt"
cmp -s "$tmp/brat/05-nato.txt" "$art" && ok || bad "brat: the .txt is the text"
python3 - "$tmp/brat/05-nato.txt" "$tmp/brat/05-nato.ann" >"$tmp/err" 2>&1 <<'PY' && ok || { bad "brat: spans"; head -5 "$tmp/err"; }
import sys
text = open(sys.argv[1], encoding='utf-8').read()
n = 0
for line in open(sys.argv[2], encoding='utf-8'):
    tid, mid, surface = line.rstrip('\n').split('\t')
    if tid.startswith('#'): continue
    typ, spans = mid.split(' ', 1)
    parts = [text[int(a):int(b)] for a, b in (s.split() for s in spans.split(';'))]
    assert ' '.join(parts) == surface, (parts, surface)
    n += 1
assert n > 5
PY

expect 0 "html out" -- nt -f html "$art"
has "$tmp/out" "html out" '<mark class="ent t4" data-type="DATE" title="DATE'
has "$tmp/out" "html out" '<table class="entities">'

# ---- --offsets: code points and UTF-16 units ----
printf 'Café → 😀 Angela Merkel visited Paris.\n' >"$tmp/uni.txt"
for u in bytes chars utf16; do
    expect 0 "offsets $u" -- nt -f json --offsets $u "$tmp/uni.txt"
    python3 - "$tmp/uni.txt" "$tmp/out" $u >"$tmp/err" 2>&1 <<'PY' && ok || { bad "offsets $u"; head -5 "$tmp/err"; }
import json, sys
raw = open(sys.argv[1], 'rb').read()
unit = sys.argv[3]
s = {'bytes': raw, 'chars': raw.decode(), 'utf16': raw.decode().encode('utf-16-le')}[unit]
for e in json.load(open(sys.argv[2]))['entities']:
    if unit == 'utf16':
        got = s[2 * e['start']:2 * e['end']].decode('utf-16-le')
    elif unit == 'bytes':
        got = s[e['start']:e['end']].decode()
    else:
        got = s[e['start']:e['end']]
    assert got == e['text'], (got, e)
PY
done
expect 2 "offsets unknown" -- nt --offsets words "$art"

# ---- --files0-from ----
printf '%s\0%s\0' "$e2e/articles/02-oil.txt" "$art" >"$tmp/list0"
expect 0 "files0-from" -- nt -f tsv --files0-from "$tmp/list0"
nt -f tsv "$e2e/articles/02-oil.txt" "$art" >"$tmp/both.tsv"
same "$tmp/out" "$tmp/both.tsv" "files0-from"
expect 0 "-0" -- sh -c "$wrap '$bin' -0 -f tsv < '$tmp/list0'"
same "$tmp/out" "$tmp/both.tsv" "-0"
expect 0 "progress" -- nt --progress -f tsv "$art"
has "$tmp/err" "progress" "newstag: 1 files"

# ---- -j: worker processes give byte-identical output and messages ----
mkdir -p "$tmp/many/a" "$tmp/many/b"
for i in 1 2 3; do cp "$e2e"/articles/*.txt "$tmp/many/a/" 2>/dev/null; done
for f in "$e2e"/articles/*.txt; do cp "$f" "$tmp/many/b/x-$(basename "$f")"; done
cp "$io/broken.xml" "$tmp/many/a/zz-broken.xml"
cp "$io/article.html" "$tmp/many/b/page.html"
printf '{"id": 1, "text": "Angela Merkel visited Paris."}\nnot json\n' >"$tmp/many/b/lines.jsonl"
mkdir -p "$tmp/many/c" && chmod 000 "$tmp/many/c"
for f in json jsonl tsv text xml conll; do
    nt -r -j 1 --include '*.txt' --include '*.xml' --include '*.html' --include '*.jsonl' -f $f "$tmp/many" >"$tmp/j1.out" 2>"$tmp/j1.err"
    s1=$?
    nt -r -j 3 --include '*.txt' --include '*.xml' --include '*.html' --include '*.jsonl' -f $f "$tmp/many" >"$tmp/j3.out" 2>"$tmp/j3.err"
    s3=$?
    [ "$s1" -eq "$s3" ] && [ "$s1" -eq 1 ] && ok || bad "-j $f: exit $s1 vs $s3"
    same "$tmp/j3.out" "$tmp/j1.out" "-j 3 -f $f stdout"
    same "$tmp/j3.err" "$tmp/j1.err" "-j 3 -f $f stderr"
done
[ "$(id -u)" = 0 ] || has "$tmp/j1.err" "-j: unreadable folder" "many/c"
has "$tmp/j1.err" "-j: broken file" "zz-broken.xml: line 1"
has "$tmp/j1.err" "-j: broken line" "lines.jsonl: line 2"
json_valid_several() { nt -r -j 2 -f json "$tmp/many/a" >"$tmp/o" 2>/dev/null; json_valid "$tmp/o" "-j json array"; }
json_valid_several
nt -r -j 1 -f tsv -o "$tmp/o1" "$tmp/many/a" 2>/dev/null
nt -r -j 2 -f tsv -o "$tmp/o2" "$tmp/many/a" 2>/dev/null
diff -r "$tmp/o1" "$tmp/o2" >/dev/null && ok || bad "-j -o: different files"
chmod 755 "$tmp/many/c"
expect 2 "-j 0" -- nt -j 0 "$art"
# A long document's output goes to stdout in pieces as it grows (64 KB at a
# time): the same bytes as when it is held whole, for a file under -o and
# for a -j worker's result.
for i in $(seq 120); do cat "$art"; done >"$tmp/long.txt"
for f in tsv jsonl json text; do
    nt -f $f "$tmp/long.txt" >"$tmp/long.out" 2>/dev/null
    [ "$(wc -c <"$tmp/long.out")" -gt 200000 ] && ok || bad "long document -f $f: output under 200 KB"
    rm -rf "$tmp/lo" && nt -f $f -o "$tmp/lo" "$tmp/long.txt" 2>/dev/null
    same "$tmp/long.out" "$(ls "$tmp/lo"/long.txt.*)" "long document -f $f: stdout and -o"
    nt -j 2 -f $f "$tmp/long.txt" "$art" >"$tmp/long.j2" 2>/dev/null
    nt -j 1 -f $f "$tmp/long.txt" "$art" >"$tmp/long.j1" 2>/dev/null
    same "$tmp/long.j2" "$tmp/long.j1" "long document -f $f: -j 2 and -j 1"
done
